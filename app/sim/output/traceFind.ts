/**
 * Finds a request in flight by its id, for a trace started mid-way (`traceRequest`):
 * its attempt the client waits on, a pending client, balancer or server retry, the try
 * and where it is (a server's queue), the payments call it waits on. Reads the event
 * queue and the client and call timeouts once, when asked; changes nothing.
 */
import {
  AT_DEPENDENCY,
  BALANCER_RETRY,
  CLIENT_RETRY,
  DEPENDENCY_DONE,
  DEPENDENCY_REPLY,
  SERVER_RETRY,
  type Attempt,
} from '../engine/types';
import type { World } from '../engine/world';
import type { InFlightRequest } from './trace';

/** The request `requestId` as it stands now, or null when it is not in flight. */
export function findInFlight(w: World, requestId: number): InFlightRequest | null {
  // Every attempt the client still waits on has its timeout in the FIFO (a finished
  // attempt's entry may stay until due: it is skipped by `done`).
  let attempt = null as Attempt | null;
  w.clientTimeouts.forEach((_, a) => {
    if (!a.done && a.user.id === requestId) attempt = a;
  });
  let user = attempt ? attempt.user : null;
  const current = attempt ? attempt.current : null;
  const try_ = current && !current.done ? current : null;
  const found: Omit<InFlightRequest, 'user'> = {
    attempt,
    clientRetryUs: null,
    balancerRetryUs: null,
    try_,
    queued: false,
    call: null,
    dependencyId: w.dependency ? w.dependency.info.id : null,
    serverRetryUs: null,
    serverRetryCall: 0,
  };
  w.queue.forEach((e) => {
    switch (e.kind) {
      case CLIENT_RETRY:
        if (e.user.id === requestId && !e.user.done) {
          user = e.user;
          found.clientRetryUs = e.timeUs;
        }
        return;
      case BALANCER_RETRY:
        if (attempt !== null && e.attempt === attempt) found.balancerRetryUs = e.timeUs;
        return;
      case SERVER_RETRY:
        if (try_ !== null && e.try_ === try_ && e.epoch === e.server.epoch) {
          found.serverRetryUs = e.timeUs;
          found.serverRetryCall = e.probe;
        }
        return;
      case AT_DEPENDENCY:
      case DEPENDENCY_DONE:
      case DEPENDENCY_REPLY:
        if (try_ !== null && e.call.try_ === try_ && !e.call.done) found.call = e.call;
        return;
    }
  });
  // Every call not yet over has its timeout in this FIFO (as attempts do in the client's).
  w.callTimeouts.forEach((_, call) => {
    if (try_ !== null && call.try_ === try_ && !call.done) found.call = call;
  });
  if (user === null || user.done) return null;
  if (try_ !== null) {
    const server = try_.target.server;
    for (let i = server.queueHead; i < server.queue.length; i++) {
      if (server.queue[i] === try_) found.queued = true;
    }
  }
  return { ...found, user };
}
