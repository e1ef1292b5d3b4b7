import { MAX_ORG_NAME_LENGTH, MAX_PERSON_NAME_LENGTH, checkPartyName } from '../../src/domain/validators';
import { expectOk, expectRule } from './helpers';

describe('checkPartyName', () => {
  it('accepts Chinese, minority and Latin names', () => {
    for (const name of ['张三', '阿依古丽·买买提', 'John Smith', "O'Brien-Li"]) expect(expectOk(checkPartyName(name, 50)).name).toBe(name);
  });

  it('accepts exactly the maximum length, counting supplementary characters once', () => {
    expectOk(checkPartyName('张'.repeat(MAX_PERSON_NAME_LENGTH), MAX_PERSON_NAME_LENGTH));
    expectOk(checkPartyName('𪚥'.repeat(MAX_PERSON_NAME_LENGTH), MAX_PERSON_NAME_LENGTH));
    expectOk(checkPartyName('公'.repeat(MAX_ORG_NAME_LENGTH), MAX_ORG_NAME_LENGTH));
  });

  it('rejects one character more than the maximum with PARTY_NAME_LENGTH', () => {
    expectRule(checkPartyName('张'.repeat(51), 50), 'PARTY_NAME_LENGTH');
  });

  it('rejects an empty name with PARTY_NAME_LENGTH', () => {
    expectRule(checkPartyName('', 50), 'PARTY_NAME_LENGTH');
  });

  it('rejects untrimmed names with PARTY_NAME_FORMAT', () => {
    expectRule(checkPartyName(' 张三', 50), 'PARTY_NAME_FORMAT');
    expectRule(checkPartyName('张三\u3000', 50), 'PARTY_NAME_FORMAT');
  });

  it('rejects zero-width and other invisible format characters with PARTY_NAME_FORMAT', () => {
    const invisible = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u2028', '\u2029', '\u202a', '\u202d', '\u2060', '\u2061', '\u2064', '\ufeff', '\u00ad'];
    for (const c of invisible) expectRule(checkPartyName(`张${c}三`, 50), 'PARTY_NAME_FORMAT');
  });

  it('rejects an unpaired UTF-16 surrogate with PARTY_NAME_FORMAT and accepts a paired one', () => {
    expect(expectRule(checkPartyName('张\ud869三', 50), 'PARTY_NAME_FORMAT')).toContain('surrogate');
    expectRule(checkPartyName('张\udea5', 50), 'PARTY_NAME_FORMAT');
    expect(expectOk(checkPartyName('张\ud869\udea5', 50)).name).toBe('张𪚥');
  });

  it('rejects control, line-separator and bidirectional-override characters with PARTY_NAME_FORMAT', () => {
    for (const name of ['张\u0000三', '张\t三', '张\n三', '张\u007f三', '张\u2028三', '张\u202e三', '张\u2066三']) {
      expectRule(checkPartyName(name, 50), 'PARTY_NAME_FORMAT');
    }
  });
});
