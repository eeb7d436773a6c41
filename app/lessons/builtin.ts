/**
 * The lessons that ship with Nines. Each follows one idea of docs/reference.md through a
 * built-in scenario, and every step's check and solution is played through headless
 * over many seeds by lessons.test.ts, so the text never promises what the engine
 * does not do.
 */
import {
  ACTIVE_PASSIVE,
  builtinScenario,
  DATABASE,
  ONE_REGION,
  scenarioWithSettings,
  type Scenario,
} from '../scenarios';
import { defaultSettings, realWorldValue } from '../sim';
import { routedShare, secondsBetween, type Lesson, type LessonSetting } from './lesson';
import { CIRCUIT_BREAKERS } from './course/breakers';
import { AUTOMATIC_VS_MANUAL_FAILOVER } from './course/failover';
import { IDEMPOTENCY } from './course/idempotency';
import { MONITORING_AND_ALERTING } from './course/monitoring';
import { REDUNDANCY_AND_NINES } from './course/nines';
import { SPLIT_BRAIN_AND_FENCING } from './course/splitBrain';
import { promotionLossPrediction } from './course/writesLost';

/** A real system's value of a setting, from the setting's spec (as a number). */
function realWorldNumber(path: string, system: string): number {
  return Number(realWorldValue(path, system));
}

/**
 * AWS Application Load Balancer target group health check defaults, which the
 * health-checks lesson compares with: read from the health-check settings' specs, so
 * the lesson and the Settings tab cannot disagree.
 */
const ALB_HEALTH_CHECK_DEFAULTS = {
  intervalS: realWorldNumber('healthCheck.intervalMs', 'AWS ALB') / 1000,
  timeoutS: realWorldNumber('healthCheck.timeoutMs', 'AWS ALB') / 1000,
  unhealthyThreshold: realWorldNumber('healthCheck.unhealthyThreshold', 'AWS ALB'),
  healthyThreshold: realWorldNumber('healthCheck.healthyThreshold', 'AWS ALB'),
} as const;

/** The health checks the health-checks lesson's scenario runs with, as the text quotes them. */
const LESSON_HEALTH_CHECK = {
  ...defaultSettings().healthCheck,
  ...ONE_REGION.settings.healthCheck,
};
const LESSON_CHECK_INTERVAL_S = LESSON_HEALTH_CHECK.intervalMs / 1000;
const ALB = ALB_HEALTH_CHECK_DEFAULTS;

/** The traffic manager's checks in the region-failover lesson's scenario, as its text quotes them. */
const REGION_CHECKS = {
  ...defaultSettings().trafficManager,
  ...ACTIVE_PASSIVE.settings.trafficManager,
};
const REGION_CHECK_INTERVAL_S = REGION_CHECKS.intervalMs / 1000;

/** The leader lease of the async-replication lesson's scenario, in seconds. */
const LESSON_LEASE_TTL_S =
  { ...defaultSettings().database, ...DATABASE.settings.database }.leaseTtlMs / 1000;

