import { z } from 'zod';
import { REGISTRATION_TYPES } from './vocabulary';

export const zStatisticsRow = z
  .object({
    period: z.string().meta({ description: 'YYYY-MM or YYYY-MM-DD (China time)' }),
    district: z.string(),
    type: z.enum(REGISTRATION_TYPES),
    applied: z.int(),
    completed: z.int(),
    withinLimit: z.int(),
    overdue: z.int().meta({ description: 'Completed late, plus open cases already past their limit' }),
    openPastLimit: z.int().meta({ description: 'Of overdue: cases still open and already past their limit' }),
    avgWorkingDays: z.number().nullable(),
    limitDays: z.int().meta({ description: 'Statutory time limit in working days' }),
  })
  .meta({ id: 'StatisticsRow' });
export type StatisticsRow = z.infer<typeof zStatisticsRow>;

export const zStatistics = z
  .object({
    rows: z.array(zStatisticsRow),
    totals: z.object({ applied: z.int(), completed: z.int(), withinLimit: z.int(), overdue: z.int() }),
  })
  .meta({ id: 'Statistics', description: 'Cases by period, district and type, with processing time against the statutory limits' });
export type Statistics = z.infer<typeof zStatistics>;

/** The CSV export's columns, in order (a header row, then one row per StatisticsRow). */
export const STATISTICS_CSV_COLUMNS = ['period', 'district', 'type', 'applied', 'completed', 'withinLimit', 'overdue', 'openPastLimit', 'avgWorkingDays', 'limitDays'] as const satisfies ReadonlyArray<keyof StatisticsRow>;
