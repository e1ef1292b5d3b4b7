import type { Certificate, Registration, Unit, UnitFlags, Verification } from '@estate-ledger/chaincode';
import { ROLE, LedgerFixture, OTHER_COURT, hashOf } from './support/ledger-fixture';
import { MORTGAGE_TERMS, apply, buildingWithUnits, clearedTax, filedContract, firstRegistration, process, register, seize, transfer } from './support/scenario';

describe('a unit through its life on the embedded ledger', () => {
  let fx: LedgerFixture;
  beforeAll(async () => {
    fx = await LedgerFixture.create();
  });
  afterAll(async () => {
    await fx.close();
  });

  const unitView = (u: string) => fx.evaluate<{ unit: Unit; flags: UnitFlags }>(ROLE.clerk, 'Unit:get', u);
  const cert = (no: string) => fx.evaluate<Certificate>(ROLE.clerk, 'Certificate:get', no);
  const verify = (hash: string) => fx.evaluate<Verification>(ROLE.clerk, 'Certificate:verify', hash);

  it('runs building table → first registration → transfer with mortgage → seizures → transfer', async () => {
    const [unit] = await buildingWithUnits(fx, 1, 1);

    const first = await firstRegistration(fx, unit, 'developer');
    expect(first.status).toBe('ISSUED');
    expect(first.certNo).toMatch(/^川\(\d{4}\)达州市不动产权第\d{7}号$/);
    const developerCert = await cert(first.certNo!);
    expect(developerCert.status).toBe('VALID');

    const devMortgage = await register(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'developer' }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } });
    expect(devMortgage.certNo).toMatch(/不动产证明第\d{7}号$/);

    const sale = await transfer(fx, unit, ['developer'], ['alice']);
    expect(sale.status).toBe('ISSUED');
    const old = await cert(first.certNo!);
    expect(old.status).toBe('SUPERSEDED');
    expect(old.supersededBy).toBe(sale.certNo);
    const current = await cert(sale.certNo!);
    expect(current).toMatchObject({ status: 'VALID', supersedes: first.certNo, kind: 'TITLE' });
    expect((await verify(old.docHash)).outcome).toBe('SUPERSEDED');
    expect((await verify(current.docHash)).outcome).toBe('VALID');

    let { unit: u, flags } = await unitView(unit);
    expect(u.ownership?.holders.map((h) => h.party)).toHaveLength(1);
    expect(u.ownership?.predecessor).toBe(`R-${first.registrationId}`);
    expect(u.mortgages.map((m) => m.rightId)).toEqual([`R-${devMortgage.registrationId}`]);
    expect(flags).toMatchObject({ registered: true, mortgaged: true, seized: false, contractFiled: false });

    const aliceMortgage = await register(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'alice' }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } });
    ({ unit: u } = await unitView(unit));
    expect(u.mortgages.map((m) => m.rank)).toEqual([1, 2]);
    // A new mortgage is a restriction listed beside VALID, never a change of what the title states.
    expect(await verify(current.docHash)).toMatchObject({ outcome: 'VALID', matchesCurrent: true, restrictions: ['MORTGAGED'] });

    const firstSeizure = await seize(fx, unit);
    await expect(filedContract(fx, unit, ['alice'], ['bob'])).rejects.toMatchObject({ code: 'UNIT_SEIZED' });

    const queued = await seize(fx, unit, ROLE.otherCourt);
    ({ unit: u } = await unitView(unit));
    expect(u.seizures.map((s) => [s.seizureId, s.status])).toEqual([[firstSeizure, 'ACTIVE'], [queued, 'QUEUED']]);

    await expect(fx.submit(ROLE.otherCourt, 'Court:lift', { seizureId: firstSeizure, unitNumber: unit, documentHash: hashOf('x') })).rejects.toMatchObject({ code: 'SEIZURE_NOT_BY_THIS_COURT' });

    const lifted = await fx.submit(ROLE.court, 'Court:lift', { seizureId: firstSeizure, unitNumber: unit, documentHash: hashOf('lift-1') });
    expect((await fx.committed(lifted)).event?.type).toBe('SEIZURE_LIFTED');
    ({ unit: u } = await unitView(unit));
    expect(u.seizures).toEqual([expect.objectContaining({ seizureId: queued, status: 'ACTIVE', court: OTHER_COURT })]);

    await fx.submit(ROLE.otherCourt, 'Court:lift', { seizureId: queued, unitNumber: unit, documentHash: hashOf('lift-2') });
    const resale = await transfer(fx, unit, ['alice'], ['bob']);
    expect(resale.status).toBe('ISSUED');
    expect((await cert(sale.certNo!)).status).toBe('SUPERSEDED');

    ({ unit: u, flags } = await unitView(unit));
    expect(u.mortgages).toHaveLength(2);
    expect(flags.seized).toBe(false);

    const history = await fx.evaluate<Array<{ txId: string; value?: Unit }>>(ROLE.clerk, 'Unit:history', unit);
    const versions = history.map((h) => h.value?.registerVersion);
    expect(versions).toEqual([...versions].sort((a, b) => (a ?? 0) - (b ?? 0)));
    expect(history.at(-1)?.value?.registerVersion).toBe(u.registerVersion);

    const chain = await fx.evaluate<Array<{ rightId: string; predecessor?: string; successor: string | null }>>(ROLE.clerk, 'Unit:titleChain', unit);
    expect(chain.map((t) => t.rightId)).toEqual([`R-${first.registrationId}`, `R-${sale.registrationId}`, `R-${resale.registrationId}`]);
    expect(chain[0].successor).toBe(`R-${sale.registrationId}`);
    expect(chain[2].successor).toBeNull();

    const book = await fx.evaluate<Array<{ kind: string; registerVersion: number }>>(ROLE.clerk, 'Unit:book', unit);
    expect(book.map((b) => b.kind)).toEqual(['FIRST', 'MORTGAGE', 'TRANSFER', 'MORTGAGE', 'SEIZURE', 'SEIZURE_QUEUED', 'SEIZURE_LIFTED', 'SEIZURE_LIFTED', 'TRANSFER']);
    expect(book.map((b) => b.registerVersion)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    void aliceMortgage;
  });

  it('consumes a tax clearance once: a second transfer with it is refused', async () => {
    const [unit] = await buildingWithUnits(fx, 2, 1);
    await firstRegistration(fx, unit);
    const contractId = await filedContract(fx, unit, ['developer'], ['carol']);
    const taxId = await clearedTax(fx, contractId);
    const input = { type: 'TRANSFER' as const, unitNumber: unit, applicants: [{ party: 'developer' as const }, { party: 'carol' as const }], contractId, taxId };
    await register(fx, input);
    const again = await apply(fx, input);
    await expect(process(fx, again)).rejects.toMatchObject({ code: expect.stringMatching(/^(NO_FILED_CONTRACT|TAX_CLEARANCE_CONSUMED)$/) });
  });

  it('suspends a case in flight when a seizure arrives and resumes it after lifting', async () => {
    const [unit] = await buildingWithUnits(fx, 3, 1);
    await firstRegistration(fx, unit);
    const regId = await apply(fx, { type: 'MORTGAGE', unitNumber: unit, applicants: [{ party: 'developer' }], mortgage: { creditor: 'bank', noTransfer: false, ...MORTGAGE_TERMS } });
    await process(fx, regId, 'ACCEPTED');
    const seizureId = await seize(fx, unit);
    const reg = await fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', regId);
    expect(reg.status).toBe('SUSPENDED');
    await expect(fx.submit(ROLE.reviewer, 'Registration:resume', { registrationId: regId })).rejects.toMatchObject({ code: 'UNIT_SEIZED' });
    await fx.submit(ROLE.court, 'Court:lift', { seizureId, unitNumber: unit, documentHash: hashOf('l') });
    await fx.submit(ROLE.reviewer, 'Registration:resume', { registrationId: regId });
    expect((await fx.evaluate<Registration>(ROLE.clerk, 'Registration:get', regId)).status).toBe('ACCEPTED');
  });
});
