// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { usFromS, type LogEntry, type SeriesPoint } from '../sim';
import {
  CHART_COLORS,
  fallbackColour,
  markerKeyLines,
  markerLabel,
  markerLabelPlan,
  markerLabelSlots,
  minutesSeconds,
  renderTimeSeries,
  secondAtPx,
  timeDomainS,
  type ChartFrame,
} from './chart';
import { outcomesChart } from './charts';

function point(startS: number, succeeded: number, failed: number, degraded = 0): SeriesPoint {
  return {
    startS,
    arrived: succeeded + failed + degraded,
    succeeded,
    degraded,
    failed,
    p50Ms: 40,
    p95Ms: 70,
    p99Ms: 90,
  };
}

function entry(index: number, atS: number, type: string, category: LogEntry['category']): LogEntry {
  return { index, atUs: usFromS(atS), type, target: 'app-b1', category, message: '' };
}

function svgElement(): SVGSVGElement {
  return document.createElementNS('http://www.w3.org/2000/svg', 'svg');
}

const FRAME: ChartFrame = {
  markers: [],
  nowUs: 3_000_000,
  widthPx: 480,
  heightPx: 220,
  fontPx: 16,
  cursorS: null,
};

describe('minutesSeconds and markerLabel', () => {
  it('formats simulated seconds as m:ss and names a marker by its action and target', () => {
    expect(minutesSeconds(0)).toBe('0:00');
    expect(minutesSeconds(75)).toBe('1:15');
    expect(markerLabel(entry(1, 30, 'kill-zone', 'fault'))).toBe('kill-zone app-b1');
  });
});

describe('timeDomainS and secondAtPx', () => {
  it('shows at least a minute, then the whole run', () => {
    expect(timeDomainS(3_000_000)).toEqual([0, 60]);
    expect(timeDomainS(125_400_000)).toEqual([0, 126]);
  });

  it('maps a pointer position back to the second under it, clamped to the data', () => {
    const geometry = {
      left: 50,
      top: 10,
      innerWidth: 600,
      innerHeight: 100,
      domainS: [0, 60] as const,
      bucketS: 1,
    };
    expect(secondAtPx(geometry, 50, 59)).toBe(0);
    expect(secondAtPx(geometry, 50 + 305, 59)).toBe(30);
    expect(secondAtPx(geometry, 50 + 305, 12)).toBe(12);
    expect(secondAtPx(geometry, 10, 59)).toBeNull();
    expect(secondAtPx(geometry, 300, -1)).toBeNull();
  });
});

