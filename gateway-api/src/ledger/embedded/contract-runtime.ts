import 'reflect-metadata';
import { ClientIdentity } from 'fabric-shim';
import { contracts, type EstateContext } from '@estate-ledger/chaincode';
import type { EmbeddedStub } from './embedded-stub';

type TransactionFn = (ctx: EstateContext, ...args: string[]) => Promise<string>;
interface Entry {
  contract: InstanceType<(typeof contracts)[number]>;
  fn: TransactionFn;
  submit: boolean;
}

/**
 * Runs the chaincode's contract classes in-process, the way fabric-contract-api dispatches
 * `Contract:function`: only functions declared with @Transaction are callable.
 */
export class ContractRuntime {
  private readonly entries = new Map<string, Entry>();
  private readonly identities = new Map<string, ClientIdentity>();

  constructor() {
    for (const Type of contracts) {
      const contract = new Type();
      const declared = (Reflect.getMetadata('fabric:transactions', Type.prototype) ?? []) as Array<{ name: string; tag?: string[] }>;
      for (const t of declared) {
        const fn = (contract as unknown as Record<string, TransactionFn>)[t.name];
        this.entries.set(`${contract.getName()}:${t.name}`, { contract, fn, submit: (t.tag ?? []).includes('SUBMIT') });
      }
    }
  }

  functions(): string[] {
    return [...this.entries.keys()];
  }

  isSubmit(name: string): boolean {
    return this.entries.get(name)?.submit ?? false;
  }

  async invoke(stub: EmbeddedStub, creator: { msp: string; certPem: string }, name: string, args: string[]): Promise<string> {
    const entry = this.entries.get(name);
    // A fault of the caller's code, not a refusal: Fabric's contract runtime answers it the same way.
    if (!entry) throw new Error(`No transaction function ${name}`);
    const ctx = entry.contract.createContext();
    ctx.stub = stub as unknown as typeof ctx.stub;
    ctx.clientIdentity = this.identity(stub, creator);
    await entry.contract.beforeTransaction(ctx);
    const result = await entry.fn.call(entry.contract, ctx, ...args);
    await entry.contract.afterTransaction(ctx, result);
    return result;
  }

  /** ClientIdentity parses the certificate (and its attributes) once per identity. */
  private identity(stub: EmbeddedStub, creator: { msp: string; certPem: string }): ClientIdentity {
    let identity = this.identities.get(creator.certPem);
    if (!identity) {
      const idBytes = Buffer.from(creator.certPem);
      identity = new ClientIdentity({
        getChannelID: () => 'estate',
        getTxID: () => stub.getTxID(),
        getCreator: () => ({ mspid: creator.msp, idBytes }),
      } as unknown as ConstructorParameters<typeof ClientIdentity>[0]);
      this.identities.set(creator.certPem, identity);
    }
    return identity;
  }
}
