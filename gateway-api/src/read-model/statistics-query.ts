import { inject, injectable } from 'tsyringe';
import { TIME_LIMIT_WORKING_DAYS, processingTime, type Registration, type RegistrationType } from '@estate-ledger/chaincode';
import type { GatewayConfig } from '../config/gateway-config';
import { CLOCK, CONFIG, READ_DB } from '../tokens';
import type { Clock } from '../register-clock';
import type { ReadDb } from './read-db';

export interface StatisticsFilter {
  from: string;
  to: string;
  period: 'day' | 'month';
  districts: string[];
  type?: string;
}

const OPEN = ['ACCEPTED', 'NEEDS_SUPPLEMENT', 'REVIEWED', 'SUSPENDED', 'NOTIFIED', 'ANNOUNCED'];

/**
 * Case counts by district, period (China time) and business type, with processing time against
 * the statutory limits: completed within the limit, completed late, and open cases already past it.
 * Working days follow the configured holiday calendar; time waiting for a supplement, suspended,
 * or in a registry correction's notice and announcement periods does not count (domain processingTime, the same as the projected rows).
 */
@injectable()
export class StatisticsQuery {
  constructor(
    @inject(READ_DB) private readonly db: ReadDb,
    @inject(CLOCK) private readonly clock: Clock,
    @inject(CONFIG) private readonly config: GatewayConfig,
  ) {}

  async run(f: StatisticsFilter) {
    const fmt = f.period === 'day' ? 'YYYY-MM-DD' : 'YYYY-MM';
    const bucket = `to_char(date_trunc('${f.period}', (applied_at AT TIME ZONE 'UTC') + interval '8 hours'), '${fmt}')`;
    const range = [f.districts, `${f.from}T00:00:00+08:00`, `${f.to}T23:59:59.999+08:00`, f.type ?? null];
    const rows = await this.db.query<{ period: string; district: string; type: string; applied: string; completed: string; within_limit: string; late: string; avg_working_days: string | null }>(
      `SELECT ${bucket} AS period, district, type, count(*) AS applied, count(completed_at) AS completed,
              count(*) FILTER (WHERE within_limit) AS within_limit, count(*) FILTER (WHERE within_limit = false) AS late,
              round(avg(working_days), 2) AS avg_working_days
       FROM registrations
       WHERE district = ANY($1) AND applied_at >= $2::timestamptz AND applied_at <= $3::timestamptz AND ($4::text IS NULL OR type = $4)
       GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`,
      range,
    );
    const open = await this.db.query<{ period: string; district: string; type: string; doc: Registration }>(
      `SELECT ${bucket} AS period, district, type, doc FROM registrations
       WHERE district = ANY($1) AND applied_at >= $2::timestamptz AND applied_at <= $3::timestamptz AND ($4::text IS NULL OR type = $4)
         AND status = ANY($5) AND accepted_at IS NOT NULL`,
      [...range, OPEN],
    );
    const now = this.clock.now().toISOString();
    const openOverdue = new Map<string, number>();
    for (const o of open) {
      if (processingTime(o.doc, this.config.workingCalendar, now).overdue) {
        const k = `${o.period}|${o.district}|${o.type}`;
        openOverdue.set(k, (openOverdue.get(k) ?? 0) + 1);
      }
    }
    const out = rows.map((r) => {
      const pastLimit = openOverdue.get(`${r.period}|${r.district}|${r.type}`) ?? 0;
      return {
        period: r.period,
        district: r.district,
        type: r.type,
        applied: Number(r.applied),
        completed: Number(r.completed),
        withinLimit: Number(r.within_limit),
        overdue: Number(r.late) + pastLimit,
        openPastLimit: pastLimit,
        avgWorkingDays: r.avg_working_days === null ? null : Number(r.avg_working_days),
        limitDays: TIME_LIMIT_WORKING_DAYS[r.type as RegistrationType],
      };
    });
    const sum = (k: 'applied' | 'completed' | 'withinLimit' | 'overdue') => out.reduce((n, r) => n + r[k], 0);
    return { rows: out, totals: { applied: sum('applied'), completed: sum('completed'), withinLimit: sum('withinLimit'), overdue: sum('overdue') } };
  }
}
