import { base64url, compactVerify, decodeProtectedHeader, importJWK } from 'jose';
import { z } from 'zod';

/**
 * The seal a certificate's or proof's QR code carries: a compact ES256 JWS signed by the issuing
 * registry office, checked offline against the consortium's published keys (JWKS). One module for
 * the gateway (which signs), its tests and the verify page (which checks in the browser), so the
 * claims and the key rules are written once. jose and zod only: no Node APIs.
 *
 * Claims are one letter each to keep the QR small enough for a phone to read from paper; no ID
 * number or name is in them. The document hash is the SHA-256 of the document's canonical JSON
 * (its `docHash` on the ledger), base64url.
 */
export const zSealClaims = z.strictObject({
  /** Document number: 川(2026)达州市不动产权第0000001号, or a holdings proof's number. */
  n: z.string().min(1).max(60),
  /** SHA-256 of the canonical JSON document, base64url without padding (43 characters). */
  h: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  /** Kind: T 不动产权证书, P 不动产登记证明, H 有房/无房证明 (holdings proof). */
  k: z.enum(['T', 'P', 'H']),
  /** Unit number (certificates). */
  u: z.string().length(28).optional(),
  /** Register version the certificate was issued at. */
  v: z.int().nonnegative().optional(),
  /** Issued at, Unix seconds. */
  i: z.int().positive(),
  /** Valid until, Unix seconds (holdings proofs). */
  x: z.int().positive().optional(),
});
export type SealClaims = z.infer<typeof zSealClaims>;

/** One issuer key as the consortium publishes it: a P-256 public JWK with its office and its signing period. */
export const zIssuerKey = z
  .object({
    kty: z.literal('EC'),
    crv: z.literal('P-256'),
    x: z.string(),
    y: z.string(),
    kid: z.string().meta({ description: 'Key id: the JWS header names it' }),
    alg: z.literal('ES256'),
    use: z.literal('sig'),
    office: z.string().meta({ description: 'The registry office (登记机构) that signs with this key', example: '达州市不动产登记中心' }),
    createdAt: z.iso.datetime({ offset: true }),
    retiredAt: z.iso.datetime({ offset: true }).optional().meta({
      description: 'When the key stopped signing (rotation, or withdrawal after a compromise). Seals it made for documents issued before this keep verifying; a seal it made for a document issued at or after this is refused (RETIRED_KEY).',
    }),
  })
  .meta({ id: 'IssuerKey' });
export type IssuerKey = z.infer<typeof zIssuerKey>;

export const zIssuerKeySet = z.object({ keys: z.array(zIssuerKey) }).meta({
  id: 'IssuerKeySet',
  description: "The registry offices' seal keys (JWKS, RFC 7517) with key ids, current and retired; verifiers cache it to check QR seals offline",
});
export type IssuerKeySet = z.infer<typeof zIssuerKeySet>;

/** Why a seal is refused; each is named to the person checking. */
export const SEAL_REFUSALS = ['MALFORMED', 'UNKNOWN_KEY', 'BAD_SIGNATURE', 'RETIRED_KEY'] as const;
export type SealRefusal = (typeof SEAL_REFUSALS)[number];

export type SealVerdict =
  | { ok: true; claims: SealClaims; office: string; kid: string }
  | { ok: false; reason: SealRefusal; detail: string; kid?: string };

const refuse = (reason: SealRefusal, detail: string, kid?: string): SealVerdict => ({ ok: false, reason, detail, ...(kid !== undefined && { kid }) });

/**
 * Checks a seal against a key set, offline. Order: shape, key id (UNKNOWN_KEY), signature
 * (BAD_SIGNATURE: forged, or altered after signing), claims, then the key's signing period
 * (RETIRED_KEY: a retired key cannot vouch for a document issued after it retired).
 */
export async function verifySeal(token: string, keys: IssuerKeySet): Promise<SealVerdict> {
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'ES256' || typeof header.kid !== 'string') return refuse('MALFORMED', 'The seal is not an ES256 JWS with a key id');
    kid = header.kid;
  } catch {
    return refuse('MALFORMED', 'The code is not a registry seal');
  }
  const key = keys.keys.find((k) => k.kid === kid);
  if (!key) return refuse('UNKNOWN_KEY', `No registry office publishes key ${kid}`, kid);
  let payload: Uint8Array;
  try {
    const { kty, crv, x, y } = key;
    ({ payload } = await compactVerify(token, await importJWK({ kty, crv, x, y }, 'ES256')));
  } catch {
    return refuse('BAD_SIGNATURE', `The signature does not match key ${kid} of ${key.office}: the seal was forged or altered`, kid);
  }
  let claims: SealClaims;
  try {
    claims = zSealClaims.parse(JSON.parse(new TextDecoder().decode(payload)));
  } catch {
    return refuse('MALFORMED', 'The signed content is not a document seal', kid);
  }
  if (key.retiredAt !== undefined && claims.i * 1000 >= Date.parse(key.retiredAt)) {
    return refuse('RETIRED_KEY', `Key ${kid} of ${key.office} retired at ${key.retiredAt}, before this document's issue`, kid);
  }
  return { ok: true, claims, office: key.office, kid };
}

/** The seal's document hash as the verify route takes it (lowercase hex). */
export function sealHashHex(claims: SealClaims): string {
  return Array.from(base64url.decode(claims.h), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A lowercase hex SHA-256 as the seal carries it (base64url). */
export function sealHashOf(hex: string): string {
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return base64url.encode(bytes);
}
