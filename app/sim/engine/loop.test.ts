/**
 * The event loop takes what is due from five places (the request queue, the periodic
 * queue and the three timeout FIFOs) and must handle it all in the one order a single queue
 * would: by (time, phase, sequence number), timeouts as phase-0 events, a timeout whose
 * attempt, try or call is over skipped without moving the clock. Checked against a
 * plain list on ten random schedules with many ties, handlers scheduling more.
 */
import { describe, expect, it } from 'vitest';
import { createWorld } from './world';
import { createEvents } from './events';
import { createEventLoop, type EventLoopDeps } from './loop';
import { createRandom } from './random';
import {
  CALLBACK,
  CHECK_SEND,
  COMMAND,
  COMMAND_PHASE,
  DNS_CHECK,
  SECOND_TICK,
  TICK_PHASE,
  type Attempt,
  type DependencyCall,
  type RegionState,
  type TargetState,
  type Try,
} from './types';
import type { Command } from '../commands';
import { TWO_ZONES } from '../testTopologies';

/** Where a scheduled item waits in the engine. */
type Place =
  | 'callback' // request queue
  | 'check' // periodic queue, phase 0
  | 'dns' // periodic queue, phase 0
  | 'command' // periodic queue, COMMAND_PHASE
  | 'tick' // periodic queue, TICK_PHASE
  | 'client-timeout'
  | 'call-timeout'
  | 'try-timeout';

const PLACES: readonly Place[] = [
  'callback',
  'check',
  'dns',
  'command',
  'tick',
  'client-timeout',
  'call-timeout',
  'try-timeout',
];

interface Item {
  id: string;
  place: Place;
  delayUs: number;
  /** A timeout whose attempt, try or call ended before it was due: never handled. */
  over: boolean;
}

/** The phase a place's items are ordered in (timeouts order as phase-0 events). */
const phaseOf = (place: Place): number =>
  place === 'command' ? COMMAND_PHASE : place === 'tick' ? TICK_PHASE : 0;

const isTimeout = (place: Place): boolean => place.endsWith('timeout');

/**
 * What handling `parent` schedules: decided by its id alone, so both the engine and the
 * reference below schedule the same items whatever order they handle things in.
 * Timeouts are due a fixed time after they are pushed, as in the engine; small delays
 * make many ties at one microsecond.
 */
function childrenOf(parent: string, depth: number): Item[] {
  if (depth >= 4) return [];
  const random = createRandom(1, parent);
  const count = depth === 0 ? 150 : random.int(4);
  return Array.from({ length: count }, (_, k) => {
    const place = PLACES[random.int(PLACES.length)]!;
    return {
      id: `${parent}.${k}`,
      place,
      delayUs: isTimeout(place) ? 6 : random.int(8),
      over: isTimeout(place) && random.chance(0.5),
    };
  });
}

const depthOf = (id: string): number => id.split('.').length - 1;

/** The order a single queue gives: the pending item first by (time, phase, push order). */
function referenceOrder(root: string): string[] {
  type Pending = Item & { timeUs: number; order: number };
  const pending: Pending[] = [];
  let order = 0;
  let nowUs = 0;
  const handled: string[] = [];
  const schedule = (items: Item[]) => {
    for (const item of items)
      pending.push({ ...item, timeUs: nowUs + item.delayUs, order: order++ });
  };
  schedule(childrenOf(root, 0));
  while (pending.length > 0) {
    let best = 0;
    for (let i = 1; i < pending.length; i++) {
      const a = pending[i]!;
      const b = pending[best]!;
      const aPhase = phaseOf(a.place);
      const bPhase = phaseOf(b.place);
      if (
        a.timeUs !== b.timeUs
          ? a.timeUs < b.timeUs
          : aPhase !== bPhase
            ? aPhase < bPhase
            : a.order < b.order
      )
        best = i;
    }
    const item = pending.splice(best, 1)[0]!;
    if (item.over) continue;
    nowUs = item.timeUs;
    if (item.place === 'tick') {
      handled.push(`tick@${nowUs}`);
      continue;
    }
    handled.push(`${item.id}@${nowUs}`);
    schedule(childrenOf(item.id, depthOf(item.id)));
  }
  return handled;
}

