/**
 * Split brain and fencing (docs/reference.md "Failover"): an old primary cut off from the
 * other nodes and the DCS, but not from clients. Without fencing it keeps accepting
 * writes after another node is promoted, and they are lost when the partition heals;
 * with fencing (epochs, self-demotion) it cannot.
 */
import { describe, expect, it } from 'vitest';
import type { DatabaseOptions } from './options';
import { commandAt, loggedCount, setupDatabase, startLoad, THREE_ZONES } from './harness';
import { createRandom } from '../engine/random';

const S = 1_000_000;
const LOAD = { clients: ['app-a1', 'app-b1', 'app-c1'], writesPerS: 50, readsPerS: 20, keys: 20 };

/** Isolates the primary at a random moment, heals the partition at 100 s. */
function splitBrain(seed: number, options: Partial<DatabaseOptions>) {
  const { h, db } = setupDatabase(THREE_ZONES, options, seed);
  const tally = startLoad(h, db, { ...LOAD, stopUs: 120 * S, seed });
  const isolateUs = 10 * S + createRandom(seed, 'isolate').int(20 * S);
  commandAt(h, db, isolateUs, { type: 'isolate', target: 'db-a1' });
  return { h, db, tally, isolateUs };
}

describe('split brain without fencing', () => {
  it('the isolated old primary accepts writes after the promotion; they are lost on healing', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const { h, db, tally } = splitBrain(seed, { fencing: false });
      h.runUntil(80 * S);
      const during = db.view();
      expect(during.primaries).toEqual(['db-a1', expect.stringMatching(/db-[bc]1/)]);
      expect(during.nodes[0]).toMatchObject({ role: 'primary', state: 'isolated', epoch: 1 });
      const m = db.metrics();
      // Clients keep writing to db-a1 until rediscovery: 5 s x 50 writes/s.
      expect(m.splitBrainWrites).toBeGreaterThan(150);
      expect(m.splitBrainWrites).toBeLessThan(350);
      expect(db.audit().divergent).toBeGreaterThanOrEqual(m.splitBrainWrites);

      commandAt(h, db, 100 * S, { type: 'restore', target: 'db-a1' });
      h.runUntil(130 * S);
      const healed = db.metrics();
      expect(healed.writesLost).toBeGreaterThanOrEqual(healed.splitBrainWrites);
      const line = h.find(
        /^db-a1 rejoined as a replica: discarded \d+ writes not on the current timeline \(\d+ already counted at the failover; \d+ acknowledged since then: lost\)$/,
      );
      expect(line?.category).toBe('fault');
      // Every loss is a data-loss event with its count: at the failover, acknowledgements
      // that arrived after it, and the split-brain writes discarded on rejoining.
      expect(
        h.find(/^\d+ acknowledged writes lost: db-a1 accepted them on an old timeline/),
      ).toBeDefined();
      expect(loggedCount(h, 'db-data-loss')).toBe(healed.writesLost);
      expect(db.view().primaries).toHaveLength(1);
      expect(db.view().nodes[0]).toMatchObject({ role: 'replica', epoch: 2, lagWrites: 0 });
      const audit = db.audit();
      expect(audit).toMatchObject({ divergent: 0, unaccounted: 0 });
      expect(audit.present + audit.lost).toBe(audit.acked);
      expect(tally.outstanding()).toBe(0);
      expect(tally.doubleDone).toBe(0);
    }
  });
});

