import { describe, expect, it } from 'vitest';
import { topologyComponents, topologyLinks, usFromS, type MessageView } from '../sim';
import { createSimulation } from '../sim/runtime';
import { topologyLayout } from './layout';
import {
  DeliveredDots,
  DOTS_ALIVE_MAX,
  DOTS_NEW_PER_FRAME_MAX,
  HOP_WALL_MS,
  minVisibleTripUs,
  sampled,
  samplingShift,
  seededDots,
} from './particles';
import { ONE_REGION_TOPOLOGY } from './topologyFixtures';

const layout = topologyLayout(
  topologyComponents(ONE_REGION_TOPOLOGY),
  topologyLinks(ONE_REGION_TOPOLOGY),
);

/** A message's fields, its times as plain microsecond counts. */
type MessageFields = Partial<
  Omit<MessageView, 'sentUs' | 'arrivesUs'> & { sentUs: number; arrivesUs: number }
>;

function message(overrides: MessageFields): MessageView {
  return {
    id: '1:1',
    requestId: 1,
    from: 'lb-1',
    to: 'app-a1',
    sentUs: 1_000,
    arrivesUs: 1_500,
    kind: 'request',
    late: false,
    lost: false,
    probe: false,
    ...overrides,
  } as MessageView;
}

describe('DeliveredDots', () => {
  const speed = 1;
  const minUs = minVisibleTripUs(speed);

  it('shows each delivered short hop as a dot with its real kind, for HOP_WALL_MS', () => {
    const dots = new DeliveredDots();
    dots.update(
      [
        message({}),
        message({ id: '2', requestId: 2, from: 'app-b1', to: 'lb-1', kind: 'error' }),
        message({ id: '3', requestId: 3, from: 'app-c1', to: 'lb-1', kind: 'degraded' }),
      ],
      2_000,
      speed,
      layout,
    );
    expect(dots.alive.map((d) => [d.linkId, d.reversed, d.style])).toEqual([
      ['lb-1->app-a1', false, 'request'],
      ['lb-1->app-b1', true, 'error'],
      ['lb-1->app-c1', true, 'degraded'],
    ]);
    const [first] = dots.alive;
    expect(first!.startUs).toBe(1_000);
    expect(first!.endUs - first!.startUs).toBe(HOP_WALL_MS * 1000);
    // Gone once its time on screen is over.
    dots.update([], first!.endUs + 1, speed, layout);
    expect(dots.alive).toHaveLength(0);
  });

  it('leaves long hops to the live drawing, and skips links the diagram lacks', () => {
    const dots = new DeliveredDots();
    dots.update(
      [
        message({ from: 'users', to: 'lb-1', sentUs: 0, arrivesUs: minUs + 1 }),
        message({ id: '9', from: 'x', to: 'y' }),
      ],
      2_000,
      speed,
      layout,
    );
    expect(dots.alive).toHaveLength(0);
  });

  it("plays one request's hops one after another", () => {
    const dots = new DeliveredDots();
    dots.update(
      [
        message({ sentUs: 1_000, arrivesUs: 1_500 }),
        message({
          id: '1:2',
          from: 'app-a1',
          to: 'lb-1',
          kind: 'reply',
          sentUs: 21_500,
          arrivesUs: 22_000,
        }),
      ],
      22_000,
      speed,
      layout,
    );
    const [out, back] = dots.alive;
    expect(back!.startUs).toBe(out!.endUs);
    expect(back!.style).toBe('reply');
  });

  it('lets a lost message vanish half-way', () => {
    const dots = new DeliveredDots();
    const lost = message({ lost: true, arrivesUs: 2_000 });
    dots.update([lost], 1_500, speed, layout);
    const [dot] = dots.alive;
    const before = dot!.startUs + 0.4 * (dot!.endUs - dot!.startUs);
    const after = dot!.startUs + 0.6 * (dot!.endUs - dot!.startUs);
    expect(DeliveredDots.position(layout, dot!, before)).not.toBeNull();
    expect(DeliveredDots.position(layout, dot!, after)).toBeNull();
  });

  it('samples whole requests when a frame brings too many hops, and caps the dots', () => {
    const dots = new DeliveredDots();
    let nowUs = 10_000;
    for (let frame = 0; frame < 5; frame++) {
      const burst: MessageView[] = [];
      for (let i = 0; i < 1000; i++) {
        const requestId = frame * 1000 + i;
        burst.push(
          message({ id: `${requestId}:a`, requestId, sentUs: nowUs - 500, arrivesUs: nowUs }),
        );
        burst.push(
          message({
            id: `${requestId}:b`,
            requestId,
            from: 'app-a1',
            to: 'lb-1',
            kind: 'reply',
            sentUs: nowUs - 400,
            arrivesUs: nowUs,
          }),
        );
      }
      dots.update(burst, nowUs, speed, layout);
      nowUs += 1_000;
    }
    expect(dots.samplingShift).toBeGreaterThan(0);
    expect(dots.alive.length).toBeLessThanOrEqual(DOTS_ALIVE_MAX);
    // Every drawn request keeps both of its hops.
    const byRequest = new Map<number, number>();
    for (const d of dots.alive) byRequest.set(d.requestId, (byRequest.get(d.requestId) ?? 0) + 1);
    const complete = [...byRequest.values()].filter((n) => n === 2).length;
    expect(complete).toBeGreaterThan(0.9 * byRequest.size);
  });

  it('keeps dots where they are on screen when the speed changes, and restarts on a new run', () => {
    const dots = new DeliveredDots();
    dots.update([message({})], 1_000, 1, layout);
    const before = dots.alive[0]!;
    const leftWallMs = (before.endUs - 1_000) / 1000; // at 1x
    dots.update([], 1_000, 10, layout);
    const after = dots.alive[0]!;
    expect((after.endUs - 1_000) / 10_000).toBeCloseTo(leftWallMs);
    dots.update([], 500, 10, layout);
    expect(dots.alive).toHaveLength(0);
  });

  it('draws what the engine delivered: a killed server answers with errors', () => {
    const sim = createSimulation(
      { topology: ONE_REGION_TOPOLOGY },
      { seed: 3, trackMessages: true },
    );
    sim.runUntil(usFromS(2));
    sim.apply({ type: 'kill', target: 'app-b1' });
    const fromUs = sim.now();
    sim.runUntil(fromUs + 1_000_000);
    const delivered = sim.deliveredSince(fromUs);
    const dots = new DeliveredDots();
    // At 10x every dot of the last simulated second is still on screen.
    dots.update(delivered, sim.now(), 10, layout);
    const fromB1 = dots.alive.filter((d) => d.linkId === 'lb-1->app-b1' && d.reversed);
    const engineReplies = delivered.filter((m) => m.from === 'app-b1' && m.to === 'lb-1');
    // Dots keep the engine's kinds (the frame's budget may leave some hops out).
    expect(engineReplies.every((m) => m.kind === 'error')).toBe(true);
    const kinds = new Map<string, Set<string>>();
    for (const m of delivered) {
      const key = `${m.requestId}:${m.from}->${m.to}`;
      kinds.set(key, (kinds.get(key) ?? new Set()).add(m.late ? 'late' : m.kind));
    }
    for (const d of dots.alive) {
      const [a, b] = d.linkId.split('->');
      const key = d.reversed ? `${d.requestId}:${b}->${a}` : `${d.requestId}:${a}->${b}`;
      expect(kinds.get(key)?.has(d.style), key).toBe(true);
    }
    expect(fromB1.length).toBeGreaterThan(0);
    expect(fromB1.every((d) => d.style === 'error')).toBe(true);
  });
});

