import type { Clock } from '../../src/register-clock';

/** The register's clock, which a test moves forward (past a proof's validity). */
export class MovableClock implements Clock {
  offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
}
