// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import {
  axisTime,
  drawnLabel,
  LABEL_ROWS,
  placeMarkers,
  renderTimeline,
  timelineEndS,
  type TimelineMarker,
} from './timeline';

const marker = (id: number, atS: number, label: string, scheduled: boolean): TimelineMarker => ({
  id,
  atUs: atS * 1e6,
  label,
  name: `fault at ${atS}: ${label} (${scheduled ? 'scheduled' : 'applied'})`,
  category: label.startsWith('restore') ? 'recovery' : label.startsWith('set') ? 'info' : 'fault',
  scheduled,
});

const MARKERS = [
  marker(1, 10, 'kill app-b1', false),
  marker(2, 30, 'restore app-b1', false),
  marker(3, 90, 'set healthCheck.intervalMs=2000', true),
];

function render(markers = MARKERS, nowUs = 45e6, onActivate = vi.fn()) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.append(svg);
  const heightPx = renderTimeline(
    svg,
    { markers, nowUs, widthPx: 800, fontPx: 15, selectedId: null },
    { onActivate },
  );
  return { svg, heightPx, onActivate };
}

describe('time axis', () => {
  it('covers the run so far and every scheduled entry, at least a minute', () => {
    expect(timelineEndS([], 0)).toBe(60);
    expect(timelineEndS([], 100e6)).toBe(110);
    expect(timelineEndS(MARKERS, 45e6)).toBe(100);
    expect(axisTime(90)).toBe('1:30');
    expect(axisTime(3599.6)).toBe('60:00');
  });
});

describe('placeMarkers', () => {
  it('puts labels that would overprint on different rows, and nudges equal times apart', () => {
    const close = [
      marker(1, 10, 'kill app-a1', false),
      marker(2, 11, 'kill app-a2', false),
      marker(3, 11, 'kill app-b1', false),
      marker(4, 50, 'kill app-c1', false),
    ];
    const placed = placeMarkers(close, (us) => us / 1e5, 800, 15);
    expect(placed.map((p) => p.row)).toEqual([0, 1, 2, 0]);
    expect(placed[2]!.x - placed[1]!.x).toBeGreaterThanOrEqual(15);
    expect(new Set(placed.map((p) => p.row)).size).toBeLessThanOrEqual(LABEL_ROWS);
  });

  it('leaves a label out rather than overprint another when every row is taken', () => {
    const crowd = [1, 2, 3, 4, 5].map((i) => marker(i, 10 + i * 0.2, `kill app-a${i}`, false));
    const placed = placeMarkers(crowd, (us) => us / 1e5, 800, 15);
    expect(placed.map((p) => p.labelled)).toEqual([true, true, true, false, false]);
    // Over many random sets, no two drawn labels in a row overlap.
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let run = 0; run < 200; run++) {
      const set = Array.from({ length: 2 + Math.floor(random() * 9) }, (_, i) =>
        marker(i, random() * 120, `kill app-${'abc'[i % 3]}${i}`, false),
      );
      const width = 600;
      const drawn = placeMarkers(set, (us) => (us / 120e6) * width, width, 15)
        .filter((p) => p.labelled)
        .map((p) => {
          const w = p.marker.label.length * 15 * 0.56;
          return {
            row: p.row,
            left: p.flip ? p.x - w - 4 : p.x,
            right: p.flip ? p.x : p.x + w + 4,
          };
        });
      for (const a of drawn) {
        for (const b of drawn) {
          if (a === b || a.row !== b.row) continue;
          expect(a.right <= b.left || b.right <= a.left, `run ${run}`).toBe(true);
        }
      }
    }
  });

  it('hangs a label left of its marker near the right edge', () => {
    const [placed] = placeMarkers([marker(1, 59, 'kill app-a1', true)], (us) => us / 1e5, 600, 15);
    expect(placed!.flip).toBe(true);
  });

  it('shortens very long labels (the accessible name keeps all of it)', () => {
    expect(drawnLabel('x'.repeat(50))).toHaveLength(34);
    expect(drawnLabel('kill app-a1')).toBe('kill app-a1');
  });
});

