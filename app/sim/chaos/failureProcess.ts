/**
 * Chaos mode's failure process, as pure data: which components fail, in which ways, at
 * what rates, and the seeded draws of when. The engine (`chaosPart.ts`) and the fluid
 * model (`fluid.ts`) both read failures from here, so on the same seed they see the very
 * same failures at the very same microseconds.
 *
 * Each component is an alternating renewal process with competing failure modes: it is
 * up for an exponential time whose rate is the sum of its modes' rates, fails in mode k
 * with probability rate_k / total, and is repaired after an exponential time with that
 * mode's MTTR. While it is being repaired it cannot fail again (the clock of every mode
 * stops), so its availability is exactly 1 / (1 + sum_k MTTR_k / MTBF_k)
 * (`componentAvailability` in `analytic.ts`).
 *
 * Every component draws from its own stream (`chaos:<id>`): switching chaos on never
 * shifts an existing stream, so runs without chaos are bit for bit what they were, and
 * a component's failures do not depend on which others exist.
 */
import { createRandom, type Random } from '../engine/random';
import { US_PER_S, type SimTimeUs } from '../engine/time';
import type { ChaosSettings } from '../settings';
import { linkId, type TopologySpec } from '../topology';

/** The ways a component fails in chaos mode. */
export type FailureKind = 'crash' | 'host' | 'slow' | 'disk' | 'zone' | 'region' | 'link';

/** What kind of part a chaos component is. */
export type ChaosComponentKind = 'server' | 'database' | 'zone' | 'region' | 'link';

export interface FailureMode {
  kind: FailureKind;
  /**
   * Mean time between failures of this mode, microseconds (after the rate multiplier).
   * A mean of the distribution, not a span of the run: it need not be whole, so it is a
   * plain number; the draws from it are `SimTimeUs`.
   */
  mtbfUs: number;
  /** Mean time to repair, microseconds (a mean, like `mtbfUs`). */
  mttrUs: number;
}

export interface ChaosComponent {
  /** Component id, or a link id (`lb-1->app-a1`). */
  id: string;
  kind: ChaosComponentKind;
  modes: readonly FailureMode[];
}

/** One failure: when it starts after the previous repair, in which mode, how long it lasts. */
export interface FailureDraw {
  /** Up time before the failure, whole microseconds of simulated time (at least 1). */
  upUs: SimTimeUs;
  mode: FailureMode;
  /** Time to repair, whole microseconds of simulated time (at least 1). */
  repairUs: SimTimeUs;
}

const US_PER_H = 3600 * US_PER_S;
const US_PER_MIN = 60 * US_PER_S;

const mode = (kind: FailureKind, mtbfH: number, mttrMin: number, multiplier: number) => ({
  kind,
  mtbfUs: (mtbfH * US_PER_H) / multiplier,
  mttrUs: mttrMin * US_PER_MIN,
});

/**
 * The components chaos mode breaks in `topology`, in a stable order: app servers (crash,
 * host failure, slow), database nodes (disk loss), zones, regions, and balancer-to-server
 * links (a cut). The payments dependency, the balancers on their own and the user links
 * are left alone.
 */
export function chaosComponents(topology: TopologySpec, chaos: ChaosSettings): ChaosComponent[] {
  const k = chaos.rateMultiplier;
  const components: ChaosComponent[] = [];
  for (const region of topology.regions) {
    for (const zone of region.zones) {
      for (const server of zone.servers) {
        components.push({
          id: server,
          kind: 'server',
          modes: [
            mode('crash', chaos.serverCrashMtbfH, chaos.serverCrashMttrMin, k),
            mode('host', chaos.hostDownMtbfH, chaos.hostDownMttrMin, k),
            mode('slow', chaos.slowMtbfH, chaos.slowMttrMin, k),
          ],
        });
      }
    }
  }
  for (const node of topology.database?.nodes ?? []) {
    components.push({
      id: node.id,
      kind: 'database',
      modes: [mode('disk', chaos.diskMtbfH, chaos.diskMttrMin, k)],
    });
  }
  for (const region of topology.regions) {
    for (const zone of region.zones) {
      components.push({
        id: zone.id,
        kind: 'zone',
        modes: [mode('zone', chaos.zoneMtbfH, chaos.zoneMttrMin, k)],
      });
    }
  }
  for (const region of topology.regions) {
    components.push({
      id: region.id,
      kind: 'region',
      modes: [mode('region', chaos.regionMtbfH, chaos.regionMttrMin, k)],
    });
  }
  for (const region of topology.regions) {
    for (const zone of region.zones) {
      for (const server of zone.servers) {
        components.push({
          id: linkId(region.balancer, server),
          kind: 'link',
          modes: [mode('link', chaos.linkMtbfH, chaos.linkMttrMin, k)],
        });
      }
    }
  }
  return components;
}

/** A whole number of microseconds, at least 1 (so a failure never lands on its own repair). */
const wholeUs = (us: number): SimTimeUs => Math.max(1, Math.round(us)) as SimTimeUs;

/**
 * The next failure drawn from `random` for a component failing in `modes`: the up time
 * (exponential at the modes' total rate), the mode that wins (with probability
 * rate_k / total) and its repair time (exponential with that mode's MTTR). The engine
 * draws with the modes in force at each moment, so a rate changed mid-run applies from
 * then on (`chaosPart.ts`).
 */
export function drawFailure(random: Random, modes: readonly FailureMode[]): FailureDraw {
  let totalRatePerUs = 0;
  for (const m of modes) totalRatePerUs += 1 / m.mtbfUs;
  const upUs = wholeUs(random.exponential(1 / totalRatePerUs));
  // Competing modes: mode k wins with probability rate_k / total.
  let pick = random.next() * totalRatePerUs;
  let chosen = modes[modes.length - 1]!;
  for (const m of modes) {
    pick -= 1 / m.mtbfUs;
    if (pick < 0) {
      chosen = m;
      break;
    }
  }
  return { upUs, mode: chosen, repairUs: wholeUs(random.exponential(chosen.mttrUs)) };
}

/** The seeded random stream of `component`'s failures in a run seeded with `seed`. */
export function failureRandom(seed: number, componentId: string): Random {
  return createRandom(seed, `chaos:${componentId}`);
}

/** The seeded stream of `component`'s failures in a run seeded with `seed`. */
export function failureStream(seed: number, component: ChaosComponent): () => FailureDraw {
  const random = failureRandom(seed, component.id);
  return () => drawFailure(random, component.modes);
}

/** One failure of a component on the run's clock: [failUs, repairUs). */
export interface FailureInterval {
  component: ChaosComponent;
  kind: FailureKind;
  /** When the failure starts, on the run's clock. */
  failUs: SimTimeUs;
  /** When it is repaired, on the run's clock. */
  repairUs: SimTimeUs;
}

/**
 * Every failure of `component` that starts before `untilUs`, in time order, from the
 * same draws the engine makes (the next up time starts at the previous repair).
 */
export function failureIntervals(
  seed: number,
  component: ChaosComponent,
  untilUs: SimTimeUs,
): FailureInterval[] {
  const next = failureStream(seed, component);
  const intervals: FailureInterval[] = [];
  let repairedUs = 0 as SimTimeUs;
  for (;;) {
    const draw = next();
    const failUs = (repairedUs + draw.upUs) as SimTimeUs;
    if (failUs > untilUs) return intervals;
    repairedUs = (failUs + draw.repairUs) as SimTimeUs;
    intervals.push({ component, kind: draw.mode.kind, failUs, repairUs: repairedUs });
  }
}
