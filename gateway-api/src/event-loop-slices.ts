import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * `items.map(fn)` a slice at a time, letting the event loop serve what arrived in between: a
 * batch of thousands of items checked, hashed or sealed in one go would hold every other caller's
 * request for hundreds of milliseconds.
 */
export async function mapInSlices<T, R>(items: readonly T[], fn: (item: T, index: number) => R, sliceSize = 200): Promise<R[]> {
  const out: R[] = [];
  for (let start = 0; start < items.length; start += sliceSize) {
    if (start > 0) await nextTurn();
    const end = Math.min(items.length, start + sliceSize);
    for (let i = start; i < end; i++) out.push(fn(items[i], i));
  }
  return out;
}
