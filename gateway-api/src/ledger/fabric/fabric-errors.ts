import { status as GrpcStatus } from '@grpc/grpc-js';
import { LedgerRuleRefusal, LedgerUnavailableError, ruleRefusalOf } from '../ledger-errors';

interface GatewayErrorLike {
  name: string;
  code: number;
  message: string;
  details?: Array<{ address: string; message: string; mspId: string }>;
}

const isGatewayError = (err: unknown): err is GatewayErrorLike =>
  err instanceof Error && typeof (err as { code?: unknown }).code === 'number' && ['GatewayError', 'EndorseError', 'SubmitError', 'CommitStatusError'].includes(err.name);

/** A failure of the orderer to take a transaction: the same signed transaction may be sent again. */
export const isSubmitError = (err: unknown): boolean => isGatewayError(err) && err.name === 'SubmitError';

/**
 * A peer could not be reached or did not answer in time before anything was sent to the
 * orderer: nothing changed, so the same request may go to another organisation's peer.
 */
export class PeerUnreachableError extends LedgerUnavailableError {
  override readonly name = 'PeerUnreachableError';
}

/**
 * Fabric's errors as the port's typed failures. The chaincode's refusal is not in the message of
 * an EndorseError ("failed to endorse transaction, see attached details") but in `details[]`,
 * one per endorsing peer, as `chaincode response 500, ESTATE_RULE{…}`; evaluate puts it in the
 * message too. Anything else that did not reach a chaincode is the ledger being unavailable.
 */
export function translateFabricError(err: unknown, txId?: string): Error {
  if (err instanceof LedgerRuleRefusal || err instanceof LedgerUnavailableError) return err;
  if (!isGatewayError(err)) return err instanceof Error ? err : new Error(String(err));
  for (const text of [...(err.details ?? []).map((d) => d.message), err.message]) {
    const refusal = ruleRefusalOf(text);
    if (refusal) return refusal;
  }
  const detail = (err.details ?? []).map((d) => `${d.mspId}@${d.address}: ${d.message}`).join('; ');
  const message = `${err.name}: ${err.message}${detail ? ` (${detail})` : ''}`;
  const beforeOrdering = err.name === 'EndorseError' || err.name === 'GatewayError';
  // FAILED_PRECONDITION: the peer cannot find enough live peers to satisfy the endorsement policy
  // (a network just started, or peers down): nothing was endorsed either.
  const unreachable = err.code === GrpcStatus.UNAVAILABLE || err.code === GrpcStatus.DEADLINE_EXCEEDED || err.code === GrpcStatus.FAILED_PRECONDITION;
  return beforeOrdering && unreachable ? new PeerUnreachableError(message, txId) : new LedgerUnavailableError(message, txId);
}
