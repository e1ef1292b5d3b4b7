import { addDays, isoDateInChina } from '@estate-ledger/chaincode';

/**
 * The two ends of the register's day that a UTC "today" gets wrong: 23:30 China time (still
 * today in China and in UTC) and 00:30 China time (already tomorrow in China, still today in
 * UTC). Tests start a gateway with its clock at each (CLOCK_START) and expect the China date.
 */
export interface RegisterDayEdge {
  label: string;
  /** CLOCK_START for the gateway. */
  start: string;
  /** The register's date at that instant. */
  today: string;
  /** The UTC date at that instant, which must not be taken for today. */
  utcDate: string;
}

export function registerDayEdges(now = new Date()): RegisterDayEdge[] {
  const chinaToday = isoDateInChina(now);
  const tomorrow = addDays(chinaToday, 1);
  return [
    { label: '23:30 China time', start: `${chinaToday}T23:30:00+08:00`, today: chinaToday, utcDate: chinaToday },
    { label: '00:30 China time', start: `${tomorrow}T00:30:00+08:00`, today: tomorrow, utcDate: chinaToday },
  ];
}
