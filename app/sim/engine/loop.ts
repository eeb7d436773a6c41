/**
 * The event loop: dispatches each event to the part that handles it, interleaving the periodic events and the timeouts (client, per-try, dependency call) with the requests' events in one (time, phase, sequence) order.
 */
import { serverAlive, type World } from './world';
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
  AT_DEPENDENCY,
  DEPENDENCY_DONE,
  DEPENDENCY_REPLY,
  CLIENT_RETRY,
  BALANCER_RETRY,
  SERVER_RETRY,
  CALLBACK,
  DELIVERED_MAX,
  type Outcome,
  type SimEvent,
} from './types';
import { before, entryBefore, entryBeforeEvent, type TimeoutFifo } from './eventQueue';
import { usFromMs, type SimTimeUs } from './time';

import type { Servers } from '../requests/servers';
import type { Clients } from '../requests/clients';
import type { DependencyCalls } from '../requests/dependency';
import type { Idempotency } from '../mechanisms/idempotency';
import type { HealthChecks } from '../mechanisms/healthChecks';
import type { Dns } from '../requests/dns';
import type { CommandApplier } from '../commands/apply';
import type { Messages } from '../output/messages';
import type { Events } from './events';
import type { Monitoring } from '../mechanisms/monitoring';
import type { Balancers } from '../requests/balancers';

/** What createEventLoop needs from the engine's other parts. */
export interface EventLoopDeps {
  servers: Pick<Servers, 'admit' | 'releaseWorker' | 'replyFromDependency' | 'replyFromServer'>;
  clients: Pick<
    Clients,
    | 'attemptFinished'
    | 'clientTimeout'
    | 'scheduleNextArrival'
    | 'startAttempt'
    | 'startUserRequest'
  >;
  dependencyCalls: Pick<
    DependencyCalls,
    'callDependency' | 'callTimeout' | 'dependencyResult' | 'serviceDone'
  >;
  idempotency: Pick<Idempotency, 'chargeCard'>;
  healthChecks: Pick<HealthChecks, 'checkResult' | 'sendCheck'>;
  dns: Pick<Dns, 'dnsCheck'>;
  commandApplier: Pick<CommandApplier, 'execute' | 'flapToggle'>;
  messages: Pick<Messages, 'messageView'>;
  events: Pick<Events, 'pushAt' | 'releaseEvent'>;
  monitoring: Pick<Monitoring, 'secondTick'>;
  balancers: Pick<Balancers, 'startTry' | 'tryFinished' | 'tryTimeout'>;
}

/** Where the next thing due waits: one of the two event queues or one of the timeout FIFOs. */
const QUEUE = 0;
const CLIENT_TIMEOUTS = 1;
const CALL_TIMEOUTS = 2;
const TRY_TIMEOUTS = 3;
const PERIODIC = 4;
/** No timeout FIFO holds anything. */
const NO_TIMEOUT = -1;