export const HEALTH_CHECKS: Lesson = {
  id: 'health-checks',
  title: 'Health checks route around a dead server',
  summary: 'Kill a server, watch the balancer notice, and count what the users saw meanwhile.',
  scenario: 'one-region',
  steps: [
    {
      title: 'A healthy cluster',
      text: [
        'Failures are normal: a process crashes, a host dies, a network times out, a disk is lost, a zone or a region goes down, a server turns slow. From outside they look different (refused at once, silence until a timeout, slow answers), and the first lessons of this course show each.',
        'Users send requests to one load balancer (lb-1), which spreads them over six app servers in three availability zones. Each link is as thick as the requests per second it carries (the legend under the diagram gives the scale); where the diagram has room, a link is also labelled with its rate (n/s: requests per simulated second).',
        'Availability is 100%: every request so far has succeeded.',
      ],
      task: 'Let it run for 10 simulated seconds.',
      checks: [{ kind: 'time', atLeastS: 10 }],
    },
    {
      title: 'Kill a server',
      text: [
        'A process crash is the kindest failure: the host is still there, so connections are refused at once and callers learn about it quickly.',
      ],
      task: 'Kill app-b1: click it (or Tab to it and press Enter) and choose Kill.',
      checks: [{ kind: 'state', id: 'app-b1', state: 'crashed' }],
      solution: [{ type: 'kill', target: 'app-b1' }],
      predict: {
        kind: 'slider',
        question: `lb-1 checks each server every ${LESSON_CHECK_INTERVAL_S} s. After you kill app-b1, how many seconds until lb-1 marks it unhealthy?`,
        min: 0,
        max: 60,
        step: 1,
        tolerance: 2,
        unit: 's',
        measuredWhat: 'from the kill to lb-1 marking app-b1 unhealthy',
        explain: `It takes ${LESSON_HEALTH_CHECK.unhealthyThreshold} failed checks in a row, ${LESSON_CHECK_INTERVAL_S} s apart, and the first one comes up to one interval after the kill.`,
        measure: (run) =>
          secondsBetween(
            run,
            { type: 'kill', target: 'app-b1' },
            { type: 'marked-unhealthy', target: 'app-b1' },
          ),
      },
      pauseWhen: {
        when: { kind: 'log', type: 'marked-unhealthy', target: 'app-b1' },
        label: 'lb-1 has just marked app-b1 unhealthy: from now on it sends it no requests.',
      },
      spotlight: { ids: ['lb-1', 'app-b1'], label: 'lb-1 health-checks app-b1' },
    },
    {
      title: 'The balancer notices',
      text: [
        `The balancer still sends app-b1 its share until its health checks fail: here one check every ${LESSON_CHECK_INTERVAL_S} s, and ${LESSON_HEALTH_CHECK.unhealthyThreshold} failures in a row mark the server unhealthy. Until then, about one request in six is refused.`,
        `An AWS Application Load Balancer by default checks every ${ALB.intervalS} s with a ${ALB.timeoutS} s timeout, marks a target unhealthy after ${ALB.unhealthyThreshold} failures in a row and healthy again after ${ALB.healthyThreshold} passes.${LESSON_CHECK_INTERVAL_S < ALB.intervalS ? ' This cluster checks more often, so you need not wait as long.' : ''}`,
        `Detection takes up to interval × threshold: here at most about ${LESSON_CHECK_INTERVAL_S * LESSON_HEALTH_CHECK.unhealthyThreshold} s (with ALB's defaults, about ${ALB.intervalS * ALB.unhealthyThreshold} s). Watch the dashed outline appear and the link to app-b1 thin to a hairline: it carries no requests.`,
      ],
      task: 'Wait until lb-1 marks app-b1 unhealthy.',
      checks: [{ kind: 'log', type: 'marked-unhealthy', target: 'app-b1' }],
      spotlight: { ids: ['app-b1'], label: 'dashed: unhealthy' },
    },
    {
      title: 'Counting the damage',
      text: [
        'Look at the availability panel: "Failed by reason" counts the refused requests, and the nines dropped. With fewer failures the number would be higher; with slower health checks, lower.',
        'The other five servers now carry the whole load. At this traffic that is fine; in the zone-overload scenario it is not.',
      ],
      checks: [{ kind: 'metric', metric: 'refused', atLeast: 1 }],
    },
    {
      title: 'Bring it back',
      text: [
        `Restoring the process is not enough for traffic to return: the balancer waits for ${LESSON_HEALTH_CHECK.healthyThreshold} passing checks in a row before it trusts the server again.`,
      ],
      task: 'Restore app-b1, then wait until lb-1 marks it healthy.',
      checks: [{ kind: 'log', type: 'marked-healthy', target: 'app-b1' }],
      solution: [{ type: 'restore', target: 'app-b1' }],
    },
  ],
};

