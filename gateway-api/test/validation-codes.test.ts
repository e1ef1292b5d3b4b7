import { READ_CONFLICTS, TX_VALIDATION_CODES, validationCodeName, type ValidationCode } from '../src/ledger/validation-codes';

describe('transaction validation codes', () => {
  it('names each of Fabric’s code numbers, 0..25, 254 and 255, and nothing else', () => {
    const numbers = Object.values(TX_VALIDATION_CODES);
    expect(numbers).toEqual([...Array.from({ length: 26 }, (_, i) => i), 254, 255]);
    for (const [name, n] of Object.entries(TX_VALIDATION_CODES)) expect(validationCodeName(n)).toBe(name);
    expect(() => validationCodeName(26)).toThrow(RangeError);
  });

  it('gives the codes a Fabric commit reported in the test network their names', () => {
    // research/fabric-run.md §7: endorsed by one org only → 10, two concurrent linkUnit → 11.
    expect([validationCodeName(0), validationCodeName(10), validationCodeName(11)]).toEqual<ValidationCode[]>(['VALID', 'ENDORSEMENT_POLICY_FAILURE', 'MVCC_READ_CONFLICT']);
  });

  it('treats only read conflicts as worth a new proposal', () => {
    expect([...READ_CONFLICTS].sort()).toEqual(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);
  });
});
