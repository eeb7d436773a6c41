/**
 * Requests on the wire, drawn on a canvas over the diagram (hundreds of moving dots
 * would be too many SVG nodes to update every frame). Each message sits at
 * (now - sentUs) / (arrivesUs - sentUs) along its link, so moving it needs no extra
 * engine events.
 */
import { linkId, type MessageView } from '../sim';
import {
  linkDirectionAt,
  linkPointAt,
  type Box,
  type LinkLayout,
  type TopologyLayout,
} from './layout';

/** How far (in SVG units) requests and replies sit either side of the link line. */
export const LANE_OFFSET = 4;

/** How a message looks: colour plus a shape, so colour is never the only cue. */
export interface MessageStyle {
  /** The design token of its colour (tokens.css), so the dots follow the theme. */
  token: string;
  /** The light theme's value of `token`, used where no stylesheet is there to read. */
  colour: string;
  /**
   * Filled shapes for answers that arrive, hollow or open ones for the rest: a failed
   * request is a cross, so it differs from a successful one by shape, not colour only.
   */
  shape: 'dot' | 'square' | 'ring' | 'cross';
  /** Legend text. */
  label: string;
}

export type MessageStyleKey = MessageView['kind'] | 'late';

/** Drawing style per message kind (Okabe-Ito colours by default). */
export const MESSAGE_STYLE: Readonly<Record<MessageStyleKey, MessageStyle>> = {
  request: { token: '--color-message-request', colour: '#0072b2', shape: 'dot', label: 'request' },
  reply: { token: '--color-message-reply', colour: '#009e73', shape: 'dot', label: 'reply' },
  degraded: {
    token: '--color-message-degraded',
    colour: '#b07a00',
    shape: 'square',
    label: 'degraded reply',
  },
  error: { token: '--color-message-error', colour: '#d55e00', shape: 'cross', label: 'failed' },
  late: {
    token: '--color-message-late',
    colour: '#6b6b6b',
    shape: 'ring',
    label: 'late (nobody waiting)',
  },
};

/** The colour of each message style, as drawn now (the theme's tokens resolved). */
export type MessagePalette = Readonly<Record<MessageStyleKey, string>>;

/** The default (light) palette: each style's fallback colour. */
export const DEFAULT_MESSAGE_PALETTE: MessagePalette = Object.fromEntries(
  Object.entries(MESSAGE_STYLE).map(([key, style]) => [key, style.colour]),
) as MessagePalette;

/**
 * The palette from the page's tokens: `read(token)` is the computed value of a custom
 * property (e.g. `getComputedStyle(el).getPropertyValue`); an empty value keeps the fallback.
 */
export function messagePalette(read: (token: string) => string): MessagePalette {
  return Object.fromEntries(
    Object.entries(MESSAGE_STYLE).map(([key, style]) => [
      key,
      read(style.token).trim() || style.colour,
    ]),
  ) as MessagePalette;
}

/** Adds one marker of `shape` centred on (x, y) to the current path. */
export function markerPath(
  ctx: CanvasRenderingContext2D,
  shape: MessageStyle['shape'],
  x: number,
  y: number,
  radius: number,
): void {
  if (shape === 'cross') {
    const r = radius * 1.1;
    ctx.moveTo(x - r, y - r);
    ctx.lineTo(x + r, y + r);
    ctx.moveTo(x - r, y + r);
    ctx.lineTo(x + r, y - r);
  } else if (shape === 'square') {
    ctx.rect(x - radius, y - radius, radius * 2, radius * 2);
  } else {
    ctx.moveTo(x + radius, y);
    ctx.arc(x, y, radius, 0, Math.PI * 2);
  }
}

/** Fraction of its trip a message has covered at `nowUs`, clamped to [0, 1]. */
export function messageProgress(
  message: Pick<MessageView, 'sentUs' | 'arrivesUs'>,
  nowUs: number,
): number {
  const tripUs = message.arrivesUs - message.sentUs;
  if (!(tripUs > 0)) return 1;
  return Math.min(1, Math.max(0, (nowUs - message.sentUs) / tripUs));
}

/** Style key of a message: late messages (nobody waiting) look the same whatever they carry. */
export function messageStyleKey(message: Pick<MessageView, 'kind' | 'late'>): MessageStyleKey {
  return message.late ? 'late' : message.kind;
}

/** The link a message travels on (either direction) and whether it goes against it. */
function messageLink(
  layout: TopologyLayout,
  message: Pick<MessageView, 'from' | 'to'>,
): { link: LinkLayout; reversed: boolean } | null {
  const forward = layout.linkById.get(linkId(message.from, message.to));
  if (forward) return { link: forward, reversed: false };
  const backward = layout.linkById.get(linkId(message.to, message.from));
  return backward ? { link: backward, reversed: true } : null;
}

/**
 * The point at `progress` (0..1, in the direction of travel) of a message on `link`,
 * shifted to one side of the line for messages going with the link and to the other
 * for messages coming back, so the two streams do not overlap.
 */
export function lanePoint(
  link: LinkLayout,
  reversed: boolean,
  progress: number,
): { x: number; y: number } {
  const t = reversed ? 1 - progress : progress;
  const at = linkPointAt(link, t);
  const dir = linkDirectionAt(link, t);
  // Unit normal of the link; outbound messages sit on one side, replies on the other.
  const side = reversed ? LANE_OFFSET : -LANE_OFFSET;
  return { x: at.x - dir.dy * side, y: at.y + dir.dx * side };
}

