import type { Clock } from '../../src/register-clock';

/** A register clock the test sets, the way days pass between the steps of a real case. */
export class SetClock implements Clock {
  private at: number;
  constructor(start: string) {
    this.at = Date.parse(start);
  }
  set(instant: string): void {
    this.at = Date.parse(instant);
  }
  now(): Date {
    return new Date(this.at);
  }
}
