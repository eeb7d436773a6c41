/**
 * Messages on links: latency with jitter, loss and cuts, and what views draw of them.
 */
import { type World } from '../engine/world';
import {
  DROPPED,
  type Outcome,
  type PooledEvent,
  type SentKind,
  type SimEventOf,
  type TravellingEvent,
  type LinkState,
  type UserRequest,
} from '../engine/types';
import type { MessageView } from '../output/snapshot';
import { US_PER_MS } from '../engine/time';

import type { Events } from '../engine/events';

/** What createNetwork needs from the engine's other parts. */
export interface NetworkDeps {
  events: Pick<Events, 'makeEvent' | 'push'>;
}

export function createNetwork(w: World, deps: NetworkDeps) {
  const { trackMessages, networkRandom, inTransit } = w;
  const { makeEvent, push } = deps.events;

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
  const send = <K extends SentKind>(
    kind: K,
    user: UserRequest,
    link: LinkState,
    forward: boolean,
    baseMs: number,
    outcome?: Outcome,
  ): SimEventOf<K> | null => {
    const latencyUs = hopUs(baseMs + link.addedLatencyMs);
    const from = forward ? link.info.from : link.info.to;
    const to = forward ? link.info.to : link.info.from;
    if (lostOn(link, forward)) {
      w.tracer.lost(user, from, to, w.nowUs);
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
    const e = makeEvent(kind, w.nowUs + latencyUs);
    // Every sent kind carries these (`Travelling`); the caller adds its own fields.
    const fields: PooledEvent = e;
    fields.user = user;
    fields.outcome = outcome;
    fields.from = from;
    fields.to = to;
    fields.sentUs = w.nowUs;
    push(e);
    if (trackMessages) inTransit.add(e as TravellingEvent);
    return e;
  };

  return { hopUs, regionHopMs, userHopMs, lostOn, kindOf, send };
}

export type Network = ReturnType<typeof createNetwork>;
