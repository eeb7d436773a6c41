/**
 * Versions of a key's value as one comparable number, so "is this read stale?" and
 * "which write wins?" are a single `<`. 0 means "no value yet".
 */

/** 2^32: log positions stay below it, so the epoch dominates the comparison. */
const POSITION_SPAN = 4_294_967_296;

/** Node indexes must stay below this for the LWW tie-break to be unique. */
export const LWW_MAX_NODES = 64;

/**
 * Single primary: a write's version is its (epoch, log position), compared
 * lexicographically. A write of a newer epoch is newer than anything an old primary
 * wrote, even at a higher position (the old branch is the one that gets discarded).
 */
export function logVersion(epoch: number, position: number): number {
  return epoch * POSITION_SPAN + position;
}

/**
 * Multi-primary last writer wins: the accepting primary's timestamp, ties broken by
 * node index (Cassandra-style cell timestamps; the index keeps two nodes apart).
 */
export function lwwVersion(timestampUs: number, nodeIndex: number): number {
  return timestampUs * LWW_MAX_NODES + nodeIndex + 1;
}
