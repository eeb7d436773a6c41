/**
 * How "Simulate N years" splits its years so several workers can share them and the
 * result does not depend on how many there are: the years are cut into stretches of
 * `CHUNK_YEARS` (the last may be shorter), each with a seed of its own derived from the
 * run's seed and the stretch's index, and the stretches are summarised in index order
 * (`summariseYears`). One worker or eight, the same stretches run from the same seeds
 * and are merged in the same order, so the report is the same bit for bit.
 *
 * Each stretch starts with every part up (a renewal process restarted at a failure-free
 * instant). An outage running across a stretch's end is cut there: with stretches of
 * five years and outages of minutes to hours, that moves the yearly figures by far less
 * than one year differs from the next.
 */
import type { Settings } from '../settings';
import type { TopologySpec } from '../topology';
import { simulateYearsPart, summariseYears, type YearsPart, type YearsReport } from './yearsReport';

/** Years in one stretch: small enough for partial results and balance across workers. */
export const CHUNK_YEARS = 5;

/** One stretch of a long run: its place in the run, its own seed and its length. */
export interface YearsChunk {
  index: number;
  /** The run's year this stretch starts at (0-based). */
  firstYear: number;
  years: number;
  seed: number;
}

/**
 * The seed of stretch `index` of a run from `seed`: the run's own seed for the first
 * (so a run of up to CHUNK_YEARS years is the CLI's single stretch), then a fixed odd
 * step (the golden ratio's 32 bits) per stretch, so no two stretches share a stream.
 */
export function chunkSeed(seed: number, index: number): number {
  return (seed + Math.imul(index, 0x9e3779b9)) >>> 0;
}

/** The stretches of a `years`-year run from `seed`, in order. */
export function yearsChunks(seed: number, years: number, chunkYears = CHUNK_YEARS): YearsChunk[] {
  const chunks: YearsChunk[] = [];
  for (let first = 0, index = 0; first < years; first += chunkYears, index++) {
    chunks.push({
      index,
      firstYear: first,
      years: Math.min(chunkYears, years - first),
      seed: chunkSeed(seed, index),
    });
  }
  return chunks;
}

/** Runs one stretch (what a worker does). */
export function simulateChunk(
  topology: TopologySpec,
  settings: Settings,
  chunk: YearsChunk,
  onYear?: (yearsDone: number) => void,
): YearsPart {
  return simulateYearsPart(topology, settings, chunk.seed, chunk.years, onYear);
}

/**
 * The report over the first stretches that have all arrived, in index order (`parts[i]`
 * is stretch i or undefined while it runs): the run's first years with no gap, so year
 * numbers (the worst year's) stay the run's own. Null before stretch 0 has arrived. With
 * every stretch in, it is the whole run's report.
 */
export function mergeChunks(
  topology: TopologySpec,
  settings: Settings,
  seed: number,
  parts: readonly (YearsPart | undefined)[],
): YearsReport | null {
  const firstMissing = parts.findIndex((part) => part === undefined);
  const arrived = (firstMissing === -1 ? parts : parts.slice(0, firstMissing)) as YearsPart[];
  if (arrived.length === 0) return null;
  return summariseYears(topology, settings, seed, arrived);
}

/**
 * The whole run in this thread, stretch after stretch (the CLI's `--years`): the report
 * the page's workers merge, so both print the same numbers for the same seed.
 */
export function simulateYearsInChunks(
  topology: TopologySpec,
  settings: Settings,
  seed: number,
  years: number,
  onYear?: (yearsDone: number) => void,
): YearsReport {
  const parts = yearsChunks(seed, years).map((chunk) =>
    simulateChunk(topology, settings, chunk, (done) => onYear?.(chunk.firstYear + done)),
  );
  return summariseYears(topology, settings, seed, parts);
}
