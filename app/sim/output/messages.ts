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
  type SimEvent,
} from '../engine/types';
import type { MessageView } from './snapshot';

import type { Network } from '../requests/network';

/** What createMessages needs from the engine's other parts. */
export type MessagesDeps = Pick<Network, 'kindOf'>;

export function createMessages(w: World, deps: MessagesDeps) {
  const { delivered } = w;
  const { kindOf } = deps;

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

  return { messageView, deliveredSince };
}

export type Messages = ReturnType<typeof createMessages>;