/** The engine's order: items pushed through `events`, handled by the real loop. */
function engineOrder(root: string, stepUs: number): string[] {
  const w = createWorld({ topology: TWO_ZONES }, { seed: 1, trackMessages: false });
  const events = createEvents(w);
  const handled: string[] = [];
  const byKey = new Map<object, Item>();
  const handle = (key: object): void => {
    const item = byKey.get(key)!;
    handled.push(`${item.id}@${w.nowUs}`);
    schedule(childrenOf(item.id, depthOf(item.id)));
  };
  const schedule = (items: Item[]): void => {
    for (const item of items) {
      // A fresh object per item stands for its target, region, command, attempt, try or call.
      const key = { done: item.over };
      byKey.set(key, item);
      switch (item.place) {
        case 'callback':
          events.pushAt(CALLBACK, item.delayUs).fn = () => handle(key);
          break;
        case 'check':
          events.pushAt(CHECK_SEND, item.delayUs).target = key as unknown as TargetState;
          break;
        case 'dns':
          events.pushAt(DNS_CHECK, item.delayUs).region = key as unknown as RegionState;
          break;
        case 'command': {
          const e = events.makeEvent(COMMAND, w.nowUs + item.delayUs);
          e.phase = COMMAND_PHASE;
          e.command = key as unknown as Command;
          events.push(e);
          break;
        }
        case 'tick': {
          // A tick carries nothing to tell it by: it is recorded by its time alone, and
          // schedules nothing.
          const e = events.makeEvent(SECOND_TICK, w.nowUs + item.delayUs);
          e.phase = TICK_PHASE;
          events.push(e);
          break;
        }
        case 'client-timeout':
          events.pushTimeout(w.clientTimeouts, item.delayUs, key as unknown as Attempt);
          break;
        case 'call-timeout':
          events.pushTimeout(w.callTimeouts, item.delayUs, key as unknown as DependencyCall);
          break;
        case 'try-timeout':
          events.pushTimeout(w.tryTimeouts, item.delayUs, key as unknown as Try);
          break;
      }
    }
  };
  const unused = (): never => {
    throw new Error('not scheduled in this test');
  };
  const deps: EventLoopDeps = {
    servers: {
      admit: unused,
      releaseWorker: unused,
      replyFromDependency: unused,
      replyFromServer: unused,
    },
    clients: {
      attemptFinished: unused,
      clientTimeout: (attempt) => handle(attempt),
      scheduleNextArrival: unused,
      startAttempt: unused,
      startUserRequest: unused,
    },
    dependencyCalls: {
      callDependency: unused,
      callTimeout: (call) => handle(call),
      dependencyResult: unused,
      serviceDone: unused,
    },
    idempotency: { chargeCard: unused },
    healthChecks: { checkResult: unused, sendCheck: (target) => handle(target) },
    dns: { dnsCheck: (region) => handle(region) },
    commandApplier: { execute: (command) => handle(command), flapToggle: unused },
    messages: { messageView: unused },
    events,
    monitoring: { secondTick: () => void handled.push(`tick@${w.nowUs}`) },
    balancers: { startTry: unused, tryFinished: unused, tryTimeout: (try_) => handle(try_) },
  };
  const loop = createEventLoop(w, deps);
  schedule(childrenOf(root, 0));
  // Stops every `stepUs`, as a driver's frames do: what is due later waits for the next call.
  for (let untilUs = 0; untilUs <= 1000; untilUs += stepUs) loop.runUntil(untilUs);
  return handled;
}

describe('event loop', () => {
  it('handles the request queue, the periodic queue and the timeout FIFOs in one (time, phase, sequence) order', () => {
    // Ten schedules: each root names its own random tree of items.
    for (let seed = 1; seed <= 10; seed++) {
      const root = `root${seed}`;
      const expected = referenceOrder(root);
      // Enough to mean something: hundreds handled, many at a shared microsecond.
      expect(expected.length, root).toBeGreaterThan(300);
      const times = expected.map((h) => h.split('@')[1]);
      expect(times.length - new Set(times).size, root).toBeGreaterThan(200);
      for (const stepUs of [1, 3, 1000]) expect(engineOrder(root, stepUs), root).toEqual(expected);
    }
  });
});
