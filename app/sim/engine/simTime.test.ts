/**
 * Simulated time is a branded whole count of microseconds (`SimTimeUs`) where the engine
 * keeps time: the queue's event times, the clock (`now`), log lines, snapshots, metrics,
 * messages on the wire and the instants the engine's records hold. A
 * plain number (a wall-clock reading, milliseconds) is refused there by the type checker
 * (`npx tsc`); the run itself only ever holds whole microseconds.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { QueuedEvent } from './eventQueue';
import { usFromMs, usFromS, type SimTimeUs } from './time';
import type { World } from './world';
import type { LogEntry } from '../output/log';
import type { RequestTrace, TraceSpan } from '../output/trace';
import type { DatabaseContext } from '../database/types';
import type { Cluster, DbNode, Entry } from '../database/model';
import type { MessageView, Metrics, Snapshot } from '../output/snapshot';
import type { DependencyCall, DnsCache, Try, UserRequest } from './types';
import type { Simulation } from '../simulationTypes';
import type { ScheduledCommand } from '../commands/types';
import { createSimulation } from '../simulation';
import { THREE_ZONES } from '../testTopologies';

describe('SimTimeUs where the engine keeps time', () => {
  it('types the queue, the clock, log lines, snapshots, metrics, messages and engine records', () => {
    expectTypeOf<QueuedEvent['timeUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<World['nowUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<ReturnType<Simulation['now']>>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<LogEntry['atUs']>().toEqualTypeOf<SimTimeUs>();
    // A command scheduled in the engine, and each applied command it reports.
    expectTypeOf<ScheduledCommand['atUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<Snapshot['nowUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<Metrics['nowUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<Metrics['firstAtUs']['timeout']>().toEqualTypeOf<SimTimeUs | null>();
    expectTypeOf<MessageView['sentUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<MessageView['arrivesUs']>().toEqualTypeOf<SimTimeUs>();
    // The engine's records: when a request started, a try reached its server, a
    // dependency call started, a DNS answer expires.
    expectTypeOf<UserRequest['startUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<Try['atServerUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<DependencyCall['startUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<DnsCache['expiresUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<World['firstTimeoutUs']>().toEqualTypeOf<SimTimeUs | null>();
    // A request trace's spans, as the waterfall reads them.
    expectTypeOf<TraceSpan['startUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<TraceSpan['endUs']>().toEqualTypeOf<SimTimeUs | null>();
    expectTypeOf<RequestTrace['armedUs']>().toEqualTypeOf<SimTimeUs>();
    // The database model's clock and the instants it keeps.
    expectTypeOf<ReturnType<DatabaseContext['nowUs']>>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<Entry['commitUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<DbNode['leaseUntilUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<Cluster['leaseExpiresUs']>().toEqualTypeOf<SimTimeUs>();
    expectTypeOf<Cluster['lossAtUs']>().toEqualTypeOf<SimTimeUs | null>();
    // A bare number is not a simulated instant; the helpers make one.
    expectTypeOf<number>().not.toExtend<SimTimeUs>();
    expectTypeOf(usFromMs(1)).toEqualTypeOf<SimTimeUs>();
  });

  it('holds whole microseconds: the clock, log lines and snapshots (10 seeds)', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const sim = createSimulation(
        {
          topology: THREE_ZONES,
          faults: [{ atUs: usFromS(2), command: { type: 'kill', target: 'app-b1' } }],
        },
        { seed, trackMessages: false },
      );
      sim.runUntil(usFromS(10) + 0.5); // a driver's fractional frame time is floored
      expect(sim.now()).toBe(usFromS(10));
      expect(sim.snapshot().nowUs).toBe(usFromS(10));
      const { entries } = sim.log();
      expect(entries.length).toBeGreaterThan(0);
      for (const entry of entries) expect(Number.isInteger(entry.atUs)).toBe(true);
    }
  });
});