describe('fencing (Kleppmann: epoch token; Patroni self-demotion)', () => {
  it('no split-brain writes: the old primary demotes itself before its lease expires', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { h, db, tally, isolateUs } = splitBrain(seed, { fencing: true });
      commandAt(h, db, 100 * S, { type: 'restore', target: 'db-a1' });
      h.runUntil(130 * S);
      const m = db.metrics();
      expect(m.splitBrainWrites).toBe(0);
      expect(m.failovers).toHaveLength(1);
      expect(tally.failures.fenced).toBeGreaterThan(0);
      const demotions = h.logs.filter((l) => l.message.includes('demoted itself'));
      expect(demotions).toHaveLength(1);
      const demoted = h.find(
        'db-a1 cannot reach the DCS (retry_timeout 10 s): demoted itself, refusing writes',
      );
      const expired = h.find('leader lease expired');
      expect(demoted!.atUs).toBeGreaterThan(isolateUs);
      expect(demoted!.atUs).toBeLessThan(expired!.atUs);
      // Writes it took before demoting itself are at most lost, never split brain.
      const audit = db.audit();
      expect(audit).toMatchObject({ divergent: 0, unaccounted: 0 });
      expect(audit.present + audit.lost).toBe(audit.acked);
    }
  });

  it('manual failover: a newer epoch fences the old primary at once', () => {
    const { h, db, tally } = splitBrain(7, { fencing: true, failover: 'manual' });
    commandAt(h, db, 40 * S, { type: 'promote', target: 'db-b1' });
    h.runUntil(39 * S);
    const fencedBefore = tally.failures.fenced ?? 0;
    expect(fencedBefore).toBe(0);
    h.runUntil(60 * S);
    expect(db.metrics().splitBrainWrites).toBe(0);
    expect(tally.failures.fenced).toBeGreaterThan(100);
    expect(db.view().nodes[0].state).toBe('isolated-fenced');
  });

  it('manual failover without fencing: split brain until clients rediscover', () => {
    const { h, db } = splitBrain(7, { fencing: false, failover: 'manual' });
    commandAt(h, db, 40 * S, { type: 'promote', target: 'db-b1' });
    h.runUntil(60 * S);
    expect(db.metrics().splitBrainWrites).toBeGreaterThan(100);
  });
});

describe('split brain means two reachable writers (issue 11: not a crashed old primary)', () => {
  /** Samples view().primaries every 500 ms until `untilS`; returns the largest count seen. */
  const mostPrimaries = (
    h: ReturnType<typeof setupDatabase>['h'],
    db: ReturnType<typeof setupDatabase>['db'],
    untilS: number,
  ) => {
    let most = 0;
    for (let t = 0.5 * S; t <= untilS * S; t += 0.5 * S) {
      h.runUntil(t);
      most = Math.max(most, db.view().primaries.length);
    }
    return most;
  };

  it('a crashed or disk-failed primary followed by automatic failover never reports two primaries', () => {
    for (let seed = 1; seed <= 5; seed++) {
      for (const fault of ['kill', 'disk-fail'] as const) {
        for (const fencing of [true, false]) {
          const { h, db } = setupDatabase(THREE_ZONES, { fencing }, seed);
          startLoad(h, db, { ...LOAD, stopUs: 90 * S, seed });
          const faultUs = 10 * S + createRandom(seed, 'fault').int(20 * S);
          commandAt(h, db, faultUs, { type: fault, target: 'db-a1' });
          expect(mostPrimaries(h, db, 90), `seed ${seed} ${fault}`).toBe(1);
          const [failover] = db.metrics().failovers;
          expect(failover.from).toBe('db-a1');
          // Only the new primary is a writer; the old one is down or rebuilding.
          expect(db.view().primaries).toEqual([failover.to]);
        }
      }
    }
  });

  it('a partition without fencing reports two reachable writers; with fencing, never', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const unfenced = splitBrain(seed, { fencing: false });
      expect(mostPrimaries(unfenced.h, unfenced.db, 90), `seed ${seed}`).toBe(2);
      expect(unfenced.db.view().primaries).toEqual(['db-a1', unfenced.db.view().leader]);
      const fenced = splitBrain(seed, { fencing: true });
      expect(mostPrimaries(fenced.h, fenced.db, 90), `seed ${seed}`).toBe(1);
      // The fenced old primary is still a primary by role, but refuses writes.
      expect(fenced.db.view().nodes[0]).toMatchObject({
        role: 'primary',
        state: 'isolated-fenced',
      });
      expect(fenced.db.view().primaries).toEqual([fenced.db.view().leader]);
    }
  });
});
