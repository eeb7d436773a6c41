/**
 * Deterministic simulation testing for the whole engine (issue 12, "correctness net"):
 * from one seed, a random run (a built-in scenario, random setting changes, a random
 * fault script) is generated, run the way the CLI runs it, and checked against
 * invariants that hold for every run:
 *
 * - conservation: every user request is exactly one of succeeded, degraded, failed
 *   (shed included) or in flight, overall, per user group, per second and per layer;
 *   and none stays in flight longer than its attempts can take;
 * - durability: no acknowledged write is lost under synchronous replication when at
 *   most one database node is ever lost (docs/reference.md "Replication and quorums"), nor in any mode when
 *   no database node is touched; no split-brain write while fencing stays on;
 * - safety: never two reachable writable primaries (one per region with last writer
 *   wins) unless the script partitions the database (or an operator promotes) while
 *   fencing is off (docs/reference.md "Failover");
 * - determinism: the same seed gives byte-identical metrics and log whether the run is
 *   advanced in one call or in many irregular chunks with snapshots taken in between.
 *
 * Runs are described in the CLI's own terms (`--set PATH=VALUE`, `--fault AT:ACTION:TARGET`)
 * and prepared exactly as `npm run sim` prepares them, so every failure prints as a
 * command that reproduces it. Not part of the app: `invariants.test.ts` runs a fixed
 * set of seeds, `scripts/sweep.ts` many more.
 */
import {
  COMMAND_SPECS,
  commandCategory,
  commandSpec,
  createRandom,
  SETTING_SPECS,
  targetKinds,
  usFromMs,
  usFromS,
  validateSetting,
  type Command,
  type ComponentInfo,
  type Metrics,
  type Random,
  type SettingSpec,
  type Simulation,
  type Snapshot,
} from '../sim';
import { createSimulation } from '../sim/runtime';
import { BUILTIN_SCENARIOS, builtinScenario } from './builtin';
import { validateConfiguration } from './configuration';
import { formatFaultSpec, parseFaultSpec } from './faultSpec';
import { scenarioWithSettings, simulationInput, type FaultEntry, type Scenario } from './scenario';

/** One generated run, in the CLI's terms. */
export interface SweepRun {
  seed: number;
  scenario: string;
  durationS: number;
  /** `--set PATH=VALUE` pairs, applied before the run. */
  sets: Array<{ path: string; value: string }>;
  /** `--fault AT:ACTION:TARGET[:ARG]` specs, in time order. */
  faults: string[];
}

export interface GenerateOptions {
  /**
   * Upper bound on the user requests a run may generate (arrival rate x time, rate
   * changes included); a run that would exceed it is cut short. Keeps the fixed-seed
   * test fast while the sweep script can afford longer runs.
   */
  maxRequests: number;
  /** Draw only from these built-in scenarios (default: all of them). */
  scenarios?: readonly string[];
}

/** Fault candidates the engine's validation refused while generating (counted, then dropped). */
export interface Generated {
  run: SweepRun;
  faultsRejected: number;
  faultsDrawn: number;
}

const pickOne = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)]!;

/**
 * The settings a sweep draws from: all but chaos mode's (added later, appended to the
 * table), so the same seed still draws the same run as before chaos mode existed.
 */
const SWEPT_SETTING_SPECS = SETTING_SPECS.filter((spec) => !spec.path.startsWith('chaos.'));

/** Rounds to 3 significant digits (short, readable CLI values), kept inside [min, max]. */
function roundedWithin(value: number, min: number, max: number): number {
  if (value === 0) return 0;
  const digits = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(value))));
  const rounded = Number(value.toFixed(Math.min(digits, 6)));
  return Math.min(max, Math.max(min, rounded));
}

/**
 * A number in [min, max]: often an end or a small value (where bugs live), otherwise
 * spread on a log scale over wide ranges so every order of magnitude is tried.
 */
function drawNumber(random: Random, min: number, max: number, integer: boolean): number {
  const roll = random.next();
  let value: number;
  if (roll < 0.12) value = min;
  else if (roll < 0.2) value = max;
  else if (max < 1000 || (min > 0 && max / min < 1000)) value = min + random.next() * (max - min);
  else {
    // Log-uniform between max(min, max / 1e5) and max.
    const low = Math.max(min, max / 1e5, 1e-3);
    value = Math.exp(Math.log(low) + random.next() * (Math.log(max) - Math.log(low)));
  }
  if (integer) return Math.min(max, Math.max(min, Math.round(value)));
  return roundedWithin(value, min, max);
}

