/**
 * Automatic vs manual failover (docs/reference.md "Failover"): the same dead primary, with a
 * lease-based detector, with a person who must be paged, and with nobody paged at all.
 * The RTO each gives is measured from the run's failover record.
 */
import { MANUAL_FAILOVER } from '../../scenarios';
import { defaultSettings } from '../../sim';
import type { Lesson } from '../lesson';
import { firstFailoverRtoS, nowS } from './measures';

const DB = { ...defaultSettings().database, ...MANUAL_FAILOVER.settings.database };
const S = (ms: number) => ms / 1000;
/** The simulated operator's reaction time after the page, for the lesson's "a person" run. */
export const OPERATOR_DELAY_MS = 120_000;
/** The primary dies at this second in the scenario's script. */
const KILL_AT_S = MANUAL_FAILOVER.faults[0]!.atS;
/** How long the "nobody is paged" run is watched. */
export const WATCH_UNTIL_S = 240;

export const AUTOMATIC_VS_MANUAL_FAILOVER: Lesson = {
  id: 'automatic-vs-manual-failover',
  title: 'Failover: automatic, manual, and nobody paged',
  summary:
    'The primary database dies three times: promoted by a lease, by you, and by nobody. Compare the RTOs.',
  scenario: 'manual-failover',
  settings: [{ path: 'database.failover', value: 'automatic' }],
  steps: [
    {
      title: 'Automatic failover',
      text: [
        `db-a1 is the primary; db-b1 and db-c1 are replicas. At 0:${String(KILL_AT_S).padStart(2, '0')} db-a1 dies (the scenario's script). ${Math.round(DB.writeShare * 100)}% of requests write, and writes fail until a replica is promoted and the app servers find it.`,
        `Automatic failover works like Patroni: the primary renews a leader lease every ${S(DB.loopWaitMs)} s; when the lease (ttl ${S(DB.leaseTtlMs)} s) expires, the most up-to-date replica takes it and is promoted (${S(DB.promotionMs)} s), and clients reach it ${S(DB.rediscoveryMs)} s later.`,
      ],
      task: 'Wait for a replica to be promoted and clients to reach it.',
      checks: [{ kind: 'metric', metric: 'failovers', atLeast: 1 }],
      predict: {
        kind: 'slider',
        question:
          'How many seconds will writes fail, from the death of db-a1 until clients write to the new primary (the RTO)?',
        min: 0,
        max: 120,
        step: 5,
        tolerance: 5,
        unit: 's',
        measuredWhat: 'from db-a1 dying to clients writing to the new primary (RTO)',
        explain: `The lease runs out ${S(DB.leaseTtlMs - DB.loopWaitMs)} to ${S(DB.leaseTtlMs)} s after the death (it was last renewed up to ${S(DB.loopWaitMs)} s before), then ${S(DB.promotionMs)} s to promote and ${S(DB.rediscoveryMs)} s for clients to find it.`,
        measure: firstFailoverRtoS,
      },
      pauseWhen: {
        when: { kind: 'metric', metric: 'failovers', atLeast: 1 },
        label: 'A replica has just been promoted, with nobody touching anything.',
      },
      spotlight: { ids: ['db-a1', 'db-b1', 'db-c1'], label: 'the lease decides' },
    },
    {
      title: 'Manual: a person must be told',
      text: [
        `Many teams promote by hand, to avoid promoting on a false alarm. Then a person must be paged: here the database alert fires ${S(DB.alertDelayMs)} s after the primary is lost. Until someone acts, every write fails. (The burn-rate alerts of the Monitoring tab fire sooner, as failing writes burn the error budget; in this run the operator acts on the database alert.)`,
        'The run starts again with manual failover.',
      ],
      restartWith: [{ path: 'database.failover', value: 'manual' }],
      task: 'Wait for the alert that pages the operator.',
      checks: [{ kind: 'log', type: 'db-alert' }],
      pauseWhen: {
        when: { kind: 'log', type: 'db-alert' },
        label: 'The operator has just been paged: db-a1 is unreachable. You are the operator.',
      },
      spotlight: { ids: ['db-a1'], label: 'primary unreachable' },
    },
    {
      title: 'You are the operator',
      text: [
        'Promote a replica. The clock kept running while the alert waited; it keeps running while you decide.',
      ],
      task: 'Promote db-b1: click it (or Tab to it and press Enter) and choose Promote.',
      checks: [{ kind: 'metric', metric: 'failovers', atLeast: 1 }],
      solution: [{ type: 'promote', target: 'db-b1' }],
      predict: {
        kind: 'slider',
        question: 'If you promote db-b1 now, what will the RTO be, from the death of db-a1?',
        min: 0,
        max: 180,
        step: 5,
        tolerance: 5,
        unit: 's',
        measuredWhat: 'from db-a1 dying to clients writing to the new primary (RTO)',
        explain: `The alert's ${S(DB.alertDelayMs)} s, your reaction, ${S(DB.promotionMs)} s to promote and ${S(DB.rediscoveryMs)} s for clients to find the new primary.`,
        measure: firstFailoverRtoS,
      },
      spotlight: { ids: ['db-b1'], label: 'Promote' },
    },
    {
      title: 'A person takes minutes',
      text: [
        `A real on-call engineer must wake or stop what they are doing, log in, check that the primary is really gone and decide: minutes, not seconds. The run starts again with a simulated operator who promotes a replica ${S(OPERATOR_DELAY_MS) / 60} minutes after the page.`,
      ],
      restartWith: [{ path: 'database.operatorDelayMs', value: OPERATOR_DELAY_MS }],
      task: 'Wait for the operator to promote a replica.',
      checks: [{ kind: 'metric', metric: 'failovers', atLeast: 1 }],
      predict: {
        kind: 'slider',
        question: `The operator acts ${S(OPERATOR_DELAY_MS) / 60} minutes after the page. What will the RTO be?`,
        min: 0,
        max: 240,
        step: 10,
        tolerance: 10,
        unit: 's',
        measuredWhat: 'from db-a1 dying to clients writing to the new primary (RTO)',
        explain: `Alert ${S(DB.alertDelayMs)} s + operator ${S(OPERATOR_DELAY_MS)} s + promotion ${S(DB.promotionMs)} s + clients ${S(DB.rediscoveryMs)} s: the person, not the machine, is most of it.`,
        measure: firstFailoverRtoS,
      },
      spotlight: { ids: ['db-b1', 'db-c1'], label: 'waiting for a person' },
    },
    {
      title: 'Monitoring off: nobody is paged',
      text: ['The run starts again with the same operator, but monitoring off: no alert fires.'],
      restartWith: [{ path: 'monitoring.enabled', value: 'off' }],
      task: `Wait until ${Math.floor(WATCH_UNTIL_S / 60)}:${String(WATCH_UNTIL_S % 60).padStart(2, '0')}.`,
      checks: [
        { kind: 'time', atLeastS: WATCH_UNTIL_S },
        { kind: 'metric', metric: 'failovers', atMost: 0 },
      ],
      predict: {
        kind: 'choice',
        question: `With monitoring off, will writes be back by ${Math.floor(WATCH_UNTIL_S / 60)}:${String(WATCH_UNTIL_S % 60).padStart(2, '0')}?`,
        choices: [
          { label: 'No: nobody knows to promote a replica', below: 1 },
          { label: 'Yes, just later', atLeast: 1 },
        ],
        unit: 'failovers',
        measuredWhat: `by ${Math.floor(WATCH_UNTIL_S / 60)}:${String(WATCH_UNTIL_S % 60).padStart(2, '0')}`,
        explain:
          'Manual failover starts with a page. Without monitoring the outage lasts until a user complains loudly enough.',
        measure: (run) =>
          nowS(run) >= WATCH_UNTIL_S ? (run.metrics?.data?.failovers.length ?? 0) : null,
      },
      spotlight: { ids: ['db-a1'], label: 'dead, and nobody knows' },
    },
    {
      title: 'What you learnt',
      text: [
        'RTO = time to detect + time to decide + time to act. Automatic failover detects and decides in tens of seconds (the lease); a person adds the alert delay and minutes of reaction; without monitoring there is no upper bound.',
        'Automatic failover has its own risk: promoting while the old primary is alive but cut off gives two primaries. The split-brain lesson shows it.',
      ],
    },
  ],
};
