/**
 * Monitoring and alerting (docs/reference.md "Availability, nines and error budgets"): an SLO, its error budget, the SRE
 * Workbook's multiwindow burn-rate page, and an outage that only one group of users sees
 * (their link to their region is cut; the region itself, and the traffic manager's
 * checks of it, are fine).
 */
import { defaultSettings } from '../../sim';
import type { Lesson } from '../lesson';
import { firstLoggedS, nowS, percent } from './measures';

const SETTINGS = defaultSettings();
const SLO = SETTINGS.slo.target;
const SCALE = SETTINGS.alerts.windowScale;
const CUT_AT_S = 60;
const HEAL_AT_S = 120;
const REVIEW_AT_S = 180;
const CUT = 'users-eu->lb-eu';
const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
/** The error budget of a 30-day SLO period, in minutes of total outage. */
const BUDGET_MINUTES = (1 - SLO) * SETTINGS.slo.periodDays * 24 * 60;

export const MONITORING_AND_ALERTING: Lesson = {
  id: 'slo-alerts',
  title: 'Monitoring: SLOs, error budgets and who was hurt',
  summary:
    'Cut one group of users off for a minute: watch the burn-rate page fire, the average hide them, and the error budget go.',
  scenario: 'two-regions',
  faults: [
    { atS: CUT_AT_S, command: { type: 'cut', target: CUT, oneWay: false } },
    { atS: HEAL_AT_S, command: { type: 'restore', target: CUT } },
  ],
  steps: [
    {
      title: 'An SLO and its error budget',
      text: [
        `The service level objective here: ${percent(SLO)}% of requests succeed over ${SETTINGS.slo.periodDays} days. The other ${Math.round((1 - SLO) * 1000) / 10}% is the error budget: ${BUDGET_MINUTES.toFixed(1)} minutes of total outage a month, to spend on deploys, experiments and accidents.`,
        `The burn rate is the error rate divided by the budget's share: burning at 1x spends the budget in exactly ${SETTINGS.slo.periodDays} days. The SRE Workbook pages at 14.4x over 1 hour and over 5 minutes (2% of the month's budget in an hour). So that you need not wait an hour, the windows here are ${SCALE} times shorter: a simulated minute stands for an hour. The Monitoring tab shows the rules.`,
      ],
      task: 'Let it run to 0:30.',
      checks: [{ kind: 'time', atLeastS: 30 }],
      spotlight: { ids: ['users-eu', 'users-us'], label: 'two groups of users' },
    },
    {
      title: "Europe's users are cut off",
      text: [
        `At ${clock(CUT_AT_S)} the network between Europe's users and region eu is cut (the lesson's fault). The region is healthy; the US users are fine.`,
      ],
      task: 'Wait for the first alert.',
      checks: [{ kind: 'log', type: 'alert-fired' }],
      predict: {
        kind: 'slider',
        question: `How many seconds after the cut will the first burn-rate alert fire?`,
        min: 0,
        max: 60,
        step: 1,
        tolerance: 3,
        unit: 's',
        measuredWhat: 'from the cut to the first alert',
        explain:
          "Half the requests fail, a burn rate of hundreds: the long window's average passes 14.4x within seconds. The failures are timeouts, so they are counted only when users give up.",
        measure: (run) => {
          const cutS = firstLoggedS(run, 'cut', CUT);
          const alertS = firstLoggedS(run, 'alert-fired');
          return cutS === null || alertS === null ? null : Math.round((alertS - cutS) * 10) / 10;
        },
      },
      pauseWhen: {
        when: { kind: 'log', type: 'alert-fired' },
        label: 'The burn-rate alert has just fired: someone is paged.',
      },
      spotlight: { ids: ['users-eu'], label: 'cut off from eu' },
    },
    {
      title: 'The servers look fine',
      text: [
        "Every server and the balancer in eu pass their health checks. The traffic manager checks region eu from its own place, not from Europe's users, and sees it healthy.",
      ],
      task: `Wait until ${clock(HEAL_AT_S - 10)}.`,
      checks: [{ kind: 'time', atLeastS: HEAL_AT_S - 10 }],
      predict: {
        kind: 'choice',
        question: `Will the traffic manager (dns) move Europe's users to us by ${clock(HEAL_AT_S - 10)}?`,
        choices: [
          { label: 'No: to its checks, eu is healthy', below: 1 },
          { label: 'Yes: it fails them over', atLeast: 1 },
        ],
        unit: 'regions marked unhealthy',
        measuredWhat: `by dns, by ${clock(HEAL_AT_S - 10)}`,
        explain:
          'Health checks measure what the checker sees. Only measurements from the users (the probes, the per-group figures) show this outage.',
        measure: (run) =>
          nowS(run) >= HEAL_AT_S - 10
            ? run.log.filter((e) => e.type === 'dns-unhealthy').length
            : null,
      },
      spotlight: { ids: ['dns', 'eu'], label: 'eu looks healthy' },
    },
    {
      title: 'The average hides who was hurt',
      text: [
        `The link comes back at ${clock(HEAL_AT_S)}. Compare the overall availability in the availability panel with "Users by group": the overall figure averages Europe's users with the US users, who saw nothing.`,
      ],
      task: `Wait until ${clock(REVIEW_AT_S)}.`,
      checks: [{ kind: 'time', atLeastS: REVIEW_AT_S }],
      predict: {
        kind: 'slider',
        question: `By ${clock(REVIEW_AT_S)}, what share of Europe's users' requests since the start will have succeeded?`,
        min: 0,
        max: 100,
        step: 1,
        tolerance: 5,
        unit: '%',
        measuredWhat: `of users-eu's requests succeeded by ${clock(REVIEW_AT_S)}`,
        explain: `They had no service for ${(HEAL_AT_S - CUT_AT_S) / 60} minute of the ${REVIEW_AT_S / 60}; the overall figure, half of it US traffic, shows about half that loss.`,
        measure: (run) => {
          const group = run.metrics?.userGroups.find((g) => g.id === 'users-eu');
          return nowS(run) >= REVIEW_AT_S && group ? percent(group.availability) : null;
        },
      },
      pauseWhen: {
        when: { kind: 'time', atLeastS: REVIEW_AT_S },
        label: 'Now compare the overall availability with each group of users.',
      },
      spotlight: { ids: ['users-eu', 'users-us'], label: 'one hurt, one not' },
    },
    {
      title: 'The budget',
      text: [
        "The Monitoring tab shows how much of the month's error budget is spent. One minute here stands for an hour of a real month.",
      ],
      predict: {
        kind: 'slider',
        question: `How much of the ${SETTINGS.slo.periodDays}-day error budget has this one cut spent?`,
        min: 0,
        max: 100,
        step: 5,
        tolerance: 10,
        unit: '%',
        measuredWhat: 'of the error budget spent',
        explain: `Half the users without service for an hour is 30 minutes of total outage, out of a budget of ${BUDGET_MINUTES.toFixed(1)} minutes.`,
        measure: (run) =>
          run.metrics ? Math.round(run.metrics.slo.budgetBurntFraction * 100) : null,
      },
    },
    {
      title: 'What you learnt',
      text: [
        'An SLO turns "reliable enough" into a budget; burn-rate alerts page when the budget goes fast (over a long and a short window, so a blip does not page and a fixed problem stops paging).',
        'Measure what users see, per group: an average over everyone, or a health check from inside, can look fine while one group of users has no service at all.',
      ],
    },
  ],
};
