/**
 * Circuit breakers, load shedding and graceful degradation under a slow dependency
 * (docs/reference.md "Circuit breakers" and "Overload and queues"): a checkout holds an app server's worker while it waits
 * for payments, so a slow payments service can take down requests that never call it.
 */
import { CHECKOUT } from '../../scenarios';
import { defaultSettings } from '../../sim';
import type { Lesson, PredictionChoice } from '../lesson';
import { nowS, percent } from './measures';

const SETTINGS = defaultSettings();
/** Twice the checkout scenario's traffic: enough checkouts to fill the workers when payments is slow. */
export const BREAKER_RATE_PER_S = 100;
const SLOW_AT_S = 20;
const SLOW_FACTOR = 40;
/** When the predictions are measured: a minute into the slow dependency. */
const MEASURE_AT_S = 80;
const SERVERS = CHECKOUT.topology.regions.flatMap((r) => r.zones.flatMap((z) => z.servers));
const WORKERS = SERVERS.length * SETTINGS.server.workers;
const CHECKOUTS_PER_S = BREAKER_RATE_PER_S * SETTINGS.dependency.callShare;
const TIMEOUT_S = SETTINGS.dependency.timeoutMs / 1000;
const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/** Share of requests (all of them, not only checkouts) answered in the last minute, in %. */
function lastMinutePercent(run: Parameters<typeof nowS>[0]): number | null {
  return nowS(run) >= MEASURE_AT_S && run.metrics
    ? percent(run.metrics.window60s.availability)
    : null;
}

const SHARE_CHOICES: PredictionChoice[] = [
  { label: 'Under 30%: nearly everything fails', below: 30 },
  { label: '30 to 60%', atLeast: 30, below: 60 },
  { label: 'Over 60%: only checkouts fail', atLeast: 60 },
];
const SHARE_QUESTION = `What share of ALL requests (checkouts or not) will succeed in the minute before ${clock(MEASURE_AT_S)}?`;

