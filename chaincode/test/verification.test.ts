import {
  CERTIFICATE_STATES,
  OUTDATED_REASONS,
  contentFingerprint,
  contentFingerprints,
  currentContentFingerprint,
  restrictionsOf,
  statedContent,
  unitFlags,
  verificationOf,
  type CertificateStatusView,
  type Unit,
} from '../src';

const AT = '2026-03-02T02:00:00.000Z';
const actor = { msp: 'RegistryMSP', role: 'registrar', id: 'x', txId: 't', at: AT };

/** A registered unit owned by two joint owners, with nothing standing on it. */
function unit(): Unit {
  return {
    unitNumber: '511702001002GB00011F00010001', houseCode: 'HC-1', projectId: 'P-1', district: '511702', location: '达州市通川区滨江路88号1栋101室',
    use: '城镇住宅用地/住宅', structure: '钢筋混凝土结构', areas: { building: '89.56', inner: '74.12', shared: '15.44' }, floor: 1, building: 'B1', room: '101',
    registerVersion: 3, firstRegisteredAt: AT,
    ownership: { rightId: 'R-OWN', holders: [{ party: 'a'.repeat(64) }, { party: 'b'.repeat(64) }], coOwnership: 'JOINT', registrationId: 'OWN', recordedAt: AT },
    mortgages: [], notices: [], objections: [], residence: [], seizures: [], lapsedObjections: [], linkedBy: actor,
  };
}

const mortgage = { rightId: 'R-MTG', mortgagors: ['a'.repeat(64)], creditor: 'c'.repeat(64), amount: '500000.00', maximumAmount: false, noTransfer: false, termStart: '2026-03-01', termEnd: '2046-03-01', rank: 1, registrationId: 'MTG', recordedAt: AT };
const seizure = { seizureId: 'SZ-1', court: 'C1', caseNumber: '(2026)川1702执1号', documentHash: 'd'.repeat(64), kind: 'SEIZURE' as const, status: 'ACTIVE' as const, servedAt: AT, activeFrom: AT, renewals: [] };

/** The certificate issued for `rightId` on `u` as it is now. */
const certOf = (u: Unit, rightId: string, over: Partial<CertificateStatusView> = {}): CertificateStatusView => ({
  certNo: 'C-1', kind: rightId === 'R-OWN' ? 'TITLE' : 'PROOF', rightType: rightId === 'R-OWN' ? 'OWNERSHIP' : 'MORTGAGE', unitNumber: u.unitNumber, issuedAt: AT,
  registerVersion: u.registerVersion, status: 'VALID', contentHash: currentContentFingerprint(u, rightId), ...over,
});
const now = (u: Unit) => (rightId: string) => ({ registerVersion: u.registerVersion, flags: unitFlags(u), contentHash: currentContentFingerprint(u, rightId) });

describe('what a certificate states', () => {
  test('a title states holders, shares, co-ownership, location, use, structure and areas; a mortgage proof its terms, location and areas', () => {
    const u = { ...unit(), mortgages: [mortgage] };
    expect(statedContent(u, 'R-OWN')).toEqual({
      rightType: 'OWNERSHIP', unitNumber: u.unitNumber, location: u.location, use: u.use, structure: u.structure, areas: u.areas,
      right: { holders: [{ party: 'a'.repeat(64) }, { party: 'b'.repeat(64) }], coOwnership: 'JOINT' },
    });
    expect(statedContent(u, 'R-MTG')).toEqual({
      rightType: 'MORTGAGE', unitNumber: u.unitNumber, location: u.location, areas: u.areas,
      right: { creditor: mortgage.creditor, mortgagors: mortgage.mortgagors, amount: '500000.00', maximumAmount: false, noTransfer: false, termStart: '2026-03-01', termEnd: '2046-03-01', rank: 1 },
    });
    expect(Object.keys(CERTIFICATE_STATES).sort()).toEqual(['MORTGAGE', 'NOTICE', 'OWNERSHIP', 'RESIDENCE']);
    expect(statedContent(u, 'R-GONE')).toBeUndefined();
  });

  test('restrictions and bookkeeping leave every fingerprint unchanged; a new area changes them', () => {
    const u = { ...unit(), mortgages: [mortgage] };
    const before = contentFingerprints(u);
    expect(Object.keys(before).sort()).toEqual(['R-MTG', 'R-OWN']);
    const restricted: Unit = { ...u, registerVersion: 9, seizures: [seizure], caseInFlight: { registrationId: 'X', type: 'TRANSFER' }, filedContract: { contractId: 'HT', buyers: [], sellers: [] } };
    expect(contentFingerprints(restricted)).toEqual(before);
    const changed: Unit = { ...u, areas: { building: '99.56', inner: '84.12', shared: '15.44' } };
    expect(contentFingerprints(changed)['R-OWN']).not.toBe(before['R-OWN']);
    expect(contentFingerprints(changed)['R-MTG']).not.toBe(before['R-MTG']);
    // A change of use is stated on the title only.
    const newUse: Unit = { ...u, use: '商业' };
    expect(contentFingerprints(newUse)['R-OWN']).not.toBe(before['R-OWN']);
    expect(contentFingerprints(newUse)['R-MTG']).toBe(before['R-MTG']);
    expect(contentFingerprint(statedContent(u, 'R-OWN')!)).toBe(before['R-OWN']);
  });
});

