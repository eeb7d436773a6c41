import { describe, expect, it } from 'vitest';
import { BUILTIN_LESSONS } from '../../lessons';
import { builtinScenario } from '../../scenarios';
import { topologyComponents, topologyLinks } from '../../sim';
import { compareLayout, EMBED_MIN_FONT_PX, referenceScale } from '../../views/layout';
import {
  EMBED_BESIDE_FRAME_MIN_PX,
  EMBED_CARD_WIDTH_MAX_PX,
  EMBED_CARD_WIDTH_MIN_PX,
  EMBED_DIAGRAM_CHROME_PX,
  embedDrawingWidthPx,
  embedLessonPlacement,
} from './embedLessonLayout';

/** Every built-in lesson's scenario, with the parts its diagram draws. */
const LESSON_SCENARIOS = [...new Set(BUILTIN_LESSONS.map((lesson) => lesson.scenario))].map(
  (name) => {
    const topology = builtinScenario(name)!.topology;
    return {
      name,
      components: topologyComponents(topology),
      links: topologyLinks(topology),
    };
  },
);

describe('embedDrawingWidthPx', () => {
  it.each(LESSON_SCENARIOS)(
    "$name: the embed's diagram at that width draws its smallest label at >= 12 px",
    ({ components, links }) => {
      const widthPx = embedDrawingWidthPx(components, links);
      // The least height the embed gives its box: 18rem at the frame's 15 px root (app.css).
      const box = { width: widthPx, height: 270 };
      const layout = compareLayout(components, links, box, EMBED_MIN_FONT_PX);
      const smallestPx = layout.fonts.small * referenceScale(layout.width, layout.height, box);
      expect(smallestPx).toBeGreaterThanOrEqual(EMBED_MIN_FONT_PX - 1e-9);
      // And no wider than it must be: a pixel narrower and the tiles are under the floor.
      const narrower = { ...box, width: widthPx - 1 };
      const tiles = compareLayout(components, links, narrower, EMBED_MIN_FONT_PX);
      expect(tiles.fonts.small * referenceScale(tiles.width, tiles.height, narrower)).toBeLessThan(
        EMBED_MIN_FONT_PX,
      );
    },
  );
});

describe('embedLessonPlacement', () => {
  it('puts the health-checks lesson beside its diagram in frames 768 and 1000 px wide', () => {
    const oneRegion = LESSON_SCENARIOS.find((s) => s.name === 'one-region')!;
    const drawingPx = embedDrawingWidthPx(oneRegion.components, oneRegion.links);
    for (const frameWidthPx of [768, 1000]) {
      const placement = embedLessonPlacement(frameWidthPx, drawingPx);
      expect(placement.place, `${frameWidthPx} px`).toBe('beside');
    }
  });

  it('puts every lesson beside its diagram in a 1000 px frame', () => {
    for (const { name, components, links } of LESSON_SCENARIOS) {
      const placement = embedLessonPlacement(1000, embedDrawingWidthPx(components, links));
      expect(placement.place, name).toBe('beside');
    }
  });

  it('stacks the card above the diagram in a frame narrower than the threshold', () => {
    for (const { name, components, links } of LESSON_SCENARIOS) {
      const drawingPx = embedDrawingWidthPx(components, links);
      for (const frameWidthPx of [360, 400, 600, EMBED_BESIDE_FRAME_MIN_PX - 1]) {
        expect(embedLessonPlacement(frameWidthPx, drawingPx), `${name} at ${frameWidthPx}`).toEqual(
          { place: 'above' },
        );
      }
    }
  });

  it('beside, the card is between its widths and leaves the diagram its readable width', () => {
    for (const { name, components, links } of LESSON_SCENARIOS) {
      const drawingPx = embedDrawingWidthPx(components, links);
      let besideFromPx: number | null = null;
      for (let frameWidthPx = 320; frameWidthPx <= 1920; frameWidthPx += 4) {
        const placement = embedLessonPlacement(frameWidthPx, drawingPx);
        const spared = frameWidthPx - EMBED_DIAGRAM_CHROME_PX - drawingPx;
        const at = `${name} at ${frameWidthPx} px`;
        if (placement.place === 'above') {
          // Only where beside would squeeze the card or the frame is under the threshold,
          // and never again once the frame was wide enough for both.
          expect(
            frameWidthPx < EMBED_BESIDE_FRAME_MIN_PX || spared < EMBED_CARD_WIDTH_MIN_PX,
            at,
          ).toBe(true);
          expect(besideFromPx, at).toBeNull();
          continue;
        }
        besideFromPx ??= frameWidthPx;
        expect(placement.cardWidthPx, at).toBeGreaterThanOrEqual(EMBED_CARD_WIDTH_MIN_PX);
        expect(placement.cardWidthPx, at).toBeLessThanOrEqual(EMBED_CARD_WIDTH_MAX_PX);
        expect(
          frameWidthPx - EMBED_DIAGRAM_CHROME_PX - placement.cardWidthPx,
          at,
        ).toBeGreaterThanOrEqual(drawingPx);
      }
      expect(besideFromPx, name).not.toBeNull();
    }
  });
});
