/**
 * Invariants under random faults (docs/architecture.md "Rules the code keeps": conservation is an invariant): every
 * request is answered exactly once, the model's counters agree with what clients saw,
 * every acknowledged write is on the current timeline or counted as lost, and a run
 * replays bit for bit from its seed.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseOptions } from './options';
import type { Database } from './types';
import {
  hostAt,
  loggedCount,
  setupDatabase,
  startLoad,
  THREE_ZONES,
  TWO_REGIONS,
  type DatabaseHarness,
} from './harness';
import { createRandom } from '../engine/random';

const S = 1_000_000;
const ACTIONS = ['kill', 'disk-fail', 'isolate', 'promote', 'restore'] as const;
const MODES = ['async', 'semi-sync', 'sync', 'quorum'] as const;

interface ChaosRun {
  h: DatabaseHarness;
  db: Database;
  tally: ReturnType<typeof startLoad>;
  checkpoints: Array<{ unaccounted: number; ackedDiff: number; failedDiff: number }>;
}

/** Random faults and mode switches for 150 s, then everything restored and quiet. */
function chaos(seed: number): ChaosRun {
  const pick = createRandom(seed, 'chaos');
  const lww = seed % 4 === 0;
  const cluster = lww ? TWO_REGIONS : THREE_ZONES;
  // Multi-primary data replicates asynchronously: validation refuses any other mode.
  const modeOf = (drawn: (typeof MODES)[number]) => (lww ? 'async' : drawn);
  const options: Partial<DatabaseOptions> = {
    replicationMode: modeOf(MODES[pick.int(MODES.length)]),
    fencing: pick.chance(0.5),
    failover: pick.chance(0.75) ? 'automatic' : 'manual',
    operatorDelayMs: pick.chance(0.5) ? 20_000 : 0,
    alertDelayMs: 10_000,
    readsFrom: pick.chance(0.5) ? 'primary' : 'replicas',
    maximumLagOnFailoverWrites: pick.chance(0.3) ? 200 : 0,
    conflictMode: lww ? 'multi-primary-lww' : 'single-primary',
  };
  const { h, db } = setupDatabase(cluster, options, seed);
  const ids = cluster.spec.nodes.map((n) => n.id);
  const clients = Object.keys(cluster.places).filter((id) => id.startsWith('app-'));
  const tally = startLoad(h, db, {
    clients,
    writesPerS: 40,
    readsPerS: 40,
    keys: 10,
    stopUs: 150 * S,
    seed,
  });
  const checkpoints: ChaosRun['checkpoints'] = [];

  for (let t = 5 * S + pick.int(5 * S); t < 150 * S; t += 3 * S + pick.int(12 * S)) {
    const roll = pick.next();
    const target = ids[pick.int(ids.length)];
    if (roll < 0.15) {
      const down = pick.chance(0.5);
      hostAt(h, db, t, target, !down);
    } else if (roll < 0.25) {
      const mode = modeOf(MODES[pick.int(MODES.length)]);
      h.at(t, () =>
        expect(db.setOptions({ replicationMode: mode, fencing: pick.chance(0.5) })).toBeNull(),
      );
    } else {
      const type = ACTIONS[pick.int(ACTIONS.length)];
      h.at(t, () => {
        if (db.validate({ type, target }) === null) expect(db.apply({ type, target })).toBeNull();
      });
    }
  }
  for (let t = 10; t <= 300; t += 10) {
    h.at(t * S, () => {
      const m = db.metrics();
      checkpoints.push({
        unaccounted: db.audit().unaccounted,
        ackedDiff: m.writesAcked - tally.writesOk,
        failedDiff: m.writesFailed + m.readsFailed - tally.writesFailed - tally.readsFailed,
      });
    });
  }
  // Heal everything and let the cluster settle.
  h.at(150 * S, () => {
    for (const id of ids) h.setAlive(id, true);
    db.hostsChanged();
    for (const id of ids)
      if (db.actionsFor(id).includes('restore')) db.apply({ type: 'restore', target: id });
  });
  // A manual cluster with nobody on call still needs someone to promote.
  h.at(200 * S, () => {
    const view = db.view();
    if (view.conflictMode === 'single-primary' && view.failoverPhase !== null) {
      const candidate = ids.find((id) => db.validate({ type: 'promote', target: id }) === null);
      if (candidate) db.apply({ type: 'promote', target: candidate });
    }
  });
  h.runUntil(300 * S);
  return { h, db, tally, checkpoints };
}

