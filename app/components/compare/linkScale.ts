/**
 * One link-width scale for the two compared diagrams. Each diagram's own full scale follows
 * its own traffic (`linkWidthFullScalePerS`: "full width = 50 req/s" for design A, "= 500"
 * for a design B with 8x the users), so side by side the same width would mean different
 * traffic. Both draw, and their legends state, the larger of the designs' scales. Unlike
 * the dot scale (dotScale.ts), which the drawing loops find as they draw, both designs'
 * link rates and arrival rates are in the store, so each diagram computes it alike.
 */
import { linkWidthFullScalePerS, type TopologyData } from '../../views/topology';
import type { TopologyLayout } from '../../views/layout';

/** What sets a design's link scale: its measured link rates and its users' arrival rates. */
export type LinkLoad = Pick<TopologyData, 'linkRates' | 'usersRatePerS'>;

/**
 * The rate a full-width link stands for in every one of `designs` (all drawn with the
 * same `layout`): the largest of their own full scales, itself a round step (1, 2, 5 x 10^k).
 */
export function sharedLinkFullScalePerS(
  layout: Pick<TopologyLayout, 'links'>,
  designs: readonly LinkLoad[],
): number {
  return Math.max(...designs.map((design) => linkWidthFullScalePerS(layout, design)));
}