describe('renderTimeSeries', () => {
  it('draws axes with units, a band per outcome and one labelled marker per fault and recovery', () => {
    const svg = svgElement();
    const series = [point(0, 50, 0), point(1, 40, 10), point(2, 45, 0, 5)];
    const markers = [entry(3, 1, 'kill', 'fault'), entry(9, 2, 'restore', 'recovery')];
    renderTimeSeries(svg, outcomesChart(series), { ...FRAME, markers });

    expect([...svg.querySelectorAll('path.band')].map((p) => p.getAttribute('class'))).toEqual([
      'band layer-succeeded',
      'band layer-degraded',
      'band layer-failed',
    ]);
    for (const band of svg.querySelectorAll('path.band')) {
      expect(band.getAttribute('d')).toMatch(/^M/);
    }
    // The failed band is hatched, not only coloured.
    expect(svg.querySelector('path.layer-failed')!.getAttribute('fill')).toBe(
      'url(#hatch-outcomes-failed)',
    );
    expect(svg.querySelector('pattern#hatch-outcomes-failed')).not.toBeNull();

    const drawn = [...svg.querySelectorAll('g.marker')];
    expect(drawn.map((g) => g.getAttribute('class'))).toEqual([
      'marker marker-fault',
      'marker marker-recovery',
    ]);
    expect(drawn.map((g) => g.querySelector('text')!.textContent)).toEqual([
      'kill app-b1',
      'restore app-b1',
    ]);
    expect(drawn[0]!.querySelector('line')!.getAttribute('stroke-dasharray')).toBe('4 3');

    const yTicks = [...svg.querySelectorAll('.y-axis .tick text')].map((t) => t.textContent);
    expect(yTicks[0]).toBe('0');
    const xTicks = [...svg.querySelectorAll('.x-axis .tick text')].map((t) => t.textContent);
    expect(xTicks).toContain('0:30');
    expect(svg.querySelector('.x-label')!.textContent).toBe('simulated time (m:ss)');
    expect(svg.querySelector('.y-label')!.textContent).toBe('finished / s');
  });

  it('puts a label that hangs left of its line on another row than the label it would cover', () => {
    const svg = svgElement();
    // The second label hangs left of its line, back over the first one's label.
    const markers = [entry(1, 30, 'kill-zone', 'fault'), entry(2, 50, 'restore', 'recovery')];
    renderTimeSeries(svg, outcomesChart([point(0, 50, 0)]), { ...FRAME, markers });
    const texts = [...svg.querySelectorAll('g.marker text')];
    expect(texts.map((t) => t.getAttribute('text-anchor'))).toEqual(['start', 'end']);
    expect(texts[0]!.getAttribute('y')).not.toBe(texts[1]!.getAttribute('y'));
  });

  it('says the chart is empty before the first second and keeps no stale marks', () => {
    const svg = svgElement();
    renderTimeSeries(svg, outcomesChart([point(0, 50, 0)]), {
      ...FRAME,
      markers: [entry(1, 0, 'kill', 'fault')],
    });
    renderTimeSeries(svg, outcomesChart([]), FRAME);
    expect(svg.querySelector('.empty')!.textContent).toMatch(/starts after the first/);
    expect(svg.querySelectorAll('g.marker')).toHaveLength(0);
  });

  it('wraps the empty-chart note where one line is wider than the plot', () => {
    const wide = { ...FRAME, widthPx: 900 };
    const narrow = { ...FRAME, widthPx: 300 };
    for (const frame of [wide, narrow]) {
      const svg = svgElement();
      const layout = renderTimeSeries(svg, outcomesChart([]), frame);
      const lines = [...svg.querySelectorAll('.empty tspan')].map((t) => t.textContent!);
      expect(lines.join('')).toBe('The chart starts after the first simulated second.');
      for (const line of lines) {
        expect(line.trim().length * frame.fontPx * 0.56).toBeLessThanOrEqual(layout.innerWidth);
      }
      if (frame === wide) expect(lines).toHaveLength(1);
      else expect(lines.length).toBeGreaterThan(1);
    }
  });

  it('draws a cursor at the chosen second with a dot on each layer', () => {
    const svg = svgElement();
    const series = [point(0, 50, 0), point(1, 40, 10)];
    renderTimeSeries(svg, outcomesChart(series), { ...FRAME, cursorS: 1 });
    expect(svg.querySelectorAll('g.cursor line')).toHaveLength(1);
    expect(svg.querySelectorAll('g.cursor circle')).toHaveLength(3);
    renderTimeSeries(svg, outcomesChart(series), { ...FRAME, cursorS: null });
    expect(svg.querySelectorAll('g.cursor line')).toHaveLength(0);
  });

  it('adds a white background, the title and a legend when standalone (for exports)', () => {
    const svg = svgElement();
    renderTimeSeries(svg, outcomesChart([point(0, 50, 0)]), { ...FRAME, standalone: true });
    expect(svg.querySelector('g.background rect')!.getAttribute('fill')).toBe('#ffffff');
    expect(svg.querySelector('g.title text')!.textContent).toBe('Outcomes per second');
    const legend = [...svg.querySelectorAll('g.legend-item text')].map((t) => t.textContent);
    expect(legend).toEqual([
      'succeeded',
      'degraded (fallback answer)',
      'failed',
      'fault',
      'recovery',
    ]);
    // Without `standalone` the page shows its own HTML legend instead.
    renderTimeSeries(svg, outcomesChart([point(0, 50, 0)]), FRAME);
    expect(svg.querySelectorAll('g.legend-item')).toHaveLength(0);
    expect(svg.querySelectorAll('g.title text')).toHaveLength(0);
  });
});

