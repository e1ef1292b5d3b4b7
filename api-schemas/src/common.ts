import { z } from 'zod';
import { PARTY_KINDS } from './vocabulary';

/**
 * Building blocks of the response schemas. Schemas with an `id` become OpenAPI components
 * (`#/components/schemas/<id>`); the gateway checks every test response against them.
 */

export const zInstant = z.iso.datetime().meta({ id: 'Instant', description: 'ISO-8601 instant in UTC, e.g. 2026-12-01T07:30:00.000Z' });
export const zIsoDate = z.iso.date().meta({ id: 'IsoDate', description: 'Calendar date YYYY-MM-DD (the register\'s China date)' });
export const zDecimal = z.string().regex(/^\d+(\.\d+)?$/).meta({ id: 'Decimal', description: 'Non-negative decimal as a string (yuan, m², percent), e.g. "1280000.00"' });
export const zSha256Hex = z.string().regex(/^[0-9a-f]{64}$/).meta({ id: 'Sha256', description: 'SHA-256, 64 lowercase hex digits' });
/** Any JSON value: for payloads whose shape is the caller's own (a command's input, an audit detail). */
export const zJsonValue = z.unknown().meta({ id: 'JsonValue', description: 'Any JSON value' });

export const zPartyRef = z
  .string()
  .regex(/^[0-9a-f]{64}$/)
  .meta({ id: 'PartyRef', description: 'A party reference: keyed hash (HMAC-SHA256, hex) of its kind and ID number. Names and ID numbers never reach the ledger.' });

export const zParty = z
  .object({
    ref: zPartyRef,
    kind: z.enum(PARTY_KINDS),
    name: z.string(),
    idNumber: z.string(),
    masked: z.boolean().meta({ description: 'true when name and ID number are masked (张*丰, 5117**********0117) because the caller\'s role may not see them' }),
  })
  .meta({ id: 'Party', description: 'A party as the caller may see it: in full only for roles allowed to read names (party.read)' });
export type Party = z.infer<typeof zParty>;

export const zPartyShown = z
  .union([zParty, zPartyRef])
  .meta({
    id: 'PartyShown',
    description: "A party: the caller's view of it, or only its reference where the caller's organisation may not read it, and in the ledger records that commands return (they carry references only)",
  });
export type PartyShown = z.infer<typeof zPartyShown>;

export const zActor = z
  .object({
    msp: z.string(),
    role: z.string(),
    id: z.string().meta({ description: 'X.509 subject of the acting staff certificate' }),
    txId: z.string(),
    at: zInstant,
  })
  .meta({ id: 'Actor', description: 'Who did something on the ledger, in which transaction and when' });
export type Actor = z.infer<typeof zActor>;

export const zHolder = z
  .object({ party: zPartyShown, share: zDecimal.optional().meta({ description: 'Share in percent; only for SHARES co-ownership' }) })
  .meta({ id: 'Holder' });
export type Holder = z.infer<typeof zHolder>;

export const zAreas = z
  .object({
    building: zDecimal.meta({ description: '建筑面积, m²' }),
    inner: zDecimal.meta({ description: '套内面积, m²' }),
    shared: zDecimal.meta({ description: '分摊面积, m²' }),
  })
  .meta({ id: 'Areas' });
export type Areas = z.infer<typeof zAreas>;

export const zDocumentRef = z.object({ type: z.string(), sha256: zSha256Hex }).meta({ id: 'DocumentRef', description: 'A material by type and the SHA-256 of its file' });
export type DocumentRef = z.infer<typeof zDocumentRef>;

export const zUnitFlags = z
  .object({
    registered: z.boolean(),
    seized: z.boolean(),
    seizureQueued: z.boolean(),
    mortgaged: z.boolean(),
    advanceNotice: z.boolean(),
    objection: z.boolean(),
    residenceRight: z.boolean(),
    contractFiled: z.boolean(),
    caseInFlight: z.boolean(),
  })
  .meta({ id: 'UnitFlags', description: 'Public-safe restriction flags of a unit (no parties), as of now' });
export type UnitFlags = z.infer<typeof zUnitFlags>;

const zNextCursor = z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last page' });

/** A keyset page of `item`. */
export const zPage = <T extends z.ZodType>(item: T, id: string, description?: string) =>
  z.object({ items: z.array(item), nextCursor: zNextCursor }).meta(description ? { id, description } : { id });

/** A page as the explorer reads any of them (the audit log leaves nextCursor out on its last page). */
export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/** A complete list of `item` (no paging). */
export const zItems = <T extends z.ZodType>(item: T, id: string) => z.object({ items: z.array(item) }).meta({ id });
