// @vitest-environment jsdom
/**
 * Issue 12: the diagram is drawn again on every report, and an identical redraw must
 * leave the DOM alone (each attribute write, even of the same value, costs the browser
 * a style and layout pass): no mutation at all, the same markup, the same handlers.
 */
import { describe, expect, it, vi } from 'vitest';
import {
  COMPONENT_STATUS_LABELS,
  topologyComponents,
  topologyLinks,
  type TopologySpec,
} from '../sim';
import { topologyLayout, type TopologyLayout } from './layout';
import { renderTopology, type TopologyData } from './topology';
import {
  DATABASE_TOPOLOGY,
  runEngine,
  topologyData,
  TWO_REGIONS_TOPOLOGY,
  type EngineRun,
} from './topologyFixtures';

/** What the diagram draws for an engine run, with its real menus. */
function dataOf(run: EngineRun, extra: Partial<TopologyData> = {}): TopologyData {
  return topologyData(run.snapshot, { actions: run.actions, ...extra });
}

function setUp(topology: TopologySpec) {
  document.body.innerHTML = '';
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.appendChild(svg);
  const layout = topologyLayout(
    topologyComponents(topology),
    topologyLinks(topology),
  ) as TopologyLayout;
  return { svg, layout };
}

/** The mutation records a render makes (MutationObserver over the whole SVG). */
async function mutationsOf(svg: SVGSVGElement, render: () => void): Promise<MutationRecord[]> {
  const records: MutationRecord[] = [];
  const observer = new MutationObserver((batch) => records.push(...batch));
  observer.observe(svg, { attributes: true, childList: true, characterData: true, subtree: true });
  render();
  await new Promise((resolve) => setTimeout(resolve, 0));
  records.push(...observer.takeRecords());
  observer.disconnect();
  return records;
}

const describeRecord = (r: MutationRecord): string =>
  `${r.type} ${(r.target as Element).getAttribute?.('class') ?? r.target.nodeName} ${r.attributeName ?? ''}`;

describe('redrawing the diagram', () => {
  const cases = [
    { name: 'two regions', topology: TWO_REGIONS_TOPOLOGY },
    { name: 'database', topology: DATABASE_TOPOLOGY },
  ];
  for (const { name, topology } of cases) {
    it(`with the same data writes nothing (${name})`, async () => {
      const run = runEngine(topology, { untilS: 20 });
      const { svg, layout } = setUp(topology);
      const handlers = { onActivate: () => {} };
      renderTopology(svg, layout, dataOf(run), handlers);
      const before = svg.outerHTML;
      const records = await mutationsOf(svg, () =>
        renderTopology(svg, layout, dataOf(run), handlers),
      );
      expect(records.map(describeRecord)).toEqual([]);
      expect(svg.outerHTML).toBe(before);
    });
  }

  it("binds each part's listeners once, and a click reaches the newest handlers", () => {
    const run = runEngine(TWO_REGIONS_TOPOLOGY, { untilS: 20 });
    const { svg, layout } = setUp(TWO_REGIONS_TOPOLOGY);
    const first: string[] = [];
    renderTopology(svg, layout, dataOf(run), { onActivate: (id) => first.push(id) });
    const added = vi.spyOn(Element.prototype, 'addEventListener');
    const removed = vi.spyOn(Element.prototype, 'removeEventListener');
    const second: string[] = [];
    renderTopology(svg, layout, dataOf(run), { onActivate: (id) => second.push(id) });
    expect(added).not.toHaveBeenCalled();
    expect(removed).not.toHaveBeenCalled();
    added.mockRestore();
    removed.mockRestore();
    const server = svg.querySelector<SVGGElement>('[role="button"][aria-label^="server "]')!;
    const id = server.getAttribute('aria-label')!.split(/[ :]/)[1]!;
    server.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    server.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    server.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(first).toEqual([]);
    expect(second).toEqual([id, id]);
    const hit = svg.querySelector<SVGGElement>('g.link-hit')!;
    hit.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(second).toEqual([id, id, hit.getAttribute('data-id')]);
  });

  it('with one part changed rewrites only that part', async () => {
    const run = runEngine(TWO_REGIONS_TOPOLOGY, { untilS: 20 });
    const { svg, layout } = setUp(TWO_REGIONS_TOPOLOGY);
    const handlers = { onActivate: () => {} };
    renderTopology(svg, layout, dataOf(run), handlers);
    const target = run.snapshot.components.find((c) => c.kind === 'server')!;
    const changed = {
      ...run,
      snapshot: {
        ...run.snapshot,
        components: run.snapshot.components.map((c) =>
          c.id === target.id
            ? { ...c, state: 'crashed' as const, stateLabel: COMPONENT_STATUS_LABELS.crashed }
            : c,
        ),
      },
    };
    const records = await mutationsOf(svg, () =>
      renderTopology(svg, layout, dataOf(changed), handlers),
    );
    expect(records.length).toBeGreaterThan(0);
    const node = [...svg.querySelectorAll('[data-id]')].find(
      (e) => e.getAttribute('data-id') === target.id && e.closest('.layer-nodes'),
    )!;
    const outside = records.filter((r) => !node.contains(r.target)).map(describeRecord);
    expect(outside).toEqual([]);
  });
});
