/**
 * Disk failure (issue 5): a replica's lost disk loses nothing acknowledged and is
 * rebuilt from the primary in time proportional to the data's size (its keys, not the
 * writes ever made: issue 11 item 8); the primary's lost disk
 * with asynchronous replication loses what no replica had yet.
 */
import { describe, expect, it } from 'vitest';
import { commandAt, setupDatabase, startLoad, THREE_ZONES } from './harness';

const S = 1_000_000;
const LOAD = { clients: ['app-a1', 'app-b1', 'app-c1'], writesPerS: 100, readsPerS: 0, keys: 20 };

describe('disk failure on a replica', () => {
  /** Fails db-b1's disk at `failAtS`; returns the rebuild's logged size and its duration. */
  const rebuildOf = (failAtS: number, keys: number, seed: number) => {
    const { h, db } = setupDatabase(THREE_ZONES, { rebuildMsPerThousandWrites: 2000 }, seed);
    startLoad(h, db, { ...LOAD, keys, stopUs: (failAtS + 60) * S, seed });
    commandAt(h, db, failAtS * S, { type: 'disk-fail', target: 'db-b1' });
    h.runUntil(failAtS * S + 1);
    const b1 = db.view().nodes[1];
    expect(b1.role).toBe('rebuilding');
    expect(b1.state).toBe('rebuilding');
    expect(b1.rebuildPercent).toBeGreaterThanOrEqual(0);
    expect(b1.rebuildPercent).toBeLessThan(100);
    expect(db.actionsFor('db-b1')).not.toContain('restore');
    expect(db.actionsFor('db-b1')).not.toContain('promote');
    const started = h.find('db-b1: rebuilding from db-a1')!;
    const rows = Number(/\((\d+) keys of data/.exec(started.message)![1]);
    h.runUntil((failAtS + 70) * S);
    const done = h.find('db-b1 rebuilt from db-a1');
    expect(done).toBeDefined();
    expect(db.view().nodes[1]).toMatchObject({ role: 'replica', state: 'up', lagWrites: 0 });
    expect(db.metrics().writesLost).toBe(0);
    return { rows, durationS: (done!.atUs - started.atUs) / S };
  };

  it('loses nothing acknowledged; rebuild time is proportional to the data, not to its history', () => {
    for (const seed of [1, 2]) {
      // 100 writes/s over 200 keys: every key is written within the first 20 s.
      const early = rebuildOf(20, 200, seed);
      const late = rebuildOf(100, 200, seed);
      expect(early.rows).toBe(200);
      expect(late.rows).toBe(200);
      // 2000 ms per thousand rows; five times the writes, the same time.
      expect(early.durationS).toBeCloseTo((2 * 200) / 1000, 6);
      expect(late.durationS).toBeCloseTo(early.durationS, 6);
      // Twice the data, twice the time.
      const twice = rebuildOf(40, 400, seed);
      expect(twice.rows).toBeGreaterThan(390);
      expect(twice.durationS).toBeCloseTo((2 * twice.rows) / 1000, 6);
    }
  });

  it('a rebuilding replica is behind the writes made during the rebuild and catches up after', () => {
    // 1000 keys at 20 s per thousand: a 20 s copy, while 100 writes/s go on.
    const { h, db } = setupDatabase(THREE_ZONES, { rebuildMsPerThousandWrites: 20_000 }, 2);
    startLoad(h, db, { ...LOAD, keys: 1000, stopUs: 80 * S, seed: 2 });
    commandAt(h, db, 30 * S, { type: 'disk-fail', target: 'db-c1' });
    h.runUntil(31 * S);
    expect(db.view().nodes[2].lagWrites).toBeGreaterThan(2500);
    h.runUntil(45 * S);
    expect(db.view().nodes[2].role).toBe('rebuilding');
    h.runUntil(60 * S);
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
