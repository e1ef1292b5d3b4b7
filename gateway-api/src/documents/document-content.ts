/**
 * The file types accepted as materials, recognised by their content (magic bytes), never by
 * the name or the Content-Type the client declares: scans and photos of paper documents
 * (PDF, JPEG, PNG).
 */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

const SIGNATURES: ReadonlyArray<{ type: DocumentMediaType; magic: readonly number[] }> = [
  { type: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { type: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
  { type: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The media type the bytes are, or undefined when they are none of the accepted ones. */
export function sniffMediaType(head: Uint8Array): DocumentMediaType | undefined {
  return SIGNATURES.find((s) => s.magic.length <= head.length && s.magic.every((b, i) => head[i] === b))?.type;
}
