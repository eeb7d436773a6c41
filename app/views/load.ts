/**
 * Load you can see (issue 14): how wide a link is drawn for the requests it carries,
 * how a server's queue stacks at its door, and how many requests one moving dot stands
 * for. Pure functions of measured numbers, so the legend can say exactly what a width
 * or a dot means.
 */
import { boldTextWidthMax, type Box } from './layout';

/** A link that carries nothing is a hairline of this width (SVG units), never invisible. */
export const LINK_WIDTH_MIN = 1.5;

/** The widest a link is drawn (SVG units): the top of the scale. */
export const LINK_WIDTH_MAX = 12;

/**
 * The rate a full-width link stands for, in requests per second: the smallest of
 * 1, 2, 5, 10, 20, 50 ... at or above `busiestPerS`. The scale moves only in these
 * steps, so it stays put while rates wobble, and the legend can name it in round numbers.
 */
export function linkFullScalePerS(busiestPerS: number): number {
  const wanted = Number.isFinite(busiestPerS) && busiestPerS > 1 ? busiestPerS : 1;
  let decade = 10 ** Math.floor(Math.log10(wanted));
  for (;;) {
    for (const step of [1, 2, 5]) {
      // A tiny tolerance: 10 ** k is not always exact in floating point.
      if (step * decade >= wanted * (1 - 1e-12)) return step * decade;
    }
    decade *= 10;
  }
}

/**
 * How far past the full scale the busiest measured link may read before the scale moves
 * up a step. Link rates are counts over a 2 s window (app/store/rates.ts), a Poisson count:
 * a steady 50 req/s reads 40-65/s from one report to the next (3 sigma of a count of 100 is
 * 30, so 30%). Users sending 50 req/s (itself a step) used to push the scale to 100 at
 * each upward wobble, so the legend said "thickest = 100 req/s" where no link carried it.
 * A link past full scale is drawn full width, and its label gives its number.
 */
export const LINK_SCALE_HEADROOM = 1.5;

/**
 * The full scale of a diagram: the round step at or above every user group's arrival rate
 * and the busiest measured link's rate over LINK_SCALE_HEADROOM (its noise), so it is set
 * before the first rate is measured, stays put while rates wobble, and still moves up when
 * a link really carries several times the users' rate (a retry storm).
 */
export function linkScalePerS(measuredPerS: Iterable<number>, usersPerS: Iterable<number>): number {
  let busiest = 0;
  for (const rate of measuredPerS) busiest = Math.max(busiest, rate / LINK_SCALE_HEADROOM);
  for (const rate of usersPerS) busiest = Math.max(busiest, rate);
  return linkFullScalePerS(busiest);
}

/**
 * A link's width for `ratePerS`: the hairline plus a width proportional to the rate,
 * reaching LINK_WIDTH_MAX at `fullScalePerS` (and held there above it, which the rate
 * label beside the link still states). Twice the rate is twice the width above the hairline.
 */
export function linkWidth(ratePerS: number, fullScalePerS: number): number {
  if (!(ratePerS > 0) || !(fullScalePerS > 0)) return LINK_WIDTH_MIN;
  const share = Math.min(1, ratePerS / fullScalePerS);
  return LINK_WIDTH_MIN + (LINK_WIDTH_MAX - LINK_WIDTH_MIN) * share;
}

/**
 * What the width means, for the legend: "Link width ∝ requests/s (full width = 50 req/s
 * and above, hairline = none)": a link busier than the scale is drawn full width too.
 * `shared`: two compared designs draw on this one scale, and the legend says so.
 */
export function linkWidthLegend(fullScalePerS: number, shared = false): string {
  const where = shared ? ' in both designs' : '';
  return `Link width ∝ requests/s (full width = ${fullScalePerS} req/s and above${where}, hairline = none)`;
}

/** Each queued request is one block; beyond this many the rest are a count ("+12"). */
export const QUEUE_BLOCKS_MAX = 10;

