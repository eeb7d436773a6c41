/**
 * The link width scale against the engine's real rates (issue 14: the legend said
 * "thickest = 100 req/s" where users send 50). Rates are measured as the page does
 * (routed counters over the store's 2 s window), report after report.
 */
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, simulationInput, type Scenario } from '../../scenarios';
import { topologyComponents, topologyLinks } from '../../sim';
import { createSimulation } from '../../sim/runtime';
import { linkRates, routedSample, type RoutedSample } from '../../store/rates';
import { topologyLayout } from '../../views/layout';
import { LINK_SCALE_HEADROOM, linkFullScalePerS } from '../../views/load';
import { linkWidthFullScalePerS, measuredLinkRates } from '../../views/topology';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** The scale and the busiest measured link at each simulated second 3..`untilS`. */
function scalesOf(scenario: Scenario, seed: number, untilS: number) {
  const input = simulationInput(scenario);
  const sim = createSimulation(input, { seed, trackMessages: false });
  const layout = topologyLayout(topologyComponents(input.topology), topologyLinks(input.topology));
  const rate = sim.settings().traffic.arrivalRatePerS;
  const groups = input.topology.users;
  const shares = groups.reduce((sum, g) => sum + g.share, 0) || 1;
  const usersRatePerS = Object.fromEntries(groups.map((g) => [g.id, (rate * g.share) / shares]));
  const history: RoutedSample[] = [];
  const out: { scale: number; busiest: number }[] = [];
  for (let s = 1; s <= untilS; s++) {
    sim.runUntil(s * 1_000_000);
    history.push(routedSample(sim.snapshot()));
    const rates = linkRates(history.slice(-4));
    if (s < 3) continue;
    const busiest = Math.max(0, ...measuredLinkRates(layout, rates).values());
    out.push({
      scale: linkWidthFullScalePerS(layout, { linkRates: rates, usersRatePerS }),
      busiest,
    });
  }
  return { out, usersRatePerS };
}

describe('link width scale on the built-in scenarios', () => {
  it('users sending 50 req/s to one balancer: full width is 50 req/s at every report, every seed', () => {
    const oneRegion = BUILTIN_SCENARIOS.find((s) => s.name === 'one-region')!;
    for (const seed of SEEDS) {
      const { out, usersRatePerS } = scalesOf(oneRegion, seed, 60);
      expect(Object.values(usersRatePerS)).toEqual([50]);
      // The measured rate wobbles above 50 (a Poisson count over 2 s)...
      expect(Math.max(...out.map((o) => o.busiest))).toBeGreaterThan(50);
      // ...but never past the noise: the scale stays at the users' rate.
      expect(new Set(out.map((o) => o.scale))).toEqual(new Set([50]));
    }
  });

  it('a link carrying several times the users rate (retry storm) moves the scale up', () => {
    const storm = BUILTIN_SCENARIOS.find((s) => s.name === 'retry-storm')!;
    for (const seed of SEEDS.slice(0, 4)) {
      const { out, usersRatePerS } = scalesOf(storm, seed, 60);
      const users = Math.max(...Object.values(usersRatePerS));
      for (const { scale, busiest } of out) {
        // Full width covers the busiest link within its noise, and the users' rate.
        expect(scale * LINK_SCALE_HEADROOM).toBeGreaterThanOrEqual(busiest);
        expect(scale).toBeGreaterThanOrEqual(users);
        expect(scale).toBe(linkFullScalePerS(Math.max(users, busiest / LINK_SCALE_HEADROOM)));
      }
      expect(Math.max(...out.map((o) => o.scale))).toBeGreaterThan(linkFullScalePerS(users));
    }
  });
});
