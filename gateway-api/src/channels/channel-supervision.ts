import { inject, injectable } from 'tsyringe';
import type { ReadDb } from '../read-model/read-db';
import { READ_DB } from '../tokens';

const num = (v: string | number | null): number | null => (v === null ? null : Number(v));
const rate = (part: number, whole: number): number | null => (whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null);

/**
 * The registry's supervision of the bulk channels (集中办理监管): per channel, volumes, the share
 * of items a rule refused, the share of its cases sent back for supplement and the time from
 * submission to recording; and the daily series the supervision page charts. China dates.
 */
@injectable()
export class ChannelSupervision {
  constructor(@inject(READ_DB) private readonly db: ReadDb) {}

  async overview(from: string, to: string) {
    // [from, to] are China dates: from 00:00 +08:00 of `from` to the end of `to`.
    const range = [`${from}T00:00:00+08:00`, `${to}T23:59:59.999+08:00`];
    const items = await this.db.query<{ channel_id: string; batches: string; items: string; recorded: string; refused: string; failed: string; pending: string; avg_s: string | null; p90_s: string | null }>(
      `SELECT channel_id, count(DISTINCT batch_id) AS batches, count(*) AS items,
              count(*) FILTER (WHERE status = 'RECORDED') AS recorded, count(*) FILTER (WHERE status = 'REFUSED') AS refused,
              count(*) FILTER (WHERE status = 'FAILED') AS failed, count(*) FILTER (WHERE status = 'PENDING') AS pending,
              avg(extract(epoch FROM finished_at - created_at)) FILTER (WHERE status = 'RECORDED') AS avg_s,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM finished_at - created_at)) FILTER (WHERE status = 'RECORDED') AS p90_s
       FROM channel_batch_items WHERE created_at BETWEEN $1::timestamptz AND $2::timestamptz GROUP BY channel_id ORDER BY channel_id`,
      range,
      'channel_supervision_items',
    );
    const supplements = await this.db.query<{ channel: string; cases: string; supplemented: string }>(
      `SELECT doc->>'channel' AS channel, count(*) AS cases,
              count(*) FILTER (WHERE doc->'steps' @> '[{"status":"NEEDS_SUPPLEMENT"}]'::jsonb) AS supplemented
       FROM registrations WHERE doc->>'channel' IS NOT NULL AND applied_at BETWEEN $1::timestamptz AND $2::timestamptz GROUP BY doc->>'channel'`,
      range,
      'channel_supervision_supplements',
    );
    const daily = await this.db.query<{ channel_id: string; day: string; items: string; refused: string }>(
      `SELECT channel_id, to_char((created_at AT TIME ZONE 'UTC') + interval '8 hours', 'YYYY-MM-DD') AS day, count(*) AS items, count(*) FILTER (WHERE status = 'REFUSED') AS refused
       FROM channel_batch_items WHERE created_at BETWEEN $1::timestamptz AND $2::timestamptz GROUP BY 1, 2 ORDER BY 2, 1`,
      range,
      'channel_supervision_daily',
    );
    const bySupplement = new Map(supplements.map((s) => [s.channel, s]));
    return {
      from,
      to,
      channels: items.map((r) => {
        const finished = Number(r.recorded) + Number(r.refused) + Number(r.failed);
        const s = bySupplement.get(r.channel_id);
        return {
          channelId: r.channel_id,
          batches: Number(r.batches),
          items: Number(r.items),
          recorded: Number(r.recorded),
          refused: Number(r.refused),
          failed: Number(r.failed),
          pending: Number(r.pending),
          rejectionRate: rate(Number(r.refused), finished),
          cases: s ? Number(s.cases) : 0,
          supplementRate: s ? rate(Number(s.supplemented), Number(s.cases)) : null,
          avgCompletionSeconds: num(r.avg_s),
          p90CompletionSeconds: num(r.p90_s),
        };
      }),
      daily: daily.map((d) => ({ channelId: d.channel_id, date: d.day, items: Number(d.items), refused: Number(d.refused) })),
    };
  }
}
