/**
 * Priority queue of pending simulation events, ordered by (time, phase, sequence).
 * The sequence number makes ties break in insertion order, so runs are deterministic.
 * `phase` lets scheduled user commands run after every ordinary event at the same
 * microsecond, exactly as a command applied live (after runUntil) would.
 */
export interface QueuedEvent {
  timeUs: number;
  phase: number;
  seq: number;
}

/** A binary min-heap specialised for events (no comparator closure per call). */
export class EventQueue<E extends QueuedEvent> {
  private heap: E[] = [];
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
    event.seq = this.nextSeq++;
    const heap = this.heap;
    let i = heap.length;
    heap.push(event);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (!before(event, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = event;
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
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const child = r < n && before(heap[r]!, heap[l]!) ? r : l;
      if (!before(heap[child]!, last)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
    return top;
  }
}

/** True when `a` is due before `b`: by time, then phase, then sequence. */
export function before(a: QueuedEvent, b: QueuedEvent): boolean {
  if (a.timeUs !== b.timeUs) return a.timeUs < b.timeUs;
  if (a.phase !== b.phase) return a.phase < b.phase;
  return a.seq < b.seq;
}

/**
 * A FIFO of events that are pushed in due order (client timeouts: same duration,
 * created in time order), so they skip the heap's log n cost. `push` keeps the order
 * even if a later event is due earlier (the timeout was shortened mid-run).
 */
export class EventFifo<E extends QueuedEvent> {
  private items: E[] = [];
  private head = 0;

  get size(): number {
    return this.items.length - this.head;
  }

  push(event: E): void {
    const items = this.items;
    if (items.length === this.head || !before(event, items[items.length - 1]!)) {
      items.push(event);
      return;
    }
    // Rare: insert in order (binary search over the live part).
    let lo = this.head;
    let hi = items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (before(items[mid]!, event)) lo = mid + 1;
      else hi = mid;
    }
    items.splice(lo, 0, event);
  }

  peek(): E | undefined {
    return this.head < this.items.length ? this.items[this.head] : undefined;
  }

  pop(): E | undefined {
    if (this.head >= this.items.length) return undefined;
    const event = this.items[this.head]!;
    this.items[this.head++] = undefined as unknown as E;
    if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return event;
  }
}