export function createEventLoop(w: World, deps: EventLoopDeps) {
  const {
    trackMessages,
    faultRandom,
    queue,
    periodicQueue,
    clientTimeouts,
    callTimeouts,
    tryTimeouts,
    inTransit,
    delivered,
    series,
    dependency,
    tracer,
  } = w;
  const { admit, releaseWorker, replyFromDependency, replyFromServer } = deps.servers;
  const { attemptFinished, clientTimeout, scheduleNextArrival, startAttempt, startUserRequest } =
    deps.clients;
  const { callDependency, callTimeout, dependencyResult, serviceDone } = deps.dependencyCalls;
  const { chargeCard } = deps.idempotency;
  const { checkResult, sendCheck } = deps.healthChecks;
  const { dnsCheck } = deps.dns;
  const { execute, flapToggle } = deps.commandApplier;
  const { messageView } = deps.messages;
  const { pushAt, releaseEvent } = deps.events;
  const { secondTick } = deps.monitoring;
  const { startTry, tryFinished, tryTimeout } = deps.balancers;

  /** The traced request reached a part that will never answer (it waits for a timeout). */
  const traceSilence = (key: object, target: string, why: string): void => {
    tracer.child(key, 'no-answer', `${target} never answers: ${why}`, target, w.nowUs, w.nowUs);
  };

  /** The traced request got an answer at once, without any work done. */
  const traceAnswer = (key: object, target: string, what: string, outcome: Outcome): void => {
    tracer.child(key, 'fast-fail', `${target} ${what}`, target, w.nowUs, w.nowUs, outcome);
  };

  const handle = (e: SimEvent): void => {
    switch (e.kind) {
      case ARRIVAL: {
        const group = e.group;
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
        const group = e.group;
        startUserRequest(group, true);
        pushAt(PROBE, usFromMs(w.settings.monitoring.probeIntervalMs)).group = group;
        return;
      }
      case SECOND_TICK:
        return secondTick();
      case CLIENT_RETRY:
        if (!e.user.done) startAttempt(e.user);
        return;
      case AT_BALANCER: {
        const attempt = e.attempt;
        if (attempt.balancer.region.down) {
          // Nothing answers in a dead region.
          if (tracer.on(attempt.user))
            traceSilence(attempt, attempt.balancer.info.id, 'its region is down');
          return;
        }
        if (attempt.done) return; // the user gave up and closed the connection
        return startTry(attempt);
      }
      case BALANCER_RETRY: {
        const attempt = e.attempt;
        if (attempt.done || attempt.balancer.region.down) return;
        return startTry(attempt);
      }
      case AT_SERVER: {
        const try_ = e.try_;
        const server = try_.target.server;
        const traced = tracer.on(try_.attempt.user);
        if (!serverAlive(server)) {
          // A dead host answers nothing.
          if (traced) traceSilence(try_, server.info.id, 'its host is down');
          return;
        }
        if (server.process === 'crashed') {
          if (traced)
            traceAnswer(
              try_,
              server.info.id,
              'its process has crashed: connection refused at once',
              'refused',
            );
          return replyFromServer(try_, 'refused');
        }
        if (server.errorFraction > 0 && faultRandom.chance(server.errorFraction)) {
          if (traced) traceAnswer(try_, server.info.id, 'answers an error at once (5xx)', 'error');
          return replyFromServer(try_, 'error');
        }
        if (
          w.settings.server.shedding === 'on' &&
          server.inService.length >= w.settings.server.workers &&
          server.queue.length - server.queueHead >= w.settings.server.queueLimit
        ) {
          // Reject at once (503) rather than queue work that would time out anyway.
          if (traced)
            traceAnswer(try_, server.info.id, 'its queue is full: shed at once (503)', 'shed');
          return replyFromServer(try_, 'shed');
        }
        try_.atServerUs = w.nowUs;
        return admit(server, try_);
      }
      case SERVICE_DONE: {
        const server = e.server;
        if (e.epoch !== server.epoch) return; // the process or host died meanwhile
        return serviceDone(server, e.try_);
      }
      case SERVER_RETRY: {
        const server = e.server;
        if (e.epoch !== server.epoch) return;
        return callDependency(server, e.try_, e.probe);
      }
      case AT_DEPENDENCY: {
        const call = e.call;
        const dep = dependency!;
        if (!serverAlive(dep)) return;
        if (dep.process === 'crashed') return replyFromDependency(call, 'refused');
        if (dep.errorFraction > 0 && faultRandom.chance(dep.errorFraction))
          return replyFromDependency(call, 'error');
        return admit(dep, call);
      }
      case DEPENDENCY_DONE: {
        const dep = e.server;
        if (e.epoch !== dep.epoch) return;
        const call = e.call;
        tracer.workDone(call, w.nowUs);
        // The side effect happens here, whether or not anyone still waits for the answer.
        chargeCard(call.try_.attempt.user);
        if (call.done) dep.wastedWork++;
        releaseWorker(dep, call);
        return replyFromDependency(call, 'ok');
      }
      case DEPENDENCY_REPLY: {
        const call = e.call;
        if (call.done || call.epoch !== call.server.epoch) return; // too late, or the caller died
        return dependencyResult(call, e.outcome);
      }
      case REPLY_AT_BALANCER: {
        const try_ = e.try_;
        if (try_.attempt.balancer.region.down || try_.done) return;
        return tryFinished(try_, e.outcome);
      }
      case REPLY_AT_USER: {
        const attempt = e.attempt;
        if (!attempt.done) attemptFinished(attempt, e.outcome);
        return;
      }
      case CHECK_SEND:
        return sendCheck(e.target);
      case CHECK_RESULT:
        if (e.probe === e.target.probeSeq) checkResult(e.target, e.outcome);
        return;
      case COMMAND:
        return execute(e.command);
      case DROPPED:
        return; // only drawn
      case FLAP_TOGGLE:
        if (e.epoch === e.server.flapEpoch) flapToggle(e.server);
        return;
      case DNS_CHECK:
        return dnsCheck(e.region);
      case CALLBACK:
        return e.fn();
    }
  };

  /** Drops the entries at a FIFO's head whose attempt, try or call is over. */
  const dropFinished = (fifo: TimeoutFifo<{ done: boolean }>): void => {
    while (fifo.size > 0 && fifo.first().done) fifo.shift();
  };

  /** The earliest due time among the timeout FIFOs' heads and the periodic queue's. */
  const earliestAsideUs = (): number => {
    const periodic = periodicQueue.peek();
    return Math.min(
      clientTimeouts.size > 0 ? clientTimeouts.firstTimeUs() : Infinity,
      callTimeouts.size > 0 ? callTimeouts.firstTimeUs() : Infinity,
      tryTimeouts.size > 0 ? tryTimeouts.firstTimeUs() : Infinity,
      periodic === undefined ? Infinity : periodic.timeUs,
    );
  };

  const runUntil = (untilUs: number): void => {
    // The clock is whole microseconds: a driver's fractional frame time is floored, so
    // a command applied live lands on the same microsecond a replay schedules it at.
    const timeUs = Math.floor(untilUs) as SimTimeUs;
    for (;;) {
      let next = queue.peek();
      let from = QUEUE;
      // Only when something kept aside may be due first (at the same microsecond, by
      // phase and sequence number) are the FIFOs' and the periodic queue's heads
      // compared with the request queue's next event.
      if (next === undefined || w.asideDueUs <= next.timeUs) {
        const periodic = periodicQueue.peek();
        if (periodic !== undefined && (next === undefined || before(periodic, next))) {
          next = periodic;
          from = PERIODIC;
        }
        let timeout = NO_TIMEOUT;
        let dueUs = 0;
        let dueSeq = 0;
        if (clientTimeouts.size > 0) {
          timeout = CLIENT_TIMEOUTS;
          dueUs = clientTimeouts.firstTimeUs();
          dueSeq = clientTimeouts.firstSeq();
        }
        if (
          callTimeouts.size > 0 &&
          (timeout === NO_TIMEOUT ||
            entryBefore(callTimeouts.firstTimeUs(), callTimeouts.firstSeq(), dueUs, dueSeq))
        ) {
          timeout = CALL_TIMEOUTS;
          dueUs = callTimeouts.firstTimeUs();
          dueSeq = callTimeouts.firstSeq();
        }
        if (
          tryTimeouts.size > 0 &&
          (timeout === NO_TIMEOUT ||
            entryBefore(tryTimeouts.firstTimeUs(), tryTimeouts.firstSeq(), dueUs, dueSeq))
        ) {
          timeout = TRY_TIMEOUTS;
          dueUs = tryTimeouts.firstTimeUs();
          dueSeq = tryTimeouts.firstSeq();
        }
        if (
          timeout !== NO_TIMEOUT &&
          (next === undefined || entryBeforeEvent(dueUs, dueSeq, next))
        ) {
          if (dueUs > timeUs) break;
          // A timeout whose attempt, try or call is over does nothing (`done` never goes
          // back to false): it is taken without being handled or moving the clock. Most
          // requests end long before their timeouts are due, so the entries behind it
          // are mostly over too: they are dropped now, all at once, rather than each
          // bringing the loop here when due. The FIFO's head is then a live timeout's
          // (or the next to come), usually seconds ahead.
          if (timeout === CLIENT_TIMEOUTS) {
            const attempt = clientTimeouts.shift();
            if (!attempt.done) {
              w.nowUs = dueUs as SimTimeUs;
              clientTimeout(attempt);
            }
            dropFinished(clientTimeouts);
          } else if (timeout === CALL_TIMEOUTS) {
            const call = callTimeouts.shift();
            if (!call.done) {
              w.nowUs = dueUs as SimTimeUs;
              callTimeout(call);
            }
            dropFinished(callTimeouts);
          } else {
            const try_ = tryTimeouts.shift();
            if (!try_.done) {
              w.nowUs = dueUs as SimTimeUs;
              tryTimeout(try_);
            }
            dropFinished(tryTimeouts);
          }
          w.asideDueUs = earliestAsideUs();
          continue;
        }
      }
      if (next === undefined || next.timeUs > timeUs) break;
      if (from === QUEUE) queue.pop();
      else {
        periodicQueue.pop();
        w.asideDueUs = earliestAsideUs();
      }
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

  return { runUntil };
}
