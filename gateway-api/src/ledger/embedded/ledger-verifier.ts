import { canonicalJson } from '@estate-ledger/chaincode';
import { blockHash, blockSignatureBytes, dataHash, proposalBytes, responseBytes, type Block } from './block-format';
import { issuedBy, verifyBytes, type CryptoMaterialFile } from './crypto-material';
import type { LedgerStore } from './ledger-store';

export interface VerificationReport {
  height: number;
  transactions: number;
  problems: string[];
}

/**
 * Checks a stored ledger end to end: every block is canonical, numbered in order, chained to
 * the previous hash, its data hash covers its transactions, the ordering signature covers its
 * hash and validation codes, and every creator and endorser signature verifies with a
 * certificate issued by that organisation's CA.
 */
export async function verifyLedger(store: LedgerStore, material: CryptoMaterialFile): Promise<VerificationReport> {
  const problems: string[] = [];
  const trusted = new Map<string, boolean>();
  const certOk = async (msp: string, certPem: string) => {
    const key = `${msp}\n${certPem}`;
    if (!trusted.has(key)) {
      const ca = material.cas[msp];
      trusted.set(key, !!ca && (await issuedBy(certPem, ca).catch(() => false)));
    }
    return trusted.get(key)!;
  };

  let previous = '';
  let transactions = 0;
  for (let n = 0; n < store.height; n++) {
    const bytes = await store.getBlock(n);
    if (!bytes) {
      problems.push(`block ${n}: missing`);
      break;
    }
    let block: Block;
    try {
      block = JSON.parse(bytes.toString('utf8')) as Block;
    } catch {
      problems.push(`block ${n}: not valid JSON`);
      break;
    }
    const at = `block ${n}`;
    if (canonicalJson(block) !== bytes.toString('utf8')) problems.push(`${at}: stored bytes are not the canonical encoding of its content`);
    if (block.header.number !== n) problems.push(`${at}: header number is ${block.header.number}`);
    if (block.header.previousHash !== previous) problems.push(`${at}: previous hash does not match block ${n - 1}`);
    if (dataHash(block.data.map((env) => canonicalJson(env))) !== block.header.dataHash) problems.push(`${at}: data hash does not match its transactions`);
    const hash = blockHash(block.header);
    const { signer, validation, timestamp } = block.metadata;
    if (validation.length !== block.data.length) problems.push(`${at}: ${validation.length} validation codes for ${block.data.length} transactions`);
    if (!(await certOk(signer.msp, signer.certPem)) || !verifyBytes(signer.certPem, blockSignatureBytes(hash, validation, timestamp), signer.signature)) {
      problems.push(`${at}: ordering signature does not verify`);
    }
    for (const [i, env] of block.data.entries()) {
      const tx = `${at} tx ${i} (${env.proposal.txId})`;
      const creator = env.proposal.creator;
      if (!(await certOk(creator.msp, creator.certPem)) || !verifyBytes(creator.certPem, proposalBytes(env.proposal), env.creatorSignature)) {
        problems.push(`${tx}: creator signature does not verify`);
      }
      if (env.response.txId !== env.proposal.txId) problems.push(`${tx}: response is bound to another transaction`);
      const signed = responseBytes(env.response);
      for (const e of env.endorsements) {
        if (!(await certOk(e.msp, e.certPem)) || !verifyBytes(e.certPem, signed, e.signature)) problems.push(`${tx}: endorsement by ${e.msp} does not verify`);
      }
      transactions += 1;
    }
    previous = hash;
  }
  if (problems.length === 0 && previous !== store.lastHash) problems.push('the recorded last block hash does not match the chain');
  return { height: store.height, transactions, problems };
}
