// @vitest-environment jsdom
/**
 * Issue 14 (review): on the laptop screen in overload, the queue stacks at the servers'
 * doors ran over the rate labels of the balancer's fan. Every built-in scenario with a
 * full queue (blocks and "+N") at every server and a four-digit rate on every link, in
 * the laptop's rows and Compare's layouts: no queue block, nor its count, meets a link label.
 */
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../sim';
import { createSimulation } from '../sim/runtime';
import { BUILTIN_SCENARIOS, simulationInput } from '../scenarios';
import { COMPARE_TARGET, textWidth, topologyLayout, type Box, type FontTarget } from './layout';
import { textBox } from './cross';
import { renderTopology } from './topology';
import { topologyData } from './topologyFixtures';

const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

function textBoxOf(t: SVGTextElement): Box {
  const size = parseFloat(t.style.fontSize);
  const anchor = (t.getAttribute('text-anchor') ?? 'start') as 'start' | 'middle' | 'end';
  return textBox(
    Number(t.getAttribute('x')),
    Number(t.getAttribute('y')),
    textWidth(t.textContent ?? '', size, true),
    size,
    anchor,
  );
}

const shown = (el: Element) =>
  el.closest('[display="none"]') === null && (el.tagName !== 'text' || el.textContent !== '');

describe('queue stacks clear of the link labels', () => {
  for (const scenario of BUILTIN_SCENARIOS) {
    it(`${scenario.name}: laptop and Compare layouts`, () => {
      const sim = createSimulation(simulationInput(scenario), { seed: 1 });
      const base = sim.snapshot();
      // Every server with more queued than the stack has blocks: blocks and a "+N".
      const snapshot: Snapshot = {
        ...base,
        components: base.components.map((c) => (c.kind === 'server' ? { ...c, queued: 9999 } : c)),
      };
      const linkRates = Object.fromEntries(snapshot.links.map((l) => [l.id, 1799.9]));
      const data = topologyData(snapshot, { linkRates });
      const hits: string[] = [];
      const targets: Array<[string, FontTarget | undefined]> = [
        ['laptop', undefined],
        ['compare', COMPARE_TARGET],
      ];
      for (const [name, target] of targets) {
        document.body.innerHTML = '';
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        document.body.appendChild(svg);
        const layout = topologyLayout(snapshot.components, snapshot.links, target);
        renderTopology(svg, layout, data, { onActivate: () => {} });
        const labels = [...svg.querySelectorAll<SVGTextElement>('g.link text')]
          .filter(shown)
          .map((t) => ({ text: t.textContent ?? '', box: textBoxOf(t) }));
        const queues = [...svg.querySelectorAll('g.node-server')].flatMap((node) => {
          const id = node.getAttribute('data-id') ?? '';
          const blocks = [...node.querySelectorAll<SVGRectElement>('g.queue rect.queued')]
            .filter(shown)
            .map((r) => ({
              what: `${id} block`,
              box: {
                x: Number(r.getAttribute('x')),
                y: Number(r.getAttribute('y')),
                width: Number(r.getAttribute('width')),
                height: Number(r.getAttribute('height')),
              },
            }));
          const more = [...node.querySelectorAll<SVGTextElement>('g.queue text.queue-more')]
            .filter(shown)
            .map((t) => ({ what: `${id} "${t.textContent}"`, box: textBoxOf(t) }));
          return [...blocks, ...more];
        });
        if (layout.density !== 'tiles') expect(queues.length, name).toBeGreaterThan(0);
        for (const q of queues) {
          for (const l of labels) {
            if (overlap(q.box, l.box)) hits.push(`${name}: ${q.what} / "${l.text}"`);
          }
        }
      }
      expect(hits).toEqual([]);
    });
  }
});
