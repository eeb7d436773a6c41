import { describe, expect, it } from 'vitest';
import { EventQueue, type QueuedEvent } from './eventQueue';
import { createRandom } from './random';
import type { SimTimeUs } from './time';

interface TestEvent extends QueuedEvent {
  id: number;
}

const event = (timeUs: number, phase: number, id: number): TestEvent => ({
  timeUs: timeUs as SimTimeUs,
  phase,
  seq: 0,
  id,
});

const drain = (queue: EventQueue<TestEvent>): number[] => {
  const ids: number[] = [];
  for (let e = queue.pop(); e !== undefined; e = queue.pop()) ids.push(e.id);
  return ids;
};

describe('EventQueue', () => {
  it('is empty at first', () => {
    const queue = new EventQueue<TestEvent>();
    expect(queue.size).toBe(0);
    expect(queue.peek()).toBeUndefined();
    expect(queue.pop()).toBeUndefined();
  });

  it('pops events in time order', () => {
    const queue = new EventQueue<TestEvent>();
    for (const [time, id] of [
      [50, 1],
      [10, 2],
      [30, 3],
      [20, 4],
      [40, 5],
    ] as const) {
      queue.push(event(time, 0, id));
    }
    expect(queue.size).toBe(5);
    expect(queue.peek()!.id).toBe(2);
    expect(drain(queue)).toEqual([2, 4, 3, 5, 1]);
    expect(queue.size).toBe(0);
  });

  it('runs phase 0 before phase 1 at the same microsecond, whatever the insertion order', () => {
    const queue = new EventQueue<TestEvent>();
    queue.push(event(100, 1, 1)); // a scheduled command
    queue.push(event(100, 0, 2)); // an ordinary event pushed later
    queue.push(event(99, 1, 3));
    queue.push(event(100, 0, 4));
    expect(drain(queue)).toEqual([3, 2, 4, 1]);
  });

  it('breaks ties of (time, phase) in insertion order, ignoring any seq the caller set', () => {
    const queue = new EventQueue<TestEvent>();
    for (let id = 0; id < 200; id++) {
      const e = event(7, 0, id);
      e.seq = 1000 - id; // the queue assigns its own sequence numbers
      queue.push(e);
    }
    expect(drain(queue)).toEqual(Array.from({ length: 200 }, (_, i) => i));
  });

  it('stays ordered by (time, phase, insertion) over many random pushes and pops', () => {
    const random = createRandom(2024, 'event-queue-test');
    const queue = new EventQueue<TestEvent>();
    // Reference: a plain list kept sorted by (time, phase, insertion index).
    type Entry = { timeUs: number; phase: number; order: number; id: number };
    const reference: Entry[] = [];
    const earlier = (a: Entry, b: Entry): boolean =>
      a.timeUs !== b.timeUs
        ? a.timeUs < b.timeUs
        : a.phase !== b.phase
          ? a.phase < b.phase
          : a.order < b.order;
    let nextId = 0;
    let popped = 0;
    let mismatches = 0;
    for (let step = 0; step < 20_000; step++) {
      if (random.next() < 0.55 || reference.length === 0) {
        // A small time range makes many exact ties.
        const e = event(random.int(60), random.int(2), nextId++);
        queue.push(e);
        reference.push({ timeUs: e.timeUs, phase: e.phase, order: e.id, id: e.id });
      } else {
        let best = 0;
        for (let i = 1; i < reference.length; i++) {
          if (earlier(reference[i]!, reference[best]!)) best = i;
        }
        const expected = reference.splice(best, 1)[0]!;
        if (queue.peek()!.id !== expected.id) mismatches++;
        if (queue.pop()!.id !== expected.id) mismatches++;
        popped++;
      }
      if (queue.size !== reference.length) mismatches++;
    }
    expect(mismatches).toBe(0);
    reference.sort((a, b) => (earlier(a, b) ? -1 : 1));
    expect(drain(queue)).toEqual(reference.map((r) => r.id));
    expect(popped).toBeGreaterThan(5000);
  });

  it('keeps a monotone clock when events are pushed while draining, as the engine does', () => {
    const random = createRandom(9, 'event-queue-sim');
    const queue = new EventQueue<TestEvent>();
    for (let id = 0; id < 100; id++) queue.push(event(random.int(1000), 0, id));
    let lastTime = -1;
    let nextId = 100;
    let backwards = 0;
    for (let handled = 0; handled < 50_000; handled++) {
      const e = queue.pop()!;
      if (e.timeUs < lastTime) backwards++;
      lastTime = e.timeUs;
      // Each handled event schedules one follow-up at a later (or the same) time.
      queue.push(event(e.timeUs + random.int(500), random.int(2), nextId++));
    }
    expect(backwards).toBe(0);
    expect(queue.size).toBe(100);
  });
});
