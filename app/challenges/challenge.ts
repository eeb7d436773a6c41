/**
 * Challenges: learning by doing. A challenge gives the learner a starting design (a
 * built-in scenario), the settings they may change within a budget, and a goal; a
 * fault script they cannot see is played against their design headless, over a few
 * seeds, and the simulation gives the verdict: the measured numbers with their counts
 * and, for a failure, the second the goal broke and what happened just before.
 * Pure (no React, no DOM): the page, the tests and any CLI share it.
 */
import { formatSimTime, settingSpec, type LogEntry, type Metrics } from '../sim';
import { createSimulation } from '../sim/runtime';
import {
  scenarioWithSettings,
  simulationInput,
  validateConfiguration,
  type FaultEntry,
  type Scenario,
} from '../scenarios';

/** A setting the learner may change, with the budget's bounds on it (inside its spec's). */
export interface AllowedSetting {
  /** Path as SETTING_SPECS spells it, e.g. `server.workers`. */
  path: string;
  /** Budget: the largest value allowed (numbers). */
  max?: number;
  /** Budget: the smallest value allowed (numbers). */
  min?: number;
  /** Budget: the choices allowed (choice settings); all of the spec's when absent. */
  choices?: readonly string[];
}

/** What the run must achieve, measured from the engine's own counters. */
export type ChallengeGoal =
  /** Request-based availability since the start (the engine's definition) at least this. */
  | { kind: 'availability'; atLeast: number }
  /** Acknowledged writes lost (RPO) at most this. */
  | { kind: 'writesLost'; atMost: number }
  /** Writes an old primary accepted after a newer primary existed (split brain), at most this. */
  | { kind: 'splitBrainWrites'; atMost: number }
  /** Dependency calls per user request that reached it, at most this. */
  | { kind: 'loadAmplification'; atMost: number }
  /** p99 latency of the requests that succeeded, since the start, at most this. */
  | { kind: 'p99'; atMostMs: number };

export interface Challenge {
  /** Stable id, used by `#challenge=ID` links and stored progress. */
  id: string;
  title: string;
  /** What the learner is told: the situation and the goal in words, not the faults. */
  brief: string;
  /** The starting design. */
  scenario: Scenario;
  /** Settings the challenge fixes on top of the scenario (the learner cannot change them). */
  fixed: ReadonlyArray<{ path: string; value: number | string }>;
  /** What the learner may change, within the budget. */
  allowed: readonly AllowedSetting[];
  /** The budget in words, e.g. "at most 6 workers per server (36 in all)". */
  budget: string;
  /** The hidden fault script (replaces the scenario's own). */
  faults: readonly FaultEntry[];
  /** Simulated seconds each run lasts. */
  durationS: number;
  /** Every goal must hold at the end of every seed's run. */
  goals: readonly ChallengeGoal[];
  /** Seeds judged: luck must not decide. */
  seeds: readonly number[];
}

/** A learner's change to one allowed setting. */
export interface LearnerSetting {
  path: string;
  value: number | string;
}

/** One goal as measured at the end of one seed's run. */
export interface GoalResult {
  goal: ChallengeGoal;
  held: boolean;
  value: number;
  /** The number in words with its count, e.g. "99.12% (14,871 of 15,003 requests)". */
  text: string;
}

/** One seed's run. */
export interface SeedResult {
  seed: number;
  passed: boolean;
  goals: GoalResult[];
  /** For a failure: the first whole second at which a goal did not hold. */
  brokeAtS: number | null;
  /** For a failure: what happened up to then ("0:42.0 zone eu-b ..."), newest last. */
  story: string[];
}

export type Verdict =
  | { ok: false; problems: string[] }
  | { ok: true; passed: boolean; seeds: SeedResult[]; summary: string };

/** Goal in words, for the page and the verdict. */
export function describeGoal(goal: ChallengeGoal): string {
  switch (goal.kind) {
    case 'availability':
      return `availability at least ${percent(goal.atLeast)} over the whole run`;
    case 'writesLost':
      return goal.atMost === 0
        ? 'no acknowledged write lost'
        : `at most ${goal.atMost} acknowledged writes lost`;
    case 'splitBrainWrites':
      return goal.atMost === 0
        ? 'no write accepted by an old primary once a new one exists'
        : `at most ${goal.atMost} writes accepted by an old primary once a new one exists`;
    case 'loadAmplification':
      return `load amplification on payments at most ${goal.atMost}x`;
    case 'p99':
      return `p99 latency of successful requests at most ${goal.atMostMs} ms`;
  }
}