/** One block of a server's queue, in SVG units. */
export interface QueueBlock {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Between a queue's far end (its last block or its count) and the node box it stops at, SVG units. */
export const QUEUE_CLEAR = 8;

/** How far the count's halo (a 4-unit stroke under its glyphs, diagram.css) reaches past them. */
const QUEUE_HALO = 2;

/**
 * The count of queued requests without a block is given room for this many digits at
 * least, so a stack cut short by a neighbour keeps one length while the count ticks.
 */
const QUEUE_COUNT_DIGITS = 4;

/**
 * How far left a server's queue may reach: the right edge of the nearest other node
 * level with it and left of it (in the balancer's fan, the balancer beside the middle
 * servers, issue 14), `-Infinity` when nothing is there. Level means within the height
 * of the count's whole line (a font's ascent and descent, about 0.93 and 0.24 of `size`
 * round a baseline 0.36 below the middle: taller than the blocks) and its halo.
 */
export function queueLeftLimit(server: Box, others: readonly Box[], size: number): number {
  const middle = server.y + server.height / 2;
  const top = middle - 0.6 * size - QUEUE_HALO;
  const bottom = middle + 0.6 * size + QUEUE_HALO;
  let limit = -Infinity;
  for (const o of others) {
    if (o === server || o.x >= server.x) continue;
    if (o.y >= bottom || o.y + o.height <= top) continue;
    limit = Math.max(limit, Math.min(server.x, o.x + o.width));
  }
  return limit;
}

/**
 * A server's queue as blocks stacked from its left edge (where requests come in)
 * outwards, one block per queued request up to QUEUE_BLOCKS_MAX, each block the
 * height of `size` (the small font) and half as wide. `overflow` is how many queued
 * requests have no block (shown as "+N" beyond the last one, at `overflowX`, its end).
 * Blocks and count stay right of `leftLimitX` (queueLeftLimit) by QUEUE_CLEAR: where
 * that leaves no room for a full stack and a count, the stack holds fewer blocks (each
 * still one request) and the count the rest.
 */
export function queueBlocks(
  server: Box,
  queued: number,
  size: number,
  leftLimitX = -Infinity,
): { blocks: QueueBlock[]; overflow: number; overflowX: number } {
  const width = Math.round(size * 0.45 * 10) / 10;
  const height = Math.round(size * 0.8 * 10) / 10;
  const gap = 2;
  // From the server's edge to the left edge of the k-th block.
  const stackWidth = (k: number) => gap + k * (width + gap);
  const wanted = Math.max(0, Math.floor(queued));
  // At the widest a font draws it: digits are wider than textWidth's average character.
  const countWidth = (rest: number) =>
    boldTextWidthMax(`+${Math.max(rest, 10 ** QUEUE_COUNT_DIGITS - 1)}`, size);
  const room = server.x - leftLimitX - QUEUE_CLEAR;
  let count = Math.min(QUEUE_BLOCKS_MAX, wanted);
  // Fewer blocks while they and a count would not fit (never fewer than none).
  if (stackWidth(QUEUE_BLOCKS_MAX) + 3 + countWidth(wanted - QUEUE_BLOCKS_MAX) > room) {
    const fits = (k: number) => stackWidth(k) + 3 + countWidth(wanted - k) <= room;
    let most = QUEUE_BLOCKS_MAX;
    while (most > 0 && !fits(most)) most--;
    // A queue no longer than the room's full stack needs no count: all its blocks show.
    if (wanted > most) count = most;
  }
  const y = server.y + server.height / 2 - height / 2;
  const blocks: QueueBlock[] = [];
  for (let i = 0; i < count; i++) {
    blocks.push({ x: server.x - stackWidth(i + 1), y, width, height });
  }
  const overflow = wanted - count;
  const overflowX = server.x - stackWidth(count) - 3;
  return { blocks, overflow, overflowX };
}

/**
 * The band a server's queue takes round its middle `middleY` (load.ts's blocks, 0.8 of
 * `size` tall, and the "+N" count's text box, baseline 0.36 of `size` below the middle):
 * the fan's rate labels keep out of it (topology.ts).
 */
export function queueBand(middleY: number, size: number): { top: number; bottom: number } {
  return { top: middleY - size * 0.44, bottom: middleY + size * 0.56 };
}

/**
 * A tile's queue (Present's zone rows and the phone's column, issue 14): the rows' stack
 * left of the server has no room there (the tiles sit side by side, the zone's tag above
 * them), so the blocks line the tile's bottom edge inside it, from its left (where
 * requests come in) rightwards, one per queued request up to QUEUE_BLOCKS_MAX, under the
 * name. `overflow` is how many queued requests have no block: a full strip, and the tile's
 * tooltip and Present's story give the count.
 */
export function queueStrip(
  tile: Box,
  queued: number,
  size: number,
): { blocks: QueueBlock[]; overflow: number } {
  const count = Math.max(0, Math.min(QUEUE_BLOCKS_MAX, Math.floor(queued)));
  const inset = 6;
  const gap = 1.5;
  const width =
    Math.floor(((tile.width - 2 * inset - (QUEUE_BLOCKS_MAX - 1) * gap) / QUEUE_BLOCKS_MAX) * 10) /
    10;
  const height = Math.round(size * 0.25 * 10) / 10;
  const y = tile.y + tile.height - 1.5 - height;
  const blocks: QueueBlock[] = [];
  for (let i = 0; i < count; i++) {
    blocks.push({ x: tile.x + inset + i * (width + gap), y, width, height });
  }
  return { blocks, overflow: Math.max(0, Math.floor(queued) - count) };
}

/**
 * The widest `text` is drawn in the regular weight of the common system sans-serifs:
 * DejaVu Sans, the widest, draws digits and most lowercase letters at most 0.64 em wide
 * (its m and w wider: 0.97, 0.82), capitals up to 1 em (W), commas, full stops and spaces
 * 0.32 (Arial's digits: 0.556). For clearance, not for sizing.
 */
export function textWidthMax(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (ch === ',' || ch === '.' || ch === ' ') em += 0.32;
    else if (ch === 'm' || ch === 'w' || (ch >= 'A' && ch <= 'Z')) em += 1;
    else em += 0.64;
  }
  return em * fontSize;
}

