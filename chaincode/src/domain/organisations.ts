/** The four agencies of the consortium and the roles their staff certificates carry. */
export const ORGANISATIONS = {
  RegistryMSP: { key: 'registry', name: '不动产登记中心', roles: ['clerk', 'reviewer', 'registrar', 'certifier', 'admin', 'auditor', 'intake'] },
  HousingMSP: { key: 'housing', name: '住房和城乡建设局', roles: ['surveyor', 'filing', 'auditor'] },
  TaxMSP: { key: 'tax', name: '税务局', roles: ['assessor', 'auditor'] },
  CourtMSP: { key: 'court', name: '人民法院', roles: ['enforcement', 'auditor'] },
} as const;

export type MspId = keyof typeof ORGANISATIONS;
export type OrgKey = (typeof ORGANISATIONS)[MspId]['key'];
export const MSP_IDS = Object.keys(ORGANISATIONS) as MspId[];

export function mspOfOrgKey(key: string): MspId | undefined {
  return MSP_IDS.find((m) => ORGANISATIONS[m].key === key);
}

/** Certificate attribute names (Fabric CA style, OID 1.2.3.4.5.6.7.8.1). */
export const ATTR_ROLE = 'role';
/** A court's own identifier: only the court that seized may lift or renew. */
export const ATTR_COURT = 'court';

/**
 * Who may perform each ledger action. The chaincode enforces it; the gateway derives its
 * route authorisation from the same table.
 */
export const ACTION_PERMISSIONS = {
  'admin.configure': [['RegistryMSP', 'admin']],
  'building.publish': [['HousingMSP', 'surveyor']],
  'unit.link': [['RegistryMSP', 'registrar']],
  'registry.declareUnits': [['RegistryMSP', 'registrar']],
  'unit.relink': [['RegistryMSP', 'registrar']],
  'migration.load': [['RegistryMSP', 'registrar']],
  'contract.sign': [['HousingMSP', 'filing']],
  'contract.file': [['HousingMSP', 'filing']],
  'contract.cancel': [['HousingMSP', 'filing']],
  'tax.assess': [['TaxMSP', 'assessor']],
  'tax.clear': [['TaxMSP', 'assessor']],
  'seizure.seize': [['CourtMSP', 'enforcement']],
  'seizure.lift': [['CourtMSP', 'enforcement']],
  'seizure.renew': [['CourtMSP', 'enforcement']],
  // `intake`: the registry gateway's online intake identity, filing for applicants (citizens, channels).
  'application.create': [['RegistryMSP', 'clerk'], ['RegistryMSP', 'intake']],
  'application.attach': [['RegistryMSP', 'clerk'], ['RegistryMSP', 'intake']],
  'application.withdraw': [['RegistryMSP', 'clerk'], ['RegistryMSP', 'intake']],
  'registration.apply': [['RegistryMSP', 'clerk']],
  'registration.accept': [['RegistryMSP', 'clerk']],
  'registration.supplement': [['RegistryMSP', 'clerk'], ['RegistryMSP', 'intake']],
  'registration.withdraw': [['RegistryMSP', 'clerk']],
  'registration.review': [['RegistryMSP', 'reviewer']],
  'registration.resume': [['RegistryMSP', 'reviewer']],
  'registration.record': [['RegistryMSP', 'registrar']],
  'registration.certify': [['RegistryMSP', 'certifier']],
  // 依职权更正 (细则 81): the registrar finds the wrong entry, notifies the party and announces it;
  // review and recording are the usual reviewer's and registrar's steps.
  'registryCorrection.start': [['RegistryMSP', 'registrar']],
  'registryCorrection.announce': [['RegistryMSP', 'registrar']],
  'registration.issue': [['RegistryMSP', 'certifier']],
  'certificate.number': [['RegistryMSP', 'certifier']],
  'objection.record': [['RegistryMSP', 'registrar']],
  'objection.lawsuit': [['RegistryMSP', 'registrar']],
  'certificate.revoke': [['RegistryMSP', 'registrar']],
  // Recording a certificate's PDF (its SHA-256 and signed QR) happens when staff who may read its
  // names first download it, or its holder does (the online intake renders it for them: the
  // registry's gateway lets a citizen have only a certificate that names them).
  'certificate.pdf': [
    ['RegistryMSP', 'clerk'],
    ['RegistryMSP', 'reviewer'],
    ['RegistryMSP', 'registrar'],
    ['RegistryMSP', 'certifier'],
    ['RegistryMSP', 'intake'],
  ],
  // 有房/无房证明 for a person, on their behalf at the counter, or for a signed-in citizen through
  // the online intake (the gateway names the citizen as the person, never anyone else).
  'proof.issue': [['RegistryMSP', 'clerk'], ['RegistryMSP', 'intake']],
  'anchor.record': [['RegistryMSP', 'admin']],
  'party.read': [
    ['RegistryMSP', 'clerk'],
    ['RegistryMSP', 'reviewer'],
    ['RegistryMSP', 'registrar'],
    ['RegistryMSP', 'certifier'],
  ],
  // A certificate's or proof's own document (names in full), to render its PDF: staff who may read
  // parties, and the online intake rendering it for the holder it names.
  'document.read': [
    ['RegistryMSP', 'clerk'],
    ['RegistryMSP', 'reviewer'],
    ['RegistryMSP', 'registrar'],
    ['RegistryMSP', 'certifier'],
    ['RegistryMSP', 'intake'],
  ],
} as const satisfies Record<string, ReadonlyArray<readonly [MspId, string]>>;

export type LedgerAction = keyof typeof ACTION_PERMISSIONS;

export function mayPerform(action: LedgerAction, msp: string, role: string | undefined): boolean {
  const allowed: ReadonlyArray<readonly [string, string]> = ACTION_PERMISSIONS[action];
  return allowed.some(([m, r]) => m === msp && r === role);
}
