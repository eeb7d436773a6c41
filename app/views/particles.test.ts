import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../sim';
import {
  outcomeOfState,
  particlePosition,
  PARTICLE_WALL_MS,
  PARTICLES_PER_LINK_MAX,
  RoutedParticles,
  spawnTimes,
} from './particles';

/** Just the fields the particles read. */
function snapshot(
  nowUs: number,
  routed: Record<string, number>,
  states: Record<string, string> = {},
) {
  return {
    nowUs,
    components: Object.keys(routed).map((id) => ({ id, state: states[id] ?? 'up' })),
    targets: Object.entries(routed).map(([server, n]) => ({
      balancer: 'lb-1',
      server,
      routed: n,
    })),
  } as unknown as Snapshot;
}

describe('spawnTimes', () => {
  it('spreads routed requests evenly over the frame', () => {
    expect(spawnTimes(0, 1000, 2, 10)).toEqual([250, 750]);
    expect(spawnTimes(0, 1000, 0, 10)).toEqual([]);
  });

  it('samples when there is no room for one dot per request', () => {
    expect(spawnTimes(0, 1000, 100, 4)).toEqual([125, 375, 625, 875]);
    expect(spawnTimes(0, 1000, 5, -2)).toEqual([]);
  });
});

describe('outcomeOfState', () => {
  it('answers as the engine does: refused when crashed, nothing when down', () => {
    expect(outcomeOfState('up')).toBe('reply');
    expect(outcomeOfState('slow x10')).toBe('reply');
    expect(outcomeOfState('crashed')).toBe('error');
    expect(outcomeOfState('flapping, crashed')).toBe('error');
    expect(outcomeOfState('host down')).toBe('none');
    expect(outcomeOfState('down (zone)')).toBe('none');
  });
});

describe('particlePosition', () => {
  const link = { x1: 0, y1: 0, x2: 100, y2: 0 };
  const particle = { linkId: 'l', spawnUs: 0, lifeUs: 1000, outcome: 'reply' as const };

  it('goes out in the first half and comes back in the second', () => {
    expect(particlePosition(link, particle, 250)).toMatchObject({ x: 50, returning: false });
    expect(particlePosition(link, particle, 500)).toMatchObject({ x: 100, returning: true });
    expect(particlePosition(link, particle, 750)).toMatchObject({ x: 50, returning: true });
    expect(particlePosition(link, particle, 1001)).toBeNull();
  });

  it('does not come back when nothing answers', () => {
    expect(particlePosition(link, { ...particle, outcome: 'none' }, 750)).toBeNull();
  });
});

describe('RoutedParticles', () => {
  it('spawns one dot per newly routed request, with the server state as outcome', () => {
    const particles = new RoutedParticles();
    particles.update(snapshot(0, { 'app-a1': 10, 'app-b1': 10 }), 1);
    expect(particles.alive).toHaveLength(0); // first snapshot only sets the baseline
    particles.update(snapshot(16_000, { 'app-a1': 12, 'app-b1': 11 }, { 'app-b1': 'crashed' }), 1);
    const byLink = particles.alive.map((p) => [p.linkId, p.outcome]);
    expect(byLink).toEqual([
      ['lb-1->app-a1', 'reply'],
      ['lb-1->app-a1', 'reply'],
      ['lb-1->app-b1', 'error'],
    ]);
    // A round trip lasts PARTICLE_WALL_MS of wall time at the current speed.
    expect(particles.alive[0]!.lifeUs).toBe(PARTICLE_WALL_MS * 1000);
  });

  it('caps dots per link and forgets finished ones', () => {
    const particles = new RoutedParticles();
    particles.update(snapshot(0, { 'app-a1': 0 }), 50);
    particles.update(snapshot(800_000, { 'app-a1': 400 }), 50);
    expect(particles.alive).toHaveLength(PARTICLES_PER_LINK_MAX);
    particles.update(
      snapshot(800_000 + PARTICLE_WALL_MS * 50_000 + 1_000_000, { 'app-a1': 400 }),
      50,
    );
    expect(particles.alive).toHaveLength(0);
  });

  it('keeps dots in place when the speed changes, and starts over on a new run', () => {
    const particles = new RoutedParticles();
    particles.update(snapshot(0, { 'app-a1': 0 }), 1);
    particles.update(snapshot(100_000, { 'app-a1': 1 }), 1);
    const before = particles.alive[0]!;
    const progressBefore = (100_000 - before.spawnUs) / before.lifeUs;
    particles.update(snapshot(100_000, { 'app-a1': 1 }), 10);
    const after = particles.alive[0]!;
    expect((100_000 - after.spawnUs) / after.lifeUs).toBeCloseTo(progressBefore);
    expect(after.lifeUs).toBe(PARTICLE_WALL_MS * 10_000);

    particles.update(snapshot(0, { 'app-a1': 0 }), 10);
    expect(particles.alive).toHaveLength(0);
  });
});