/** A queued count as the room reads it: "5,809" up to four digits, then "58k", "1.2M". */
export function queueCountText(queued: number): string {
  const n = Math.max(0, Math.floor(queued));
  if (n < 10_000) return n.toLocaleString('en-US');
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  return `${(Math.floor(n / 100_000) / 10).toFixed(1)}M`;
}

/**
 * A tile's lines for its server's queue (Present's zone rows, review item 13: the strip
 * alone gave no count): "5,809 queued" on one line where the tile's width `room` holds it,
 * else the count and "queued" on two when the tile has `lines` two, else the count alone
 * (its strip of blocks under it), shorter past four digits ("58k") where that is what fits.
 * None for an empty queue, or where not even the count fits.
 */
export function tileQueueLines(
  queued: number,
  room: number,
  size: number,
  lines: number,
): string[] {
  const n = Math.floor(queued);
  if (!(n > 0) || lines < 1) return [];
  const fits = (text: string) => textWidthMax(text, size) <= room;
  const exact = n.toLocaleString('en-US');
  const counts = exact === queueCountText(n) ? [exact] : [exact, queueCountText(n)];
  for (const count of counts) {
    if (fits(`${count} queued`)) return [`${count} queued`];
    if (lines >= 2 && fits(count) && fits('queued')) return [count, 'queued'];
  }
  for (const count of counts) if (fits(count)) return [count];
  return [];
}

/**
 * How many requests one dot stands for when one request in 2^shift is drawn (every hop
 * of a drawn request is drawn, so the mix of outcomes stays the engine's).
 */
export function requestsPerDot(samplingShift: number): number {
  return 2 ** Math.max(0, Math.floor(samplingShift));
}

/**
 * The legend's sentence for the moving dots: "1 dot = 1 request (every request drawn)"
 * or "1 dot = 8 requests (1 in 8 drawn; users send 400 req/s)". `usersPerS` is the
 * rate the users send now (null when unknown).
 */
export function dotsLegendText(samplingShift: number, usersPerS: number | null): string {
  const n = requestsPerDot(samplingShift);
  const rate =
    usersPerS !== null && Number.isFinite(usersPerS) && usersPerS > 0
      ? `; users send ${usersPerS >= 100 ? Math.round(usersPerS) : Number(usersPerS.toFixed(1))} req/s`
      : '';
  if (n === 1) return `1 dot = 1 request (every request drawn${rate})`;
  return `1 dot = ${n} requests (1 in ${n} drawn${rate})`;
}