describe('renderTimeline', () => {
  it('draws one focusable button per entry, named, hollow when scheduled', () => {
    const { svg, heightPx } = render();
    expect(heightPx).toBeGreaterThan(60);
    const buttons = [...svg.querySelectorAll('g.tl-marker')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(MARKERS.map((m) => m.name));
    for (const b of buttons) {
      expect(b.getAttribute('role')).toBe('button');
      expect(b.getAttribute('tabindex')).toBe('0');
    }
    expect(buttons.map((b) => b.classList.contains('scheduled'))).toEqual([false, false, true]);
    expect(buttons.map((b) => b.querySelector('text')!.textContent)).toEqual([
      'kill app-b1',
      'restore app-b1',
      'set healthCheck.intervalMs=2000',
    ]);
    // Shapes differ by kind: diamond (fault), circle (recovery), square (setting).
    const paths = buttons.map((b) => b.querySelector('path.tl-glyph')!.getAttribute('d')!);
    expect(paths[0]).toMatch(/^M0,/);
    expect(paths[1]).toContain('A');
    expect(paths[2]).toContain('H');
  });

  it('gives each marker a hit column of a whole touch target on a phone, inside the strip', () => {
    for (const fontPx of [12, 15]) {
      const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      document.body.append(svg);
      const heightPx = renderTimeline(
        svg,
        { markers: MARKERS, nowUs: 45e6, widthPx: 360, fontPx, selectedId: null, minTargetPx: 44 },
        { onActivate: vi.fn() },
      );
      for (const column of svg.querySelectorAll('rect.tl-hit-column')) {
        const y = Number(column.getAttribute('y'));
        const height = Number(column.getAttribute('height'));
        expect(Number(column.getAttribute('width'))).toBeGreaterThanOrEqual(44);
        expect(height).toBeGreaterThanOrEqual(44);
        expect(y).toBeGreaterThanOrEqual(0);
        expect(y + height).toBeLessThanOrEqual(heightPx);
      }
      svg.remove();
    }
  });

  it('draws the now cursor and shades the run so far', () => {
    const { svg } = render();
    expect(svg.querySelector('g.tl-cursor text')!.textContent).toBe('now 0:45');
    const past = Number(svg.querySelector('.tl-past rect')!.getAttribute('width'));
    const cursor = svg.querySelector('g.tl-cursor')!.getAttribute('transform')!;
    expect(cursor).toBe(`translate(${past},0)`);
  });

  it('keeps elements across updates (focus survives) and drops removed entries', () => {
    const { svg } = render();
    const first = svg.querySelector('g.tl-marker[data-id="1"]');
    renderTimeline(
      svg,
      { markers: MARKERS.slice(0, 2), nowUs: 50e6, widthPx: 800, fontPx: 15, selectedId: 1 },
      { onActivate: () => {} },
    );
    expect(svg.querySelector('g.tl-marker[data-id="1"]')).toBe(first);
    expect(first!.classList.contains('selected')).toBe(true);
    expect(first!.getAttribute('aria-expanded')).toBe('true');
    expect(svg.querySelectorAll('g.tl-marker')).toHaveLength(2);
  });

  it('activates by click, Enter and Space; arrows move between markers', () => {
    const { svg, onActivate } = render();
    const [a, b] = [...svg.querySelectorAll<SVGGElement>('g.tl-marker')];
    a!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    b!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    b!.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    expect(onActivate.mock.calls).toEqual([[1], [2], [2]]);
    a!.focus();
    a!.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowRight', bubbles: true }));
    expect(document.activeElement).toBe(b);
    b!.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    expect(document.activeElement?.getAttribute('data-id')).toBe('3');
  });
});

describe('renderTimeline with many entries', () => {
  it('moves only the cursor while the markers stay the same, and redraws them when they change', () => {
    const markers = Array.from({ length: 500 }, (_, i) =>
      marker(i + 1, 200 + i, 'kill app-a1', true),
    );
    const { svg } = render(markers, 1e6);
    const first = svg.querySelector('g.tl-marker[data-id="1"]')!;
    // Something no render of this data would write: it survives a render that skips markers.
    first.setAttribute('aria-label', 'untouched');
    renderTimeline(
      svg,
      { markers, nowUs: 2e6, widthPx: 800, fontPx: 15, selectedId: null },
      { onActivate: () => {} },
    );
    expect(svg.querySelector('g.tl-cursor text')!.textContent).toBe('now 0:02');
    // A new handler is a change too; the same handler and markers are not.
    const onActivate = () => {};
    renderTimeline(
      svg,
      { markers, nowUs: 3e6, widthPx: 800, fontPx: 15, selectedId: null },
      { onActivate },
    );
    first.setAttribute('aria-label', 'untouched');
    renderTimeline(
      svg,
      { markers, nowUs: 4e6, widthPx: 800, fontPx: 15, selectedId: null },
      { onActivate },
    );
    expect(first.getAttribute('aria-label')).toBe('untouched');
    expect(svg.querySelector('g.tl-cursor text')!.textContent).toBe('now 0:04');

    const second = svg.querySelector('g.tl-marker[data-id="2"]')!;
    second.setAttribute('aria-label', 'untouched');
    const applied = markers.map((m, i) =>
      i === 0 ? { ...m, scheduled: false, name: 'applied' } : m,
    );
    renderTimeline(
      svg,
      { markers: applied, nowUs: 201e6, widthPx: 800, fontPx: 15, selectedId: null },
      { onActivate },
    );
    expect(first.getAttribute('aria-label')).toBe('applied');
    expect(first.classList.contains('past')).toBe(true);
    // Only the entry that changed was touched.
    expect(second.getAttribute('aria-label')).toBe('untouched');
    // A new selection redraws the markers too.
    first.setAttribute('aria-label', 'untouched');
    renderTimeline(
      svg,
      { markers: applied, nowUs: 201e6, widthPx: 800, fontPx: 15, selectedId: 1 },
      { onActivate },
    );
    expect(first.getAttribute('aria-label')).toBe('applied');
  });
});

describe('time axis ticks', () => {
  // The strip is 800 px wide at 15 px text: 18 px margins leave 764 px of plot. The last
  // entry at 1:30 puts the end at 1:40 (room after it, rounded up to 10 s).
  const PLOT_PX = 800 - 2 * Math.round(15 * 1.2);
  const END_S = 100;

  const ticks = (svg: SVGSVGElement) =>
    [...svg.querySelectorAll('g.tl-axis .tick')].map((tick) => ({
      label: tick.querySelector('text')!.textContent,
      x: Number(/translate\(([-\d.]+)/.exec(tick.getAttribute('transform')!)![1]),
      hidden: tick.classList.contains('tl-tick-hidden'),
    }));

  it('labels round times (10 s apart here) from 0:00 to the end, placed in proportion', () => {
    const drawn = ticks(render().svg);
    // About one tick per 4.5 em (11 here), at a round step: 10 s over 100 s.
    expect(drawn.map((t) => t.label)).toEqual(
      Array.from({ length: 11 }, (_, i) => axisTime(i * 10)),
    );
    // d3's axis shifts every tick by the same half pixel (crisp lines on a 1x screen).
    const shift = drawn[0]!.x;
    expect(Math.abs(shift)).toBeLessThanOrEqual(0.5);
    for (const [i, tick] of drawn.entries()) {
      expect(tick.x - shift).toBeCloseTo(((i * 10) / END_S) * PLOT_PX, 6);
    }
  });

  it('hides the ticks whose label the "now" label would overprint', () => {
    const drawn = ticks(render(MARKERS, 45e6).svg);
    // The now label is 3.4 em either side of 0:45, plus 1.2 em: ticks within 69 px.
    const nowX = (45 / END_S) * PLOT_PX;
    const shift = drawn[0]!.x;
    for (const tick of drawn) {
      expect(tick.hidden, tick.label!).toBe(Math.abs(tick.x - shift - nowX) < 15 * (3.4 + 1.2));
    }
    expect(drawn.filter((t) => t.hidden).map((t) => t.label)).toEqual(['0:40', '0:50']);
  });
});
