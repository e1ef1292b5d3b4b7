import type { Activity, ActivityBucket } from '../api/types';

/** The dashboard's three activity windows, each as /overview names it, with its bucket width. */
export const RANGES = {
  hour: { series: 'lastHourByMinute', stepMs: 60_000, buckets: 60 },
  day: { series: 'lastDayByHour', stepMs: 3_600_000, buckets: 24 },
  month: { series: 'last30DaysByDay', stepMs: 86_400_000, buckets: 30 },
} as const satisfies Record<string, { series: keyof Activity; stepMs: number; buckets: number }>;

export type RangeKey = keyof typeof RANGES;

/**
 * The API lists only buckets that had blocks; a chart needs the quiet ones too. Fills the window
 * that ends at the latest bucket (as the API's windows do) with empty buckets, oldest first.
 */
export function fillBuckets(items: ActivityBucket[], range: RangeKey): ActivityBucket[] {
  if (items.length === 0) return [];
  const { stepMs, buckets } = RANGES[range];
  const byAt = new Map(items.map((b) => [Date.parse(b.at), b]));
  const last = Math.max(...byAt.keys());
  const first = Math.min(...byAt.keys(), last - (buckets - 1) * stepMs);
  const out: ActivityBucket[] = [];
  for (let at = first; at <= last; at += stepMs) out.push(byAt.get(at) ?? { at: new Date(at).toISOString(), blocks: 0, transactions: 0, invalid: 0 });
  return out;
}

const FORMATS: Record<RangeKey, Intl.DateTimeFormatOptions> = {
  hour: { hour: '2-digit', minute: '2-digit', hour12: false },
  day: { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false },
  month: { month: '2-digit', day: '2-digit' },
};

/** A bucket's start as an axis label, in China time like every other time on the explorer. */
export function bucketLabel(iso: string, range: RangeKey, lang: string): string {
  return new Date(iso).toLocaleString(lang, { ...FORMATS[range], timeZone: 'Asia/Shanghai' });
}

export function totals(buckets: ActivityBucket[]): { blocks: number; transactions: number; invalid: number } {
  return buckets.reduce((s, b) => ({ blocks: s.blocks + b.blocks, transactions: s.transactions + b.transactions, invalid: s.invalid + b.invalid }), { blocks: 0, transactions: 0, invalid: 0 });
}
