/**
 * Fabric's transaction validation codes (`TxValidationCode` in fabric-protos
 * `peer/transaction.proto`), name and number. A Fabric block carries the numbers (its
 * TRANSACTIONS_FILTER metadata); the port, the read model and the API use the names.
 */
export const TX_VALIDATION_CODES = {
  VALID: 0,
  NIL_ENVELOPE: 1,
  BAD_PAYLOAD: 2,
  BAD_COMMON_HEADER: 3,
  BAD_CREATOR_SIGNATURE: 4,
  INVALID_ENDORSER_TRANSACTION: 5,
  INVALID_CONFIG_TRANSACTION: 6,
  UNSUPPORTED_TX_PAYLOAD: 7,
  BAD_PROPOSAL_TXID: 8,
  DUPLICATE_TXID: 9,
  ENDORSEMENT_POLICY_FAILURE: 10,
  MVCC_READ_CONFLICT: 11,
  PHANTOM_READ_CONFLICT: 12,
  UNKNOWN_TX_TYPE: 13,
  TARGET_CHAIN_NOT_FOUND: 14,
  MARSHAL_TX_ERROR: 15,
  NIL_TXACTION: 16,
  EXPIRED_CHAINCODE: 17,
  CHAINCODE_VERSION_CONFLICT: 18,
  BAD_HEADER_EXTENSION: 19,
  BAD_CHANNEL_HEADER: 20,
  BAD_RESPONSE_PAYLOAD: 21,
  BAD_RWSET: 22,
  ILLEGAL_WRITESET: 23,
  INVALID_WRITESET: 24,
  INVALID_CHAINCODE: 25,
  NOT_VALIDATED: 254,
  INVALID_OTHER_REASON: 255,
} as const;

export type ValidationCode = keyof typeof TX_VALIDATION_CODES;

const NAMES = new Map<number, ValidationCode>(
  (Object.entries(TX_VALIDATION_CODES) as Array<[ValidationCode, number]>).map(([name, n]) => [n, name]),
);

/** The name of a validation code number as a Fabric block carries it. */
export function validationCodeName(n: number): ValidationCode {
  const name = NAMES.get(n);
  if (!name) throw new RangeError(`Unknown transaction validation code ${n}`);
  return name;
}

/**
 * Codes after which the same request, as a new proposal, may commit: the transaction read
 * state that another one in an earlier position changed. Any other invalid code is final.
 */
export const READ_CONFLICTS: ReadonlySet<ValidationCode> = new Set(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']);
