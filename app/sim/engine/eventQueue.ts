/** The engine's event queue: a binary min-heap of pending events in (time, phase, sequence) order. */
import { objectArray } from './arrays';
import { type SimTimeUs } from './time';

/**
 * Priority queue of pending simulation events, ordered by (time, phase, sequence).
 * The sequence number makes ties break in insertion order, so runs are deterministic.
 * `phase` lets scheduled user commands run after every ordinary event at the same
 * microsecond, exactly as a command applied live (after runUntil) would.
 */
export interface QueuedEvent {
  timeUs: SimTimeUs;
  phase: number;
  seq: number;
}

/** A binary min-heap specialised for events (no comparator closure per call). */
export class EventQueue<E extends QueuedEvent> {
  private heap = objectArray<E>();
  private nextSeq = 0;

  get size(): number {
    return this.heap.length;
  }

  /** Hands out the next sequence number (for events kept outside the heap). */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /** Adds an event; assigns its sequence number. */
  push(event: E): void {
    this.pushNumbered(event, this.nextSeq++);
  }

  /**
   * Adds an event with a sequence number handed out by another queue's `takeSeq`:
   * queues that share one counter order their events as a single queue would.
   */
  pushNumbered(event: E, seq: number): void {
    event.seq = seq;
    // The new event's key in locals: each step up then reads only the parent's.
    const time = event.timeUs;
    const phase = event.phase;
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!keyBefore(time, phase, seq, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
  }

  /** Calls `visit` with every pending event, in no particular order (reads only). */
  forEach(visit: (event: E) => void): void {
    for (const event of this.heap) visit(event);
  }

  /** The earliest event without removing it. */
  peek(): E | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest event. */
  pop(): E | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length === 0 || last === undefined) return top;
    const n = heap.length;
    // The moving event's key in locals: each step down then reads only the children's.
    const time = last.timeUs;
    const phase = last.phase;
    const seq = last.seq;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      let child = l;
      let c = heap[l]!;
      if (l + 1 < n) {
        const right = heap[l + 1]!;
        if (before(right, c)) {
          child = l + 1;
          c = right;
        }
      }
      // Stop when the smaller child is not due before the moving event.
      if (!beforeKey(c, time, phase, seq)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

/** `before(a, b)` with b's key given as numbers. */
function beforeKey(a: QueuedEvent, time: number, phase: number, seq: number): boolean {
  if (a.timeUs !== time) return a.timeUs < time;
  if (a.phase !== phase) return a.phase < phase;
  return a.seq < seq;
}

/** `before(a, b)` with a's key given as numbers. */
function keyBefore(time: number, phase: number, seq: number, b: QueuedEvent): boolean {
  if (time !== b.timeUs) return time < b.timeUs;
  if (phase !== b.phase) return phase < b.phase;
  return seq < b.seq;
}

/** True when `a` is due before `b`: by time, then phase, then sequence. */
export function before(a: QueuedEvent, b: QueuedEvent): boolean {
  if (a.timeUs !== b.timeUs) return a.timeUs < b.timeUs;
  if (a.phase !== b.phase) return a.phase < b.phase;
  return a.seq < b.seq;
}

/** Entries a TimeoutFifo has room for at first (a power of two, as every later size). */
const INITIAL_RING = 64;

/**
 * A FIFO of timeouts that are pushed in due order (client timeouts: same duration,
 * created in time order), so they skip the heap's log n cost. An entry is a due time,
 * a sequence number from the heap's counter (`EventQueue.takeSeq`) and the thing that
 * times out: no event object is made per timeout, and the engine can drop entries
 * that became moot without handling them. Entries order as phase-0 events do. `push`
 * keeps the order even if a later entry is due earlier (the timeout was shortened
 * mid-run).
 */
export class TimeoutFifo<T> {
  // A ring of parallel arrays: entry k (0 = first) sits at (head + k) & mask. It grows
  // by doubling when full and is never copied otherwise, so a run that pushes a
  // timeout per request allocates nothing once the ring holds the timeouts pending at
  // once (growing arrays cut every few thousand entries allocated ~100 bytes a request).
  private times = new Float64Array(INITIAL_RING);
  private seqs = new Float64Array(INITIAL_RING);
  private items = ringOf<T>(INITIAL_RING);
  private mask = INITIAL_RING - 1;
  private head = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(timeUs: number, seq: number, item: T): void {
    if (this.count > this.mask) this.grow();
    const mask = this.mask;
    const head = this.head;
    const last = (head + this.count - 1) & mask;
    if (this.count === 0 || !entryBefore(timeUs, seq, this.times[last]!, this.seqs[last]!)) {
      const at = (head + this.count) & mask;
      this.times[at] = timeUs;
      this.seqs[at] = seq;
      this.items[at] = item;
      this.count++;
      return;
    }
    // Rare: insert in order (binary search over the entries, then shift the later ones).
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const i = (head + mid) & mask;
      if (entryBefore(this.times[i]!, this.seqs[i]!, timeUs, seq)) lo = mid + 1;
      else hi = mid;
    }
    for (let k = this.count; k > lo; k--) {
      const to = (head + k) & mask;
      const from = (head + k - 1) & mask;
      this.times[to] = this.times[from]!;
      this.seqs[to] = this.seqs[from]!;
      this.items[to] = this.items[from];
    }
    const at = (head + lo) & mask;
    this.times[at] = timeUs;
    this.seqs[at] = seq;
    this.items[at] = item;
    this.count++;
  }

  /** Twice the room, the entries in order from index 0. */
  private grow(): void {
    const capacity = 2 * (this.mask + 1);
    const times = new Float64Array(capacity);
    const seqs = new Float64Array(capacity);
    const items = ringOf<T>(capacity);
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      times[k] = this.times[i]!;
      seqs[k] = this.seqs[i]!;
      items[k] = this.items[i];
    }
    this.times = times;
    this.seqs = seqs;
    this.items = items;
    this.mask = capacity - 1;
    this.head = 0;
  }

