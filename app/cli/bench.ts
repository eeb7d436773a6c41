/**
 * `npm run bench`: how fast the engine runs headless. Runs the default scenario for
 * one simulated hour (and a busier variant) and prints simulated requests per wall
 * second, simulated seconds per wall second and heap use. Figures, not pass/fail.
 */
import { createSimulation, usFromS, US_PER_S } from '../sim';
import {
  builtinScenario,
  DEFAULT_SCENARIO_NAME,
  simulationInput,
  type Scenario,
} from '../scenarios';

interface BenchResult {
  name: string;
  simulatedSeconds: number;
  requests: number;
  wallSeconds: number;
  simulatedRequestsPerSecond: number;
  simulatedSecondsPerSecond: number;
  /** Heap in use after the first tenth and at the end, in MiB: flat memory shows as a small difference. */
  heapMbAtTenth: number;
  heapMbAtEnd: number;
}

const heapMb = (): number => {
  globalThis.gc?.();
  return Number((process.memoryUsage().heapUsed / 2 ** 20).toFixed(1));
};

type Timing = Omit<BenchResult, 'heapMbAtTenth' | 'heapMbAtEnd'>;

function time(name: string, scenario: Scenario, simulatedSeconds: number): Timing {
  const sim = createSimulation(simulationInput(scenario), { seed: 1, trackMessages: false });
  const started = process.hrtime.bigint();
  sim.runUntil(usFromS(simulatedSeconds));
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const requests = sim.metrics().requests.total;
  return {
    name,
    simulatedSeconds,
    requests,
    wallSeconds: Number(wallSeconds.toFixed(3)),
    simulatedRequestsPerSecond: Math.round(requests / wallSeconds),
    simulatedSecondsPerSecond: Math.round(sim.now() / US_PER_S / wallSeconds),
  };
}

/**
 * Heap after the first tenth of a run and at its end. Measured in runs of their own,
 * after all timing: a forced collection (gc()) throws away optimised code, so a timed
 * run after one would measure V8 re-optimising instead of the engine.
 */
function heapOf(
  scenario: Scenario,
  simulatedSeconds: number,
): Pick<BenchResult, 'heapMbAtTenth' | 'heapMbAtEnd'> {
  const sim = createSimulation(simulationInput(scenario), { seed: 1, trackMessages: false });
  sim.runUntil(usFromS(simulatedSeconds / 10));
  const heapMbAtTenth = heapMb();
  sim.runUntil(usFromS(simulatedSeconds));
  return { heapMbAtTenth, heapMbAtEnd: heapMb() };
}

const json = process.argv.includes('--json');
const unknown = process.argv.slice(2).filter((a) => a !== '--json');
if (unknown.length > 0) {
  process.stderr.write(`nines bench: unknown argument ${unknown[0]} (only --json)\n`);
  process.exit(2);
}
const scenario = builtinScenario(DEFAULT_SCENARIO_NAME)!;
/** Median of three runs by throughput: one slow run (GC, another process) does not set the figure. */
function medianOfThree(run: () => Timing): Timing {
  const runs = [run(), run(), run()].sort(
    (a, b) => a.simulatedRequestsPerSecond - b.simulatedRequestsPerSecond,
  );
  return runs[1]!;
}

const busyScenario: Scenario = {
  ...scenario,
  settings: { ...scenario.settings, traffic: { arrivalRatePerS: 1000 } },
};
// Warm the JIT so the figure measures the engine, not compilation. Past 2^31 us (about
// 36 simulated minutes) times stop fitting V8's small integers and it recompiles once:
// the warm-up goes beyond that, so the timed runs are all alike.
time('warm-up', scenario, 2400);
const mainTiming = medianOfThree(() =>
  time(`${scenario.name}, 1 simulated hour at the default rate`, scenario, 3600),
);
const busyTiming = time(`${scenario.name}, 10 simulated minutes at 1000 req/s`, busyScenario, 600);
const main: BenchResult = { ...mainTiming, ...heapOf(scenario, 3600) };
const busy: BenchResult = { ...busyTiming, ...heapOf(busyScenario, 600) };
if (json) {
  process.stdout.write(
    JSON.stringify(
      {
        scenario: scenario.name,
        simulatedRequestsPerSecond: main.simulatedRequestsPerSecond,
        simulatedSecondsPerSecond: main.simulatedSecondsPerSecond,
        runs: [main, busy],
      },
      null,
      2,
    ) + '\n',
  );
} else {
  for (const r of [main, busy]) {
    process.stdout.write(
      `${r.name}: ${r.requests} requests in ${r.wallSeconds} s wall\n` +
        `  ${r.simulatedRequestsPerSecond.toLocaleString('en')} simulated requests per second, ` +
        `${r.simulatedSecondsPerSecond.toLocaleString('en')} simulated seconds per second\n` +
        `  heap ${r.heapMbAtTenth} MiB after the first tenth, ${r.heapMbAtEnd} MiB at the end\n`,
    );
  }
}
