/**
 * Commit rules and what they cost (docs/reference.md "Replication and quorums"): asynchronous replication
 * loses the writes inside the lag window, synchronous loses none, semi-sync falls back
 * after its timeout, quorums overlap when R + W > N.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseOptions } from './options';
import type { DatabaseSpec, Place } from './types';
import {
  commandAt,
  setupDatabase,
  startLoad,
  THREE_ZONES,
  TWO_REGIONS,
  type LoadOptions,
} from './harness';
import { createRandom } from '../engine/random';

const S = 1_000_000;
const CLIENTS = ['app-a1', 'app-b1', 'app-c1'];
const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

/** A primary and its only replica, in two zones. */
const TWO_NODES: { spec: DatabaseSpec; places: Record<string, Place> } = {
  spec: {
    nodes: [
      { id: 'db-a1', zone: 'eu-a', region: 'eu' },
      { id: 'db-b1', zone: 'eu-b', region: 'eu' },
    ],
    primary: 'db-a1',
  },
  places: {
    'db-a1': { zone: 'eu-a', region: 'eu' },
    'db-b1': { zone: 'eu-b', region: 'eu' },
    'app-a1': { zone: 'eu-a', region: 'eu' },
  },
};

function load(seed: number, stopS: number, extra: Partial<LoadOptions> = {}): LoadOptions {
  return {
    clients: CLIENTS,
    writesPerS: 100,
    readsPerS: 0,
    keys: 20,
    stopUs: stopS * S,
    seed,
    ...extra,
  };
}

/** Kills the primary at a random moment between 20 and 30 s under 100 writes/s. */
function killPrimaryAtRandom(seed: number, options: Partial<DatabaseOptions>) {
  const { h, db } = setupDatabase(THREE_ZONES, options, seed);
  const tally = startLoad(h, db, load(seed, 70));
  const killUs = 20 * S + createRandom(seed, 'kill-time').int(10 * S);
  commandAt(h, db, killUs, { type: 'kill', target: 'db-a1' });
  h.runUntil(75 * S);
  return { h, db, tally, killUs };
}

describe('asynchronous vs synchronous replication, primary killed at any moment', () => {
  it('sync: zero acknowledged writes lost (docs/reference.md "Replication and quorums": "no acked write lost when one node dies")', () => {
    for (const seed of SEEDS) {
      const { db, tally } = killPrimaryAtRandom(seed, { replicationMode: 'sync' });
      const m = db.metrics();
      expect(m.failovers).toHaveLength(1);
      expect(m.writesAcked).toBeGreaterThan(3000);
      expect(m.writesAcked).toBe(tally.writesOk);
      expect(m.writesLost).toBe(0);
      expect(m.failovers[0].rpoWrites).toBe(0);
      expect(db.audit().unaccounted).toBe(0);
    }
  });

  it('semi-sync and quorum W = 2 also lose nothing: an acknowledgement means a replica had it', () => {
    for (const replicationMode of ['semi-sync', 'quorum'] as const) {
      for (const seed of SEEDS.slice(0, 5)) {
        const { db } = killPrimaryAtRandom(seed, { replicationMode });
        expect(db.metrics().failovers).toHaveLength(1);
        expect(db.metrics().writesLost).toBe(0);
      }
    }
  });

  it('async: loses about the writes inside the lag window (rate x replication delay)', () => {
    let lostTotal = 0;
    for (const seed of SEEDS) {
      const { db } = killPrimaryAtRandom(seed, {
        replicationMode: 'async',
        replicaApplyDelayMs: 50,
      });
      const m = db.metrics();
      expect(m.failovers).toHaveLength(1);
      expect(m.failovers[0].rpoWrites).toBe(m.writesLost);
      // Every lost write was committed inside the promoted replica's window: its own
      // delay (at most 1.5 x 50 ms, see replicaApplyDelayMs) + one hop (<= 1.1 ms).
      expect(m.failovers[0].rpoLagS).toBeLessThanOrEqual(0.0761);
      lostTotal += m.writesLost;
      const audit = db.audit();
      expect(audit.present + audit.lost).toBe(audit.acked);
    }
    // 100 writes/s x (the faster replica's delay, ~42 ms on average, + a hop) = ~4.
    const mean = lostTotal / SEEDS.length;
    expect(mean).toBeGreaterThan(2.5);
    expect(mean).toBeLessThan(8);
  });

  it('async: a longer replication delay puts proportionally more writes at risk', () => {
    let short = 0;
    let long = 0;
    for (const seed of SEEDS.slice(0, 5)) {
      short += killPrimaryAtRandom(seed, { replicaApplyDelayMs: 20 }).db.metrics().writesLost;
      long += killPrimaryAtRandom(seed, { replicaApplyDelayMs: 200 }).db.metrics().writesLost;
    }
    expect(long).toBeGreaterThan(4 * short);
  });
});

