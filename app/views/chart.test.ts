// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import type { LogEntry, SeriesPoint } from '../sim';
import { minutesSeconds, percentFloor, renderChart, successRatePoints } from './chart';

function point(startS: number, succeeded: number, failed: number): SeriesPoint {
  return {
    startS,
    arrived: succeeded + failed,
    succeeded,
    failed,
    p50Ms: 40,
    p99Ms: 90,
  } as SeriesPoint;
}

function entry(index: number, atS: number, type: string, category: LogEntry['category']): LogEntry {
  return { index, atUs: atS * 1_000_000, type, target: 'app-b1', category, message: '' };
}

describe('successRatePoints', () => {
  it('gives the succeeded share of finished requests per second, gaps when none finished', () => {
    const points = successRatePoints([point(0, 50, 0), point(1, 40, 10), point(2, 0, 0)]);
    expect(points).toEqual([
      { atS: 0.5, percent: 100 },
      { atS: 1.5, percent: 80 },
      { atS: 2.5, percent: null },
    ]);
  });
});

describe('percentFloor', () => {
  it('shows at least 90..100 and drops in steps of 10 below the worst second', () => {
    expect(percentFloor([{ atS: 0, percent: 100 }])).toBe(90);
    expect(percentFloor([{ atS: 0, percent: 83.3 }])).toBe(80);
    expect(percentFloor([{ atS: 0, percent: 0 }])).toBe(0);
  });
});

describe('minutesSeconds', () => {
  it('formats simulated seconds as m:ss', () => {
    expect(minutesSeconds(0)).toBe('0:00');
    expect(minutesSeconds(75)).toBe('1:15');
  });
});

describe('renderChart', () => {
  it('draws the line and one labelled marker per fault and recovery', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    const series = [point(0, 50, 0), point(1, 40, 10), point(2, 50, 0)];
    const markers = [entry(3, 1, 'kill', 'fault'), entry(9, 2, 'restore', 'recovery')];
    renderChart(svg, {
      series,
      markers,
      nowUs: 3_000_000,
      widthPx: 400,
      heightPx: 200,
      fontPx: 16,
    });
    expect(svg.querySelector('path.rate')!.getAttribute('d')).toMatch(/^M/);
    const drawn = [...svg.querySelectorAll('g.marker')];
    expect(drawn.map((g) => g.getAttribute('class'))).toEqual([
      'marker marker-fault',
      'marker marker-recovery',
    ]);
    expect(drawn.map((g) => g.querySelector('text')!.textContent)).toEqual([
      'kill app-b1',
      'restore app-b1',
    ]);
    const ticks = [...svg.querySelectorAll('.y-axis .tick text')].map((t) => t.textContent);
    expect(ticks).toContain('100%');
    expect(svg.textContent).toContain('simulated time (m:ss)');
  });
});
