import { JsonRpcProvider, keccak256, Wallet } from 'ethers';

export interface ChainReceipt {
  blockNumber: number;
  blockHash: string;
  /** The chain block's timestamp. */
  time: string;
  succeeded: boolean;
  /** Blocks on top of and including the receipt's (1 = just mined). */
  confirmations: number;
  gasUsed: bigint;
}

export interface SignedAnchorTx {
  txHash: string;
  rawTx: string;
  nonce: number;
}

export interface AnchorChainOptions {
  rpcUrl: string;
  chainId: number;
  privateKey: string;
}

/**
 * The public chain as anchoring uses it, through ethers' JSON-RPC provider: sign a transaction
 * with a chosen nonce, broadcast exact signed bytes (again, harmlessly), read receipts. Every
 * call goes to the node; a node that is down makes the call fail and the anchor loop tries later.
 */
export class AnchorChain {
  private readonly provider: JsonRpcProvider;
  private readonly wallet: Wallet;

  constructor(readonly options: AnchorChainOptions) {
    // A static network: ethers neither probes the chain id in the background nor retries forever.
    // No answer cache: a nonce or receipt 250 ms old would sign a used nonce or miss a receipt.
    this.provider = new JsonRpcProvider(options.rpcUrl, options.chainId, { staticNetwork: true, batchMaxCount: 1, cacheTimeout: -1 });
    this.wallet = new Wallet(options.privateKey, this.provider);
  }

  get address(): string {
    return this.wallet.address.toLowerCase();
  }

  /** Signs a self-addressed transaction carrying `data`, with the next nonce the node reports. */
  async sign(data: string): Promise<SignedAnchorTx> {
    const nonce = await this.provider.getTransactionCount(this.wallet.address, 'pending');
    const tx = await this.wallet.populateTransaction({ to: this.wallet.address, data, value: 0n, nonce, chainId: this.options.chainId });
    const rawTx = await this.wallet.signTransaction(tx);
    return { rawTx, txHash: keccak256(rawTx), nonce };
  }

  /** Sends signed bytes; a node that already has them (pool or chain) is not an error. */
  async broadcast(rawTx: string): Promise<void> {
    try {
      await this.provider.broadcastTransaction(rawTx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (/already known|known transaction|nonce too low|already imported/i.test(message)) return;
      throw err;
    }
  }

  async receipt(txHash: string): Promise<ChainReceipt | null> {
    const r = await this.provider.getTransactionReceipt(txHash);
    if (!r) return null;
    const block = await this.provider.getBlock(r.blockNumber);
    if (!block) return null;
    const head = await this.provider.getBlockNumber();
    return { blockNumber: r.blockNumber, blockHash: r.blockHash, time: new Date(block.timestamp * 1000).toISOString(), succeeded: r.status === 1, confirmations: head - r.blockNumber + 1, gasUsed: r.gasUsed };
  }

  /** Whether a transaction with this nonce has been mined from the anchoring address. */
  async nonceUsed(nonce: number): Promise<boolean> {
    return (await this.provider.getTransactionCount(this.wallet.address, 'latest')) > nonce;
  }

  destroy(): void {
    this.provider.destroy();
  }
}
