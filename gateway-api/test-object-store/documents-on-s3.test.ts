import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { MATERIALS_CHECKLIST } from '@estate-ledger/chaincode';
import { DocumentStoreUnavailableError } from '../src/documents/document-store';
import { S3DocumentStore } from '../src/documents/s3-document-store';
import { startCitizenGateway, type CitizenGateway } from '../test/support/citizen-gateway';
import type { GatewayFixture } from '../test/support/gateway-fixture';
import type { HttpScenario } from '../test/support/http-scenario';
import { startSeaweedFs, type ObjectStore } from './support/seaweedfs';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (label: string) => Buffer.concat([Buffer.from(`%PDF-1.7\n% ${label}\n`), Buffer.alloc(800, 0x20), Buffer.from('\n%%EOF\n')]);
const keyOf = (sha256: string) => `documents/${sha256.slice(0, 2)}/${sha256}`;

describe('uploaded materials in an S3-compatible object store (SeaweedFS)', () => {
  let store: ObjectStore;
  /** The store's own API, to look at and to damage what the gateway wrote. */
  let raw: S3Client;

  beforeAll(async () => {
    store = await startSeaweedFs();
    raw = new S3Client({ endpoint: store.settings.endpoint, region: store.settings.region, credentials: store.settings.credentials, forcePathStyle: true });
  });
  afterAll(async () => {
    raw?.destroy();
    await store?.stop();
  });

  const rawBytes = async (sha256: string) =>
    Buffer.from(await (await raw.send(new GetObjectCommand({ Bucket: store.settings.bucket, Key: keyOf(sha256) }))).Body!.transformToByteArray());
  const overwrite = (sha256: string, bytes: Buffer) => raw.send(new PutObjectCommand({ Bucket: store.settings.bucket, Key: keyOf(sha256), Body: bytes }));

  describe('the adapter', () => {
    let documents: S3DocumentStore;
    beforeAll(() => {
      documents = new S3DocumentStore(store.settings);
    });
    afterAll(() => documents.close());

    it('stores bytes under their hash once, reads them back, and answers nothing for an unknown hash', async () => {
      const bytes = pdf('stored once');
      await documents.put(sha(bytes), bytes);
      await documents.put(sha(bytes), bytes);
      expect(await documents.get(sha(bytes))).toEqual(bytes);
      expect(await rawBytes(sha(bytes))).toEqual(bytes);
      expect(await documents.get('0'.repeat(64))).toBeUndefined();
    });

    it('has the store refuse bytes that are not the document the hash names, keeping nothing', async () => {
      const bytes = pdf('not what the hash says');
      const claimed = sha(pdf('another document'));
      await expect(documents.put(claimed, bytes)).rejects.toThrow(DocumentStoreUnavailableError);
      expect(await documents.get(claimed)).toBeUndefined();
    });

    it('refuses an object changed in the store instead of serving it as the document', async () => {
      const bytes = pdf('to be damaged');
      await documents.put(sha(bytes), bytes);
      await overwrite(sha(bytes), pdf('damaged'));
      await expect(documents.get(sha(bytes))).rejects.toThrow(/does not hash to it/);
    });

    it('reports a store it cannot reach as unavailable', async () => {
      const away = new S3DocumentStore({ ...store.settings, endpoint: 'http://127.0.0.1:9' });
      await expect(away.get(sha(pdf('x')))).rejects.toThrow(DocumentStoreUnavailableError);
      await expect(away.put(sha(pdf('x')), pdf('x'))).rejects.toThrow(DocumentStoreUnavailableError);
      away.close();
    });

    it('refuses credentials the store does not know', async () => {
      const stranger = new S3DocumentStore({ ...store.settings, credentials: { accessKeyId: 'stranger', secretAccessKey: 'wrong-secret' } });
      await expect(stranger.put(sha(pdf('y')), pdf('y'))).rejects.toThrow(/could not store document/);
      stranger.close();
    });
  });

  describe('the gateway configured with S3_BUCKET', () => {
    let gateway: CitizenGateway | undefined;
    let fx: GatewayFixture;
    let s: HttpScenario;
    let alice: string;
    let bob: string;

    beforeAll(async () => {
      gateway = await startCitizenGateway('pglite', store.env);
      ({ fx, s, alice, bob } = gateway);
    });
    afterAll(() => gateway?.close());

    it("keeps a citizen's uploaded files in the bucket, hashing to the ledger's hashes, readable by her and the case's staff only", async () => {
      const [unit] = await s.building(Math.floor(Math.random() * 9000) + 100, 1);
      const { contractId } = await s.soldTo('alice', unit);
      const files = MATERIALS_CHECKLIST.TRANSFER.map((type) => [type, pdf(`${type} of ${unit}`)] as const);
      const form = new FormData();
      form.append('metadata', JSON.stringify({ businessType: 'TRANSFER', unitNumber: unit, contractId }));
      for (const [type, bytes] of files) form.append(type, new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), `${type}.pdf`);
      const filed = await fx.request<{ record: { materials: Array<{ type: string; sha256: string }> } }>('POST', '/api/v1/applicant/applications', { headers: { authorization: `Bearer ${alice}` }, form });
      expect(filed.status).toBe(201);
      expect(filed.body.record.materials).toEqual(files.map(([type, bytes]) => ({ type, sha256: sha(bytes) })));

      for (const [, bytes] of files) {
        expect(sha(await rawBytes(sha(bytes)))).toBe(sha(bytes));
        const hers = await fx.request('GET', `/api/v1/applicant/documents/${sha(bytes)}`, { headers: { authorization: `Bearer ${alice}` } });
        expect(sha(hers.bytes)).toBe(sha(bytes));
        expect(sha((await fx.request('GET', `/api/v1/documents/${sha(bytes)}`, { key: s.key('clerk') })).bytes)).toBe(sha(bytes));
        expect((await fx.request('GET', `/api/v1/applicant/documents/${sha(bytes)}`, { headers: { authorization: `Bearer ${bob}` } })).status).toBe(404);
      }

      // Bytes changed behind the gateway's back are never served as the case's material.
      const [, first] = files[0];
      await overwrite(sha(first), pdf('swapped in the bucket'));
      const refused = await fx.request('GET', `/api/v1/documents/${sha(first)}`, { key: s.key('clerk') });
      expect(refused).toMatchObject({ status: 503, body: { error: { code: 'DOCUMENT_STORE_UNAVAILABLE' } } });
    });
  });
});
