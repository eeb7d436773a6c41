/**
 * "+$X/month for B, better by at least 0.5 nines": what design B costs beyond design A and
 * what it buys, claiming a difference in nines only where the two samples show one (their
 * 95% Wilson intervals do not overlap, format.ts `higherShare`), never from a point
 * estimate nor from two lower bounds (a bigger sample has a higher lower bound at the same
 * rate: 100% of 2,170 requests is not better than 100% of 259).
 */
import {
  formatAvailability,
  formatCount,
  higherInterval,
  ninesClaim,
  ninesClaimText,
} from '../app/format';
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

/** "100% of 2,170 requests", or "no requests finished yet". */
function measuredText(run: PricedRun): string {
  if (!(run.finished > 0)) return 'no requests finished yet';
  return `${formatAvailability(run.good / run.finished, run.finished)} of ${formatCount(run.finished)} requests`;
}

/** The sentence comparing design B with design A, cost first, nines as supported. */
export function priceOfNinesText(a: PricedRun, b: PricedRun): string {
  const cost = `${signedUsd(b.usdPerMonth - a.usdPerMonth)}/month`;
  const claimA = ninesClaim(a.good, a.finished);
  const claimB = ninesClaim(b.good, b.finished);
  const iA = claimA.kind === 'none' ? null : claimA.interval;
  const iB = claimB.kind === 'none' ? null : claimB.interval;
  const better = higherInterval(iA, iB);
  if (better === null || !iA || !iB) {
    const overlap = iA && iB ? ': their 95% intervals overlap' : '';
    return `Design B: ${cost}; no difference in nines shown yet (A ${measuredText(a)}, B ${measuredText(b)}${overlap})`;
  }
  // The 95% intervals do not overlap: the better design's lower bound clears the worse
  // one's upper bound, so the samples support at least that gap in nines.
  const [high, low] = better === 'b' ? [iB, iA] : [iA, iB];
  const gap = Math.floor((ninesOf(high.lower) - ninesOf(low.upper)) * 10 + 1e-9) / 10;
  const verdict = better === 'b' ? 'better' : 'worse';
  const by =
    gap >= 0.1
      ? `${verdict} by at least ${gap.toFixed(1)} nines`
      : `${verdict} (by under 0.1 nines at the least the sample supports)`;
  return `Design B: A ${ninesClaimText(claimA)}, B ${ninesClaimText(claimB)}: B is ${by} at ${cost} (95% intervals of ${formatCount(a.finished)} and ${formatCount(b.finished)} requests do not overlap)`;
}
