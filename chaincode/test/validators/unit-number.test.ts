import { checkUnitNumber, formatUnitNumber, UNIT_NUMBER_PATTERN } from '../../src/domain/validators';
import { expectOk, expectRule } from './helpers';

// Annex A style: county 340123, zone 002, subzone 004, parcel GB00011, building 0022 room 0045.
const HOUSE = '340123002004GB00011F00220045';
const set = (s: string, pos1: number, text: string): string => s.slice(0, pos1 - 1) + text + s.slice(pos1 - 1 + text.length);

describe('checkUnitNumber', () => {
  it('accepts a house unit and splits every segment', () => {
    expect(expectOk(checkUnitNumber(HOUSE))).toEqual({
      county: '340123',
      cadastralZone: '002',
      subZone: '004',
      parcelOwnership: 'G',
      parcelRight: 'B',
      parcelSequence: '00011',
      fixtureKind: 'F',
      fixtureUnit: '00220045',
      parcelCode: '340123002004GB00011',
      building: '0022',
      room: '0045',
    });
  });

  it('accepts a collective homestead parcel without fixture (J, C, W00000000) and gives no building or room', () => {
    const value = expectOk(checkUnitNumber('511702001002JC00007W00000000'));
    expect(value.fixtureKind).toBe('W');
    expect(value.building).toBeUndefined();
    expect(value.room).toBeUndefined();
  });

  it('accepts forest (L) and other-fixture (Q) units without building and room', () => {
    expect(expectOk(checkUnitNumber('511702001002JD00003L00000012')).building).toBeUndefined();
    expect(expectOk(checkUnitNumber('511702001002GY00003Q00000001')).fixtureUnit).toBe('00000001');
  });

  it('accepts every parcel right letter that needs no particular ownership', () => {
    for (const right of ['B', 'S', 'X', 'D', 'E', 'F', 'H', 'G', 'W', 'Y']) {
      for (const owner of ['G', 'J', 'Z']) expectOk(checkUnitNumber(set(HOUSE, 13, owner + right)));
    }
  });

  it('accepts collective land ownership (A) under collective ownership J', () => {
    expectOk(checkUnitNumber('511702001002JA00001W00000000'));
  });

  it('accepts a prefecture-level city without counties (Dongguan 441900)', () => {
    expectOk(checkUnitNumber(set(HOUSE, 1, '441900')));
  });

  it('accepts parcel sequences 00001 and 99999', () => {
    expectOk(checkUnitNumber(set(HOUSE, 15, '00001')));
    expectOk(checkUnitNumber(set(HOUSE, 15, '99999')));
  });

  it('rejects 27 and 29 characters with UNIT_NUMBER_LENGTH', () => {
    expectRule(checkUnitNumber(HOUSE.slice(0, 27)), 'UNIT_NUMBER_LENGTH');
    expectRule(checkUnitNumber(HOUSE + '1'), 'UNIT_NUMBER_LENGTH');
  });

  it('rejects the 5-character fixture-code misreading (32 characters) with UNIT_NUMBER_LENGTH', () => {
    expectRule(checkUnitNumber('340123002004GB00011F000000220045'), 'UNIT_NUMBER_LENGTH');
  });

  it('rejects an empty string, surrounding spaces and full-width digits with UNIT_NUMBER_FORMAT', () => {
    expectRule(checkUnitNumber(''), 'UNIT_NUMBER_FORMAT');
    expectRule(checkUnitNumber(` ${HOUSE}`), 'UNIT_NUMBER_FORMAT');
    expectRule(checkUnitNumber(`${HOUSE} `), 'UNIT_NUMBER_FORMAT');
    expectRule(checkUnitNumber(set(HOUSE, 1, '３４')), 'UNIT_NUMBER_FORMAT');
  });

  it('rejects lowercase letters with UNIT_NUMBER_FORMAT and says letters must be uppercase', () => {
    expect(expectRule(checkUnitNumber(set(HOUSE, 13, 'gb')), 'UNIT_NUMBER_FORMAT')).toContain('uppercase');
    expect(expectRule(checkUnitNumber(set(HOUSE, 20, 'f')), 'UNIT_NUMBER_FORMAT')).toContain('uppercase');
  });

  it('names the malformed segment in the UNIT_NUMBER_FORMAT message', () => {
    const cases: Array<[number, string, string]> = [
      [1, 'A', 'characters 1-6'],
      [7, 'A', 'characters 7-9'],
      [10, 'A', 'characters 10-12'],
      [13, 'X', 'character 13'],
      [14, 'Z', 'character 14'],
      [14, 'I', 'character 14'],
      [15, 'A', 'characters 15-19'],
      [20, 'A', 'character 20'],
      [20, '0', 'character 20'],
      [21, 'A', 'characters 21-28'],
      [28, 'X', 'characters 21-28'],
    ];
    for (const [pos, text, where] of cases) {
      expect(expectRule(checkUnitNumber(set(HOUSE, pos, text)), 'UNIT_NUMBER_FORMAT')).toContain(where);
    }
  });

  it('rejects an unknown province in the county code with UNIT_NUMBER_DIVISION', () => {
    for (const county of ['000123', '100123', '190123', '990123']) {
      expectRule(checkUnitNumber(set(HOUSE, 1, county)), 'UNIT_NUMBER_DIVISION');
    }
  });

  it('rejects Taiwan, Hong Kong and Macao codes, outside mainland registration, with UNIT_NUMBER_DIVISION', () => {
    for (const county of ['710101', '810001', '820001']) {
      expectRule(checkUnitNumber(set(HOUSE, 1, county)), 'UNIT_NUMBER_DIVISION');
    }
  });

  it('rejects a province-level code (prefecture digits 00) with UNIT_NUMBER_DIVISION', () => {
    expectRule(checkUnitNumber(set(HOUSE, 1, '340000')), 'UNIT_NUMBER_DIVISION');
    expectRule(checkUnitNumber(set(HOUSE, 1, '340023')), 'UNIT_NUMBER_DIVISION');
  });

  it('rejects collective land (A) or homestead (C) under state or undetermined ownership with UNIT_NUMBER_PARCEL_RIGHT', () => {
    for (const code of ['GA', 'ZA', 'GC', 'ZC']) {
      expectRule(checkUnitNumber(set(HOUSE, 13, code)), 'UNIT_NUMBER_PARCEL_RIGHT');
    }
  });

  it('rejects parcel sequence 00000 with UNIT_NUMBER_PARCEL_SEQUENCE', () => {
    expectRule(checkUnitNumber(set(HOUSE, 15, '00000')), 'UNIT_NUMBER_PARCEL_SEQUENCE');
  });

  it('rejects fixture kind W with a non-zero fixture unit with UNIT_NUMBER_FIXTURE', () => {
    expectRule(checkUnitNumber('511702001002JC00007W00000001'), 'UNIT_NUMBER_FIXTURE');
    expectRule(checkUnitNumber('511702001002JC00007W10000000'), 'UNIT_NUMBER_FIXTURE');
  });

  it('agrees with the published regular expression on shape', () => {
    expect(UNIT_NUMBER_PATTERN.test(HOUSE)).toBe(true);
    expect(UNIT_NUMBER_PATTERN.source).toBe('^\\d{12}[GJZ][ABSXCDEFHGWY]\\d{5}[FLQW]\\d{8}$');
  });
});

