/**
 * Issue 11: the client retry budget is per client, not one per user group, and a
 * probe retries at the client as users do.
 *
 * The Google SRE book's retry budget is per client (each client retries up to 10% of
 * its own requests) and gRPC's retry throttling keeps a token bucket per client channel
 * (docs/reference.md "Timeouts, retries, backoff, jitter"). A user group stands for `client.clientsPerGroup` clients,
 * each request comes from one of them, and each keeps its own budget.
 */
import { describe, expect, it } from 'vitest';
import { usFromS, type Command, type Metrics } from '../sim';
import { ONE_REGION } from './builtin';
import { SERVERS, seeds, simulate, THREE_SERVERS } from './testSupport';

const OUTAGE_S = 5;
const END_S = 35;
/** Every app server crashed: every attempt is refused, nothing succeeds again. */
const TOTAL_OUTAGE = SERVERS.map((target) => ({
  atS: OUTAGE_S,
  command: { type: 'kill', target } satisfies Command,
}));

function clientRetries(clientsPerGroup: number, seed: number, budget: 'percent' | 'token-bucket') {
  const sim = simulate(
    ONE_REGION,
    seed,
    {
      client: { clientsPerGroup },
      // Enough attempts that a request never runs out of them before its client's
      // budget does: the budget alone decides how many retries there are.
      retries: { clientMaxAttempts: 10, budget, budgetPercent: 10 },
    },
    budget === 'percent' ? TOTAL_OUTAGE.map((f) => ({ ...f, atS: 0 })) : TOTAL_OUTAGE,
  );
  sim.runUntil(usFromS(END_S));
  return sim.metrics();
}

describe('a retry budget per client, not per user group (Google SRE; gRPC per channel)', () => {
  // gRPC retry throttling (gRFC A6, docs/reference.md "Timeouts, retries, backoff, jitter"): the bucket starts full at
  // 10 tokens, each failure takes 1 and retries stop while tokens <= 5. Before the
  // outage every attempt succeeds, so each client's bucket is full when it starts.
  // In the outage nothing succeeds: a client's failures leave 9, 8, 7, 6 (a retry each)
  // and then 5 (no retry), so each client retries exactly 4 times, however many
  // requests it sends. The group retries 4 x (its clients that sent something).
  it('gRPC token bucket, total outage: exactly 4 retries per client (10 seeds)', () => {
    for (const seed of seeds(10)) {
      // One client per group: a single shared bucket, 4 retries for the whole group.
      expect(clientRetries(1, seed, 'token-bucket').defences.retries.client, `seed ${seed}`).toBe(
        4,
      );
      // The group's probes retry too, from a client of their own: none of their retries
      // is counted here or spends the users' tokens.
      // 20 clients at 50 req/s send ~75 requests each in the 30 s outage (the chance
      // that one sends none is e^-75): one client's empty bucket does not stop another
      // client's retries, 4 each.
      expect(clientRetries(20, seed, 'token-bucket').defences.retries.client, `seed ${seed}`).toBe(
        80,
      );
    }
  });

  // The ratio budget (retryRatioBudget.ts) allows a retry at second s only while
  // (retries + 1) <= 10% x requests over seconds s-9 .. s, counting the retry. Walk back
  // from a client's last retry: its window holds at most 10% of the requests in it;
  // the latest retry before that window starts a new, disjoint one, and so on. The
  // windows cover every retry, so over the run a client's retries are at most 10% of its
  // own requests, with no minimum allowance, and the group's at most 10% of the group's.
  it('percent budget, total outage: retries <= 10% of requests, per client and so per group (10 seeds)', () => {
    for (const seed of seeds(10)) {
      const ratio = (m: Metrics) => m.defences.retries.client / m.requests.total;
      const one = clientRetries(1, seed, 'percent');
      const five = clientRetries(5, seed, 'percent');
      const hundred = clientRetries(100, seed, 'percent');
      for (const m of [one, five, hundred]) {
        expect(m.requests.succeeded, `seed ${seed}`).toBe(0);
        expect(ratio(m), `seed ${seed}`).toBeLessThanOrEqual(0.1);
      }
      // One busy client (50 req/s, ~500 requests in its window) retries close to its
      // 10%: without a budget it would retry 9 times per request.
      expect(ratio(one), `seed ${seed}`).toBeGreaterThan(0.09);
      // A client of 100 sends ~0.5 req/s, ~5 requests in its 10 s window, and needs 10
      // behind one retry: a quiet client rarely retries. A group-wide budget would let
      // the group retry ~10% of its requests.
      expect(ratio(hundred), `seed ${seed}`).toBeLessThan(0.03);
      expect(ratio(hundred)).toBeLessThan(ratio(five));
    }
  });
});

describe('a probe retries at the client as a user does (issue 11: same path)', () => {
  /** One balancer in front of three servers, one of which has crashed. */
  const KILL_S = 5;
  const RUN_S = 125;

  it('1 of 3 servers crashed, unnoticed, 3 client attempts: probes see what users see (10 seeds)', () => {
    const probeAvailability: number[] = [];
    const requestAvailability: number[] = [];
    for (const seed of seeds(10)) {
      const sim = simulate(
        THREE_SERVERS,
        seed,
        {
          // Health checks too slow to act: only the users' retries route around it.
          healthCheck: { intervalMs: 300_000 },
          retries: { clientMaxAttempts: 3 },
          // 4 probes a second, so each seed's time-based figure rests on ~480 probes.
          monitoring: { probeIntervalMs: 250 },
        },
        [{ atS: KILL_S, command: { type: 'kill', target: 'app-2' } }],
      );
      sim.runUntil(usFromS(RUN_S));
      const m = sim.metrics();
      // An attempt on the dead server is refused at once and tried again; a request
      // fails only when all 3 attempts land there, about (1/3)^3 = 4% of the time
      // (less: round robin rarely sends one request's attempts to the same server).
      expect(m.availability, `seed ${seed}`).toBeGreaterThan(0.9);
      // Without retries a probe fails whenever its one attempt lands on the dead
      // server: about 1 in 3, far below the users.
      expect(Math.abs(m.timeAvailability.sinceStart - m.availability), `seed ${seed}`).toBeLessThan(
        0.04,
      );
      probeAvailability.push(m.timeAvailability.sinceStart);
      requestAvailability.push(m.availability);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(probeAvailability) - mean(requestAvailability))).toBeLessThan(0.015);
  });
});
