/**
 * The discrete-event engine. A user request is a chain of events: the client's
 * attempts, the balancer's tries on servers, a server's calls to its dependency, and
 * the replies back. Health checks, DNS checks, probes, the per-second tick and
 * scheduled commands are events too. `runUntil` is pure stepping: only app/driver
 * decides when to call it.
 *
 * Layers, each with its own timeout, retries, backoff and budget:
 *   users --attempt--> balancer --try--> app server --call--> dependency (payments)
 */
import { requestAvailability } from './availability';
import {
  ARRIVAL,
  AT_BALANCER,
  AT_SERVER,
  SERVICE_DONE,
  REPLY_AT_BALANCER,
  REPLY_AT_USER,
  CHECK_SEND,
  CHECK_RESULT,
  COMMAND,
  DROPPED,
  FLAP_TOGGLE,
  DNS_CHECK,
  PROBE,
  SECOND_TICK,
  TRY_TIMEOUT,
  AT_DEPENDENCY,
  DEPENDENCY_DONE,
  DEPENDENCY_REPLY,
  DEPENDENCY_TIMEOUT,
  CLIENT_RETRY,
  BALANCER_RETRY,
  SERVER_RETRY,
  CALLBACK,
  COMMAND_PHASE,
  TICK_PHASE,
  CHECK_PROCESSING_US,
  DNS_CACHES_PER_GROUP,
  DELIVERED_MAX,
  SIDE_EFFECT_MEMORY_US,
  newBudget,
  outlierOptions,
  createWorld,
  type Outcome,
  type SimEvent,
  type LinkState,
  type UserRequest,
  type Attempt,
  type Try,
  type DependencyCall,
  type Work,
  type RetryBudgetState,
  type UserGroupState,
  type RegionState,
  type ServerState,
  type TargetState,
  type BalancerState,
} from './engine/world';
import type {
  ActionType,
  ApplyResult,
  Simulation,
  SimulationInput,
  SimulationOptions,
} from './simulationTypes';
import { objectArray } from './arrays';
import { backoffDelayMs } from './backoff';
import {
  leastOutstandingPick,
  powerOfTwoChoicesPick,
  roundRobinPick,
  weightedLeastRequestPick,
  weightedRandomPick,
  weightedRoundRobinPick,
  randomPick,
} from './balancing';
import {
  createAlertEvaluator,
  DEFAULT_ALERT_RULES,
  type AlertEvaluator,
  type AlertRecord,
} from './burnRateAlerts';
import {
  breakerAcquire,
  breakerRecord,
  breakerState,
  createBreaker,
  type BreakerTransition,
  type CircuitBreaker,
} from './circuitBreaker';
import { actionSpec, describeCommand, type Command } from './commands';
import {
  createDatabase,
  type Database,
  type DatabaseAction,
  type DatabaseContext,
  type DatabaseOptions,
} from './database';
import { validateDatabaseOptions } from './databaseOptions';
import { entryBeforeEvent } from './eventQueue';
import type { LogCategory } from './log';
import {
  createOutlierDetector,
  outlierEjectedCount,
  outlierIsEjected,
  outlierRecord,
} from './outlierDetection';
import { tokenBucketAllowsRetry, tokenBucketRecord } from './retryBudget';
import { retryRatioRecordRequest, retryRatioTryRetry } from './retryRatioBudget';
import { FAILURE_REASONS, type FailureReason, type SeriesBucket } from './series';
import { getSetting, validateSetting, withSetting, type Settings } from './settings';
import { budgetBurntFraction, burnRate, errorRate } from './slo';
import type {
  BreakerView,
  ComponentView,
  LinkView,
  MessageView,
  Metrics,
  SeriesPoint,
  Snapshot,
  TargetView,
  UserGroupMetrics,
} from './snapshot';
import { sFromUs, US_PER_MS, US_PER_S, usFromMs, usFromS } from './time';
import { linkId } from './topology';

/** What the engine needs to run: the cloud's shape, its settings and a fault script. */
export * from './simulationTypes';

