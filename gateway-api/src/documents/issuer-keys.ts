import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { signSeal, type IssuerKey, type IssuerKeySet, type SealClaims } from '@estate-ledger/api-schemas';

interface StoredKey {
  kid: string;
  office: string;
  createdAt: string;
  retiredAt?: string;
  /** P-256 private JWK (d, x, y). */
  privateJwk: JWK;
}

/**
 * The registry offices' seal keys (ES256), in one file of the gateway's (mode 600). Each office
 * signs with its newest unretired key; rotating retires it (it keeps verifying the seals it made
 * before) and creates the next. The public halves are the consortium's JWKS.
 */
export class IssuerKeys {
  /** An office's first key being created, so concurrent first seals share it. */
  private readonly creating = new Map<string, Promise<StoredKey>>();

  private constructor(
    private readonly file: string,
    private keys: StoredKey[],
  ) {}

  static load(file: string): IssuerKeys {
    const keys = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { keys: StoredKey[] }).keys : [];
    return new IssuerKeys(file, keys);
  }

  /** Every key, current and retired, public halves only. */
  keySet(): IssuerKeySet {
    return { keys: this.keys.map(publicKey) };
  }

  /** Signs a seal with the office's current key, creating the office's first key when it has none. */
  async seal(office: string, claims: SealClaims, now: Date): Promise<string> {
    const key = this.current(office) ?? (await this.firstKey(office, now));
    return signSeal(claims, key.kid, key.privateJwk);
  }

  /** Retires the office's current key at `now` and creates its successor; answers the new key. */
  async rotate(office: string, now: Date): Promise<IssuerKey> {
    const old = this.current(office);
    if (old) old.retiredAt = now.toISOString();
    return publicKey(await this.create(office, now));
  }

  private firstKey(office: string, now: Date): Promise<StoredKey> {
    const pending = this.creating.get(office) ?? this.create(office, now).finally(() => this.creating.delete(office));
    this.creating.set(office, pending);
    return pending;
  }

  private current(office: string): StoredKey | undefined {
    return this.keys.filter((k) => k.office === office && k.retiredAt === undefined).at(-1);
  }

  private async create(office: string, now: Date): Promise<StoredKey> {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const privateJwk = await exportJWK(privateKey);
    // A short id from the key itself (RFC 7638 thumbprint): the QR carries it in every seal.
    const kid = (await calculateJwkThumbprint({ kty: 'EC', crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y })).slice(0, 10);
    const key: StoredKey = { kid, office, createdAt: now.toISOString(), privateJwk };
    this.keys.push(key);
    this.save();
    return key;
  }

  private save(): void {
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ keys: this.keys }, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

function publicKey(k: StoredKey): IssuerKey {
  const { x, y } = k.privateJwk;
  if (!x || !y) throw new Error(`Issuer key ${k.kid} has no public point`);
  return { kty: 'EC', crv: 'P-256', x, y, kid: k.kid, alg: 'ES256', use: 'sig', office: k.office, createdAt: k.createdAt, ...(k.retiredAt && { retiredAt: k.retiredAt }) };
}
