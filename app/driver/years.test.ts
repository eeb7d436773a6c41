import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings, withSetting } from '../sim';
import {
  mergeChunks,
  simulateChunk,
  simulateYearsInChunks,
  yearsChunks,
} from '../sim/chaos/yearsChunks';
import { simulateYears, type YearsPart, type YearsReport } from '../sim/chaos/yearsReport';
import {
  startYears,
  yearsWorkerCount,
  type YearsChunkRequest,
  type YearsWorkerLike,
  type YearsWorkerMessage,
} from './years';
import { twoRegionsTopology } from '../sim/chaos/chaosTopologies';

const TWO_REGIONS = twoRegionsTopology(['a', 'b']);
// Failures 20 times as often as the defaults, so a few years hold many outages.
const SETTINGS = withSetting(defaultSettings(), 'chaos.rateMultiplier', 20);

/**
 * A worker that runs its stretch in this thread, answering after `delayMs` (different
 * per worker, so stretches arrive out of order), as years.worker.ts does.
 */
function fakeWorker(delayMs: number, log: { terminated: number }): YearsWorkerLike {
  const worker: YearsWorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(message: YearsChunkRequest) {
      setTimeout(() => {
        const send = (data: YearsWorkerMessage) => worker.onmessage?.({ data });
        const { chunk } = message;
        const part = simulateChunk(message.topology, message.settings, chunk, (yearsDone) =>
          send({ type: 'year', index: chunk.index, yearsDone }),
        );
        send({ type: 'part', index: chunk.index, part });
      }, delayMs);
    },
    terminate() {
      log.terminated++;
    },
  };
  return worker;
}

/** Runs `years` years on `workers` fake workers; resolves with the merged report and what was seen. */
function runOn(workers: number, seed: number, years: number) {
  const chunks = yearsChunks(seed, years);
  const log = { terminated: 0 };
  const progress: number[] = [];
  const arrivals: number[] = [];
  let made = 0;
  return new Promise<{
    report: YearsReport;
    progress: number[];
    arrivals: number[];
    log: typeof log;
  }>((resolve, reject) => {
    let parts: readonly (YearsPart | undefined)[] = [];
    startYears(
      { topology: TWO_REGIONS, settings: SETTINGS, chunks },
      {
        onProgress: (n) => progress.push(n),
        onPart: (p) => {
          arrivals.push(p.findIndex((part, i) => part !== undefined && parts[i] === undefined));
          parts = p;
        },
        onDone: () =>
          resolve({
            report: mergeChunks(TWO_REGIONS, SETTINGS, seed, parts)!,
            progress,
            arrivals,
            log,
          }),
        onError: reject,
      },
      // Later workers answer sooner: arrival order is not chunk order.
      { workerCount: workers, createWorker: () => fakeWorker(5 * (workers - made++), log) },
    );
  });
}

afterEach(() => vi.useRealTimers());

describe('Simulate N years on several workers', () => {
  it('gives the same report, bit for bit, on 1, 2, 3 and 8 workers (4 seeds)', async () => {
    for (let seed = 1; seed <= 4; seed++) {
      const one = await runOn(1, seed, 13);
      expect(one.report.availabilityByYear).toHaveLength(13);
      for (const workers of [2, 3, 8]) {
        const many = await runOn(workers, seed, 13);
        expect(many.report).toEqual(one.report);
      }
      // And the CLI's run in one thread prints the same.
      expect(simulateYearsInChunks(TWO_REGIONS, SETTINGS, seed, 13)).toEqual(one.report);
    }
  });

  it('merges stretches in run order even when they arrive out of order', async () => {
    const { report, arrivals } = await runOn(3, 7, 15);
    // Three stretches of five years; the third worker answers first.
    expect(arrivals[0]).toBe(2);
    const alone = [0, 1, 2].map((i) =>
      simulateChunk(TWO_REGIONS, SETTINGS, yearsChunks(7, 15)[i]!),
    );
    expect(report.availabilityByYear).toEqual(
      alone.flatMap((p) => p.years.map((y) => y.availability)),
    );
  });

  it('a run of one stretch is the CLI run from the same seed', async () => {
    for (const seed of [1, 2, 3]) {
      const { report } = await runOn(2, seed, 5);
      expect(report).toEqual(simulateYears(TWO_REGIONS, SETTINGS, seed, 5));
    }
  });

  it('counts progress up to every year, and terminates its workers when done', async () => {
    const { progress, log } = await runOn(2, 4, 12);
    expect(progress.at(-1)).toBe(12);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(log.terminated).toBe(2);
  });

  it('cancel terminates every worker and nothing is reported after it', () => {
    vi.useFakeTimers();
    const log = { terminated: 0 };
    const heard: string[] = [];
    const stop = startYears(
      { topology: TWO_REGIONS, settings: SETTINGS, chunks: yearsChunks(1, 40) },
      {
        onProgress: () => heard.push('progress'),
        onPart: () => heard.push('part'),
        onDone: () => heard.push('done'),
        onError: () => heard.push('error'),
      },
      { workerCount: 3, createWorker: () => fakeWorker(10, log) },
    );
    stop();
    expect(log.terminated).toBe(3);
    vi.runAllTimers(); // the fakes still answer: the pool must not listen any more
    expect(heard).toEqual([]);
  });

  it('starts one worker per core, at most 8, never more than there are stretches', () => {
    expect(yearsWorkerCount(2, 20)).toBe(2);
    expect(yearsWorkerCount(16, 200)).toBe(8);
    expect(yearsWorkerCount(4, 1)).toBe(1);
    expect(yearsWorkerCount(undefined, 20)).toBe(2);
    expect(yearsWorkerCount(0, 20)).toBe(2);
  });
});

describe('mergeChunks', () => {
  it('reports only the first stretches with no gap, so the years keep their own numbers', () => {
    const chunks = yearsChunks(3, 15);
    const parts = chunks.map((c) => simulateChunk(TWO_REGIONS, SETTINGS, c));
    expect(mergeChunks(TWO_REGIONS, SETTINGS, 3, [undefined, parts[1], parts[2]])).toBeNull();
    const first = mergeChunks(TWO_REGIONS, SETTINGS, 3, [parts[0], undefined, parts[2]])!;
    expect(first.availabilityByYear).toEqual(parts[0]!.years.map((y) => y.availability));
    expect(mergeChunks(TWO_REGIONS, SETTINGS, 3, parts)!.availabilityByYear).toHaveLength(15);
  });
});

describe('yearsChunks', () => {
  it('covers every year once, in order, in stretches of five with distinct seeds', () => {
    for (const years of [1, 5, 6, 23, 1000]) {
      const chunks = yearsChunks(9, years);
      expect(chunks.reduce((sum, c) => sum + c.years, 0)).toBe(years);
      chunks.forEach((c, i) => {
        expect(c.index).toBe(i);
        expect(c.firstYear).toBe(i * 5);
      });
      expect(new Set(chunks.map((c) => c.seed)).size).toBe(chunks.length);
      expect(chunks[0]!.seed).toBe(9);
    }
  });
});
