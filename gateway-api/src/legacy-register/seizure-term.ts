import { SEIZURE_MAX_YEARS, addYearsToDate } from '@estate-ledger/chaincode';
import type { Fields } from './layout';

/**
 * The day a legacy seizure's term runs to: its term end, or, where the export has none (a queued
 * seizure often has no term of its own yet), the longest term from its start or service (查扣冻规定).
 * The migration restores the seizure with this end, and the inspection judges its lapse by it.
 */
export function seizureTermEnd(s: Fields<'seizure'>): string {
  return s.term_end || addYearsToDate(s.term_start || s.served_on, SEIZURE_MAX_YEARS);
}
