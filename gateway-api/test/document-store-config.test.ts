import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/gateway-config';

// The store itself is tested on a real S3 server by `npm run test:object-store`.
describe('the document store setting (S3_*)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'estate-config-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('keeps documents on disk or in PostgreSQL unless S3_BUCKET names a bucket', () => {
    expect(loadConfig({ DATA_DIR: dir }).s3Documents).toBeUndefined();
    expect(loadConfig({ DATA_DIR: dir, S3_ENDPOINT: 'http://127.0.0.1:8333' }).s3Documents).toBeUndefined();
  });

  it('addresses an S3-compatible endpoint by path, AWS by host name, each under a prefix ending in a slash', () => {
    expect(loadConfig({ DATA_DIR: dir, S3_BUCKET: 'docs', S3_ENDPOINT: 'http://127.0.0.1:8333', S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's', S3_PREFIX: 'dazhou' }).s3Documents).toEqual({
      endpoint: 'http://127.0.0.1:8333', region: 'us-east-1', bucket: 'docs', prefix: 'dazhou/', credentials: { accessKeyId: 'k', secretAccessKey: 's' }, forcePathStyle: true,
    });
    expect(loadConfig({ DATA_DIR: dir, S3_BUCKET: 'docs', S3_REGION: 'cn-north-1' }).s3Documents).toEqual({
      endpoint: undefined, region: 'cn-north-1', bucket: 'docs', prefix: 'documents/', credentials: undefined, forcePathStyle: false,
    });
  });

  it('refuses half a key pair and an endpoint that is not an http(s) URL, naming the variable', () => {
    expect(() => loadConfig({ DATA_DIR: dir, S3_BUCKET: 'docs', S3_ACCESS_KEY_ID: 'k' })).toThrow('S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together');
    expect(() => loadConfig({ DATA_DIR: dir, S3_BUCKET: 'docs', S3_ENDPOINT: '127.0.0.1:8333' })).toThrow('S3_ENDPOINT must be an http(s) URL');
  });
});
