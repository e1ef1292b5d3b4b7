import { mapInSlices } from '../src/event-loop-slices';

describe('mapInSlices', () => {
  it('maps every item in order, with its index', async () => {
    const items = Array.from({ length: 1001 }, (_, i) => `item-${i}`);
    expect(await mapInSlices(items, (item, i) => `${i}:${item}`, 100)).toEqual(items.map((item, i) => `${i}:${item}`));
    expect(await mapInSlices([], (x: number) => x)).toEqual([]);
  });

  it('lets callbacks that were waiting run between slices, not inside one', async () => {
    const order: string[] = [];
    const waiting = new Promise<void>((resolve) =>
      setImmediate(() => {
        order.push('waiting request');
        resolve();
      }),
    );
    await mapInSlices([1, 2, 3, 4, 5], (n) => order.push(`item ${n}`), 2);
    await waiting;
    expect(order).toEqual(['item 1', 'item 2', 'waiting request', 'item 3', 'item 4', 'item 5']);
  });
});
