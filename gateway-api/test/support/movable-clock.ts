import type { Clock } from '../../src/register-clock';

/** The register's clock, which a test moves forward (past a proof's validity). */
export class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  /** Moves the clock to 10:00 China time on `date` (YYYY-MM-DD), which must lie ahead. */
  moveTo(date: string): void {
    const target = Date.parse(`${date}T10:00:00+08:00`);
    if (target < this.now().getTime()) throw new Error(`the register clock does not go back (to ${date})`);
    this.offsetMs = target - Date.now();
  }
}
