/**
 * Where an embedded lesson's step card goes (issue 14, review item 20). In a 768x640 frame
 * the card came after the diagram, its legend and the Links list, and started at the
 * frame's bottom edge: a host page without the height snippet showed no lesson at all.
 * Beside the diagram when the frame is wide enough for both, the diagram keeping labels of
 * EMBED_MIN_FONT_PX; else above it, compact (its words scroll inside it, app.css).
 */
import type { ComponentInfo, LinkInfo } from '../../sim';
import { COMPARE_TARGET, EMBED_MIN_FONT_PX, topologyLayout } from '../../views/layout';

/** Narrower frames stack the card above the diagram: beside it, one of the two is cramped. */
export const EMBED_BESIDE_FRAME_MIN_PX = 700;

/** The narrowest card beside the diagram: about 34 characters a line of its text. */
export const EMBED_CARD_WIDTH_MIN_PX = 240;

/** The widest card beside the diagram: longer lines read worse, the diagram wants the room. */
export const EMBED_CARD_WIDTH_MAX_PX = 420;

/** The share of the frame's width the card takes where the diagram can spare it. */
export const EMBED_CARD_SHARE = 0.36;

/**
 * The frame's width the diagram's drawing never gets beside the card, in CSS pixels: the
 * page's side padding (2 x 1rem), the gap between the columns (0.75rem), the diagram
 * panel's padding and border (2 x 0.8rem + 2 px), all at the 15 px root of a frame up to
 * 1280 px wide (67 px), and 8 px the diagram loses rounding its box down (Diagram.tsx).
 * Rounded up to 80.
 */
export const EMBED_DIAGRAM_CHROME_PX = 80;

/** Where the step card goes, and how wide it is beside the diagram. */
export type EmbedLessonPlacement = { place: 'beside'; cardWidthPx: number } | { place: 'above' };

/**
 * The width, in CSS pixels, at which the embed's diagram of these parts draws its smallest
 * label at EMBED_MIN_FONT_PX: the tiles the embed falls back to when the rows would be
 * smaller (`compareLayout`), drawn to the box's width (their height is never what binds in
 * an embed: at most 534 units for 940 across, where the box allows 52% of the width).
 */
export function embedDrawingWidthPx(
  components: readonly ComponentInfo[],
  links: readonly LinkInfo[],
): number {
  const tiles = topologyLayout(components, links, COMPARE_TARGET);
  return Math.ceil((tiles.width * EMBED_MIN_FONT_PX) / tiles.fonts.small);
}

/**
 * The card beside the diagram in a frame `frameWidthPx` wide when both fit: the card its
 * share of the width (between the minimum and the maximum), less where the diagram needs
 * `drawingWidthPx` for readable labels; above the diagram when the card would be narrower
 * than EMBED_CARD_WIDTH_MIN_PX, or the frame narrower than EMBED_BESIDE_FRAME_MIN_PX.
 */
export function embedLessonPlacement(
  frameWidthPx: number,
  drawingWidthPx: number,
): EmbedLessonPlacement {
  if (frameWidthPx < EMBED_BESIDE_FRAME_MIN_PX) return { place: 'above' };
  const wantedPx = Math.min(
    EMBED_CARD_WIDTH_MAX_PX,
    Math.max(EMBED_CARD_WIDTH_MIN_PX, frameWidthPx * EMBED_CARD_SHARE),
  );
  const sparedPx = frameWidthPx - EMBED_DIAGRAM_CHROME_PX - drawingWidthPx;
  const cardWidthPx = Math.floor(Math.min(wantedPx, sparedPx));
  return cardWidthPx >= EMBED_CARD_WIDTH_MIN_PX
    ? { place: 'beside', cardWidthPx }
    : { place: 'above' };
}
