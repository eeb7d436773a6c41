import { describe, expect, it } from 'vitest';
import {
  CROSS_MARK_WIDTH_MIN,
  CROSS_PIECE_MIN,
  crossPaths,
  crossSegments,
  insideInterval,
  segmentAvoiding,
  type CrossPoint,
} from './cross';

describe('the crash cross', () => {
  const diagonal = { x1: 0, y1: 0, x2: 100, y2: 100 };

  it('clips a segment to a box (the part inside, as 0..1 along it)', () => {
    expect(insideInterval(diagonal, { x: 40, y: 40, width: 20, height: 20 })).toEqual([0.4, 0.6]);
    expect(insideInterval(diagonal, { x: 60, y: 0, width: 30, height: 20 })).toBeNull();
  });

  it('breaks a segment around the boxes to avoid, keeping the rest of its length', () => {
    const pieces = segmentAvoiding(diagonal, [{ x: 40, y: 40, width: 20, height: 20 }], 0);
    expect(pieces).toEqual([
      { x1: 0, y1: 0, x2: 40, y2: 40 },
      { x1: 60, y1: 60, x2: 100, y2: 100 },
    ]);
    // A box it misses changes nothing; one covering it all leaves nothing.
    expect(segmentAvoiding(diagonal, [{ x: 80, y: 0, width: 10, height: 10 }])).toEqual([diagonal]);
    expect(segmentAvoiding(diagonal, [{ x: -10, y: -10, width: 200, height: 200 }])).toEqual([]);
  });

  it('draws both diagonals of a node, each broken only where it meets the name', () => {
    const { kind, paths } = crossPaths({ x: 0, y: 0, width: 200, height: 40 }, [
      { x: 40, y: 12, width: 50, height: 14 },
    ]);
    const [a, b] = paths;
    expect(kind).toBe('diagonals');
    expect(a.match(/M/g)).toHaveLength(2);
    expect(b.match(/M/g)).toHaveLength(2);
    expect(
      crossPaths({ x: 0, y: 0, width: 200, height: 40 }, []).paths[0].match(/M/g),
    ).toHaveLength(1);
  });

  const length = ([p, q]: CrossPoint[]) => Math.hypot(q!.x - p!.x, q!.y - p!.y);

  // Issue 14 (screens): a name 8 units from the corner left a stub of the cross there.
  it(`drops a piece shorter than ${CROSS_PIECE_MIN} units (a stub, not a cross)`, () => {
    const box = { x: 0, y: 0, width: 200, height: 40 };
    const name = { x: 20, y: 8, width: 50, height: 14 };
    // Unfloored, the falling diagonal keeps a stub of under 13 units before the name.
    const stub = segmentAvoiding({ x1: 6, y1: 4, x2: 194, y2: 36 }, [name])[0]!;
    expect(Math.hypot(stub.x2 - stub.x1, stub.y2 - stub.y1)).toBeLessThan(CROSS_PIECE_MIN);
    const cross = crossSegments(box, [name]);
    expect(cross.kind).toBe('diagonals');
    for (const line of cross.lines) expect(length(line)).toBeGreaterThanOrEqual(CROSS_PIECE_MIN);
    // The falling diagonal's stub at its top-left corner is gone; the rising one keeps its corner.
    const starts = cross.lines.map(([p]) => `${p!.x},${p!.y}`);
    expect(starts).not.toContain('6,4');
    expect(starts).toContain('6,36');
  });

  // A one-line row (two-regions at 1280x800: 330 by 30 units) whose words fill it.
  const row = { x: 0, y: 0, width: 330, height: 30 };
  const words = (...spans: [number, number][]) =>
    spans.map(([x, width]) => ({ x, y: 9, width, height: 15 }));

  it('marks a flat row with a whole small cross in its widest room between the words', () => {
    const cross = crossSegments(row, words([10, 80], [100, 100], [260, 60]));
    expect(cross.kind).toBe('mark');
    expect(cross.lines).toHaveLength(2);
    // In the room between "down (region)" (to 200) and the verdict (from 260), clear by 3.
    for (const [p, q] of cross.lines) {
      expect(Math.min(p!.x, q!.x)).toBeGreaterThanOrEqual(203);
      expect(Math.max(p!.x, q!.x)).toBeLessThanOrEqual(257);
      // Top to bottom (inset 4), as wide as tall at most: a cross, not a flat "=".
      expect(Math.abs(q!.y - p!.y)).toBe(22);
      expect(Math.abs(q!.x - p!.x)).toBeLessThanOrEqual(22);
      expect(length([p!, q!])).toBeGreaterThanOrEqual(CROSS_PIECE_MIN);
    }
  });

  it('marks a flat row even where its words leave long pieces: a flat X broken reads as "="', () => {
    // Only a name at the left: a corner-to-corner X would keep most of both diagonals.
    expect(crossSegments(row, words([10, 80])).kind).toBe('mark');
  });

  it('strikes a row round once where no room between its words is wide enough', () => {
    const gap = CROSS_MARK_WIDTH_MIN - 1;
    const cross = crossSegments(row, words([10, 80], [90 + 6 + gap, 100], [200 + 6 + gap, 100]));
    expect(cross.kind).toBe('outline');
    expect(cross.lines).toHaveLength(1);
    const [outline] = cross.lines;
    expect(outline![0]).toEqual(outline![outline!.length - 1]);
    const drawn = crossPaths(row, words([10, 80], [90 + 6 + gap, 100], [200 + 6 + gap, 100]));
    expect(drawn.kind).toBe('outline');
    expect(drawn.paths[1]).toBe('');
  });
});