function percent(share: number): string {
  const text = (share * 100).toFixed(3).replace(/\.?0+$/, '');
  return `${text}%`;
}

const COUNT = new Intl.NumberFormat('en-US');

/** The goal measured on a run's metrics. */
export function measureGoal(goal: ChallengeGoal, metrics: Metrics): GoalResult {
  switch (goal.kind) {
    case 'availability': {
      const { succeeded, degraded, failed } = metrics.requests;
      const finished = succeeded + degraded + failed;
      const value = metrics.availability;
      const text =
        finished === 0
          ? 'no request finished'
          : `${(value * 100).toFixed(2)}% (${COUNT.format(Math.round(value * finished))} of ${COUNT.format(finished)} requests)`;
      return { goal, value, held: finished > 0 && value >= goal.atLeast, text };
    }
    case 'writesLost': {
      const data = metrics.data;
      const value = data?.writesLost ?? 0;
      const acked = data?.writesAcked ?? 0;
      const text = `${COUNT.format(value)} of ${COUNT.format(acked)} acknowledged writes lost`;
      // A design that acknowledges nothing loses nothing, but it is no solution.
      return { goal, value, held: acked > 0 && value <= goal.atMost, text };
    }
    case 'splitBrainWrites': {
      const data = metrics.data;
      const value = data?.splitBrainWrites ?? 0;
      const acked = data?.writesAcked ?? 0;
      const text = `${COUNT.format(value)} writes accepted by an old primary (${COUNT.format(acked)} acknowledged in all)`;
      return { goal, value, held: acked > 0 && value <= goal.atMost, text };
    }
    case 'loadAmplification': {
      const d = metrics.defences;
      const value = d.loadAmplification;
      const text = `${value.toFixed(2)}x (${COUNT.format(d.dependencyAttempts)} calls for ${COUNT.format(d.usersReachingDependency)} user requests)`;
      return { goal, value, held: value <= goal.atMost, text };
    }
    case 'p99': {
      const value = metrics.latencyMs.p99;
      const text = Number.isFinite(value)
        ? `${Math.round(value)} ms (of ${COUNT.format(metrics.requests.succeeded)} successful requests)`
        : 'no request succeeded';
      return { goal, value, held: Number.isFinite(value) && value <= goal.atMostMs, text };
    }
  }
}

/**
 * Problems with a learner's settings: a path the challenge does not allow, a value
 * over the budget, or anything the share links refuse (validateConfiguration).
 */
export function checkLearnerSettings(
  challenge: Challenge,
  learner: readonly LearnerSetting[],
): string[] {
  const problems: string[] = [];
  for (const { path, value } of learner) {
    const allowed = challenge.allowed.find((a) => a.path === path);
    if (!allowed) {
      const names = challenge.allowed.map((a) => a.path).join(', ');
      problems.push(`${path} cannot be changed in this challenge (you may change: ${names})`);
      continue;
    }
    if (typeof value === 'number') {
      if (allowed.max !== undefined && value > allowed.max) {
        problems.push(`${path} = ${value} is over the budget: at most ${allowed.max}`);
      }
      if (allowed.min !== undefined && value < allowed.min) {
        problems.push(`${path} = ${value} is over the budget: at least ${allowed.min}`);
      }
    } else if (allowed.choices && !allowed.choices.includes(value)) {
      problems.push(
        `${path} = ${value} is not allowed in this challenge (allowed: ${allowed.choices.join(', ')})`,
      );
    }
  }
  problems.push(
    ...validateConfiguration(
      { topology: challenge.scenario.topology, settings: challenge.scenario.settings },
      [...challenge.fixed, ...learner],
    ),
  );
  return problems;
}

/** The scenario a challenge runs for these learner settings, hidden faults included. */
export function challengeScenario(
  challenge: Challenge,
  learner: readonly LearnerSetting[],
): Scenario {
  const configured = scenarioWithSettings(challenge.scenario, [...challenge.fixed, ...learner]);
  return { ...configured, faults: [...challenge.faults], durationS: challenge.durationS };
}

/** The value a setting starts with in the challenge (fixed, then scenario, then default). */
export function startingValue(challenge: Challenge, path: string): number | string {
  const fixed = challenge.fixed.find((f) => f.path === path);
  if (fixed) return fixed.value;
  const [group, key] = path.split('.') as [string, string];
  const settings = challenge.scenario.settings as Record<string, Record<string, unknown>>;
  const own = settings[group]?.[key];
  if (typeof own === 'number' || typeof own === 'string') return own;
  return settingSpec(path)?.default ?? '';
}

