// @vitest-environment jsdom
/**
 * Issue 12 leftovers (screens): Present mode shows no legend, whose last line says the link
 * rates' window ("over the last 2.2 s"), so its rate labels say it themselves where it fits
 * ("93.8/s (last 2.1 s)" beside "users 100 req/s"); the laptop's labels leave it to the legend.
 */
import { describe, expect, it } from 'vitest';
import { usFromS } from '../sim';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { PRESENT_TARGET, topologyLayout, type FontTarget } from './layout';
import { renderTopology } from './topology';
import { runEngine, topologyData } from './topologyFixtures';

/** The rate labels drawn (text with "/s"), by link id. */
function rateLabels(
  scenario: (typeof BUILTIN_SCENARIOS)[number],
  target: FontTarget | undefined,
  rateWindowOnLabels: boolean,
): Record<string, string> {
  const { snapshot } = runEngine(scenario.topology, { untilS: 5, settings: scenario.settings });
  const layout = topologyLayout(snapshot.components, snapshot.links, target);
  const linkRates = Object.fromEntries(snapshot.links.map((l, i) => [l.id, 93.8 + i]));
  document.body.innerHTML = '';
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.appendChild(svg);
  const data = topologyData(snapshot, {
    linkRates,
    rateWindowUs: usFromS(2.1),
    rateWindowOnLabels,
  });
  renderTopology(svg, layout, data, { onActivate: () => {} });
  const labels: Record<string, string> = {};
  for (const text of svg.querySelectorAll('g.link-labels text.link-label')) {
    if (text.textContent?.includes('/s')) {
      labels[text.closest('g')!.getAttribute('data-link')!] = text.textContent;
    }
  }
  return labels;
}

describe("Present's rate labels say the window they cover", () => {
  for (const scenario of BUILTIN_SCENARIOS) {
    it(`${scenario.name}: every rate label in Present says "(last 2.1 s)", none on the laptop`, () => {
      const present = rateLabels(scenario, PRESENT_TARGET, true);
      for (const [id, text] of Object.entries(present)) {
        expect(text, id).toMatch(/^\d+(\.\d)?\/s \(last 2\.1 s\)$/);
      }
      // One balancer: the users' link has its label in Present. Two regions draw no rate
      // label in Present's tiles (so nothing there to say a window): should one appear, the
      // check above covers it, and this one says the picture changed.
      if (scenario.topology.regions.length === 1) {
        expect(Object.keys(present)).toContain('users->lb-1');
      } else {
        expect(present).toEqual({});
      }
      const laptop = rateLabels(scenario, undefined, false);
      expect(Object.values(laptop).filter((t) => t.includes('last'))).toEqual([]);
    });
  }
});
