/**
 * Messages as views see them: those on the wire and those just delivered or lost (trackMessages only).
 */
import { type World } from '../engine/world';
import {
  AT_BALANCER,
  AT_SERVER,
  DROPPED,
  AT_DEPENDENCY,
  DELIVERED_MAX,
  DEPENDENCY_REPLY,
  REPLY_AT_BALANCER,
  REPLY_AT_USER,
  type TravellingEvent,
} from '../engine/types';
import type { MessageView } from './snapshot';
import type { SimTimeUs } from '../engine/time';

import type { Network } from '../requests/network';

/** What createMessages needs from the engine's other parts. */
export interface MessagesDeps {
  network: Pick<Network, 'kindOf'>;
}

export function createMessages(w: World, deps: MessagesDeps) {
  const { delivered } = w;
  const { kindOf } = deps.network;

  /** Whether the message's request has moved on (the user gave up, the try timed out). */
  const lateOf = (e: TravellingEvent): boolean => {
    switch (e.kind) {
      case AT_BALANCER:
      case REPLY_AT_USER:
        return e.attempt.done;
      case AT_SERVER:
      case REPLY_AT_BALANCER:
        return e.try_.done;
      case AT_DEPENDENCY:
      case DEPENDENCY_REPLY:
        return e.call.done;
      case DROPPED:
        return e.user.done;
    }
  };

  /** A travelling (or just delivered) message as views see it. */
  const messageView = (e: TravellingEvent): MessageView => {
    const user = e.user;
    const lost = e.kind === DROPPED;
    const forward = e.kind === AT_BALANCER || e.kind === AT_SERVER || e.kind === AT_DEPENDENCY;
    return {
      id: `${user.id}:${e.seq}`,
      requestId: user.id,
      from: e.from,
      to: e.to,
      sentUs: e.sentUs,
      arrivesUs: lost ? ((e.sentUs + 2 * (e.timeUs - e.sentUs)) as SimTimeUs) : e.timeUs,
      kind: lost ? e.lostKind : kindOf(forward, e.outcome),
      late: lateOf(e),
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

  return { messageView, deliveredSince };
}

export type Messages = ReturnType<typeof createMessages>;
