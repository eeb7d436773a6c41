// @vitest-environment jsdom
/**
 * Issue 14 (review): the crash cross ran through a tile's name ("a1") in Present and on
 * phones. Every built-in scenario with all its servers and database nodes killed, in
 * Present's and the phone's tiles: each cross is drawn, and no line of it crosses the
 * name's box.
 */
import { describe, expect, it } from 'vitest';
import { usFromS } from '../sim';
import { createSimulation } from '../sim/runtime';
import { BUILTIN_SCENARIOS, simulationInput } from '../scenarios';
import { PHONE_TARGET, PRESENT_TARGET, topologyLayout } from './layout';
import { insideInterval, type Segment } from './cross';
import { renderTopology } from './topology';
import { drawnTextBox, topologyData } from './topologyFixtures';

/** The straight pieces of a path made of `M x,y L x,y` pairs. */
function segments(d: string): Segment[] {
  return [...d.matchAll(/M([-\d.]+),([-\d.]+)L([-\d.]+),([-\d.]+)/g)].map((m) => ({
    x1: Number(m[1]),
    y1: Number(m[2]),
    x2: Number(m[3]),
    y2: Number(m[4]),
  }));
}

describe('a down tile keeps its name readable', () => {
  for (const scenario of BUILTIN_SCENARIOS) {
    it(`${scenario.name}: no cross line through a tile's name`, () => {
      const sim = createSimulation(simulationInput(scenario), { seed: 1 });
      sim.runUntil(usFromS(0.5));
      const down = sim
        .components()
        .filter((c) => c.kind === 'server' || c.kind === 'database')
        .filter((c) => sim.apply({ type: 'kill', target: c.id }).ok);
      expect(down.length).toBeGreaterThan(0);
      sim.runUntil(usFromS(1));
      const snapshot = sim.snapshot();
      const data = topologyData(snapshot);
      const crossings: string[] = [];
      for (const target of [PRESENT_TARGET, PHONE_TARGET]) {
        document.body.innerHTML = '';
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        document.body.appendChild(svg);
        renderTopology(svg, topologyLayout(snapshot.components, snapshot.links, target), data, {
          onActivate: () => {},
        });
        for (const { id } of down) {
          const node = svg.querySelector(`g.node[data-id="${id}"]`)!;
          const cross = node.querySelector('g.cross')!;
          expect(cross.getAttribute('display'), id).toBeNull();
          const title = node.querySelector<SVGTextElement>('text.title')!;
          const name = drawnTextBox(title, 'bold');
          const lines = [...cross.querySelectorAll('path')].flatMap((p) =>
            segments(p.getAttribute('d') ?? ''),
          );
          expect(lines.length, id).toBe(2);
          for (const line of lines) {
            const inside = insideInterval(line, name);
            if (inside && inside[1] - inside[0] > 1e-6) {
              crossings.push(`${target.arrangement} ${id}: "${title.textContent}"`);
            }
          }
        }
      }
      expect(crossings).toEqual([]);
    });
  }
});
