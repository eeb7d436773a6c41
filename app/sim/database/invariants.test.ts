/**
 * Invariants over many seeds and single faults (issue 11): synchronous replication
 * never loses an acknowledged write when one node fails (docs/reference.md "Replication and quorums": "no acked
 * write lost when one node dies"), and there are never two reachable writers unless
 * the split-brain fault is made: the primary partitioned with fencing off
 * (docs/reference.md "Failover").
 */
import { describe, expect, it } from 'vitest';
import { hostAt, setupDatabase, startLoad, THREE_ZONES } from './harness';
import { createRandom } from '../engine/random';

const S = 1_000_000;
const FAULTS = ['kill', 'disk-fail', 'host-down', 'isolate'] as const;
const RUN_S = 240;

/**
 * One node fails at a time: whenever the cluster is whole again (every node up and
 * caught up, no failover under way), a random fault hits a random node and is undone
 * 10 to 40 s later. Returns the most reachable writers seen and the faults made.
 */
function singleFaults(seed: number, fencing: boolean, splitBrainAllowed: boolean) {
  const { h, db } = setupDatabase(THREE_ZONES, { replicationMode: 'sync', fencing }, seed);
  const tally = startLoad(h, db, {
    clients: ['app-a1', 'app-b1', 'app-c1'],
    writesPerS: 40,
    readsPerS: 10,
    keys: 50,
    stopUs: (RUN_S - 40) * S,
    seed,
  });
  const pick = createRandom(seed, 'single-faults');
  const ids = THREE_ZONES.spec.nodes.map((n) => n.id);
  let busyUntilUs = 5 * S;
  let mostWriters = 0;
  const made: string[] = [];
  for (let t = S / 2; t <= RUN_S * S; t += S / 2) {
    h.runUntil(t);
    const view = db.view();
    mostWriters = Math.max(mostWriters, view.primaries.length);
    const whole =
      view.failoverPhase === null && view.nodes.every((n) => n.state === 'up' && n.lagWrites < 50);
    if (t < busyUntilUs || !whole || t > (RUN_S - 60) * S) continue;
    const target = ids[pick.int(ids.length)];
    let fault: (typeof FAULTS)[number] = FAULTS[pick.int(FAULTS.length)];
    // Partitioning the primary without fencing is the split-brain fault itself.
    if (fault === 'isolate' && !fencing && !splitBrainAllowed && view.leader === target)
      fault = 'kill';
    const heldUs = 10 * S + pick.int(30 * S);
    made.push(`${t / S}s ${fault} ${target}`);
    if (fault === 'host-down') {
      hostAt(h, db, t, target, false);
      hostAt(h, db, t + heldUs, target, true);
    } else {
      h.at(t, () => expect(db.apply({ type: fault, target })).toBeNull());
      if (fault !== 'disk-fail')
        h.at(t + heldUs, () => expect(db.apply({ type: 'restore', target })).toBeNull());
    }
    busyUntilUs = t + heldUs + S;
  }
  return { h, db, tally, mostWriters, made };
}

describe('invariants under single faults, 20 seeds', () => {
  it('sync replication loses no acknowledged write; never two reachable writers', () => {
    let faults = 0;
    let failovers = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const fencing = seed % 2 === 0;
      const { db, tally, mostWriters, made } = singleFaults(seed, fencing, false);
      const m = db.metrics();
      const where = `seed ${seed} fencing ${fencing}: ${made.join(', ')}`;
      expect(m.writesAcked, where).toBe(tally.writesOk);
      expect(m.writesAcked, where).toBeGreaterThan(1000);
      expect(m.writesLost, where).toBe(0);
      expect(m.splitBrainWrites, where).toBe(0);
      expect(mostWriters, where).toBe(1);
      const audit = db.audit();
      expect(audit.unaccounted, where).toBe(0);
      expect(audit.present, where).toBe(audit.acked);
      faults += made.length;
      failovers += m.failovers.length;
    }
    // The sweep really broke things: several faults per run, primaries among them.
    expect(faults).toBeGreaterThan(60);
    expect(failovers).toBeGreaterThan(5);
  }, 30_000);

  it('the split-brain fault (primary partitioned, fencing off) is what makes two writers', () => {
    const { h, db } = setupDatabase(THREE_ZONES, { replicationMode: 'sync', fencing: false }, 1);
    startLoad(h, db, {
      clients: ['app-a1', 'app-b1', 'app-c1'],
      writesPerS: 40,
      readsPerS: 0,
      keys: 50,
      stopUs: 90 * S,
      seed: 1,
    });
    h.at(10 * S, () => db.apply({ type: 'isolate', target: 'db-a1' }));
    let most = 0;
    for (let t = S; t <= 90 * S; t += S) {
      h.runUntil(t);
      most = Math.max(most, db.view().primaries.length);
    }
    expect(most).toBe(2);
  });
});