describe('replication lag and stale reads', () => {
  it('async replicas lag by about the replication delay and reads from them can be stale', () => {
    const { h, db } = setupDatabase(THREE_ZONES, { readsFrom: 'replicas' }, 1);
    const tally = startLoad(h, db, load(1, 20, { readsPerS: 200, keys: 5 }));
    let lagSeen = 0;
    for (let t = 5; t < 20; t += 0.5) {
      h.runUntil(t * S);
      const replica = db.view().nodes.find((n) => n.id === 'db-b1')!;
      expect(replica.lagMs).toBeLessThan(200);
      lagSeen = Math.max(lagSeen, replica.lagWrites);
    }
    expect(lagSeen).toBeGreaterThan(0);
    h.runUntil(25 * S);
    expect(tally.readsStale).toBeGreaterThan(0);
    expect(db.metrics().staleReads).toBe(tally.readsStale);
  });

  it('reads from the primary are never stale', () => {
    const { h, db } = setupDatabase(THREE_ZONES, { readsFrom: 'primary' }, 2);
    startLoad(h, db, load(2, 20, { readsPerS: 200, keys: 5 }));
    h.runUntil(25 * S);
    expect(db.metrics().readsServed).toBeGreaterThan(3000);
    expect(db.metrics().staleReads).toBe(0);
  });

  it('cross-region replicas lag more than same-region ones (link latency)', () => {
    const { h, db } = setupDatabase(TWO_REGIONS, {}, 3);
    startLoad(h, db, { ...load(3, 20), clients: ['app-a1'] });
    let local = 0;
    let remote = 0;
    for (let t = 5; t < 20; t += 0.25) {
      h.runUntil(t * S);
      const nodes = db.view().nodes;
      local += nodes.find((n) => n.id === 'db-b1')!.lagMs;
      remote += nodes.find((n) => n.id === 'db-c1')!.lagMs;
    }
    expect(remote).toBeGreaterThan(local * 1.3);
    const stream = db.view().streams.find((s) => s.to === 'db-c1')!;
    expect(stream).toMatchObject({ from: 'db-a1', connected: true });
  });
});

describe('semi-synchronous replication (MySQL, docs/reference.md "Replication and quorums")', () => {
  it('with the only replica down, writes wait for the timeout, then it falls back to async (logged)', () => {
    const { h, db } = setupDatabase(TWO_NODES, { replicationMode: 'semi-sync' }, 4);
    const tally = startLoad(h, db, { ...load(4, 60), clients: ['app-a1'] });
    h.runUntil(10 * S);
    const ackedBefore = tally.writesOk;
    expect(ackedBefore).toBeGreaterThan(800);
    commandAt(h, db, 10 * S, { type: 'kill', target: 'db-b1' });
    h.runUntil(19.9 * S);
    // Waiting: nothing acknowledged, clients give up after their 2 s timeout.
    expect(tally.writesOk).toBe(ackedBefore);
    expect(tally.failures.timeout).toBeGreaterThan(700);
    h.runUntil(21 * S);
    const fallback = h.find(
      'no replica acknowledged within 10000 ms: falling back to asynchronous replication',
    );
    expect(fallback?.target).toBe('db-a1');
    // The first write left waiting (just before the kill) waited exactly 10 s.
    expect(fallback!.atUs).toBeGreaterThan(19.9 * S);
    expect(fallback!.atUs).toBeLessThan(20.1 * S);
    expect(db.view().semiSyncFallback).toBe(true);
    h.runUntil(40 * S);
    expect(tally.writesOk - ackedBefore).toBeGreaterThan(1500);

    // Losing the primary now loses what only it had: everything since the replica died.
    commandAt(h, db, 40 * S, { type: 'disk-fail', target: 'db-a1' });
    commandAt(h, db, 45 * S, { type: 'restore', target: 'db-b1' });
    h.runUntil(90 * S);
    const m = db.metrics();
    expect(m.failovers.map((f) => f.to)).toEqual(['db-b1']);
    expect(m.writesLost).toBeGreaterThan(1500);
    expect(db.audit().unaccounted).toBe(0);
  });

  it('returns to semi-sync when the replica has caught up', () => {
    const { h, db } = setupDatabase(TWO_NODES, { replicationMode: 'semi-sync' }, 5);
    startLoad(h, db, { ...load(5, 50), clients: ['app-a1'] });
    commandAt(h, db, 5 * S, { type: 'kill', target: 'db-b1' });
    commandAt(h, db, 30 * S, { type: 'restore', target: 'db-b1' });
    h.runUntil(29 * S);
    expect(db.view().semiSyncFallback).toBe(true);
    h.runUntil(40 * S);
    const back = h.find('caught up: semi-synchronous replication resumes');
    expect(back).toBeDefined();
    expect(back!.atUs).toBeLessThan(31 * S);
    expect(db.view().semiSyncFallback).toBe(false);
  });
});