const CRASH_VS_HOST_DOWN: Lesson = {
  id: 'crash-vs-host-down',
  title: 'A crash fails fast; a dead host makes you wait',
  summary: 'Two ways a server dies, and why one of them costs every caller its timeout.',
  scenario: 'one-region',
  steps: [
    {
      title: 'A crash is refused at once',
      text: [
        'When a process crashes, its host answers the next connection with a refusal: the caller knows within a round trip.',
      ],
      task: 'Kill app-a1 and watch "refused" count up in the availability panel.',
      checks: [{ kind: 'metric', metric: 'refused', atLeast: 1 }],
      solution: [{ type: 'kill', target: 'app-a1' }],
      predict: {
        kind: 'choice',
        question: 'When app-a1 crashes, how will the requests sent to it fail?',
        choices: [
          { label: 'Mostly refused at once', atLeast: 50 },
          { label: 'Mostly timed out, after seconds', below: 50 },
        ],
        unit: '%',
        measuredWhat: 'of the failed requests so far were refused',
        explain:
          'A crashed process leaves its host up, and the host refuses the connection within a round trip.',
        measure: (run) => {
          const requests = run.metrics?.requests;
          if (!requests || requests.failed === 0) return null;
          return Math.round((requests.failedBy.refused / requests.failed) * 100);
        },
      },
      spotlight: { ids: ['app-a1'], label: 'crashed: refuses' },
    },
    {
      title: 'A dead host says nothing',
      text: [
        'When the whole host dies (power, kernel panic, a cut cable), nothing answers. A caller cannot tell "slow" from "gone": it waits for its timeout, 3 s here, holding a connection and a user.',
      ],
      task: 'Take the host of app-c1 down (Host down) and watch "timed out" count up.',
      checks: [{ kind: 'metric', metric: 'timeout', atLeast: 1 }],
      solution: [{ type: 'host-down', target: 'app-c1' }],
      pauseWhen: {
        when: { kind: 'metric', metric: 'timeout', atLeast: 1 },
        label: 'The first request sent to the dead host has just timed out.',
      },
      spotlight: { ids: ['app-c1'], label: 'host down: silent' },
    },
    {
      title: 'Why timeouts matter',
      text: [
        'Compare the latency of answers and the failures by reason: refused requests fail in milliseconds, timed-out ones in seconds. A timeout is the longest a user can be kept waiting for a server that is not there, so it should be as short as the real work allows.',
        'Try the Defences tab: retries with a per-try timeout turn many of these failures into slower successes.',
      ],
    },
  ],
};

export const REGION_FAILOVER: Lesson = {
  id: 'region-failover',
  title: 'Region failover: detection plus DNS TTL',
  summary:
    'Lose a whole region under active-passive, and see why the outage lasts as long as it does.',
  scenario: 'active-passive',
  steps: [
    {
      title: 'One region serves, one waits',
      text: [
        'Two regions sit behind a DNS traffic manager (dns). In active-passive mode every user is sent to eu; us is a warm standby that serves nobody until the traffic manager fails over.',
        "The scenario's fault script takes region eu down at 1:00. Speed up to get there sooner.",
      ],
      task: 'Wait for region eu to go down at 1:00.',
      checks: [{ kind: 'state', id: 'eu', state: 'down' }],
    },
    {
      title: 'The traffic manager notices',
      text: [
        // Failures at check times: the region died between two checks, so the last of
        // the threshold's failures comes (threshold - 1) to threshold intervals later.
        `dns checks each region every ${REGION_CHECK_INTERVAL_S} s and needs ${REGION_CHECKS.failureThreshold} failures in a row: detection takes ${(REGION_CHECKS.failureThreshold - 1) * REGION_CHECK_INTERVAL_S} to ${REGION_CHECKS.failureThreshold * REGION_CHECK_INTERVAL_S} s. Every request in that time goes to a dead region and times out.`,
      ],
      task: 'Wait until dns marks region eu unhealthy.',
      checks: [{ kind: 'log', type: 'dns-unhealthy', target: 'eu' }],
      predict: {
        kind: 'slider',
        question:
          'Region eu is down. How many seconds after it went down will dns mark it unhealthy?',
        min: 0,
        max: 120,
        step: 5,
        tolerance: 5,
        unit: 's',
        measuredWhat: 'from region eu going down to dns marking it unhealthy',
        explain:
          'Three failed checks 10 s apart: the first fails at the next check after the outage, so 20 to 30 s.',
        measure: (run) =>
          secondsBetween(
            run,
            { type: 'kill-region', target: 'eu' },
            { type: 'dns-unhealthy', target: 'eu' },
          ),
      },
      pauseWhen: {
        when: { kind: 'log', type: 'dns-unhealthy', target: 'eu' },
        label: 'dns has just marked region eu unhealthy: new DNS answers say us.',
      },
      spotlight: { ids: ['dns', 'eu'], label: 'dns checks region eu' },
    },
    {
      title: 'Cached answers expire',
      text: [
        'dns now answers "us", but clients remember the old answer for the TTL, 60 s here. Watch each user group\'s note move from eu to us as caches expire: the interruption is about detection + TTL.',
        'That is why active-passive failover is slow, and why a short TTL matters (at the price of more DNS queries).',
      ],
      task: 'Wait until 3:00, when every cached answer has expired.',
      checks: [{ kind: 'time', atLeastS: 180 }],
    },
    {
      title: 'Try active-active',
      text: [
        "In active-active mode both regions serve their own users all the time. When eu dies, only eu's users are hurt, and only until detection and their TTL: us users never notice.",
        'The run starts again in active-active mode with the same fault script. Compare "Users by group" with the first run, or use the Compare tab to run both designs side by side.',
      ],
      restartWith: [{ path: 'regions.mode', value: 'active-active' }],
      task: 'Wait for eu to fail and dns to notice.',
      checks: [{ kind: 'log', type: 'dns-unhealthy', target: 'eu' }],
    },
  ],
};

