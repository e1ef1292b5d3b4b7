/** Composite-key object types: one place, so chaincode, projector and explorer agree. */
export const KEY = {
  config: 'config',
  project: 'project',
  household: 'household',
  unit: 'unit',
  bookEntry: 'bookentry',
  title: 'title',
  contract: 'contract',
  tax: 'tax',
  registration: 'registration',
  certificate: 'cert',
  certificateByHash: 'certhash',
  certificateSequence: 'certseq',
  holdingsProof: 'holdingsproof',
  holdingsProofSequence: 'holdingsproofseq',
  /** Certifications waiting for their number, per office: see ledger/certificates.ts. */
  certificateQueue: 'certqueue',
  application: 'application',
  anchor: 'anchor',
  anchorHead: 'anchorhead',
  /** One record per migrated unit, by batch and legacy id: what makes a migration happen exactly once. */
  migration: 'migration',
  /** The registry's units as its register describes them, declared for linkage (挂接) to a house code. */
  registryUnit: 'registryunit',
  /**
   * What a district holds on the ledger, by district, kind and id (`project`, `unit`, `registryUnit`):
   * an office may stop serving a district only if another takes it over while it holds anything.
   */
  districtHolding: 'districtholding',
} as const;

export type KeyType = (typeof KEY)[keyof typeof KEY];

/** Private data collection holding names and ID numbers, shared by the four agencies. */
export const PARTY_COLLECTION = 'partyCollection';
export const PRIVATE_KEY = {
  party: 'party',
  consortiumSecret: 'consortiumsecret',
  certificateDocument: 'certdoc',
  holdingsProofDocument: 'holdingsproofdoc',
} as const;

/** Zero-padded sequence so that lexical key order is numeric order. */
export function seqKey(n: number): string {
  return String(n).padStart(10, '0');
}