/** A value for a setting, drawn within its declared range or choices (settings.ts). */
function drawSettingValue(random: Random, spec: SettingSpec): string {
  if (spec.kind === 'choice') return pickOne(random, spec.choices);
  if (random.chance(0.15)) return String(spec.default);
  return String(drawNumber(random, spec.min, spec.max, spec.integer === true));
}

/**
 * The interval of values the engine accepts for a command's number, found by asking
 * its validation (the authority) rather than copying the bounds: a binary search for
 * each end, starting from any accepted value.
 */
function acceptedRange(
  sim: Simulation,
  make: (x: number) => Command,
): { min: number; max: number } | null {
  const ok = (x: number): boolean => sim.validate(make(x)) === null;
  const start = [1, 0, 0.5, 10, 100, 1000].find(ok);
  if (start === undefined) return null;
  const search = (inside: number, outside: number): number => {
    for (
      let i = 0;
      i < 60 && Math.abs(outside - inside) > 1e-9 * Math.max(1, Math.abs(inside));
      i++
    ) {
      const mid = (inside + outside) / 2;
      if (ok(mid)) inside = mid;
      else outside = mid;
    }
    return inside;
  };
  let low = -1;
  while (ok(low) && low > -1e9) low *= 10;
  let high = 10 * Math.max(1, start);
  while (ok(high) && high < 1e12) high *= 10;
  const min = ok(low) ? low : search(start, low);
  const max = ok(high) ? high : search(start, high);
  // The search ends within a hair of the bound: snap to the nearby round number.
  const snap = (x: number): number => (ok(Number(x.toPrecision(6))) ? Number(x.toPrecision(6)) : x);
  return { min: snap(min), max: snap(max) };
}

/** Every way to name a link a fault can target: its id, the reverse, and BALANCER->ZONE. */
function linkTargets(sim: Simulation): string[] {
  const targets = new Set<string>();
  for (const link of sim.links()) {
    targets.add(link.id);
    targets.add(`${link.to}->${link.from}`);
  }
  const zones = sim.components().filter((c) => c.kind === 'zone');
  for (const balancer of sim.components().filter((c) => c.kind === 'balancer')) {
    for (const zone of zones)
      if (zone.region === balancer.region) targets.add(`${balancer.id}->${zone.id}`);
  }
  return [...targets].filter(
    (t) => sim.validate({ type: 'cut', target: t, oneWay: false }) === null,
  );
}

/** The command kinds a fault script may hold: every command of the registry, in its order. */
const COMMAND_KINDS = COMMAND_SPECS.map((spec) => spec.type);

/**
 * A random run from `seed`. Everything is drawn from the engine's seeded generator, so
 * the same seed always gives the same run.
 */