/** Creates a simulation of `input` seeded with `options.seed`. */
export function createSimulation(input: SimulationInput, options: SimulationOptions): Simulation {
  const w = createWorld(input, options);
  const {
    seed,
    trackMessages,
    maxLogEntries,
    topology,
    componentInfos,
    linkInfos,
    componentById,
    trafficManagerId,
    arrivalRandom,
    serviceRandom,
    networkRandom,
    routingRandom,
    checkRandom,
    dnsRandom,
    mixRandom,
    databaseRandom,
    databaseNetworkRandom,
    retryRandom,
    clientRandom,
    faultRandom,
    queue,
    clientTimeouts,
    inTransit,
    delivered,
    series,
    latency,
    serverTimeHistogram,
    dependencyTimeHistogram,
    logEntries,
    applied,
    failedBy,
    retriesBy,
    chargeExpiry,
    chargeExpiryUs,
    links,
    servers,
    zones,
    regions,
    balancers,
    targetsByServer,
    dependency,
    regionList,
    groups,
    shareTotal,
    eventPool,
  } = w;

  // ---- helpers ----
  /**
   * Every event has the same fields in the same order, so V8 keeps one hidden class.
   * `timeUs` starts as NaN and is set after: the literal's first value fixes how V8
   * stores the field, and simulated times outgrow small integers at 2^30 us (~18
   * simulated minutes). Begun as a small integer, the field changed representation
   * mid-run, which threw the optimised event loop away in that run and again at the
   * start of the next one (measured: the benchmark's second hour ran slower than its
   * third).
   */
  const newEvent = (type: number, timeUs: number): SimEvent => {
    const e = blankEvent(type);
    e.timeUs = timeUs;
    return e;
  };
  const blankEvent = (type: number): SimEvent => ({
    timeUs: NaN,
    phase: 0,
    seq: 0,
    type,
    user: undefined,
    attempt: undefined,
    try_: undefined,
    call: undefined,
    group: undefined,
    target: undefined,
    server: undefined,
    region: undefined,
    outcome: undefined,
    epoch: undefined,
    probe: undefined,
    command: undefined,
    from: undefined,
    to: undefined,
    sentUs: undefined,
    lostKind: undefined,
    fn: undefined,
  });

  /**
   * Handled events, cleared, for `makeEvent` to reuse: a request makes about seven
   * events, and allocating them was most of the engine's garbage. Reuse is safe because
   * nothing keeps an event once it has been handled: the queue has popped it, the
   * in-transit set has dropped it (message views are copies), and handlers only read
   * the event they are given (they keep its payload, never the event). `runUntil`
   * releases each event right after handling it.
   */

  /** Clears every payload field (no stale reference is kept or read) and pools the event. */
  const releaseEvent = (e: SimEvent): void => {
    e.user = undefined;
    e.attempt = undefined;
    e.try_ = undefined;
    e.call = undefined;
    e.group = undefined;
    e.target = undefined;
    e.server = undefined;
    e.region = undefined;
    e.outcome = undefined;
    e.epoch = undefined;
    e.probe = undefined;
    e.command = undefined;
    e.from = undefined;
    e.to = undefined;
    e.sentUs = undefined;
    e.lostKind = undefined;
    e.fn = undefined;
    eventPool.push(e);
  };

  /** A blank event of `type` at `timeUs`, as `newEvent` makes: pooled when one is free. */
  const makeEvent = (type: number, timeUs: number): SimEvent => {
    const e = eventPool.pop();
    if (e === undefined) return newEvent(type, timeUs);
    e.timeUs = timeUs;
    e.phase = 0;
    e.seq = 0;
    e.type = type;
    return e;
  };

  const push = (event: SimEvent): void => {
    queue.push(event);
  };
  const pushAt = (type: number, delayUs: number): SimEvent => {
    const e = makeEvent(type, w.nowUs + Math.max(0, Math.round(delayUs)));
    push(e);
    return e;
  };

  const hopUs = (baseMs: number, random = networkRandom): number => {
    const jitter = baseMs * w.settings.network.jitterFraction * random.next();
    return Math.max(1, Math.round((baseMs + jitter) * US_PER_MS));
  };
  const regionHopMs = (): number => w.settings.network.inRegionLatencyMs;
  const userHopMs = (link: LinkState): number =>
    link.info.scope === 'cross-region'
      ? w.settings.network.crossRegionLatencyMs
      : w.settings.network.userLatencyMs;

  /** Whether a message crossing `link` in this direction is lost (cut, or unlucky under loss). */
  const lostOn = (link: LinkState, forward: boolean, random = networkRandom): boolean =>
    (forward ? link.cutForward : link.cutBackward) || random.chance(link.lossFraction);

  const kindOf = (forward: boolean, outcome: Outcome | undefined): MessageView['kind'] =>
    forward
      ? 'request'
      : outcome === 'ok'
        ? 'reply'
        : outcome === 'degraded'
          ? 'degraded'
          : 'error';

  /**
   * Sends a message for `user` across `link` (forward = from the link's `from` end).
   * Returns the arrival event for the caller to fill in, or null when the message is
   * lost; a lost message is drawn up to the link's middle, then vanishes.
   */
  const send = (
    type: number,
    user: UserRequest,
    link: LinkState,
    forward: boolean,
    baseMs: number,
    outcome?: Outcome,
  ): SimEvent | null => {
    const latencyUs = hopUs(baseMs + link.addedLatencyMs);
    const from = forward ? link.info.from : link.info.to;
    const to = forward ? link.info.to : link.info.from;
    if (lostOn(link, forward)) {
      if (trackMessages) {
        const lost = makeEvent(DROPPED, w.nowUs + Math.max(1, latencyUs >> 1));
        lost.user = user;
        lost.from = from;
        lost.to = to;
        lost.sentUs = w.nowUs;
        lost.lostKind = kindOf(forward, outcome);
        push(lost);
        inTransit.add(lost);
      }
      return null;
    }
    const e = makeEvent(type, w.nowUs + latencyUs);
    e.user = user;
    e.outcome = outcome;
    e.from = from;
    e.to = to;
    e.sentUs = w.nowUs;
    push(e);
    if (trackMessages) inTransit.add(e);
    return e;
  };

  const log = (type: string, target: string, category: LogCategory, message: string): void => {
    logEntries.push({
      index: w.logDropped + logEntries.length,
      atUs: w.nowUs,
      type,
      target,
      category,
      message,
    });
    if (logEntries.length > maxLogEntries) {
      logEntries.shift();
      w.logDropped++;
    }
  };

  const serverAlive = (server: ServerState): boolean =>
    server.hostUp && (server.zone === null || (!server.zone.down && !server.zone.region.down));

  const countsAsGood = (outcome: 'ok' | 'degraded'): boolean =>
    outcome === 'ok' || w.settings.degradation.countsAsAvailable === 'on';

  /** A user request is over: counted exactly once as succeeded, degraded or failed. */
  const finishUser = (user: UserRequest, outcome: Outcome): void => {
    if (user.done) throw new Error(`invariant: request ${user.id} finished twice`);
    user.done = true;
    if (user.needsDependency) {
      chargeExpiry.push(user);
      chargeExpiryUs.push(w.nowUs + SIDE_EFFECT_MEMORY_US);
    }
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
      latency.record(latencyUs);
      bucket.latency.record(latencyUs);
      return;
    }
    w.failed++;
    group.failed++;
    if (outcome === 'timeout') group.timedOut++;
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

  // ---- retries: policy, backoff and budgets, shared by the three layers ----
  const retryableReason = (reason: FailureReason): boolean =>
    w.settings.retries.retryOn === 'all' ||
    reason === 'refused' ||
    reason === 'timeout' ||
    reason === 'error';

  /** Counts a first attempt at a layer (the budget's denominator). */
  const budgetRequest = (budget: RetryBudgetState): void => {
    retryRatioRecordRequest(budget.ratio, w.nowUs);
  };
  /** Feeds the token bucket with each attempt's result (gRPC: failure -1, success +0.1). */
  const budgetOutcome = (budget: RetryBudgetState, ok: boolean): void => {
    tokenBucketRecord(budget.bucket, !ok);
  };
  /** Whether a retry is allowed now by the configured budget; counts it if so. */
  const budgetAllowsRetry = (budget: RetryBudgetState): boolean => {
    switch (w.settings.retries.budget) {
      case 'none':
        return true;
      case 'percent':
        return retryRatioTryRetry(budget.ratio, w.nowUs, w.settings.retries.budgetPercent);
      case 'token-bucket':
        return tokenBucketAllowsRetry(budget.bucket);
    }
  };

  /**
   * Decides whether a layer retries after a failure: attempts left, a retryable
   * reason and budget room. Returns the backoff in microseconds, or null.
   */
  const retryDelayUs = (
    reason: FailureReason,
    attemptsSoFar: number,
    maxAttempts: number,
    budget: RetryBudgetState,
    previousBackoffMs: number,
    probe = false,
  ): number | null => {
    if (attemptsSoFar >= maxAttempts || !retryableReason(reason)) return null;
    if (!budgetAllowsRetry(budget)) {
      if (!probe) w.retriesDeniedByBudget++; // probes are counted apart from users
      return null;
    }
    const backoffMs = backoffDelayMs(
      {
        baseMs: w.settings.retries.backoffBaseMs,
        capMs: w.settings.retries.backoffCapMs,
        jitter: w.settings.retries.jitter,
      },
      attemptsSoFar,
      previousBackoffMs,
      retryRandom,
    );
    return Math.round(backoffMs * US_PER_MS);
  };

  // ---- users (client layer) ----
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
    };
    if (probe) group.probes.push(user);
    budgetRequest(user.budget);
    startAttempt(user);
    return user;
  };

  const startAttempt = (user: UserRequest): void => {
    user.attempts++;
    const region = regionFor(user.group);
    const attempt: Attempt = {
      user,
      balancer: region.balancer,
      userLink: user.group.links.get(region.info.id)!,
      done: false,
      tries: 0,
      current: null,
      lastBackoffMs: 0,
      tried: null,
    };
    // The timeout takes its sequence number now, before the message below, as an event
    // pushed here would: ties at the same microsecond break the same way.
    clientTimeouts.push(w.nowUs + usFromMs(w.settings.client.timeoutMs), queue.takeSeq(), attempt);
    const e = send(AT_BALANCER, user, attempt.userLink, true, userHopMs(attempt.userLink));
    if (e) e.attempt = attempt;
  };

  /** An attempt is over for the user: success ends the request, a failure may retry. */
  const attemptFinished = (attempt: Attempt, outcome: Outcome): void => {
    attempt.done = true;
    const user = attempt.user;
    budgetOutcome(user.budget, outcome === 'ok' || outcome === 'degraded');
    if (outcome === 'ok' || outcome === 'degraded') return finishUser(user, outcome);
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
    if (delayUs === null) return finishUser(user, outcome);
    user.lastBackoffMs = delayUs / US_PER_MS;
    if (!user.probe) retriesBy.client++;
    pushAt(CLIENT_RETRY, delayUs).user = user;
  };

  // ---- balancers ----
  /** Healthy targets, recomputed only when a health verdict or a weight changes. */
  const eligibleTargets = (balancer: BalancerState): TargetState[] => {
    if (balancer.eligible) return balancer.eligible;
    const healthy = balancer.targets.filter((t) => t.healthy && t.weight > 0);
    const live = balancer.targets.filter((t) => t.weight > 0);
    // Envoy's panic threshold; at 0 this is AWS ALB's fail-open when none is healthy.
    const panic =
      healthy.length === 0 ||
      (healthy.length / Math.max(1, live.length)) * 100 < w.settings.balancer.panicThresholdPercent;
    if (panic !== balancer.failingOpen) {
      balancer.failingOpen = panic;
      if (panic) {
        log(
          'fail-open',
          balancer.info.id,
          'detection',
          healthy.length === 0
            ? `${balancer.info.id} has no healthy targets: failing open, routing to all ${live.length} (as AWS ALB does)`
            : `${balancer.info.id} has only ${healthy.length} of ${live.length} targets healthy, below the ${w.settings.balancer.panicThresholdPercent}% panic threshold: routing to all (as Envoy does)`,
        );
      } else {
        log(
          'fail-open-ended',
          balancer.info.id,
          'detection',
          `${balancer.info.id} has enough healthy targets again`,
        );
      }
    }
    balancer.eligible = panic ? live : healthy;
    return balancer.eligible;
  };

  /** Whether any candidate has a weight other than 1 (a loop: no closure per pick). */
  const anyWeighted = (candidates: readonly TargetState[]): boolean => {
    for (let i = 0; i < candidates.length; i++) if (candidates[i]!.weight !== 1) return true;
    return false;
  };

  /**
   * A target for a try. `tried` lists the hosts this attempt already tried: a retry
   * goes to a host not yet tried while there is one, as Envoy's
   * `retry_host_predicate: previous_hosts` does (HAProxy `option redispatch` and nginx
   * `proxy_next_upstream` also move on). Skipping only the last host is not enough: a
   * dead host that fails fast has nothing in flight, so least-outstanding picks it again
   * on the next retry. When every candidate was tried, any may be picked.
   */
  const pickTarget = (
    balancer: BalancerState,
    tried: readonly TargetState[] | null,
  ): TargetState => {
    let candidates = eligibleTargets(balancer);
    if (
      w.settings.outlier.enabled === 'on' &&
      outlierEjectedCount(balancer.outliers, w.nowUs) > 0
    ) {
      const kept = candidates.filter((t) => !outlierIsEjected(balancer.outliers, t.id, w.nowUs));
      if (kept.length > 0) candidates = kept;
    }
    if (candidates.length === 0) candidates = balancer.targets;
    if (tried !== null) {
      const untried = candidates.filter((t) => !tried.includes(t));
      if (untried.length > 0) {
        // Round robin reselects as Envoy's retry predicate does: take the next host in
        // the rotation until one was not tried, so the cursor keeps counting over the
        // whole list (picking from the shorter list would skip or repeat live hosts).
        if (w.settings.balancer.algorithm === 'round-robin' && !anyWeighted(candidates)) {
          for (let i = 0; i < candidates.length; i++) {
            const next = roundRobinPick(candidates, balancer.cursor)!;
            if (!tried.includes(next)) return next;
          }
        }
        candidates = untried;
      }
    }
    const weighted = anyWeighted(candidates);
    let picked: TargetState | undefined;
    switch (w.settings.balancer.algorithm) {
      case 'least-outstanding':
        picked = weighted
          ? weightedLeastRequestPick(candidates, balancer.weighted, routingRandom)
          : leastOutstandingPick(candidates, routingRandom);
        break;
      case 'power-of-two':
        picked = weighted
          ? weightedLeastRequestPick(candidates, balancer.weighted, routingRandom)
          : powerOfTwoChoicesPick(candidates, routingRandom);
        break;
      case 'random':
        picked = weighted
          ? weightedRandomPick(candidates, routingRandom)
          : randomPick(candidates, routingRandom);
        break;
      default:
        picked = weighted
          ? weightedRoundRobinPick(candidates, balancer.weighted)
          : roundRobinPick(candidates, balancer.cursor);
    }
    return picked ?? candidates[0]!;
  };

  const startTry = (attempt: Attempt): void => {
    const previous = attempt.current;
    if (previous !== null) (attempt.tried ??= []).push(previous.target);
    const target = pickTarget(attempt.balancer, attempt.tried);
    const try_: Try = { attempt, target, done: false, atServerUs: 0, dependencyBackoffMs: 0 };
    attempt.tries++;
    attempt.current = try_;
    if (attempt.tries === 1) budgetRequest(attempt.balancer.budget);
    target.outstanding++;
    target.routed++;
    w.serverTries++;
    if (w.settings.balancer.perTryTimeoutMs > 0) {
      pushAt(TRY_TIMEOUT, usFromMs(w.settings.balancer.perTryTimeoutMs)).try_ = try_;
    }
    const e = send(AT_SERVER, attempt.user, target.link, true, regionHopMs());
    if (e) e.try_ = try_;
  };

  /** The balancer has this try's result (an answer, or its own per-try timeout). */
  const tryFinished = (try_: Try, outcome: Outcome): void => {
    try_.done = true;
    try_.target.outstanding--;
    const attempt = try_.attempt;
    const balancer = attempt.balancer;
    const ok = outcome === 'ok' || outcome === 'degraded';
    budgetOutcome(balancer.budget, ok);
    if (w.settings.outlier.enabled === 'on') {
      const event = outlierRecord(
        balancer.outliers,
        try_.target.id,
        !ok,
        w.nowUs,
        balancer.targets.length,
      );
      if (event?.type === 'ejected') {
        log(
          'ejected',
          try_.target.id,
          'detection',
          `${balancer.info.id} ejected ${try_.target.id} for ${event.ejectionMs / 1000} s after ${w.settings.outlier.consecutive5xx} consecutive failures (outlier detection)`,
        );
      }
    }
    if (attempt.done) return; // the user already gave up on this attempt
    if (!ok) {
      const delayUs = retryDelayUs(
        outcome,
        attempt.tries,
        w.settings.retries.balancerMaxAttempts,
        balancer.budget,
        attempt.lastBackoffMs,
      );
      if (delayUs !== null) {
        attempt.lastBackoffMs = delayUs / US_PER_MS;
        retriesBy.balancer++;
        pushAt(BALANCER_RETRY, delayUs).attempt = attempt;
        return;
      }
    }
    const e = send(
      REPLY_AT_USER,
      attempt.user,
      attempt.userLink,
      false,
      userHopMs(attempt.userLink),
      outcome,
    );
    if (e) e.attempt = attempt;
  };

  // ---- app servers and the dependency ----
  const startWork = (server: ServerState, work: Work): void => {
    server.inService.push(work);
    const meanMs =
      server === dependency
        ? w.settings.dependency.serviceTimeMsMean
        : w.settings.server.serviceTimeMsMean;
    const serviceUs = Math.max(
      1,
      Math.round(serviceRandom.exponential(meanMs * US_PER_MS * server.slowFactor)),
    );
    const e = pushAt(server === dependency ? DEPENDENCY_DONE : SERVICE_DONE, serviceUs);
    e.server = server;
    e.epoch = server.epoch;
    if (server === dependency) e.call = work as DependencyCall;
    else e.try_ = work as Try;
  };

  /** Removes `work` from a server's in-service list, keeping the others in order. */
  const removeInService = (inService: Work[], work: Work): void => {
    const last = inService.length - 1;
    let i = inService.indexOf(work);
    if (i < 0) return;
    for (; i < last; i++) inService[i] = inService[i + 1]!;
    inService.pop();
  };

  /** Frees a worker and starts the next queued work. */
  const releaseWorker = (server: ServerState, work: Work): void => {
    removeInService(server.inService, work);
    server.served++;
    const workers =
      server === dependency ? w.settings.dependency.workers : w.settings.server.workers;
    while (server.inService.length < workers && server.queueHead < server.queue.length) {
      startWork(server, server.queue[server.queueHead++]!);
    }
    if (server.queueHead > 1024 && server.queueHead * 2 > server.queue.length) {
      server.queue = server.queue.slice(server.queueHead);
      server.queueHead = 0;
    }
  };

  const admit = (server: ServerState, work: Work): void => {
    const workers =
      server === dependency ? w.settings.dependency.workers : w.settings.server.workers;
    if (server.inService.length < workers) startWork(server, work);
    else server.queue.push(work);
  };

  const replyFromServer = (try_: Try, outcome: Outcome): void => {
    const e = send(
      REPLY_AT_BALANCER,
      try_.attempt.user,
      try_.target.link,
      false,
      regionHopMs(),
      outcome,
    );
    if (e) e.try_ = try_;
    // A finished answer lost on the wire (one-way cut, loss) is work nobody receives.
    else if (outcome === 'ok' || outcome === 'degraded') try_.target.server.wastedWork++;
  };

  const replyFromDependency = (call: DependencyCall, outcome: Outcome): void => {
    const e = send(
      DEPENDENCY_REPLY,
      call.try_.attempt.user,
      dependencyLink(call.server),
      false,
      w.settings.dependency.latencyMs,
      outcome,
    );
    if (e) e.call = call;
    else if (outcome === 'ok') dependency!.wastedWork++;
  };

  const dependencyLink = (server: ServerState): LinkState => server.dependencyLink!;

  /** A server finished its own part of a try: call the dependency, then the database, then answer. */
  const serviceDone = (server: ServerState, try_: Try): void => {
    if (try_.attempt.user.needsDependency && dependency) return callDependency(server, try_, 1);
    databaseStep(server, try_, 'ok');
  };

  /**
   * Each request reads or writes one key (a write with probability `writeShare`);
   * the worker waits for the database. A degraded answer from the payments step stays
   * degraded when the database succeeds.
   */
  const databaseStep = (server: ServerState, try_: Try, outcome: 'ok' | 'degraded'): void => {
    if (!database) return completeTry(server, try_, outcome);
    const epoch = server.epoch;
    const key = mixRandom.int(w.settings.database.keys);
    const finish = (ok: boolean): void => {
      if (server.epoch !== epoch) return; // the server died meanwhile; its work is gone
      completeTry(server, try_, ok ? outcome : 'error');
    };
    // A probe writes whenever some users do (a journey through every step, see
    // `startUserRequest`), so a database that cannot take writes shows as down.
    const writes = try_.attempt.user.probe
      ? w.settings.database.writeShare > 0
      : mixRandom.chance(w.settings.database.writeShare);
    if (writes) {
      database.write(server.info.id, key, (ok) => finish(ok));
    } else {
      database.read(server.info.id, key, (ok) => finish(ok));
    }
  };

  const completeTry = (server: ServerState, try_: Try, outcome: Outcome): void => {
    if (try_.done) server.wastedWork++;
    serverTimeHistogram.record(w.nowUs - try_.atServerUs);
    releaseWorker(server, try_);
    replyFromServer(try_, outcome);
  };

  const breakerFor = (server: ServerState): CircuitBreaker | null => {
    if (w.settings.breaker.enabled !== 'on') return null;
    server.breaker ??= createBreaker({
      failureRateThresholdPercent: w.settings.breaker.failureRateThresholdPercent,
      slidingWindowSize: w.settings.breaker.slidingWindowSize,
      minimumNumberOfCalls: w.settings.breaker.minimumNumberOfCalls,
      waitDurationInOpenStateMs: w.settings.breaker.waitDurationInOpenStateMs,
      permittedNumberOfCallsInHalfOpenState:
        w.settings.breaker.permittedNumberOfCallsInHalfOpenState,
      slowCallRateThresholdPercent: w.settings.breaker.slowCallRateThresholdPercent,
      slowCallDurationThresholdMs: w.settings.breaker.slowCallDurationThresholdMs,
    });
    return server.breaker;
  };

  const logBreaker = (server: ServerState, transition: BreakerTransition | null): void => {
    if (!transition) return;
    server.breakerTransitions++;
    log(
      'breaker',
      server.info.id,
      transition.to === 'CLOSED' ? 'recovery' : transition.to === 'OPEN' ? 'fault' : 'info',
      `${server.info.id}'s circuit breaker on ${dependency!.info.id}: ${transition.from} -> ${transition.to} (${transition.reason})`,
    );
  };

  const callDependency = (server: ServerState, try_: Try, n: number): void => {
    const breaker = breakerFor(server);
    if (breaker) {
      const { permitted, transition } = breakerAcquire(breaker, w.nowUs);
      logBreaker(server, transition);
      if (!permitted) return dependencyFailed(server, try_, 'circuit-open', n);
    }
    if (n === 1) budgetRequest(server.budget);
    const call: DependencyCall = {
      try_,
      server,
      n,
      done: false,
      startUs: w.nowUs,
      epoch: server.epoch,
    };
    // Load amplification is per user request: probes' calls are counted apart.
    const caller = try_.attempt.user;
    if (caller.probe) w.probeDependencyAttempts++;
    else {
      w.dependencyAttempts++;
      if (!caller.reachedDependency) {
        caller.reachedDependency = true;
        w.usersReachingDependency++;
      }
    }
    pushAt(DEPENDENCY_TIMEOUT, usFromMs(w.settings.dependency.timeoutMs)).call = call;
    const e = send(
      AT_DEPENDENCY,
      try_.attempt.user,
      dependencyLink(server),
      true,
      w.settings.dependency.latencyMs,
    );
    if (e) e.call = call;
  };

  /** The server has its answer from the dependency (or its own timeout fired). */
  const dependencyResult = (call: DependencyCall, outcome: Outcome): void => {
    call.done = true;
    const server = call.server;
    const ok = outcome === 'ok';
    const durationMs = (w.nowUs - call.startUs) / US_PER_MS;
    dependencyTimeHistogram.record(w.nowUs - call.startUs);
    budgetOutcome(server.budget, ok);
    const breaker = breakerFor(server);
    if (breaker) logBreaker(server, breakerRecord(breaker, w.nowUs, { failed: !ok, durationMs }));
    if (ok) return databaseStep(server, call.try_, 'ok');
    dependencyFailed(server, call.try_, outcome as FailureReason, call.n);
  };

  /** A dependency call failed: retry, fall back to a degraded answer, or fail. */
  const dependencyFailed = (
    server: ServerState,
    try_: Try,
    reason: FailureReason,
    n: number,
  ): void => {
    const delayUs = retryDelayUs(
      reason,
      n,
      w.settings.retries.serverMaxAttempts,
      server.budget,
      try_.dependencyBackoffMs,
    );
    if (delayUs !== null) {
      try_.dependencyBackoffMs = delayUs / US_PER_MS;
      retriesBy.server++;
      const e = pushAt(SERVER_RETRY, delayUs);
      e.server = server;
      e.try_ = try_;
      e.epoch = server.epoch;
      e.probe = n + 1;
      return;
    }
    if (w.settings.degradation.enabled === 'on') return databaseStep(server, try_, 'degraded');
    // The app answers 503 when its breaker is open, 502 when the dependency failed.
    completeTry(server, try_, reason === 'circuit-open' ? 'circuit-open' : 'error');
  };

  /** The dependency did a charge: once per user request unless keys are off and it is a retry. */
  const chargeCard = (user: UserRequest): void => {
    if (user.probe) return; // a probe's checkout uses a test card: no customer is charged
    const done = user.charges;
    if (done > 0 && w.settings.idempotency.keys === 'on') {
      w.idempotentReplays++;
      return;
    }
    if (done > 0) w.duplicateSideEffects++;
    w.sideEffects++;
    user.charges = done + 1;
  };

  /** Drops the work on a server: with `reset`, callers get a connection reset at once. */
  const dropWork = (server: ServerState, reset: boolean): void => {
    server.epoch++;
    if (reset) {
      for (const work of server.inService) resetWork(server, work);
      for (let i = server.queueHead; i < server.queue.length; i++)
        resetWork(server, server.queue[i]!);
    }
    server.inService = objectArray();
    server.queue = objectArray();
    server.queueHead = 0;
  };

  const resetWork = (server: ServerState, work: Work): void => {
    if (server === dependency) replyFromDependency(work as DependencyCall, 'refused');
    else replyFromServer(work as Try, 'refused');
  };

  const crashProcess = (server: ServerState): void => {
    server.process = 'crashed';
    // A crashed process on a live host resets its connections: callers learn at once.
    // On a dead host nothing is sent; the work was already lost with the host.
    dropWork(server, serverAlive(server));
  };

  // ---- health checks ----
  const scheduleCheck = (target: TargetState, delayUs: number): void => {
    pushAt(CHECK_SEND, delayUs).target = target;
  };

  /**
   * Sends one health check and schedules the next. One check is outstanding per target:
   * the next leaves an interval after this one, or when this one ends (answer or
   * timeout) if that is later. So a timeout at or above the interval still fires and
   * counts as a failed check. No real balancer lets a newer check cancel an unanswered
   * one: AWS ALB requires the timeout to be below the interval (its API rejects timeout
   * >= interval); HAProxy connects a check within min(`timeout connect`, `inter`) (its
   * manual, `timeout check`); Envoy arms the interval timer only once a check passed,
   * failed or timed out (health_checker_base_impl.cc), so its period is interval +
   * answer time. Below the timeout this keeps ALB's fixed period.
   */
  const sendCheck = (target: TargetState): void => {
    const intervalUs = usFromMs(w.settings.healthCheck.intervalMs);
    // A dead balancer checks nothing.
    if (target.balancer.region.down) return scheduleCheck(target, intervalUs);
    const probe = ++target.probeSeq;
    const timeoutUs = usFromMs(w.settings.healthCheck.timeoutMs);
    const server = target.server;
    const link = target.link;
    const hopMs = regionHopMs() + link.addedLatencyMs;
    const rttUs = hopUs(hopMs, checkRandom) + hopUs(hopMs, checkRandom);
    // The probe's fate is known when it leaves: lost, unanswered, refused by a crashed
    // process, or answered. A reply slower than the timeout counts as a timeout. A
    // server failing user requests (errors) still passes its cheap health endpoint.
    let replyUs = Infinity;
    let reason: FailureReason | undefined;
    const lost = lostOn(link, true, checkRandom) || lostOn(link, false, checkRandom);
    if (!lost && serverAlive(server)) {
      if (server.process === 'crashed') {
        replyUs = rttUs;
        reason = 'refused';
      } else {
        // A slow server answers its cheap health endpoint slowly too, but usually well
        // within the timeout: that is what makes a gray failure gray.
        replyUs = rttUs + CHECK_PROCESSING_US * server.slowFactor;
      }
    }
    const timedOut = replyUs > timeoutUs;
    const resultUs = timedOut ? timeoutUs : replyUs;
    const e = pushAt(CHECK_RESULT, resultUs);
    e.target = target;
    e.probe = probe;
    e.outcome = timedOut ? 'timeout' : (reason ?? 'ok');
    // Pushed after the result, so a result due at the same microsecond is read first.
    scheduleCheck(target, Math.max(intervalUs, resultUs));
  };

  const checkResult = (target: TargetState, outcome: Outcome): void => {
    const ok = outcome === 'ok';
    target.lastCheckOk = ok;
    const lb = target.balancer.info.id;
    const id = target.server.info.id;
    if (ok) {
      target.consecutiveFails = 0;
      target.consecutiveOks++;
      if (!target.healthy && target.consecutiveOks >= w.settings.healthCheck.healthyThreshold) {
        target.healthy = true;
        target.balancer.eligible = null;
        log(
          'marked-healthy',
          id,
          'detection',
          `${lb} marked ${id} healthy after ${target.consecutiveOks} passed checks`,
        );
      }
    } else {
      target.consecutiveOks = 0;
      target.consecutiveFails++;
      if (target.healthy && target.consecutiveFails >= w.settings.healthCheck.unhealthyThreshold) {
        target.healthy = false;
        target.balancer.eligible = null;
        const why =
          outcome === 'refused'
            ? 'connection refused'
            : `no answer within ${w.settings.healthCheck.timeoutMs} ms`;
        log(
          'marked-unhealthy',
          id,
          'detection',
          `${lb} marked ${id} unhealthy after ${target.consecutiveFails} failed checks (${why})`,
        );
      }
    }
  };

  // ---- monitoring: SLO burn-rate alerts on completed seconds ----
  const newAlertEvaluator = (history: readonly AlertRecord[] = []): AlertEvaluator =>
    createAlertEvaluator(
      {
        rules: DEFAULT_ALERT_RULES,
        target: w.settings.slo.target,
        windowScale: w.settings.alerts.windowScale,
      },
      history,
    );
  let alertEvaluator = newAlertEvaluator();
  let firingAlerts = new Set<string>();
  /** Seconds fed to the alert evaluator so far. */
  let secondsObserved = 0;

  const observeSecond = (second: number): void => {
    const b = series.at(second * US_PER_S);
    const degradedGood = w.settings.degradation.countsAsAvailable === 'on';
    alertEvaluator.observeSecond(
      second,
      b.succeeded + (degradedGood ? b.degraded : 0),
      b.failed + (degradedGood ? 0 : b.degraded),
    );
    secondsObserved = second + 1;
  };

  /**
   * After a change of SLO, window scale or what counts as good, rebuild the windows from
   * the series so far. The alerts already fired are facts of the past: the new evaluator
   * keeps them with their times and the settings they fired under, and `firingAlerts`
   * stays, so an alert still firing under the new settings is not announced again.
   */
  const rebuildAlertEvaluator = (): void => {
    alertEvaluator = newAlertEvaluator(alertEvaluator.alerts());
    const observed = secondsObserved;
    secondsObserved = 0;
    for (let second = 0; second < observed; second++) observeSecond(second);
  };

  const secondTick = (): void => {
    const second = Math.round(w.nowUs / US_PER_S) - 1;
    observeSecond(second);
    if (w.settings.monitoring.enabled === 'on') {
      const firing = new Set(alertEvaluator.evaluate(second + 1).map((rule) => rule.name));
      for (const status of alertEvaluator.ruleStatuses(second + 1)) {
        const name = status.rule.name;
        if (firing.has(name) && !firingAlerts.has(name)) {
          log(
            'alert-fired',
            name,
            'detection',
            `ALERT ${name} (${status.rule.severity}): error budget burning at ${status.longBurnRate.toFixed(1)}x over ${status.longWindowS} s and ${status.shortBurnRate.toFixed(1)}x over ${status.shortWindowS} s (threshold ${status.rule.burnRate}x)`,
          );
        } else if (!firing.has(name) && firingAlerts.has(name)) {
          log(
            'alert-resolved',
            name,
            'recovery',
            `alert ${name} resolved: the short window is back under ${status.rule.burnRate}x`,
          );
        }
      }
      firingAlerts = firing;
    } else if (firingAlerts.size > 0) {
      firingAlerts = new Set();
    }
    // Forget charges long finished (idempotency memory stays bounded).
    while (
      w.chargeExpiryHead < chargeExpiry.length &&
      chargeExpiryUs[w.chargeExpiryHead]! <= w.nowUs
    ) {
      chargeExpiry[w.chargeExpiryHead++]!.charges = 0;
    }
    if (w.chargeExpiryHead > 4096 && w.chargeExpiryHead * 2 > chargeExpiry.length) {
      chargeExpiry.splice(0, w.chargeExpiryHead);
      chargeExpiryUs.splice(0, w.chargeExpiryHead);
      w.chargeExpiryHead = 0;
    }
    pushSecondTick();
  };

  /**
   * The next per-second tick, in TICK_PHASE: after everything else at that microsecond.
   * The phase is set before the push: the heap orders an event when it is inserted, so
   * a phase changed afterwards would not count.
   */
  const pushSecondTick = (): void => {
    const tick = makeEvent(SECOND_TICK, w.nowUs + US_PER_S);
    tick.phase = TICK_PHASE;
    push(tick);
  };

  // ---- DNS: which region a user group is sent to ----
  /**
   * The traffic manager's answer for a group: its home region (active-active) or the
   * first region (active-passive) while healthy, else the next healthy one; if none
   * is healthy it answers as if all were (Route 53 does the same).
   */
  const dnsAnswer = (group: UserGroupState): RegionState => {
    const preferred = w.settings.regions.mode === 'active-passive' ? regionList[0]! : group.home;
    if (preferred.dnsHealthy) return preferred;
    for (const region of regionList)
      if (region.dnsHealthy && group.links.has(region.info.id)) return region;
    return preferred;
  };

  /**
   * Where a new attempt goes: the region in the client's cached DNS answer, refreshed
   * from the traffic manager once it expires (TTL). Both modes resolve the same way
   * (REFERENCE.md section 9): in active-active a group's answer is its home region, so
   * when that region dies its users keep reaching it until detection and then until
   * their cached answers expire, as in active-passive; only the other groups never see it.
   */
  const regionFor = (group: UserGroupState): RegionState => {
    if (!trafficManagerId) return group.home;
    const cache = group.dnsCaches[dnsRandom.int(group.dnsCaches.length)]!;
    if (w.nowUs >= cache.expiresUs) {
      cache.region = dnsAnswer(group);
      cache.expiresUs = w.nowUs + usFromS(w.settings.trafficManager.dnsTtlS);
    }
    return cache.region;
  };

  const dnsCheck = (region: RegionState): void => {
    const link = region.dnsLink!;
    const reachable =
      !region.down &&
      !link.cutForward &&
      !link.cutBackward &&
      !checkRandom.chance(link.lossFraction);
    // Route 53 alias records "evaluate target health": the endpoint is healthy while
    // its balancer has at least one target it considers healthy.
    const ok = reachable && region.balancer.targets.some((t) => t.healthy);
    const threshold = w.settings.trafficManager.failureThreshold;
    const id = region.info.id;
    if (ok) {
      region.dnsFails = 0;
      region.dnsOks++;
      if (!region.dnsHealthy && region.dnsOks >= threshold) {
        region.dnsHealthy = true;
        log(
          'dns-healthy',
          id,
          'detection',
          `${trafficManagerId} marked region ${id} healthy after ${region.dnsOks} passed checks; new DNS answers may send users there again`,
        );
      }
    } else {
      region.dnsOks = 0;
      region.dnsFails++;
      if (region.dnsHealthy && region.dnsFails >= threshold) {
        region.dnsHealthy = false;
        log(
          'dns-unhealthy',
          id,
          'detection',
          `${trafficManagerId} marked region ${id} unhealthy after ${region.dnsFails} failed checks; clients move as their cached DNS answers expire (TTL ${w.settings.trafficManager.dnsTtlS} s)`,
        );
      }
    }
    pushAt(DNS_CHECK, usFromMs(w.settings.trafficManager.intervalMs)).region = region;
  };

  // ---- commands ----
  /**
   * Resolves a link target: `FROM->TO` names a link (either direction), and
   * `BALANCER->ZONE` every link from that balancer into the zone. `forward` says
   * whether the named direction is the link's own.
   */
  const resolveLinks = (target: string): Array<{ link: LinkState; forward: boolean }> => {
    const direct = links.get(target);
    if (direct) return [{ link: direct, forward: true }];
    const [from, to] = target.split('->');
    if (from === undefined || to === undefined) return [];
    const reverse = links.get(linkId(to, from));
    if (reverse) return [{ link: reverse, forward: false }];
    const zone = zones.get(to);
    const balancer = balancers.get(from);
    if (zone && balancer) {
      return zone.servers
        .map((s) => links.get(linkId(from, s.info.id)))
        .filter((l): l is LinkState => l !== undefined)
        .map((link) => ({ link, forward: true }));
    }
    return [];
  };

  const targetKind = (target: string): string | null => {
    const info = componentById.get(target);
    if (info) return info.kind;
    return resolveLinks(target).length > 0 ? 'link' : null;
  };

  /** The app server or the dependency with this id. */
  const serverLike = (id: string): ServerState | undefined =>
    servers.get(id) ?? (dependency && dependency.info.id === id ? dependency : undefined);

  const numberIn = (value: unknown, min: number, max: number, what: string): string | null =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? null
      : `${what} must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`;

  /**
   * Whether setting `path` to `value` is allowed now: the value in its range, and the
   * whole configuration it leads to from the settings in force at this moment (a
   * scheduled `set` is checked again when it runs, after the commands before it).
   */
  const setProblem = (path: string, value: unknown): string | null => {
    const error = validateSetting(path, value).error;
    if (error || !path.startsWith('database.')) return error;
    if (path === 'database.conflictMode') {
      return 'database.conflictMode is fixed for a run: choose it in the scenario (or with --set before the run)';
    }
    const next = withSetting(w.settings, path, validateSetting(path, value).value!);
    return database
      ? validateDatabaseOptions(databaseOptionsOf(next.database), databaseNodes.size)
      : null;
  };

  const validate = (command: Command): string | null => {
    if (command === null || typeof command !== 'object') return 'a command must be a record';
    if (command.type === 'set') return setProblem(command.path, command.value);
    if (command.type === 'rate') return numberIn(command.perS, 1, 5000, 'the arrival rate (req/s)');
    if (command.type === 'weight') {
      if (!servers.has(command.target)) return `unknown server "${command.target}"`;
      return numberIn(command.weight, 0, 100, 'the weight');
    }
    const spec = actionSpec(command.type);
    if (!spec) return `unknown command type "${(command as { type: unknown }).type}"`;
    const target = (command as { target?: unknown }).target;
    if (typeof target !== 'string') return `${command.type} needs a target`;
    if (database && databaseNodes.has(target)) {
      if (!(spec.kinds as readonly string[]).includes('database')) {
        return `cannot ${command.type} database ${target} (${command.type} applies to a ${spec.kinds.join(' or ')})`;
      }
      return database.validate({ type: command.type as DatabaseAction, target });
    }
    const kind = targetKind(target);
    if (kind === null) {
      return target.includes('->') ? `unknown link "${target}"` : `unknown target "${target}"`;
    }
    if (!(spec.kinds as readonly string[]).includes(kind)) {
      const where = spec.kinds.join(' or ');
      return `cannot ${command.type} ${kind} ${target} (${command.type} applies to a ${where})`;
    }
    switch (command.type) {
      case 'slow':
        return numberIn(command.factor, 1, 1000, 'the slowdown factor');
      case 'flap':
        return numberIn(command.periodS, 0.1, 3600, 'the flapping period (s)');
      case 'latency':
        return numberIn(command.addedMs, 0, 60000, 'the added latency (ms)');
      case 'loss':
        return numberIn(command.percent, 0, 100, 'the loss percentage');
      case 'errors':
        return numberIn(command.percent, 0, 100, 'the error percentage');
      default:
        return null;
    }
  };

  const linkFaulty = (link: LinkState): boolean =>
    link.cutForward || link.cutBackward || link.addedLatencyMs > 0 || link.lossFraction > 0;

  const serverBroken = (server: ServerState): boolean =>
    server.process === 'crashed' ||
    !server.hostUp ||
    server.slowFactor !== 1 ||
    server.flapPeriodUs > 0 ||
    server.errorFraction > 0;

  const execute = (command: Command): void => {
    applied.push({ atUs: w.nowUs, command });
    const target = (command as { target?: string }).target;
    if (database && target !== undefined && databaseNodes.has(target)) {
      const error = database.apply({ type: command.type as DatabaseAction, target });
      if (error) log(command.type, target, 'info', `${target}: ${error}`);
      return;
    }
    applyToEngine(command);
    if (
      database &&
      (command.type === 'host-down' ||
        command.type === 'kill-zone' ||
        command.type === 'kill-region' ||
        command.type === 'restore')
    ) {
      // Hosts, zones or regions changed: the database reacts at this instant.
      database.hostsChanged();
    }
  };

  /** Commands on servers, zones, regions, links and settings (database ones are routed away). */
  const applyToEngine = (command: Command): void => {
    switch (command.type) {
      case 'kill': {
        const server = serverLike(command.target)!;
        if (server.process === 'crashed')
          return log('kill', server.info.id, 'info', `${server.info.id} is already crashed`);
        crashProcess(server);
        return log(
          'kill',
          server.info.id,
          'fault',
          `${server.info.id} process crashed: connections are refused at once`,
        );
      }
      case 'host-down': {
        const server = serverLike(command.target)!;
        if (!server.hostUp)
          return log('host-down', server.info.id, 'info', `${server.info.id} host is already down`);
        server.hostUp = false;
        dropWork(server, false);
        return log(
          'host-down',
          server.info.id,
          'fault',
          `${server.info.id} host went down: nothing answers, callers wait for their timeout`,
        );
      }
      case 'slow': {
        const server = serverLike(command.target)!;
        server.slowFactor = command.factor;
        return log(
          'slow',
          server.info.id,
          'fault',
          `${server.info.id} is slow: requests take ${command.factor}x longer (health checks still pass)`,
        );
      }
      case 'errors': {
        const server = serverLike(command.target)!;
        server.errorFraction = command.percent / 100;
        return log(
          'errors',
          server.info.id,
          'fault',
          `${server.info.id} answers ${command.percent}% of requests with a fast error (health checks still pass)`,
        );
      }
      case 'flap': {
        const server = serverLike(command.target)!;
        server.flapPeriodUs = usFromS(command.periodS);
        server.flapEpoch++;
        log(
          'flap',
          server.info.id,
          'fault',
          `${server.info.id} starts flapping: crashes and restarts every ${command.periodS / 2} s`,
        );
        return flapToggle(server);
      }
      case 'weight': {
        for (const target of targetsByServer.get(command.target) ?? []) {
          target.weight = command.weight;
          target.balancer.eligible = null;
          target.balancer.weighted = { currentWeights: {} };
        }
        return log(
          'weight',
          command.target,
          'info',
          `${command.target} now has weight ${command.weight}`,
        );
      }
      case 'kill-zone': {
        const zone = zones.get(command.target)!;
        if (zone.down)
          return log('kill-zone', zone.info.id, 'info', `zone ${zone.info.id} is already down`);
        zone.down = true;
        for (const server of zone.servers) dropWork(server, false);
        return log(
          'kill-zone',
          zone.info.id,
          'fault',
          `zone ${zone.info.id} is down: its ${zone.servers.length} servers stop answering at once`,
        );
      }
      case 'kill-region': {
        const region = regions.get(command.target)!;
        if (region.down)
          return log(
            'kill-region',
            region.info.id,
            'info',
            `region ${region.info.id} is already down`,
          );
        region.down = true;
        for (const zone of region.zones) for (const server of zone.servers) dropWork(server, false);
        return log(
          'kill-region',
          region.info.id,
          'fault',
          `region ${region.info.id} is down: ${region.balancer.info.id} and every server in it stop at once`,
        );
      }
      case 'cut': {
        for (const { link, forward } of resolveLinks(command.target)) {
          if (!command.oneWay || forward) link.cutForward = true;
          if (!command.oneWay || !forward) link.cutBackward = true;
        }
        const how = command.oneWay
          ? 'one way: messages in that direction are lost'
          : 'both ways: a partition';
        return log('cut', command.target, 'fault', `link ${command.target} cut ${how}`);
      }
      case 'latency': {
        for (const { link } of resolveLinks(command.target)) link.addedLatencyMs = command.addedMs;
        return log(
          'latency',
          command.target,
          'fault',
          `link ${command.target} has +${command.addedMs} ms latency`,
        );
      }
      case 'loss': {
        for (const { link } of resolveLinks(command.target))
          link.lossFraction = command.percent / 100;
        return log(
          'loss',
          command.target,
          'fault',
          `link ${command.target} drops ${command.percent}% of messages`,
        );
      }
      case 'rate': {
        const was = w.settings.traffic.arrivalRatePerS;
        w.settings = withSetting(w.settings, 'traffic.arrivalRatePerS', command.perS);
        return log(
          'rate',
          'users',
          'fault',
          `arrival rate is now ${command.perS} req/s (was ${was})`,
        );
      }
      case 'restore':
        return restore(command.target);
      case 'disk-fail':
      case 'isolate':
      case 'promote':
        return; // database commands are routed in execute
      case 'set': {
        // Checked again now: a scheduled `set` was checked against the settings of its
        // scheduling, and the commands before it may have made it invalid. Refused, the
        // setting keeps its value, so settings and database options never disagree.
        const problem = setProblem(command.path, command.value);
        if (problem) {
          return log(
            'set',
            command.path,
            'info',
            `setting ${command.path} = ${String(command.value)} not applied: ${problem}`,
          );
        }
        const checked = validateSetting(command.path, command.value);
        const previous = getSetting(w.settings, command.path);
        w.settings = withSetting(w.settings, command.path, checked.value!);
        settingChanged(command.path);
        return log(
          'set',
          command.path,
          'info',
          `setting ${command.path} = ${checked.value} (was ${previous})`,
        );
      }
    }
  };

  /** Mechanisms built from settings start afresh when their settings change. */
  const settingChanged = (path: string): void => {
    if (
      path === 'slo.target' ||
      path === 'alerts.windowScale' ||
      path === 'degradation.countsAsAvailable'
    ) {
      rebuildAlertEvaluator();
    }
    if (path.startsWith('breaker.')) {
      for (const server of servers.values()) server.breaker = null;
    }
    if (path.startsWith('outlier.')) {
      for (const balancer of balancers.values())
        balancer.outliers = createOutlierDetector(outlierOptions(w.settings));
    }
    if (path.startsWith('database.') && database) {
      // Checked by setProblem before the change, so it cannot be refused here; if it
      // were, the screen would show settings the database does not run.
      const refused = database.setOptions(databaseOptionsOf(w.settings.database));
      if (refused) throw new Error(`database options out of step with ${path}: ${refused}`);
    }
    if (path === 'balancer.panicThresholdPercent') {
      for (const balancer of balancers.values()) balancer.eligible = null;
    }
  };

  const flapToggle = (server: ServerState): void => {
    if (server.process === 'up') {
      crashProcess(server);
      log('flap-down', server.info.id, 'info', `${server.info.id} (flapping) crashed`);
    } else {
      server.process = 'up';
      log('flap-up', server.info.id, 'info', `${server.info.id} (flapping) restarted`);
    }
    // Division, not `>> 1`: periods up to an hour exceed 32 bits of microseconds.
    const e = pushAt(FLAP_TOGGLE, Math.max(1, Math.floor(server.flapPeriodUs / 2)));
    e.server = server;
    e.epoch = server.flapEpoch;
  };

  const restore = (target: string): void => {
    const server = serverLike(target);
    if (server) {
      const wasBroken = serverBroken(server);
      // Say what actually changed: a slow or erroring server never refused connections.
      const changes: string[] = [];
      if (!server.hostUp) changes.push('the host is up again');
      if (server.flapPeriodUs > 0) changes.push('it stops flapping');
      if (server.process === 'crashed' || !server.hostUp)
        changes.push('the process accepts connections again');
      if (server.slowFactor !== 1) changes.push('it serves at normal speed again');
      if (server.errorFraction > 0) changes.push('it stops answering with errors');
      server.flapEpoch++;
      server.flapPeriodUs = 0;
      server.slowFactor = 1;
      server.errorFraction = 0;
      server.process = 'up';
      server.hostUp = true;
      if (!wasBroken) return log('restore', target, 'info', `${target} is already up`);
      return log('restore', target, 'recovery', `${target} restored: ${changes.join(', ')}`);
    }
    const zone = zones.get(target);
    if (zone) {
      if (!zone.down) return log('restore', target, 'info', `zone ${target} is already up`);
      zone.down = false;
      return log(
        'restore',
        target,
        'recovery',
        `zone ${target} restored: health checks decide when traffic returns`,
      );
    }
    const region = regions.get(target);
    if (region) {
      if (!region.down) return log('restore', target, 'info', `region ${target} is already up`);
      region.down = false;
      return log(
        'restore',
        target,
        'recovery',
        `region ${target} restored: health checks decide when traffic returns`,
      );
    }
    const resolved = resolveLinks(target);
    const wasFaulty = resolved.some(({ link }) => linkFaulty(link));
    for (const { link } of resolved) {
      link.cutForward = false;
      link.cutBackward = false;
      link.addedLatencyMs = 0;
      link.lossFraction = 0;
    }
    if (!wasFaulty) return log('restore', target, 'info', `link ${target} is already healthy`);
    log('restore', target, 'recovery', `link ${target} restored`);
  };

  const actionsFor = (target: string): ActionType[] => {
    if (database && databaseNodes.has(target)) return database.actionsFor(target);
    const server = serverLike(target);
    if (server) {
      const actions: ActionType[] = [];
      if (server.process === 'up' && server.flapPeriodUs === 0) actions.push('kill');
      if (server.hostUp) actions.push('host-down');
      if (server.slowFactor === 1) actions.push('slow');
      if (server.errorFraction === 0) actions.push('errors');
      if (server.flapPeriodUs === 0 && server !== dependency) actions.push('flap');
      if (serverBroken(server)) actions.push('restore');
      return actions;
    }
    const zone = zones.get(target);
    if (zone) return zone.down ? ['restore'] : ['kill-zone'];
    const region = regions.get(target);
    if (region) return region.down ? ['restore'] : ['kill-region'];
    if (targetKind(target) === 'link') {
      const resolved = resolveLinks(target);
      const actions: ActionType[] = [];
      if (!resolved.every(({ link }) => link.cutForward && link.cutBackward)) actions.push('cut');
      actions.push('latency', 'loss');
      if (resolved.some(({ link }) => linkFaulty(link))) actions.push('restore');
      return actions;
    }
    return [];
  };

  // ---- the event loop ----
  const handle = (e: SimEvent): void => {
    switch (e.type) {
      case ARRIVAL: {
        const group = e.group!;
        w.total++;
        group.total++;
        series.at(w.nowUs).arrived++;
        const user = startUserRequest(group, false);
        w.inFlight++;
        if (user.needsDependency) w.usersNeedingDependency++;
        scheduleNextArrival(group);
        return;
      }
      case PROBE: {
        const group = e.group!;
        startUserRequest(group, true);
        pushAt(PROBE, usFromMs(w.settings.monitoring.probeIntervalMs)).group = group;
        return;
      }
      case SECOND_TICK:
        return secondTick();
      case CLIENT_RETRY:
        if (!e.user!.done) startAttempt(e.user!);
        return;
      case AT_BALANCER: {
        const attempt = e.attempt!;
        if (attempt.balancer.region.down) return; // nothing answers in a dead region
        if (attempt.done) return; // the user gave up and closed the connection
        return startTry(attempt);
      }
      case BALANCER_RETRY: {
        const attempt = e.attempt!;
        if (attempt.done || attempt.balancer.region.down) return;
        return startTry(attempt);
      }
      case AT_SERVER: {
        const try_ = e.try_!;
        const server = try_.target.server;
        if (!serverAlive(server)) return; // a dead host answers nothing
        if (server.process === 'crashed') return replyFromServer(try_, 'refused');
        if (server.errorFraction > 0 && faultRandom.chance(server.errorFraction)) {
          return replyFromServer(try_, 'error');
        }
        if (
          w.settings.server.shedding === 'on' &&
          server.inService.length >= w.settings.server.workers &&
          server.queue.length - server.queueHead >= w.settings.server.queueLimit
        ) {
          // Reject at once (503) rather than queue work that would time out anyway.
          return replyFromServer(try_, 'shed');
        }
        try_.atServerUs = w.nowUs;
        return admit(server, try_);
      }
      case SERVICE_DONE: {
        const server = e.server!;
        if (e.epoch !== server.epoch) return; // the process or host died meanwhile
        return serviceDone(server, e.try_!);
      }
      case SERVER_RETRY: {
        const server = e.server!;
        if (e.epoch !== server.epoch) return;
        return callDependency(server, e.try_!, e.probe!);
      }
      case AT_DEPENDENCY: {
        const call = e.call!;
        const dep = dependency!;
        if (!serverAlive(dep)) return;
        if (dep.process === 'crashed') return replyFromDependency(call, 'refused');
        if (dep.errorFraction > 0 && faultRandom.chance(dep.errorFraction))
          return replyFromDependency(call, 'error');
        return admit(dep, call);
      }
      case DEPENDENCY_DONE: {
        const dep = e.server!;
        if (e.epoch !== dep.epoch) return;
        const call = e.call!;
        // The side effect happens here, whether or not anyone still waits for the answer.
        chargeCard(call.try_.attempt.user);
        if (call.done) dep.wastedWork++;
        releaseWorker(dep, call);
        return replyFromDependency(call, 'ok');
      }
      case DEPENDENCY_REPLY: {
        const call = e.call!;
        if (call.done || call.epoch !== call.server.epoch) return; // too late, or the caller died
        return dependencyResult(call, e.outcome!);
      }
      case DEPENDENCY_TIMEOUT: {
        const call = e.call!;
        if (call.done || call.epoch !== call.server.epoch) return;
        return dependencyResult(call, 'timeout');
      }
      case REPLY_AT_BALANCER: {
        const try_ = e.try_!;
        if (try_.attempt.balancer.region.down || try_.done) return;
        return tryFinished(try_, e.outcome!);
      }
      case TRY_TIMEOUT: {
        const try_ = e.try_!;
        if (try_.done) return;
        // Envoy answers 504 when its per-try timeout fires and no retry is left.
        return tryFinished(try_, 'timeout');
      }
      case REPLY_AT_USER: {
        const attempt = e.attempt!;
        if (!attempt.done) attemptFinished(attempt, e.outcome!);
        return;
      }
      case CHECK_SEND:
        return sendCheck(e.target!);
      case CHECK_RESULT:
        if (e.probe === e.target!.probeSeq) checkResult(e.target!, e.outcome!);
        return;
      case COMMAND:
        return execute(e.command!);
      case DROPPED:
        return; // only drawn
      case FLAP_TOGGLE:
        if (e.epoch === e.server!.flapEpoch) flapToggle(e.server!);
        return;
      case DNS_CHECK:
        return dnsCheck(e.region!);
      case CALLBACK:
        return e.fn!();
    }
  };

  /** The user gives up on an attempt that has no answer yet. */
  const clientTimeout = (attempt: Attempt): void => {
    if (attempt.done) return;
    // The user closes the connection, so the balancer stops waiting for its try.
    const current = attempt.current;
    if (current && !current.done) {
      current.done = true;
      current.target.outstanding--;
    }
    attemptFinished(attempt, 'timeout');
  };

  const runUntil = (untilUs: number): void => {
    // The clock is whole microseconds: a driver's fractional frame time is floored, so
    // a command applied live lands on the same microsecond a replay schedules it at.
    const timeUs = Math.floor(untilUs);
    for (;;) {
      // A timeout whose attempt is over would do nothing when due (`done` never goes
      // back to false), so it is dropped now: only live timeouts are ever handled.
      while (clientTimeouts.size > 0 && clientTimeouts.first().done) clientTimeouts.shift();
      const next = queue.peek();
      if (
        clientTimeouts.size > 0 &&
        (next === undefined ||
          entryBeforeEvent(clientTimeouts.firstTimeUs(), clientTimeouts.firstSeq(), next))
      ) {
        if (clientTimeouts.firstTimeUs() > timeUs) break;
        w.nowUs = clientTimeouts.firstTimeUs();
        clientTimeout(clientTimeouts.shift());
        continue;
      }
      if (next === undefined || next.timeUs > timeUs) break;
      queue.pop();
      w.nowUs = next.timeUs;
      if (trackMessages && next.from !== undefined) {
        inTransit.delete(next);
        const view = messageView(next);
        if (delivered.length < DELIVERED_MAX) delivered.push(view);
        else delivered[w.deliveredNext] = view;
        w.deliveredNext = (w.deliveredNext + 1) % DELIVERED_MAX;
      }
      handle(next);
      releaseEvent(next); // handled: nothing refers to it any more (see eventPool)
    }
    if (timeUs > w.nowUs) w.nowUs = timeUs;
  };

  // ---- the database tier (a sub-model with its own events, through CALLBACK) ----
  const databaseOptionsOf = (db: Settings['database']): DatabaseOptions => ({
    replicationMode: db.replicationMode,
    replicaApplyDelayMs: db.replicaApplyDelayMs,
    semiSyncTimeoutMs: db.semiSyncTimeoutMs,
    quorumN: db.quorumN,
    quorumW: db.quorumW,
    quorumR: db.quorumR,
    failover: db.failover,
    leaseTtlMs: db.leaseTtlMs,
    loopWaitMs: db.loopWaitMs,
    retryTimeoutMs: db.retryTimeoutMs,
    promotionMs: db.promotionMs,
    rediscoveryMs: db.rediscoveryMs,
    maximumLagOnFailoverWrites: db.maximumLagOnFailoverWrites,
    fencing: db.fencing === 'on',
    readsFrom: db.readsFrom,
    rebuildMsPerThousandWrites: db.rebuildMsPerThousandWrites,
    operatorDelayMs: db.operatorDelayMs,
    alertDelayMs: db.alertDelayMs,
    clientTimeoutMs: db.clientTimeoutMs,
    streamRetryMs: 5000,
    conflictMode: db.conflictMode,
  });
  const databaseNodes = new Map(
    (topology.database?.nodes ?? []).map((node) => [node.id, componentById.get(node.id)!] as const),
  );
  /** Zone and region of a server or database node. */
  const placeOf = (id: string): { zone: string; region: string } | undefined => {
    const info = componentById.get(id);
    return info && info.zone !== null && info.region !== null
      ? { zone: info.zone, region: info.region }
      : undefined;
  };
  const placeAlive = (id: string): boolean => {
    const info = componentById.get(id);
    if (!info || info.zone === null) return true;
    const zone = zones.get(info.zone);
    if (!zone || zone.down || zone.region.down) return false;
    const server = servers.get(id);
    return server ? serverAlive(server) : true;
  };
  const databaseContext: DatabaseContext = {
    nowUs: () => w.nowUs,
    schedule(delayUs, fn) {
      pushAt(CALLBACK, delayUs).fn = fn;
    },
    random: databaseRandom,
    log: (type, target, category, message) => log(type, target, category, message),
    hopUs(from, to) {
      if (!placeAlive(from) || !placeAlive(to)) return null;
      const link = links.get(linkId(from, to)) ?? links.get(linkId(to, from));
      if (
        link &&
        (link.cutForward || link.cutBackward || databaseNetworkRandom.chance(link.lossFraction))
      )
        return null;
      const a = placeOf(from);
      const b = placeOf(to);
      const baseMs =
        a && b && a.region !== b.region
          ? w.settings.network.crossRegionLatencyMs
          : w.settings.network.inRegionLatencyMs;
      return hopUs(baseMs + (link?.addedLatencyMs ?? 0), databaseNetworkRandom);
    },
    nodeAlive: (id) => placeAlive(id),
    monitoringEnabled: () => w.settings.monitoring.enabled === 'on',
    placeOf,
  };
  const database: Database | null = topology.database
    ? createDatabase(
        {
          nodes: topology.database.nodes.map((node) => ({
            id: node.id,
            zone: node.zone,
            region: placeOf(node.id)!.region,
          })),
          primary: topology.database.primary,
        },
        databaseOptionsOf(w.settings.database),
        databaseContext,
      )
    : null;

  // ---- start ----
  for (const group of groups) scheduleNextArrival(group);
  for (const group of groups) {
    pushAt(PROBE, checkRandom.int(usFromMs(w.settings.monitoring.probeIntervalMs)) + 1).group =
      group;
  }
  pushSecondTick();
  for (const balancer of balancers.values()) {
    for (const target of balancer.targets) {
      // Stagger first checks over one interval, as real checkers do.
      scheduleCheck(target, checkRandom.int(usFromMs(w.settings.healthCheck.intervalMs)) + 1);
    }
  }
  if (trafficManagerId) {
    const ttlUs = usFromS(w.settings.trafficManager.dnsTtlS);
    for (const group of groups) {
      const answer = dnsAnswer(group);
      for (let i = 0; i < DNS_CACHES_PER_GROUP; i++) {
        group.dnsCaches.push({ region: answer, expiresUs: dnsRandom.int(ttlUs + 1) });
      }
    }
    for (const region of regionList) {
      pushAt(
        DNS_CHECK,
        checkRandom.int(usFromMs(w.settings.trafficManager.intervalMs)) + 1,
      ).region = region;
    }
  }

  const schedule = (atUs: number, command: Command): ApplyResult => {
    const error = validate(command);
    if (error) return { ok: false, error };
    if (!Number.isFinite(atUs) || atUs < w.nowUs)
      return { ok: false, error: 'a command cannot be scheduled in the past' };
    const e = makeEvent(COMMAND, Math.round(atUs));
    e.phase = COMMAND_PHASE;
    e.command = command;
    push(e);
    return { ok: true };
  };

  for (const fault of input.faults ?? []) {
    const result = schedule(fault.atUs, fault.command);
    if (!result.ok)
      throw new Error(`fault script: ${describeCommand(fault.command)}: ${result.error}`);
  }

  // ---- read-only views ----
  /** A travelling (or just delivered) message as views see it. */
  const messageView = (e: SimEvent): MessageView => {
    const user = e.user!;
    const lost = e.type === DROPPED;
    const forward = e.type === AT_BALANCER || e.type === AT_SERVER || e.type === AT_DEPENDENCY;
    const late = e.attempt?.done ?? e.try_?.done ?? e.call?.done ?? user.done;
    return {
      id: `${user.id}:${e.seq}`,
      requestId: user.id,
      from: e.from!,
      to: e.to!,
      sentUs: e.sentUs!,
      arrivesUs: lost ? e.sentUs! + 2 * (e.timeUs - e.sentUs!) : e.timeUs,
      kind: lost ? e.lostKind! : kindOf(forward, e.outcome),
      late,
      lost,
      probe: user.probe,
    };
  };

  const deliveredSince = (fromUs: number): MessageView[] => {
    const ordered =
      delivered.length < DELIVERED_MAX
        ? delivered
        : [...delivered.slice(w.deliveredNext), ...delivered.slice(0, w.deliveredNext)];
    // A lost message "ends" at its drop point, the middle of sentUs..arrivesUs.
    const endOf = (m: MessageView): number => (m.lost ? (m.sentUs + m.arrivesUs) / 2 : m.arrivesUs);
    return ordered.filter((m) => endOf(m) > fromUs);
  };

  const serverStateWord = (server: ServerState): string => {
    if (server.zone?.region.down) return 'down (region)';
    if (server.zone?.down) return 'down (zone)';
    if (!server.hostUp) return 'host down';
    const words: string[] = [];
    if (server.flapPeriodUs > 0)
      words.push(`flapping, ${server.process === 'crashed' ? 'crashed' : 'up'}`);
    else if (server.process === 'crashed') words.push('crashed');
    if (server.slowFactor !== 1) words.push(`slow x${server.slowFactor}`);
    if (server.errorFraction > 0)
      words.push(`failing ${Number((server.errorFraction * 100).toFixed(2))}%`);
    return words.length > 0 ? words.join(', ') : 'up';
  };

  const linkStateWord = (link: LinkState): string => {
    const words: string[] = [];
    if (link.cutForward && link.cutBackward) words.push('cut');
    else if (link.cutForward) words.push(`cut one way (${link.info.from} to ${link.info.to})`);
    else if (link.cutBackward) words.push(`cut one way (${link.info.to} to ${link.info.from})`);
    if (link.addedLatencyMs > 0) words.push(`+${link.addedLatencyMs} ms`);
    if (link.lossFraction > 0) words.push(`${Number((link.lossFraction * 100).toFixed(2))}% loss`);
    return words.length > 0 ? words.join(', ') : 'ok';
  };

  const breakerView = (server: ServerState): BreakerView | undefined =>
    w.settings.breaker.enabled === 'on' && dependency
      ? {
          state: server.breaker ? breakerState(server.breaker, w.nowUs) : 'CLOSED',
          transitions: server.breakerTransitions,
        }
      : undefined;

  const snapshot = (): Snapshot => {
    const databaseView = database?.view();
    // Active-passive: the active region is the one the traffic manager now answers with
    // (the first it considers healthy), so after a failover the old standby is active.
    const activeRegion =
      w.settings.regions.mode === 'active-passive'
        ? (regionList.find((r) => r.dnsHealthy) ?? regionList[0])
        : undefined;
    const components: ComponentView[] = componentInfos.map((info) => {
      const base = { ...info, healthy: true, inService: 0, queued: 0, served: 0 };
      const server = serverLike(info.id);
      if (server) {
        const targets = targetsByServer.get(info.id) ?? [];
        return {
          ...base,
          state: serverStateWord(server),
          healthy: targets.every((t) => t.healthy),
          inService: server.inService.length,
          queued: server.queue.length - server.queueHead,
          served: server.served,
          breaker: breakerView(server),
          weight: targets[0]?.weight,
        };
      }
      const node = databaseView?.nodes.find((n) => n.id === info.id);
      if (node) {
        return {
          ...base,
          state: node.state,
          healthy: node.role !== 'down',
          databaseRole: node.role,
          lagMs: node.lagMs,
          lagWrites: node.lagWrites,
          appliedWrites: node.appliedWrites,
        };
      }
      const zone = zones.get(info.id);
      if (zone) return { ...base, state: zone.down || zone.region.down ? 'down' : 'up' };
      const region = regions.get(info.id);
      if (region) {
        const role =
          activeRegion === undefined ? 'active' : region === activeRegion ? 'active' : 'standby';
        return {
          ...base,
          state: region.down ? 'down' : 'up',
          healthy: region.dnsHealthy,
          // A dead region has no role worth naming: "down" says it all.
          role: trafficManagerId && !region.down ? role : undefined,
        };
      }
      const balancer = balancers.get(info.id);
      if (balancer) return { ...base, state: balancer.region.down ? 'down' : 'up' };
      const group = groups.find((g) => g.id === info.id);
      if (group && trafficManagerId) {
        const counts: Record<string, number> = {};
        for (const cache of group.dnsCaches)
          counts[cache.region.info.id] = (counts[cache.region.info.id] ?? 0) + 1;
        const dnsShares = Object.fromEntries(
          Object.entries(counts).map(([region, n]) => [region, n / group.dnsCaches.length]),
        );
        return { ...base, state: 'up', dnsShares };
      }
      return { ...base, state: 'up' };
    });
    const linkViews: LinkView[] = linkInfos.map((info) => {
      const link = links.get(info.id)!;
      return {
        ...info,
        state: linkStateWord(link),
        cutForward: link.cutForward,
        cutBackward: link.cutBackward,
        addedLatencyMs: link.addedLatencyMs,
        lossPercent: link.lossFraction * 100,
      };
    });
    const targets: TargetView[] = [];
    for (const balancer of balancers.values()) {
      for (const t of balancer.targets) {
        targets.push({
          balancer: balancer.info.id,
          server: t.server.info.id,
          healthy: t.healthy,
          ejected:
            w.settings.outlier.enabled === 'on' &&
            outlierIsEjected(balancer.outliers, t.id, w.nowUs),
          weight: t.weight,
          consecutiveFails: t.consecutiveFails,
          consecutiveOks: t.consecutiveOks,
          lastCheckOk: t.lastCheckOk,
          outstanding: t.outstanding,
          routed: t.routed,
        });
      }
    }
    const messages: MessageView[] = [];
    for (const e of inTransit) messages.push(messageView(e));
    return Object.freeze({
      nowUs: w.nowUs,
      seed,
      components: Object.freeze(components),
      links: Object.freeze(linkViews),
      targets: Object.freeze(targets),
      failingOpen: [...balancers.values()].filter((b) => b.failingOpen).map((b) => b.info.id),
      messages: Object.freeze(messages),
      regionMode: w.settings.regions.mode,
      database: databaseView,
    });
  };

  const pointOf = (b: SeriesBucket): SeriesPoint =>
    Object.freeze({
      startS: b.startS,
      arrived: b.arrived,
      succeeded: b.succeeded,
      degraded: b.degraded,
      failed: b.failed,
      p50Ms: b.latency.quantileUs(0.5) / US_PER_MS,
      p95Ms: b.latency.quantileUs(0.95) / US_PER_MS,
      p99Ms: b.latency.quantileUs(0.99) / US_PER_MS,
    });

  /**
   * Chart points of the completed seconds, made once each: a second that has ended
   * never changes (everything is recorded at the current time), so a report only
   * converts the seconds completed since the previous one and its cost stays flat as
   * the run grows (it was a point per second of the whole run on every report).
   */
  const seriesPoints: SeriesPoint[] = [];
  /** Seconds of per-second latency kept: the longest window a report reads (10 min). */
  const LATENCY_KEPT_S = 600;
  /** The last series handed out: shared while no second has completed since. */
  let publishedSeries: readonly SeriesPoint[] = Object.freeze([]);
  const completedSeries = (): readonly SeriesPoint[] => {
    // The bucket still filling is left out of the chart so its last point is not a dip.
    const complete = Math.min(series.buckets.length, Math.floor(w.nowUs / US_PER_S));
    for (let i = seriesPoints.length; i < complete; i++) {
      seriesPoints.push(pointOf(series.buckets[i]!));
    }
    // Seconds with a point and out of the 10-minute window need no latency histogram.
    series.releaseLatencyBefore(
      Math.min(seriesPoints.length, Math.floor(w.nowUs / US_PER_S) - LATENCY_KEPT_S),
    );
    if (publishedSeries.length !== seriesPoints.length) {
      // A copy of references (frozen points), not of points: each report keeps its own
      // series, which later seconds do not lengthen.
      publishedSeries = Object.freeze(seriesPoints.slice());
    }
    return publishedSeries;
  };

  /** Request-based availability, with degraded answers counted as the user chose. */
  const availabilityOf = (ok: number, deg: number, bad: number): number =>
    countsAsGood('degraded')
      ? requestAvailability(ok + deg, bad)
      : requestAvailability(ok, deg + bad);

  const dataMetrics = (db: Database): Metrics['data'] => {
    const m = db.metrics();
    return {
      writesIssued: m.writesIssued,
      writesAcked: m.writesAcked,
      writesFailed: m.writesFailed,
      writesLost: m.writesLost,
      readsServed: m.readsServed,
      readsFailed: m.readsFailed,
      staleReads: m.staleReads,
      lostUpdates: m.lostUpdates,
      splitBrainWrites: m.splitBrainWrites,
      failovers: m.failovers,
    };
  };

  const metrics = (): Metrics => {
    const window = series.window(w.nowUs - 60 * US_PER_S, w.nowUs);
    // Counts only: the 10-minute window shows no latency, and summing 600 histograms
    // was most of a report's cost.
    const window10m = series.window(w.nowUs - 600 * US_PER_S, w.nowUs, false);
    let wastedWork = dependency?.wastedWork ?? 0;
    for (const s of servers.values()) wastedWork += s.wastedWork;
    const userGroups: UserGroupMetrics[] = groups.map((g) => ({
      id: g.id,
      total: g.total,
      succeeded: g.succeeded,
      degraded: g.degraded,
      failed: g.failed,
      availability: availabilityOf(g.succeeded, g.degraded, g.failed),
      errorSeconds: g.errorSeconds,
      timedOut: g.timedOut,
      timeAvailability: g.uptime.uptimeFraction(0, w.nowUs),
    }));
    // Time-based availability across groups, weighted by their share of the users.
    const uptime = (fromUs: number): number =>
      groups.reduce(
        (sum, g) => sum + g.share * g.uptime.uptimeFraction(Math.max(0, fromUs), w.nowUs),
        0,
      ) / shareTotal;
    const scale = w.settings.alerts.windowScale;
    const periodS = (w.settings.slo.periodDays * 86400) / scale;
    const good = countsAsGood('degraded') ? w.succeeded + w.degraded : w.succeeded;
    const valid = w.succeeded + w.degraded + w.failed;
    const windowGood = countsAsGood('degraded')
      ? window.succeeded + window.degraded
      : window.succeeded;
    const windowValid = window.succeeded + window.degraded + window.failed;
    const breakers = [...servers.values()]
      .filter((s) => breakerView(s) !== undefined)
      .map((s) => ({ id: s.info.id, ...breakerView(s)! }));
    return {
      nowUs: w.nowUs,
      requests: {
        total: w.total,
        succeeded: w.succeeded,
        degraded: w.degraded,
        failed: w.failed,
        inFlight: w.inFlight,
        failedBy: { ...failedBy },
      },
      availability: availabilityOf(w.succeeded, w.degraded, w.failed),
      latencyMs: {
        p50: latency.quantileUs(0.5) / US_PER_MS,
        p99: latency.quantileUs(0.99) / US_PER_MS,
      },
      window60s: {
        succeeded: window.succeeded,
        degraded: window.degraded,
        failed: window.failed,
        availability: availabilityOf(window.succeeded, window.degraded, window.failed),
        p50Ms: window.latency.quantileUs(0.5) / US_PER_MS,
        p99Ms: window.latency.quantileUs(0.99) / US_PER_MS,
      },
      window10m: {
        succeeded: window10m.succeeded,
        degraded: window10m.degraded,
        failed: window10m.failed,
        availability: availabilityOf(window10m.succeeded, window10m.degraded, window10m.failed),
      },
      timeAvailability: {
        sinceStart: uptime(0),
        window1m: uptime(w.nowUs - 60 * US_PER_S),
        window10m: uptime(w.nowUs - 600 * US_PER_S),
      },
      slo: {
        target: w.settings.slo.target,
        periodDays: w.settings.slo.periodDays,
        windowScale: scale,
        budgetTimeS: (1 - w.settings.slo.target) * periodS,
        budgetRequestsSoFar: (1 - w.settings.slo.target) * valid,
        budgetBurntFraction: budgetBurntFraction(
          valid - good,
          valid,
          w.settings.slo.target,
          sFromUs(w.nowUs),
          periodS,
        ),
        burnRateLastMinute: burnRate(
          errorRate(windowValid - windowGood, windowValid),
          w.settings.slo.target,
        ),
      },
      monitoring: w.settings.monitoring.enabled === 'on',
      alerts: alertEvaluator.alerts(),
      alertRules: alertEvaluator.ruleStatuses(secondsObserved).map((status) => ({
        name: status.rule.name,
        severity: status.rule.severity,
        burnRateThreshold: status.rule.burnRate,
        longWindowS: status.longWindowS,
        shortWindowS: status.shortWindowS,
        longBurnRate: status.longBurnRate,
        shortBurnRate: status.shortBurnRate,
        firing: firingAlerts.has(status.rule.name),
      })),
      defences: {
        usersNeedingDependency: w.usersNeedingDependency,
        usersReachingDependency: w.usersReachingDependency,
        dependencyAttempts: w.dependencyAttempts,
        probeDependencyAttempts: w.probeDependencyAttempts,
        loadAmplification:
          w.usersReachingDependency === 0 ? 0 : w.dependencyAttempts / w.usersReachingDependency,
        serverTries: w.serverTries,
        sideEffects: w.sideEffects,
        duplicateSideEffects: w.duplicateSideEffects,
        idempotentReplays: w.idempotentReplays,
        retries: { ...retriesBy },
        retriesDeniedByBudget: w.retriesDeniedByBudget,
        breakers,
        hopLatencyMs: {
          serverP99: serverTimeHistogram.quantileUs(0.99) / US_PER_MS,
          dependencyP50: dependencyTimeHistogram.quantileUs(0.5) / US_PER_MS,
          dependencyP99: dependencyTimeHistogram.quantileUs(0.99) / US_PER_MS,
        },
      },
      data: database ? dataMetrics(database) : null,
      errorSeconds: w.errorSeconds,
      userGroups,
      wastedWork,
      series: completedSeries(),
    };
  };

  return {
    seed,
    now: () => w.nowUs,
    runUntil,
    apply(command) {
      const error = validate(command);
      if (error) return { ok: false, error };
      execute(command);
      return { ok: true };
    },
    schedule,
    settings: () => w.settings,
    snapshot,
    metrics,
    deliveredSince,
    log(fromIndex = 0) {
      const start = Math.max(0, fromIndex - w.logDropped);
      return { entries: logEntries.slice(start), nextIndex: w.logDropped + logEntries.length };
    },
    appliedCommands: () => applied.slice(),
    components: () => componentInfos,
    links: () => linkInfos,
    validate,
    actionsFor,
  };
}

/** Failure reasons in display order (re-exported for views and the CLI). */
export { FAILURE_REASONS };
