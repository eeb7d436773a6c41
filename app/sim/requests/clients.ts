/**
 * Users (the client layer): arrivals, attempts, the client's timeout and retries, and counting each request's outcome once.
 */
import { newBudget, type World } from '../engine/world';
import {
  ARRIVAL,
  AT_BALANCER,
  CLIENT_RETRY,
  type Outcome,
  type UserRequest,
  type Attempt,
  type RetryBudgetState,
  type UserGroupState,
} from '../engine/types';
import { US_PER_MS, US_PER_S, usFromMs, type SimTimeUs } from '../engine/time';
import { formatMs } from '../output/trace';

import type { Retries } from '../mechanisms/retries';
import type { Idempotency } from '../mechanisms/idempotency';
import type { Events } from '../engine/events';
import type { Dns } from './dns';
import type { Network } from './network';

/** What createClients needs from the engine's other parts. */
export interface ClientsDeps {
  retries: Pick<Retries, 'budgetOutcome' | 'budgetRequest' | 'retryDelayUs'>;
  events: Pick<Events, 'pushAt' | 'pushTimeout'>;
  dns: Pick<Dns, 'regionFor'>;
  network: Pick<Network, 'send' | 'userHopMs'>;
  idempotency: Pick<Idempotency, 'requestFinished'>;
}

