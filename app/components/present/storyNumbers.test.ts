/**
 * Issue 14: in overload Present's headline said "5,449 still waiting" while the story said
 * "6,837 wait in the queues", and a room reads two numbers for waiting as one. Both were
 * true: the headline counts users in flight, the queues also hold requests whose users
 * already timed out (a FIFO queue drops nothing). The story now says how many of those it
 * counts; these runs check its figures against the engine's and the headline's.
 */
import { describe, expect, it } from 'vitest';
import { usFromS, type Snapshot } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { OVERLOAD } from '../../scenarios';
import { storyLine } from '../../views/story';
import { formatCount, waitingNote } from '../app/format';

const SEEDS = [1, 2, 3, 4, 5];

/** The figures a story prints: requests waiting in queues, and how many of them timed out. */
function printedWaiting(text: string): { waiting: number; timedOut: number } | null {
  const waitingMatch = /([\d,]+) requests wait in /.exec(text);
  if (!waitingMatch) return null;
  const waiting = Number(waitingMatch[1]!.replace(/,/g, ''));
  const timedOutMatch = /, (all|[\d,]+) of them already timed out/.exec(text);
  const timedOut = !timedOutMatch
    ? 0
    : timedOutMatch[1] === 'all'
      ? waiting
      : Number(timedOutMatch[1]!.replace(/,/g, ''));
  return { waiting, timedOut };
}

const servers = (snapshot: Snapshot) => snapshot.components.filter((c) => c.kind === 'server');
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** An overload run at `untilS`: its snapshot, metrics, settings and the story told. */
function overloadAt(untilS: number, seed: number) {
  const sim = createSimulation(
    { topology: OVERLOAD.topology, settings: OVERLOAD.settings },
    { seed },
  );
  sim.runUntil(usFromS(untilS));
  const snapshot = sim.snapshot();
  const metrics = sim.metrics();
  const settings = sim.settings();
  const story = storyLine(snapshot, metrics.window60s, { settings });
  return { snapshot, metrics, settings, story };
}

describe("the story's waiting figures and the headline's", () => {
  it('say the same thing in overload: queued = still waited for + already timed out, and the first is the users in flight', () => {
    for (const seed of SEEDS) {
      // 1,800 req/s against 1,200 req/s of capacity: the newest request's wait grows by
      // (1800 - 1200) / 1200 = 0.5 s a second, so at 20 s it is about 10 s, past the users'
      // 3 s timeout. Every request that arrived in the last 3 s is still queued and awaited;
      // older ones still queued have timed out.
      const untilS = 20;
      const { snapshot, metrics, settings, story } = overloadAt(untilS, seed);
      const printed = printedWaiting(story.text);
      expect(printed, `seed ${seed}: ${story.text}`).not.toBeNull();
      // What the story prints is what the snapshot holds, split the same way.
      const queued = sum(servers(snapshot).map((s) => s.queued));
      const timedOut = sum(servers(snapshot).map((s) => s.queuedTimedOut ?? 0));
      expect(printed!.waiting, `seed ${seed}`).toBe(queued);
      expect(printed!.timedOut, `seed ${seed}`).toBe(timedOut);
      expect(timedOut, `seed ${seed}`).toBeGreaterThan(0);
      expect(timedOut, `seed ${seed}`).toBeLessThan(queued);

      // The headline's figure is the users in flight: every arrival not yet finished.
      const { total, succeeded, degraded, failed, inFlight } = metrics.requests;
      const finished = succeeded + degraded + failed;
      expect(inFlight, `seed ${seed}`).toBe(total - finished);
      expect(waitingNote(inFlight, finished)).toBe(`${formatCount(inFlight)} still waiting`);

      // The queued requests somebody still waits for are those users, less the few not in a
      // queue: on the wire towards a server (user and in-region hops, with jitter) or taken by
      // a worker; plus at most the monitoring probes sent within one timeout (each group's
      // probes queue like users' requests, but the headline leaves them out).
      const arrivalPerS = settings.traffic.arrivalRatePerS;
      const stillAwaited = queued - timedOut;
      const onTheWireS =
        ((settings.network.userLatencyMs + settings.network.inRegionLatencyMs) / 1000) *
        (1 + settings.network.jitterFraction);
      const working = servers(snapshot).length * settings.server.workers;
      const groups = snapshot.components.filter((c) => c.kind === 'users').length;
      const probes =
        groups * Math.ceil(settings.client.timeoutMs / settings.monitoring.probeIntervalMs);
      expect(stillAwaited, `seed ${seed}`).toBeLessThanOrEqual(inFlight + probes);
      expect(stillAwaited, `seed ${seed}`).toBeGreaterThanOrEqual(
        inFlight - working - 2 * arrivalPerS * onTheWireS,
      );
      // And both are about the arrivals of the last timeout (Poisson: 5,400 +- 73 here).
      const lastTimeout = (arrivalPerS * settings.client.timeoutMs) / 1000;
      expect(stillAwaited, `seed ${seed}`).toBeGreaterThan(0.93 * lastTimeout);
      expect(stillAwaited, `seed ${seed}`).toBeLessThan(1.04 * lastTimeout);
    }
  });

  it('counts no timed-out request before the first user times out', () => {
    for (const seed of SEEDS) {
      // At 3 s the newest request waits about 1.5 s: queues are long, nobody gave up yet.
      const { snapshot, metrics, story } = overloadAt(3, seed);
      expect(metrics.firstAtUs.timeout, `seed ${seed}`).toBeNull();
      for (const server of servers(snapshot)) expect(server.queuedTimedOut).toBe(0);
      const printed = printedWaiting(story.text);
      expect(printed, `seed ${seed}: ${story.text}`).not.toBeNull();
      expect(printed!.waiting).toBe(sum(servers(snapshot).map((s) => s.queued)));
      expect(story.text).not.toContain('timed out');
    }
  });
});