/** Where a message is drawn at `nowUs`, in SVG units (null when its link is not drawn). */
export function messagePoint(
  layout: TopologyLayout,
  message: MessageView,
  nowUs: number,
): { x: number; y: number } | null {
  const found = messageLink(layout, message);
  if (!found) return null;
  return lanePoint(found.link, found.reversed, messageProgress(message, nowUs));
}

/** Messages on each link (either direction), for the reduced-motion counts. */
export function messagesPerLink(
  layout: TopologyLayout,
  messages: readonly MessageView[],
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const message of messages) {
    const found = messageLink(layout, message);
    if (found) counts.set(found.link.id, (counts.get(found.link.id) ?? 0) + 1);
  }
  return counts;
}

/** Maps SVG user units to canvas pixels (the SVG is scaled to fit and centred). */
export interface CanvasTransform {
  scale: number;
  offsetX: number;
  offsetY: number;
}

/** The transform of an SVG with this viewBox size drawn "xMidYMid meet" in a box. */
export function fitTransform(
  viewWidth: number,
  viewHeight: number,
  boxWidthPx: number,
  boxHeightPx: number,
): CanvasTransform {
  const scale = Math.min(boxWidthPx / viewWidth, boxHeightPx / viewHeight);
  return {
    scale,
    offsetX: (boxWidthPx - viewWidth * scale) / 2,
    offsetY: (boxHeightPx - viewHeight * scale) / 2,
  };
}

/**
 * Where on the canvas, in pixels, the dots pass under the diagram's words: the boxes
 * `renderTopology` returns (the links' labels and the queues' counts), mapped by
 * `transform`. The dots' canvas sits above the whole SVG, so without these holes a dot
 * crossed a label's characters (issue 14: the fan's labels in overload).
 */
export function dotHoles(words: readonly Box[], transform: CanvasTransform): Box[] {
  return words.map((b) => ({
    x: transform.offsetX + b.x * transform.scale,
    y: transform.offsetY + b.y * transform.scale,
    width: b.width * transform.scale,
    height: b.height * transform.scale,
  }));
}

/**
 * Erases `holes` (dotHoles) from the dots just drawn on `ctx`, so they pass under the
 * words. Erasing rather than clipping: padded words may overlap, and an even-odd clip
 * would draw the dots again where two holes meet.
 */
export function clearHoles(
  ctx: { clearRect(x: number, y: number, width: number, height: number): void },
  holes: readonly Box[],
): void {
  for (const h of holes) ctx.clearRect(h.x, h.y, h.width, h.height);
}

/**
 * Draws every message at its place at `nowUs`, skipping hops shorter than `minTripUs`
 * (those are shown slowed down from the delivered list, see particles.ts). The canvas
 * context is expected to be cleared and scaled for the device pixel ratio by the caller.
 */
export function drawMessages(
  ctx: CanvasRenderingContext2D,
  layout: TopologyLayout,
  messages: readonly MessageView[],
  nowUs: number,
  transform: CanvasTransform,
  minTripUs = 0,
  options: { palette?: MessagePalette; samplingShift?: number } = {},
): void {
  const radius = markerRadius(transform);
  const palette = options.palette ?? DEFAULT_MESSAGE_PALETTE;
  // The delivered dots' sampling applies here too, so "1 dot = N requests" holds for both.
  const sampleEvery = 2 ** Math.max(0, options.samplingShift ?? 0);
  // One path per style: a few fill calls per frame however many messages there are.
  for (const key of Object.keys(MESSAGE_STYLE) as MessageStyleKey[]) {
    const style = MESSAGE_STYLE[key];
    ctx.beginPath();
    for (const message of messages) {
      if (messageStyleKey(message) !== key) continue;
      if (message.arrivesUs - message.sentUs < minTripUs) continue;
      if (message.requestId % sampleEvery !== 0) continue;
      // A lost message (cut link, packet loss) vanishes half-way along its link.
      if (message.lost && messageProgress(message, nowUs) >= 0.5) continue;
      const point = messagePoint(layout, message, nowUs);
      if (!point) continue;
      const x = transform.offsetX + point.x * transform.scale;
      const y = transform.offsetY + point.y * transform.scale;
      markerPath(ctx, style.shape, x, y, radius);
    }
    paintMarkers(ctx, style, palette[key], radius);
  }
}

/** Marker radius in canvas pixels: readable at any scale. */
export function markerRadius(transform: CanvasTransform): number {
  return Math.max(2.5, 4 * transform.scale);
}

/** Fills (or, for rings and crosses, strokes) the current path in `colour`. */
export function paintMarkers(
  ctx: CanvasRenderingContext2D,
  style: Pick<MessageStyle, 'shape'>,
  colour: string,
  radius = 3,
): void {
  if (style.shape === 'ring' || style.shape === 'cross') {
    ctx.lineWidth = style.shape === 'cross' ? Math.max(2, radius * 0.75) : 1.5;
    ctx.strokeStyle = colour;
    ctx.stroke();
  } else {
    ctx.fillStyle = colour;
    ctx.fill();
  }
}
