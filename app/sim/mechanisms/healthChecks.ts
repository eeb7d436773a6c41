/**
 * Health checks: balancers' periodic checks of their targets and the healthy/unhealthy verdicts.
 */
import { serverAlive, type World } from '../engine/world';
import {
  CHECK_SEND,
  CHECK_RESULT,
  CHECK_PROCESSING_US,
  type Outcome,
  type TargetState,
} from '../engine/types';
import { type FailureReason } from '../output/series';
import { usFromMs } from '../engine/time';

import type { Network } from '../requests/network';
import type { LogWriter } from '../output/logWriter';
import type { Events } from '../engine/events';

/** What createHealthChecks needs from the engine's other parts. */
export interface HealthChecksDeps {
  network: Pick<Network, 'hopUs' | 'lostOn' | 'regionHopMs'>;
  logWriter: Pick<LogWriter, 'log'>;
  events: Pick<Events, 'pushAt'>;
}

export function createHealthChecks(w: World, deps: HealthChecksDeps) {
  const { checkRandom } = w;
  const { hopUs, lostOn, regionHopMs } = deps.network;
  const { log } = deps.logWriter;
  const { pushAt } = deps.events;

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

  return { scheduleCheck, sendCheck, checkResult };
}

export type HealthChecks = ReturnType<typeof createHealthChecks>;
