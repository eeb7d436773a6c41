/**
 * Failover (docs/reference.md "Failover"): a Patroni-like lease decides when, the most
 * up-to-date replica is promoted, clients follow after rediscovery. Manual failover
 * waits for an alert and a person; without monitoring nobody notices.
 */
import { describe, expect, it } from 'vitest';
import { DATABASE_DEFAULTS } from './options';
import { commandAt, hostAt, setupDatabase, startLoad, THREE_ZONES } from './harness';
import { createRandom } from '../engine/random';

const S = 1_000_000;
const CLIENTS = ['app-a1', 'app-b1', 'app-c1'];
const LOAD = { clients: CLIENTS, writesPerS: 50, readsPerS: 0, keys: 20 };
const { leaseTtlMs, loopWaitMs, promotionMs, rediscoveryMs } = DATABASE_DEFAULTS;

describe('automatic failover (Patroni: ttl 30 s, loop_wait 10 s)', () => {
  it('takes lease TTL (minus up to one loop) + promotion + rediscovery, measured as RTO', () => {
    const rtoMinS = (leaseTtlMs - loopWaitMs + promotionMs + rediscoveryMs) / 1000;
    const rtoMaxS = (leaseTtlMs + promotionMs + rediscoveryMs) / 1000;
    const seen: number[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const { h, db } = setupDatabase(THREE_ZONES, {}, seed);
      const tally = startLoad(h, db, { ...LOAD, stopUs: 80 * S, seed });
      const killUs = 15 * S + createRandom(seed, 'kill').int(20 * S);
      commandAt(h, db, killUs, { type: 'kill', target: 'db-a1' });
      h.runUntil(85 * S);
      const [failover] = db.metrics().failovers;
      expect(failover.from).toBe('db-a1');
      expect(failover.rtoS).toBeGreaterThan(rtoMinS);
      expect(failover.rtoS).toBeLessThanOrEqual(rtoMaxS);
      seen.push(failover.rtoS!);
      // Clients write to the new primary once they switched.
      expect(db.view().clientPrimary).toBe(failover.to);
      expect(tally.outstanding()).toBe(0);
    }
    // The kill lands at different points of the loop: RTOs spread over the window.
    expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan(4);
  });

  it('narrates the steps in the event log, in order', () => {
    const { h, db } = setupDatabase(THREE_ZONES, {}, 1);
    startLoad(h, db, { ...LOAD, stopUs: 60 * S, seed: 1 });
    commandAt(h, db, 12 * S, { type: 'kill', target: 'db-a1' });
    h.runUntil(60 * S);
    const steps = [
      'db-a1 crashed',
      'db-a1 stopped renewing its leader lease',
      'leader lease expired (ttl 30 s)',
      'acquired the leader lease: promoting',
      /^promoted db-[bc]1 \(epoch 2, \d+ writes behind\)$/,
      /^clients switched to db-[bc]1$/,
    ];
    const times = steps.map((step) => {
      const line = h.find(step);
      expect(line, String(step)).toBeDefined();
      return line!.atUs;
    });
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(h.find('stopped renewing')!.category).toBe('detection');
    expect(h.find('clients switched')!.category).toBe('recovery');
    // Expired ttl after the last renewal, which came at most one loop before the kill.
    const renewedUs = h.find('leader lease expired')!.atUs - leaseTtlMs * 1000;
    expect(renewedUs).toBeLessThanOrEqual(12 * S);
    expect(renewedUs).toBeGreaterThan(12 * S - loopWaitMs * 1000);
  });

  it('the HA loop has a seeded phase: RTO after a fault at a fixed time spreads over the loop', () => {
    // The lease was last renewed 0 to loop_wait before the kill and expires ttl after
    // that renewal; then promotion and rediscovery. So RTO lies in
    // (ttl - loop_wait + promotion + rediscovery, ttl + promotion + rediscovery].
    const rtoMinS = (leaseTtlMs - loopWaitMs + promotionMs + rediscoveryMs) / 1000;
    const rtoMaxS = (leaseTtlMs + promotionMs + rediscoveryMs) / 1000;
    const seen: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      const { h, db } = setupDatabase(THREE_ZONES, {}, seed);
      startLoad(h, db, { ...LOAD, writesPerS: 10, stopUs: 80 * S, seed });
      // A round time, as scenario fault scripts use: it must not always meet the loop.
      commandAt(h, db, 30 * S, { type: 'kill', target: 'db-a1' });
      h.runUntil(80 * S);
      const rtoS = db.metrics().failovers[0].rtoS!;
      expect(rtoS, `seed ${seed}`).toBeGreaterThan(rtoMinS);
      expect(rtoS, `seed ${seed}`).toBeLessThanOrEqual(rtoMaxS);
      seen.push(rtoS);
    }
    // 20 uniform phases over a 10 s loop: the spread covers most of it.
    expect(Math.max(...seen) - Math.min(...seen)).toBeGreaterThan((loopWaitMs / 1000) * 0.6);
    expect(new Set(seen.map((s) => s.toFixed(3))).size).toBeGreaterThan(15);
  });

  it('promotes the most up-to-date replica', () => {
    const { h, db } = setupDatabase(THREE_ZONES, {}, 2);
    startLoad(h, db, { ...LOAD, stopUs: 80 * S, seed: 2 });
    // db-b1 (first in the list) falls behind: its link from the primary is cut.
    h.at(5 * S, () => h.cut('db-a1', 'db-b1'));
    commandAt(h, db, 20 * S, { type: 'kill', target: 'db-a1' });
    h.at(21 * S, () => h.heal('db-a1', 'db-b1'));
    h.runUntil(80 * S);
    expect(db.metrics().failovers[0]).toMatchObject({ from: 'db-a1', to: 'db-c1' });
    // db-b1 follows the new primary and catches up.
    const b1 = db.view().nodes.find((n) => n.id === 'db-b1')!;
    expect(b1).toMatchObject({ role: 'replica', epoch: 2 });
    expect(b1.lagWrites).toBeLessThan(5);
  });

  it('maximum_lag_on_failover keeps a lagging replica from being promoted', () => {
    const run = (maximumLagOnFailoverWrites: number) => {
      const { h, db } = setupDatabase(THREE_ZONES, { maximumLagOnFailoverWrites }, 3);
      startLoad(h, db, { ...LOAD, stopUs: 80 * S, seed: 3 });
      commandAt(h, db, 5 * S, { type: 'kill', target: 'db-c1' });
      h.at(5 * S, () => h.cut('db-a1', 'db-b1'));
      commandAt(h, db, 25 * S, { type: 'kill', target: 'db-a1' });
      h.runUntil(90 * S);
      return { h, db };
    };
    const guarded = run(100);
    expect(guarded.db.metrics().failovers).toHaveLength(0);
    expect(guarded.h.find('more than 100 writes behind (maximum_lag_on_failover)')).toBeDefined();
    expect(guarded.db.view().failoverPhase).toBe('no replica can be promoted');
    const unguarded = run(0);
    const [failover] = unguarded.db.metrics().failovers;
    expect(failover.to).toBe('db-b1');
    expect(failover.rpoWrites).toBeGreaterThan(500);
  });

  it('a primary back before its lease expires keeps the lease: no failover', () => {
    const { h, db } = setupDatabase(THREE_ZONES, {}, 4);
    startLoad(h, db, { ...LOAD, stopUs: 60 * S, seed: 4 });
    commandAt(h, db, 12 * S, { type: 'kill', target: 'db-a1' });
    commandAt(h, db, 25 * S, { type: 'restore', target: 'db-a1' });
    h.runUntil(70 * S);
    expect(db.metrics().failovers).toHaveLength(0);
    expect(h.find('no failover needed')).toBeDefined();
    expect(db.view()).toMatchObject({
      leader: 'db-a1',
      clientPrimary: 'db-a1',
      failoverPhase: null,
    });
  });

  it('the old primary rejoins as a replica of the new timeline', () => {
    const { h, db } = setupDatabase(THREE_ZONES, {}, 5);
    const tally = startLoad(h, db, { ...LOAD, stopUs: 100 * S, seed: 5 });
    commandAt(h, db, 12 * S, { type: 'kill', target: 'db-a1' });
    commandAt(h, db, 70 * S, { type: 'restore', target: 'db-a1' });
    h.runUntil(105 * S);
    const a1 = db.view().nodes.find((n) => n.id === 'db-a1')!;
    expect(a1).toMatchObject({ role: 'replica', epoch: 2, state: 'up', lagWrites: 0 });
    // What only it had was already counted at the failover; nothing is counted twice.
    const m = db.metrics();
    expect(m.writesLost).toBe(m.failovers[0].rpoWrites);
    expect(tally.writesOk).toBe(m.writesAcked);
    const audit = db.audit();
    expect(audit).toMatchObject({ unaccounted: 0, divergent: 0 });
    expect(audit.present + audit.lost).toBe(audit.acked);
  });

  it('a dead host (zone failure) makes clients time out instead of being refused', () => {
    const { h, db } = setupDatabase(THREE_ZONES, {}, 6);
    const tally = startLoad(h, db, { ...LOAD, stopUs: 60 * S, seed: 6 });
    hostAt(h, db, 12 * S, 'db-a1', false);
    h.runUntil(65 * S);
    expect(tally.failures.timeout).toBeGreaterThan(500);
    expect(tally.failures.unavailable ?? 0).toBe(0);
    expect(db.metrics().failovers).toHaveLength(1);
    expect(db.view().nodes[0]).toMatchObject({ role: 'down', state: 'host-down' });
  });
});

