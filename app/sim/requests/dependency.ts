/**
 * Calls from app servers to the dependency (payments): breaker, timeout, retries, fallback.
 */
import { type World } from '../engine/world';
import {
  AT_DEPENDENCY,
  SERVER_RETRY,
  type Outcome,
  type Try,
  type DependencyCall,
  type ServerState,
} from '../engine/types';
import { breakerAcquire, breakerRecord } from '../mechanisms/models/circuitBreaker';
import { type FailureReason } from '../output/series';
import { US_PER_MS, usFromMs, type SimTimeUs } from '../engine/time';
import { formatMs } from '../output/trace';

import type { Breakers } from '../mechanisms/circuitBreakers';
import type { Retries } from '../mechanisms/retries';
import type { Servers } from './servers';
import type { Events } from '../engine/events';
import type { Network } from './network';

/** What createDependencyCalls needs from the engine's other parts. */
export interface DependencyCallsDeps {
  breakers: Pick<Breakers, 'breakerFor' | 'logBreaker'>;
  retries: Pick<Retries, 'budgetOutcome' | 'budgetRequest' | 'retryDelayUs'>;
  servers: Pick<Servers, 'completeTry' | 'databaseStep' | 'dependencyLink'>;
  events: Pick<Events, 'pushAt' | 'pushTimeout'>;
  network: Pick<Network, 'send'>;
}

export function createDependencyCalls(w: World, deps: DependencyCallsDeps) {
  const { dependencyTimeHistogram, retriesBy, dependency, tracer, callTimeouts } = w;
  const { breakerFor, logBreaker } = deps.breakers;
  const { budgetOutcome, budgetRequest, retryDelayUs } = deps.retries;
  const { completeTry, databaseStep, dependencyLink } = deps.servers;
  const { pushAt, pushTimeout } = deps.events;
  const { send } = deps.network;

  /** A server finished its own part of a try: call the dependency, then the database, then answer. */
  const serviceDone = (server: ServerState, try_: Try): void => {
    if (tracer.on(try_.attempt.user)) tracer.workDone(try_, w.nowUs);
    if (try_.attempt.user.needsDependency && dependency) return callDependency(server, try_, 1);
    databaseStep(server, try_, 'ok');
  };

  const callDependency = (server: ServerState, try_: Try, n: number): void => {
    const breaker = breakerFor(server);
    const traced = tracer.on(try_.attempt.user);
    if (breaker) {
      const { permitted, transition } = breakerAcquire(breaker, w.nowUs);
      logBreaker(server, transition);
      if (traced) {
        tracer.child(
          try_,
          'breaker',
          permitted
            ? `${server.info.id}'s breaker is ${breaker.state}: call ${n} goes through`
            : `${server.info.id}'s breaker is ${breaker.state}: call ${n} rejected at once`,
          server.info.id,
          w.nowUs,
          w.nowUs,
          permitted ? null : 'circuit-open',
        );
      }
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
    if (traced) {
      tracer.child(
        try_,
        'dependency-call',
        `${server.info.id} calls ${dependency!.info.id} (call ${n}, timeout ${w.settings.dependency.timeoutMs} ms)`,
        dependency!.info.id,
        w.nowUs,
        null,
        null,
        call,
      );
    }
    // Before the message below, so the timeout's sequence number comes first.
    pushTimeout(callTimeouts, usFromMs(w.settings.dependency.timeoutMs), call);
    const e = send(
      AT_DEPENDENCY,
      try_.attempt.user,
      dependencyLink(server),
      true,
      w.settings.dependency.latencyMs,
    );
    if (e) e.call = call;
  };

  /** The call's timeout is due and it has no answer yet (unless its server died meanwhile). */
  const callTimeout = (call: DependencyCall): void => {
    if (call.done || call.epoch !== call.server.epoch) return;
    if (tracer.on(call.try_.attempt.user)) {
      tracer.child(
        call,
        'timeout',
        `${call.server.info.id}'s call timeout fires (${w.settings.dependency.timeoutMs} ms)`,
        call.server.info.id,
        w.nowUs,
        w.nowUs,
        'timeout',
      );
    }
    dependencyResult(call, 'timeout');
  };

  /** The server has its answer from the dependency (or its own timeout fired). */
  const dependencyResult = (call: DependencyCall, outcome: Outcome): void => {
    call.done = true;
    const server = call.server;
    if (tracer.on(call.try_.attempt.user)) tracer.end(call, w.nowUs, outcome);
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
    const traced = tracer.on(try_.attempt.user);
    if (delayUs !== null) {
      if (traced) {
        tracer.child(
          try_,
          'server-backoff',
          `${server.info.id} backs off ${formatMs(delayUs)} before call ${n + 1}`,
          server.info.id,
          w.nowUs,
          (w.nowUs + delayUs) as SimTimeUs,
        );
      }
      try_.dependencyBackoffMs = delayUs / US_PER_MS;
      retriesBy.server++;
      const e = pushAt(SERVER_RETRY, delayUs);
      e.server = server;
      e.try_ = try_;
      e.epoch = server.epoch;
      e.probe = n + 1;
      return;
    }
    if (w.settings.degradation.enabled === 'on') {
      if (traced) {
        tracer.child(
          try_,
          'fallback',
          `${server.info.id} falls back to a degraded answer (no payment taken)`,
          server.info.id,
          w.nowUs,
          w.nowUs,
          'degraded',
        );
      }
      return databaseStep(server, try_, 'degraded');
    }
    // The app answers 503 when its breaker is open, 502 when the dependency failed.
    completeTry(server, try_, reason === 'circuit-open' ? 'circuit-open' : 'error');
  };

  return { serviceDone, callDependency, callTimeout, dependencyResult };
}

export type DependencyCalls = ReturnType<typeof createDependencyCalls>;
