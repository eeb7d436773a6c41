/**
 * The event kernel's helpers: pooled event records, and pushing them on the queue.
 */
import { type World } from './world';
import { type SimEvent } from './types';

export function createEvents(w: World) {
  const { queue, eventPool } = w;

  /**
   * Every event has the same fields in the same order, so V8 keeps one hidden class.
   * `timeUs` starts as NaN and is set after: the literal's first value fixes how V8
   * stores the field, and simulated times outgrow small integers at 2^30 us (~18
   * simulated minutes). Begun as a small integer, the field changed representation
   * mid-run, which threw the optimised event loop away in that run and again at the
   * start of the next one (measured: the benchmark's second hour ran slower than its
   * third).
   */
  const newEvent = (type: number, timeUs: number): SimEvent => {
    const e = blankEvent(type);
    e.timeUs = timeUs;
    return e;
  };

  const blankEvent = (type: number): SimEvent => ({
    timeUs: NaN,
    phase: 0,
    seq: 0,
    type,
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
    sentUs: undefined,
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
  const releaseEvent = (e: SimEvent): void => {
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
    e.sentUs = undefined;
    e.lostKind = undefined;
    e.fn = undefined;
    eventPool.push(e);
  };

  /** A blank event of `type` at `timeUs`, as `newEvent` makes: pooled when one is free. */
  const makeEvent = (type: number, timeUs: number): SimEvent => {
    const e = eventPool.pop();
    if (e === undefined) return newEvent(type, timeUs);
    e.timeUs = timeUs;
    e.phase = 0;
    e.seq = 0;
    e.type = type;
    return e;
  };

  const push = (event: SimEvent): void => {
    queue.push(event);
  };

  const pushAt = (type: number, delayUs: number): SimEvent => {
    const e = makeEvent(type, w.nowUs + Math.max(0, Math.round(delayUs)));
    push(e);
    return e;
  };

  return { releaseEvent, makeEvent, push, pushAt };
}

export type Events = ReturnType<typeof createEvents>;
