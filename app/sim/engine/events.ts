/**
 * The event kernel's helpers: pooled event records, and pushing them on the queue.
 */
import { type World } from './world';
import { type TimeoutFifo } from './eventQueue';
import { type SimTimeUs } from './time';
import {
  PERIODIC_KINDS,
  type EventKind,
  type PooledEvent,
  type SimEvent,
  type SimEventOf,
} from './types';

export function createEvents(w: World) {
  const { queue, periodicQueue, eventPool } = w;

  /**
   * Every event has the same fields in the same order, so V8 keeps one hidden class.
   * `timeUs` starts as NaN and is set after: the literal's first value fixes how V8
   * stores the field, and simulated times outgrow small integers at 2^30 us (~18
   * simulated minutes). Begun as a small integer, the field changed representation
   * mid-run, which threw the optimised event loop away in that run and again at the
   * start of the next one (measured: the benchmark's second hour ran slower than its
   * third). `sentUs` is NaN while unset, never undefined, for a like reason: a field
   * that holds both undefined and numbers keeps each time as a separate heap number, so
   * every message sent past 2^31 us allocated one (about six a request).
   */
  const newEvent = (kind: EventKind, timeUs: SimTimeUs): PooledEvent => {
    const e = blankEvent(kind);
    e.timeUs = timeUs;
    return e;
  };

  const blankEvent = (kind: EventKind): PooledEvent => ({
    timeUs: NaN as SimTimeUs,
    phase: 0,
    seq: 0,
    kind,
    user: undefined,
    attempt: undefined,
    try_: undefined,
    call: undefined,
    group: undefined,
    target: undefined,
    server: undefined,
    region: undefined,
    outcome: undefined,
    epoch: undefined,
    probe: undefined,
    command: undefined,
    from: undefined,
    to: undefined,
    sentUs: NaN as SimTimeUs,
    lostKind: undefined,
    fn: undefined,
  });

  /*
   * The pool (`w.eventPool`) holds handled events, cleared, for `makeEvent` to reuse:
   * a request makes about seven events, and allocating them was most of the engine's
   * garbage. Reuse is safe because nothing keeps an event once it has been handled: the
   * queue has popped it, the in-transit set has dropped it (message views are copies),
   * and handlers only read the event they are given (they keep its payload, never the
   * event). `runUntil` releases each event right after handling it.
   */

  /** Clears every payload field (no stale reference is kept or read) and pools the event. */
  const releaseEvent = (e: PooledEvent): void => {
    e.user = undefined;
    e.attempt = undefined;
    e.try_ = undefined;
    e.call = undefined;
    e.group = undefined;
    e.target = undefined;
    e.server = undefined;
    e.region = undefined;
    e.outcome = undefined;
    e.epoch = undefined;
    e.probe = undefined;
    e.command = undefined;
    e.from = undefined;
    e.to = undefined;
    e.sentUs = NaN as SimTimeUs;
    e.lostKind = undefined;
    e.fn = undefined;
    eventPool.push(e);
  };

  /**
   * A blank event of `kind` at `timeUs`, as `newEvent` makes: pooled when one is free.
   * Typed as its kind's event: the caller sets that kind's fields (`e.group = group`)
   * before anything handles it (the same turn), so no handler reads one unset.
   */
  const makeEvent = <K extends EventKind>(kind: K, atUs: number): SimEventOf<K> => {
    // Where a computed number becomes a scheduled instant: whole microseconds.
    const timeUs = atUs as SimTimeUs;
    const e = eventPool.pop() ?? newEvent(kind, timeUs);
    e.timeUs = timeUs;
    e.phase = 0;
    e.seq = 0;
    e.kind = kind;
    return e as unknown as SimEventOf<K>;
  };

  /**
   * Queues an event whose fields are set (any kind: `SimEventOf<K>` is one of SimEvent):
   * a periodic kind in `periodicQueue`, numbered by the request queue's counter so the
   * two order their events as one queue would.
   */
  const push = (event: SimEventOf<EventKind>): void => {
    if (PERIODIC_KINDS[event.kind]) {
      periodicQueue.pushNumbered(event as SimEvent, queue.takeSeq());
      if (event.timeUs < w.asideDueUs) w.asideDueUs = event.timeUs;
    } else queue.push(event as SimEvent);
  };

  const pushAt = <K extends EventKind>(kind: K, delayUs: number): SimEventOf<K> => {
    const e = makeEvent(kind, w.nowUs + Math.max(0, Math.round(delayUs)));
    push(e);
    return e;
  };

  /**
   * Adds a timeout due `delayUs` from now to one of the timeout FIFOs. It takes its
   * sequence number now, as an event pushed here would, so ties at the same microsecond
   * break the same way as if it were an event.
   */
  const pushTimeout = <T>(fifo: TimeoutFifo<T>, delayUs: number, item: T): void => {
    const dueUs = w.nowUs + delayUs;
    fifo.push(dueUs, queue.takeSeq(), item);
    if (dueUs < w.asideDueUs) w.asideDueUs = dueUs;
  };

  return { releaseEvent, makeEvent, push, pushAt, pushTimeout };
}

export type Events = ReturnType<typeof createEvents>;
