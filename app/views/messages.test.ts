import { describe, expect, it } from 'vitest';
import type { ComponentInfo, LinkInfo, MessageView } from '../sim';
import { topologyLayout } from './layout';
import {
  clearHoles,
  DEFAULT_MESSAGE_PALETTE,
  dotHoles,
  drawMessages,
  fitTransform,
  LANE_OFFSET,
  lanePoint,
  messagePoint,
  messagePalette,
  messageProgress,
  messagesPerLink,
  MESSAGE_STYLE,
  messageStyleKey,
} from './messages';

const COMPONENTS: ComponentInfo[] = [
  { id: 'users', kind: 'users', label: 'users', region: 'eu', zone: null },
  { id: 'eu', kind: 'region', label: 'eu', region: 'eu', zone: null },
  { id: 'lb-1', kind: 'balancer', label: 'lb-1', region: 'eu', zone: null },
  { id: 'eu-a', kind: 'zone', label: 'zone a', region: 'eu', zone: 'eu-a' },
  { id: 'app-a1', kind: 'server', label: 'app-a1', region: 'eu', zone: 'eu-a' },
];
const LINKS: LinkInfo[] = [
  { id: 'users->lb-1', from: 'users', to: 'lb-1', scope: 'user' },
  { id: 'lb-1->app-a1', from: 'lb-1', to: 'app-a1', scope: 'region' },
];
const layout = topologyLayout(COMPONENTS, LINKS);

/** A message's fields, its times as plain microsecond counts. */
type MessageFields = Partial<
  Omit<MessageView, 'sentUs' | 'arrivesUs'> & { sentUs: number; arrivesUs: number }
>;

function message(overrides: MessageFields): MessageView {
  return {
    id: '1:1',
    requestId: 1,
    from: 'users',
    to: 'lb-1',
    sentUs: 1_000,
    arrivesUs: 21_000,
    kind: 'request',
    late: false,
    lost: false,
    ...overrides,
  } as MessageView;
}

describe('messageProgress', () => {
  it('is (now - sent) / (arrives - sent)', () => {
    const m = message({});
    expect(messageProgress(m, 1_000)).toBe(0);
    expect(messageProgress(m, 6_000)).toBe(0.25);
    expect(messageProgress(m, 11_000)).toBe(0.5);
    expect(messageProgress(m, 21_000)).toBe(1);
  });

  it('clamps to [0, 1] and treats an instant trip as arrived', () => {
    const m = message({});
    expect(messageProgress(m, 0)).toBe(0);
    expect(messageProgress(m, 50_000)).toBe(1);
    expect(messageProgress(message({ sentUs: 5, arrivesUs: 5 }), 5)).toBe(1);
  });
});

describe('messagePoint', () => {
  const link = layout.linkById.get('users->lb-1')!;

  it('moves along the link, on one side going out and the other coming back', () => {
    // users->lb-1 is horizontal, so the lanes are LANE_OFFSET above and below it.
    expect(link.y1).toBe(link.y2);
    const out = messagePoint(layout, message({}), 11_000)!;
    expect(out.x).toBeCloseTo((link.x1 + link.x2) / 2);
    expect(out.y).toBeCloseTo(link.y1 - LANE_OFFSET);

    const reply = message({ from: 'lb-1', to: 'users', kind: 'reply' });
    const start = messagePoint(layout, reply, 1_000)!;
    const quarter = messagePoint(layout, reply, 6_000)!;
    expect(start.x).toBeCloseTo(link.x2);
    expect(quarter.x).toBeCloseTo(link.x2 - 0.25 * (link.x2 - link.x1));
    expect(quarter.y).toBeCloseTo(link.y1 + LANE_OFFSET);
  });

  it('follows slanted links end to end', () => {
    const slanted = layout.linkById.get('lb-1->app-a1')!;
    const m = message({ from: 'lb-1', to: 'app-a1', sentUs: 0, arrivesUs: 500 });
    const end = messagePoint(layout, m, 500)!;
    const length = Math.hypot(slanted.x2 - slanted.x1, slanted.y2 - slanted.y1);
    expect(Math.hypot(end.x - slanted.x2, end.y - slanted.y2)).toBeCloseTo(LANE_OFFSET);
    expect(length).toBeGreaterThan(0);
  });

  it('has no place for a message on an unknown link', () => {
    expect(messagePoint(layout, message({ from: 'x', to: 'y' }), 0)).toBeNull();
  });
});

describe('messageStyleKey and messagesPerLink', () => {
  it('draws late messages alike whatever they carry', () => {
    expect(messageStyleKey(message({ kind: 'reply', late: true }))).toBe('late');
    expect(messageStyleKey(message({ kind: 'error' }))).toBe('error');
  });

  it('counts both directions of a link together', () => {
    const counts = messagesPerLink(layout, [
      message({}),
      message({ id: '2', from: 'lb-1', to: 'users', kind: 'reply' }),
      message({ id: '3', from: 'lb-1', to: 'app-a1' }),
    ]);
    expect(counts.get('users->lb-1')).toBe(2);
    expect(counts.get('lb-1->app-a1')).toBe(1);
  });
});

describe('fitTransform', () => {
  it('scales to fit and centres the spare space, like preserveAspectRatio meet', () => {
    expect(fitTransform(100, 50, 400, 400)).toEqual({ scale: 4, offsetX: 0, offsetY: 100 });
    expect(fitTransform(100, 50, 100, 25)).toEqual({ scale: 0.5, offsetX: 25, offsetY: 0 });
  });
});

