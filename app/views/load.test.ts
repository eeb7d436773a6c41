import { describe, expect, it } from 'vitest';
import { topologyComponents, topologyLinks, usFromS } from '../sim';
import { createSimulation } from '../sim/runtime';
import { boldTextWidthMax, textWidth, topologyLayout } from './layout';
import {
  dotsLegendText,
  LINK_WIDTH_MAX,
  LINK_WIDTH_MIN,
  linkFullScalePerS,
  linkWidth,
  linkWidthLegend,
  QUEUE_BLOCKS_MAX,
  QUEUE_CLEAR,
  queueBlocks,
  queueLeftLimit,
  queueCountText,
  queueStrip,
  requestsPerDot,
  textWidthMax,
  tileQueueLines,
} from './load';
import { DeliveredDots, minVisibleTripUs, sampled } from './particles';
import { ONE_REGION_TOPOLOGY } from './topologyFixtures';

/** Whether `value` is 1, 2 or 5 times a power of ten. */
function isRoundStep(value: number): boolean {
  const decade = 10 ** Math.floor(Math.log10(value) + 1e-9);
  return [1, 2, 5].some((step) => Math.abs(value - step * decade) < 1e-9 * value);
}

describe('link width scale', () => {
  it('full scale is the smallest 1-2-5 step at or above the busiest rate', () => {
    for (const busiest of [0.3, 1, 1.01, 3, 9.99, 10, 12.5, 25, 49, 50, 51, 199, 999, 4321]) {
      const full = linkFullScalePerS(busiest);
      expect(isRoundStep(full), `${busiest} -> ${full}`).toBe(true);
      expect(full).toBeGreaterThanOrEqual(Math.max(1, busiest));
      // Minimal: the round step below it (5 -> 2, 2 -> 1, 1 -> 0.5) is under the busiest.
      const leading = full / 10 ** Math.floor(Math.log10(full) + 1e-9);
      const below = Math.round(leading) === 5 ? full * 0.4 : full / 2;
      if (full > 1) expect(below).toBeLessThan(busiest);
    }
  });

  it('width above the hairline is proportional to the rate, up to full scale', () => {
    const full = 50;
    expect(linkWidth(0, full)).toBe(LINK_WIDTH_MIN);
    expect(linkWidth(full, full)).toBeCloseTo(LINK_WIDTH_MAX);
    for (const rate of [1, 3.3, 10, 12.5, 25]) {
      const once = linkWidth(rate, full) - LINK_WIDTH_MIN;
      const twice = linkWidth(2 * rate, full) - LINK_WIDTH_MIN;
      expect(twice).toBeCloseTo(2 * once, 9);
    }
    // Past full scale the width stays at the top (the rate label says the number).
    expect(linkWidth(3 * full, full)).toBe(LINK_WIDTH_MAX);
    // Garbage in gives the hairline, never NaN.
    expect(linkWidth(Number.NaN, full)).toBe(LINK_WIDTH_MIN);
    expect(linkWidth(5, 0)).toBe(LINK_WIDTH_MIN);
  });

  it('the legend names the full-scale rate it draws with', () => {
    expect(linkWidthLegend(linkFullScalePerS(38))).toContain('full width = 50 req/s and above');
    // Two compared designs share one scale, and both legends say so.
    expect(linkWidthLegend(500, true)).toContain(
      'full width = 500 req/s and above in both designs',
    );
    expect(linkWidthLegend(500)).not.toContain('both');
  });
});