export function generateRun(seed: number, options: GenerateOptions): Generated {
  const random = createRandom(seed, 'invariant-sweep');
  const scenario = pickOne(
    random,
    options.scenarios
      ? BUILTIN_SCENARIOS.filter((s) => options.scenarios!.includes(s.name))
      : BUILTIN_SCENARIOS,
  );
  const probe = createSimulation(simulationInput(scenario), { seed, trackMessages: false });
  const components = probe.components();
  const idsOf = (kinds: readonly string[]): string[] =>
    components.filter((c) => kinds.includes(c.kind)).map((c) => c.id);
  const links = linkTargets(probe);
  const hasDatabase = idsOf(['database']).length > 0;

  // Settings: a few random changes, each within its declared range; with a database,
  // synchronous replication and fencing off often enough to exercise their invariants.
  const sets: SweepRun['sets'] = [];
  const count = random.int(6);
  for (let i = 0; i < count; i++) {
    const spec = pickOne(random, SWEPT_SETTING_SPECS);
    sets.push({ path: spec.path, value: drawSettingValue(random, spec) });
  }
  if (hasDatabase && random.chance(0.4))
    sets.push({ path: 'database.replicationMode', value: 'sync' });
  if (hasDatabase && random.chance(0.3)) sets.push({ path: 'database.fencing', value: 'off' });

  const durationS = 60 + random.int(181);
  const durationMs = durationS * 1000;

  // Command arguments: ranges asked of the engine's validation, once per run.
  const ranges = {
    slow: acceptedRange(probe, (factor) => ({
      type: 'slow',
      target: idsOf(['server'])[0]!,
      factor,
    })),
    flap: acceptedRange(probe, (periodS) => ({
      type: 'flap',
      target: idsOf(['server'])[0]!,
      periodS,
    })),
    latency: acceptedRange(probe, (addedMs) => ({ type: 'latency', target: links[0]!, addedMs })),
    loss: acceptedRange(probe, (percent) => ({ type: 'loss', target: links[0]!, percent })),
    errors: acceptedRange(probe, (percent) => ({
      type: 'errors',
      target: idsOf(['server'])[0]!,
      percent,
    })),
    weight: acceptedRange(probe, (weight) => ({
      type: 'weight',
      target: idsOf(['server'])[0]!,
      weight,
    })),
    rate: acceptedRange(probe, (perS) => ({ type: 'rate', perS })),
  };
  const argument = (range: { min: number; max: number } | null): number =>
    range ? drawNumber(random, range.min, range.max, false) : Number.NaN;

  // Database faults mostly hit one node, so the claims limited to one lost node
  // (synchronous replication loses nothing) get checked often.
  const databaseIds = idsOf(['database']);
  const focus = databaseIds.length > 0 ? pickOne(random, databaseIds) : null;
  const targetsFor = (type: Command['type']): string[] => {
    const kinds = targetKinds(commandSpec(type)!);
    return [...idsOf(kinds.filter((k) => k !== 'link')), ...(kinds.includes('link') ? links : [])];
  };

  const faults: FaultEntry[] = [];
  let faultsRejected = 0;
  let faultsDrawn = 0;
  const faultCount = 1 + random.int(8);
  for (let i = 0; i < faultCount; i++) {
    const type = pickOne(random, COMMAND_KINDS);
    const atS = random.int(Math.floor(durationMs * 0.8)) / 1000;
    let command: Command;
    if (type === 'rate') command = { type, perS: argument(ranges.rate) };
    else if (type === 'set') {
      const spec = pickOne(random, SWEPT_SETTING_SPECS);
      const checked = validateSetting(spec.path, drawSettingValue(random, spec));
      command = { type, path: spec.path, value: checked.value ?? Number.NaN };
    } else {
      const targets = targetsFor(type);
      if (targets.length === 0) continue; // e.g. no database in this scenario
      let target = pickOne(random, targets);
      if (focus !== null && databaseIds.includes(target) && random.chance(0.7)) target = focus;
      switch (type) {
        case 'slow':
          command = { type, target, factor: argument(ranges.slow) };
          break;
        case 'flap':
          command = { type, target, periodS: argument(ranges.flap) };
          break;
        case 'latency':
          command = { type, target, addedMs: argument(ranges.latency) };
          break;
        case 'loss':
          command = { type, target, percent: argument(ranges.loss) };
          break;
        case 'errors':
          command = { type, target, percent: argument(ranges.errors) };
          break;
        case 'weight':
          command = { type, target, weight: argument(ranges.weight) };
          break;
        case 'cut':
          command = { type, target, oneWay: random.chance(0.3) };
          break;
        default:
          command = { type, target } as Command;
      }
    }
    faultsDrawn++;
    if (probe.validate(command) !== null) {
      faultsRejected++;
      continue;
    }
    faults.push({ atS, command });
    // Most faults are mended later, so runs also exercise recovery.
    const target = (command as { target?: string }).target;
    const category = commandCategory(command);
    if (target !== undefined && category === 'fault' && random.chance(0.6)) {
      const restoreAtS = atS + (1 + random.int(Math.max(1, durationMs - atS * 1000))) / 1000;
      faults.push({ atS: Math.min(durationS, restoreAtS), command: { type: 'restore', target } });
    }
  }
  faults.sort((a, b) => a.atS - b.atS);

  // Keep the work bounded: cut the run where the expected requests reach the budget.
  const initialRate = Number(
    [...sets].reverse().find((s) => s.path === 'traffic.arrivalRatePerS')?.value ??
      scenario.settings.traffic?.arrivalRatePerS ??
      SETTING_SPECS.find((s) => s.path === 'traffic.arrivalRatePerS')!.default,
  );
  let rate = initialRate;
  let expected = 0;
  let lastS = 0;
  let endS = durationS;
  for (const point of [...faults, { atS: durationS, command: null }]) {
    const span = point.atS - lastS;
    if (expected + rate * span > options.maxRequests) {
      endS = lastS + (options.maxRequests - expected) / rate;
      break;
    }
    expected += rate * span;
    lastS = point.atS;
    const command = point.command;
    if (command?.type === 'rate') rate = command.perS;
    if (command?.type === 'set' && command.path === 'traffic.arrivalRatePerS')
      rate = Number(command.value);
  }
  const finalDurationS = Math.max(10, Math.floor(endS));
  return {
    run: {
      seed,
      scenario: scenario.name,
      durationS: finalDurationS,
      sets,
      faults: faults.filter((f) => f.atS < finalDurationS).map(formatFaultSpec),
    },
    faultsRejected,
    faultsDrawn,
  };
}

