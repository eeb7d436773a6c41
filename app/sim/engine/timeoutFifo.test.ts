import { describe, expect, it } from 'vitest';
import { before, entryBeforeEvent, TimeoutFifo, type QueuedEvent } from './eventQueue';
import { createRandom } from './random';
import type { SimTimeUs } from './time';

const drain = (fifo: TimeoutFifo<number>): number[] => {
  const items: number[] = [];
  while (fifo.size > 0) items.push(fifo.shift());
  return items;
};

describe('TimeoutFifo', () => {
  it('is empty at first', () => {
    expect(new TimeoutFifo<number>().size).toBe(0);
  });

  it('keeps entries pushed in due order first in, first out', () => {
    const fifo = new TimeoutFifo<number>();
    fifo.push(10, 1, 1);
    fifo.push(10, 2, 2);
    fifo.push(30, 3, 3);
    expect(fifo.size).toBe(3);
    expect([fifo.firstTimeUs(), fifo.firstSeq(), fifo.first()]).toEqual([10, 1, 1]);
    expect(drain(fifo)).toEqual([1, 2, 3]);
  });

  it('orders by (time, sequence) when a later entry is due earlier (a shortened timeout)', () => {
    const random = createRandom(7, 'timeout-fifo-test');
    const fifo = new TimeoutFifo<number>();
    const reference: Array<{ timeUs: number; seq: number }> = [];
    let seq = 0;
    let nowUs = 0;
    let popped = 0;
    for (let step = 0; step < 20_000; step++) {
      if (random.next() < 0.6 || reference.length === 0) {
        nowUs += random.int(3);
        // Mostly one duration, now and then a shorter one: out-of-order pushes.
        const timeUs = nowUs + (random.next() < 0.9 ? 100 : random.int(100));
        fifo.push(timeUs, seq, seq);
        // The reference stays sorted by (time, sequence): insert from the end.
        let at = reference.length;
        while (at > 0 && reference[at - 1]!.timeUs > timeUs) at--;
        reference.splice(at, 0, { timeUs, seq });
        seq++;
      } else {
        const expected = reference.shift()!;
        expect([fifo.firstTimeUs(), fifo.firstSeq()]).toEqual([expected.timeUs, expected.seq]);
        expect(fifo.shift()).toBe(expected.seq);
        popped++;
      }
      expect(fifo.size).toBe(reference.length);
    }
    // Far more entries went through than the ring ever held at once: it wrapped around many times.
    expect(popped).toBeGreaterThan(4096);
    expect(drain(fifo)).toEqual(reference.map((r) => r.seq));
  });

  it('orders its entries against queued events as phase-0 events (entryBeforeEvent)', () => {
    const random = createRandom(11, 'timeout-fifo-order');
    for (let i = 0; i < 5000; i++) {
      const entry: QueuedEvent = {
        timeUs: random.int(5) as SimTimeUs,
        phase: 0,
        seq: random.int(5),
      };
      const event: QueuedEvent = {
        timeUs: random.int(5) as SimTimeUs,
        phase: random.int(3),
        seq: random.int(5),
      };
      expect(entryBeforeEvent(entry.timeUs, entry.seq, event)).toBe(before(entry, event));
    }
  });
});