describe('queue blocks', () => {
  const server = { x: 300, y: 100, width: 200, height: 30 };

  it('one block per queued request, stacked left of the server without overlapping', () => {
    for (let queued = 0; queued <= QUEUE_BLOCKS_MAX + 5; queued++) {
      const { blocks, overflow } = queueBlocks(server, queued, 13);
      expect(blocks).toHaveLength(Math.min(queued, QUEUE_BLOCKS_MAX));
      expect(blocks.length + overflow).toBe(queued);
      for (const [i, b] of blocks.entries()) {
        expect(b.x + b.width).toBeLessThanOrEqual(server.x);
        // Centred on the server's middle, where its link comes in.
        expect(b.y + b.height / 2).toBeCloseTo(server.y + server.height / 2);
        const next = blocks[i + 1];
        if (next) expect(next.x + next.width).toBeLessThan(b.x);
      }
    }
  });

  it('the "+N" count sits beyond the last block', () => {
    const { blocks, overflow, overflowX } = queueBlocks(server, 25, 13);
    expect(overflow).toBe(25 - QUEUE_BLOCKS_MAX);
    expect(overflowX).toBeLessThan(Math.min(...blocks.map((b) => b.x)));
  });

  // Issue 14: the fan's middle server is level with its balancer, 98 units away in the rows.
  const balancer = { x: 100, y: 90, width: 102, height: 60 };

  it('stops short of a node level with it, a block per request and the count the rest', () => {
    const limit = queueLeftLimit(server, [balancer, server], 13);
    expect(limit).toBe(balancer.x + balancer.width);
    const lengths = new Set<number>();
    for (const queued of [1, 5, 9, 11, 99, 1000, 9999, 10_000, 123_456]) {
      const { blocks, overflow, overflowX } = queueBlocks(server, queued, 13, limit);
      expect(blocks.length + overflow, `${queued}`).toBe(queued);
      expect(blocks.length).toBeGreaterThan(0);
      const end =
        overflow > 0
          ? overflowX - boldTextWidthMax(`+${overflow}`, 13)
          : Math.min(...blocks.map((b) => b.x));
      expect(end, `${queued}`).toBeGreaterThanOrEqual(limit + QUEUE_CLEAR);
      if (queued > QUEUE_BLOCKS_MAX && queued < 10_000) lengths.add(blocks.length);
    }
    // Fewer than the full stack here, and one length while the count has up to four digits.
    expect([...lengths]).toHaveLength(1);
    expect([...lengths][0]).toBeLessThan(QUEUE_BLOCKS_MAX);
    // Nothing level with it (a node above the queue's band): the full stack.
    const above = { ...balancer, y: server.y - balancer.height - 1 };
    expect(queueLeftLimit(server, [above], 13)).toBe(-Infinity);
    expect(queueBlocks(server, 9999, 13, -Infinity).blocks).toHaveLength(QUEUE_BLOCKS_MAX);
  });
});

describe("a tile's queue strip", () => {
  // Present's tile for "a1" at 24-unit text, and a wider one.
  const tiles = [
    { x: 600, y: 300, width: 83, height: 32 },
    { x: 10, y: 10, width: 140, height: 32 },
  ];

  it('one block per queued request, inside the tile along its bottom edge, not overlapping', () => {
    for (const tile of tiles) {
      for (let queued = 0; queued <= QUEUE_BLOCKS_MAX + 5; queued++) {
        const { blocks, overflow } = queueStrip(tile, queued, 24);
        expect(blocks).toHaveLength(Math.min(queued, QUEUE_BLOCKS_MAX));
        expect(blocks.length + overflow).toBe(queued);
        for (const [i, b] of blocks.entries()) {
          expect(b.x).toBeGreaterThanOrEqual(tile.x);
          expect(b.x + b.width).toBeLessThanOrEqual(tile.x + tile.width);
          expect(b.y).toBeGreaterThan(tile.y + tile.height / 2);
          expect(b.y + b.height).toBeLessThanOrEqual(tile.y + tile.height);
          expect(tile.y + tile.height - (b.y + b.height)).toBeLessThanOrEqual(2);
          const next = blocks[i + 1];
          if (next) expect(next.x).toBeGreaterThan(b.x + b.width);
        }
      }
    }
  });
});

