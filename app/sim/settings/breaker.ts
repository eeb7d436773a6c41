/**
 * The circuit breaker on calls to the payments dependency, and the fallback (graceful degradation) it serves while open.
 * Each setting is declared once here; see ./index.ts for what reads it.
 */
import type { SettingSpecOf } from './spec';

/** Circuit breaker on each app server's calls to the dependency (resilience4j). */
export interface BreakerSettings {
  enabled: 'on' | 'off';
  failureRateThresholdPercent: number;
  slidingWindowSize: number;
  minimumNumberOfCalls: number;
  waitDurationInOpenStateMs: number;
  permittedNumberOfCallsInHalfOpenState: number;
  slowCallRateThresholdPercent: number;
  slowCallDurationThresholdMs: number;
}

export interface DegradationSettings {
  /** Serve a fallback when the dependency fails or the breaker is open. */
  enabled: 'on' | 'off';
  /** Whether a degraded answer counts as available. */
  countsAsAvailable: 'on' | 'off';
}

export const BREAKER_SPECS: ReadonlyArray<SettingSpecOf<'breaker', BreakerSettings>> = [
  {
    path: 'breaker.enabled',
    label: 'Circuit breaker',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description: "A circuit breaker on each app server's calls to the payments dependency.",
  },
  // The breaker's defaults are smaller than resilience4j's so a learner sees every
  // transition within a minute at 1x (docs/reference.md "Circuit breakers": "window 20, wait 5-10 s"):
  // a window of 20 calls is well under a second of traffic at the default 50 req/s, yet
  // one unlucky failure moves the rate by only 5 points; it may trip after 10 calls, not
  // 100; 10 s open is long enough to watch the fallback counter climb; three half-open
  // probes, so one lucky success cannot close it. The library's 100% slow-call rate needs
  // every call in the window to be slow, which a dependency with spread-out latency
  // rarely achieves: 50% mirrors the failure threshold so a "make slow" fault trips it
  // visibly, and 1000 ms (Hystrix's command timeout) is below the 3000 ms client timeout,
  // so slowness is caught before users give up.
  {
    path: 'breaker.failureRateThresholdPercent',
    label: 'Failure-rate threshold',
    kind: 'number',
    default: 50,
    min: 1,
    max: 100,
    unit: '%',
    description: 'The breaker opens when this share of calls in the window failed.',
  },
  {
    path: 'breaker.slidingWindowSize',
    label: 'Sliding window',
    kind: 'number',
    default: 20,
    min: 1,
    max: 1000,
    integer: true,
    unit: 'calls',
    description: 'Calls in the count-based sliding window.',
  },
  {
    path: 'breaker.minimumNumberOfCalls',
    label: 'Minimum calls',
    kind: 'number',
    default: 10,
    min: 1,
    max: 1000,
    integer: true,
    unit: 'calls',
    description: 'Calls needed before the failure rate is judged.',
  },
  {
    path: 'breaker.waitDurationInOpenStateMs',
    label: 'Wait in open',
    kind: 'number',
    default: 10000,
    min: 100,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'How long an open breaker rejects calls before letting trial calls through.',
  },
  {
    path: 'breaker.permittedNumberOfCallsInHalfOpenState',
    label: 'Half-open trial calls',
    kind: 'number',
    default: 3,
    min: 1,
    max: 100,
    integer: true,
    unit: 'calls',
    description: 'Trial calls in half-open state; their failure rate decides open or closed.',
  },
  {
    path: 'breaker.slowCallRateThresholdPercent',
    label: 'Slow-call rate threshold',
    kind: 'number',
    default: 50,
    min: 1,
    max: 100,
    unit: '%',
    description: 'The breaker also opens when this share of calls was slow.',
  },
  {
    path: 'breaker.slowCallDurationThresholdMs',
    label: 'Slow-call duration',
    kind: 'number',
    default: 1000,
    min: 1,
    max: 600000,
    integer: true,
    unit: 'ms',
    description: 'A call slower than this counts as slow.',
  },
];

export const DEGRADATION_SPECS: ReadonlyArray<SettingSpecOf<'degradation', DegradationSettings>> = [
  {
    path: 'degradation.enabled',
    label: 'Graceful degradation',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'When payments fails or the breaker is open, accept the order and charge later (a degraded answer) instead of an error.',
  },
  {
    path: 'degradation.countsAsAvailable',
    label: 'Degraded counts as available',
    kind: 'choice',
    default: 'off',
    choices: ['on', 'off'],
    description:
      'Whether degraded answers count as available in the availability figures and the SLO.',
  },
];
