import { createCipheriv, createDecipheriv, createHmac, hkdfSync } from 'node:crypto';
import { maskName, maskResidentId } from '@estate-ledger/chaincode';

/**
 * Names and ID numbers at rest in the read model: AES-256-GCM with a key from configuration,
 * plus a keyed blind index (HMAC-SHA256) for exact look-up by ID number.
 *
 * The IV is derived from the plaintext (HMAC, SIV style) instead of drawn at random, so that a
 * rebuild yields byte-identical tables. Equal plaintexts give equal ciphertexts, which reveals
 * no more than the blind index already does; distinct plaintexts never share an IV.
 */
export class PiiVault {
  private readonly encKey: Buffer;
  private readonly ivKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('PII key must be 32 bytes (base64 of 32 random bytes)');
    const derive = (label: string) => Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `estate-ledger pii ${label}`, 32));
    this.encKey = derive('encryption');
    this.ivKey = derive('iv');
    this.indexKey = derive('blind-index');
  }

  encrypt(plain: string): string {
    const iv = createHmac('sha256', this.ivKey).update(plain).digest().subarray(0, 12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64');
  }

  decrypt(sealed: string): string {
    const bytes = Buffer.from(sealed, 'base64');
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, bytes.subarray(0, 12));
    decipher.setAuthTag(bytes.subarray(bytes.length - 16));
    return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString('utf8');
  }

  /** ID numbers compare case-insensitively (a resident ID's check character may be x or X). */
  blindIndex(idNumber: string): string {
    return createHmac('sha256', this.indexKey).update(idNumber.trim().toUpperCase()).digest('hex');
  }
}

export interface PartyView {
  ref: string;
  kind: 'PERSON' | 'ORG';
  name: string;
  idNumber: string;
  masked: boolean;
}

/** 张三丰 → 张*丰, 511702198503120117 → 5117**********0117; organisations keep their name. */
export function maskParty(p: { ref: string; kind: 'PERSON' | 'ORG'; name: string; idNumber: string }): PartyView {
  return { ref: p.ref, kind: p.kind, name: p.kind === 'PERSON' ? maskName(p.name) : p.name, idNumber: maskResidentId(p.idNumber), masked: true };
}
