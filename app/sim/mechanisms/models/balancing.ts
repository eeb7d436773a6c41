/**
 * Load-balancing pickers (docs/reference.md "Load balancing and gray failure"): given the candidates a balancer may
 * use now (already filtered by health checks and outlier detection), choose one.
 *
 * Each picker is a pure function of the candidates, an explicit state record (a cursor
 * or weights) and the seeded generator, so a run replays exactly. They return
 * `undefined` for an empty list and leave failing over to the caller.
 *
 * What to teach with them: round robin ignores load, so a slow (gray-failing) host
 * keeps its 1/N share; least-outstanding and power-of-two-choices move traffic away as
 * its in-flight count grows. But a host that fails FAST has nothing in flight, looks
 * least loaded and attracts MORE traffic under least-request pickers; only outlier
 * detection (outlierDetection.ts) catches it.
 */
import type { Random } from '../../engine/random';

/** What a picker needs to know about one target. */
export interface BalancingCandidate {
  /** Stable component id, e.g. `app-a1`. */
  id: string;
  /** Requests sent to it and not yet answered (Envoy `rq_active`). */
  outstanding: number;
  /** Relative share for weighted pickers; <= 0 means "never pick". Unweighted ones ignore it. */
  weight: number;
}

/** Position of a round-robin balancer. */
export interface RoundRobinCursor {
  /** Index (modulo the list length) of the next pick. */
  next: number;
}

/**
 * Round robin (Envoy ROUND_ROBIN, AWS ALB round_robin: both defaults): each candidate in
 * turn, whatever its load. When the list shrinks or grows the cursor carries on modulo
 * the new length, so nobody is skipped for long.
 */
export function roundRobinPick<T extends BalancingCandidate>(
  candidates: readonly T[],
  cursor: RoundRobinCursor,
): T | undefined {
  if (candidates.length === 0) return undefined;
  const index = cursor.next % candidates.length;
  cursor.next = (index + 1) % candidates.length;
  return candidates[index];
}

/** Uniformly random candidate (Envoy RANDOM): no state, no coordination. */
export function randomPick<T extends BalancingCandidate>(
  candidates: readonly T[],
  random: Random,
): T | undefined {
  if (candidates.length === 0) return undefined;
  return candidates[random.int(candidates.length)];
}

/**
 * Least outstanding requests (AWS ALB least_outstanding_requests): a candidate with the
 * fewest requests in flight, ties broken at random so equal hosts share evenly.
 */
export function leastOutstandingPick<T extends BalancingCandidate>(
  candidates: readonly T[],
  random: Random,
): T | undefined {
  if (candidates.length === 0) return undefined;
  let fewest = Infinity;
  let tied: T[] = [];
  for (const candidate of candidates) {
    if (candidate.outstanding < fewest) {
      fewest = candidate.outstanding;
      tied = [candidate];
    } else if (candidate.outstanding === fewest) {
      tied.push(candidate);
    }
  }
  return tied.length === 1 ? tied[0] : tied[random.int(tied.length)];
}

/**
 * Power of two choices (Envoy LEAST_REQUEST with equal weights, `choice_count` 2): two
 * distinct candidates at random, the one with fewer requests in flight; on a tie the
 * first drawn, itself random. Nearly as good as least-outstanding without comparing
 * every host. Envoy draws its two with replacement; distinct draws are Mitzenmacher's
 * formulation and never waste a choice on the same host.
 */
export function powerOfTwoChoicesPick<T extends BalancingCandidate>(
  candidates: readonly T[],
  random: Random,
): T | undefined {
  const count = candidates.length;
  if (count <= 1) return candidates[0];
  const first = random.int(count);
  // Draw from the other count - 1 slots and skip over `first`: distinct and uniform.
  let second = random.int(count - 1);
  if (second >= first) second++;
  const a = candidates[first]!;
  const b = candidates[second]!;
  return b.outstanding < a.outstanding ? b : a;
}

/**
 * Current weights of a smooth weighted round robin, keyed by candidate id. A candidate
 * that leaves the list keeps its entry (bounded by the total weight) until it returns.
 */
export interface SmoothWeightedState {
  currentWeights: Record<string, number>;
}

/**
 * Smooth weighted round robin (nginx `ngx_http_upstream_get_peer`): every pick adds each
 * candidate's weight to its current weight, takes the largest, and subtracts the total
 * from the winner. Shares are exact over each cycle and picks interleave (weights 5,1,1
 * give a a b a c a a, not a a a a a b c). Ties go to the earlier candidate.
 */
export function weightedRoundRobinPick<T extends BalancingCandidate>(
  candidates: readonly T[],
  state: SmoothWeightedState,
): T | undefined {
  return smoothWeightedPick(candidates, state, (candidate) => candidate.weight);
}

/**
 * Weighted random (AWS ALB weighted_random): a candidate with probability
 * weight / total weight.
 */
export function weightedRandomPick<T extends BalancingCandidate>(
  candidates: readonly T[],
  random: Random,
): T | undefined {
  let total = 0;
  for (const candidate of candidates) if (candidate.weight > 0) total += candidate.weight;
  if (total <= 0) return undefined;
  let point = random.next() * total;
  let last: T | undefined;
  for (const candidate of candidates) {
    if (candidate.weight <= 0) continue;
    last = candidate;
    point -= candidate.weight;
    if (point < 0) return candidate;
  }
  return last; // only reached through rounding at the very top of the range
}

/**
 * Envoy's weighted least-request score: weight / (outstanding + 1)^bias with the default
 * `active_request_bias` 1.0. A host's effective weight halves when it has one request in
 * flight, thirds with two, and so on.
 */
export function leastRequestScore(candidate: BalancingCandidate): number {
  return candidate.weight / (candidate.outstanding + 1);
}

/**
 * Envoy LEAST_REQUEST. With equal weights it is power of two choices; otherwise Envoy
 * schedules hosts (EDF) in proportion to `leastRequestScore`, which this approximates
 * with a smooth weighted round robin over the scores at the moment of each pick.
 */
export function weightedLeastRequestPick<T extends BalancingCandidate>(
  candidates: readonly T[],
  state: SmoothWeightedState,
  random: Random,
): T | undefined {
  if (candidates.length === 0) return undefined;
  const firstWeight = candidates[0]!.weight;
  if (candidates.every((candidate) => candidate.weight === firstWeight)) {
    return firstWeight > 0 ? powerOfTwoChoicesPick(candidates, random) : undefined;
  }
  return smoothWeightedPick(candidates, state, leastRequestScore);
}

function smoothWeightedPick<T extends BalancingCandidate>(
  candidates: readonly T[],
  state: SmoothWeightedState,
  weightOf: (candidate: T) => number,
): T | undefined {
  const current = state.currentWeights;
  let total = 0;
  let best: T | undefined;
  let bestWeight = -Infinity;
  for (const candidate of candidates) {
    const weight = weightOf(candidate);
    if (!(weight > 0)) continue;
    // hasOwn, not `?? 0` on a plain lookup: an id such as "constructor" must read 0.
    const weightNow = (Object.hasOwn(current, candidate.id) ? current[candidate.id]! : 0) + weight;
    current[candidate.id] = weightNow;
    total += weight;
    if (weightNow > bestWeight) {
      best = candidate;
      bestWeight = weightNow;
    }
  }
  if (best) current[best.id]! -= total;
  return best;
}