describe('seededDots: the traffic of an instant reached by a seek', () => {
  /** The engine's hops of the last 15 s at `atS`, a server killed at 2 s (errors on its link). */
  function recentAt(seed: number, atS: number) {
    const sim = createSimulation({ topology: ONE_REGION_TOPOLOGY }, { seed, trackMessages: true });
    sim.runUntil(usFromS(2));
    sim.apply({ type: 'kill', target: 'app-b1' });
    sim.runUntil(usFromS(atS));
    return { recent: sim.deliveredSince(sim.now() - 15_000_000), nowUs: sim.now() };
  }
  const onLink = (m: MessageView) =>
    [`${m.from}->${m.to}`, `${m.to}->${m.from}`].find((id) => layout.linkById.has(id))!;

  it('gives each link a dot per short hop sent in the hop window, as far along as its age', () => {
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const { recent, nowUs } = recentAt(seed, 6);
      const speed = 1;
      const windowUs = minVisibleTripUs(speed);
      const inWindow = recent.filter(
        (m) =>
          m.arrivesUs - m.sentUs < windowUs &&
          m.sentUs > nowUs - windowUs &&
          m.sentUs <= nowUs &&
          onLink(m) !== undefined,
      );
      // A playing run would sample nothing: the window brings fewer hops a frame than the budget.
      expect((inWindow.length * (1000 / 60)) / HOP_WALL_MS).toBeLessThan(DOTS_NEW_PER_FRAME_MAX);
      const { dots, shift } = seededDots(recent, nowUs, speed, layout);
      expect(shift).toBe(0);
      expect(dots.length).toBeGreaterThan(0);
      const count = (ids: string[]) => {
        const byLink = new Map<string, number>();
        for (const id of ids) byLink.set(id, (byLink.get(id) ?? 0) + 1);
        return byLink;
      };
      expect(count(dots.map((d) => d.linkId))).toEqual(count(inWindow.map(onLink)));
      // Every dot is on screen now, at its hop's age in the window (a lost one on the first half).
      for (const [i, dot] of dots.entries()) {
        const hop = inWindow[i]!;
        const age = (nowUs - hop.sentUs) / windowUs;
        const progress = (nowUs - dot.startUs) / (dot.endUs - dot.startUs);
        expect(progress).toBeCloseTo(hop.lost ? age / 2 : age, 6);
        expect(DeliveredDots.position(layout, dot, nowUs)).not.toBeNull();
        expect(dot.style).toBe(hop.late ? 'late' : hop.kind);
      }
      // The killed server's link carries only failures, drawn as failures.
      const b1 = dots.filter((d) => d.linkId === 'lb-1->app-b1' && d.reversed);
      expect(b1.every((d) => d.style === 'error')).toBe(true);
    }
  });

  it('samples whole requests at high speed as a playing run would, and caps the dots', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { recent, nowUs } = recentAt(seed, 20);
      const speed = 50;
      const { dots, shift } = seededDots(recent, nowUs, speed, layout);
      expect(shift).toBeGreaterThan(0);
      expect(dots.length).toBeGreaterThan(0);
      expect(dots.length).toBeLessThanOrEqual(DOTS_ALIVE_MAX);
      expect(dots.every((d) => sampled(d.requestId, shift))).toBe(true);
      // The 14 s window at 50x: the dots spread over the whole link, not bunched at one end.
      const progress = dots
        .filter((d) => !d.lost)
        .map((d) => (nowUs - d.startUs) / (d.endUs - d.startUs));
      expect(Math.max(...progress)).toBeGreaterThan(0.5);
      expect(Math.min(...progress)).toBeLessThan(0.5);
    }
  });

  it("lets the seeded dots play on, and a request's next hop follow its seeded one", () => {
    const { recent, nowUs } = recentAt(3, 6);
    const dots = new DeliveredDots();
    dots.seed(recent, nowUs, 1, layout);
    const seeded = dots.alive.length;
    expect(seeded).toBeGreaterThan(0);
    // Paused: the same instant draws the same dots.
    dots.update([], nowUs, 1, layout);
    expect(dots.alive).toHaveLength(seeded);
    const first = dots.alive.find((d) => !d.lost)!;
    const chainEndUs = Math.max(
      ...dots.alive.filter((d) => d.requestId === first.requestId && !d.lost).map((d) => d.endUs),
    );
    dots.update(
      [message({ id: 'next', requestId: first.requestId, sentUs: nowUs, arrivesUs: nowUs + 400 })],
      nowUs + 500,
      1,
      layout,
    );
    const next = dots.alive.find((d) => d.requestId === first.requestId && d.startUs > nowUs)!;
    expect(next.startUs).toBe(chainEndUs);
  });
});

describe('sampling helpers', () => {
  it('samplingShift halves until the budget holds', () => {
    expect(samplingShift(10, DOTS_NEW_PER_FRAME_MAX)).toBe(0);
    expect(samplingShift(DOTS_NEW_PER_FRAME_MAX * 2, DOTS_NEW_PER_FRAME_MAX)).toBe(1);
    expect(samplingShift(DOTS_NEW_PER_FRAME_MAX * 5, DOTS_NEW_PER_FRAME_MAX)).toBe(3);
  });

  it('sampled keeps every 2^shift-th request', () => {
    expect([0, 1, 2, 3, 4].filter((id) => sampled(id, 2))).toEqual([0, 4]);
    expect([0, 1, 2].filter((id) => sampled(id, 0))).toEqual([0, 1, 2]);
  });
});
