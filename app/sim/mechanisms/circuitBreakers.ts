/**
 * Circuit breakers on app servers' calls to the dependency: created from settings, transitions logged.
 */
import { type World } from '../engine/world';
import { type ServerState } from '../engine/types';
import {
  createBreaker,
  type BreakerTransition,
  type CircuitBreaker,
} from './models/circuitBreaker';

import type { LogWriter } from '../output/logWriter';

/** What createBreakers needs from the engine's other parts. */
export interface BreakersDeps {
  logWriter: Pick<LogWriter, 'log'>;
}

export function createBreakers(w: World, deps: BreakersDeps) {
  const { dependency } = w;
  const { log } = deps.logWriter;

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

  return { breakerFor, logBreaker };
}

export type Breakers = ReturnType<typeof createBreakers>;
