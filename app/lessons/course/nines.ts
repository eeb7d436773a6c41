/**
 * Redundancy and the nines: series and parallel availability, measured per request
 * against the formulas (docs/reference.md "Availability, nines and error budgets"). Every app server and the payments
 * dependency fail a fixed share of requests at random, so each part's availability is
 * known and the run's measured availability can be set beside the formula's.
 */
import type { FaultEntry } from '../../scenarios';
import type { Lesson } from '../lesson';
import { availabilityPercentAt, downtimeMinutesPerYear } from './measures';

/** Each part fails this share of the requests it sees (a bad deploy, a flaky disk). */
export const NINES_ERROR_PERCENT = 10;
const FAIL = NINES_ERROR_PERCENT / 100;
const PART = 1 - FAIL;
const SERVERS = ['app-a1', 'app-a2', 'app-b1', 'app-b2', 'app-c1', 'app-c2'];

/** The formulas the lesson states (in %, to 0.1), which its test compares with runs. */
export const NINES_FORMULA = {
  oneTry: Math.round(PART * 1000) / 10,
  twoTries: Math.round((1 - FAIL ** 2) * 1000) / 10,
  series: Math.round(PART * PART * 1000) / 10,
};

/** A minute of traffic at the scenario's rate: enough requests to tell 90% from 99%. */
const MEASURE_AT_S = 60;

function minutes(value: number): string {
  return value >= 120 ? `${(value / 60).toFixed(2)} hours` : `${value.toFixed(1)} minutes`;
}

// docs/reference.md "Availability, nines and error budgets"'s worked example: LB 99.99% x (3 servers at 99% in parallel) x DB 99.95%.
const EXAMPLE = 0.9999 * (1 - 0.01 ** 3) * 0.9995;

export const REDUNDANCY_AND_NINES: Lesson = {
  id: 'redundancy-and-nines',
  title: 'Redundancy and the nines: series and parallel',
  summary:
    'Measure what six flaky servers give with one try and with two, then add a dependency in series.',
  scenario: 'checkout',
  // Nothing calls payments until the series step: the first experiments are servers only.
  settings: [{ path: 'dependency.callShare', value: 0 }],
  faults: [...SERVERS, 'payments'].map((target): FaultEntry => ({
    atS: 0,
    command: { type: 'errors', target, percent: NINES_ERROR_PERCENT },
  })),
  steps: [
    {
      title: 'Six servers, each 90% available',
      text: [
        `Availability is the share of time (or of requests) a service works: A = MTBF / (MTBF + MTTR). "Three nines", 99.9%, allows ${minutes(downtimeMinutesPerYear(0.999))} of downtime a year; "four nines", 99.99%, only ${minutes(downtimeMinutesPerYear(0.9999))}; five nines ${minutes(downtimeMinutesPerYear(0.99999))}.`,
        `In this run every app server answers ${NINES_ERROR_PERCENT}% of its requests with an error, at random: each is ${NINES_FORMULA.oneTry}% available. (payments fails ${NINES_ERROR_PERCENT}% of its calls too, but nothing calls it yet.)`,
      ],
      task: `Let it run to 1:00 and read the availability panel.`,
      checks: [{ kind: 'time', atLeastS: MEASURE_AT_S }],
      predict: {
        kind: 'choice',
        question: `Six app servers, each failing ${NINES_ERROR_PERCENT}% of requests, behind one balancer that tries once. What share of requests will succeed?`,
        choices: [
          { label: 'Under 85%', below: 85 },
          { label: `About ${NINES_FORMULA.oneTry}%`, atLeast: 85, below: 95 },
          { label: `About ${NINES_FORMULA.twoTries}%`, atLeast: 95, below: 99.9 },
          { label: 'Nearly 100%: six in parallel', atLeast: 99.9 },
        ],
        unit: '%',
        measuredWhat: 'of requests succeeded in the first minute',
        explain: `Each request meets one server: with one try, six servers are no better than one. Parallel redundancy counts only when a failure is routed around.`,
        measure: (run) => availabilityPercentAt(run, MEASURE_AT_S),
      },
      pauseWhen: {
        when: { kind: 'time', atLeastS: MEASURE_AT_S },
        label: 'One minute of traffic: compare the availability panel with your guess.',
      },
      spotlight: { ids: ['eu-a', 'eu-b', 'eu-c'], label: `each server ${NINES_FORMULA.oneTry}%` },
    },
    {
      title: 'Parallel: a second try on another server',
      text: [
        'Now the balancer retries a failed request once on another server. A request fails only if both tries fail. For independent parts in parallel, A = 1 − (1 − A₁)(1 − A₂).',
        'The run starts again with the balancer making up to 2 attempts.',
      ],
      restartWith: [{ path: 'retries.balancerMaxAttempts', value: 2 }],
      task: 'Let it run to 1:00.',
      checks: [{ kind: 'time', atLeastS: MEASURE_AT_S }],
      predict: {
        kind: 'slider',
        question: 'With a second try on another server, what share of requests will succeed?',
        min: 80,
        max: 100,
        step: 0.5,
        tolerance: 1,
        unit: '%',
        measuredWhat: 'of requests succeeded in the first minute',
        explain: `The formula says 1 − ${FAIL} × ${FAIL} = ${NINES_FORMULA.twoTries}%: both tries must fail, and they fail independently.`,
        measure: (run) => availabilityPercentAt(run, MEASURE_AT_S),
      },
      spotlight: { ids: ['lb-1'], label: 'retries on another server' },
    },
    {
      title: 'Series: add a dependency',
      text: [
        `Now every request also charges a card at payments, which fails ${NINES_ERROR_PERCENT}% of its calls, and the balancer tries once again. A request needs a server AND payments: parts in series multiply, A = A₁ × A₂.`,
        'The run starts again with every request calling payments.',
      ],
      restartWith: [
        { path: 'retries.balancerMaxAttempts', value: 1 },
        { path: 'dependency.callShare', value: 1 },
      ],
      task: 'Let it run to 1:00.',
      checks: [{ kind: 'time', atLeastS: MEASURE_AT_S }],
      predict: {
        kind: 'slider',
        question: `Servers at ${NINES_FORMULA.oneTry}% and payments at ${NINES_FORMULA.oneTry}%, in series. What share of requests will succeed?`,
        min: 60,
        max: 100,
        step: 1,
        tolerance: 2,
        unit: '%',
        measuredWhat: 'of requests succeeded in the first minute',
        explain: `The formula says ${PART} × ${PART} = ${NINES_FORMULA.series}%: every dependency in the path multiplies in its own failures, so adding one always lowers availability.`,
        measure: (run) => availabilityPercentAt(run, MEASURE_AT_S),
      },
      spotlight: { ids: ['payments'], label: `payments ${NINES_FORMULA.oneTry}%, in series` },
    },
    {
      title: 'What you learnt',
      text: [
        'Parts in series multiply their availabilities: every dependency you add lowers the total. Parts in parallel multiply their unavailabilities, but only when a failure is routed around (a retry elsewhere, a health check): redundancy without that does nothing.',
        `A worked example: a balancer at 99.99%, three servers at 99% in parallel and a database at 99.95% give ${(EXAMPLE * 100).toFixed(3)}%, about ${Math.round(downtimeMinutesPerYear(EXAMPLE))} minutes of downtime a year: the database, alone in series, sets the ceiling. Four nines (${minutes(downtimeMinutesPerYear(0.9999))} a year) leave no room for a single part below them.`,
        'The formulas assume parts fail independently. A zone or a bad deploy that takes several at once breaks that assumption: see the zone-overload scenario.',
      ],
    },
  ],
};
