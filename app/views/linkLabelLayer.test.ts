// @vitest-environment jsdom
/**
 * Issue 14 (review): each link's label was drawn in the link's own group, so every link
 * drawn after it painted over it: in the balancer's fan (overload, two regions) the
 * labels were crossed by the other servers' lines. The labels now sit in one layer above
 * every link. In SVG the later element paints over the earlier, so: every label comes
 * after every link's line in document order, in the laptop's rows and Compare's tiles,
 * over several seeds; and a redraw moves each label with its own link (keyed by id, the
 * same element, where a fresh drawing of the new state puts it). The dots' canvas sits
 * above the SVG: renderTopology returns the words' boxes, which the dots pass under.
 */
import { describe, expect, it } from 'vitest';
import { usFromS, type Snapshot } from '../sim';
import { createSimulation } from '../sim/runtime';
import { OVERLOAD, simulationInput, TWO_REGIONS, type Scenario } from '../scenarios';
import { COMPARE_TARGET, topologyLayout, type Box, type FontTarget } from './layout';
import { renderTopology, type TopologyData } from './topology';
import { drawnTextBox, topologyData } from './topologyFixtures';

const LABELS = 'text.link-label, text.link-label-2, text.link-sublabel';

/** `scenario` run to `untilS` with `seed`, after the given commands at 1 s. */
function snapshotOf(scenario: Scenario, seed: number, untilS: number, cut: string[] = []) {
  const sim = createSimulation(simulationInput(scenario), { seed });
  sim.runUntil(usFromS(1));
  for (const target of cut) {
    const result = sim.apply({ type: 'cut', target, oneWay: false });
    if (!result.ok) throw new Error(result.error);
  }
  sim.runUntil(usFromS(untilS));
  return sim.snapshot();
}

/** What the diagram draws: a rate on every link, and (reduced motion) a count on each. */
function dataOf(snapshot: Snapshot, ratePerS: number): TopologyData {
  return topologyData(snapshot, {
    linkRates: Object.fromEntries(snapshot.links.map((l) => [l.id, ratePerS])),
    transitCounts: new Map(snapshot.links.map((l, i) => [l.id, i + 1])),
  });
}

function newSvg(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.appendChild(svg);
  return svg;
}

function draw(svg: SVGSVGElement, snapshot: Snapshot, data: TopologyData, target?: FontTarget) {
  const layout = topologyLayout(snapshot.components, snapshot.links, target);
  renderTopology(svg, layout, data, { onActivate: () => {} });
  return layout;
}

/** The box a drawn text covers (its size and anchor as drawn; width estimated). */
const boxOf = (t: SVGTextElement): Box => drawnTextBox(t);

const contains = (outer: Box, inner: Box) =>
  outer.x <= inner.x &&
  outer.y <= inner.y &&
  outer.x + outer.width >= inner.x + inner.width &&
  outer.y + outer.height >= inner.y + inner.height;

const shownText = (t: Element) =>
  t.closest('[display="none"]') === null && (t.textContent ?? '') !== '';

/** Each link's label texts by link id: [class, text, x, y] of every one drawn. */
function labelsByLink(svg: SVGSVGElement): Map<string, string[][]> {
  const byLink = new Map<string, string[][]>();
  for (const group of svg.querySelectorAll('g.link-labels')) {
    const texts = [...group.querySelectorAll(LABELS)].map((t) => [
      t.getAttribute('class') ?? '',
      shownText(t) ? (t.textContent ?? '') : '',
      t.getAttribute('x') ?? '',
      t.getAttribute('y') ?? '',
    ]);
    byLink.set(group.getAttribute('data-link') ?? '', texts);
  }
  return byLink;
}

const SCENARIOS = [TWO_REGIONS, OVERLOAD];
const SEEDS = [1, 2, 3];

