// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { usFromS, type SeriesPoint } from '../../sim';
import { renderTimeSeries } from '../../views/chart';
import { outcomesChart } from '../../views/charts';
import { CSV_COLUMNS, exportFileName, seriesCsv, svgMarkup } from './exports';

const SERIES: SeriesPoint[] = [
  {
    startS: 0,
    arrived: 50,
    succeeded: 49,
    degraded: 0,
    failed: 1,
    p50Ms: 41.2346,
    p95Ms: 70,
    p99Ms: 90.5,
  },
  {
    startS: 1,
    arrived: 3,
    succeeded: 0,
    degraded: 0,
    failed: 3,
    p50Ms: NaN,
    p95Ms: NaN,
    p99Ms: NaN,
  },
];

describe('seriesCsv', () => {
  it('has the header the issue asks for and one row per second', () => {
    const lines = seriesCsv(SERIES).split('\r\n');
    expect(lines[0]).toBe('second,arrived,succeeded,degraded,failed,p50Ms,p95Ms,p99Ms,seconds');
    expect(CSV_COLUMNS).toHaveLength(9);
    expect(lines[1]).toBe('0,50,49,0,1,41.235,70,90.5,1');
    // A second with no answers has no latency: empty cells, not NaN.
    expect(lines[2]).toBe('1,3,0,0,3,,,,1');
    expect(lines[3]).toBe('');
    expect(lines).toHaveLength(4);
  });

  it("says how many seconds an older tier's row covers", () => {
    const minute = { ...SERIES[0]!, startS: 120, widthS: 60 };
    expect(seriesCsv([minute]).split('\r\n')[1]).toBe('120,50,49,0,1,41.235,70,90.5,60');
  });

  it('is just the header before the first second', () => {
    expect(seriesCsv([])).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});

describe('exportFileName', () => {
  it('names the scenario, seed and content, safe for any file system', () => {
    expect(exportFileName('one-region', 1, 'metrics', 'csv')).toBe(
      'nines-one-region-seed1-metrics.csv',
    );
    expect(exportFileName('My Scenario!', 42, 'SLO chart', 'svg')).toBe(
      'nines-my-scenario-seed42-slo-chart.svg',
    );
  });
});

describe('svgMarkup', () => {
  it('makes a standalone SVG document that carries its own colours and text', () => {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    renderTimeSeries(svg, outcomesChart(SERIES), {
      markers: [
        {
          index: 1,
          atUs: usFromS(1),
          type: 'kill-zone',
          target: 'eu-b',
          category: 'fault',
          message: '',
        },
      ],
      nowUs: 2_000_000,
      widthPx: 800,
      heightPx: 400,
      fontPx: 16,
      cursorS: null,
      standalone: true,
    });
    const markup = svgMarkup(svg);
    expect(markup).toMatch(/^<\?xml version="1.0"/);
    expect(markup).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(markup).toContain('Outcomes per second');
    expect(markup).toContain('kill-zone eu-b');
    expect(markup).toContain('fill="#ffffff"');
    // Nothing from other sites: the PNG drawn from it must not taint the canvas.
    expect(markup).not.toMatch(/href="https?:/);
    const parsed = new DOMParser().parseFromString(markup, 'image/svg+xml');
    expect(parsed.querySelector('parsererror')).toBeNull();
  });
});