describe('synchronous replication (PostgreSQL FIRST 1)', () => {
  it('writes stall while the only standby is down and resume when it is back', () => {
    const { h, db } = setupDatabase(TWO_NODES, { replicationMode: 'sync' }, 6);
    const tally = startLoad(h, db, { ...load(6, 40), clients: ['app-a1'] });
    commandAt(h, db, 10 * S, { type: 'kill', target: 'db-b1' });
    h.runUntil(10.1 * S);
    const acked = tally.writesOk;
    h.runUntil(20 * S);
    expect(tally.writesOk).toBe(acked);
    expect(tally.failures.timeout).toBeGreaterThan(700);
    commandAt(h, db, 20 * S, { type: 'restore', target: 'db-b1' });
    h.runUntil(30 * S);
    expect(tally.writesOk - acked).toBeGreaterThan(800);
    expect(db.metrics().writesLost).toBe(0);
  });

  it('the next standby in the list becomes synchronous when the first one dies', () => {
    const { h, db } = setupDatabase(THREE_ZONES, { replicationMode: 'sync' }, 7);
    const tally = startLoad(h, db, load(7, 30));
    commandAt(h, db, 10 * S, { type: 'kill', target: 'db-b1' });
    h.runUntil(10.1 * S);
    const acked = tally.writesOk;
    h.runUntil(20 * S);
    expect(tally.writesOk - acked).toBeGreaterThan(900);
    expect(tally.failures.timeout ?? 0).toBeLessThan(5);
  });
});

describe('quorum replication (Dynamo N, W, R; docs/reference.md "Replication and quorums")', () => {
  const quorumRun = (seed: number, w: number, r: number) => {
    const { h, db } = setupDatabase(
      THREE_ZONES,
      { replicationMode: 'quorum', quorumW: w, quorumR: r },
      seed,
    );
    const tally = startLoad(h, db, load(seed, 15, { readsPerS: 300, keys: 5 }));
    h.runUntil(18 * S);
    return { db, tally };
  };

  it('W + R > N: every read sees the latest acknowledged write', () => {
    for (let seed = 1; seed <= 10; seed++) {
      for (const [w, r] of [
        [2, 2],
        [3, 1],
        [1, 3],
      ]) {
        const { db, tally } = quorumRun(seed, w, r);
        expect(db.view().quorum.overlapping).toBe(true);
        expect(tally.readsOk).toBeGreaterThan(3500);
        expect(db.metrics().staleReads).toBe(0);
      }
    }
  });

  it('W + R <= N: stale reads occur', () => {
    let stale = 0;
    for (const seed of SEEDS.slice(0, 4)) {
      const { db } = quorumRun(seed, 1, 1);
      expect(db.view().quorum.overlapping).toBe(false);
      stale += db.metrics().staleReads;
    }
    expect(stale).toBeGreaterThan(20);
  });

  it('W = 2, R = 1 (W + R <= N): replicas lag by their own amounts, so a read can miss an acknowledged write', () => {
    // A write is acknowledged once the faster replica has it; a read answered first by
    // the slower replica (the nearest one to its client) returns the older value.
    let seedsWithStale = 0;
    let stale = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const { db, tally } = quorumRun(seed, 2, 1);
      expect(db.view().quorum.overlapping).toBe(false);
      expect(tally.readsOk).toBeGreaterThan(3500);
      stale += db.metrics().staleReads;
      if (db.metrics().staleReads > 0) seedsWithStale++;
    }
    expect(seedsWithStale).toBeGreaterThanOrEqual(7);
    expect(stale).toBeGreaterThan(500);
  });

  it('W = 2 keeps writing with one replica down; W = 3 stalls', () => {
    for (const [w, expectWrites] of [
      [2, true],
      [3, false],
    ] as const) {
      const { h, db } = setupDatabase(THREE_ZONES, { replicationMode: 'quorum', quorumW: w }, 8);
      const tally = startLoad(h, db, load(8, 20));
      commandAt(h, db, 5 * S, { type: 'kill', target: 'db-c1' });
      h.runUntil(5.1 * S);
      const acked = tally.writesOk;
      h.runUntil(15 * S);
      expect(tally.writesOk - acked > 500).toBe(expectWrites);
    }
  });
});

describe('switching modes live', () => {
  it('applies a new mode to waiting writes and logs it; rejects invalid patches', () => {
    const { h, db } = setupDatabase(TWO_NODES, { replicationMode: 'sync' }, 9);
    const tally = startLoad(h, db, { ...load(9, 30), clients: ['app-a1'] });
    commandAt(h, db, 5 * S, { type: 'kill', target: 'db-b1' });
    h.runUntil(10 * S);
    const acked = tally.writesOk;
    expect(db.setOptions({ quorumW: 5 })).toMatch(/quorum W/);
    expect(db.setOptions({ conflictMode: 'multi-primary-lww' })).toMatch(/fixed for a run/);
    expect(db.setOptions({ replicationMode: 'async' })).toBeNull();
    expect(h.find('replication mode: async (was sync)')).toBeDefined();
    h.runUntil(15 * S);
    expect(tally.writesOk - acked).toBeGreaterThan(400);
    expect(db.view().replicationMode).toBe('async');
  });
});
