/**
 * Link labels that never sit under a node (issue 14): links are painted under the
 * nodes, so a label that runs into a node is hidden by it. A label is tried where its
 * link puts it, then (centred labels) lifted above both ends; at each place its parts
 * are dropped from the end ("123/s · +200ms …") until it clears every node. The full
 * text stays in the link's accessible name and the Links list.
 */
import type { ReplicationStreamView } from '../sim';
import { textBox } from './cross';
import { streamLabel } from './database';
import { linkPointAt, textWidth, type Box, type LinkLayout } from './layout';

export interface LabelPlace {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * `place` moved sideways just enough that a text `widthPx` wide stays inside a drawing
 * `drawingWidth` wide (issue 14: "325/s timing out" lost its first character at the left
 * edge). A text wider than the drawing keeps its left end in.
 */
export function placeInside(
  place: LabelPlace,
  widthPx: number,
  drawingWidth: number,
  marginPx = 2,
): LabelPlace {
  const left =
    place.anchor === 'middle'
      ? place.x - widthPx / 2
      : place.anchor === 'end'
        ? place.x - widthPx
        : place.x;
  const right = left + widthPx;
  const shift =
    left < marginPx
      ? marginPx - left
      : right > drawingWidth - marginPx
        ? Math.max(marginPx - left, drawingWidth - marginPx - right)
        : 0;
  return shift === 0 ? place : { ...place, x: place.x + shift };
}

/**
 * The text and place of a label made of `parts` (joined by " · "), at the first of
 * `places` where some prefix of the parts clears every box in `avoid`; shortened
 * labels end in " …". Empty text when nothing fits anywhere. With `drawingWidth`, each
 * place is first moved sideways to keep the text inside the drawing (`placeInside`).
 * `kept` says how many parts the text holds and `placeIndex` which of `places` it took
 * (-1 and 0 when nothing fits), so a caller can ask whether a longer wording fits whole
 * at the same place.
 */
export function fitLinkLabel(
  parts: readonly string[],
  places: readonly LabelPlace[],
  avoid: readonly Box[],
  size: number,
  drawingWidth = Infinity,
): { text: string; place: LabelPlace; kept: number; placeIndex: number } {
  const first = places[0]!;
  if (parts.length === 0) return { text: '', place: first, kept: 0, placeIndex: -1 };
  for (const [placeIndex, natural] of places.entries()) {
    for (let count = parts.length; count >= 1; count--) {
      const text = parts.slice(0, count).join(' · ') + (count < parts.length ? ' …' : '');
      const width = textWidth(text, size, true);
      const place = placeInside(natural, width, drawingWidth);
      const box = textBox(place.x, place.y, width, size, place.anchor);
      if (!avoid.some((node) => overlaps(box, node))) {
        return { text, place, kept: count, placeIndex };
      }
    }
  }
  return { text: '', place: first, kept: 0, placeIndex: -1 };
}

/** Where a replication arc's label starts: just right of the arc's apex. */
export function arcLabelPlace(
  link: Pick<LinkLayout, 'x1' | 'y1' | 'x2' | 'y2' | 'cx' | 'cy'>,
): LabelPlace {
  const apex = linkPointAt(link, 0.5);
  return { x: apex.x + 8, y: apex.y + 5, anchor: 'start' };
}

/** One line of a replication arc's label: its wordings, longest first. */
export type ArcLabelLine = readonly string[];

/**
 * The lines of a replication arc's label, one per stream on it (two between two
 * primaries, each saying which way): "27 ms · 2 behind", shortened to "2 behind" where
 * that does not fit (tiles, for the room, say only the second). `nameOf` gives the name
 * the diagram shows for a database node; `suffix` (a fault such as "cut") ends the first line.
 */
export function arcLabelLines(
  streams: readonly ReplicationStreamView[],
  tiles: boolean,
  nameOf: (id: string) => string,
  suffix = '',
): ArcLabelLine[] {
  const twoWay = streams.length > 1;
  const lines: ArcLabelLine[] = streams.map((stream) => {
    const full = streamLabel(stream);
    const short = full.replace(/^.* · /, '');
    // A stalled stream keeps the word that says so before its count, where there is room.
    const stalled = stream.connected ? [] : ['disconnected'];
    const wordings = tiles || short === full ? [short] : [full, ...stalled, short];
    return twoWay ? wordings.map((w) => `→ ${nameOf(stream.to)}: ${w}`) : wordings;
  });
  if (suffix === '') return lines;
  const [first, ...rest] = lines;
  if (!first) return [[suffix]];
  return [[...first.map((w) => `${w} · ${suffix}`), ...first], ...rest];
}

/**
 * A replication arc's label (issue 14: they ran under nodes): its lines one under another
 * from `place`, each the longest wording that clears every box in `avoid` (nodes, tags,
 * labels placed before) and the lines above it, else empty. Returns the texts and the
 * boxes they take, for the next arc to avoid.
 */
export function fitArcLabel(
  lines: readonly ArcLabelLine[],
  place: LabelPlace,
  lineStepY: number,
  avoid: readonly Box[],
  size: number,
): { texts: string[]; boxes: Box[] } {
  const boxes: Box[] = [];
  const texts = lines.map((wordings, i) => {
    const y = place.y + i * lineStepY;
    for (const text of wordings) {
      const box = textBox(place.x, y, textWidth(text, size, true), size, place.anchor);
      if (![...avoid, ...boxes].some((b) => overlaps(box, b))) {
        boxes.push(box);
        return text;
      }
    }
    return '';
  });
  return { texts, boxes };
}
