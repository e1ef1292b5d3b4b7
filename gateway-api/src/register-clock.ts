import { isoDateInChina } from '@estate-ledger/chaincode';

/**
 * The register's clock: wall-clock time for the gateway and the embedded ledger (never read
 * inside chaincode, which takes the transaction timestamp). "Today" anywhere in the product is
 * the China calendar date of this clock, whatever the host's time zone.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/**
 * A clock that starts at `start` and runs at the normal rate: a rehearsal environment set to a
 * given hour (e.g. just before midnight China time) without touching the host's clock.
 */
export function clockStartingAt(start: Date, base: Clock = systemClock): Clock {
  const offsetMs = start.getTime() - base.now().getTime();
  return { now: () => new Date(base.now().getTime() + offsetMs) };
}

/** The register's calendar date (China, UTC+8) now, as YYYY-MM-DD. */
export function registerToday(clock: Clock): string {
  return isoDateInChina(clock.now());
}
