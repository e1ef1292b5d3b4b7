import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { signers, type Identity, type Signer } from '@hyperledger/fabric-gateway';
import type { MspId } from '@estate-ledger/chaincode';
import type { CallerIdentity } from '../ledger-port';
import type { NetworkProfile } from './network-profile';

export interface SigningCredentials {
  /** A stable key for caching a connection per identity. */
  key: string;
  identity: Identity;
  signer: Signer;
}

const keyOf = (c: CallerIdentity) => `${c.msp}/${c.role}/${c.court ?? ''}`;

/**
 * The staff identities one agency's gateway holds: one certificate and key per role (and court)
 * of its own organisation, as Fabric CA issues them with the `role`/`court` attributes the
 * chaincode reads. A caller of another organisation has no identity here.
 */
export class FabricIdentities {
  private readonly byKey = new Map<string, SigningCredentials>();

  constructor(profile: NetworkProfile, readonly msp: MspId) {
    for (const id of profile.identities.filter((i) => i.msp === msp)) {
      const key = keyOf(id);
      this.byKey.set(key, {
        key,
        identity: { mspId: id.msp, credentials: readFileSync(id.cert) },
        signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(id.key))),
      });
    }
    if (this.byKey.size === 0) throw new Error(`the network profile holds no ${msp} identity`);
  }

  /**
   * The credentials for a caller, or undefined. A caller that names a court gets only a
   * certificate of that court; one that names none (a read of the configuration) any of its role.
   */
  credentialsFor(caller: CallerIdentity): SigningCredentials | undefined {
    const exact = this.byKey.get(keyOf(caller));
    if (exact || caller.court !== undefined) return exact;
    return [...this.byKey.values()].find((c) => c.key.startsWith(`${caller.msp}/${caller.role}/`));
  }

  /** Any identity of the organisation: channel reads (height, blocks) need a member, not a role. */
  anyMember(): SigningCredentials {
    return this.byKey.values().next().value as SigningCredentials;
  }
}