const ASYNC_REPLICATION: Lesson = {
  id: 'async-replication',
  title: 'Replication: what an async failover loses',
  summary:
    'Kill the primary database and count acknowledged writes that vanish; then make it synchronous.',
  scenario: 'database',
  // A busy replica: it applies each write 250 ms after receiving it, so the lag (and
  // what a failover loses) is big enough to see on every run, not just on unlucky ones.
  settings: [{ path: 'database.replicaApplyDelayMs', value: 250 }],
  steps: [
    {
      title: 'A primary and two replicas',
      text: [
        'db-a1 is the primary: it takes every write and streams it to the replicas db-b1 and db-c1. With asynchronous replication it acknowledges a write before any replica has it: fast, and a little behind. Here the replicas are busy and apply each write 250 ms late; the Data tab shows their lag.',
      ],
      task: 'Let it run for 20 simulated seconds.',
      checks: [{ kind: 'time', atLeastS: 20 }],
      spotlight: {
        ids: ['db-a1->db-b1', 'db-a1->db-c1'],
        label: 'replicas lag behind',
      },
    },
    {
      title: 'Kill the primary',
      text: [
        `Automatic failover (Patroni-like) waits for the primary's leader lease to expire (${LESSON_LEASE_TTL_S} s), then promotes the most up-to-date replica.`,
      ],
      task: 'Kill db-a1 and wait for a replica to be promoted.',
      checks: [{ kind: 'metric', metric: 'failovers', atLeast: 1 }],
      solution: [{ type: 'kill', target: 'db-a1' }],
      predict: promotionLossPrediction(
        'The primary acknowledges writes before the replicas have them. When a replica is promoted, how many acknowledged writes will be lost?',
        'Whatever the replicas had not yet received when db-a1 died is gone: about write rate × replication lag.',
      ),
      pauseWhen: {
        when: { kind: 'metric', metric: 'failovers', atLeast: 1 },
        label: 'A replica has just been promoted: it is the new primary.',
      },
      spotlight: { ids: ['db-b1', 'db-c1'], label: 'one of these is promoted' },
    },
    {
      title: 'Acknowledged, then lost',
      text: [
        'Writes the old primary had acknowledged but not yet shipped are gone: users were told "saved", and it was not. This is the recovery point objective (RPO) of asynchronous replication: about write rate × replication lag.',
        'The Data tab lists the failover with its RTO (how long writes failed) and RPO (how many were lost).',
      ],
      checks: [{ kind: 'metric', metric: 'writesLost', atLeast: 1 }],
    },
    {
      title: 'Now synchronously',
      text: [
        'With synchronous replication the primary acknowledges a write only once a replica has it. The run starts again that way.',
      ],
      restartWith: [{ path: 'database.replicationMode', value: 'sync' }],
      predict: promotionLossPrediction(
        'Now the primary waits for a replica before it acknowledges. How many acknowledged writes will the failover lose?',
        'Every acknowledged write was already on a replica, and the promoted replica is the most up-to-date one.',
      ),
      task: 'Kill db-a1 again and wait for the failover.',
      checks: [
        { kind: 'metric', metric: 'failovers', atLeast: 1 },
        { kind: 'metric', metric: 'writesLost', atMost: 0 },
      ],
      solution: [{ type: 'kill', target: 'db-a1' }],
    },
    {
      title: 'The price',
      text: [
        'No acknowledged write was lost. The price is latency (every write waits for a replica) and availability (if no replica answers, writes stop). Semi-synchronous and quorum replication sit in between: try them in the Data tab.',
      ],
    },
  ],
};

