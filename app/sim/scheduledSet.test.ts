/**
 * A scheduled `set` is checked when it runs, against the settings in force then (found
 * by the invariant sweep, issue 12). Two changes each valid alone can together break
 * Patroni's rule loop_wait + 2 x retry_timeout <= ttl (docs/reference.md "Replication and quorums"); the
 * second must then be refused, keeping its old value, so the settings on screen are
 * the options the database runs.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from './simulation';
import { usFromS } from './engine/time';
import type { TopologySpec } from './topology';

const TOPOLOGY: TopologySpec = {
  regions: [
    {
      id: 'eu',
      balancer: 'lb-1',
      zones: [
        { id: 'eu-a', servers: ['app-a1'] },
        { id: 'eu-b', servers: ['app-b1'] },
        { id: 'eu-c', servers: ['app-c1'] },
      ],
    },
  ],
  users: [{ id: 'users', region: 'eu', share: 1 }],
  database: {
    nodes: [
      { id: 'db-a1', zone: 'eu-a' },
      { id: 'db-b1', zone: 'eu-b' },
      { id: 'db-c1', zone: 'eu-c' },
    ],
    primary: 'db-a1',
  },
};

const TTL_MS = 40_000;
// Defaults: loop wait 10 s, retry timeout 10 s. Each change alone fits a 40 s ttl:
// 20 + 2 x 10 = 40 and 10 + 2 x 15 = 40; both together need 20 + 2 x 15 = 50 > 40.
const LOOP_WAIT = { type: 'set', path: 'database.loopWaitMs', value: 20_000 } as const;
const RETRY = { type: 'set', path: 'database.retryTimeoutMs', value: 15_000 } as const;

function simulation(seed: number) {
  return createSimulation(
    {
      topology: TOPOLOGY,
      settings: { traffic: { arrivalRatePerS: 20 }, database: { leaseTtlMs: TTL_MS } },
    },
    { seed, trackMessages: false },
  );
}

const patroniHolds = (db: { loopWaitMs: number; retryTimeoutMs: number; leaseTtlMs: number }) =>
  db.loopWaitMs + 2 * db.retryTimeoutMs <= db.leaseTtlMs;

describe('a scheduled set that breaks a rule with the settings of its time', () => {
  it('is refused when it runs: the setting keeps its value and the log says why', () => {
    for (const seed of [1, 2, 3]) {
      const sim = simulation(seed);
      // Both are accepted when scheduled: each is valid against the starting settings.
      expect(sim.schedule(usFromS(10), LOOP_WAIT)).toEqual({ ok: true });
      expect(sim.schedule(usFromS(20), RETRY)).toEqual({ ok: true });
      sim.runUntil(usFromS(30));
      const db = sim.settings().database;
      expect(db.loopWaitMs).toBe(20_000);
      expect(db.retryTimeoutMs).toBe(10_000);
      expect(patroniHolds(db)).toBe(true);
      const lines = sim.log().entries.filter((e) => e.type === 'set');
      expect(lines.map((e) => [e.atUs, e.target])).toEqual([
        [usFromS(10), 'database.loopWaitMs'],
        [usFromS(20), 'database.retryTimeoutMs'],
      ]);
      expect(lines[0]!.message).not.toMatch(/not applied/);
      // Names the setting, says it was not applied, and names the rule broken.
      expect(lines[1]!.message).toMatch(/^setting database\.retryTimeoutMs = 15000 not applied: /);
      expect(lines[1]!.message).toMatch(/loop wait \+ 2 x retry timeout <= ttl/);
    }
  });

  it('is refused by a live apply too, with the rule in the result', () => {
    const sim = simulation(1);
    sim.runUntil(usFromS(5));
    expect(sim.apply(LOOP_WAIT)).toEqual({ ok: true });
    const refused = sim.apply(RETRY);
    expect(refused.ok).toBe(false);
    expect(refused).toMatchObject({ error: expect.stringMatching(/database\.retryTimeoutMs/) });
    expect(sim.settings().database.retryTimeoutMs).toBe(10_000);
  });

  it('applies in the other order when the first change is undone in between', () => {
    const sim = simulation(1);
    expect(sim.schedule(usFromS(10), RETRY)).toEqual({ ok: true });
    expect(
      sim.schedule(usFromS(15), { type: 'set', path: 'database.retryTimeoutMs', value: 5_000 }),
    ).toEqual({ ok: true });
    expect(sim.schedule(usFromS(20), LOOP_WAIT)).toEqual({ ok: true });
    sim.runUntil(usFromS(30));
    // 20 + 2 x 5 = 30 <= 40: every change fits when it runs.
    expect(sim.settings().database).toMatchObject({ loopWaitMs: 20_000, retryTimeoutMs: 5_000 });
    expect(sim.log().entries.filter((e) => /not applied/.test(e.message))).toEqual([]);
  });
});
