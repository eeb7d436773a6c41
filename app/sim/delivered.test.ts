import { describe, expect, it } from 'vitest';
import { createSimulation } from './simulation';
import { US_PER_S } from './engine/time';
import { TWO_ZONES } from './testTopologies';

describe('deliveredSince: what reached the end of its hop, for drawing', () => {
  it('lists every reply that reached the users, matching the succeeded count (20 seeds)', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const sim = createSimulation({ topology: TWO_ZONES }, { seed, trackMessages: true });
      sim.runUntil(2 * US_PER_S);
      const before = sim.metrics().requests.succeeded;
      const fromUs = sim.now();
      sim.runUntil(fromUs + 400_000); // 400 ms: ~20 requests, far fewer than 4096 hops
      const delivered = sim.deliveredSince(fromUs);
      const repliesToUsers = delivered.filter(
        (m) => m.to === 'users' && m.kind === 'reply' && !m.probe && !m.lost,
      );
      expect(repliesToUsers.length).toBe(sim.metrics().requests.succeeded - before);
      for (const m of delivered) {
        expect(m.arrivesUs).toBeGreaterThan(fromUs);
        expect(m.arrivesUs).toBeLessThanOrEqual(sim.now());
      }
      // In-region hops (0.5 ms) show up too, though a frame would never catch them in flight.
      expect(delivered.some((m) => m.from === 'lb-1' && m.kind === 'request')).toBe(true);
    }
  });

  it('shows a crashed server answering with errors and a cut link losing messages', () => {
    const sim = createSimulation({ topology: TWO_ZONES }, { seed: 3, trackMessages: true });
    sim.apply({ type: 'kill', target: 'app-a1' });
    sim.apply({ type: 'cut', target: 'lb-1->app-b1', oneWay: false });
    sim.runUntil(500_000);
    const delivered = sim.deliveredSince(0);
    expect(delivered.some((m) => m.from === 'app-a1' && m.kind === 'error')).toBe(true);
    expect(delivered.some((m) => m.to === 'app-b1' && m.lost)).toBe(true);
    expect(delivered.some((m) => m.from === 'app-b1')).toBe(false);
  });

  it('keeps nothing without trackMessages', () => {
    const sim = createSimulation({ topology: TWO_ZONES }, { seed: 1, trackMessages: false });
    sim.runUntil(US_PER_S);
    expect(sim.deliveredSince(0)).toEqual([]);
  });
});
