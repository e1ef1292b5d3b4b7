import { z } from 'zod';
import { mayWarn, residentIdCheckChar, warningsOf, zCertificateNumber, zCreditCode, zIdNumberAt, zPartyIdAt, zUnitNumber } from '../../src/domain/validators';

const TODAY = () => new Date('2025-06-15T04:00:00Z');
const LEGACY_ID = '11010518991231002' + residentIdCheckChar('11010518991231002');
const PILOT_CODE = '91350100M0001TGQXM';
const party = zPartyIdAt(TODAY);

describe('warningsOf', () => {
  it('finds nothing in an input without warnings', () => {
    expect(warningsOf(party, { kind: 'PERSON', name: '张三', idNumber: '11010519491231002X' })).toEqual([]);
  });

  it('reports each warning at its field path, with the rule and a message naming the field', () => {
    const schema = z.strictObject({
      developer: party,
      holders: z.array(z.strictObject({ party, share: z.string().optional() })).default([]),
      creditor: party.optional(),
    });
    const input = {
      developer: { kind: 'ORG', name: '福建某某置业有限公司', idNumber: PILOT_CODE },
      holders: [{ party: { kind: 'PERSON', name: '张三', idNumber: '11010519491231002X' } }, { party: { kind: 'PERSON', name: '李四', idNumber: LEGACY_ID } }],
    };
    expect(schema.safeParse(input).success).toBe(true);
    expect(warningsOf(schema, input)).toEqual([
      { field: 'developer.idNumber', rule: 'CREDIT_CODE_CHECKSUM_PILOT', message: expect.stringMatching(/^developer\.idNumber: The check character/) },
      { field: 'holders.1.party.idNumber', rule: 'RESIDENT_ID_BIRTH_BEFORE_1900', message: expect.stringMatching(/^holders\.1\.party\.idNumber: .*1899-12-31/) },
    ]);
  });

  it('checks the value as the schema normalises it', () => {
    expect(warningsOf(zCreditCode, ' ９１３５０１００ｍ０００１ｔｇｑｘｍ ').map((w) => w.rule)).toEqual(['CREDIT_CODE_CHECKSUM_PILOT']);
    expect(warningsOf(zCertificateNumber(TODAY), '川（2023）达州市不动产权第1234号')).toEqual([
      { field: '(root)', rule: 'CERT_NUMBER_SHORT_SEQUENCE', message: expect.stringContaining('0001234') },
    ]);
  });

  it('follows the branch of a union that accepted the input, and records and pipes', () => {
    const union = z.union([z.strictObject({ unitNumber: zUnitNumber }), z.strictObject({ idNumber: zIdNumberAt(TODAY) })]);
    expect(warningsOf(union, { idNumber: LEGACY_ID }).map((w) => w.field)).toEqual(['idNumber']);
    expect(warningsOf(z.record(z.string(), party), { p1: { kind: 'PERSON', name: '李四', idNumber: LEGACY_ID } }).map((w) => w.field)).toEqual(['p1.idNumber']);
    expect(warningsOf(zCreditCode.pipe(z.string()), PILOT_CODE)).toHaveLength(1);
  });
});

describe('mayWarn', () => {
  it('is true where a warning source is nested anywhere, in any branch', () => {
    expect(mayWarn(z.strictObject({ items: z.array(z.strictObject({ party: party.optional() })) }))).toBe(true);
    expect(mayWarn(z.union([z.strictObject({ unitNumber: zUnitNumber }), z.strictObject({ certNo: zCertificateNumber(TODAY) })]))).toBe(true);
  });

  it('is false where no check can pass with a warning', () => {
    expect(mayWarn(z.strictObject({ unitNumber: zUnitNumber, note: z.string().optional() }))).toBe(false);
  });
});