  /** Calls `visit` with every live entry's due time and item, in due order (reads only). */
  forEach(visit: (timeUs: SimTimeUs, item: T) => void): void {
    for (let k = 0; k < this.count; k++) {
      const i = (this.head + k) & this.mask;
      visit(this.times[i]! as SimTimeUs, this.items[i]!);
    }
  }

  /** Due time of the first entry (only when size > 0). */
  firstTimeUs(): SimTimeUs {
    return this.times[this.head]! as SimTimeUs;
  }

  /** Sequence number of the first entry (only when size > 0). */
  firstSeq(): number {
    return this.seqs[this.head]!;
  }

  /** The first entry's item (only when size > 0). */
  first(): T {
    return this.items[this.head]!;
  }

  /** Removes the first entry (only when size > 0) and returns its item. */
  shift(): T {
    const item = this.items[this.head]!;
    this.items[this.head] = undefined; // let it be collected
    this.head = (this.head + 1) & this.mask;
    this.count--;
    return item;
  }
}

/** A ring's item slots, all empty (a packed array of objects, see `objectArray`). */
function ringOf<T>(capacity: number): Array<T | undefined> {
  const items = objectArray<T | undefined>();
  for (let i = 0; i < capacity; i++) items.push(undefined);
  return items;
}

/** True when the entry (timeUs, seq) of a TimeoutFifo is due before the other one. */
export function entryBefore(
  timeUs: number,
  seq: number,
  otherTimeUs: number,
  otherSeq: number,
): boolean {
  return timeUs !== otherTimeUs ? timeUs < otherTimeUs : seq < otherSeq;
}

/**
 * True when a TimeoutFifo entry (timeUs, seq, phase 0) is due before event `e`: the
 * same order `before` gives.
 */
export function entryBeforeEvent(timeUs: number, seq: number, e: QueuedEvent): boolean {
  if (timeUs !== e.timeUs) return timeUs < e.timeUs;
  if (e.phase !== 0) return 0 < e.phase;
  return seq < e.seq;
}