// Review item 13: Present's tiles drew a queue as blocks with no count (the laptop: "+5,809").
describe("a tile's queue count", () => {
  const COUNTS = [1, 9, 42, 999, 1000, 5809, 9999, 10_000, 58_090, 999_999, 1_234_567];

  it('writes the count as the room reads it: exact to four digits, then k and M', () => {
    expect(queueCountText(5809)).toBe('5,809');
    expect(queueCountText(9999)).toBe('9,999');
    expect(queueCountText(10_000)).toBe('10k');
    expect(queueCountText(58_090)).toBe('58k');
    expect(queueCountText(1_234_567)).toBe('1.2M');
    // Never more than five characters: a tile's width holds it at every count.
    for (const n of COUNTS) expect(queueCountText(n).length, String(n)).toBeLessThanOrEqual(5);
  });

  it('says nothing for an empty queue, and nothing where there is no line for it', () => {
    for (const room of [40, 100, 400]) {
      for (const lines of [0, 1, 2]) expect(tileQueueLines(0, room, 24, lines)).toEqual([]);
    }
    expect(tileQueueLines(5809, 400, 24, 0)).toEqual([]);
  });

  it('fits every line in the room, the word "queued" with the count wherever it fits', () => {
    for (const n of COUNTS) {
      for (let room = 20; room <= 400; room += 7) {
        for (const lines of [1, 2]) {
          const words = tileQueueLines(n, room, 24, lines);
          expect(words.length, `${n} in ${room}`).toBeLessThanOrEqual(lines);
          for (const line of words) expect(textWidthMax(line, 24), line).toBeLessThanOrEqual(room);
          const exact = n.toLocaleString('en-US');
          if (textWidthMax(`${exact} queued`, 24) <= room) {
            expect(words).toEqual([`${exact} queued`]);
          } else if (
            lines === 2 &&
            textWidthMax(exact, 24) <= room &&
            room >= textWidthMax('queued', 24)
          ) {
            expect(words).toEqual([exact, 'queued']);
          } else if (textWidthMax(queueCountText(n), 24) <= room) {
            // The count at least: exact, else shortened.
            expect(words.length, `${n} in ${room}`).toBeGreaterThanOrEqual(1);
            expect([exact, queueCountText(n)]).toContain(words[0]!.replace(/ queued$/, ''));
          } else {
            expect(words).toEqual([]);
          }
        }
      }
    }
  });

  // DejaVu Sans's advance widths (em), the widest of the common system sans-serifs.
  const DEJAVU_EM: Record<string, number> = {
    '0': 0.636,
    '5': 0.636,
    ',': 0.318,
    '.': 0.318,
    ' ': 0.318,
    k: 0.579,
    M: 0.863,
    q: 0.635,
    u: 0.634,
    e: 0.615,
    d: 0.635,
  };

  it('estimates no character of a count narrower than the widest common sans-serif draws it', () => {
    for (const [ch, em] of Object.entries(DEJAVU_EM)) {
      expect(textWidthMax(ch, 24), JSON.stringify(ch)).toBeGreaterThanOrEqual(em * 24);
    }
    expect(textWidthMax('5,809 queued', 24)).toBeGreaterThan(textWidth('5,809 queued', 24));
  });
});

describe('1 dot = N requests', () => {
  it('N doubles with each sampling step', () => {
    expect([0, 1, 2, 3, 5].map(requestsPerDot)).toEqual([1, 2, 4, 8, 32]);
    expect(dotsLegendText(0, 50)).toBe(
      '1 dot = 1 request (every request drawn; users send 50 req/s)',
    );
    expect(dotsLegendText(3, 412.4)).toBe(
      '1 dot = 8 requests (1 in 8 drawn; users send 412 req/s)',
    );
    expect(dotsLegendText(2, null)).toBe('1 dot = 4 requests (1 in 4 drawn)');
  });

  it('is true: the dots drawn times N is the hops delivered, over a real run at high speed', () => {
    const layout = topologyLayout(
      topologyComponents(ONE_REGION_TOPOLOGY),
      topologyLinks(ONE_REGION_TOPOLOGY),
    );
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) {
      const sim = createSimulation(
        { topology: ONE_REGION_TOPOLOGY },
        { seed, trackMessages: true },
      );
      const speed = 25;
      const dots = new DeliveredDots();
      // Frames of 1/60 s of wall time: warm up until the sampling settles.
      const frameUs = Math.round((1e6 / 60) * speed);
      sim.runUntil(usFromS(2));
      let fromUs = sim.now();
      let shown = 0;
      let hops = 0;
      let shift = -1;
      for (let frame = 0; frame < 240; frame++) {
        sim.runUntil(fromUs + frameUs);
        const delivered = sim.deliveredSince(fromUs);
        fromUs = sim.now();
        dots.update(delivered, fromUs, speed, layout);
        if (frame < 60) continue;
        if (shift === -1) shift = dots.samplingShift;
        if (dots.samplingShift !== shift) continue;
        const short = delivered.filter((m) => m.arrivesUs - m.sentUs < minVisibleTripUs(speed));
        hops += short.length;
        shown += short.filter((m) => sampled(m.requestId, shift)).length;
      }
      const n = requestsPerDot(shift);
      expect(shift, `seed ${seed}`).toBeGreaterThan(0);
      // Each drawn dot stands for N hops: within 15% over some thousands of hops.
      expect(
        Math.abs((shown * n) / hops - 1),
        `seed ${seed}: ${shown} x ${n} vs ${hops}`,
      ).toBeLessThan(0.15);
    }
  });
});
