import { describe, expect, it } from 'vitest';
import { topologyComponents, topologyLinks } from '../sim';
import { BUILTIN_SCENARIOS } from '../scenarios';
import {
  COMPARE_TARGET,
  compareLayout,
  EMBED_MIN_FONT_PX,
  MIN_FONT_PX,
  referenceScale,
  ROW_BADGE_LETTER,
  topologyLayout,
  type TopologyLayout,
} from './layout';

/** The smallest text of a layout drawn in `box` (the rows' badge letter does not grow). */
function smallestPx(layout: TopologyLayout, box: { width: number; height: number }): number {
  const smallest =
    layout.density === 'tiles'
      ? layout.fonts.small
      : Math.min(layout.fonts.small, ROW_BADGE_LETTER);
  return smallest * referenceScale(layout.width, layout.height, box);
}

// Compare's diagram boxes, measured in the built page: each half of the laptop's width,
// as high as `.compare-columns .diagram-box` lets them be (100vh - 24rem, at least 18rem).
const HALF_1024 = { width: 464, height: 384 };
const HALF_1280 = { width: 592, height: 416 };
const HALF_1920 = { width: 904, height: 696 };

describe('compare layout: two diagrams side by side, text at least the laptop floor', () => {
  for (const scenario of BUILTIN_SCENARIOS) {
    const components = topologyComponents(scenario.topology);
    const links = topologyLinks(scenario.topology);
    it(`${scenario.name}: >= ${MIN_FONT_PX} px in half of 1024, 1280 and 1920 wide screens`, () => {
      for (const box of [HALF_1024, HALF_1280, HALF_1920]) {
        const layout = compareLayout(components, links, box);
        expect(smallestPx(layout, box), `${box.width}x${box.height}`).toBeGreaterThanOrEqual(
          MIN_FONT_PX,
        );
      }
    });
  }

  it("keeps the laptop's rows where they stay readable, and tiles where they would not", () => {
    const twoRegions = BUILTIN_SCENARIOS.find((s) => s.name === 'two-regions')!;
    const components = topologyComponents(twoRegions.topology);
    const links = topologyLinks(twoRegions.topology);
    // The rows are 68 text heights wide: 11.2 px text needs a box about 760 px wide.
    expect(compareLayout(components, links, HALF_1920).density).toBe('compact');
    expect(compareLayout(components, links, HALF_1280).density).toBe('tiles');
    expect(compareLayout(components, links, HALF_1024)).toEqual(
      topologyLayout(components, links, COMPARE_TARGET),
    );
  });

  it("counts the rows' fixed-size badge letter: active-active-data's grown rows are not enough", () => {
    const scenario = BUILTIN_SCENARIOS.find((s) => s.name === 'active-active-data')!;
    const components = topologyComponents(scenario.topology);
    const links = topologyLinks(scenario.topology);
    // Its rows grow their fonts to 17.5 units, but the "P" stays 14: 10 px at 904 wide.
    expect(compareLayout(components, links, HALF_1920).density).toBe('tiles');
  });
});

// An embed's diagram box (app.css: the frame's width less 56 px of padding, as high as
// clamp(18rem, 52vw, 26rem) lets it be, both rounded down to 8 px as Diagram.tsx does), for
// frames from just over a phone's width to a laptop's: 608, 700, 768 (issue 14) and 1024.
const EMBED_BOXES = [608, 700, 768, 1024].map((frameWidth) => ({
  width: Math.floor((frameWidth - 56) / 8) * 8,
  height: Math.floor(Math.min(Math.max(288, 0.52 * frameWidth), 416) / 8) * 8,
}));

describe('embed layout: the compact frame, text at least 12 px', () => {
  it('every built-in scenario reads at >= EMBED_MIN_FONT_PX in frames 608 to 1024 px wide', () => {
    expect(EMBED_MIN_FONT_PX).toBeGreaterThanOrEqual(12);
    for (const scenario of BUILTIN_SCENARIOS) {
      const components = topologyComponents(scenario.topology);
      const links = topologyLinks(scenario.topology);
      for (const box of EMBED_BOXES) {
        const layout = compareLayout(components, links, box, EMBED_MIN_FONT_PX);
        expect(
          smallestPx(layout, box),
          `${scenario.name} in ${box.width}x${box.height}`,
        ).toBeGreaterThanOrEqual(EMBED_MIN_FONT_PX);
      }
    }
  });
});
