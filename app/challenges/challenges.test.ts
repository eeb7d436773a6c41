/**
 * Every challenge is solvable and failed by its starting design, over its seeds: the
 * starting design misses the goal on every seed, after the hidden faults begin (before
 * them the design is healthy), and a known solution (kept here, not shown to the
 * learner) passes on every seed. A design over the budget is refused before any run.
 */
import { describe, expect, it } from 'vitest';
import { configuredSettings } from '../scenarios';
import {
  CHALLENGES,
  challengeById,
  checkLearnerSettings,
  judgeChallenge,
  settingSpecOf,
  type LearnerSetting,
} from '.';

/** Known solutions, one per challenge: what the lesson behind each teaches. */
const SOLUTIONS: Record<string, LearnerSetting[]> = {
  // More capacity per server (N+1 in capacity, not only in count), fast detection and
  // a second balancer attempt on another server for the requests caught in between.
  'zone-outage': [
    { path: 'server.workers', value: 6 },
    { path: 'healthCheck.intervalMs', value: 1000 },
    { path: 'balancer.perTryTimeoutMs', value: 200 },
    { path: 'retries.balancerMaxAttempts', value: 2 },
  ],
  // Google SRE: a per-client retry budget caps retries at 10% of requests per layer.
  'retry-storm': [{ path: 'retries.budget', value: 'percent' }],
  // Synchronous replication: a write is acknowledged only once the standby has it.
  'disk-failure': [{ path: 'database.replicationMode', value: 'sync' }],
  // Epoch fencing: the old primary rejects writes once a newer primary exists.
  'split-brain': [{ path: 'database.fencing', value: 'on' }],
  // Passive outlier detection ejects the server whose requests fail.
  'gray-failure': [{ path: 'outlier.enabled', value: 'on' }],
  // Load shedding with a short queue: a full server rejects at once instead of queueing.
  'traffic-spike': [
    { path: 'server.shedding', value: 'on' },
    { path: 'server.queueLimit', value: 10 },
  ],
};

/** A design over each challenge's budget: one allowed setting pushed past its bound. */
function overBudget(id: string): LearnerSetting {
  const challenge = challengeById(id)!;
  for (const allowed of challenge.allowed) {
    const spec = settingSpecOf(allowed.path)!;
    if (allowed.max !== undefined) return { path: allowed.path, value: allowed.max + 1 };
    if (allowed.min !== undefined) return { path: allowed.path, value: allowed.min - 1 };
    if (spec.kind === 'choice' && allowed.choices) {
      const other = spec.choices.find((c) => !allowed.choices!.includes(c))!;
      return { path: allowed.path, value: other };
    }
  }
  // No bound on an allowed setting: the budget is what may not be changed at all.
  return { path: 'server.workers', value: 8 };
}

describe('challenges', () => {
  it('has at least 6 challenges with unique ids, a goal, a budget and hidden faults', () => {
    expect(CHALLENGES.length).toBeGreaterThanOrEqual(6);
    expect(new Set(CHALLENGES.map((c) => c.id)).size).toBe(CHALLENGES.length);
    for (const c of CHALLENGES) {
      expect(c.goals.length, c.id).toBeGreaterThan(0);
      expect(c.faults.length, c.id).toBeGreaterThan(0);
      expect(c.seeds.length, c.id).toBeGreaterThanOrEqual(3);
      expect(c.budget.length, c.id).toBeGreaterThan(0);
      expect(SOLUTIONS[c.id], `${c.id} needs a known solution`).toBeDefined();
      // Every allowed setting exists, and the challenge's own design is valid.
      for (const a of c.allowed) expect(settingSpecOf(a.path), a.path).toBeDefined();
      expect(checkLearnerSettings(c, []), c.id).toEqual([]);
    }
  });

  it('states the load its brief claims: offered rate over servers x workers / mean service time', () => {
    // Capacity of an M/M/c-like pool: c / E[S] requests a second.
    for (const [id, rate, share] of [
      ['zone-outage', 840, 0.7],
      ['traffic-spike', 900, 0.75],
    ] as const) {
      const challenge = challengeById(id)!;
      const settings = configuredSettings(challenge.scenario, [...challenge.fixed]);
      const servers = challenge.scenario.topology.regions.flatMap((r) =>
        r.zones.flatMap((z) => z.servers),
      ).length;
      const capacityPerS =
        (servers * settings.server.workers * 1000) / settings.server.serviceTimeMsMean;
      expect(settings.traffic.arrivalRatePerS, id).toBe(rate);
      expect(rate / capacityPerS, id).toBeCloseTo(share, 6);
      expect(challenge.brief, id).toContain(`${rate} requests a second, ${share * 100}%`);
    }
  });

  for (const challenge of CHALLENGES) {
    describe(challenge.id, () => {
      const firstFaultS = Math.min(...challenge.faults.map((f) => f.atS));

      it('the starting design fails on every seed, after the hidden faults begin', () => {
        const verdict = judgeChallenge(challenge, []);
        if (!verdict.ok) throw new Error(verdict.problems.join('; '));
        expect(verdict.passed).toBe(false);
        for (const seed of verdict.seeds) {
          expect(seed.passed, `seed ${seed.seed}`).toBe(false);
          expect(seed.brokeAtS!, `seed ${seed.seed}`).toBeGreaterThanOrEqual(firstFaultS);
          // The story ends with the goal breaking and names what happened before.
          expect(seed.story.at(-1)).toMatch(/broke: /);
          expect(seed.story.length).toBeGreaterThan(1);
        }
        expect(verdict.summary).toMatch(/^3 of 3 seeds missed the goal/);
      });

      it('a known solution passes on every seed', () => {
        const verdict = judgeChallenge(challenge, SOLUTIONS[challenge.id]!);
        if (!verdict.ok) throw new Error(verdict.problems.join('; '));
        for (const seed of verdict.seeds) {
          expect(seed.passed, `seed ${seed.seed}: ${seed.goals.map((g) => g.text)}`).toBe(true);
          expect(seed.brokeAtS).toBeNull();
        }
        expect(verdict.passed).toBe(true);
        expect(verdict.summary).toMatch(/^All 3 seeds met the goal/);
      });

      it('a design over the budget is refused before any run', () => {
        const change = overBudget(challenge.id);
        const verdict = judgeChallenge(challenge, [...SOLUTIONS[challenge.id]!, change]);
        expect(verdict.ok).toBe(false);
        if (!verdict.ok) expect(verdict.problems.join(' ')).toContain(change.path);
      });
    });
  }

  it('refuses values the share links refuse, with the same message', () => {
    const challenge = challengeById('zone-outage')!;
    const problems = checkLearnerSettings(challenge, [{ path: 'server.workers', value: 0 }]);
    expect(problems.join(' ')).toMatch(/server\.workers/);
    const words = checkLearnerSettings(challenge, [
      { path: 'healthCheck.intervalMs', value: 'often' },
    ]);
    expect(words.join(' ')).toMatch(/healthCheck\.intervalMs/);
  });

  it('names the settings that may be changed when another is given', () => {
    const problems = checkLearnerSettings(challengeById('retry-storm')!, [
      { path: 'server.workers', value: 8 },
    ]);
    expect(problems[0]).toMatch(/server\.workers cannot be changed.*retries\.budget/);
  });
});
