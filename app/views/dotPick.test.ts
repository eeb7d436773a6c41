/**
 * Picking a dot: the places the canvas draws dots at, the nearest one to a pointer or a
 * part, and nothing picked where nothing is drawn (a lost message past its drop point,
 * a hop drawn slowed down rather than live, a probe).
 */
import { describe, expect, it } from 'vitest';
import type { ComponentInfo, LinkInfo, MessageView, SimTimeUs } from '../sim';
import { topologyLayout } from './layout';
import { dotPlaces, nearestDot, nearestOtherDot, nodeCentre, type DotsNow } from './dotPick';
import { messagePoint } from './messages';

const COMPONENTS: ComponentInfo[] = [
  { id: 'users', kind: 'users', label: 'users', region: 'eu', zone: null },
  { id: 'eu', kind: 'region', label: 'eu', region: 'eu', zone: null },
  { id: 'lb-1', kind: 'balancer', label: 'lb-1', region: 'eu', zone: null },
  { id: 'eu-a', kind: 'zone', label: 'zone a', region: 'eu', zone: 'eu-a' },
  { id: 'app-a1', kind: 'server', label: 'app-a1', region: 'eu', zone: 'eu-a' },
];
const LINKS: LinkInfo[] = [
  { id: 'users->lb-1', from: 'users', to: 'lb-1', scope: 'user' },
  { id: 'lb-1->app-a1', from: 'lb-1', to: 'app-a1', scope: 'region' },
];
const layout = topologyLayout(COMPONENTS, LINKS);

function message(requestId: number, from: string, to: string, more: Partial<MessageView> = {}) {
  return {
    id: `${requestId}:1`,
    requestId,
    from,
    to,
    sentUs: 0 as SimTimeUs,
    arrivesUs: 10_000 as SimTimeUs,
    kind: 'request',
    late: false,
    lost: false,
    probe: false,
    ...more,
  } as MessageView;
}

const now = (messages: MessageView[], nowUs: number, minTripUs = 0): DotsNow => ({
  layout,
  messages,
  dots: [],
  nowUs,
  minTripUs,
});

describe('picking a dot', () => {
  it('places each drawn dot where the canvas draws it, and picks the nearest within reach', () => {
    const a = message(1, 'users', 'lb-1');
    const b = message(2, 'lb-1', 'app-a1');
    const places = dotPlaces(now([a, b], 5_000));
    expect(places.map((p) => p.requestId)).toEqual([1, 2]);
    const atB = messagePoint(layout, b, 5_000)!;
    expect(places[1]).toEqual({ requestId: 2, x: atB.x, y: atB.y });
    expect(nearestDot(places, atB.x + 3, atB.y - 2, 10)?.requestId).toBe(2);
    // Beyond reach: nothing (the click goes on to the link under it).
    expect(nearestDot(places, atB.x + 30, atB.y + 30, 10)).toBeNull();
    // Nearest a part: the request on its link.
    const centre = nodeCentre(layout, 'app-a1')!;
    expect(nearestDot(places, centre.x, centre.y)?.requestId).toBe(2);
    expect(nodeCentre(layout, 'eu')).toBeNull();
  });

  it('leaves out what is not drawn: lost past its drop point, short hops drawn slowed, probes', () => {
    const lost = message(1, 'users', 'lb-1', { lost: true, arrivesUs: 20_000 as SimTimeUs });
    // A lost message is drawn to the middle of its link: at 6 ms of its 10 ms to the middle it shows.
    expect(dotPlaces(now([lost], 6_000))).toHaveLength(1);
    expect(dotPlaces(now([lost], 12_000))).toHaveLength(0);
    const short = message(2, 'lb-1', 'app-a1', { arrivesUs: 500 as SimTimeUs });
    expect(dotPlaces(now([short], 100, 1_000))).toHaveLength(0);
    expect(dotPlaces(now([short], 100, 0))).toHaveLength(1);
    expect(dotPlaces(now([message(3, 'users', 'lb-1', { probe: true })], 5_000))).toHaveLength(0);
  });

  // A busy run (or a busy machine: slower frames bring more hops each) draws one request in
  // 2^k; a pick followed an undrawn one, whose ring then circled nothing drawn.
  it('leaves out the live messages the sampling does not draw, as the canvas does', () => {
    const messages = [1, 2, 3, 4].map((id) => message(id, 'users', 'lb-1'));
    const sampledNow = (shift: number) => ({ ...now(messages, 5_000), samplingShift: shift });
    expect(dotPlaces(sampledNow(0)).map((p) => p.requestId)).toEqual([1, 2, 3, 4]);
    expect(dotPlaces(sampledNow(1)).map((p) => p.requestId)).toEqual([2, 4]);
    expect(dotPlaces(sampledNow(2)).map((p) => p.requestId)).toEqual([4]);
  });

  // "Trace a request in flight" pressed again: the traced request's reply passes its users
  // a moment later, nearest them, and retracing it changed nothing on the screen.
  it('picks a request other than the one traced, where another is drawn', () => {
    const near = message(1, 'users', 'lb-1', { arrivesUs: 10_000 as SimTimeUs });
    const far = message(2, 'users', 'lb-1', { sentUs: 4_000 as SimTimeUs });
    const places = dotPlaces(now([near, far], 5_000));
    const centre = nodeCentre(layout, 'users')!;
    expect(nearestOtherDot(places, centre.x, centre.y, null)?.requestId).toBe(
      nearestDot(places, centre.x, centre.y)?.requestId,
    );
    const nearest = nearestDot(places, centre.x, centre.y)!.requestId;
    const other = nearest === 1 ? 2 : 1;
    expect(nearestOtherDot(places, centre.x, centre.y, nearest)?.requestId).toBe(other);
    // Only the traced request drawn: it, rather than nothing.
    const alone = places.filter((p) => p.requestId === nearest);
    expect(nearestOtherDot(alone, centre.x, centre.y, nearest)?.requestId).toBe(nearest);
    expect(nearestOtherDot([], centre.x, centre.y, nearest)).toBeNull();
  });
});
