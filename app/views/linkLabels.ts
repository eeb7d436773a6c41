/**
 * Link labels that never sit under a node (issue 14): links are painted under the
 * nodes, so a label that runs into a node is hidden by it. A label is tried where its
 * link puts it, then (centred labels) lifted above both ends; at each place its parts
 * are dropped from the end ("123/s · +200ms …") until it clears every node. The full
 * text stays in the link's accessible name and the Links list.
 */
import { textBox } from './cross';
import { textWidth, type Box } from './layout';

export interface LabelPlace {
  x: number;
  y: number;
  anchor: 'start' | 'middle' | 'end';
}

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The text and place of a label made of `parts` (joined by " · "), at the first of
 * `places` where some prefix of the parts clears every box in `avoid`; shortened
 * labels end in " …". Empty text when nothing fits anywhere.
 */
export function fitLinkLabel(
  parts: readonly string[],
  places: readonly LabelPlace[],
  avoid: readonly Box[],
  size: number,
): { text: string; place: LabelPlace } {
  const first = places[0]!;
  if (parts.length === 0) return { text: '', place: first };
  for (const place of places) {
    for (let count = parts.length; count >= 1; count--) {
      const text = parts.slice(0, count).join(' · ') + (count < parts.length ? ' …' : '');
      const box = textBox(place.x, place.y, textWidth(text, size, true), size, place.anchor);
      if (!avoid.some((node) => overlaps(box, node))) return { text, place };
    }
  }
  return { text: '', place: first };
}