describe('link labels in one layer above the links', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: every label paints after every line, rows and tiles`, () => {
      for (const seed of SEEDS) {
        const snapshot = snapshotOf(scenario, seed, 10);
        for (const [name, target] of [
          ['rows', undefined],
          ['tiles', COMPARE_TARGET],
        ] as const) {
          document.body.innerHTML = '';
          const svg = newSvg();
          const layout = draw(svg, snapshot, dataOf(snapshot, 302.4), target);
          const lines = [...svg.querySelectorAll('g.link path.line')];
          const labels = [...svg.querySelectorAll(LABELS)].filter(shownText);
          expect(lines, name).toHaveLength(layout.links.length);
          // Tiles leave the fan's links without words; the rows label most links.
          const least = target ? 1 : layout.links.length / 2;
          expect(labels.length, name).toBeGreaterThanOrEqual(least);
          const under: string[] = [];
          for (const label of labels) {
            for (const line of lines) {
              if (!(line.compareDocumentPosition(label) & Node.DOCUMENT_POSITION_FOLLOWING)) {
                const link = line.closest('g.link')!.getAttribute('data-link');
                under.push(`${name}, seed ${seed}: "${label.textContent}" under ${link}`);
              }
            }
          }
          expect(under).toEqual([]);
          // One label group per link, hidden from assistive technology like the link itself
          // (the link's accessible name is on its button in the Links list).
          const groups = [...svg.querySelectorAll('g.link-labels')];
          expect(groups.map((g) => g.getAttribute('data-link')).sort()).toEqual(
            layout.links.map((l) => l.id).sort(),
          );
          for (const g of groups) expect(g.getAttribute('aria-hidden')).toBe('true');
        }
      }
    });

    it(`${scenario.name}: a redraw moves each label with its own link`, () => {
      for (const seed of SEEDS) {
        document.body.innerHTML = '';
        const svg = newSvg();
        const first = snapshotOf(scenario, seed, 5);
        draw(svg, first, dataOf(first, 48.2));
        const before = labelsByLink(svg);
        const elements = new Map(
          [...svg.querySelectorAll('g.link-labels')].map((g) => [g.getAttribute('data-link'), g]),
        );
        // Then: another layout (Compare's tiles), and back to the rows with a link cut and
        // four-digit rates, which move the fan's labels and change their words.
        const balancerLink = first.links.find((l) => l.scope === 'region')!.id;
        const later = snapshotOf(scenario, seed, 10, [balancerLink]);
        const steps: Array<[Snapshot, TopologyData, FontTarget | undefined]> = [
          [later, dataOf(later, 302.4), COMPARE_TARGET],
          [later, dataOf(later, 1799.9), undefined],
        ];
        let moved = 0;
        for (const [snapshot, data, target] of steps) {
          draw(svg, snapshot, data, target);
          const fresh = newSvg();
          draw(fresh, snapshot, data, target);
          // Where a drawing of this state from scratch puts each link's label.
          expect(labelsByLink(svg)).toEqual(labelsByLink(fresh));
          fresh.remove();
          // The same elements, keyed by link id.
          for (const g of svg.querySelectorAll('g.link-labels')) {
            expect(g).toBe(elements.get(g.getAttribute('data-link')));
          }
          for (const [id, texts] of labelsByLink(svg)) {
            if (JSON.stringify(texts) !== JSON.stringify(before.get(id))) moved++;
          }
        }
        expect(moved).toBeGreaterThan(0);
        // The cut link's label says so, in its own group.
        const cut = svg.querySelector(`g.link-labels[data-link="${balancerLink}"]`)!;
        expect(cut.classList).toContain('cut');
        expect(cut.querySelector('text.link-label')!.textContent).toBe('cut');
      }
    });

    it(`${scenario.name}: returns the boxes of the words the dots pass under, no more`, () => {
      for (const seed of SEEDS) {
        const base = snapshotOf(scenario, seed, 10);
        // Full queues: every server's "+N" count is one of the words.
        const snapshot: Snapshot = {
          ...base,
          components: base.components.map((c) =>
            c.kind === 'server' ? { ...c, queued: 1107 } : c,
          ),
        };
        document.body.innerHTML = '';
        const svg = newSvg();
        const layout = topologyLayout(snapshot.components, snapshot.links);
        const boxes = renderTopology(svg, layout, dataOf(snapshot, 302.4), {
          onActivate: () => {},
        }).dotFree;
        const words = [...svg.querySelectorAll<SVGTextElement>(`${LABELS}, text.queue-more`)]
          .filter(shownText)
          .map((t) => ({ text: t.textContent ?? '', box: boxOf(t) }));
        expect(words.filter((w) => w.text.startsWith('+'))).toHaveLength(
          layout.nodes.filter((n) => n.kind === 'server').length,
        );
        // Each word inside a box, and each box round one word (no hole where nothing is).
        const uncovered = words.filter((w) => !boxes.some((b) => contains(b, w.box)));
        expect(uncovered.map((w) => w.text)).toEqual([]);
        expect(boxes).toHaveLength(words.length);
        for (const b of boxes) expect(words.some((w) => contains(b, w.box))).toBe(true);
      }
    });
  }
});