describe('conservation under random faults', () => {
  it('answers every request exactly once and accounts for every acknowledged write', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const { h, db, tally, checkpoints } = chaos(seed);
      const m = db.metrics();
      expect(tally.doubleDone, `seed ${seed}`).toBe(0);
      expect(tally.outstanding(), `seed ${seed}`).toBe(0);
      expect(m.writesIssued).toBe(tally.writes);
      expect(m.writesAcked + m.writesFailed).toBe(m.writesIssued);
      expect(m.readsServed + m.readsFailed).toBe(m.readsIssued);
      expect(m.writesAcked).toBe(tally.writesOk);
      expect(m.staleReads).toBe(tally.readsStale);
      for (const point of checkpoints) {
        expect(point, `seed ${seed}`).toEqual({ unaccounted: 0, ackedDiff: 0, failedDiff: 0 });
      }
      const audit = db.audit();
      expect(audit.unaccounted, `seed ${seed}`).toBe(0);
      expect(audit.divergent, `seed ${seed}`).toBe(0);
      expect(audit.present + audit.lost, `seed ${seed}`).toBe(audit.acked);
      expect(audit.lost).toBe(m.writesLost);
      expect(audit.converged, `seed ${seed}`).toBe(true);
      // Every loss is an event in the log, with its count (issue 11).
      expect(loggedCount(h, 'db-data-loss'), `seed ${seed}`).toBe(m.writesLost);
      expect(loggedCount(h, 'db-lost-updates'), `seed ${seed}`).toBe(m.lostUpdates);
      // Healed and quiet: one primary (per region), every node up and caught up.
      const view = db.view();
      for (const node of view.nodes) {
        expect(node.state, `seed ${seed} ${node.id}`).toBe('up');
        expect(node.lagWrites, `seed ${seed} ${node.id}`).toBe(0);
      }
      if (view.conflictMode === 'single-primary') {
        expect(view.primaries, `seed ${seed}`).toEqual([view.leader]);
        expect(view.clientPrimary).toBe(view.leader);
      }
      // Fencing on for the whole run would mean no split-brain writes; here it toggles.
      expect(m.splitBrainWrites).toBeLessThanOrEqual(m.writesLost);
    }
    // Machine-independent work, but a shared CI box can be slow: allow for it.
  }, 30_000);

  it('replays bit for bit from the seed', () => {
    for (const seed of [3, 8]) {
      const a = chaos(seed);
      const b = chaos(seed);
      expect(b.h.logs).toEqual(a.h.logs);
      expect(b.db.metrics()).toEqual(a.db.metrics());
      expect(b.db.view()).toEqual(a.db.view());
    }
  }, 30_000);
});

describe('menus, validation and the view', () => {
  it('offers the actions that make sense and names states for accessible labels', () => {
    const { h, db } = setupDatabase(THREE_ZONES, {}, 1);
    expect(db.actionsFor('db-a1')).toEqual(['kill', 'disk-fail', 'isolate']);
    expect(db.actionsFor('db-b1')).toEqual(['kill', 'disk-fail', 'isolate', 'promote']);
    expect(db.actionsFor('nope')).toEqual([]);
    expect(db.apply({ type: 'kill', target: 'db-b1' })).toBeNull();
    expect(db.actionsFor('db-b1')).toEqual(['disk-fail', 'isolate', 'restore']);
    expect(db.view().nodes[1]).toMatchObject({ role: 'down', state: 'crashed' });
    expect(db.apply({ type: 'kill', target: 'db-b1' })).toBeNull();
    expect(h.find('db-b1 is already crashed')?.category).toBe('info');
    expect(db.apply({ type: 'isolate', target: 'db-c1' })).toBeNull();
    expect(db.view().nodes[2]).toMatchObject({ role: 'replica', state: 'isolated' });
    expect(db.validate({ type: 'kill', target: 'db-z9' })).toBe('there is no database node db-z9');
    const view = db.view();
    expect(view).toMatchObject({
      replicationMode: 'async',
      quorum: { n: 3, w: 2, r: 2, overlapping: true },
      leader: 'db-a1',
      clientPrimary: 'db-a1',
      epoch: 1,
      failoverPhase: null,
    });
  });

  it('rejects a bad spec or options at creation', () => {
    const spec = THREE_ZONES.spec;
    expect(() =>
      setupDatabase({ ...THREE_ZONES, spec: { ...spec, primary: 'db-x' } }, {}, 1),
    ).toThrow(/not a database node/);
    expect(() => setupDatabase(THREE_ZONES, { leaseTtlMs: 5000 }, 1)).toThrow(/loop wait/);
  });
});
