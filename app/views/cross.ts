/**
 * The cross of a down part, drawn corner to corner over its box but broken where it
 * would cross the part's words (issue 14: "the crash cross covers the server name"), so
 * they stay readable while the cross still says "down" at a glance; where the words leave
 * too little of it (a one-line row), a whole small cross in the room between them.
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

/**
 * The parameter intervals (0..1 along `segment`) outside every box of `avoid` (each grown by
 * `paddingPx`), in order.
 */
export function intervalsAvoiding(
  segment: Segment,
  avoid: readonly Box[],
  paddingPx = 3,
): [number, number][] {
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
  return kept.filter(([a, b]) => b - a > 1e-6);
}

/** `segment` without the parts inside any of `avoid` (each grown by `paddingPx`). */
export function segmentAvoiding(segment: Segment, avoid: readonly Box[], paddingPx = 3): Segment[] {
  const kept = intervalsAvoiding(segment, avoid, paddingPx);
  const at = (t: number) => ({
    x: segment.x1 + (segment.x2 - segment.x1) * t,
    y: segment.y1 + (segment.y2 - segment.y1) * t,
  });
  return kept.map(([a, b]) => {
    const p = at(a);
    const q = at(b);
    return { x1: p.x, y1: p.y, x2: q.x, y2: q.y };
  });
}

/**
 * The shortest piece of a cross that is drawn, in SVG units (issue 14, screens: on a row its
 * words fill, the breaks left pieces of 2 to 6 units between them, which read as "=" marks,
 * not a cross). The laptop draws the rows at 0.64 px a unit or more (active-active-data at
 * 1280x800, the widest drawing), so 13 units are 8 px or more on every screen we design for.
 */
export const CROSS_PIECE_MIN = 13;

/**
 * How much of each of its four arms (half a diagonal, from the middle to a corner) a broken
 * cross keeps, at least, in pieces of CROSS_PIECE_MIN or more, to still read as an X over
 * the whole box; with less, the box gets a whole small cross in its room (crossSegments).
 */
export const CROSS_ARM_KEPT_MIN = 0.25;

/**
 * The flattest cross drawn corner to corner (height over width of the box it spans): a
 * one-line row's (22 by 318 units, under 4 degrees from level) broken by its words is
 * pieces of two level lines, which read as "=" marks however long they are (issue 14,
 * screens). A two-line row's (36 by 248) reads as an X. Flatter boxes get the small cross.
 */
export const CROSS_SLOPE_MIN = 0.1;

/**
 * The narrowest small cross (`mark`), in SVG units: narrower, its two lines (4 units wide,
 * diagram.css) run together into a bar.
 */
export const CROSS_MARK_WIDTH_MIN = 10;

/** Clear space round each word a cross keeps off, in SVG units. */
const CROSS_WORD_CLEAR = 3;

/** How a down node is crossed: its two diagonals, a small cross in its room, or struck round. */
export type CrossKind = 'diagonals' | 'mark' | 'outline';

/** A point of a cross's line, in SVG units. */
export interface CrossPoint {
  x: number;
  y: number;
}

/** The lines of a down node's cross (crossSegments). */
export interface CrossLines {
  kind: CrossKind;
  /** Each a polyline of two or more points; an outline's ends meet. */
  lines: CrossPoint[][];
}

const segmentLength = (s: Segment) => Math.hypot(s.x2 - s.x1, s.y2 - s.y1);

/** How much of [from, to] (x) the pieces cover, as a share of its width. */
function coveredShare(pieces: readonly Segment[], from: number, to: number): number {
  if (to <= from) return 1;
  const covered = pieces.reduce((sum, p) => {
    const a = Math.max(from, Math.min(p.x1, p.x2));
    const b = Math.min(to, Math.max(p.x1, p.x2));
    return sum + Math.max(0, b - a);
  }, 0);
  return covered / (to - from);
}

/**
 * The lines of the cross over `box` clear of the words at `avoid` (each grown by 3 units),
 * never a piece under CROSS_PIECE_MIN long:
 * - `diagonals`: corner to corner (inset 6 units across, 4 down), broken at the words, when
 *   the box is not too flat for an X (CROSS_SLOPE_MIN) and each of its arms keeps
 *   CROSS_ARM_KEPT_MIN of its length;
 * - `mark`: else a whole small cross, as tall as the box and at most as wide, in the widest
 *   span of it no word covers (as a tile draws its cross beside its name, tileCrossBox);
 * - `outline`: else (no span wide enough) the box struck round once, inside its edge.
 */
