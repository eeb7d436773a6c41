/**
 * Chaos mode: failures that arrive by themselves, at rates per component, and are
 * repaired after a time to repair (docs/reference.md, "Failure rates in a cluster",
 * "Disk failure rates", "Zone and region outages"). Each failure kind has a mean time
 * between failures (MTBF, hours) and a mean time to repair (MTTR, minutes): up times and
 * repair times are drawn from exponential distributions with those means, so one
 * component's availability is MTBF / (MTBF + MTTR).
 *
 * The defaults are the real-world rates, so at 1x nothing may happen for months of
 * simulated time: `rateMultiplier` scales every failure rate (not the repair times) for a
 * live run you can watch. Each setting is declared once here; see ./index.ts.
 */
import type { SettingSpecOf } from './spec';

export interface ChaosSettings {
  /** `on`: failures arrive at random from the rates below; `off` (default): only your faults. */
  mode: 'off' | 'on';
  /** Every failure rate is multiplied by this (MTBF divided); repair times stay as they are. */
  rateMultiplier: number;
  /** Mean time between process crashes of one app server. */
  serverCrashMtbfH: number;
  /** Mean time until a crashed process serves again. */
  serverCrashMttrMin: number;
  /** Mean time between host (machine) failures of one app server. */
  hostDownMtbfH: number;
  /** Mean time until a dead host is repaired or replaced. */
  hostDownMttrMin: number;
  /** Mean time between episodes of one app server turning slow (a gray failure). */
  slowMtbfH: number;
  /** Mean length of a slow episode. */
  slowMttrMin: number;
  /** How much slower a slow server serves (service time multiplied by this). */
  slowFactor: number;
  /** Mean time between disk losses of one database node. */
  diskMtbfH: number;
  /** Mean time until a node with a lost disk is rebuilt from another copy. */
  diskMttrMin: number;
  /** Mean time between outages of one availability zone. */
  zoneMtbfH: number;
  /** Mean length of a zone outage. */
  zoneMttrMin: number;
  /** Mean time between outages of one whole region. */
  regionMtbfH: number;
  /** Mean length of a region outage. */
  regionMttrMin: number;
  /** Mean time between network faults (a cut) on one balancer-to-server link. */
  linkMtbfH: number;
  /** Mean length of a link fault. */
  linkMttrMin: number;
}

/** Hours in a 365-day year: the unit real failure rates are quoted in ("per year"). */
const HOURS_PER_YEAR = 8760;

const mtbf = (
  path: SettingSpecOf<'chaos', ChaosSettings>['path'],
  label: string,
  defaultH: number,
  description: string,
): SettingSpecOf<'chaos', ChaosSettings> => ({
  path,
  label,
  kind: 'number',
  default: defaultH,
  min: 0.001,
  max: 10_000_000,
  unit: 'h',
  description,
});

const mttr = (
  path: SettingSpecOf<'chaos', ChaosSettings>['path'],
  label: string,
  defaultMin: number,
  description: string,
): SettingSpecOf<'chaos', ChaosSettings> => ({
  path,
  label,
  kind: 'number',
  default: defaultMin,
  min: 0.01,
  max: 100_000,
  unit: 'min',
  description,
});

export const CHAOS_SPECS: ReadonlyArray<SettingSpecOf<'chaos', ChaosSettings>> = [
  {
    path: 'chaos.mode',
    label: 'Chaos mode',
    kind: 'choice',
    default: 'off',
    choices: ['off', 'on'],
    description:
      'on: servers, hosts, disks, zones, regions and links fail at random at the rates below and are repaired after a random time to repair. A change applies live, from that moment.',
  },
  {
    path: 'chaos.rateMultiplier',
    label: 'Failure-rate multiplier',
    kind: 'number',
    default: 1,
    min: 1,
    max: 1_000_000,
    unit: 'x',
    description:
      'Every failure rate is multiplied by this so failures come often enough to watch; repair times are unchanged, so availability falls as the rate rises.',
  },
  mtbf(
    'chaos.serverCrashMtbfH',
    'Server crash MTBF',
    HOURS_PER_YEAR,
    "Mean time between one app server's process crashes.",
  ),
  mttr(
    'chaos.serverCrashMttrMin',
    'Server crash MTTR',
    5,
    'Mean time until a crashed process is restarted and serves again.',
  ),
  mtbf(
    'chaos.hostDownMtbfH',
    'Host failure MTBF',
    2 * HOURS_PER_YEAR,
    "Mean time between failures of one app server's machine (nothing answers).",
  ),
  mttr(
    'chaos.hostDownMttrMin',
    'Host failure MTTR',
    240,
    'Mean time until a dead machine is repaired or replaced.',
  ),
  mtbf(
    'chaos.slowMtbfH',
    'Slow server MTBF',
    2 * HOURS_PER_YEAR,
    'Mean time between episodes of one app server turning slow (health checks still pass).',
  ),
  mttr('chaos.slowMttrMin', 'Slow server MTTR', 60, 'Mean length of a slow episode.'),
  {
    path: 'chaos.slowFactor',
    label: 'Slow server factor',
    kind: 'number',
    default: 10,
    min: 1.1,
    max: 1000,
    unit: 'x',
    description: 'How much longer a slow server takes to serve each request.',
  },
  mtbf(
    'chaos.diskMtbfH',
    'Disk loss MTBF',
    // An annualised failure rate of 1.5% (Backblaze's drive statistics: about 1-2%).
    Math.round(HOURS_PER_YEAR / 0.015),
    "Mean time between losses of one database node's disk (its data must be rebuilt).",
  ),
  mttr(
    'chaos.diskMttrMin',
    'Disk loss MTTR',
    120,
    'Mean time until a node that lost its disk is rebuilt from another copy.',
  ),
  mtbf(
    'chaos.zoneMtbfH',
    'Zone outage MTBF',
    2 * HOURS_PER_YEAR,
    'Mean time between outages of one availability zone (an assumption: see the reference).',
  ),
  mttr('chaos.zoneMttrMin', 'Zone outage MTTR', 180, 'Mean length of a zone outage.'),
  mtbf(
    'chaos.regionMtbfH',
    'Region outage MTBF',
    10 * HOURS_PER_YEAR,
    'Mean time between outages of one whole region (an assumption: see the reference).',
  ),
  mttr('chaos.regionMttrMin', 'Region outage MTTR', 360, 'Mean length of a region outage.'),
  mtbf(
    'chaos.linkMtbfH',
    'Link fault MTBF',
    HOURS_PER_YEAR,
    'Mean time between network faults (a cut) on one balancer-to-server link.',
  ),
  mttr(
    'chaos.linkMttrMin',
    'Link fault MTTR',
    1,
    'Mean length of a network fault (most are short blips).',
  ),
];
