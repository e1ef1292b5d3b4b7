import { CompactSign, importJWK, type JWK } from 'jose';
import { SEAL_CLAIM_KEYS, type SealClaims } from '@estate-ledger/api-schemas';
import { CborTag, decodeCbor, encodeCbor, type CborValue } from '@estate-ledger/api-schemas/seal-cbor';

/** A seal in the previous format (a compact JWS with JSON claims), as documents sealed before the COSE seal carry. */
export const jwsSeal = async (claims: SealClaims, jwk: JWK, kid: string): Promise<string> =>
  new CompactSign(new TextEncoder().encode(JSON.stringify(claims))).setProtectedHeader({ alg: 'ES256', kid }).sign(await importJWK(jwk, 'ES256'));

/** The seal with one signed claim changed and its signature kept: what someone altering a printed code makes. */
export function alterSealClaim(seal: string, claim: keyof typeof SEAL_CLAIM_KEYS, change: (old: CborValue | undefined) => CborValue): string {
  const sign1 = decodeCbor(Buffer.from(seal, 'base64url')) as CborTag;
  const [protectedHeader, unprotected, payload, signature] = sign1.value as CborValue[];
  const claims = decodeCbor(payload as Uint8Array) as Map<number, CborValue>;
  claims.set(SEAL_CLAIM_KEYS[claim], change(claims.get(SEAL_CLAIM_KEYS[claim])));
  return Buffer.from(encodeCbor(new CborTag(sign1.tag, [protectedHeader, unprotected, encodeCbor(claims), signature]))).toString('base64url');
}