export function crossSegments(box: Box, avoid: readonly Box[]): CrossLines {
  const left = box.x + 6;
  const right = box.x + box.width - 6;
  const top = box.y + 4;
  const bottom = box.y + box.height - 4;
  const middle = (left + right) / 2;
  const diagonals: Segment[] = [
    { x1: left, y1: top, x2: right, y2: bottom },
    { x1: left, y1: bottom, x2: right, y2: top },
  ];
  const kept = diagonals.map((d) =>
    segmentAvoiding(d, avoid, CROSS_WORD_CLEAR).filter((s) => segmentLength(s) >= CROSS_PIECE_MIN),
  );
  const reads =
    bottom - top >= CROSS_SLOPE_MIN * (right - left) &&
    kept.every(
      (pieces) =>
        coveredShare(pieces, left, middle) >= CROSS_ARM_KEPT_MIN &&
        coveredShare(pieces, middle, right) >= CROSS_ARM_KEPT_MIN,
    );
  if (reads) {
    return {
      kind: 'diagonals',
      lines: kept.flat().map((s) => [
        { x: s.x1, y: s.y1 },
        { x: s.x2, y: s.y2 },
      ]),
    };
  }
  const height = bottom - top;
  const span = widestClearSpan(left, right, avoid);
  // At most as wide as tall: a wider one is a flat X again.
  const width = Math.min(span?.width ?? 0, height);
  if (span && width >= CROSS_MARK_WIDTH_MIN) {
    const x = span.x + (span.width - width) / 2;
    return {
      kind: 'mark',
      lines: [
        [
          { x, y: top },
          { x: x + width, y: bottom },
        ],
        [
          { x, y: bottom },
          { x: x + width, y: top },
        ],
      ],
    };
  }
  const x0 = box.x + 2;
  const y0 = box.y + 2;
  const x1 = box.x + box.width - 2;
  const y1 = box.y + box.height - 2;
  return {
    kind: 'outline',
    lines: [
      [
        { x: x0, y: y0 },
        { x: x1, y: y0 },
        { x: x1, y: y1 },
        { x: x0, y: y1 },
        { x: x0, y: y0 },
      ],
    ],
  };
}

/**
 * The widest span of [left, right] that none of `avoid` (grown by CROSS_WORD_CLEAR) covers
 * across, or null when they cover it all.
 */
function widestClearSpan(
  left: number,
  right: number,
  avoid: readonly Box[],
): { x: number; width: number } | null {
  const covered = avoid
    .map((b) => [b.x - CROSS_WORD_CLEAR, b.x + b.width + CROSS_WORD_CLEAR] as const)
    .sort((a, b) => a[0] - b[0]);
  let best: { x: number; width: number } | null = null;
  let from = left;
  for (const [a, b] of [...covered, [right, right] as const]) {
    const to = Math.min(a, right);
    if (to - from > (best?.width ?? 0)) best = { x: from, width: to - from };
    from = Math.max(from, b);
  }
  return best;
}

/** A down node's cross as drawn: how (crossSegments decides) and its two paths' data. */
export interface CrossPaths {
  kind: CrossKind;
  /** Its falling lines and its rising ones, or an outline and nothing. */
  paths: [string, string];
}

/**
 * The cross of a node (crossSegments) as SVG path data, with its kind: the diagram's legend
 * explains an outline only while one is drawn (Diagram.tsx), so it asks the drawing.
 */
export function crossPaths(box: Box, avoid: readonly Box[]): CrossPaths {
  const { kind, lines } = crossSegments(box, avoid);
  const path = (line: CrossPoint[]) =>
    line.map((p, i) => `${i === 0 ? 'M' : 'L'}${round(p.x)},${round(p.y)}`).join('');
  if (kind === 'outline') return { kind, paths: [path(lines[0]!), ''] };
  const falling = lines.filter(([p, q]) => q!.y > p!.y).map(path);
  const rising = lines.filter(([p, q]) => q!.y <= p!.y).map(path);
  return { kind, paths: [falling.join(''), rising.join('')] };
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
