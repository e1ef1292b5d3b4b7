import { z } from 'zod';
import {
  residentIdCheckChar,
  zArea,
  zCertificateNumber,
  zCreditCode,
  zHouseCode,
  zIsoDate,
  zMoney,
  zMoneyOrZero,
  zIdNumberAt,
  zOrgName,
  zPartyIdAt,
  zPartyOrIdNumberAt,
  zPersonName,
  zResidentId,
  zUnitNumber,
} from '../../src/domain/validators';

const TODAY = () => new Date('2025-06-15T04:00:00Z');

/** What an HTTP layer reports: one `{ field, rule, message }` per issue. */
function problems(schema: z.ZodType, input: unknown): Array<{ field: string; rule: string | undefined; message: string }> {
  const result = schema.safeParse(input);
  if (result.success) return [];
  return result.error.issues.map((issue) => ({
    field: issue.path.join('.'),
    rule: issue.code === 'custom' ? (issue.params as { rule?: string } | undefined)?.rule : undefined,
    message: issue.message,
  }));
}

const STRING_SCHEMAS: Array<[string, z.ZodType, string, string]> = [
  ['zUnitNumber', zUnitNumber, '340123002004GB00011F00220045', 'UNIT_NUMBER_PARCEL_RIGHT'],
  ['zResidentId', zResidentId(TODAY), '11010519491231002X', 'RESIDENT_ID_CHECKSUM'],
  ['zCreditCode', zCreditCode, '91350100M000100Y43', 'CREDIT_CODE_CHARSET'],
  ['zCertificateNumber', zCertificateNumber(TODAY), '川(2023)达州市不动产权第0001234号', 'CERT_NUMBER_YEAR'],
  ['zMoney', zMoney, '1250000.00', 'MONEY_RANGE'],
  ['zMoneyOrZero', zMoneyOrZero, '0', 'MONEY_FORMAT'],
  ['zArea', zArea, '89.57', 'AREA_RANGE'],
  ['zIsoDate', zIsoDate, '2024-03-15', 'DATE_CALENDAR'],
  ['zHouseCode', zHouseCode, '510102-0012-0301', 'HOUSE_CODE_LENGTH'],
];
const BAD_INPUT: Record<string, string> = {
  zUnitNumber: '340123002004GC00011F00220045',
  zResidentId: '110105194912310021',
  zCreditCode: '91350100M000100I43',
  zCertificateNumber: '川(2026)达州市不动产权第0001234号',
  zMoney: '0',
  zMoneyOrZero: '1,000',
  zArea: '1000000.01',
  zIsoDate: '2023-02-29',
  zHouseCode: 'A'.repeat(41),
};

describe.each(STRING_SCHEMAS)('%s', (name, schema, good, rule) => {
  it('accepts a valid value unchanged', () => {
    expect(schema.parse(good)).toBe(good);
  });

  it(`reports a failed check as one custom issue with params.rule ${rule} and the check's message`, () => {
    const found = problems(schema, BAD_INPUT[name]);
    expect(found).toHaveLength(1);
    expect(found[0].rule).toBe(rule);
    expect(found[0].message).toMatch(/^[A-Z].*\.$/);
  });

  it('rejects a non-string with a type issue', () => {
    expect(schema.safeParse(12345).success).toBe(false);
  });

  it('converts to JSON Schema with a description and a valid example', () => {
    const json = z.toJSONSchema(schema) as { type?: string; description?: string; example?: unknown };
    expect(json.type).toBe('string');
    expect(json.description).toEqual(expect.any(String));
    expect(schema.parse(json.example)).toBe(json.example);
  });
});

describe('clock- and year-dependent schemas', () => {
  it('zResidentId reads the clock at every parse', () => {
    let now = new Date('2024-06-01T00:00:00Z');
    const schema = zResidentId(() => now);
    const born = '11010520240610002' + residentIdCheckChar('11010520240610002');
    expect(problems(schema, born)[0]?.rule).toBe('RESIDENT_ID_BIRTH_DATE');
    now = new Date('2024-06-10T00:00:00Z');
    expect(schema.safeParse(born).success).toBe(true);
  });

  it('zCertificateNumber takes the current year in China from the clock at every parse', () => {
    let now = new Date('2023-12-31T15:30:00Z'); // 23:30 on 31 December in China
    const schema = zCertificateNumber(() => now);
    expect(problems(schema, '川(2024)达州市不动产权第0001234号')[0]?.rule).toBe('CERT_NUMBER_YEAR');
    now = new Date('2023-12-31T16:30:00Z'); // 00:30 on 1 January 2024 in China, still 2023 in UTC
    expect(schema.safeParse('川(2024)达州市不动产权第0001234号').success).toBe(true);
  });
});

