import { describe, expect, it } from 'vitest';
import { crossPaths, insideInterval, segmentAvoiding } from './cross';

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
    const [a, b] = crossPaths({ x: 0, y: 0, width: 200, height: 30 }, [
      { x: 10, y: 8, width: 60, height: 14 },
    ]);
    expect(a.match(/M/g)).toHaveLength(2);
    expect(b.match(/M/g)).toHaveLength(2);
    expect(crossPaths({ x: 0, y: 0, width: 200, height: 30 }, [])[0].match(/M/g)).toHaveLength(1);
  });
});
