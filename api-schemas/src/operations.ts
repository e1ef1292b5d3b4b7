import { z } from 'zod';

/** The gateway's own endpoints: health, metrics, the event stream, the read-model rebuild, CSV exports. */

export const zHealth = z
  .object({
    status: z.enum(['UP', 'DEGRADED']),
    ledger: z.object({ kind: z.enum(['embedded', 'fabric']), height: z.int() }),
    readModel: z.object({
      kind: z.enum(['postgres', 'pglite']),
      status: z.enum(['UP', 'UNAVAILABLE']),
      projectedHeight: z.int(),
      lagBlocks: z.int(),
      error: z.string().optional().meta({ description: 'Why the read model is unavailable' }),
    }),
  })
  .meta({ id: 'Health', description: 'Sent with 200 when UP, 503 when DEGRADED' });
export type Health = z.infer<typeof zHealth>;

export const zMetrics = z.string().meta({
  description: 'Prometheus text exposition (version 0.0.4): gauges estate_ledger_height, estate_readmodel_projected_height, estate_readmodel_up',
  example: '# TYPE estate_ledger_height gauge\nestate_ledger_height 42\n',
});

export const zEventStream = z.string().meta({
  description:
    'Server-sent events. After each block is visible in the read model: `id: <block number>`, `event: block`, `data: <BlockSummary JSON>`; a `: ping` comment every 15 s; `retry: 2000` first.',
  example: 'id: 42\nevent: block\ndata: {"number":42,"hash":"…","previousHash":"…","dataHash":"…","committedAt":"2026-12-01T07:30:00.000Z","txCount":1,"validCount":1}\n\n',
});

export const zPdfFile = z.string().meta({
  description: 'A PDF file (binary). Rendered deterministically: the same document is the same bytes every time, so its SHA-256 verifies (GET /verify/{sha256}).',
  format: 'binary',
});

/** RFC 4180 CSV starting with a UTF-8 byte order mark (spreadsheet programs need it for Chinese text). */
export const csv = (columns: readonly string[]) =>
  z.string().meta({ description: `RFC 4180 CSV (CRLF), UTF-8 with a byte order mark; a header row, then one row per entry. Columns: ${columns.join(', ')}` });

export const zReadModelRebuilt = z
  .object({ transactions: z.int().meta({ description: 'Transactions replayed' }), ms: z.number().meta({ description: 'Milliseconds taken' }) })
  .meta({ id: 'ReadModelRebuilt' });
export type ReadModelRebuilt = z.infer<typeof zReadModelRebuilt>;
