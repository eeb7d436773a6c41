/**
 * The cross of a down part, drawn corner to corner over its box but broken where it
 * would cross the part's name (issue 14: "the crash cross covers the server name"), so
 * the name stays readable while the cross still says "down" at a glance.
 */
import type { Box } from './layout';

/** A straight piece of line, in SVG units. */
export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * The parameter interval [t0, t1] (0..1 along the segment) inside `box`, or null when
 * the segment misses it (Liang-Barsky clipping).
 */
export function insideInterval(segment: Segment, box: Box): [number, number] | null {
  const dx = segment.x2 - segment.x1;
  const dy = segment.y2 - segment.y1;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, segment.x1 - box.x],
    [dx, box.x + box.width - segment.x1],
    [-dy, segment.y1 - box.y],
    [dy, box.y + box.height - segment.y1],
  ];
  for (const [p, q] of edges) {
    if (p === 0) {
      if (q < 0) return null;
      continue;
    }
    const t = q / p;
    if (p < 0) t0 = Math.max(t0, t);
    else t1 = Math.min(t1, t);
    if (t0 > t1) return null;
  }
  return [t0, t1];
}

/** `segment` without the parts inside any of `avoid` (each grown by `paddingPx`). */
export function segmentAvoiding(segment: Segment, avoid: readonly Box[], paddingPx = 3): Segment[] {
  let kept: [number, number][] = [[0, 1]];
  for (const box of avoid) {
    const grown = {
      x: box.x - paddingPx,
      y: box.y - paddingPx,
      width: box.width + 2 * paddingPx,
      height: box.height + 2 * paddingPx,
    };
    const cut = insideInterval(segment, grown);
    if (!cut) continue;
    kept = kept.flatMap(([a, b]): [number, number][] => {
      if (cut[1] <= a || cut[0] >= b) return [[a, b]];
      const parts: [number, number][] = [];
      if (cut[0] > a) parts.push([a, cut[0]]);
      if (cut[1] < b) parts.push([cut[1], b]);
      return parts;
    });
  }
  const at = (t: number) => ({
    x: segment.x1 + (segment.x2 - segment.x1) * t,
    y: segment.y1 + (segment.y2 - segment.y1) * t,
  });
  return kept
    .filter(([a, b]) => b - a > 1e-6)
    .map(([a, b]) => {
      const p = at(a);
      const q = at(b);
      return { x1: p.x, y1: p.y, x2: q.x, y2: q.y };
    });
}

/** The two diagonals of a node's cross (inset from its corners), as SVG path data. */
export function crossPaths(box: Box, avoid: readonly Box[]): [string, string] {
  const left = box.x + 6;
  const right = box.x + box.width - 6;
  const top = box.y + 4;
  const bottom = box.y + box.height - 4;
  const path = (segment: Segment) =>
    segmentAvoiding(segment, avoid)
      .map((s) => `M${round(s.x1)},${round(s.y1)}L${round(s.x2)},${round(s.y2)}`)
      .join('');
  return [
    path({ x1: left, y1: top, x2: right, y2: bottom }),
    path({ x1: left, y1: bottom, x2: right, y2: top }),
  ];
}

/** Clear space between a tile's name and its cross, in SVG units. */
export const TILE_CROSS_CLEAR = 4;

/**
 * The box a down tile's cross is drawn corner to corner in (`crossPaths` insets it 6 units
 * each side): the tile right of its name (issue 14: the cross ran through "a1"). A tile
 * is too small for the breaks round its name to leave more than stubs, so the cross goes
 * beside it, over the room the tile keeps for its glyphs and its down mark.
 */
export function tileCrossBox(tile: Box, name: Box): Box {
  const left = name.x + name.width + TILE_CROSS_CLEAR - 6;
  return {
    x: left,
    y: tile.y,
    width: Math.max(12, tile.x + tile.width - left),
    height: tile.height,
  };
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The box a text covers: `x` is its anchor, `y` its baseline; the height is the font
 * size (ascent about 0.8 of it above the baseline).
 */
export function textBox(
  x: number,
  y: number,
  widthPx: number,
  size: number,
  anchor: 'start' | 'middle' | 'end',
): Box {
  const left = anchor === 'middle' ? x - widthPx / 2 : anchor === 'end' ? x - widthPx : x;
  return { x: left, y: y - size * 0.8, width: widthPx, height: size };
}
