/**
 * Active-active data (issue 5): a writable primary per region, asynchronous
 * replication between regions, last writer wins. Concurrent updates of a key within
 * the replication delay lose one of the two writes (a lost update).
 */
import { describe, expect, it } from 'vitest';
import {
  commandAt,
  loggedCount,
  setupDatabase,
  startLoad,
  TWO_REGIONS,
  type HarnessOptions,
} from './harness';

const S = 1_000_000;
const LWW = { conflictMode: 'multi-primary-lww' } as const;

function run(seed: number, clients: string[], harness: Partial<HarnessOptions> = {}) {
  const { h, db } = setupDatabase(TWO_REGIONS, LWW, seed, harness);
  const tally = startLoad(h, db, {
    clients,
    writesPerS: 60,
    readsPerS: 60,
    keys: 5,
    stopUs: 30 * S,
    seed,
  });
  return { h, db, tally };
}

describe('multi-primary, last writer wins', () => {
  it('has one writable primary per region', () => {
    const { db } = run(1, ['app-a1']);
    expect(db.view().primaries).toEqual(['db-a1', 'db-c1']);
    expect(db.validate({ type: 'promote', target: 'db-b1' })).toMatch(/multi-primary/);
  });

  it('writes to the same keys in both regions lose updates; all copies converge', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { h, db, tally } = run(seed, ['app-a1', 'app-c1']);
      h.runUntil(40 * S);
      const m = db.metrics();
      expect(m.writesAcked).toBe(tally.writesOk);
      expect(m.lostUpdates).toBeGreaterThan(10);
      expect(m.lostUpdates).toBeLessThan(m.writesAcked / 2);
      expect(m.writesLost).toBe(0);
      expect(m.staleReads).toBeGreaterThan(0);
      expect(db.audit().converged).toBe(true);
      expect(db.view().nodes.every((n) => n.lagWrites === 0)).toBe(true);
    }
  });

  it('names every lost update in the event log, with its count, a few lines per minute', () => {
    for (let seed = 1; seed <= 3; seed++) {
      const { h, db } = run(seed, ['app-a1', 'app-c1']);
      h.runUntil(40 * S);
      const lines = h.logs.filter((l) => l.type === 'db-lost-updates');
      expect(db.metrics().lostUpdates).toBeGreaterThan(10);
      expect(loggedCount(h, 'db-lost-updates')).toBe(db.metrics().lostUpdates);
      for (const line of lines) {
        expect(line.category).toBe('fault');
        expect(line.message).toMatch(
          /^\d+ acknowledged updates lost in the last 5 s: overwritten by concurrent writes to the same keys \(last writer wins\)$/,
        );
      }
      // Each line names a primary, one line per 5 s window and primary at most: 30 s of
      // load, flushed by 40 s.
      for (const line of lines) expect(['db-a1', 'db-c1']).toContain(line.target);
      for (const primary of ['db-a1', 'db-c1'])
        expect(lines.filter((l) => l.target === primary).length).toBeLessThanOrEqual(8);
    }
  });

  it('names in each lost-update line the primary that acknowledged the lost writes', () => {
    // Two writes of a key 10 ms apart from the two regions: each primary accepts its
    // own before the other's arrives (40 ms away), so the older timestamp loses (LWW).
    const counted = (line: { message: string }): number => Number(/^(\d+) /.exec(line.message)![1]);
    for (let seed = 1; seed <= 10; seed++) {
      const { h, db } = setupDatabase(TWO_REGIONS, LWW, seed);
      let acked = 0;
      const writeAt = (atUs: number, from: string, key: number): void =>
        h.at(atUs, () => db.write(from, key, (ok) => ok && acked++));
      writeAt(1 * S, 'app-c1', 1); // db-c1's write of key 1 is the older: lost
      writeAt(1 * S + 10_000, 'app-a1', 1);
      writeAt(2 * S, 'app-a1', 2); // db-a1's writes of keys 2 and 3 are the older: lost
      writeAt(2 * S + 10_000, 'app-c1', 2);
      writeAt(3 * S, 'app-a1', 3);
      writeAt(3 * S + 10_000, 'app-c1', 3);
      h.runUntil(10 * S);
      expect(acked).toBe(6);
      expect(db.metrics().lostUpdates).toBe(3);
      const lines = h.logs.filter((l) => l.type === 'db-lost-updates');
      // All three losses fall in one 5 s window: one line per primary that acknowledged.
      expect(lines.map((l) => [l.target, counted(l)])).toEqual([
        ['db-c1', 1],
        ['db-a1', 2],
      ]);
      expect(db.audit().converged).toBe(true);
    }
  });

  it('writes from one region only never conflict', () => {
    const { h, db } = run(2, ['app-a1']);
    h.runUntil(40 * S);
    expect(db.metrics().writesAcked).toBeGreaterThan(1500);
    expect(db.metrics().lostUpdates).toBe(0);
    expect(db.audit().converged).toBe(true);
  });

  it('a longer replication delay between regions means more lost updates', () => {
    let near = 0;
    let far = 0;
    for (let seed = 1; seed <= 3; seed++) {
      const a = run(seed, ['app-a1', 'app-c1'], { crossRegionMs: 10 });
      a.h.runUntil(40 * S);
      near += a.db.metrics().lostUpdates;
      const b = run(seed, ['app-a1', 'app-c1'], { crossRegionMs: 150 });
      b.h.runUntil(40 * S);
      far += b.db.metrics().lostUpdates;
    }
    expect(far).toBeGreaterThan(near * 1.5);
  });

  it("a region whose primary is down writes to the other region's primary", () => {
    const { h, db, tally } = run(3, ['app-c1']);
    commandAt(h, db, 10 * S, { type: 'kill', target: 'db-c1' });
    h.runUntil(10.1 * S);
    const acked = tally.writesOk;
    h.runUntil(20 * S);
    expect(tally.writesOk - acked).toBeGreaterThan(450);
    commandAt(h, db, 20 * S, { type: 'restore', target: 'db-c1' });
    h.runUntil(40 * S);
    expect(db.audit().converged).toBe(true);
    expect(db.metrics().writesLost).toBe(0);
  });

  it('a partition between the regions lets both sides write; healing resolves the conflicts', () => {
    const { h, db } = run(4, ['app-a1', 'app-c1']);
    commandAt(h, db, 5 * S, { type: 'isolate', target: 'db-c1' });
    h.runUntil(15 * S);
    const during = db.metrics().lostUpdates;
    expect(db.view().nodes.find((n) => n.id === 'db-a1')!.lagWrites).toBeGreaterThan(200);
    commandAt(h, db, 15 * S, { type: 'restore', target: 'db-c1' });
    h.runUntil(40 * S);
    expect(db.metrics().lostUpdates).toBeGreaterThan(during + 20);
    expect(db.audit().converged).toBe(true);
  });

  it("a primary's lost disk loses only what it had not shipped yet, and is rebuilt from a neighbour", () => {
    const { h, db } = run(5, ['app-a1', 'app-c1']);
    commandAt(h, db, 12.3 * S, { type: 'disk-fail', target: 'db-c1' });
    h.runUntil(40 * S);
    expect(db.metrics().writesLost).toBeLessThan(20);
    expect(h.find('db-c1: rebuilding from db-d1')).toBeDefined();
    expect(db.view().nodes.find((n) => n.id === 'db-c1')).toMatchObject({
      role: 'primary',
      state: 'up',
    });
    expect(db.audit().converged).toBe(true);
  });
});
