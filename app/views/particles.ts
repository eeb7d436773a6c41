/**
 * Short hops, slowed down so they can be seen, from the engine's delivered messages.
 *
 * Inside a region a hop takes about half a millisecond, so a real message almost never
 * exists at the instant a frame is drawn. The engine lists every message that finished
 * its hop (or was lost) since a time (`deliveredSince`), with its real kind; each one
 * becomes a dot that travels its link over at least HOP_WALL_MS of wall-clock time,
 * starting when the message was really sent or, if later, when the previous hop of the
 * same request finished on screen, so a request's hops play one after another.
 * Colours and outcomes are the engine's; only the pace is visual. Long hops (which
 * last at least HOP_WALL_MS) are drawn live from the snapshot instead (messages.ts).
 *
 * At high speeds there are more hops than dots worth drawing: whole requests are
 * sampled (every 2^k-th request id), so each drawn request keeps all of its hops and
 * the mix of outcomes stays the engine's. Pure simulated time in, canvas out.
 */
import type { MessageView } from '../sim';
import type { LinkLayout, TopologyLayout } from './layout';
import {
  DEFAULT_MESSAGE_PALETTE,
  lanePoint,
  markerPath,
  markerRadius,
  messageStyleKey,
  MESSAGE_STYLE,
  paintMarkers,
  type CanvasTransform,
  type MessagePalette,
  type MessageStyleKey,
} from './messages';

/** The shortest time a hop is shown for, in wall-clock milliseconds at any speed. */
export const HOP_WALL_MS = 280;

/** At most this many new dots per frame (whole requests are sampled beyond it). */
export const DOTS_NEW_PER_FRAME_MAX = 36;

/** At most this many dots at once. */
export const DOTS_ALIVE_MAX = 700;

/** Frames in a row with little traffic before sampling is relaxed by one step. */
const RELAX_AFTER_FRAMES = 30;

/** One animation frame at 60 Hz, in wall-clock milliseconds (the pace sampling is set for). */
const FRAME_WALL_MS = 1000 / 60;

/** The shortest hop drawn live, in simulated microseconds, at `speed`. */
export function minVisibleTripUs(speed: number): number {
  return HOP_WALL_MS * speed * 1000;
}

export interface Dot {
  linkId: string;
  /** Travelling against the link's direction (a reply). */
  reversed: boolean;
  requestId: number;
  /** Simulated times the dot leaves and reaches the end of its link on screen. */
  startUs: number;
  endUs: number;
  style: MessageStyleKey;
  /** Lost on the way: it vanishes half-way. */
  lost: boolean;
}

/** Whether a request id is drawn when one in 2^shift requests is. */
export function sampled(requestId: number, shift: number): boolean {
  return shift <= 0 || requestId % 2 ** shift === 0;
}

/** The sampling step that brings `candidates` hops a frame down to about `budget`. */
export function samplingShift(candidates: number, budget: number): number {
  if (candidates <= budget) return 0;
  return Math.ceil(Math.log2(candidates / budget));
}

/** A link by its two ends, either way round, without building id strings. */
type LinkIndex = Map<string, Map<string, { link: LinkLayout; reversed: boolean }>>;

const linkIndexes = new WeakMap<TopologyLayout, LinkIndex>();

/** The layout's links indexed by (from, to) in both directions (built once per layout). */
function linkIndex(layout: TopologyLayout): LinkIndex {
  let index = linkIndexes.get(layout);
  if (index) return index;
  index = new Map();
  const add = (a: string, b: string, link: LinkLayout, reversed: boolean) => {
    let byTo = index!.get(a);
    if (!byTo) index!.set(a, (byTo = new Map()));
    if (!byTo.has(b)) byTo.set(b, { link, reversed });
  };
  for (const link of layout.links) add(link.from, link.to, link, false);
  for (const link of layout.links) add(link.to, link.from, link, true);
  linkIndexes.set(layout, index);
  return index;
}

/**
 * The dots of the instant `nowUs` when no frames led up to it (after a seek or a step),
 * from the hops the engine delivered just before it (`recent`, oldest first).
 *
 * Playing, a dot is on screen from its hop's sending for HOP_WALL_MS of wall time, so the
 * dots of an instant are the short hops sent in the last `minVisibleTripUs(speed)`: the
 * hop window. Each such hop becomes a dot as far along its link as its age in the window
 * (`(nowUs - sentUs) / window`), so every link carries dots in proportion to what the
 * engine delivered on it, with its real kind (errors and timeouts keep their shapes). A
 * lost hop shows on the half of the link it travelled (playing, it vanishes at the
 * middle). When `recent` covers less than the window (the engine keeps the last 4096
 * hops; at high speeds that is a shorter time), its hops are spread over the window as a
 * sample of it. Whole requests are sampled as a playing run at this speed would be
 * (`shift`), so the legend's "1 dot = N requests" stays true. Pure: hops in, dots out.
 */
