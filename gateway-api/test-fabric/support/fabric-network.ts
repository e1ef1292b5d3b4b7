import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { MspId } from '@estate-ledger/chaincode';
import { readNetworkProfile, type NetworkProfile } from '../../src/ledger/fabric/network-profile';

export const REPO = resolve(__dirname, '..', '..', '..');
export const NETWORK_SCRIPT = join(REPO, 'test-network', 'scripts', 'network.sh');
export const BINARIES_SCRIPT = join(REPO, 'test-network', 'scripts', 'build-binaries.sh');
export const PROFILE_FILE = join(REPO, 'test-network', '.run', 'network.json');

const run = promisify(execFile);

/** The extra fields `network:up` writes for the CLI: binaries, FABRIC_CFG_PATH, each org's admin MSP. */
interface CliProfile {
  binDir: string;
  configDir: string;
  peers: Record<MspId, { endpoint: string; tlsRootCert: string; adminMsp: string; org: string }>;
}

export function networkProfile(): NetworkProfile {
  return readNetworkProfile(PROFILE_FILE);
}

function cliProfile(): CliProfile {
  return JSON.parse(readFileSync(PROFILE_FILE, 'utf8')) as CliProfile;
}

/** Runs a test-network script step, its output shown (the steps print their durations). */
export function networkScript(script: string, ...args: string[]): void {
  const r = spawnSync('bash', [script, ...args], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) throw new Error(`bash ${script} ${args.join(' ')} exited ${r.status}`);
}

/** `peer …` as an organisation's admin against its own peer, as an operator would check state. */
export async function peerCli(msp: MspId, args: string[]): Promise<Buffer> {
  const p = cliProfile();
  const peer = p.peers[msp];
  const env = {
    ...process.env,
    FABRIC_CFG_PATH: p.configDir,
    CORE_PEER_TLS_ENABLED: 'true',
    CORE_PEER_LOCALMSPID: msp,
    CORE_PEER_ADDRESS: peer.endpoint,
    CORE_PEER_TLS_ROOTCERT_FILE: peer.tlsRootCert,
    CORE_PEER_MSPCONFIGPATH: peer.adminMsp,
  };
  const { stdout } = await run(join(p.binDir, 'peer'), args, { env, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export const stopPeer = (org: string) => run('bash', [NETWORK_SCRIPT, 'stop-peer', org], { cwd: REPO });
export const startPeer = (org: string) => run('bash', [NETWORK_SCRIPT, 'start-peer', org], { cwd: REPO });