describe('names', () => {
  it('trim surrounding spaces', () => {
    expect(zPersonName.parse('  张三 ')).toBe('张三');
    expect(zOrgName.parse(' 福建省某某置业有限公司')).toBe('福建省某某置业有限公司');
  });

  it('reject an empty name after trimming with PARTY_NAME_LENGTH', () => {
    expect(problems(zPersonName, '   ')[0].rule).toBe('PARTY_NAME_LENGTH');
  });

  it('allow 50 characters for a person and 100 for an organisation', () => {
    expect(zPersonName.safeParse('张'.repeat(50)).success).toBe(true);
    expect(problems(zPersonName, '张'.repeat(51))[0].rule).toBe('PARTY_NAME_LENGTH');
    expect(zOrgName.safeParse('公'.repeat(100)).success).toBe(true);
    expect(problems(zOrgName, '公'.repeat(101))[0].rule).toBe('PARTY_NAME_LENGTH');
  });

  it('reject control characters with PARTY_NAME_FORMAT', () => {
    expect(problems(zPersonName, '张\u0007三')[0].rule).toBe('PARTY_NAME_FORMAT');
  });

  it('publish minLength and maxLength in JSON Schema', () => {
    expect(z.toJSONSchema(zPersonName)).toMatchObject({ type: 'string', minLength: 1, maxLength: 50 });
    expect(z.toJSONSchema(zOrgName)).toMatchObject({ type: 'string', minLength: 1, maxLength: 100 });
  });
});

describe('zPartyIdAt', () => {
  const zPartyId = zPartyIdAt(TODAY);
  const person = { kind: 'PERSON', name: '张三', idNumber: '11010519491231002X' };
  const org = { kind: 'ORG', name: '福建某某置业有限公司', idNumber: '91350100M000100Y43' };

  it('accepts a person with a resident ID and an organisation with a credit code', () => {
    expect(zPartyId.parse(person)).toEqual(person);
    expect(zPartyId.parse(org)).toEqual(org);
  });

  it('trims the name', () => {
    expect(zPartyId.parse({ ...person, name: ' 张三 ' }).name).toBe('张三');
  });

  it('reports a bad ID number at field idNumber with the rule of the matching kind', () => {
    expect(problems(zPartyId, { ...person, idNumber: '110105194912310021' })).toEqual([
      { field: 'idNumber', rule: 'RESIDENT_ID_CHECKSUM', message: expect.any(String) },
    ]);
    expect(problems(zPartyId, { ...person, idNumber: org.idNumber })[0]).toMatchObject({ field: 'idNumber', rule: 'RESIDENT_ID_FORMAT' });
    expect(problems(zPartyId, { ...org, idNumber: person.idNumber })[0]).toMatchObject({ field: 'idNumber', rule: 'CREDIT_CODE_DIVISION' });
  });

  it('reports every broken field, each with its own rule', () => {
    const found = problems(zPartyId, { kind: 'PERSON', name: '张\u0000三', idNumber: '11010519491231002Y' });
    expect(found.map((p) => [p.field, p.rule])).toEqual([
      ['name', 'PARTY_NAME_FORMAT'],
      ['idNumber', 'RESIDENT_ID_FORMAT'],
    ]);
  });

  it('rejects an unknown kind, a missing field and an extra field', () => {
    expect(zPartyId.safeParse({ ...person, kind: 'ROBOT' }).success).toBe(false);
    expect(zPartyId.safeParse({ kind: 'PERSON', name: '张三' }).success).toBe(false);
    expect(zPartyId.safeParse({ ...person, phone: '13800000000' }).success).toBe(false);
  });

  it('rejects a birth date after today (China date) with RESIDENT_ID_BIRTH_DATE', () => {
    const tomorrow = { ...person, idNumber: '11010520250616001' + residentIdCheckChar('11010520250616001') };
    expect(problems(zPartyId, tomorrow)[0]).toMatchObject({ field: 'idNumber', rule: 'RESIDENT_ID_BIRTH_DATE' });
    const today = { ...person, idNumber: '11010520250615001' + residentIdCheckChar('11010520250615001') };
    expect(zPartyId.parse(today)).toEqual(today);
  });

  it('normalises the ID number of either kind before checking it', () => {
    expect(zPartyId.parse({ ...person, idNumber: ' １１０１０５１９４９１２３１００２ｘ\u3000' }).idNumber).toBe(person.idNumber);
    expect(zPartyId.parse({ ...org, idNumber: '９１３５０１００ｍ０００１００ｙ４３' }).idNumber).toBe(org.idNumber);
  });

  it('converts to a JSON Schema oneOf of two closed objects with a valid example', () => {
    const json = z.toJSONSchema(zPartyId) as unknown as { oneOf: Array<{ additionalProperties: boolean; required: string[] }>; example: unknown };
    expect(json.oneOf).toHaveLength(2);
    for (const branch of json.oneOf) {
      expect(branch.additionalProperties).toBe(false);
      expect(branch.required).toEqual(['kind', 'name', 'idNumber']);
    }
    expect(zPartyId.safeParse(json.example).success).toBe(true);
  });
});

