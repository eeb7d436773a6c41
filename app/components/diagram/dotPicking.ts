/**
 * Picking a request in flight on the diagram (issue 13, "Follow one request"). While the
 * Trace tab shows, a click on a dot follows its request (`armDotClicks`). Dots are canvas pixels, not
 * elements (hundreds move every frame), so a click on the diagram is checked against
 * the dots first (in the capture phase) and only reaches the part or link under it
 * when no dot is that close. Keyboard users pick from the Trace tab instead (the
 * request nearest a part they choose, `pickDotNear`): one control, not a tab stop per
 * dot.
 */
import type { Snapshot } from '../../sim';
import type { TopologyLayout } from '../../views/layout';
import { fitTransform, markerRadius, type CanvasTransform } from '../../views/messages';
import {
  dotPlaces,
  drawTracedMarker,
  nearestDot,
  nearestOtherDot,
  nodeCentre,
  type DotsNow,
} from '../../views/dotPick';
import { minVisibleTripUs, type DeliveredDots } from '../../views/particles';
import { playground, showPanel, traceRequestInFlight } from '../../store';

/** What the run's diagram draws now, with where (null before it has drawn). */
export type DotsReader = () => { now: DotsNow; transform: CanvasTransform } | null;

/** The run's diagram's reader (design A only), for the Trace tab's keyboard pick. */
let runDiagram: DotsReader | null = null;

/**
 * Whether a click on a dot follows it: only while the Trace tab is showing. Elsewhere a
 * click goes to the part or link under it, as always (dots crowd a busy link, and a click
 * meant to cut that link opened the trace instead).
 */
let dotClicksArmedBy = 0;

/**
 * The Trace tab arms dot clicks while it is shown; returns the function that disarms.
 * Counted, so a panel mounted again before the old one unmounts keeps them armed.
 */
export function armDotClicks(): () => void {
  dotClicksArmedBy += 1;
  let armed = true;
  return () => {
    if (armed) dotClicksArmedBy -= 1;
    armed = false;
  };
}

/** Follows request `requestId` and shows the Trace tab. */
export function followDot(requestId: number): void {
  traceRequestInFlight(requestId);
  showPanel('trace');
}

/**
 * Makes the dots in `box` clickable; `read` tells what is drawn now. Returns a function
 * that stops. A click within a dot's ring (at least 10 px) follows the nearest dot.
 */
export function attachDotPicking(
  box: HTMLElement,
  read: DotsReader,
  options: { clicks: boolean },
): () => void {
  runDiagram = read;
  if (!options.clicks) {
    return () => {
      if (runDiagram === read) runDiagram = null;
    };
  }
  const onClick = (event: MouseEvent) => {
    if (dotClicksArmedBy === 0) return;
    // A part's action menu opens over the dots: a click on it is the menu's (a dot drawn
    // under Kill took the tap, so the part was never killed).
    if (event.target instanceof Element && event.target.closest('.action-menu')) return;
    const drawn = read();
    if (!drawn) return;
    const { transform } = drawn;
    const rect = box.getBoundingClientRect();
    const x = (event.clientX - rect.left - transform.offsetX) / transform.scale;
    const y = (event.clientY - rect.top - transform.offsetY) / transform.scale;
    const reachPx = Math.max(10, markerRadius(transform) * 2.5);
    const hit = nearestDot(dotPlaces(drawn.now), x, y, reachPx / transform.scale);
    if (!hit) return;
    // The dot is on a link or beside a part: the click is the dot's, not theirs.
    event.stopPropagation();
    event.preventDefault();
    followDot(hit.requestId);
  };
  box.addEventListener('click', onClick, true);
  return () => {
    box.removeEventListener('click', onClick, true);
    if (runDiagram === read) runDiagram = null;
  };
}

/**
 * Follows the request drawn nearest part `partId` on the run's diagram now (another than
 * the one traced already, where another is drawn) and returns its id, or null when no
 * request is drawn (paused before any, or nothing on the wire).
 */
export function pickDotNear(partId: string): number | null {
  const drawn = runDiagram?.();
  if (!drawn) return null;
  const centre = nodeCentre(drawn.now.layout, partId);
  if (!centre) return null;
  const traced = playground.getState().run.trace?.requestId ?? null;
  const hit = nearestOtherDot(dotPlaces(drawn.now), centre.x, centre.y, traced);
  if (!hit) return null;
  followDot(hit.requestId);
  return hit.requestId;
}

/**
 * What a diagram of `widthPx` x `heightPx` draws of `frame` now. With reduced motion no
 * dot moves (links show counts), so every request on the wire counts as drawn live.
 */
export function drawnNow(
  layout: TopologyLayout,
  frame: Snapshot,
  dots: DeliveredDots,
  widthPx: number,
  heightPx: number,
  reducedMotion: boolean,
): { now: DotsNow; transform: CanvasTransform } {
  const speed = playground.getState().run.speed;
  return {
    now: {
      layout,
      messages: frame.messages,
      dots: reducedMotion ? [] : dots.all,
      nowUs: frame.nowUs,
      minTripUs: reducedMotion ? 0 : minVisibleTripUs(speed),
      // The sampling the last drawing applied to the live messages (Diagram.tsx).
      samplingShift: reducedMotion ? 0 : dots.floorShift,
    },
    transform: fitTransform(layout.width, layout.height, widthPx, heightPx),
  };
}

/** The theme's text colour, read once per theme (getComputedStyle can force a style pass). */
let markerColour = { theme: '\u0000', colour: '' };

/**
 * Rings the traced request's dots wherever they are drawn (the run's diagram only), in
 * the theme's text colour, with its number beside it. Short hops are drawn slowed down,
 * after the fact, so its dots may still travel after the engine has its answer: they
 * stay ringed until they are gone.
 */
export function markTracedDot(
  ctx: CanvasRenderingContext2D,
  canvas: HTMLCanvasElement,
  drawn: { now: DotsNow; transform: CanvasTransform },
): void {
  const trace = playground.getState().run.trace;
  if (!trace || trace.requestId === null) return;
  const theme = document.documentElement.dataset.theme ?? '';
  if (markerColour.theme !== theme) {
    const colour = getComputedStyle(canvas).getPropertyValue('--color-text').trim();
    markerColour = { theme, colour: colour || '#111' };
  }
  drawTracedMarker(ctx, drawn.now, trace.requestId, drawn.transform, markerColour.colour);
}
