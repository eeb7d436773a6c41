// @vitest-environment jsdom
/**
 * Every lesson step's spotlight, as drawn on the laptop, in Present (1280x720) and on a
 * phone: the callout's arrow ends on the part (or link) it names, within a few pixels, and
 * the callout stays inside the diagram (issue 14: in Present "dashed: unhealthy" sat by
 * zone c, and on a phone it was drawn above lb-1, a screen from app-b1).
 */
import { describe, expect, it } from 'vitest';
import { topologyComponents, topologyLinks } from '../../sim';
import { builtinScenario } from '../../scenarios';
import { BUILTIN_LESSONS } from '../../lessons';
import {
  linkPointAt,
  PHONE_TARGET,
  PRESENT_TARGET,
  topologyLayout,
  type Box,
  type FontTarget,
} from '../../views/layout';
import { renderSpotlight, spotlightBox } from '../../views/spotlight';

/** The laptop's diagram box (the layout's default target). */
const LAPTOP: FontTarget | undefined = undefined;
/** How near the arrow's tip must come to what it names, in CSS pixels. */
const TIP_PX = 3;

const distanceToBox = (p: { x: number; y: number }, b: Box): number =>
  Math.hypot(
    Math.max(0, b.x - p.x, p.x - (b.x + b.width)),
    Math.max(0, b.y - p.y, p.y - (b.y + b.height)),
  );

const steps = BUILTIN_LESSONS.flatMap((lesson) =>
  lesson.steps.flatMap((step, index) =>
    step.spotlight ? [{ lesson, index, spotlight: step.spotlight }] : [],
  ),
);

describe.each([
  ['laptop', LAPTOP],
  ['Present', PRESENT_TARGET],
  ['phone', PHONE_TARGET],
] as const)('lesson spotlights (%s)', (_where, target) => {
  it('every step: the arrow ends on the first part it names, and the callout is inside the diagram', () => {
    expect(steps.length).toBeGreaterThan(20);
    for (const { lesson, index, spotlight } of steps) {
      const where = `${lesson.id} step ${index + 1} (${spotlight.ids[0]})`;
      const topology = builtinScenario(lesson.scenario)!.topology;
      const layout = topologyLayout(topologyComponents(topology), topologyLinks(topology), target);
      // CSS pixels per SVG unit where the diagram is drawn (the SVG keeps its aspect).
      const box = (target ?? { box: { width: 1000, height: 1000 } }).box;
      const pxPerUnit = target ? Math.min(box.width / layout.width, box.height / layout.height) : 1;
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      renderSpotlight(svg, layout, spotlight);
      const line = svg.querySelector('g.spotlight-label line.spotlight-arrow');
      expect(line, where).not.toBeNull();
      const tip = { x: Number(line!.getAttribute('x2')), y: Number(line!.getAttribute('y2')) };
      const first = spotlight.ids[0]!;
      const link = layout.linkById.get(first);
      const missUnits = link
        ? Math.min(
            ...Array.from({ length: 401 }, (_, i) => {
              const p = linkPointAt(link, i / 400);
              return Math.hypot(p.x - tip.x, p.y - tip.y);
            }),
          )
        : distanceToBox(tip, spotlightBox(layout, first)!);
      expect(missUnits * pxPerUnit, where).toBeLessThanOrEqual(TIP_PX);
      const rect = svg.querySelector('g.spotlight-label rect')!;
      const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((a) => Number(rect.getAttribute(a)));
      expect(x!, where).toBeGreaterThanOrEqual(0);
      expect(y!, where).toBeGreaterThanOrEqual(0);
      expect(x! + w!, where).toBeLessThanOrEqual(layout.width);
      expect(y! + h!, where).toBeLessThanOrEqual(layout.height);
    }
  });
});