const RETRY_STORM: Lesson = {
  id: 'retry-storm',
  title: 'Retries: how three polite layers make a storm',
  summary: 'Retries at every layer multiply; a retry budget or a circuit breaker stops it.',
  scenario: 'retry-storm',
  steps: [
    {
      title: 'Three layers, three tries each',
      text: [
        'Every user request charges a card at payments. The user retries up to 3 times, the balancer up to 3 times per user try, and the app server up to 3 times per balancer try. Each retry alone looks reasonable.',
        "The scenario's fault script makes payments fail every call at 0:30.",
      ],
      task: 'Wait until 0:40.',
      checks: [{ kind: 'time', atLeastS: 40 }],
    },
    {
      title: 'The storm',
      text: [
        "Now one user request can become 3 × 3 × 3 = 27 calls to payments. Load amplification (the Defences tab) counts calls per checkout: it was 1 before the failure. A service that is already struggling gets many times its normal load exactly when it can least take it, and users still wait for every layer's tries to run out.",
      ],
      checks: [{ kind: 'metric', metric: 'loadAmplification', atLeast: 5 }],
    },
    {
      title: 'A retry budget',
      text: [
        'A retry budget lets each layer retry only while retries are a small share of its requests (here a token bucket, as gRPC does). When everything fails, retries stop almost at once. The run starts again with a budget at every layer.',
      ],
      restartWith: [{ path: 'retries.budget', value: 'token-bucket' }],
      predict: {
        kind: 'choice',
        question:
          'With a retry budget at every layer, how many calls to payments will one checkout make on average by 1:00?',
        choices: [
          { label: 'Under 1.5: retries almost stop', below: 1.5 },
          { label: '1.5 to 10', atLeast: 1.5, below: 10 },
          { label: '10 or more: still a storm', atLeast: 10 },
        ],
        unit: 'calls per checkout',
        measuredWhat: 'to payments since the start (load amplification)',
        explain:
          'Each layer may retry only while retries are a small share of its calls; when every call fails, the bucket runs dry within seconds.',
        measure: (run) =>
          (run.snapshot?.nowUs ?? 0) >= 60_000_000
            ? Math.round((run.metrics?.defences.loadAmplification ?? 0) * 100) / 100
            : null,
      },
      spotlight: { ids: ['payments'], label: 'payments: calls per checkout' },
      task: 'Wait until 1:00, half a minute into the failure.',
      checks: [
        { kind: 'time', atLeastS: 60 },
        { kind: 'metric', metric: 'loadAmplification', atMost: 1.5 },
      ],
    },
    {
      title: 'Or stop calling: a circuit breaker',
      text: [
        'A circuit breaker on each app server counts failed calls; past half of them it opens and fails calls at once, without sending them, then lets a few through after a wait to see if payments is back. The run starts again with breakers on as well.',
        'Failures are still failures, but they are fast ("circuit open" in the availability panel) and payments gets room to recover.',
      ],
      restartWith: [{ path: 'breaker.enabled', value: 'on' }],
      task: 'Wait for the breakers to open after 0:30.',
      checks: [{ kind: 'metric', metric: 'circuitOpen', atLeast: 1 }],
    },
  ],
};

