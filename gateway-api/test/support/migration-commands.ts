import { addDays, isoDateInChina, type MigrationCommandInput } from '@estate-ledger/chaincode';
import { DEFAULT_COURT } from '../../src/ledger/embedded/crypto-material';
import { OTHER_COURT, PEOPLE, hashOf } from './ledger-fixture';

/** Migration commands as the loader reads them: legacy records of one unit, parties in full. */
export const today = () => isoDateInChina(new Date());

export function legacyCertificate(legacyId: string, kind: '不动产权' | '不动产证明', sequence: number, withHash = true) {
  return {
    legacyId,
    certNo: `川(2019)达州市${kind}第${String(sequence).padStart(7, '0')}号`,
    issuedOn: '2019-05-20',
    ...(withHash && { docHash: hashOf(`legacy-file:${legacyId}`) }),
  };
}

/** A unit with an owner and a certificate; `extra` adds mortgages, seizures, notices, objections. */
export function ownedUnit(legacyId: string, unitNumber: string, certSequence: number, extra: Partial<MigrationCommandInput> = {}): Omit<MigrationCommandInput, 'batchId'> {
  return {
    legacyId,
    unitNumber,
    sourceHash: hashOf(`source:${legacyId}`),
    ownership: {
      legacyId: `${legacyId}-QL`,
      holders: [{ party: PEOPLE.alice }],
      coOwnership: 'SOLE',
      registeredOn: '2019-05-18',
      certificate: legacyCertificate(`${legacyId}-ZS`, '不动产权', certSequence),
    },
    ...extra,
  };
}

export function legacyMortgage(legacyId: string, certSequence: number) {
  return {
    legacyId,
    mortgagors: [PEOPLE.alice],
    creditor: PEOPLE.bank,
    amount: '600000.00',
    maximumAmount: false,
    noTransfer: false,
    termStart: '2019-06-01',
    termEnd: '2039-06-01',
    rank: 1,
    registeredOn: '2019-06-01',
    certificate: legacyCertificate(`${legacyId}-ZM`, '不动产证明', certSequence),
  };
}

/** Two seizures: the first in force (by the default court), the second queued behind it (another court). */
export function legacySeizureQueue(prefix: string) {
  const end = addDays(today(), 400);
  return [
    { legacyId: `${prefix}-CF1`, court: DEFAULT_COURT, caseNumber: '(2025)川1702执0101号', documentHash: hashOf(`${prefix}-CF1`), queuePosition: 1, servedOn: '2025-03-01', endDate: end },
    { legacyId: `${prefix}-CF2`, court: OTHER_COURT, caseNumber: '(2025)川17执0202号', documentHash: hashOf(`${prefix}-CF2`), queuePosition: 2, servedOn: '2025-04-01', endDate: end },
  ];
}