export const CIRCUIT_BREAKERS: Lesson = {
  id: 'circuit-breakers',
  title: 'A slow dependency: breakers, shedding and degrading',
  summary:
    'Payments turns slow and takes every request down with it; a circuit breaker, load shedding and a fallback each save a different part.',
  scenario: 'checkout',
  settings: [{ path: 'traffic.arrivalRatePerS', value: BREAKER_RATE_PER_S }],
  faults: [{ atS: SLOW_AT_S, command: { type: 'slow', target: 'payments', factor: SLOW_FACTOR } }],
  steps: [
    {
      title: 'Payments turns slow',
      text: [
        `Users send ${BREAKER_RATE_PER_S} requests a second; ${Math.round(SETTINGS.dependency.callShare * 10)} in 10 are checkouts that call payments. At ${clock(SLOW_AT_S)} payments becomes ${SLOW_FACTOR} times slower: it still answers, after ${(SETTINGS.dependency.serviceTimeMsMean * SLOW_FACTOR) / 1000} s on average instead of ${SETTINGS.dependency.serviceTimeMsMean} ms.`,
        `The app servers wait up to ${TIMEOUT_S} s for payments. The other requests never call it.`,
      ],
      task: `Wait until ${clock(MEASURE_AT_S)}.`,
      checks: [{ kind: 'time', atLeastS: MEASURE_AT_S }],
      predict: {
        kind: 'choice',
        question: SHARE_QUESTION,
        choices: SHARE_CHOICES,
        unit: '%',
        measuredWhat: `of all requests succeeded in the minute before ${clock(MEASURE_AT_S)}`,
        explain: `A checkout holds a worker while it waits: ${CHECKOUTS_PER_S} checkouts a second × ${TIMEOUT_S} s need ${CHECKOUTS_PER_S * TIMEOUT_S} workers, and ${SERVERS.length} servers have ${WORKERS}. The queues grow, and requests that never call payments wait behind them until many of their users give up.`,
        measure: lastMinutePercent,
      },
      pauseWhen: {
        when: { kind: 'metric', metric: 'timeout', atLeast: 1 },
        label: 'The first user has just given up waiting: the queues are filling.',
      },
      spotlight: { ids: ['payments'], label: `${SLOW_FACTOR}x slower` },
    },
    {
      title: 'Stop calling: a circuit breaker',
      text: [
        `A circuit breaker on each app server watches its calls to payments. When half of the last ${SETTINGS.breaker.slidingWindowSize} calls failed or took over ${SETTINGS.breaker.slowCallDurationThresholdMs / 1000} s, it opens: checkouts fail at once, without waiting, and the workers are free for everything else. After ${SETTINGS.breaker.waitDurationInOpenStateMs / 1000} s it lets a few trial calls through.`,
        'The run starts again with breakers on.',
      ],
      restartWith: [{ path: 'breaker.enabled', value: 'on' }],
      task: `Wait until ${clock(MEASURE_AT_S)}.`,
      checks: [
        { kind: 'time', atLeastS: MEASURE_AT_S },
        { kind: 'metric', metric: 'circuitOpen', atLeast: 1 },
      ],
      predict: {
        kind: 'choice',
        question: SHARE_QUESTION,
        choices: SHARE_CHOICES,
        unit: '%',
        measuredWhat: `of all requests succeeded in the minute before ${clock(MEASURE_AT_S)}`,
        explain:
          'Checkouts still fail ("circuit open"), but fast: they no longer hold workers, so the requests that never needed payments are served.',
        measure: lastMinutePercent,
      },
      pauseWhen: {
        when: { kind: 'log', type: 'breaker' },
        label:
          'A breaker has just changed state: look for the raised switch marked "open" on the app servers\' links to payments.',
      },
      spotlight: { ids: ['eu-a', 'eu-b', 'eu-c'], label: 'breakers on the app servers' },
    },
    {
      title: 'Degrade gracefully',
      text: [
        'A failed checkout need not be an error: the shop can accept the order and charge the card later. That answer is degraded (the charge is not confirmed), and it is counted as such, not as a success.',
        'The run starts again with the fallback on as well.',
      ],
      restartWith: [{ path: 'degradation.enabled', value: 'on' }],
      task: `Wait until ${clock(MEASURE_AT_S)}.`,
      checks: [
        { kind: 'time', atLeastS: MEASURE_AT_S },
        { kind: 'metric', metric: 'degraded', atLeast: 1 },
      ],
      predict: {
        kind: 'choice',
        question: `With breakers and the fallback, how many requests will have failed with an error by ${clock(MEASURE_AT_S)}?`,
        choices: [
          { label: 'None', below: 1 },
          { label: '1 to 99', atLeast: 1, below: 100 },
          { label: '100 or more', atLeast: 100 },
        ],
        unit: 'failed requests',
        measuredWhat: `since the start, by ${clock(MEASURE_AT_S)}`,
        explain:
          'Every checkout payments cannot serve gets the fallback instead of an error; the availability panel counts them as degraded.',
        measure: (run) =>
          nowS(run) >= MEASURE_AT_S ? (run.metrics?.requests.failed ?? null) : null,
      },
      spotlight: { ids: ['payments'], label: 'charged later' },
    },
    {
      title: 'Or shed load',
      text: [
        `Without a breaker, a server can still protect itself: with load shedding on and a queue limit of 5, a server whose queue is full rejects new work at once instead of queueing it for longer than anyone will wait. The run starts again that way, with no breaker and no fallback.`,
      ],
      restartWith: [
        { path: 'breaker.enabled', value: 'off' },
        { path: 'degradation.enabled', value: 'off' },
        { path: 'server.shedding', value: 'on' },
        { path: 'server.queueLimit', value: 5 },
      ],
      task: `Wait until ${clock(MEASURE_AT_S)}.`,
      checks: [{ kind: 'time', atLeastS: MEASURE_AT_S }],
      predict: {
        kind: 'choice',
        question: SHARE_QUESTION,
        choices: SHARE_CHOICES,
        unit: '%',
        measuredWhat: `of all requests succeeded in the minute before ${clock(MEASURE_AT_S)}`,
        explain:
          'Rejected requests fail fast, so the ones a server accepts are served before their users give up.',
        measure: lastMinutePercent,
      },
      spotlight: { ids: ['eu-a', 'eu-b', 'eu-c'], label: 'full queues reject' },
    },
    {
      title: 'What you learnt',
      text: [
        'A slow dependency is worse than a dead one: every call holds a worker for the whole timeout, and the queues take down requests that never needed the dependency.',
        'A circuit breaker stops calling (failing fast); load shedding rejects what cannot be served in time; graceful degradation answers with less instead of an error. Count degraded answers honestly: they are not successes.',
      ],
    },
  ],
};