describe('formatUnitNumber', () => {
  it('builds a house unit number from zero-padded numbers', () => {
    const code = formatUnitNumber({
      county: '340123',
      cadastralZone: 2,
      subZone: 4,
      parcelOwnership: 'G',
      parcelRight: 'B',
      parcelSequence: 11,
      fixtureKind: 'F',
      building: 22,
      room: 45,
    });
    expect(code).toBe(HOUSE);
  });

  it('round-trips the parts returned by checkUnitNumber', () => {
    expect(formatUnitNumber(expectOk(checkUnitNumber(HOUSE)))).toBe(HOUSE);
    const land = '511702001002JC00007W00000000';
    expect(formatUnitNumber(expectOk(checkUnitNumber(land)))).toBe(land);
  });

  it('fills W00000000 when there is no fixture', () => {
    const code = formatUnitNumber({
      county: '511702',
      cadastralZone: '001',
      subZone: '002',
      parcelOwnership: 'J',
      parcelRight: 'C',
      parcelSequence: '00007',
      fixtureKind: 'W',
    });
    expect(code).toBe('511702001002JC00007W00000000');
  });

  it('throws with the rule code when the parts make an invalid number', () => {
    const base = { county: '340123', cadastralZone: 2, subZone: 4, parcelSequence: 11, building: 22, room: 45 } as const;
    expect(() => formatUnitNumber({ ...base, parcelOwnership: 'G', parcelRight: 'C', fixtureKind: 'F' })).toThrow(/UNIT_NUMBER_PARCEL_RIGHT/);
    expect(() => formatUnitNumber({ ...base, parcelOwnership: 'G', parcelRight: 'B', fixtureKind: 'F', parcelSequence: 0 })).toThrow(
      /UNIT_NUMBER_PARCEL_SEQUENCE/,
    );
    expect(() => formatUnitNumber({ ...base, parcelOwnership: 'G', parcelRight: 'B', fixtureKind: 'F', building: 12345 })).toThrow(
      /UNIT_NUMBER_LENGTH/,
    );
  });

  it('throws when a house has neither fixtureUnit nor building and room', () => {
    expect(() =>
      formatUnitNumber({ county: '340123', cadastralZone: 2, subZone: 4, parcelOwnership: 'G', parcelRight: 'B', parcelSequence: 11, fixtureKind: 'F' }),
    ).toThrow(RangeError);
  });

  it('throws when building and room are given for a unit without building fixture', () => {
    expect(() =>
      formatUnitNumber({
        county: '340123',
        cadastralZone: 2,
        subZone: 4,
        parcelOwnership: 'G',
        parcelRight: 'B',
        parcelSequence: 11,
        fixtureKind: 'L',
        fixtureUnit: '00000001',
        building: 1,
        room: 1,
      }),
    ).toThrow(RangeError);
  });
});