describe('identifier normalisation', () => {
  it('turns a lower-case check character x into X', () => {
    expect(zResidentId(TODAY).parse('11010519491231002x')).toBe('11010519491231002X');
  });

  it('turns full-width digits and letters into half-width ones and trims spaces, ideographic ones included', () => {
    expect(zResidentId(TODAY).parse('１１０１０５１９４９１２３１００２Ｘ')).toBe('11010519491231002X');
    expect(zResidentId(TODAY).parse(' 11010519491231002X\u3000')).toBe('11010519491231002X');
    expect(zCreditCode.parse('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
    expect(zCreditCode.parse('91350100m000100y43 ')).toBe('91350100M000100Y43');
  });

  it('still refuses inner spaces and other characters', () => {
    expect(problems(zResidentId(TODAY), '110105 19491231002X')[0]?.rule).toBe('RESIDENT_ID_LENGTH');
    expect(problems(zCreditCode, '91350100M000100Y4３3')[0]?.rule).toBe('CREDIT_CODE_LENGTH');
  });

  it('reads a certificate number as the canonical one: half-width parentheses and digits, a 7-digit sequence', () => {
    const schema = zCertificateNumber(TODAY);
    expect(schema.parse('桂（2017）南宁市不动产证明第0208814号')).toBe('桂(2017)南宁市不动产证明第0208814号');
    expect(schema.parse(' 川（２０２３）达州市不动产权第１２３４号 ')).toBe('川(2023)达州市不动产权第0001234号');
  });
});

describe('zIdNumberAt', () => {
  const schema = zIdNumberAt(TODAY);

  it('accepts a normalised resident ID or credit code', () => {
    expect(schema.parse('11010519491231002x')).toBe('11010519491231002X');
    expect(schema.parse('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
  });

  it('refuses what is neither, with the rule it breaks', () => {
    expect(problems(schema, '110105194912310021')).toEqual([{ field: '', rule: 'RESIDENT_ID_CHECKSUM', message: expect.any(String) }]);
    expect(problems(schema, 'NOT-AN-ID')[0]?.rule).toBe('CREDIT_CODE_LENGTH');
  });
});

describe('zPartyOrIdNumberAt', () => {
  const schema = zPartyOrIdNumberAt(TODAY);

  it('accepts a full party or a bare ID number', () => {
    expect(schema.parse({ kind: 'PERSON', name: '张三', idNumber: '11010519491231002x' })).toEqual({ kind: 'PERSON', name: '张三', idNumber: '11010519491231002X' });
    expect(schema.parse({ idNumber: '11010519491231002x' })).toEqual({ idNumber: '11010519491231002X' });
  });

  it('reports a wrong ID number at idNumber, for a full party as for a bare number', () => {
    expect(problems(schema, { kind: 'PERSON', name: '张三', idNumber: '110105194912310021' })).toEqual([
      { field: 'idNumber', rule: 'RESIDENT_ID_CHECKSUM', message: expect.any(String) },
    ]);
    expect(problems(schema, { idNumber: '110105194912310021' })).toEqual([{ field: 'idNumber', rule: 'RESIDENT_ID_CHECKSUM', message: expect.any(String) }]);
  });
});