describe('dots pass under the labels (dotHoles, clearHoles)', () => {
  it('maps each word from SVG units to where the scaled, centred SVG draws it', () => {
    const transform = fitTransform(100, 50, 400, 400);
    expect(dotHoles([{ x: 10, y: 5, width: 20, height: 4 }], transform)).toEqual([
      { x: 40, y: 120, width: 80, height: 16 },
    ]);
  });

  it('erases the dots in every hole, overlapping ones too, and nowhere else', () => {
    // A 100x100 canvas covered in dots: which pixels still hold one.
    const dotted = new Set<string>();
    for (let x = 0; x < 100; x++) for (let y = 0; y < 100; y++) dotted.add(`${x},${y}`);
    const ctx = {
      clearRect: (x0: number, y0: number, w: number, h: number) => {
        for (let x = Math.ceil(x0); x < x0 + w; x++) {
          for (let y = Math.ceil(y0); y < y0 + h; y++) dotted.delete(`${x},${y}`);
        }
      },
    };
    const holes = [
      { x: 10, y: 10, width: 30, height: 10 },
      { x: 30, y: 15, width: 30, height: 10 },
    ];
    clearHoles(ctx, holes);
    const inHole = (x: number, y: number) =>
      holes.some((h) => x >= h.x && x < h.x + h.width && y >= h.y && y < h.y + h.height);
    for (let x = 0; x < 100; x++) {
      for (let y = 0; y < 100; y++) expect(dotted.has(`${x},${y}`)).toBe(!inHole(x, y));
    }
  });
});

describe('lanePoint', () => {
  it('follows a curved link and keeps the two directions on either side', () => {
    const curve = {
      id: 'a->b',
      from: 'a',
      to: 'b',
      scope: 'replication' as const,
      x1: 0,
      y1: 0,
      x2: 0,
      y2: 100,
      cx: 80,
      cy: 50,
    };
    const out = lanePoint(curve, false, 0.5);
    const back = lanePoint(curve, true, 0.5);
    // The apex is at x = 40; the lanes sit LANE_OFFSET either side of it.
    expect(Math.abs(out.x - 40)).toBeCloseTo(LANE_OFFSET);
    expect(Math.abs(back.x - 40)).toBeCloseTo(LANE_OFFSET);
    expect(Math.sign(out.x - 40)).toBe(-Math.sign(back.x - 40));
  });
});

describe('drawMessages', () => {
  it('draws hops at least minTripUs long and leaves shorter ones to the delivered dots', () => {
    const calls: string[] = [];
    const ctx = new Proxy(
      {},
      {
        get: (_target, key) =>
          key === 'fillStyle' || key === 'strokeStyle' || key === 'lineWidth'
            ? ''
            : (...args: unknown[]) => calls.push(`${String(key)}:${args.length}`),
        set: () => true,
      },
    ) as unknown as CanvasRenderingContext2D;
    const transform = { scale: 1, offsetX: 0, offsetY: 0 };
    const long = message({});
    const short = message({ id: '2', from: 'lb-1', to: 'app-a1', sentUs: 1_000, arrivesUs: 1_500 });
    drawMessages(ctx, layout, [long, short], 5_000, transform, 10_000);
    expect(calls.filter((c) => c.startsWith('arc'))).toHaveLength(1);
    calls.length = 0;
    drawMessages(ctx, layout, [long, short], 1_200, transform, 0);
    expect(calls.filter((c) => c.startsWith('arc'))).toHaveLength(2);
  });
});

describe('message styles', () => {
  /** A canvas context that records calls and the colours painted. */
  function recorder() {
    const calls: string[] = [];
    const ctx = new Proxy(
      {},
      {
        get: (_target, key) =>
          key === 'fillStyle' || key === 'strokeStyle' || key === 'lineWidth'
            ? ''
            : () => calls.push(String(key)),
        set: (_target, key, value) => {
          calls.push(`${String(key)}=${String(value)}`);
          return true;
        },
      },
    ) as unknown as CanvasRenderingContext2D;
    return { ctx, calls };
  }
  const transform = { scale: 1, offsetX: 0, offsetY: 0 };

  it('draws a failed request as an open cross, by shape as well as colour', () => {
    expect(MESSAGE_STYLE.error.shape).toBe('cross');
    const filled = new Set(['request', 'reply'].map((k) => MESSAGE_STYLE[k as 'request'].shape));
    expect(filled.has(MESSAGE_STYLE.error.shape)).toBe(false);
    const { ctx, calls } = recorder();
    drawMessages(ctx, layout, [message({ kind: 'error' })], 5_000, transform);
    // Two strokes crossing, no disc: lines and a stroke, not an arc and a fill.
    expect(calls.filter((c) => c === 'lineTo')).toHaveLength(2);
    expect(calls).not.toContain('arc');
    expect(calls).toContain('stroke');
  });

  it("paints in the theme's colours when given a palette read from the tokens", () => {
    const palette = messagePalette((token) =>
      token === '--color-message-request' ? ' #56b4e9 ' : '',
    );
    expect(palette.request).toBe('#56b4e9');
    // A token the page does not define keeps the default colour.
    expect(palette.reply).toBe(DEFAULT_MESSAGE_PALETTE.reply);
    const { ctx, calls } = recorder();
    drawMessages(ctx, layout, [message({})], 5_000, transform, 0, { palette });
    expect(calls).toContain('fillStyle=#56b4e9');
  });

  it('draws only the sampled requests when the dots are sampled (1 dot = N requests)', () => {
    const messages = Array.from({ length: 16 }, (_, i) =>
      message({ id: `${i}`, requestId: i + 1 }),
    );
    for (const [shift, expected] of [
      [0, 16],
      [1, 8],
      [2, 4],
      [3, 2],
    ] as const) {
      const { ctx, calls } = recorder();
      drawMessages(ctx, layout, messages, 5_000, transform, 0, { samplingShift: shift });
      expect(calls.filter((c) => c === 'arc')).toHaveLength(expected);
    }
  });
});
