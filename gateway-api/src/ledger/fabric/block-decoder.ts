import { createHash } from 'node:crypto';
import { common, ledger, msp, peer } from '@hyperledger/fabric-protos';
import type { LedgerEvent } from '@estate-ledger/chaincode';
import { blockHeaderBytes } from '../block-header';
import { splitCompositeKey } from '../composite-key';
import type { CommittedBlock, CommittedTransaction, StateWrite } from '../ledger-port';
import { validationCodeName } from '../validation-codes';

/** Index of the transaction validation flags in a block's metadata (common.BlockMetadataIndex). */
const TRANSACTIONS_FILTER = common.BlockMetadataIndex.TRANSACTIONS_FILTER;

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const utf8 = (b: Uint8Array) => Buffer.from(b).toString('utf8');
const sha256Hex = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function mspOf(serializedIdentity: Uint8Array): string {
  return msp.SerializedIdentity.deserializeBinary(serializedIdentity).getMspid();
}

function isoOf(ts: { getSeconds(): number; getNanos(): number } | undefined): string {
  if (!ts) return new Date(0).toISOString();
  return new Date(ts.getSeconds() * 1000 + Math.floor(ts.getNanos() / 1e6)).toISOString();
}

interface EndorsedAction {
  fn: string;
  args: string[];
  endorsers: string[];
  writes: StateWrite[];
  privateWrites: CommittedTransaction['privateWrites'];
  event?: LedgerEvent;
}

/**
 * The chaincode action of an endorser transaction: the invoked function and its public arguments
 * (the transient map, where parties travel, is never in the block), the endorsing organisations,
 * the public writes of `chaincodeName`, and only the hashes of its private writes.
 */
function decodeEndorsedAction(payloadData: Uint8Array, chaincodeName: string): EndorsedAction {
  const action = peer.Transaction.deserializeBinary(payloadData).getActionsList()[0];
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const proposalPayload = peer.ChaincodeProposalPayload.deserializeBinary(actionPayload.getChaincodeProposalPayload_asU8());
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(proposalPayload.getInput_asU8()).getChaincodeSpec();
  const invoked = spec?.getChaincodeId()?.getName() ?? '';
  const [fnBytes, ...argBytes] = spec?.getInput()?.getArgsList_asU8() ?? [];
  // Another chaincode's call (the lifecycle's approvals and commit) is named, not decoded: its
  // arguments are protobuf bytes, meaningless here.
  const ours = invoked === chaincodeName;
  const fn = fnBytes ? (ours ? utf8(fnBytes) : `${invoked}:${utf8(fnBytes)}`) : '';
  const args = ours ? argBytes.map(utf8) : [];
  const endorsed = actionPayload.getAction();
  const endorsers = (endorsed?.getEndorsementsList() ?? []).map((e) => mspOf(e.getEndorser_asU8()));
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(endorsed?.getProposalResponsePayload_asU8() ?? new Uint8Array());
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());

  const writes: StateWrite[] = [];
  const privateWrites: CommittedTransaction['privateWrites'] = [];
  for (const ns of ledger.rwset.TxReadWriteSet.deserializeBinary(chaincodeAction.getResults_asU8()).getNsRwsetList()) {
    if (ns.getNamespace() !== chaincodeName) continue;
    for (const w of ledger.rwset.kvrwset.KVRWSet.deserializeBinary(ns.getRwset_asU8()).getWritesList()) {
      const key = w.getKey();
      writes.push({ ...splitCompositeKey(key), key, isDelete: w.getIsDelete(), value: w.getIsDelete() ? undefined : utf8(w.getValue_asU8()) });
    }
    for (const coll of ns.getCollectionHashedRwsetList()) {
      for (const w of ledger.rwset.kvrwset.HashedRWSet.deserializeBinary(coll.getHashedRwset_asU8()).getHashedWritesList()) {
        privateWrites.push({ collection: coll.getCollectionName(), keyHash: hex(w.getKeyHash_asU8()), valueHash: hex(w.getValueHash_asU8()), isDelete: w.getIsDelete() });
      }
    }
  }
  const eventBytes = chaincodeAction.getEvents_asU8();
  const event = eventBytes.length ? peer.ChaincodeEvent.deserializeBinary(eventBytes).getPayload_asU8() : undefined;
  return { fn, args, endorsers, writes, privateWrites, event: event?.length ? (JSON.parse(utf8(event)) as LedgerEvent) : undefined };
}

/**
 * A Fabric block as the port describes committed blocks. The header hash is computed the way
 * Fabric does (the peers' API does not return it); configuration transactions (the genesis block,
 * channel updates) appear with an empty function and no writes.
 */
export function decodeBlock(block: common.Block, chaincodeName: string): CommittedBlock {
  const header = block.getHeader();
  if (!header) throw new Error('block without a header');
  const number = Number(header.getNumber());
  const previousHash = hex(header.getPreviousHash_asU8());
  const dataHash = hex(header.getDataHash_asU8());
  const flags = block.getMetadata()?.getMetadataList_asU8()[TRANSACTIONS_FILTER] ?? new Uint8Array();

  const transactions = (block.getData()?.getDataList_asU8() ?? []).map((envelopeBytes, index): CommittedTransaction => {
    const payload = common.Payload.deserializeBinary(common.Envelope.deserializeBinary(envelopeBytes).getPayload_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(payload.getHeader()?.getChannelHeader_asU8() ?? new Uint8Array());
    const signatureHeader = common.SignatureHeader.deserializeBinary(payload.getHeader()?.getSignatureHeader_asU8() ?? new Uint8Array());
    const endorser = channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION;
    const action: EndorsedAction = endorser
      ? decodeEndorsedAction(payload.getData_asU8(), chaincodeName)
      : { fn: '', args: [], endorsers: [], writes: [], privateWrites: [] };
    return {
      txId: channelHeader.getTxId() || sha256Hex(envelopeBytes),
      index,
      // A block fetched before validation has no flags; the deliver service only sends committed blocks.
      code: validationCodeName(flags[index] ?? 0),
      timestamp: isoOf(channelHeader.getTimestamp()),
      creatorMsp: mspOf(signatureHeader.getCreator_asU8()),
      ...action,
      envelope: envelopeBytes,
    };
  });
  const hash = sha256Hex(blockHeaderBytes({ number, previousHash, dataHash }));
  return { number, hash, previousHash, dataHash, transactions };
}
