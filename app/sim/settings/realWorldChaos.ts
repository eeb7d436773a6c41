/**
 * What real systems do for chaos mode's settings (failure rates and repair times), as
 * data with the docs/reference.md section that gives each source; spread into
 * REAL_WORLD (realWorld.ts), which explains why these tables live apart from the specs.
 */
import type { ChaosSettings } from './chaos';
import type { RealWorldDefault } from './spec';

const DiskFailureRates = 'docs/reference.md#disk-failure-rates';
const FailureRatesInACluster = 'docs/reference.md#failure-rates-in-a-cluster';
const ZoneAndRegionOutages = 'docs/reference.md#zone-and-region-outages';

export const CHAOS_REAL_WORLD: {
  readonly [Path in `chaos.${keyof ChaosSettings & string}`]: readonly RealWorldDefault[];
} = {
  'chaos.mode': [
    {
      system: 'Real systems',
      value: 'on',
      note: 'failures happen whether you schedule them or not',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.rateMultiplier': [
    {
      system: 'Real systems',
      value: 1,
      note: 'raise it only to watch failures come faster',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.serverCrashMtbfH': [
    {
      system: 'Dean 2009',
      value: null,
      note: 'per machine a failure every 1-2 years (8,760-17,520 h)',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.serverCrashMttrMin': [
    {
      system: 'No published default',
      value: null,
      note: 'a supervisor restarts a process in seconds to minutes',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.hostDownMtbfH': [
    {
      system: 'Dean 2009',
      value: null,
      note: 'per machine a failure every 1-2 years (8,760-17,520 h)',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.hostDownMttrMin': [
    {
      system: 'Dean 2009',
      value: null,
      note: 'racks back within 1-6 hours (60-360 min)',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.slowMtbfH': [
    {
      system: 'Dean 2009',
      value: null,
      note: 'slow disks, bad memory and flaky machines are counted in the thousands, no rate per machine',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.slowMttrMin': [
    {
      system: 'No published default',
      value: null,
      note: 'until someone notices and drains the machine',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.slowFactor': [
    {
      system: 'No published default',
      value: null,
      note: 'gray failures range from a little to very slow',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.diskMtbfH': [
    {
      system: 'Backblaze',
      value: 584000,
      note: 'annualised failure rate about 1-2% (438,000-876,000 h)',
      source: DiskFailureRates,
    },
  ],
  'chaos.diskMttrMin': [
    {
      system: 'No published default',
      value: null,
      note: 'rebuilding a copy takes as long as copying its data',
      source: DiskFailureRates,
    },
  ],
  'chaos.zoneMtbfH': [
    {
      system: 'Cloud post-incident reports',
      value: null,
      note: 'a few zone events a year across a provider; no rate per zone is published',
      source: ZoneAndRegionOutages,
    },
  ],
  'chaos.zoneMttrMin': [
    {
      system: 'Cloud post-incident reports',
      value: null,
      note: 'under an hour to most of a day',
      source: ZoneAndRegionOutages,
    },
  ],
  'chaos.regionMtbfH': [
    {
      system: 'Cloud post-incident reports',
      value: null,
      note: 'region-wide events are rare; no rate per region is published',
      source: ZoneAndRegionOutages,
    },
  ],
  'chaos.regionMttrMin': [
    {
      system: 'Cloud post-incident reports',
      value: null,
      note: 'hours, sometimes most of a day',
      source: ZoneAndRegionOutages,
    },
  ],
  'chaos.linkMtbfH': [
    {
      system: 'Dean 2009',
      value: null,
      note: 'dozens of short network blips a year across a cluster',
      source: FailureRatesInACluster,
    },
  ],
  'chaos.linkMttrMin': [
    {
      system: 'Dean 2009',
      value: 0.5,
      note: 'blips of about 30 seconds',
      source: FailureRatesInACluster,
    },
  ],
};