export function createClients(w: World, deps: ClientsDeps) {
  const {
    arrivalRandom,
    mixRandom,
    clientRandom,
    clientTimeouts,
    series,
    latency,
    failedBy,
    retriesBy,
    dependency,
    shareTotal,
  } = w;
  const { budgetOutcome, budgetRequest, retryDelayUs } = deps.retries;
  const { pushAt, pushTimeout } = deps.events;
  const { regionFor } = deps.dns;
  const { send, userHopMs } = deps.network;
  const { requestFinished } = deps.idempotency;
  const { tracer } = w;

  /** A user request is over: counted exactly once as succeeded, degraded or failed. */
  const finishUser = (user: UserRequest, outcome: Outcome): void => {
    if (user.done) throw new Error(`invariant: request ${user.id} finished twice`);
    user.done = true;
    if (tracer.on(user)) tracer.finished(user, outcome, w.nowUs);
    requestFinished(user);
    if (user.probe) {
      // Probes are measured apart from user requests: the service answered or not, as
      // of when the probe was sent. A failed probe learns so only at its timeout, so
      // results are recorded in send order once every earlier probe has finished.
      user.answered = outcome === 'ok' || outcome === 'degraded';
      const probes = user.group.probes;
      while (probes.length > 0 && probes[0]!.done) {
        const probe = probes.shift()!;
        user.group.uptime.recordProbe(probe.startUs, probe.answered);
      }
      return;
    }
    // Conservation: a request leaves the in-flight count exactly once (the `done` check
    // above), after it entered it (ARRIVAL counts it as soon as it starts).
    if (--w.inFlight < 0) throw new Error(`invariant: request ${user.id} was not in flight`);
    const bucket = series.at(w.nowUs);
    const group = user.group;
    if (outcome === 'ok' || outcome === 'degraded') {
      if (outcome === 'ok') {
        w.succeeded++;
        group.succeeded++;
        bucket.succeeded++;
      } else {
        w.degraded++;
        group.degraded++;
        bucket.degraded++;
      }
      const latencyUs = w.nowUs - user.startUs;
      latency.recordBoth(latencyUs, bucket.latency);
      return;
    }
    w.failed++;
    group.failed++;
    if (outcome === 'timeout') {
      group.timedOut++;
      w.firstTimeoutUs ??= w.nowUs;
    }
    failedBy[outcome]++;
    bucket.failed++;
    bucket.failedBy[outcome]++;
    const second = bucket.startS;
    if (second !== w.lastErrorSecond) {
      w.lastErrorSecond = second;
      w.errorSeconds++;
    }
    if (second !== group.lastErrorSecond) {
      group.lastErrorSecond = second;
      group.errorSeconds++;
    }
  };

  const scheduleNextArrival = (group: UserGroupState): void => {
    const ratePerS = (w.settings.traffic.arrivalRatePerS * group.share) / shareTotal;
    const gapUs = Math.max(1, Math.round(arrivalRandom.exponential(US_PER_S / ratePerS)));
    pushAt(ARRIVAL, gapUs).group = group;
  };

  /** The budget of a client of `group` picked at random (created on its first request). */
  const clientBudget = (group: UserGroupState): RetryBudgetState => {
    const clients = w.settings.client.clientsPerGroup;
    const index = clients === 1 ? 0 : Math.floor(clientRandom.next() * clients);
    const budgets = group.clientBudgets;
    // Filled up to the highest index drawn so far: the array stays dense (no holes, one
    // element kind), and a client's budget exists before any retry decision needs it.
    while (budgets.length <= index) budgets.push(newBudget());
    return budgets[index]!;
  };

  /** Creates a user request (or probe) and sends its first attempt. */
  const startUserRequest = (group: UserGroupState, probe: boolean): UserRequest => {
    const user: UserRequest = {
      id: w.nextRequestId++,
      group,
      startUs: w.nowUs,
      done: false,
      probe,
      // A probe is a synthetic user journey: it checks out whenever some users do, so a
      // dead dependency that fails every checkout shows in time-based availability.
      needsDependency:
        dependency !== null &&
        w.settings.dependency.callShare > 0 &&
        (probe || mixRandom.chance(w.settings.dependency.callShare)),
      reachedDependency: false,
      attempts: 0,
      lastBackoffMs: 0,
      budget: probe ? group.probeBudget : clientBudget(group),
      answered: false,
      charges: 0,
      chargesForgottenAtUs: Infinity,
    };
    if (probe) group.probes.push(user);
    tracer.started(user, w.nowUs);
    budgetRequest(user.budget);
    startAttempt(user);
    return user;
  };

  const startAttempt = (user: UserRequest): void => {
    user.attempts++;
    const region = regionFor(user.group);
    const attempt: Attempt = {
      user,
      startUs: w.nowUs,
      balancer: region.balancer,
      userLink: user.group.linkByRegion[region.index]!,
      done: false,
      tries: 0,
      current: null,
      lastBackoffMs: 0,
      tried: null,
    };
    if (tracer.on(user)) traceAttempt(attempt, region);
    // Before the message below, so the timeout's sequence number comes first.
    pushTimeout(clientTimeouts, usFromMs(w.settings.client.timeoutMs), attempt);
    const e = send(AT_BALANCER, user, attempt.userLink, true, userHopMs(attempt.userLink));
    if (e) e.attempt = attempt;
  };

  /** An attempt is over for the user: success ends the request, a failure may retry. */
  const attemptFinished = (attempt: Attempt, outcome: Outcome): void => {
    attempt.done = true;
    const user = attempt.user;
    budgetOutcome(user.budget, outcome === 'ok' || outcome === 'degraded');
    if (tracer.on(user)) tracer.end(attempt, w.nowUs, outcome);
    if (outcome === 'ok' || outcome === 'degraded') return finishUser(user, outcome);
    const deniedBefore = w.retriesDeniedByBudget;
    // A probe is a user journey: it retries as users do (same attempts, backoff and
    // timeout), from its own client and budget, and is counted apart from users.
    const delayUs = retryDelayUs(
      outcome,
      user.attempts,
      w.settings.retries.clientMaxAttempts,
      user.budget,
      user.lastBackoffMs,
      user.probe,
    );
    if (delayUs === null) {
      if (tracer.on(user)) {
        const why =
          w.retriesDeniedByBudget > deniedBefore
            ? 'the retry budget is spent'
            : user.attempts >= w.settings.retries.clientMaxAttempts
              ? `no attempts left (${w.settings.retries.clientMaxAttempts} allowed)`
              : `${outcome} is not retried (retry on: ${w.settings.retries.retryOn})`;
        tracer.child(
          user,
          'gave-up',
          `the client gives up: ${why}`,
          user.group.id,
          w.nowUs,
          w.nowUs,
        );
      }
      return finishUser(user, outcome);
    }
    if (tracer.on(user)) {
      tracer.child(
        user,
        'client-backoff',
        `the client backs off ${formatMs(delayUs)} before attempt ${user.attempts + 1} (${w.settings.retries.jitter} jitter)`,
        user.group.id,
        w.nowUs,
        (w.nowUs + delayUs) as SimTimeUs,
        null,
      );
    }
    user.lastBackoffMs = delayUs / US_PER_MS;
    if (!user.probe) retriesBy.client++;
    pushAt(CLIENT_RETRY, delayUs).user = user;
  };

  /** The user gives up on an attempt that has no answer yet. */
  const clientTimeout = (attempt: Attempt): void => {
    if (attempt.done) return;
    if (tracer.on(attempt.user)) {
      tracer.child(
        attempt,
        'timeout',
        `the client's timeout fires (${w.settings.client.timeoutMs} ms): it stops waiting`,
        attempt.user.group.id,
        w.nowUs,
        w.nowUs,
        'timeout',
      );
    }
    // The user closes the connection, so the balancer stops waiting for its try.
    const current = attempt.current;
    if (current && tracer.on(attempt.user)) tracer.end(current, w.nowUs, 'abandoned');
    if (current && !current.done) {
      current.done = true;
      current.target.outstanding--;
    }
    attemptFinished(attempt, 'timeout');
  };

  /** The traced request's new attempt: where DNS sent it, and the attempt's span. */
  const traceAttempt = (attempt: Attempt, region: { info: { id: string } }): void => {
    const user = attempt.user;
    const regionId = region.info.id;
    tracer.child(
      user,
      'dns',
      w.trafficManagerId
        ? `DNS answer (${w.trafficManagerId}, cached up to ${w.settings.trafficManager.dnsTtlS} s): region ${regionId}`
        : `no traffic manager: the users' home region ${regionId}`,
      regionId,
      w.nowUs,
      w.nowUs,
    );
    tracer.child(
      user,
      'attempt',
      `attempt ${user.attempts} to ${attempt.balancer.info.id}`,
      attempt.balancer.info.id,
      w.nowUs,
      null,
      null,
      attempt,
    );
  };

  return { scheduleNextArrival, startUserRequest, startAttempt, attemptFinished, clientTimeout };
}

export type Clients = ReturnType<typeof createClients>;
