import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3StoreSettings } from '../../src/documents/s3-document-store';

/** `npm run test:object-store` builds it first (build-seaweedfs.sh). */
const WEED = join(__dirname, '..', '.seaweedfs', 'weed');

export interface ObjectStore {
  settings: S3StoreSettings;
  /** The gateway's environment for this store. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

/** Ten consecutive free ports below Linux's ephemeral range (SeaweedFS's servers and their gRPC ports). */
async function freePorts(): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 1_200) * 10;
    const ports = Array.from({ length: 10 }, (_, i) => base + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return ports;
  }
  throw new Error('no ten consecutive free ports found between 20000 and 32000');
}

/**
 * A real S3-compatible server on 127.0.0.1: SeaweedFS in its all-in-one mode (master, volume,
 * filer and S3 gateway in one process), with an access key and the bucket created at start.
 */
export async function startSeaweedFs(bucket = 'estate-documents'): Promise<ObjectStore> {
  if (!existsSync(WEED)) throw new Error(`no SeaweedFS binary at ${WEED}: run bash gateway-api/test-object-store/build-seaweedfs.sh (npm run test:object-store does)`);
  const dir = mkdtempSync(join(tmpdir(), 'estate-seaweedfs-'));
  const [master, masterGrpc, volume, volumeGrpc, filer, filerGrpc, s3, s3Grpc, admin, adminGrpc] = await freePorts();
  const credentials = { accessKeyId: 'estate-registry', secretAccessKey: `secret-${Math.random().toString(36).slice(2)}` };
  const args = [
    'mini', `-dir=${dir}`, '-ip=127.0.0.1', '-ip.bind=127.0.0.1', '-webdav=false', '-admin.ui=false', '-admin.port.legacy=0',
    `-master.port=${master}`, `-master.port.grpc=${masterGrpc}`, `-volume.port=${volume}`, `-volume.port.grpc=${volumeGrpc}`,
    `-filer.port=${filer}`, `-filer.port.grpc=${filerGrpc}`, `-s3.port=${s3}`, `-s3.port.grpc=${s3Grpc}`,
    `-admin.port=${admin}`, `-admin.port.grpc=${adminGrpc}`, '-s3.port.iceberg=0', '-s3.port.lance=0',
  ];
  // In its all-in-one mode SeaweedFS makes these the admin identity's keys and creates the bucket.
  const child = spawn(WEED, args, {
    env: { ...process.env, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, S3_BUCKET: bucket },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const endpoint = `http://127.0.0.1:${s3}`;
  await untilReady(child, endpoint, () => output);
  const settings: S3StoreSettings = { endpoint, region: 'us-east-1', bucket, prefix: 'documents/', credentials, forcePathStyle: true };
  return {
    settings,
    env: { S3_ENDPOINT: endpoint, S3_BUCKET: bucket, S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey },
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Until the S3 gateway answers and the start-up banner says every component is ready. */
async function untilReady(child: ChildProcess, endpoint: string, output: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`SeaweedFS exited with ${child.exitCode}:\n${output().slice(-2000)}`);
    const answered = await fetch(endpoint, { signal: AbortSignal.timeout(1_000) }).then(() => true, () => false);
    if (answered && output().includes('All enabled components are running')) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`SeaweedFS did not become ready within 60 s:\n${output().slice(-2000)}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
