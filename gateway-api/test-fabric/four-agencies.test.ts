import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers, type Network } from '@hyperledger/fabric-gateway';
import { MSP_IDS, ORGANISATIONS, type MspId } from '@estate-ledger/chaincode';
import { toApiError } from '../src/http/api-error';
import { LedgerRuleRefusal } from '../src/ledger/ledger-errors';
import { FabricLedger } from '../src/ledger/fabric/fabric-ledger';
import { GatewayFixture } from '../test/support/gateway-fixture';
import { HttpScenario, nextId } from '../test/support/http-scenario';
import { DISTRICT, PEOPLE, ROLE, hashOf } from '../test/support/ledger-fixture';
import { householdsOf } from '../test/support/scenario';
import { PROFILE_FILE, networkProfile, peerCli } from './support/fabric-network';
import { waitFor } from './support/wait-for';

/**
 * The one-window transfer through the four agencies' own gateways, each on its own peer and read
 * model and submitting as its own organisation, on a real Fabric network.
 */
describe('the four agencies on Fabric', () => {
  const gateways = new Map<MspId, GatewayFixture>();
  let s: HttpScenario;

  beforeAll(async () => {
    // The registry's gateway configures the ledger; the others wait for it.
    for (const msp of MSP_IDS) {
      gateways.set(msp, await GatewayFixture.start('pglite', { LEDGER: 'fabric', FABRIC_NETWORK: PROFILE_FILE, ORG: ORGANISATIONS[msp].key }));
    }
    s = new HttpScenario(gateways.get('RegistryMSP')!, (msp) => gateways.get(msp)!);
  }, 300_000);
  afterAll(async () => {
    for (const g of gateways.values()) await g.close();
  });

  let unit: string;
  let seller: Record<string, unknown>;

  test('takes a unit from building table to a transferred title, each step submitted by its own agency', async () => {
    [unit] = await s.building(1, 1);
    const first = await s.register({ type: 'FIRST', unitNumber: unit, applicants: ['developer'] });
    expect(first.status).toBe('ISSUED');
    const { registration } = await s.transfer(unit, ['developer'], ['alice']);
    expect(registration).toMatchObject({ status: 'ISSUED', type: 'TRANSFER' });
    seller = registration;

    const history = await s.get<{ items: Array<{ txId: string; fn: string; creatorMsp: string; code: string }> }>('clerk', `/units/${unit}/history?limit=200`);
    const byFn = new Map(history.items.map((t) => [t.fn, t]));
    expect(byFn.get('SaleContract:file')).toMatchObject({ creatorMsp: 'HousingMSP', code: 'VALID' });
    expect(byFn.get('Tax:clear')).toMatchObject({ creatorMsp: 'TaxMSP', code: 'VALID' });
    expect(byFn.get('Registration:record')).toMatchObject({ creatorMsp: 'RegistryMSP', code: 'VALID' });
    // MAJORITY of four: each transaction carries at least three organisations' endorsements.
    for (const t of history.items) {
      const detail = await s.get<{ endorsers: string[] }>('clerk', `/transactions/${t.txId}`);
      expect(new Set(detail.endorsers).size).toBeGreaterThanOrEqual(3);
    }
  });

  test('every agency’s read model converges on the same register, which equals what each peer answers to peer chaincode query', async () => {
    const height = Number((await s.gateway('clerk').request<{ ledger: { height: number } }>('GET', '/health')).body.ledger.height);
    for (const g of gateways.values()) {
      await waitFor(async () => (await g.request<{ readModel: { projectedHeight: number } }>('GET', '/health')).body.readModel.projectedHeight >= height, async () => `projection of ${g.url}: ${JSON.stringify((await g.request('GET', '/health')).body)}`);
    }
    const answers = await Promise.all(MSP_IDS.map((msp) => peerCli(msp, ['chaincode', 'query', '-C', 'estate', '-n', 'estate', '-c', JSON.stringify({ Args: ['Unit:get', unit] })])));
    const states = answers.map((b) => (JSON.parse(b.toString('utf8')) as { unit: { registerVersion: number } }).unit);
    for (const st of states) expect(st).toEqual(states[0]);
    const viewed = await s.get<{ registerVersion: number }>('clerk', `/units/${unit}`);
    expect(viewed.registerVersion).toBe(states[0].registerVersion);
    for (const msp of MSP_IDS) {
      const g = gateways.get(msp)!;
      const auditor = g.key(msp, 'auditor');
      const row = await g.request<{ registerVersion: number }>('GET', `/api/v1/units/${unit}`, { key: auditor });
      expect({ msp, version: row.body.registerVersion }).toEqual({ msp, version: states[0].registerVersion });
    }
  });

  test('a transaction endorsed by one organisation alone is committed invalid with ENDORSEMENT_POLICY_FAILURE and changes nothing', async () => {
    const profile = networkProfile();
    const projectId = nextId('P');
    const status = await withGateway('HousingMSP', 'surveyor', async (network) => {
      const input = { projectId, name: '单方背书', district: DISTRICT, developer: 'p1', presalePermit: '达住建预售字(2025)第013号', buildings: [{ buildingId: 'B9', name: '9号楼', households: householdsOf(projectId, 9, 1) }] };
      const proposal = network.getContract(profile.chaincode, 'BuildingTable').newProposal('publishProject', {
        arguments: [JSON.stringify(input)],
        transientData: { parties: JSON.stringify({ p1: PEOPLE.developer }) },
        endorsingOrganizations: ['HousingMSP'],
      });
      return (await (await proposal.endorse()).submit()).getStatus();
    });
    expect({ successful: status.successful, code: status.code }).toEqual({ successful: false, code: 10 });
    const lookup = await peerCli('HousingMSP', ['chaincode', 'query', '-C', profile.channel, '-n', profile.chaincode, '-c', JSON.stringify({ Args: ['Unit:project', projectId] })]).then(
      (out) => out.toString('utf8'),
      (err: Error) => err.message,
    );
    expect(lookup).toContain('NOT_FOUND');
  });

  test('a seizure submitted as the registry is refused by the chaincode with its rule code, never a 500', async () => {
    const ledger = new FabricLedger({ profile: networkProfile(), msp: 'RegistryMSP' });
    try {
      const refusal = await ledger
        .submit({ identity: ROLE.registrar, fn: 'Court:seize', args: [JSON.stringify({ seizureId: nextId('SZ'), unitNumber: unit, caseNumber: '(2026)川1702执1号', documentHash: hashOf('x') })] })
        .then(() => undefined, (err: unknown) => err);
      expect(refusal).toBeInstanceOf(LedgerRuleRefusal);
      expect((refusal as LedgerRuleRefusal).code).toBe('ACCESS_DENIED');
      expect(toApiError(refusal)).toMatchObject({ status: 403, code: 'ACCESS_DENIED' });
    } finally {
      await ledger.close();
    }
    // A rule conflict through a gateway over Fabric is a 409 with the rule's code.
    await s.seize(unit);
    const res = await s.gateway('filing').request<{ error: { code: string } }>('POST', '/api/v1/contracts', {
      key: s.key('filing'),
      body: { contractId: nextId('HT'), kind: 'STOCK', unitNumber: unit, sellers: [{ party: PEOPLE.alice }], buyers: [{ party: PEOPLE.bob }], buyerCoOwnership: 'SOLE', price: '990000.00' },
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('UNIT_SEIZED');
  });

  test('no name or ID number of any party is in the blocks a peer hands out', async () => {
    const height = Number((await s.gateway('clerk').request<{ ledger: { height: number } }>('GET', '/health')).body.ledger.height);
    const blocks = await withGateway('CourtMSP', 'auditor', async (network) => {
      const out: Buffer[] = [];
      const events = await network.getBlockEvents({ startBlock: 0n });
      try {
        for await (const block of events) {
          out.push(Buffer.from(block.serializeBinary()));
          if (out.length >= height) break;
        }
      } finally {
        events.close();
      }
      return out;
    });
    const all = Buffer.concat(blocks);
    expect(all.length).toBeGreaterThan(10_000);
    for (const p of [PEOPLE.developer, PEOPLE.alice]) {
      expect({ who: p.name, found: all.includes(Buffer.from(p.name, 'utf8')) }).toEqual({ who: p.name, found: false });
      expect({ id: p.idNumber, found: all.includes(Buffer.from(p.idNumber, 'utf8')) }).toEqual({ id: p.idNumber, found: false });
    }
    // The registry's staff do see them, from the private data collection.
    expect(JSON.stringify(seller)).toContain(PEOPLE.alice.name);
  });
});

/** A bare fabric-gateway client as one staff identity on its organisation's peer, for what the HTTP API never does. */
async function withGateway<T>(msp: MspId, role: string, work: (network: Network) => Promise<T>): Promise<T> {
  const profile = networkProfile();
  const id = profile.identities.find((i) => i.msp === msp && i.role === role)!;
  const peer = profile.peers[msp]!;
  const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(readFileSync(peer.tlsRootCert)), { 'grpc.ssl_target_name_override': peer.hostAlias ?? 'localhost' });
  const gateway = connect({ client, identity: { mspId: msp, credentials: readFileSync(id.cert) }, signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(id.key))), hash: hash.sha256 });
  try {
    return await work(gateway.getNetwork(profile.channel));
  } finally {
    gateway.close();
    client.close();
  }
}

