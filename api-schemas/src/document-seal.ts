import { base64url, compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import { z } from 'zod';
import { CborTag, decodeCbor, encodeCbor, type CborMap, type CborValue } from './seal-cbor';

/**
 * The seal a certificate's or proof's QR code carries, signed by the issuing registry office and
 * checked offline against the consortium's published keys (JWKS). One module for the gateway
 * (which signs), its tests and the verify page (which checks in the browser), so the claims and
 * the key rules are written once. jose, zod and WebCrypto only: no Node APIs.
 *
 * Two formats, told apart by their shape:
 * - current: a COSE_Sign1 (RFC 9052, ES256), tagged, in base64url without padding. The claims are
 *   a CBOR map with small integer keys (SEAL_CLAIM_KEYS) and the hash as 32 raw bytes; the key id
 *   is in the signed header. A title's seal is about 280 bytes, what a phone reads from paper.
 * - before it: a compact ES256 JWS (header.payload.signature, with dots) whose payload is the
 *   claims as JSON. Seals recorded on the ledger in that format keep verifying, with the same rules.
 *
 * No ID number or name is in the claims. The document hash is the SHA-256 of the document's
 * canonical JSON (its `docHash` on the ledger).
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

/** The current seal's claim keys in its CBOR map (the claims of zSealClaims, by position). */
export const SEAL_CLAIM_KEYS = { n: 1, h: 2, k: 3, u: 4, v: 5, i: 6, x: 7 } as const;
/** COSE header parameters (RFC 9052 §3.1) and ES256's algorithm id, COSE_Sign1's tag. */
const COSE = { alg: 1, kid: 4, es256: -7, sign1Tag: 18 } as const;

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const utf8 = new TextEncoder();

/** The bytes a COSE_Sign1 signature covers (RFC 9052 §4.4, no external data). */
const toBeSigned = (protectedHeader: Uint8Array, payload: Uint8Array) => encodeCbor(['Signature1', protectedHeader, new Uint8Array(0), payload]);

const bufferOf = (bytes: Uint8Array): ArrayBuffer => bytes.slice().buffer;

/**
 * Seals `claims` with an office's private key (P-256 JWK) under key id `kid`: the current format,
 * a tagged COSE_Sign1 in base64url. ECDSA is randomised, so each call gives another seal; the
 * gateway records the one it puts in a document.
 */
export async function signSeal(claims: SealClaims, kid: string, privateJwk: JWK): Promise<string> {
  const { kty, crv, x, y, d } = privateJwk;
  const key = await crypto.subtle.importKey('jwk', { kty, crv, x, y, d }, ECDSA, false, ['sign']);
  const protectedHeader = encodeCbor(new Map<number, CborValue>([[COSE.alg, COSE.es256], [COSE.kid, utf8.encode(kid)]]));
  const payload = encodeCbor(claimsToCbor(zSealClaims.parse(claims)));
  const signature = new Uint8Array(await crypto.subtle.sign(ECDSA, key, bufferOf(toBeSigned(protectedHeader, payload))));
  return base64url.encode(encodeCbor(new CborTag(COSE.sign1Tag, [protectedHeader, new Map(), payload, signature])));
}

function claimsToCbor(claims: SealClaims): CborMap {
  const map: CborMap = new Map();
  for (const [name, key] of Object.entries(SEAL_CLAIM_KEYS) as Array<[keyof SealClaims, number]>) {
    const value = claims[name];
    if (value !== undefined) map.set(key, name === 'h' ? base64url.decode(String(value)) : value);
  }
  return map;
}

function claimsFromCbor(value: CborValue): unknown {
  if (!(value instanceof Map)) return undefined;
  const names = new Map(Object.entries(SEAL_CLAIM_KEYS).map(([name, key]) => [key as number, name]));
  const claims: Record<string, unknown> = {};
  for (const [key, v] of value) {
    const name = names.get(key);
    if (name === undefined) return undefined;
    claims[name] = name === 'h' && v instanceof Uint8Array ? base64url.encode(v) : v;
  }
  return claims;
}

/** A seal taken apart: its key id, then a check of the signature against a public key that answers the signed claims. */
interface OpenedSeal {
  kid: string;
  verify(key: IssuerKey): Promise<unknown>;
}

/** The previous format: a compact JWS (JSON claims). */
function openJws(token: string): OpenedSeal | undefined {
  try {
    const header = decodeProtectedHeader(token);
    if (header.alg !== 'ES256' || typeof header.kid !== 'string') return undefined;
    return {
      kid: header.kid,
      verify: async ({ kty, crv, x, y }) => {
        const { payload } = await compactVerify(token, await importJWK({ kty, crv, x, y }, 'ES256'));
        try {
          return JSON.parse(new TextDecoder().decode(payload)) as unknown;
        } catch {
          return undefined;
        }
      },
    };
  } catch {
    return undefined;
  }
}

/** The current format: a tagged COSE_Sign1, ES256, the key id in the signed header. */
function openCose(token: string): OpenedSeal | undefined {
  try {
    const sign1 = decodeCbor(base64url.decode(token));
    if (!(sign1 instanceof CborTag) || sign1.tag !== COSE.sign1Tag || !Array.isArray(sign1.value) || sign1.value.length !== 4) return undefined;
    const [protectedHeader, unprotected, payload, signature] = sign1.value;
    if (!(protectedHeader instanceof Uint8Array) || !(unprotected instanceof Map) || unprotected.size !== 0 || !(payload instanceof Uint8Array) || !(signature instanceof Uint8Array)) return undefined;
    const header = decodeCbor(protectedHeader);
    const kid = header instanceof Map ? header.get(COSE.kid) : undefined;
    if (!(header instanceof Map) || header.size !== 2 || header.get(COSE.alg) !== COSE.es256 || !(kid instanceof Uint8Array)) return undefined;
    return {
      kid: new TextDecoder('utf-8', { fatal: true }).decode(kid),
      verify: async ({ kty, crv, x, y }) => {
        const key = await crypto.subtle.importKey('jwk', { kty, crv, x, y }, ECDSA, false, ['verify']);
        if (signature.length !== 64 || !(await crypto.subtle.verify(ECDSA, key, bufferOf(signature), bufferOf(toBeSigned(protectedHeader, payload))))) throw new Error('signature');
        try {
          return claimsFromCbor(decodeCbor(payload));
        } catch {
          return undefined;
        }
      },
    };
  } catch {
    return undefined;
  }
}

/**
 * Checks a seal of either format against a key set, offline. Order: shape, key id (UNKNOWN_KEY),
 * signature (BAD_SIGNATURE: forged, or altered after signing), claims, then the key's signing
 * period (RETIRED_KEY: a retired key cannot vouch for a document issued after it retired).
 */
export async function verifySeal(token: string, keys: IssuerKeySet): Promise<SealVerdict> {
  const opened = token.includes('.') ? openJws(token) : openCose(token);
  if (!opened) return refuse('MALFORMED', 'The code is not a registry seal');
  const { kid } = opened;
  const key = keys.keys.find((k) => k.kid === kid);
  if (!key) return refuse('UNKNOWN_KEY', `No registry office publishes key ${kid}`, kid);
  let signed: unknown;
  try {
    signed = await opened.verify(key);
  } catch {
    return refuse('BAD_SIGNATURE', `The signature does not match key ${kid} of ${key.office}: the seal was forged or altered`, kid);
  }
  const claims = zSealClaims.safeParse(signed);
  if (!claims.success) return refuse('MALFORMED', 'The signed content is not a document seal', kid);
  if (key.retiredAt !== undefined && claims.data.i * 1000 >= Date.parse(key.retiredAt)) {
    return refuse('RETIRED_KEY', `Key ${kid} of ${key.office} retired at ${key.retiredAt}, before this document's issue`, kid);
  }
  return { ok: true, claims: claims.data, office: key.office, kid };
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
