import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The signature contract every webhook receiver implements:
 *
 *   X-Estate-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>
 *
 * A receiver recomputes the HMAC over the raw request bytes (before any JSON parsing), compares
 * it in constant time, rejects timestamps outside its tolerance (so a captured request cannot be
 * replayed later) and dedupes on X-Estate-Delivery, because delivery is at least once.
 * `verifyWebhookSignature` below is that receiver-side check.
 */
export const SIGNATURE_HEADER = 'X-Estate-Signature';

/** The X-Estate-Signature header value for `body` sent at `timestamp` (unix seconds). */
export function signWebhook(secret: string, timestamp: number, body: string | Buffer): string {
  const t = String(Math.floor(timestamp));
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

export interface VerifyOptions {
  /** Largest accepted distance between the signed timestamp and `now`; default 300 s. */
  toleranceSec?: number;
  now?: Date;
}

export function verifyWebhookSignature(secret: string, header: string | undefined, body: string | Buffer, { toleranceSec = 300, now = new Date() }: VerifyOptions = {}): boolean {
  if (!header) return false;
  const fields = new Map<string, string>();
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const t = fields.get('t');
  const v1 = fields.get('v1');
  if (!t || !/^\d{1,12}$/.test(t) || !v1 || !/^[0-9a-fA-F]{64}$/.test(v1)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(t)) > toleranceSec) return false;
  return timingSafeEqual(Buffer.from(hmacHex(secret, t, body), 'hex'), Buffer.from(v1, 'hex'));
}

function hmacHex(secret: string, t: string, body: string | Buffer): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}