describe('renderTimeSeries on a long run', () => {
  /** Three hours at 50 answers a second, with one second where every request failed. */
  const OUTAGE_S = 6_001;
  const LONG_RUN = Array.from({ length: 3 * 3600 }, (_, s) =>
    s === OUTAGE_S ? point(s, 0, 50) : point(s, 50, 0),
  );

  /** The (x, y) points of an SVG path's `d` (d3 writes M/L commands with x,y pairs). */
  function pathPoints(d: string): Array<[number, number]> {
    return [...d.matchAll(/[ML]([-\d.e]+),([-\d.e]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
  }

  it('draws about a bucket per pixel column, keeps a one-second outage and says so', () => {
    const svg = svgElement();
    const spec = outcomesChart(LONG_RUN);
    const geometry = renderTimeSeries(svg, spec, { ...FRAME, nowUs: LONG_RUN.length * 1e6 });
    // 10,800 s on a few hundred columns: 32 s buckets, at most one per column.
    expect(geometry.bucketS).toBe(32);
    expect(LONG_RUN.length / geometry.bucketS).toBeLessThanOrEqual(geometry.innerWidth);
    const succeeded = pathPoints(
      svg.querySelector('path.line.layer-succeeded')!.getAttribute('d')!,
    );
    // Each bucket's lowest and highest second at most, not 10,800 points.
    expect(succeeded.length).toBeLessThanOrEqual(2 * Math.ceil(LONG_RUN.length / 32));
    // The outage: the succeeded edge touches 0 at the outage's own second, nowhere else.
    const x = (s: number) => ((s + 0.5) / LONG_RUN.length) * geometry.innerWidth;
    const atZero = succeeded.filter(([, y]) => Math.abs(y - geometry.innerHeight) < 1e-6);
    expect(atZero).toHaveLength(1);
    // d3 writes coordinates to 3 decimals: half a thousandth of a pixel off at most.
    expect(Math.abs(atZero[0]![0] - x(OUTAGE_S))).toBeLessThanOrEqual(0.0005);
    // Every point sits at the middle of a real second (to that rounding).
    const roundingS = (0.0005 * LONG_RUN.length) / geometry.innerWidth;
    for (const [px] of succeeded) {
      const second = (px / geometry.innerWidth) * LONG_RUN.length - 0.5;
      expect(Math.abs(second - Math.round(second))).toBeLessThanOrEqual(roundingS);
    }
    expect(svg.querySelector('.x-resolution')!.textContent).toBe(
      'each column: 32 s, lowest and highest drawn',
    );
  });

  it('draws every second, and says nothing of columns, while they fit', () => {
    const svg = svgElement();
    const geometry = renderTimeSeries(svg, outcomesChart(LONG_RUN.slice(0, 120)), {
      ...FRAME,
      nowUs: 120e6,
    });
    expect(geometry.bucketS).toBe(1);
    expect(svg.querySelector('.x-resolution')).toBeNull();
    const d = svg.querySelector('path.line.layer-succeeded')!.getAttribute('d')!;
    expect(pathPoints(d)).toHaveLength(120);
  });

  it('reads the cursor at its exact second, whatever the columns hold', () => {
    const svg = svgElement();
    const spec = outcomesChart(LONG_RUN);
    renderTimeSeries(svg, spec, { ...FRAME, nowUs: LONG_RUN.length * 1e6, cursorS: OUTAGE_S });
    expect(svg.querySelectorAll('g.cursor circle')).toHaveLength(3);
    expect(spec.indexOf(OUTAGE_S)).toBe(OUTAGE_S);
    expect(spec.layers[2]!.shownAt(OUTAGE_S)).toBe(50);
  });
});

describe('chart colours follow the theme', () => {
  it('draws on the page with the tokens, and writes plain colours into an export', () => {
    const onPage = svgElement();
    renderTimeSeries(onPage, outcomesChart([point(0, 50, 0), point(1, 40, 10)]), FRAME);
    const painted = [...onPage.querySelectorAll('[fill], [stroke]')].flatMap((el) => [
      el.getAttribute('fill') ?? '',
      el.getAttribute('stroke') ?? '',
    ]);
    const hex = painted.filter((c) => c.startsWith('#'));
    expect(hex).toEqual([]);
    expect(painted.some((c) => c.startsWith('var(--color-'))).toBe(true);

    const exported = svgElement();
    renderTimeSeries(exported, outcomesChart([point(0, 50, 0), point(1, 40, 10)]), {
      ...FRAME,
      standalone: true,
    });
    expect(exported.outerHTML).not.toContain('var(');
  });

  it('fallbackColour takes the light value out of a token reference', () => {
    expect(fallbackColour('var(--color-ok, #00704f)')).toBe('#00704f');
    expect(fallbackColour('#123456')).toBe('#123456');
    for (const colour of Object.values(CHART_COLORS)) {
      expect(fallbackColour(colour)).toMatch(/^#[0-9a-f]{6}$/);
    }
  });
});

describe('marker labels', () => {
  /** Each placed label's [left, right] and row. */
  function spans(labels: { px: number; widthPx: number }[], innerWidth: number) {
    return markerLabelSlots(labels, innerWidth).flatMap((slot, i) => {
      if (slot.row === null) return [];
      const width = labels[i]!.widthPx;
      const left = slot.hangs ? slot.px - width : slot.px;
      return [{ row: slot.row, left, right: left + width }];
    });
  }

  it('never draws two labels over each other, over many random runs of events', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 200; run++) {
      const innerWidth = 300 + random() * 500;
      const labels = Array.from({ length: 1 + Math.floor(random() * 8) }, () => ({
        px: random() * innerWidth,
        widthPx: 50 + random() * 90,
      })).sort((a, b) => a.px - b.px);
      const placed = spans(labels, innerWidth);
      for (const a of placed) {
        expect(a.right).toBeLessThanOrEqual(innerWidth + 1e-9);
        for (const b of placed) {
          if (a === b || a.row !== b.row) continue;
          expect(a.right <= b.left || b.right <= a.left, `run ${run}`).toBe(true);
        }
      }
      // The first event always gets its label.
      expect(markerLabelSlots(labels, innerWidth)[0]!.row).not.toBeNull();
    }
  });

  it('leaves a third label out rather than drawing it over the first two', () => {
    const slots = markerLabelSlots(
      [
        { px: 100, widthPx: 90 },
        { px: 104, widthPx: 90 },
        { px: 110, widthPx: 90 },
        { px: 400, widthPx: 90 },
      ],
      600,
    );
    expect(slots.map((s) => s.row)).toEqual([0, 1, null, 0]);
  });

  it('labels markers too close for their words by number, one label for the three, with a key', () => {
    const svg = svgElement();
    const markers = [1, 2, 3].map((i) => entry(i, 10, 'kill', 'fault'));
    const drawn = renderTimeSeries(svg, outcomesChart([point(0, 50, 0)]), { ...FRAME, markers });
    const texts = [...svg.querySelectorAll('g.marker text')].map((t) => t.textContent);
    expect(texts.filter((t) => t !== '')).toEqual(['1–3']);
    expect(svg.querySelectorAll('g.marker line')).toHaveLength(3);
    // On the page the key is handed back to be shown under the chart, not drawn in it.
    expect(drawn.markerKey.map((e) => `${e.number} ${e.label}`)).toEqual([
      '1 kill app-b1',
      '2 kill app-b1',
      '3 kill app-b1',
    ]);
    expect(drawn.markerKey.map((e) => e.category)).toEqual(['fault', 'fault', 'fault']);
    expect(svg.querySelectorAll('text.marker-key')).toHaveLength(0);
    // An exported chart stands alone: it draws its key under its axis.
    const exported = svgElement();
    renderTimeSeries(exported, outcomesChart([point(0, 50, 0)]), {
      ...FRAME,
      markers,
      standalone: true,
    });
    const key = [...exported.querySelectorAll('text.marker-key')]
      .map((t) => t.textContent)
      .join(' · ');
    expect(key).toBe('1 kill app-b1 · 2 kill app-b1 · 3 kill app-b1');
  });

  it('keeps the plot as high with 8 numbered markers as with none, at phone to wide widths', () => {
    const names = ['kill', 'restore', 'kill-zone', 'slow'];
    let seed = 5;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const series = Array.from({ length: 60 }, (_, s) => point(s, 50, 0));
    for (const widthPx of [340, 410, 560, 900]) {
      const frame = { ...FRAME, widthPx, nowUs: 60e6 };
      const bare = renderTimeSeries(svgElement(), outcomesChart(series), frame);
      expect(bare.markerKey).toEqual([]);
      for (let run = 0; run < 5; run++) {
        const markers = Array.from({ length: 8 }, (_, i) =>
          entry(
            i,
            Math.floor(random() * 60),
            names[i % names.length]!,
            i % 2 ? 'recovery' : 'fault',
          ),
        ).sort((a, b) => a.atUs - b.atUs);
        const svg = svgElement();
        const marked = renderTimeSeries(svg, outcomesChart(series), { ...frame, markers });
        const where = `${widthPx} px, run ${run}`;
        // At 340 px eight labels of 88 px or more cannot share two rows of a ~280 px plot:
        // numbered, whatever the times. Wider, they are numbered unless their words fit.
        if (widthPx === 340) expect(marked.markerKey, where).toHaveLength(8);
        expect([0, 8], where).toContain(marked.markerKey.length);
        // Either way the plot keeps its place and height.
        expect(marked.innerHeight, where).toBe(bare.innerHeight);
        expect(marked.top, where).toBe(bare.top);
        expect(svg.querySelectorAll('g.marker'), where).toHaveLength(8);
      }
    }
  });

  it('labels every one of 1..8 markers at typical chart widths, no two labels overlapping', () => {
    const labelPx = Math.round(16 * 0.82);
    const names = ['kill app-b1', 'restore app-b1', 'kill-region eu', 'cut lb-1->app-a1'];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const innerWidth of [260, 340, 420, 600, 900]) {
      for (let n = 1; n <= 8; n++) {
        const layouts: number[][] = [
          Array.from({ length: n }, (_, i) => ((i + 0.5) / n) * innerWidth), // spread out
          Array.from({ length: n }, (_, i) => innerWidth * 0.3 + i * 6), // a burst of faults
          Array.from({ length: n }, () => innerWidth * 0.97), // all at the newest second
          Array.from({ length: n }, () => random() * innerWidth).sort((a, b) => a - b),
        ];
        for (const pxs of layouts) {
          const markers = pxs.map((px, i) => ({ px, label: names[i % names.length]! }));
          const plan = markerLabelPlan(markers, innerWidth, labelPx);
          const where = `${n} markers, ${innerWidth} px: ${pxs.map(Math.round).join(' ')}`;
          // Every marker is named by exactly one label.
          const named = plan.labels.flatMap((l) => l.markers).sort((a, b) => a - b);
          expect(named, where).toEqual(Array.from({ length: n }, (_, i) => i));
          // A number names its markers, and the key says what each number is.
          if (plan.key.length > 0) {
            expect(plan.key, where).toEqual(markers.map((m, i) => `${i + 1} ${m.label}`));
          } else {
            expect(plan.labels.map((l) => l.text)).toEqual(
              plan.labels.map((l) => markers[l.markers[0]!]!.label),
            );
          }
          // Boxes inside the plot's width, in the rows above it, none over another.
          const boxes = plan.labels.map((l) => {
            const left = l.hangs ? l.px - l.widthPx : l.px;
            return { row: l.row, left, right: left + l.widthPx };
          });
          for (const a of boxes) {
            expect(a.left, where).toBeGreaterThanOrEqual(0);
            expect(a.right, where).toBeLessThanOrEqual(innerWidth + 1e-9);
            expect(a.row, where).toBeLessThan(2);
            for (const b of boxes) {
              if (a === b || a.row !== b.row) continue;
              expect(a.right <= b.left || b.right <= a.left, where).toBe(true);
            }
          }
          // The key fits the chart's width, line by line (at the labels' text size).
          for (const line of markerKeyLines(plan.key, labelPx, innerWidth)) {
            expect(line.length * labelPx * 0.56, where).toBeLessThanOrEqual(innerWidth + 1e-9);
          }
        }
      }
    }
  });

  it('five faults a few seconds apart: the old two rows labelled only two of them', () => {
    // Five markers 6 px apart in a 420 px plot: the words take ~100 px each.
    const labelPx = 13;
    const markers = [0, 1, 2, 3, 4].map((i) => ({ px: 120 + 6 * i, label: 'kill app-b1' }));
    const widths = markers.map((m) => ({ px: m.px, widthPx: m.label.length * labelPx * 0.56 + 8 }));
    expect(markerLabelSlots(widths, 420).filter((s) => s.row !== null)).toHaveLength(2);
    const plan = markerLabelPlan(markers, 420, labelPx);
    expect(plan.labels.flatMap((l) => l.markers)).toHaveLength(5);
    expect(plan.key).toHaveLength(5);
  });
});
