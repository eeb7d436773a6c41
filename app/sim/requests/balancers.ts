/**
 * Load balancers: eligible targets (health, weights, panic threshold), picking one, tries and their retries.
 */
import { type World } from '../engine/world';
import {
  AT_SERVER,
  REPLY_AT_USER,
  BALANCER_RETRY,
  type Outcome,
  type Attempt,
  type Try,
  type TargetState,
  type BalancerState,
} from '../engine/types';
import {
  leastOutstandingPick,
  powerOfTwoChoicesPick,
  roundRobinPick,
  weightedLeastRequestPick,
  weightedRandomPick,
  weightedRoundRobinPick,
  randomPick,
} from '../mechanisms/models/balancing';
import {
  outlierEjectedCount,
  outlierIsEjected,
  outlierRecord,
} from '../mechanisms/models/outlierDetection';
import { US_PER_MS, usFromMs, type SimTimeUs } from '../engine/time';
import { formatMs } from '../output/trace';

import type { Retries } from '../mechanisms/retries';
import type { LogWriter } from '../output/logWriter';
import type { Events } from '../engine/events';
import type { Network } from './network';

/** What createBalancers needs from the engine's other parts. */
export interface BalancersDeps {
  retries: Pick<Retries, 'budgetOutcome' | 'budgetRequest' | 'retryDelayUs'>;
  logWriter: Pick<LogWriter, 'log'>;
  events: Pick<Events, 'pushAt' | 'pushTimeout'>;
  network: Pick<Network, 'regionHopMs' | 'send' | 'userHopMs'>;
}

export function createBalancers(w: World, deps: BalancersDeps) {
  const { routingRandom, retriesBy, tracer, tryTimeouts } = w;
  const { budgetOutcome, budgetRequest, retryDelayUs } = deps.retries;
  const { log } = deps.logWriter;
  const { pushAt, pushTimeout } = deps.events;
  const { regionHopMs, send, userHopMs } = deps.network;

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
    const try_: Try = {
      attempt,
      target,
      startUs: w.nowUs,
      done: false,
      atServerUs: 0 as SimTimeUs,
      dependencyBackoffMs: 0,
    };
    attempt.tries++;
    attempt.current = try_;
    if (attempt.tries === 1) budgetRequest(attempt.balancer.budget);
    target.outstanding++;
    target.routed++;
    w.serverTries++;
    if (w.settings.balancer.perTryTimeoutMs > 0) {
      pushTimeout(tryTimeouts, usFromMs(w.settings.balancer.perTryTimeoutMs), try_);
    }
    if (tracer.on(attempt.user)) {
      const balancer = attempt.balancer;
      const pool = balancer.failingOpen
        ? `failing open: any of ${balancer.eligible?.length ?? balancer.targets.length}`
        : `${balancer.eligible?.length ?? balancer.targets.length} healthy`;
      const skipped = attempt.tried ? `, skipping ${attempt.tried.length} tried` : '';
      tracer.child(
        attempt,
        'try',
        `try ${attempt.tries}: ${balancer.info.id} picks ${target.id} (${w.settings.balancer.algorithm}, ${pool}${skipped})`,
        target.id,
        w.nowUs,
        null,
        null,
        try_,
      );
    }
    const e = send(AT_SERVER, attempt.user, target.link, true, regionHopMs());
    if (e) e.try_ = try_;
  };

  /** The try's per-try timeout is due: the balancer stops waiting if it has no answer yet. */
  const tryTimeout = (try_: Try): void => {
    if (try_.done) return;
    if (tracer.on(try_.attempt.user)) {
      tracer.child(
        try_,
        'timeout',
        `${try_.attempt.balancer.info.id}'s per-try timeout fires (${w.settings.balancer.perTryTimeoutMs} ms)`,
        try_.attempt.balancer.info.id,
        w.nowUs,
        w.nowUs,
        'timeout',
      );
    }
    // Envoy answers 504 when its per-try timeout fires and no retry is left.
    tryFinished(try_, 'timeout');
  };

  /** The balancer has this try's result (an answer, or its own per-try timeout). */
  const tryFinished = (try_: Try, outcome: Outcome): void => {
    try_.done = true;
    try_.target.outstanding--;
    const attempt = try_.attempt;
    const balancer = attempt.balancer;
    const ok = outcome === 'ok' || outcome === 'degraded';
    const traced = tracer.on(attempt.user);
    if (traced) tracer.end(try_, w.nowUs, outcome);
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
        if (traced) {
          tracer.child(
            attempt,
            'balancer-backoff',
            `${balancer.info.id} backs off ${formatMs(delayUs)} before try ${attempt.tries + 1}`,
            balancer.info.id,
            w.nowUs,
            (w.nowUs + delayUs) as SimTimeUs,
          );
        }
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

  return { startTry, tryFinished, tryTimeout };
}

export type Balancers = ReturnType<typeof createBalancers>;
