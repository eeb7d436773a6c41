import { describe, expect, it } from 'vitest';
import { topologyComponents, topologyLinks } from '../sim';
import { BUILTIN_SCENARIOS } from '../scenarios';
import { PRESENT_TARGET, topologyLayout, type Box } from './layout';
import { arcLabelLines, arcLabelPlace, fitArcLabel, fitLinkLabel } from './linkLabels';

describe('fitLinkLabel', () => {
  const node = { x: 100, y: 0, width: 50, height: 40 };
  const place = { x: 95, y: 30, anchor: 'end' as const };

  it('keeps the whole label when it clears every node', () => {
    expect(fitLinkLabel(['9.8/s', 'cut'], [place], [node], 13).text).toBe('9.8/s · cut');
  });

  it('drops parts from the end, saying so, until it clears a node', () => {
    // Anchored at the left edge of a node's neighbour, growing left into `wall`.
    const wall = { x: 0, y: 0, width: 30, height: 40 };
    const fitted = fitLinkLabel(['9.8/s', '+200ms 20% loss'], [place], [wall], 13);
    expect(fitted.text).toBe('9.8/s …');
    // It says how much it kept: one of the two parts.
    expect([fitted.kept, fitted.placeIndex]).toEqual([1, 0]);
  });

  it('tries the next place (above both ends) before giving up, and is empty when nothing fits', () => {
    const between = { x: 60, y: 30, anchor: 'middle' as const };
    const lifted = { x: 60, y: -10, anchor: 'middle' as const };
    const sides = [
      { x: 0, y: 0, width: 45, height: 40 },
      { x: 75, y: 0, width: 45, height: 40 },
    ];
    const fitted = fitLinkLabel(['25.3/s'], [between, lifted], sides, 13);
    expect(fitted).toEqual({ text: '25.3/s', place: lifted, kept: 1, placeIndex: 1 });
    expect(fitLinkLabel(['25.3/s'], [between], sides, 13).text).toBe('');
    expect(fitLinkLabel(['25.3/s'], [between], sides, 13)).toMatchObject({
      kept: 0,
      placeIndex: -1,
    });
  });
});

// Issue 14: replication arcs' labels fitted, for every built-in scenario, on the laptop
// (rows) and in Present mode (zone rows), at the longest lag the label can show.
describe.each(
  BUILTIN_SCENARIOS.filter((s) => s.topology.database).map((s) => [s.name, s] as const),
)('replication arc labels, %s', (_name, scenario) => {
  const components = topologyComponents(scenario.topology);
  const links = topologyLinks(scenario.topology);
  const twoWay = scenario.settings?.database?.conflictMode === 'multi-primary-lww';
  for (const [where, target] of [
    ['on a laptop', undefined],
    ['in Present mode', PRESENT_TARGET],
  ] as const) {
    const layout = topologyLayout(components, links, target);
    const fonts = layout.fonts;
    for (const connected of [true, false]) {
      it(`${where}, streams ${connected ? 'lagging' : 'disconnected'}: each line shown, over no node, tag or other label`, () => {
        const avoid: Box[] = [
          ...layout.nodes,
          ...[...layout.zones, ...layout.regions].map((g) => g.tag),
          ...(layout.databaseLabel ? [layout.databaseLabel] : []),
          // Beyond the drawing's right edge.
          { x: layout.width, y: -layout.height, width: layout.width, height: 3 * layout.height },
        ];
        const placed: Box[] = [];
        for (const link of layout.links.filter((l) => l.scope === 'replication' && !l.quiet)) {
          const stream = (from: string, to: string) => ({
            from,
            to,
            connected,
            lagMs: 9_999,
            lagWrites: 9_999,
          });
          const streams = twoWay
            ? [stream(link.from, link.to), stream(link.to, link.from)]
            : [stream(link.from, link.to)];
          const lines = arcLabelLines(streams, layout.density === 'tiles', (id) => id);
          const { texts, boxes } = fitArcLabel(
            lines,
            arcLabelPlace(link),
            fonts.small + 4,
            [...avoid, ...placed],
            fonts.small,
          );
          // The layout left room for at least the short wording of every line.
          expect(
            texts.every((t) => t !== ''),
            `${link.id}: ${texts.join(' / ')}`,
          ).toBe(true);
          for (const box of boxes) {
            for (const other of [...avoid, ...placed]) {
              expect(overlaps(box, other), `${link.id} label over ${JSON.stringify(other)}`).toBe(
                false,
              );
            }
            // Inside the drawing.
            expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
          }
          placed.push(...boxes);
        }
      });
    }
  }
});

describe('fitArcLabel', () => {
  it('shortens a line that would run into a node, and leaves out one that fits nowhere', () => {
    const place = { x: 0, y: 20, anchor: 'start' as const };
    const wall = { x: 100, y: 0, width: 50, height: 30 };
    const long = ['27 ms · 2 behind', '2 behind'];
    expect(fitArcLabel([long], place, 18, [wall], 14).texts).toEqual(['2 behind']);
    expect(fitArcLabel([long], place, 18, [], 14).texts).toEqual(['27 ms · 2 behind']);
    const close = { x: 40, y: 0, width: 50, height: 20 };
    expect(fitArcLabel([long, ['9 behind']], place, 18, [close], 14).texts).toEqual([
      '',
      '9 behind',
    ]);
  });
});

function overlaps(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