const GRAY_FAILURE: Lesson = {
  id: 'gray-failure',
  title: 'Gray failure: a slow server that looks healthy',
  summary:
    'One server turns slow; health checks still pass. See who notices, and which balancer copes.',
  scenario: 'one-region',
  faults: [{ atS: 10, command: { type: 'slow', target: 'app-a1', factor: 10 } }],
  steps: [
    {
      title: 'Slow, not down',
      text: [
        'At 0:10 the lesson makes app-a1 ten times slower (a full disk, a noisy neighbour, a garbage-collecting JVM). It still answers everything, just late: a gray failure.',
      ],
      task: 'Wait until 0:40.',
      checks: [
        { kind: 'slow', id: 'app-a1' },
        { kind: 'time', atLeastS: 40 },
      ],
      predict: {
        kind: 'choice',
        question:
          'app-a1 turns ten times slower at 0:10. By 0:40, how many times will lb-1 have marked it unhealthy?',
        choices: [
          { label: 'Never: it still passes its checks', below: 1 },
          { label: 'Once or more', atLeast: 1 },
        ],
        unit: 'times',
        measuredWhat: 'lb-1 marked app-a1 unhealthy by 0:40',
        explain:
          'A health check asks a cheap endpoint whether the process answers; a slow process still answers it in time.',
        measure: (run) =>
          (run.snapshot?.nowUs ?? 0) >= 40_000_000
            ? run.log.filter((e) => e.type === 'marked-unhealthy' && e.target === 'app-a1').length
            : null,
      },
      spotlight: { ids: ['app-a1'], label: 'slow, still healthy' },
    },
    {
      title: 'The checks still pass',
      text: [
        'Look at app-a1: still marked healthy. A health check asks a cheap endpoint whether the process is alive, and it is. Apart from the line about the fault itself (a real system gets no such line), the event log is quiet.',
        'The users notice. Round robin keeps sending app-a1 its sixth of the requests, so one request in six takes ten times longer: the p99 latency in the availability panel (last minute) has jumped.',
      ],
      checks: [{ kind: 'metric', metric: 'p99MsLastMinute', atLeast: 300 }],
    },
    {
      title: 'A balancer that looks at the work',
      text: [
        'Least outstanding requests sends each request to the server with the fewest requests in progress. A slow server holds its requests longer, so it gets fewer new ones. The run starts again with that algorithm and the same slow server.',
      ],
      restartWith: [{ path: 'balancer.algorithm', value: 'least-outstanding' }],
      predict: {
        kind: 'slider',
        question:
          'Round robin gave app-a1 its sixth (about 17%) of the requests. With least outstanding, what share will it get by 1:30?',
        min: 0,
        max: 30,
        step: 1,
        tolerance: 3,
        unit: '%',
        measuredWhat: 'of lb-1’s requests went to app-a1 since the start',
        explain:
          'A slow server holds each request ten times longer, so it is rarely the one with the fewest in progress.',
        measure: (run) => {
          const share = routedShare(run.snapshot, 'app-a1');
          return (run.snapshot?.nowUs ?? 0) >= 90_000_000 && share !== null
            ? Math.round(share * 1000) / 10
            : null;
        },
      },
      spotlight: { ids: ['app-a1'], label: 'fewer requests to the slow one' },
      task: 'Wait until 1:30 and compare the link to app-a1 with the other five: a link is as thick as its rate.',
      checks: [
        { kind: 'time', atLeastS: 90 },
        { kind: 'share', server: 'app-a1', atMost: 0.12 },
      ],
    },
    {
      title: 'Detection is still yours to add',
      text: [
        'app-a1 gets a smaller share now, but it is still slow and nobody has been told. Real systems add latency-based outlier detection, alerts on p99, or timeouts with retries elsewhere. Try a per-try timeout and a retry in the Defences tab, or compare round robin and least outstanding side by side in the Compare tab.',
      ],
    },
  ],
};

/**
 * Every built-in lesson, in the course's order (issue 13's course list): the Lessons
 * tab's course map, "Where to go next" and the README list follow it.
 * 1. failures are normal (health checks first: the simplest cluster, "Start here");
 * 2. redundancy and the nines; 3. automatic vs manual failover; 4. active-active vs
 * active-passive; 5. replication; 6. split brain and fencing; 7. retries;
 * 8. idempotency; 9. breakers, shedding, degradation; 10. monitoring and alerting.
 */
export const BUILTIN_LESSONS: readonly Lesson[] = [
  HEALTH_CHECKS,
  CRASH_VS_HOST_DOWN,
  GRAY_FAILURE,
  REDUNDANCY_AND_NINES,
  AUTOMATIC_VS_MANUAL_FAILOVER,
  REGION_FAILOVER,
  ASYNC_REPLICATION,
  SPLIT_BRAIN_AND_FENCING,
  RETRY_STORM,
  IDEMPOTENCY,
  CIRCUIT_BREAKERS,
  MONITORING_AND_ALERTING,
];

/** The course's lesson ids, in order. */
export const COURSE_ORDER: readonly string[] = BUILTIN_LESSONS.map((lesson) => lesson.id);

/** A built-in lesson by id, or undefined. */
export function builtinLesson(id: string): Lesson | undefined {
  return BUILTIN_LESSONS.find((lesson) => lesson.id === id);
}

/**
 * The scenario a lesson runs: its built-in scenario with the lesson's faults added to
 * the script and the given settings (the lesson's, then its restarts') applied.
 */
export function lessonScenario(lesson: Lesson, settings: readonly LessonSetting[]): Scenario {
  const scenario = builtinScenario(lesson.scenario)!;
  return scenarioWithSettings(
    { ...scenario, faults: [...scenario.faults, ...(lesson.faults ?? [])] },
    settings,
  );
}

/** A lesson's settings at a step: the lesson's own, then every restart up to that step. */
export function lessonSettings(lesson: Lesson, step: number): LessonSetting[] {
  const settings = [...(lesson.settings ?? [])];
  for (const s of lesson.steps.slice(0, step + 1)) settings.push(...(s.restartWith ?? []));
  return settings;
}