/** The `npm run sim` command line that replays a run. */
export function cliCommand(run: SweepRun): string {
  const quote = (text: string): string => (/^[\w.,:=+%/@-]+$/.test(text) ? text : `'${text}'`);
  const parts = [
    'npm run sim --',
    `--scenario ${run.scenario}`,
    `--seed ${run.seed}`,
    `--duration ${run.durationS}`,
    ...run.sets.map((s) => `--set ${quote(`${s.path}=${s.value}`)}`),
    ...run.faults.map((f) => `--fault ${quote(f)}`),
  ];
  return parts.join(' ');
}

/** A run ready to go, as the CLI would build it, or why the CLI would refuse it. */
export type Prepared =
  { ok: true; scenario: Scenario; faults: FaultEntry[] } | { ok: false; reason: string };

/**
 * Builds the scenario exactly as `runCli` does (app/cli/cli.ts): settings checked and
 * merged, faults parsed, validated against a fresh run and sorted by time. Also
 * refuses a script whose `set` commands are valid one by one but not in sequence (the
 * CLI checks each against the initial settings only; see the report of issue 12).
 */
export function prepareRun(run: SweepRun): Prepared {
  const base = builtinScenario(run.scenario);
  if (!base) return { ok: false, reason: `unknown scenario ${run.scenario}` };
  const changes: Array<{ path: string; value: number | string }> = [];
  for (const { path, value } of run.sets) {
    const checked = validateSetting(path, value);
    if (checked.error !== null)
      return { ok: false, reason: `--set ${path}=${value}: ${checked.error}` };
    changes.push({ path, value: checked.value });
  }
  const scenario = scenarioWithSettings(base, changes);
  let probe: Simulation;
  let sequence: Simulation;
  try {
    probe = createSimulation(simulationInput(scenario), {
      seed: scenario.seed,
      trackMessages: false,
    });
    sequence = createSimulation(simulationInput(scenario), {
      seed: scenario.seed,
      trackMessages: false,
    });
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
  const faults = [...scenario.faults];
  for (const spec of run.faults) {
    const parsed = parseFaultSpec(spec);
    if (parsed.error !== null) return { ok: false, reason: parsed.error };
    const problem = probe.validate(parsed.fault.command);
    if (problem) return { ok: false, reason: `fault "${spec}": ${problem}` };
    faults.push(parsed.fault);
  }
  faults.sort((a, b) => a.atS - b.atS);
  for (const fault of faults) {
    if (fault.command.type !== 'set') continue;
    const applied = sequence.apply(fault.command);
    if (!applied.ok) return { ok: false, reason: `set in sequence: ${applied.error}` };
  }
  return { ok: true, scenario: { ...scenario, faults }, faults };
}

/** Which claims a run was checked against (so a sweep can show it tested something). */
interface ClaimsChecked {
  syncNoLoss: boolean;
  untouchedNoLoss: boolean;
  fencingNoSplitBrainWrites: boolean;
  singleWriter: boolean;
}

export interface RunResult {
  violations: string[];
  claims: ClaimsChecked;
  /** The run's metrics as JSON (identical for the same run on any machine). */
  metricsJson: string;
  /** The run's event log as JSON. */
  logJson: string;
}

/** The largest value a setting takes during a run: its initial value or any later `set`. */
function settingMax(scenario: Scenario, faults: readonly FaultEntry[], path: string): number {
  const [group, key] = path.split('.') as [string, string];
  const initial = (scenario.settings as Record<string, Record<string, unknown> | undefined>)[
    group
  ]?.[key];
  const spec = SETTING_SPECS.find((s) => s.path === path)!;
  let max = Number(initial ?? spec.default);
  for (const f of faults)
    if (f.command.type === 'set' && f.command.path === path)
      max = Math.max(max, Number(f.command.value));
  return max;
}

/** Every value a choice setting takes during a run. */
function settingValues(
  scenario: Scenario,
  faults: readonly FaultEntry[],
  path: string,
): Set<string> {
  const [group, key] = path.split('.') as [string, string];
  const initial = (scenario.settings as Record<string, Record<string, unknown> | undefined>)[
    group
  ]?.[key];
  const spec = SETTING_SPECS.find((s) => s.path === path)!;
  const values = new Set([String(initial ?? spec.default)]);
  for (const f of faults)
    if (f.command.type === 'set' && f.command.path === path) values.add(String(f.command.value));
  return values;
}

/**
 * The database nodes a fault script can take away (crash, host or disk loss, a
 * partition from the peers and the failure detector, a zone or region outage), and
 * whether it promotes by hand.
 */
function databaseExposure(
  components: readonly ComponentInfo[],
  faults: readonly FaultEntry[],
): { lost: Set<string>; promotes: boolean; partitions: boolean } {
  const nodes = components.filter((c) => c.kind === 'database');
  const lost = new Set<string>();
  let promotes = false;
  let partitions = false;
  for (const { command } of faults) {
    const target = (command as { target?: string }).target;
    switch (command.type) {
      case 'kill':
      case 'host-down':
      case 'disk-fail':
        if (nodes.some((n) => n.id === target)) lost.add(target!);
        break;
      case 'isolate':
        lost.add(target!);
        partitions = true;
        break;
      case 'kill-zone':
        for (const n of nodes) if (n.zone === target) lost.add(n.id);
        break;
      case 'kill-region':
        for (const n of nodes) if (n.region === target) lost.add(n.id);
        break;
      case 'cut': {
        const [from, to] = target!.split('->');
        if (nodes.some((n) => n.id === from) && nodes.some((n) => n.id === to)) partitions = true;
        break;
      }
      case 'promote':
        promotes = true;
        break;
    }
  }
  return { lost, promotes, partitions };
}

/** Conservation of user requests, checked at any moment of a run. */
function conservationProblems(m: Metrics, at: string): string[] {
  const problems: string[] = [];
  const r = m.requests;
  if (r.total !== r.succeeded + r.degraded + r.failed + r.inFlight)
    problems.push(
      `${at}: requests not conserved: total ${r.total} != succeeded ${r.succeeded} + degraded ${r.degraded} + failed ${r.failed} + in flight ${r.inFlight}`,
    );
  if (r.inFlight < 0) problems.push(`${at}: ${r.inFlight} requests in flight`);
  const byReason = Object.values(r.failedBy).reduce((a, b) => a + b, 0);
  if (byReason !== r.failed)
    problems.push(`${at}: failures by reason add up to ${byReason}, not ${r.failed}`);
  const groups = m.userGroups;
  const sum = (pick: (g: (typeof groups)[number]) => number): number =>
    groups.reduce((a, g) => a + pick(g), 0);
  for (const [name, total, parts] of [
    ['total', r.total, sum((g) => g.total)],
    ['succeeded', r.succeeded, sum((g) => g.succeeded)],
    ['degraded', r.degraded, sum((g) => g.degraded)],
    ['failed', r.failed, sum((g) => g.failed)],
  ] as const) {
    if (total !== parts)
      problems.push(`${at}: user groups' ${name} add up to ${parts}, not ${total}`);
  }
  for (const g of groups) {
    if (g.succeeded + g.degraded + g.failed > g.total)
      problems.push(
        `${at}: group ${g.id} finished ${g.succeeded + g.degraded + g.failed} of ${g.total}`,
      );
  }
  // Per second: the completed seconds hold at most what the counters hold.
  const series = m.series.reduce(
    (acc, p) => ({
      arrived: acc.arrived + p.arrived,
      succeeded: acc.succeeded + p.succeeded,
      degraded: acc.degraded + p.degraded,
      failed: acc.failed + p.failed,
    }),
    { arrived: 0, succeeded: 0, degraded: 0, failed: 0 },
  );
  for (const key of ['arrived', 'succeeded', 'degraded', 'failed'] as const) {
    const counter = key === 'arrived' ? r.total : r[key];
    if (series[key] > counter)
      problems.push(
        `${at}: per-second ${key} add up to ${series[key]}, above the counter ${counter}`,
      );
  }
  const finishedBySecond = series.succeeded + series.degraded + series.failed;
  if (finishedBySecond > series.arrived)
    problems.push(
      `${at}: ${finishedBySecond} requests finished in completed seconds but only ${series.arrived} arrived`,
    );
  const d = m.defences;
  if (d.duplicateSideEffects > d.sideEffects)
    problems.push(`${at}: ${d.duplicateSideEffects} duplicate charges of ${d.sideEffects}`);
  if (d.sideEffects - d.duplicateSideEffects > d.usersNeedingDependency)
    problems.push(
      `${at}: ${d.sideEffects - d.duplicateSideEffects} requests charged, only ${d.usersNeedingDependency} needed the dependency`,
    );
  if (d.sideEffects + d.idempotentReplays > d.dependencyAttempts)
    problems.push(
      `${at}: ${d.sideEffects} charges + ${d.idempotentReplays} replays from ${d.dependencyAttempts} calls`,
    );
  const data = m.data;
  if (data) {
    if (data.writesAcked + data.writesFailed > data.writesIssued)
      problems.push(
        `${at}: database writes acked ${data.writesAcked} + failed ${data.writesFailed} > issued ${data.writesIssued}`,
      );
    if (data.writesLost > data.writesAcked)
      problems.push(`${at}: ${data.writesLost} writes lost of ${data.writesAcked} acknowledged`);
    if (data.splitBrainWrites > data.writesAcked)
      problems.push(
        `${at}: ${data.splitBrainWrites} split-brain writes of ${data.writesAcked} acknowledged`,
      );
    if (data.staleReads > data.readsServed)
      problems.push(`${at}: ${data.staleReads} stale reads of ${data.readsServed} served`);
    const rpoWrites = data.failovers.reduce((a, f) => a + f.rpoWrites, 0);
    if (rpoWrites > data.writesLost)
      problems.push(
        `${at}: failovers lost ${rpoWrites} writes but only ${data.writesLost} counted lost`,
      );
    for (const f of data.failovers) {
      if (f.atS * 1e6 > m.nowUs || (f.rtoS !== null && f.rtoS < 0) || f.rpoLagS < 0)
        problems.push(`${at}: impossible failover record ${JSON.stringify(f)}`);
    }
  }
  // Honest numbers: fractions are fractions, seconds with errors are seconds that exist.
  const fractions: Array<[string, number]> = [
    ['availability', m.availability],
    ['availability (last 60 s)', m.window60s.availability],
    ['availability (last 10 min)', m.window10m.availability],
    ['time-based availability', m.timeAvailability.sinceStart],
    ['time-based availability (1 min)', m.timeAvailability.window1m],
    ['time-based availability (10 min)', m.timeAvailability.window10m],
    ...m.userGroups.flatMap((g): Array<[string, number]> => [
      [`${g.id} availability`, g.availability],
      [`${g.id} time-based availability`, g.timeAvailability],
    ]),
  ];
  for (const [name, value] of fractions)
    if (!(Number.isNaN(value) || (value >= 0 && value <= 1)))
      problems.push(`${at}: ${name} is ${value}, not a fraction`);
  const secondsWithFailures = m.series.filter((p) => p.failed > 0).length;
  // errorSeconds also counts the second still filling, which the series leaves out.
  if (m.errorSeconds < secondsWithFailures || m.errorSeconds > secondsWithFailures + 1)
    problems.push(
      `${at}: ${m.errorSeconds} seconds with errors, but ${secondsWithFailures} completed seconds had failures`,
    );
  for (const g of m.userGroups)
    if (g.errorSeconds > m.errorSeconds)
      problems.push(
        `${at}: ${g.id} had errors in ${g.errorSeconds} s, more than all users (${m.errorSeconds})`,
      );
  if (m.latencyMs.p50 > m.latencyMs.p99)
    problems.push(`${at}: latency p50 ${m.latencyMs.p50} ms above p99 ${m.latencyMs.p99} ms`);
  for (const a of m.alerts) {
    if (a.firedAtS * 1e6 > m.nowUs || (a.resolvedAtS !== null && a.resolvedAtS < a.firedAtS))
      problems.push(`${at}: impossible alert record ${JSON.stringify(a)}`);
  }
  if (!(m.slo.budgetBurntFraction >= 0))
    problems.push(`${at}: error budget burnt ${m.slo.budgetBurntFraction}`);
  return problems;
}

/** Counters that can only grow during a run. */
function monotonicCounters(m: Metrics): Record<string, number> {
  const { total, succeeded, degraded, failed } = m.requests;
  const counters: Record<string, number> = {
    total,
    succeeded,
    degraded,
    failed,
    errorSeconds: m.errorSeconds,
    wastedWork: m.wastedWork,
    sideEffects: m.defences.sideEffects,
    dependencyAttempts: m.defences.dependencyAttempts,
  };
  for (const g of m.userGroups) counters[`${g.id}.total`] = g.total;
  if (m.data) {
    counters.writesIssued = m.data.writesIssued;
    counters.writesAcked = m.data.writesAcked;
    counters.writesLost = m.data.writesLost;
    counters.splitBrainWrites = m.data.splitBrainWrites;
    counters.lostUpdates = m.data.lostUpdates;
    counters.failovers = m.data.failovers.length;
  }
  return counters;
}

/** Writable primaries clients can reach: up (role primary) and not fenced by a newer epoch. */
export function writers(snapshot: Snapshot): string[] {
  const db = snapshot.database;
  if (!db) return [];
  return db.nodes
    .filter((n) => n.role === 'primary' && !(db.fencing && n.epoch < db.epoch))
    .map((n) => n.id);
}

/**
 * Runs a prepared run twice (in one call, and in irregular chunks checking invariants
 * between them) and returns every invariant it breaks.
 */
export function checkRun(run: SweepRun, prepared: Extract<Prepared, { ok: true }>): RunResult {
  const { scenario, faults } = prepared;
  const make = (): Simulation =>
    createSimulation(simulationInput(scenario), {
      seed: run.seed,
      trackMessages: false,
      maxLogEntries: 100_000,
    });
  const endUs = usFromS(run.durationS);
  const violations: string[] = [];

  const components = make().components();
  const exposure = databaseExposure(components, faults);
  const modes = settingValues(scenario, faults, 'database.replicationMode');
  const conflict = settingValues(scenario, faults, 'database.conflictMode');
  const fencing = settingValues(scenario, faults, 'database.fencing');
  const hasDatabase = components.some((c) => c.kind === 'database');
  const singlePrimary = conflict.size === 1 && conflict.has('single-primary');
  const claims: ClaimsChecked = {
    // docs/reference.md "Replication and quorums": sync acknowledges only once the standby has the write, so
    // losing any one node (the primary included) loses no acknowledged write. Two lost
    // nodes (the primary and the only up-to-date standby) may; an operator promoting a
    // lagging replica by hand may too; so the claim is limited to scripts that lose at
    // most one database node over the whole run and never promote by hand.
    syncNoLoss:
      hasDatabase &&
      singlePrimary &&
      modes.size === 1 &&
      modes.has('sync') &&
      exposure.lost.size <= 1 &&
      !exposure.promotes,
    // Nothing touched, nothing lost, whatever the replication mode.
    untouchedNoLoss: hasDatabase && singlePrimary && exposure.lost.size === 0 && !exposure.promotes,
    // Fencing (Kleppmann): an old primary rejects writes once a newer epoch exists.
    fencingNoSplitBrainWrites: hasDatabase && singlePrimary && !fencing.has('off'),
    // Two writers need a partition (or a hand promotion) and fencing off.
    singleWriter:
      hasDatabase && !(fencing.has('off') && (exposure.partitions || exposure.promotes)),
  };
  const regionOf = new Map(components.map((c) => [c.id, c.region]));
  const checkWriters = (snapshot: Snapshot, at: string): void => {
    if (!claims.singleWriter || !snapshot.database) return;
    const now = writers(snapshot);
    if (snapshot.database.conflictMode === 'single-primary') {
      if (now.length > 1) violations.push(`${at}: two reachable writers ${now.join(', ')}`);
      return;
    }
    const byRegion = new Map<string | null | undefined, string[]>();
    for (const id of now)
      byRegion.set(regionOf.get(id), [...(byRegion.get(regionOf.get(id)) ?? []), id]);
    for (const [region, ids] of byRegion)
      if (ids.length > 1)
        violations.push(`${at}: two writers in region ${region}: ${ids.join(', ')}`);
  };

  // The straight run.
  const straight = make();
  straight.runUntil(endUs);

  // The chunked run, checked between chunks (snapshots must not change what happens).
  const chunked = make();
  const steps = createRandom(run.seed, 'invariant-sweep-chunks');
  const maxStepUs = usFromMs(3000);
  let previous: Record<string, number> | null = null;
  let alertsSeen = new Set<string>();
  while (chunked.now() < endUs) {
    chunked.runUntil(Math.min(endUs, chunked.now() + 1 + steps.int(maxStepUs)));
    const at = `at ${(chunked.now() / 1e6).toFixed(6)} s`;
    const now = chunked.metrics();
    for (const problem of conservationProblems(now, at)) violations.push(problem);
    // Counters of things that happened never go down.
    const counters = monotonicCounters(now);
    for (const [name, value] of Object.entries(counters))
      if (previous !== null && value < previous[name]!)
        violations.push(`${at}: ${name} went down from ${previous[name]} to ${value}`);
    previous = counters;
    // A fired alert stays in the record (it may resolve, never unfire).
    const alertsNow = new Set(now.alerts.map((a) => `${a.name} fired at ${a.firedAtS} s`));
    for (const alert of alertsSeen)
      if (!alertsNow.has(alert)) violations.push(`${at}: alert ${alert} vanished from the record`);
    alertsSeen = alertsNow;
    checkWriters(chunked.snapshot(), at);
    if (violations.length > 20) break; // one broken invariant repeats every chunk
  }

  const m = straight.metrics();
  const metricsJson = JSON.stringify(m);
  const logJson = JSON.stringify(straight.log());
  if (chunked.now() === endUs) {
    if (JSON.stringify(chunked.metrics()) !== metricsJson)
      violations.push('determinism: metrics differ between one runUntil and many chunks');
    if (JSON.stringify(chunked.log()) !== logJson)
      violations.push('determinism: event log differs between one runUntil and many chunks');
  }
  violations.push(...conservationProblems(m, 'end'));
  // The settings shown at the end are ones the engine accepts as a whole (a `set` that
  // would break a rule between settings is refused when it runs, never half applied).
  const settingsProblem = validateConfiguration({
    topology: scenario.topology,
    settings: straight.settings(),
  })[0];
  if (settingsProblem !== undefined)
    violations.push(`end: the settings in force break a rule: ${settingsProblem}`);
  // The run ends on a whole second: the last-60-s window is exactly the last 60 points.
  const last60 = m.series.slice(-60);
  for (const key of ['succeeded', 'degraded', 'failed'] as const) {
    const fromSeries = last60.reduce((a, p) => a + p[key], 0);
    if (m.window60s[key] !== fromSeries)
      violations.push(
        `end: last-60-s window has ${m.window60s[key]} ${key}, the last 60 seconds of the series ${fromSeries}`,
      );
  }

  // Every request ends: none is still in flight after the longest its attempts can take
  // (each attempt ends by the client timeout; backoffs are capped).
  const attempts = settingMax(scenario, faults, 'retries.clientMaxAttempts');
  const longestS =
    (attempts * settingMax(scenario, faults, 'client.timeoutMs') +
      (attempts - 1) *
        (settingMax(scenario, faults, 'retries.backoffCapMs') +
          settingMax(scenario, faults, 'retries.backoffBaseMs'))) /
      1000 +
    2;
  const oldSeconds = Math.floor(run.durationS - longestS);
  if (oldSeconds > 0) {
    const arrivedLongAgo = m.series.slice(0, oldSeconds).reduce((a, p) => a + p.arrived, 0);
    if (m.requests.inFlight > m.requests.total - arrivedLongAgo)
      violations.push(
        `end: ${m.requests.inFlight} requests in flight, but only ${m.requests.total - arrivedLongAgo} arrived in the last ${run.durationS - oldSeconds} s (longer than any request can last)`,
      );
  }

  const data = m.data;
  if (data) {
    if (claims.syncNoLoss && data.writesLost > 0)
      violations.push(
        `durability: ${data.writesLost} acknowledged writes lost under sync replication with at most one database node lost (${[...exposure.lost].join(', ') || 'none'})`,
      );
    if (claims.untouchedNoLoss && data.writesLost > 0)
      violations.push(
        `durability: ${data.writesLost} acknowledged writes lost with no database fault`,
      );
    if (claims.fencingNoSplitBrainWrites && data.splitBrainWrites > 0)
      violations.push(
        `fencing: ${data.splitBrainWrites} split-brain writes with fencing on all run`,
      );
    if (singlePrimary && data.lostUpdates > 0)
      violations.push(
        `${data.lostUpdates} lost updates with a single primary (last writer wins is off)`,
      );
  }
  return { violations, claims, metricsJson, logJson };
}

export interface SweepSummary {
  runs: number;
  rejected: Array<{ seed: number; reason: string }>;
  faultsDrawn: number;
  faultsRejected: number;
  failures: Array<{ run: SweepRun; command: string; violations: string[] }>;
  claims: Record<keyof ClaimsChecked, number>;
  scenarios: Record<string, number>;
}

/** Generates, prepares and checks one run per seed. */
export function sweep(
  seeds: readonly number[],
  options: GenerateOptions,
  onRun?: (seed: number, outcome: 'ok' | 'rejected' | 'failed') => void,
): SweepSummary {
  const summary: SweepSummary = {
    runs: 0,
    rejected: [],
    faultsDrawn: 0,
    faultsRejected: 0,
    failures: [],
    claims: { syncNoLoss: 0, untouchedNoLoss: 0, fencingNoSplitBrainWrites: 0, singleWriter: 0 },
    scenarios: {},
  };
  for (const seed of seeds) {
    const generated = generateRun(seed, options);
    summary.faultsDrawn += generated.faultsDrawn;
    summary.faultsRejected += generated.faultsRejected;
    const prepared = prepareRun(generated.run);
    if (!prepared.ok) {
      summary.rejected.push({ seed, reason: prepared.reason });
      onRun?.(seed, 'rejected');
      continue;
    }
    summary.runs++;
    summary.scenarios[generated.run.scenario] =
      (summary.scenarios[generated.run.scenario] ?? 0) + 1;
    let result: RunResult;
    try {
      result = checkRun(generated.run, prepared);
    } catch (error) {
      result = {
        violations: [`engine threw: ${(error as Error).message}`],
        claims: {
          syncNoLoss: false,
          untouchedNoLoss: false,
          fencingNoSplitBrainWrites: false,
          singleWriter: false,
        },
        metricsJson: '',
        logJson: '',
      };
    }
    for (const key of Object.keys(summary.claims) as Array<keyof ClaimsChecked>)
      if (result.claims[key]) summary.claims[key]++;
    if (result.violations.length > 0) {
      summary.failures.push({
        run: generated.run,
        command: cliCommand(generated.run),
        violations: result.violations,
      });
    }
    onRun?.(seed, result.violations.length > 0 ? 'failed' : 'ok');
  }
  return summary;
}