describe('manual failover (docs/reference.md "Failover": a person must notice, decide and act)', () => {
  it('with monitoring on, an alert fires; the operator promotes after its delay', () => {
    const alertDelayMs = 60_000;
    const operatorDelayMs = 120_000;
    const { h, db } = setupDatabase(
      THREE_ZONES,
      { failover: 'manual', alertDelayMs, operatorDelayMs },
      7,
    );
    startLoad(h, db, { ...LOAD, writesPerS: 20, stopUs: 250 * S, seed: 7 });
    const lossUs = 20 * S;
    commandAt(h, db, lossUs, { type: 'kill', target: 'db-a1' });
    h.runUntil(30 * S);
    expect(h.find('stopped renewing')).toBeUndefined();
    expect(db.view().failoverPhase).toBe('primary db-a1 lost: alert pending');
    h.runUntil(250 * S);
    const alert = h.find('ALERT: primary db-a1 unreachable; promote a replica');
    expect(alert?.atUs).toBe(lossUs + alertDelayMs * 1000);
    expect(h.find(/^operator promoted db-[bc]1/)?.atUs).toBe(
      lossUs + (alertDelayMs + operatorDelayMs) * 1000,
    );
    const [failover] = db.metrics().failovers;
    expect(failover.rtoS).toBeCloseTo(
      (alertDelayMs + operatorDelayMs + promotionMs + rediscoveryMs) / 1000,
      6,
    );
  });

  it('with no simulated operator, the outage lasts until someone clicks promote', () => {
    const { h, db } = setupDatabase(THREE_ZONES, { failover: 'manual' }, 8);
    const tally = startLoad(h, db, { ...LOAD, writesPerS: 20, stopUs: 600 * S, seed: 8 });
    commandAt(h, db, 20 * S, { type: 'kill', target: 'db-a1' });
    h.runUntil(400 * S);
    expect(h.find('ALERT: primary db-a1 unreachable')).toBeDefined();
    expect(db.metrics().failovers).toHaveLength(0);
    expect(db.view().failoverPhase).toBe(
      'primary db-a1 lost: waiting for an operator to promote a replica',
    );
    expect(db.actionsFor('db-b1')).toContain('promote');
    expect(db.actionsFor('db-a1')).not.toContain('promote');
    const acked = tally.writesOk;
    commandAt(h, db, 400 * S, { type: 'promote', target: 'db-b1' });
    h.runUntil(420 * S);
    expect(h.find('operator promotes db-b1')).toBeDefined();
    const [failover] = db.metrics().failovers;
    expect(failover).toMatchObject({ from: 'db-a1', to: 'db-b1' });
    expect(failover.rtoS).toBeCloseTo(380 + (promotionMs + rediscoveryMs) / 1000, 6);
    expect(tally.writesOk).toBeGreaterThan(acked + 200);
  });

  it('with monitoring off, nothing alerts and nothing recovers', () => {
    const { h, db } = setupDatabase(
      THREE_ZONES,
      { failover: 'manual', operatorDelayMs: 60_000 },
      9,
      {
        monitoring: false,
      },
    );
    startLoad(h, db, { ...LOAD, writesPerS: 10, stopUs: 900 * S, seed: 9 });
    commandAt(h, db, 20 * S, { type: 'kill', target: 'db-a1' });
    h.runUntil(900 * S);
    expect(h.logs.some((line) => line.message.startsWith('ALERT'))).toBe(false);
    expect(db.metrics().failovers).toHaveLength(0);
    expect(db.view().failoverPhase).toBe(
      'primary db-a1 lost: nobody has been alerted (monitoring off)',
    );
  });

  it('validates promote: not the primary, not a dead or isolated node, not two at once', () => {
    const { h, db } = setupDatabase(THREE_ZONES, { failover: 'manual' }, 10);
    expect(db.validate({ type: 'promote', target: 'db-a1' })).toBe('db-a1 is already the primary');
    expect(db.validate({ type: 'promote', target: 'db-x9' })).toBe(
      'there is no database node db-x9',
    );
    db.apply({ type: 'kill', target: 'db-c1' });
    expect(db.validate({ type: 'promote', target: 'db-c1' })).toBe('db-c1 is down');
    expect(db.apply({ type: 'promote', target: 'db-b1' })).toBeNull();
    expect(db.validate({ type: 'promote', target: 'db-b1' })).toMatch(/already in progress/);
    h.runUntil(10 * S);
    expect(db.view()).toMatchObject({ leader: 'db-b1', epoch: 2, clientPrimary: 'db-b1' });
  });
});