export function seededDots(
  recent: readonly MessageView[],
  nowUs: number,
  speed: number,
  layout: TopologyLayout,
): { dots: Dot[]; shift: number } {
  const windowUs = minVisibleTripUs(speed);
  const links = linkIndex(layout);
  const inWindow: { message: MessageView; link: LinkLayout; reversed: boolean }[] = [];
  let oldestSentUs = nowUs;
  for (const message of recent) {
    oldestSentUs = Math.min(oldestSentUs, message.sentUs);
    if (message.arrivesUs - message.sentUs >= windowUs) continue; // drawn live while in flight
    if (message.sentUs > nowUs || message.sentUs <= nowUs - windowUs) continue;
    const found = links.get(message.from)?.get(message.to);
    if (found) inWindow.push({ message, ...found });
  }
  // The time the hops cover: the whole window, or less when `recent` starts later.
  const coveredUs = Math.max(1, Math.min(windowUs, nowUs - oldestSentUs));
  const perFrame = (inWindow.length * FRAME_WALL_MS * speed * 1000) / coveredUs;
  let shift = samplingShift(perFrame, DOTS_NEW_PER_FRAME_MAX);
  const countAt = (s: number) => inWindow.filter((h) => sampled(h.message.requestId, s)).length;
  while (countAt(shift) > DOTS_ALIVE_MAX) shift++;
  const dots: Dot[] = [];
  for (const { message, link, reversed } of inWindow) {
    if (!sampled(message.requestId, shift)) continue;
    const age = (nowUs - message.sentUs) / coveredUs; // 0 (just sent) .. 1
    const progress = message.lost ? age / 2 : age;
    const startUs = nowUs - progress * windowUs;
    dots.push({
      linkId: link.id,
      reversed,
      requestId: message.requestId,
      startUs,
      endUs: startUs + windowUs,
      style: messageStyleKey(message),
      lost: message.lost,
    });
  }
  return { dots, shift };
}

/** The dots of every short hop, fed the messages delivered since the previous frame. */
export class DeliveredDots {
  private dots: Dot[] = [];
  /** Request id -> simulated time its last drawn hop ends on screen. */
  private chainEndUs = new Map<number, number>();
  private lastNowUs = -1;
  private lastSpeed = 0;
  private shift = 0;
  private quietFrames = 0;

  /** Dots alive now (for tests and counts). */
  get alive(): readonly Dot[] {
    return this.dots;
  }

  /** One drawn request in 2^samplingShift (0 = every request). */
  get samplingShift(): number {
    return this.shift;
  }

  /**
   * Draw no more than one request in 2^floorShift even when this diagram's own traffic
   * allows more: two compared diagrams share the larger scale, so the same density of
   * dots means the same traffic in both. `samplingShift` stays what this traffic needs.
   */
  floorShift = 0;

  /** The dots now (read only: picking a dot with the pointer, marking a traced one). */
  get all(): readonly Dot[] {
    return this.dots;
  }

  /** Adds a dot per delivered short hop and drops finished dots. */
  update(
    delivered: readonly MessageView[],
    nowUs: number,
    speed: number,
    layout: TopologyLayout,
  ): void {
    if (nowUs < this.lastNowUs) this.clear(); // a new run
    if (this.lastSpeed > 0 && speed !== this.lastSpeed) this.rescale(nowUs, speed / this.lastSpeed);
    this.lastSpeed = speed;
    this.lastNowUs = nowUs;
    const minTripUs = minVisibleTripUs(speed);
    this.dots = this.dots.filter((d) => d.endUs >= nowUs);
    if (this.chainEndUs.size > 2 * DOTS_ALIVE_MAX) {
      for (const [id, endUs] of this.chainEndUs) {
        if (endUs < nowUs - minTripUs) this.chainEndUs.delete(id);
      }
    }

    let candidates = 0;
    let added = 0;
    const links = linkIndex(layout);
    // Cheap tests first: at 50x a frame can bring thousands of messages.
    for (const message of delivered) {
      const tripUs = message.arrivesUs - message.sentUs;
      if (tripUs >= minTripUs) continue; // drawn live while in flight
      candidates++;
      if (!sampled(message.requestId, Math.max(this.shift, this.floorShift))) continue;
      if (added >= DOTS_NEW_PER_FRAME_MAX * 2 || this.dots.length >= DOTS_ALIVE_MAX) continue;
      const found = links.get(message.from)?.get(message.to);
      if (!found) continue;
      const startUs = Math.max(message.sentUs, this.chainEndUs.get(message.requestId) ?? -Infinity);
      const endUs = startUs + Math.max(tripUs, minTripUs);
      // A lost message ends its request's chain on this link; later hops start afresh.
      if (message.lost) this.chainEndUs.delete(message.requestId);
      else this.chainEndUs.set(message.requestId, endUs);
      if (endUs < nowUs) continue;
      this.dots.push({
        linkId: found.link.id,
        reversed: found.reversed,
        requestId: message.requestId,
        startUs,
        endUs,
        style: messageStyleKey(message),
        lost: message.lost,
      });
      added++;
    }
    this.adjustSampling(candidates);
  }

