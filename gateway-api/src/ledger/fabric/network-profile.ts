import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { MSP_IDS, type MspId } from '@estate-ledger/chaincode';

const zPeer = z.object({
  org: z.string(),
  /** host:port of the peer's gRPC listener (its Gateway service). */
  endpoint: z.string().regex(/^[^:]+:\d+$/),
  /** TLS server name to expect, when the endpoint's host is an IP address the certificate names too. */
  hostAlias: z.string().optional(),
  tlsRootCert: z.string(),
});

const zIdentity = z.object({
  msp: z.enum(MSP_IDS),
  role: z.string(),
  court: z.string().optional(),
  /** PEM files: the X.509 certificate carrying the role (and court) attribute, and its PKCS#8 key. */
  cert: z.string(),
  key: z.string(),
});

/**
 * How a gateway reaches a Fabric network: the channel and chaincode, every organisation's peer
 * and the staff identities it may sign with. `npm run network:up` writes one for the local test
 * network (test-network/.run/network.json); an operator writes one for an existing network.
 */
export const zNetworkProfile = z.object({
  channel: z.string().min(1),
  chaincode: z.string().min(1),
  peers: z.record(z.enum(MSP_IDS), zPeer),
  identities: z.array(zIdentity).min(1),
});

export type NetworkProfile = z.infer<typeof zNetworkProfile>;
export type PeerProfile = z.infer<typeof zPeer>;

export function readNetworkProfile(file: string): NetworkProfile {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`FABRIC_NETWORK: cannot read ${file} (${(err as Error).message}); run npm run network:up or point it at your network's profile`);
  }
  const parsed = zNetworkProfile.safeParse(raw);
  if (!parsed.success) throw new Error(`FABRIC_NETWORK: ${file} is not a network profile: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The peers to use, this organisation's own first: another agency's peer serves when it is down. */
export function peersInPreferenceOrder(profile: NetworkProfile, own: MspId): Array<[MspId, PeerProfile]> {
  const all = Object.entries(profile.peers) as Array<[MspId, PeerProfile]>;
  return [...all.filter(([m]) => m === own), ...all.filter(([m]) => m !== own)];
}