describe('the verdict keeps content and restrictions apart', () => {
  test('a mortgage and a seizure leave the title VALID and are listed as restrictions', () => {
    const u = unit();
    const cert = certOf(u, 'R-OWN');
    expect(verificationOf(cert, now(u)('R-OWN'))).toMatchObject({ outcome: 'VALID', matchesCurrent: true, restrictions: [], currentFlags: { registered: true, mortgaged: false } });

    const burdened: Unit = { ...u, registerVersion: 5, mortgages: [mortgage], seizures: [seizure] };
    const v = verificationOf(cert, now(burdened)('R-OWN'));
    expect(v).toMatchObject({ outcome: 'VALID', matchesCurrent: true, restrictions: ['MORTGAGED', 'SEIZED'], issuedAtVersion: 3, currentVersion: 5, currentFlags: { mortgaged: true, seized: true } });
    expect(v.reason).toBeUndefined();

    const lifted: Unit = { ...u, registerVersion: 6 };
    expect(verificationOf(cert, now(lifted)('R-OWN'))).toMatchObject({ outcome: 'VALID', restrictions: [] });
  });

  test('a change of what the certificate states, or the end of its right, makes it VALID_BUT_OUTDATED', () => {
    const u = { ...unit(), mortgages: [mortgage] };
    const proof = certOf(u, 'R-MTG');
    const changed: Unit = { ...u, registerVersion: 4, areas: { building: '99.56', inner: '84.12', shared: '15.44' } };
    expect(verificationOf(proof, now(changed)('R-MTG'))).toMatchObject({ outcome: 'VALID_BUT_OUTDATED', matchesCurrent: false, restrictions: ['MORTGAGED'], reason: OUTDATED_REASONS.CONTENT_CHANGED });
    const gone: Unit = { ...u, registerVersion: 4, mortgages: [] };
    expect(verificationOf(proof, now(gone)('R-MTG'))).toMatchObject({ outcome: 'VALID_BUT_OUTDATED', restrictions: [], reason: OUTDATED_REASONS.RIGHT_ENDED });
  });

  test('a certificate without a content fingerprint falls back to the register version, never VALID unchecked', () => {
    const u = unit();
    const legacy = certOf(u, 'R-OWN', { contentHash: undefined });
    expect(verificationOf(legacy, now(u)('R-OWN')).outcome).toBe('VALID');
    expect(verificationOf(legacy, now({ ...u, registerVersion: 4 })('R-OWN'))).toMatchObject({ outcome: 'VALID_BUT_OUTDATED', reason: OUTDATED_REASONS.REGISTER_CHANGED });
  });

  test('the other outcomes keep their meaning', () => {
    const u = unit();
    const cert = certOf(u, 'R-OWN');
    expect(verificationOf(undefined, undefined)).toEqual({ outcome: 'NOT_FOUND' });
    expect(verificationOf(cert, undefined).outcome).toBe('STATUS_UNKNOWN');
    expect(verificationOf({ ...cert, status: 'SUPERSEDED', supersededBy: 'C-2' }, now(u)('R-OWN'))).toMatchObject({ outcome: 'SUPERSEDED', successor: 'C-2' });
    expect(verificationOf({ ...cert, status: 'REVOKED', statusReason: '错证' }, now(u)('R-OWN'))).toMatchObject({ outcome: 'REVOKED', reason: '错证' });
    expect(verificationOf({ ...cert, status: 'CANCELLED' }, now(u)('R-OWN')).restrictions).toBeUndefined();
  });

  test('restrictions are named from the public-safe flags, never from bookkeeping ones', () => {
    const all = { registered: true, seized: true, seizureQueued: true, mortgaged: true, advanceNotice: true, objection: true, residenceRight: true, contractFiled: true, caseInFlight: true };
    expect(restrictionsOf(all)).toEqual(['MORTGAGED', 'SEIZED', 'SEIZURE_QUEUED', 'ADVANCE_NOTICE', 'OBJECTION', 'RESIDENCE_RIGHT']);
    expect(restrictionsOf({ ...all, seized: false, seizureQueued: false, mortgaged: false, advanceNotice: false, objection: false, residenceRight: false })).toEqual([]);
  });
});