  /** Samples more when a frame brings more hops than the budget; relaxes slowly. */
  private adjustSampling(candidates: number): void {
    const wanted = samplingShift(candidates, DOTS_NEW_PER_FRAME_MAX);
    if (wanted > this.shift) {
      this.shift = wanted;
      this.quietFrames = 0;
    } else if (wanted < this.shift) {
      this.quietFrames++;
      if (this.quietFrames >= RELAX_AFTER_FRAMES) {
        this.shift--;
        this.quietFrames = 0;
      }
    } else {
      this.quietFrames = 0;
    }
  }

  /** A speed change keeps every dot's remaining wall-clock time. */
  private rescale(nowUs: number, factor: number): void {
    const scale = (t: number) => nowUs + (t - nowUs) * factor;
    this.dots = this.dots.map((d) => ({ ...d, startUs: scale(d.startUs), endUs: scale(d.endUs) }));
    for (const [id, endUs] of this.chainEndUs) this.chainEndUs.set(id, scale(endUs));
  }

  /**
   * Starts afresh at `nowUs` with the dots of that instant (`seededDots`): after a seek or
   * a step no frames led up to it, so without these a paused moment would show no traffic.
   */
  seed(recent: readonly MessageView[], nowUs: number, speed: number, layout: TopologyLayout): void {
    this.clear();
    const { dots, shift } = seededDots(recent, nowUs, speed, layout);
    this.dots = dots;
    this.shift = shift;
    this.lastNowUs = nowUs;
    this.lastSpeed = speed;
    // A request's next hops play after its seeded dot, as they would have playing.
    for (const dot of dots) {
      if (dot.lost) continue;
      this.chainEndUs.set(
        dot.requestId,
        Math.max(dot.endUs, this.chainEndUs.get(dot.requestId) ?? 0),
      );
    }
  }

  clear(): void {
    this.dots = [];
    this.chainEndUs.clear();
    this.lastNowUs = -1;
    this.lastSpeed = 0;
    this.shift = 0;
    this.quietFrames = 0;
  }

  /** Where a dot is at `nowUs` (SVG units), or null when it is not on screen. */
  static position(
    layout: TopologyLayout,
    dot: Dot,
    nowUs: number,
  ): { x: number; y: number } | null {
    const progress = (nowUs - dot.startUs) / (dot.endUs - dot.startUs || 1);
    if (progress < 0 || progress > 1) return null;
    if (dot.lost && progress >= 0.5) return null;
    const link = layout.linkById.get(dot.linkId);
    if (!link) return null;
    return lanePoint(link, dot.reversed, progress);
  }

  /** Draws every dot at `nowUs` (same shapes and colours as messages in flight). */
  draw(
    ctx: CanvasRenderingContext2D,
    layout: TopologyLayout,
    nowUs: number,
    transform: CanvasTransform,
    palette: MessagePalette = DEFAULT_MESSAGE_PALETTE,
  ): void {
    const radius = markerRadius(transform);
    // One pass to place the dots, then one path per style.
    const byStyle = new Map<MessageStyleKey, number[]>();
    for (const dot of this.dots) {
      const at = DeliveredDots.position(layout, dot, nowUs);
      if (!at) continue;
      let points = byStyle.get(dot.style);
      if (!points) byStyle.set(dot.style, (points = []));
      points.push(
        transform.offsetX + at.x * transform.scale,
        transform.offsetY + at.y * transform.scale,
      );
    }
    for (const key of Object.keys(MESSAGE_STYLE) as MessageStyleKey[]) {
      const points = byStyle.get(key);
      if (!points) continue;
      ctx.beginPath();
      for (let i = 0; i < points.length; i += 2) {
        markerPath(ctx, MESSAGE_STYLE[key].shape, points[i]!, points[i + 1]!, radius);
      }
      paintMarkers(ctx, MESSAGE_STYLE[key], palette[key], radius);
    }
  }
}
