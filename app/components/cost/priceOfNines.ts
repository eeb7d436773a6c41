/**
 * "+$X/month for +0.9 nines": what design B costs beyond design A and what it buys,
 * with nines only as far as each run's sample supports them (format.ts `ninesClaim`:
 * the Wilson lower bound, with its request count), never from a point estimate.
 */
import { formatCount, ninesClaim, ninesClaimText } from '../app/format';
import { ninesOf } from '../../sim';
import { formatUsd } from '../../scenarios/cost';

/** One design's side: its monthly cost and its good requests out of those finished. */
export interface PricedRun {
  usdPerMonth: number;
  good: number;
  finished: number;
}

/** "+$12" / "−$12" / "+$0": a signed difference in whole dollars (cents below $10). */
export function signedUsd(usd: number): string {
  const rounded = Math.abs(usd) < 0.005 ? 0 : usd;
  return `${rounded < 0 ? '−' : '+'}${formatUsd(Math.abs(rounded))}`;
}

/** The sentence comparing design B with design A, cost first, nines as supported. */
export function priceOfNinesText(a: PricedRun, b: PricedRun): string {
  const cost = `${signedUsd(b.usdPerMonth - a.usdPerMonth)}/month`;
  const claimA = ninesClaim(a.good, a.finished);
  const claimB = ninesClaim(b.good, b.finished);
  const counts = `of ${formatCount(a.finished)} and ${formatCount(b.finished)} requests`;
  if (claimA.kind === 'at-least' && claimB.kind === 'at-least') {
    const delta = Math.round((claimB.nines - claimA.nines) * 10) / 10;
    const sign = delta < 0 ? '−' : '+';
    return `Design B: ${cost} for ${sign}${Math.abs(delta).toFixed(1)} nines (at least ${claimA.nines.toFixed(1)} → at least ${claimB.nines.toFixed(1)}, 95% lower bounds ${counts})`;
  }
  if (claimA.kind !== 'none' && claimB.kind !== 'none') {
    // The 95% intervals do not overlap: the better design's lower bound clears the worse
    // one's upper bound, so the sample supports at least that gap in nines (not "yet").
    const { interval: iA } = claimA;
    const { interval: iB } = claimB;
    const better = iB.lower > iA.upper ? 'B' : iA.lower > iB.upper ? 'A' : null;
    if (better !== null) {
      const [high, low] = better === 'B' ? [iB, iA] : [iA, iB];
      const gap = Math.floor((ninesOf(high.lower) - ninesOf(low.upper)) * 10 + 1e-9) / 10;
      const verdict = better === 'B' ? 'better' : 'worse';
      const by =
        gap >= 0.1
          ? `${verdict} by at least ${gap.toFixed(1)} nines`
          : `${verdict} (by under 0.1 nines at the least the sample supports)`;
      return `Design B: A ${ninesClaimText(claimA)}, B ${ninesClaimText(claimB)}: B is ${by} at ${cost} (95% intervals of ${formatCount(a.finished)} and ${formatCount(b.finished)} requests do not overlap)`;
    }
  }
  return `Design B: ${cost}; nines not comparable yet (A ${ninesClaimText(claimA)}, B ${ninesClaimText(claimB)}, ${counts})`;
}