/** A setting's spec (re-exported so the page and tests need not import the engine). */
export const settingSpecOf = settingSpec;

/** Log entries worth telling: faults, detections and recoveries (not info lines). */
const told = (e: LogEntry): boolean => e.category !== 'info';

/** How many lines of the story a failure tells. */
const STORY_LINES = 6;

/** One seed's run in progress: advanced a few simulated seconds at a time by the page. */
export interface SeedRun {
  /** Simulated seconds judged so far. */
  readonly doneS: number;
  /** Runs up to `seconds` more simulated seconds; true once the run is over. */
  advance(seconds: number): boolean;
  /** The result; only once `advance` returned true. */
  result(): SeedResult;
}

/** Starts one seed's run, judged second by second (check the settings first). */
export function startSeedRun(
  challenge: Challenge,
  learner: readonly LearnerSetting[],
  seed: number,
): SeedRun {
  const scenario = challengeScenario(challenge, learner);
  const sim = createSimulation(simulationInput(scenario), { seed, trackMessages: false });
  let doneS = 0;
  let brokeAtS: number | null = null;
  let brokenGoals: GoalResult[] = [];
  const advance = (seconds: number): boolean => {
    const untilS = Math.min(challenge.durationS, doneS + seconds);
    // Each whole second: the first one at which a goal does not hold is where it broke.
    for (let s = doneS + 1; s <= untilS; s++) {
      sim.runUntil(s * 1_000_000);
      if (brokeAtS === null && s < challenge.durationS) {
        const metrics = sim.metrics();
        const failing = challenge.goals.map((g) => measureGoal(g, metrics)).filter((r) => !r.held);
        // Before the first request finishes there is nothing to judge yet.
        if (failing.length > 0 && metrics.requests.total - metrics.requests.inFlight > 0) {
          brokeAtS = s;
          brokenGoals = failing;
        }
      }
    }
    doneS = untilS;
    return doneS >= challenge.durationS;
  };
  const result = (): SeedResult => {
    const metrics = sim.metrics();
    const goals = challenge.goals.map((g) => measureGoal(g, metrics));
    const passed = goals.every((g) => g.held);
    if (passed) return { seed, passed, goals, brokeAtS: null, story: [] };
    let atS = brokeAtS;
    let broken = brokenGoals;
    if (atS === null) {
      atS = challenge.durationS;
      broken = goals.filter((g) => !g.held);
    }
    const atUs = atS * 1_000_000;
    const events = sim
      .log()
      .entries.filter((e) => told(e) && e.atUs <= atUs)
      .slice(-STORY_LINES)
      .map((e) => `${formatSimTime(e.atUs)} ${e.message}`);
    const broke = broken.map((g) => `${describeGoal(g.goal)} broke: ${g.text}`).join('; ');
    return {
      seed,
      passed,
      goals,
      brokeAtS: atS,
      story: [...events, `${formatSimTime(atUs)} ${broke}`],
    };
  };
  return {
    get doneS() {
      return doneS;
    },
    advance,
    result,
  };
}

/** One seed's run, judged second by second, all at once. */
export function judgeSeed(
  challenge: Challenge,
  learner: readonly LearnerSetting[],
  seed: number,
): SeedResult {
  const run = startSeedRun(challenge, learner, seed);
  run.advance(challenge.durationS);
  return run.result();
}

/**
 * The verdict for a learner's settings: refused (with the problems) when they are not
 * allowed, else every seed run and judged. Passed only when every seed passes.
 * `seeds` defaults to the challenge's own.
 */
export function judgeChallenge(
  challenge: Challenge,
  learner: readonly LearnerSetting[],
  seeds: readonly number[] = challenge.seeds,
): Verdict {
  const problems = checkLearnerSettings(challenge, learner);
  if (problems.length > 0) return { ok: false, problems };
  const results = seeds.map((seed) => judgeSeed(challenge, learner, seed));
  return { ok: true, ...verdictOf(results) };
}

/** Passed and a one-line summary from seed results (the page judges seed by seed). */
export function verdictOf(results: SeedResult[]): {
  passed: boolean;
  seeds: SeedResult[];
  summary: string;
} {
  const passedCount = results.filter((r) => r.passed).length;
  const passed = passedCount === results.length;
  const summary = passed
    ? `All ${results.length} seeds met the goal (each seed is a different run of the same hidden faults, so luck does not decide).`
    : `${results.length - passedCount} of ${results.length} seeds missed the goal (each seed is a different run of the same hidden faults; every seed must pass).`;
  return { passed, seeds: results, summary };
}
