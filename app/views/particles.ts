/**
 * Routed requests on balancer->server links, slowed down so they can be seen.
 *
 * Inside a region a hop takes about half a millisecond, so a real message almost never
 * exists at the instant a frame is drawn: the literal dots (messages.ts) show the users'
 * link only. Here every request a balancer routes (from the `routed` counters of two
 * consecutive snapshots) becomes a dot that travels to its server and comes back as a
 * reply or an error, over a fixed stretch of wall time converted to simulated time
 * with the current speed. Timing is visual; counts and outcomes are the engine's.
 * Pure simulated time in, canvas out: no clock is read here.
 */
import { linkId, type Snapshot } from '../sim';
import type { LinkLayout, TopologyLayout } from './layout';
import { LANE_OFFSET, markerPath, MESSAGE_STYLE, type CanvasTransform } from './messages';

/** How long one round trip is shown, in wall-clock milliseconds at any speed. */
export const PARTICLE_WALL_MS = 700;

/** At most this many dots per link at once; beyond that each dot stands for several requests. */
export const PARTICLES_PER_LINK_MAX = 12;

/** What comes back from the server: a reply, an error (refused), or nothing (no answer). */
export type ParticleOutcome = 'reply' | 'error' | 'none';

export interface Particle {
  linkId: string;
  /** Simulated time the request was routed. */
  spawnUs: number;
  /** Simulated duration of the drawn round trip. */
  lifeUs: number;
  outcome: ParticleOutcome;
}

/** What a server in this state answers: refused while crashed, nothing while down. */
export function outcomeOfState(state: string): ParticleOutcome {
  if (/down/.test(state)) return 'none';
  if (/crashed/.test(state)) return 'error';
  return 'reply';
}

/**
 * Spawn times for `count` requests routed during (fromUs, toUs], evenly spread, at
 * most `room` of them (evenly sampled when there are more).
 */
export function spawnTimes(fromUs: number, toUs: number, count: number, room: number): number[] {
  const n = Math.max(0, Math.min(count, room));
  const times: number[] = [];
  for (let i = 0; i < n; i++) times.push(fromUs + ((i + 0.5) / n) * (toUs - fromUs));
  return times;
}

/** Where a particle is at `nowUs`: going out for the first half, coming back for the second. */
export function particlePosition(
  link: Pick<LinkLayout, 'x1' | 'y1' | 'x2' | 'y2'>,
  particle: Particle,
  nowUs: number,
): { x: number; y: number; returning: boolean } | null {
  const progress = (nowUs - particle.spawnUs) / particle.lifeUs;
  if (progress < 0 || progress > 1) return null;
  const returning = progress >= 0.5;
  if (returning && particle.outcome === 'none') return null;
  const t = returning ? 2 - 2 * progress : 2 * progress;
  const dx = link.x2 - link.x1;
  const dy = link.y2 - link.y1;
  const length = Math.hypot(dx, dy) || 1;
  const side = returning ? LANE_OFFSET : -LANE_OFFSET;
  return {
    x: link.x1 + dx * t + (-dy / length) * side,
    y: link.y1 + dy * t + (dx / length) * side,
    returning,
  };
}

/** The moving dots of every balancer->server link, fed one snapshot per frame. */
export class RoutedParticles {
  private particles: Particle[] = [];
  private routedByLink = new Map<string, number>();
  private lastNowUs = -1;
  private lastSpeed = 0;

  /** Particles alive now (for tests and counts). */
  get alive(): readonly Particle[] {
    return this.particles;
  }

  /** Spawns a particle per newly routed request and drops finished ones. */
  update(snapshot: Snapshot, speed: number): void {
    const nowUs = snapshot.nowUs;
    if (nowUs < this.lastNowUs) this.clear(); // a new run
    const lifeUs = Math.max(1, PARTICLE_WALL_MS * speed * 1000);
    if (speed !== this.lastSpeed) {
      // Keep each dot where it is but let it finish in PARTICLE_WALL_MS at the new speed.
      this.particles = this.particles.map((p) => {
        const progress = (this.lastNowUs - p.spawnUs) / p.lifeUs;
        return { ...p, lifeUs, spawnUs: this.lastNowUs - progress * lifeUs };
      });
      this.lastSpeed = speed;
    }
    this.particles = this.particles.filter((p) => nowUs <= p.spawnUs + p.lifeUs);
    const stateById = new Map(snapshot.components.map((c) => [c.id, c.state]));
    const aliveByLink = new Map<string, number>();
    for (const p of this.particles) aliveByLink.set(p.linkId, (aliveByLink.get(p.linkId) ?? 0) + 1);
    for (const target of snapshot.targets) {
      const id = linkId(target.balancer, target.server);
      const previous = this.routedByLink.get(id);
      this.routedByLink.set(id, target.routed);
      if (previous === undefined || this.lastNowUs < 0 || nowUs <= this.lastNowUs) continue;
      const room = PARTICLES_PER_LINK_MAX - (aliveByLink.get(id) ?? 0);
      const outcome = outcomeOfState(stateById.get(target.server) ?? 'up');
      for (const spawnUs of spawnTimes(this.lastNowUs, nowUs, target.routed - previous, room)) {
        this.particles.push({ linkId: id, spawnUs, lifeUs, outcome });
      }
    }
    this.lastNowUs = nowUs;
  }

  clear(): void {
    this.particles = [];
    this.routedByLink.clear();
    this.lastNowUs = -1;
    this.lastSpeed = 0;
  }

  /** Draws every particle at `nowUs` (same shapes and colours as real messages). */
  draw(
    ctx: CanvasRenderingContext2D,
    layout: TopologyLayout,
    nowUs: number,
    transform: CanvasTransform,
  ): void {
    const radius = Math.max(2.5, 4 * transform.scale);
    const groups: Record<'request' | 'reply' | 'error', Array<{ x: number; y: number }>> = {
      request: [],
      reply: [],
      error: [],
    };
    for (const p of this.particles) {
      const link = layout.linkById.get(p.linkId);
      if (!link) continue;
      const at = particlePosition(link, p, nowUs);
      if (!at) continue;
      const key = !at.returning ? 'request' : p.outcome === 'error' ? 'error' : 'reply';
      groups[key].push({
        x: transform.offsetX + at.x * transform.scale,
        y: transform.offsetY + at.y * transform.scale,
      });
    }
    for (const key of ['request', 'reply', 'error'] as const) {
      ctx.beginPath();
      for (const { x, y } of groups[key]) markerPath(ctx, MESSAGE_STYLE[key].shape, x, y, radius);
      ctx.fillStyle = MESSAGE_STYLE[key].colour;
      ctx.fill();
    }
  }
}
