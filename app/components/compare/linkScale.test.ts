import { describe, expect, it } from 'vitest';
import { topologyComponents, topologyLinks } from '../../sim';
import { topologyLayout } from '../../views/layout';
import { linkWidth } from '../../views/load';
import { linkWidthFullScalePerS } from '../../views/topology';
import { ONE_REGION_TOPOLOGY } from '../../views/topologyFixtures';
import { sharedLinkFullScalePerS, type LinkLoad } from './linkScale';

const layout = topologyLayout(
  topologyComponents(ONE_REGION_TOPOLOGY),
  topologyLinks(ONE_REGION_TOPOLOGY),
);
const usersId = ONE_REGION_TOPOLOGY.users[0]!.id;
const fan = layout.links.filter((l) => l.scope === 'region');

/** A design whose users send `usersPerS`, split evenly over the balancer's fan. */
function load(usersPerS: number): LinkLoad {
  return {
    usersRatePerS: { [usersId]: usersPerS },
    linkRates: Object.fromEntries(fan.map((l) => [l.id, usersPerS / fan.length])),
  };
}

describe('sharedLinkFullScalePerS', () => {
  it('draws both designs on the larger scale, so one rate is one width in both', () => {
    expect(fan.length).toBeGreaterThan(1);
    for (const usersPerS of [5, 50, 120]) {
      const a = load(usersPerS);
      const b = load(8 * usersPerS);
      const ownA = linkWidthFullScalePerS(layout, a);
      const ownB = linkWidthFullScalePerS(layout, b);
      // Alone, each would state its own scale: 8x the traffic is a different full width.
      expect(ownB).toBeGreaterThan(ownA);
      const shared = sharedLinkFullScalePerS(layout, [a, b]);
      expect(shared).toBe(ownB);
      expect(sharedLinkFullScalePerS(layout, [b, a])).toBe(shared);
      // A link carrying design A's per-server rate is as wide in B's diagram as in A's,
      // and B's links, carrying 8x the rate, are 8x as wide above the hairline.
      const rate = usersPerS / fan.length;
      const widthA = linkWidth(rate, shared) - linkWidth(0, shared);
      const widthB = linkWidth(8 * rate, shared) - linkWidth(0, shared);
      expect(widthB).toBeCloseTo(8 * widthA, 9);
    }
  });

  it('follows a design whose links carry more than its users send (a retry storm)', () => {
    const storm = load(50);
    const busiest = fan[0]!.id;
    const linkRates = { ...storm.linkRates, [busiest]: 3000 };
    const shared = sharedLinkFullScalePerS(layout, [load(50), { ...storm, linkRates }]);
    expect(shared).toBe(linkWidthFullScalePerS(layout, { ...storm, linkRates }));
    expect(shared).toBeGreaterThan(linkWidthFullScalePerS(layout, load(50)));
  });
});
