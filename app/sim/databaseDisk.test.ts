/**
 * Disk failure (issue 5): a replica's lost disk loses nothing acknowledged and is
 * rebuilt from the primary in time proportional to the data; the primary's lost disk
 * with asynchronous replication loses what no replica had yet.
 */
import { describe, expect, it } from 'vitest';
import { commandAt, setupDatabase, startLoad, THREE_ZONES } from './databaseHarness';

const S = 1_000_000;
const LOAD = { clients: ['app-a1', 'app-b1', 'app-c1'], writesPerS: 100, readsPerS: 0, keys: 20 };

describe('disk failure on a replica', () => {
  it('loses nothing acknowledged; rebuild time is proportional to the data; then it catches up', () => {
    const durations: number[] = [];
    for (const failAtS of [20, 40]) {
      const { h, db } = setupDatabase(THREE_ZONES, { rebuildMsPerThousandWrites: 2000 }, 1);
      startLoad(h, db, { ...LOAD, stopUs: 80 * S, seed: 1 });
      commandAt(h, db, failAtS * S, { type: 'disk-fail', target: 'db-b1' });
      h.runUntil(failAtS * S);
      const size = db.view().nodes[0].appliedWrites;
      h.runUntil(failAtS * S + 1);
      const b1 = db.view().nodes[1];
      expect(b1.role).toBe('rebuilding');
      expect(b1.state).toMatch(/^rebuilding \d+%$/);
      expect(db.actionsFor('db-b1')).not.toContain('restore');
      expect(db.actionsFor('db-b1')).not.toContain('promote');
      const started = h.find('db-b1: rebuilding from db-a1')!;
      const done = () => h.find('db-b1 rebuilt from db-a1');
      h.runUntil(90 * S);
      expect(done()).toBeDefined();
      const durationS = (done()!.atUs - started.atUs) / S;
      // 2000 ms per thousand writes of data.
      expect(durationS).toBeCloseTo((2 * size) / 1000, 1);
      durations.push(durationS);
      const after = db.view().nodes[1];
      expect(after).toMatchObject({ role: 'replica', state: 'up', lagWrites: 0 });
      expect(db.metrics().writesLost).toBe(0);
    }
    // Twice the data, about twice the time.
    expect(durations[1] / durations[0]).toBeGreaterThan(1.7);
    expect(durations[1] / durations[0]).toBeLessThan(2.3);
  });

  it('a rebuilding replica is behind the writes made during the rebuild and catches up after', () => {
    const { h, db } = setupDatabase(THREE_ZONES, {}, 2);
    startLoad(h, db, { ...LOAD, stopUs: 80 * S, seed: 2 });
    commandAt(h, db, 30 * S, { type: 'disk-fail', target: 'db-c1' });
    h.runUntil(31 * S);
    expect(db.view().nodes[2].lagWrites).toBeGreaterThan(2500);
    h.runUntil(40 * S);
    expect(db.view().nodes[2]).toMatchObject({ state: 'up', lagWrites: expect.any(Number) });
    expect(db.view().nodes[2].lagWrites).toBeLessThan(10);
  });
});

describe('disk failure on the primary', () => {
  it('async: acknowledged writes no replica had are lost; failover follows; the node is rebuilt', () => {
    let lost = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const { h, db } = setupDatabase(THREE_ZONES, { replicationMode: 'async' }, seed);
      const tally = startLoad(h, db, { ...LOAD, stopUs: 80 * S, seed });
      commandAt(h, db, 25.3 * S, { type: 'disk-fail', target: 'db-a1' });
      h.runUntil(90 * S);
      const m = db.metrics();
      lost += m.writesLost;
      expect(m.failovers).toHaveLength(1);
      expect(db.view().nodes[0]).toMatchObject({ role: 'replica', state: 'up', epoch: 2 });
      const audit = db.audit();
      expect(audit.unaccounted).toBe(0);
      expect(audit.present + audit.lost).toBe(audit.acked);
      expect(tally.failures.unavailable).toBeGreaterThan(0);
    }
    expect(lost).toBeGreaterThan(6);
    expect(lost).toBeLessThan(60);
  });

  it('sync: nothing acknowledged is lost', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { h, db } = setupDatabase(THREE_ZONES, { replicationMode: 'sync' }, seed);
      startLoad(h, db, { ...LOAD, stopUs: 80 * S, seed });
      commandAt(h, db, 25.3 * S, { type: 'disk-fail', target: 'db-a1' });
      h.runUntil(90 * S);
      expect(db.metrics().writesLost).toBe(0);
      expect(db.metrics().failovers).toHaveLength(1);
    }
  });
});
