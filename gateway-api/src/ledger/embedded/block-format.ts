import { createHash } from 'node:crypto';
import { canonicalBytes, canonicalJson, CanonicalText, type LedgerEvent } from '@estate-ledger/chaincode';
import { blockHeaderBytes, type BlockHeader } from '../block-header';
import type { ValidationCode } from '../validation-codes';
import type { ReadWriteSet } from './embedded-stub';

/**
 * Block and transaction layout of the embedded ledger, modelled on Fabric's: the block hash is
 * SHA-256 over the DER encoding of (number, previous hash, data hash), exactly as
 * protoutil.BlockHeaderBytes; the data hash covers every transaction envelope.
 */
export interface Endorsement {
  msp: string;
  certPem: string;
  signature: string;
}

export interface Proposal {
  txId: string;
  timestamp: string;
  channel: string;
  chaincode: string;
  fn: string;
  args: string[];
  creator: { msp: string; certPem: string };
}

export interface ProposalResponse {
  txId: string;
  status: number;
  payload: string;
  rwset: ReadWriteSet;
  event: { name: string; payload: string } | null;
}

export interface Envelope {
  proposal: Proposal;
  creatorSignature: string;
  response: ProposalResponse;
  endorsements: Endorsement[];
}

/** The validation codes the embedded ledger's validator produces: a subset of Fabric's. */
export type EmbeddedValidationCode = Extract<ValidationCode, 'VALID' | 'DUPLICATE_TXID' | 'ENDORSEMENT_POLICY_FAILURE' | 'MVCC_READ_CONFLICT' | 'PHANTOM_READ_CONFLICT'>;

export interface Block {
  header: BlockHeader;
  data: Envelope[];
  metadata: {
    validation: EmbeddedValidationCode[];
    timestamp: string;
    /** The ordering node's signature over the block hash and its metadata. */
    signer: { msp: string; certPem: string; signature: string };
  };
}

export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function blockHash(h: BlockHeader): string {
  return sha256(Buffer.from(blockHeaderBytes(h)));
}

/** SHA-256 over the canonical envelopes, in block order. */
export function dataHash(envelopes: string[]): string {
  const hash = createHash('sha256');
  for (const env of envelopes) hash.update(env);
  return hash.digest('hex');
}

/** What the creator signs. */
export function proposalBytes(p: Proposal): Buffer {
  return canonicalBytes(p);
}

/** What each endorsing peer signs: the simulation result bound to the proposal. */
export function responseBytes(r: ProposalResponse): Buffer {
  return canonicalBytes(r);
}

/** An envelope's canonical JSON around its proposal and response bytes as they were signed (not encoded twice). */
export function envelopeJson(env: Envelope, signed: { proposal: Buffer; response: Buffer }): string {
  return canonicalJson({ ...env, proposal: new CanonicalText(signed.proposal.toString('utf8')), response: new CanonicalText(signed.response.toString('utf8')) });
}

/** A block's stored bytes: its canonical JSON, around its envelopes' canonical JSON. */
export function blockBytes(block: Block, envelopes: string[]): Buffer {
  return canonicalBytes({ ...block, data: envelopes.map((e) => new CanonicalText(e)) });
}

export function blockSignatureBytes(hash: string, validation: EmbeddedValidationCode[], timestamp: string): Buffer {
  return canonicalBytes({ hash, validation, timestamp });
}

export function eventOf(env: Envelope): LedgerEvent | undefined {
  return env.response.event ? (JSON.parse(env.response.event.payload) as LedgerEvent) : undefined;
}
