import { MSP_IDS, type MspId } from '@estate-ledger/chaincode';
import { FabricLedger } from '../../src/ledger/fabric/fabric-ledger';
import type { CommittedBlock, LedgerPort, SubmitRequest, SubmitResult } from '../../src/ledger/ledger-port';
import { networkProfile } from './fabric-network';

/**
 * The four agencies' Fabric connections behind one port, each request going through the
 * connection of its caller's organisation: how the conformance suite, which acts as several
 * agencies, drives a network where each gateway holds only its own agency's identities.
 */
export class ConsortiumLedger implements LedgerPort {
  private readonly ledgers: Map<MspId, FabricLedger>;

  constructor() {
    const profile = networkProfile();
    this.ledgers = new Map(MSP_IDS.map((msp) => [msp, new FabricLedger({ profile, msp })]));
  }

  private of(req: SubmitRequest): FabricLedger {
    return this.ledgers.get(req.identity.msp)!;
  }

  submit(req: SubmitRequest): Promise<SubmitResult> {
    return this.of(req).submit(req);
  }

  evaluate(req: SubmitRequest): Promise<string> {
    return this.of(req).evaluate(req);
  }

  blocks(fromBlock: number, signal: AbortSignal): AsyncIterable<CommittedBlock> {
    return this.ledgers.get('RegistryMSP')!.blocks(fromBlock, signal);
  }

  height(): Promise<number> {
    return this.ledgers.get('RegistryMSP')!.height();
  }

  async close(): Promise<void> {
    for (const l of this.ledgers.values()) await l.close();
  }
}
