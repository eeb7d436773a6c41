// @vitest-environment jsdom
/**
 * Issue 14 (review): "325/s timing out" lost its first character at the diagram's left
 * edge, in Present, Compare and the laptop view. Every label beside a link or a node is
 * drawn inside the drawing's view box, for every built-in scenario in every layout, with
 * the widest rates a run shows (four digits) on every link and at every user group.
 */
import { describe, expect, it } from 'vitest';
import { createSimulation } from '../sim/runtime';
import { BUILTIN_SCENARIOS, simulationInput } from '../scenarios';
import {
  COMPARE_TARGET,
  PHONE_TARGET,
  PRESENT_TARGET,
  topologyLayout,
  type FontTarget,
} from './layout';
import { renderTopology } from './topology';
import { drawnTextBox, topologyData } from './topologyFixtures';

const TARGETS: ReadonlyArray<[string, FontTarget | undefined]> = [
  ['laptop', undefined],
  ['compare', COMPARE_TARGET],
  ['present', PRESENT_TARGET],
  ['phone', PHONE_TARGET],
];

/** The words drawn beside links and nodes that sit outside any box: their estimated boxes. */
function labelBoxes(svg: SVGSVGElement) {
  const texts = svg.querySelectorAll<SVGTextElement>(
    'g.link text, g.link-labels text, g.node text.alert, g.node text.queue-more',
  );
  return [...texts]
    .filter((t) => t.getAttribute('display') !== 'none' && (t.textContent ?? '') !== '')
    .map((t) => {
      return { text: t.textContent ?? '', box: drawnTextBox(t, 'bold') };
    });
}

describe('labels stay inside the drawing', () => {
  for (const scenario of BUILTIN_SCENARIOS) {
    it(`${scenario.name}: in every layout`, () => {
      const sim = createSimulation(simulationInput(scenario), { seed: 1 });
      const snapshot = sim.snapshot();
      const linkRates = Object.fromEntries(snapshot.links.map((l) => [l.id, 1799.9]));
      const users = snapshot.components.filter((c) => c.kind === 'users');
      const perGroup = Object.fromEntries(users.map((u) => [u.id, 1799.9]));
      const data = topologyData(snapshot, {
        linkRates,
        usersRatePerS: perGroup,
        timeoutsPerSByGroup: perGroup,
      });
      const outside: string[] = [];
      for (const [name, target] of TARGETS) {
        document.body.innerHTML = '';
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        document.body.appendChild(svg);
        const layout = topologyLayout(snapshot.components, snapshot.links, target);
        renderTopology(svg, layout, data, { onActivate: () => {} });
        const labels = labelBoxes(svg);
        expect(labels.length, name).toBeGreaterThan(0);
        const out = labels
          .filter(
            ({ box }) =>
              box.x < 0 ||
              box.y < 0 ||
              box.x + box.width > layout.width ||
              box.y + box.height > layout.height,
          )
          .map(
            ({ text, box }) =>
              `${name}: "${text}" at ${box.x.toFixed(1)},${box.y.toFixed(1)} ${box.width.toFixed(1)}x${box.height.toFixed(1)} in ${layout.width}x${layout.height}`,
          );
        outside.push(...out);
      }
      expect(outside).toEqual([]);
    });
  }
});
