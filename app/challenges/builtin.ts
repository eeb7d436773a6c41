/** The challenges that ship with Nines. Their known solutions live in the tests only. */
import {
  CHECKOUT,
  DATABASE,
  OVERLOAD,
  RETRY_STORM,
  SPLIT_BRAIN,
  ZONE_OVERLOAD,
} from '../scenarios';
import type { Challenge } from './challenge';

const SEEDS = [1, 2, 3];

export const ZONE_OUTAGE_CHALLENGE: Challenge = {
  id: 'zone-outage',
  title: 'Survive a zone outage',
  brief:
    'Six servers in three zones carry 840 requests a second, 70% of their capacity. Something will go wrong during the run. Keep availability at 99% or better without adding servers: you may give each server more workers (at most 6) and tune health checks and balancer retries.',
  scenario: ZONE_OVERLOAD,
  fixed: [],
  allowed: [
    { path: 'server.workers', max: 6 },
    { path: 'healthCheck.intervalMs', min: 1000 },
    { path: 'healthCheck.unhealthyThreshold' },
    { path: 'balancer.perTryTimeoutMs' },
    { path: 'retries.balancerMaxAttempts', max: 2 },
  ],
  budget:
    'the same 6 servers; at most 6 workers each (36 in all); health checks at most once a second; at most 2 balancer attempts',
  faults: [{ atS: 50, command: { type: 'kill-zone', target: 'eu-b' } }],
  durationS: 120,
  goals: [{ kind: 'availability', atLeast: 0.99 }],
  seeds: SEEDS,
};

export const RETRY_STORM_CHALLENGE: Challenge = {
  id: 'retry-storm',
  title: 'Stop the retry storm',
  brief:
    'Every request charges a card at the payments service, and users, the balancer and the app servers each try 3 times. When payments has trouble, keep the calls it receives to at most 2 per user request, without adding servers and without giving up retries entirely.',
  scenario: RETRY_STORM,
  fixed: [],
  allowed: [
    { path: 'retries.budget' },
    { path: 'retries.budgetPercent' },
    { path: 'retries.jitter' },
    { path: 'retries.backoffBaseMs' },
    { path: 'retries.backoffCapMs' },
    { path: 'breaker.enabled' },
  ],
  budget: 'no more servers or workers; every layer keeps its 3 attempts',
  faults: [{ atS: 25, command: { type: 'errors', target: 'payments', percent: 100 } }],
  durationS: 70,
  goals: [{ kind: 'loadAmplification', atMost: 2 }],
  seeds: SEEDS,
};

export const DISK_FAILURE_CHALLENGE: Challenge = {
  id: 'disk-failure',
  title: "Lose no write when the primary's disk fails",
  brief:
    'Half of 300 requests a second write to a database with a primary and two replicas. Something will happen to the database. Lose no acknowledged write: choose how writes are replicated.',
  scenario: DATABASE,
  fixed: [{ path: 'traffic.arrivalRatePerS', value: 300 }],
  allowed: [
    { path: 'database.replicationMode' },
    { path: 'database.quorumW' },
    { path: 'database.semiSyncTimeoutMs' },
  ],
  budget: 'the same three database nodes',
  faults: [{ atS: 40, command: { type: 'disk-fail', target: 'db-a1' } }],
  durationS: 90,
  goals: [{ kind: 'writesLost', atMost: 0 }],
  seeds: SEEDS,
};

export const SPLIT_BRAIN_CHALLENGE: Challenge = {
  id: 'split-brain',
  title: 'Two primaries, one truth',
  brief:
    'A replicated database with automatic failover. The network will misbehave. Make sure there is only ever one primary taking writes: no write may be accepted by an old primary once a new one has been promoted.',
  scenario: SPLIT_BRAIN,
  fixed: [],
  allowed: [
    { path: 'database.fencing' },
    { path: 'database.leaseTtlMs' },
    { path: 'database.loopWaitMs' },
    { path: 'database.retryTimeoutMs' },
  ],
  budget: 'the same three database nodes, asynchronous replication',
  faults: [
    { atS: 35, command: { type: 'isolate', target: 'db-a1' } },
    { atS: 110, command: { type: 'restore', target: 'db-a1' } },
  ],
  durationS: 150,
  goals: [{ kind: 'splitBrainWrites', atMost: 0 }],
  seeds: SEEDS,
};

export const GRAY_FAILURE_CHALLENGE: Challenge = {
  id: 'gray-failure',
  title: 'A server that lies to its health checks',
  brief:
    'Six servers behind one balancer. One of them will start failing in a way its health checks do not see. Keep availability at 99.5% or better without adding servers.',
  scenario: CHECKOUT,
  fixed: [{ path: 'traffic.arrivalRatePerS', value: 200 }],
  allowed: [
    { path: 'outlier.enabled' },
    { path: 'outlier.consecutive5xx' },
    { path: 'outlier.baseEjectionTimeMs' },
    { path: 'healthCheck.intervalMs', min: 1000 },
    { path: 'healthCheck.unhealthyThreshold' },
  ],
  budget: 'the same 6 servers; no retries',
  faults: [{ atS: 20, command: { type: 'errors', target: 'app-b1', percent: 60 } }],
  durationS: 90,
  goals: [{ kind: 'availability', atLeast: 0.995 }],
  seeds: SEEDS,
};

export const OVERLOAD_CHALLENGE: Challenge = {
  id: 'traffic-spike',
  title: 'Stay fast through a traffic spike',
  brief:
    'Six servers carry 900 requests a second, 75% of their capacity. Traffic will change. Keep the p99 latency of the requests you do answer under 500 ms, without adding servers or workers.',
  scenario: OVERLOAD,
  fixed: [{ path: 'traffic.arrivalRatePerS', value: 900 }],
  allowed: [
    { path: 'server.shedding' },
    { path: 'server.queueLimit' },
    { path: 'client.timeoutMs', min: 1000 },
  ],
  budget: 'the same 6 servers with 4 workers each; users wait at least 1 s',
  faults: [{ atS: 20, command: { type: 'rate', perS: 1800 } }],
  durationS: 60,
  goals: [{ kind: 'p99', atMostMs: 500 }],
  seeds: SEEDS,
};

export const CHALLENGES: readonly Challenge[] = [
  ZONE_OUTAGE_CHALLENGE,
  RETRY_STORM_CHALLENGE,
  DISK_FAILURE_CHALLENGE,
  SPLIT_BRAIN_CHALLENGE,
  GRAY_FAILURE_CHALLENGE,
  OVERLOAD_CHALLENGE,
];

/** A challenge by id, or undefined. */
export function challengeById(id: string): Challenge | undefined {
  return CHALLENGES.find((c) => c.id === id);
}
