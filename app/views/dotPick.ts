/**
 * Picking a request on the diagram (issue 13, "Follow one request"): where each drawn
 * dot is, which one a pointer or a chosen part is nearest, and the ring that marks the
 * traced request as it travels. Dots are the canvas's (messages.ts live, particles.ts
 * slowed down), so these read the same places the drawing does. Pure: positions in, a
 * request id or canvas strokes out.
 */
import type { MessageView } from '../sim';
import type { TopologyLayout } from './layout';
import { markerRadius, messagePoint, messageProgress, type CanvasTransform } from './messages';
import { DeliveredDots, sampled, type Dot } from './particles';

/** A request drawn on the diagram now, at (x, y) in SVG units. */
export interface DotPlace {
  requestId: number;
  x: number;
  y: number;
}

/** What the canvas shows now: the frame's messages and the slowed-down dots. */
export interface DotsNow {
  layout: TopologyLayout;
  messages: readonly MessageView[];
  dots: readonly Dot[];
  nowUs: number;
  /** Hops shorter than this are drawn as slowed-down dots, not live (0: all live). */
  minTripUs: number;
  /**
   * One request in 2^samplingShift is drawn (0: all; "1 dot = N requests"): the canvas
   * draws only those live messages (messages.ts drawMessages), so only those are picked.
   * Omitted: 0.
   */
  samplingShift?: number;
}

/**
 * Every request drawn now, one place per dot (a request may have two: a hop live and
 * one replayed). Lost messages past their drop point, requests the sampling leaves
 * undrawn, and probes are left out: they are not drawn, or not a user's request. (The
 * slowed-down dots are sampled when they are made: each is drawn.)
 */
export function dotPlaces(now: DotsNow): DotPlace[] {
  const places: DotPlace[] = [];
  for (const message of now.messages) {
    if (message.probe) continue;
    if (message.arrivesUs - message.sentUs < now.minTripUs) continue;
    if (!sampled(message.requestId, now.samplingShift ?? 0)) continue;
    if (message.lost && messageProgress(message, now.nowUs) >= 0.5) continue;
    const at = messagePoint(now.layout, message, now.nowUs);
    if (at) places.push({ requestId: message.requestId, x: at.x, y: at.y });
  }
  for (const dot of now.dots) {
    const at = DeliveredDots.position(now.layout, dot, now.nowUs);
    if (at) places.push({ requestId: dot.requestId, x: at.x, y: at.y });
  }
  return places;
}

/** The place nearest (x, y) within `maxDistance` (same units), or null. */
export function nearestDot(
  places: readonly DotPlace[],
  x: number,
  y: number,
  maxDistance = Infinity,
): DotPlace | null {
  let best: DotPlace | null = null;
  let bestSq = maxDistance * maxDistance;
  for (const place of places) {
    const dSq = (place.x - x) ** 2 + (place.y - y) ** 2;
    if (dSq <= bestSq) {
      best = place;
      bestSq = dSq;
    }
  }
  return best;
}

/**
 * The place nearest (x, y) of a request other than `tracedId` (the one already followed),
 * where another is drawn, else the nearest: "Trace a request in flight" pressed again
 * follows a new request. (The traced request's reply heads back past its users a moment
 * after it was picked, so the nearest to them was often the one already traced: the
 * button seemed to do nothing.)
 */
export function nearestOtherDot(
  places: readonly DotPlace[],
  x: number,
  y: number,
  tracedId: number | null,
): DotPlace | null {
  const others = places.filter((p) => p.requestId !== tracedId);
  return nearestDot(others.length > 0 ? others : places, x, y);
}

/** The centre of a diagram part, in SVG units, or null when it is not drawn. */
export function nodeCentre(layout: TopologyLayout, id: string): { x: number; y: number } | null {
  const node = layout.nodeById.get(id);
  return node ? { x: node.x + node.width / 2, y: node.y + node.height / 2 } : null;
}

/**
 * Rings every dot of the traced request and writes its number beside the first, so it
 * is found by shape and text, not colour alone. `colour` is the theme's text colour.
 */
export function drawTracedMarker(
  ctx: CanvasRenderingContext2D,
  now: DotsNow,
  requestId: number,
  transform: CanvasTransform,
  colour: string,
): void {
  const places = dotPlaces(now).filter((p) => p.requestId === requestId);
  if (places.length === 0) return;
  const radius = markerRadius(transform) * 2.4;
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = Math.max(2, radius / 4);
  ctx.beginPath();
  for (const place of places) {
    const x = transform.offsetX + place.x * transform.scale;
    const y = transform.offsetY + place.y * transform.scale;
    ctx.moveTo(x + radius, y);
    ctx.arc(x, y, radius, 0, Math.PI * 2);
  }
  ctx.stroke();
  const first = places[0]!;
  ctx.font = `600 ${Math.max(11, Math.round(radius * 1.1))}px system-ui, sans-serif`;
  ctx.textBaseline = 'middle';
  ctx.fillText(
    `traced #${requestId}`,
    transform.offsetX + first.x * transform.scale + radius + 3,
    transform.offsetY + first.y * transform.scale - radius,
  );
  ctx.restore();
}
