// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ACTION_SPECS,
  COMPONENT_STATUS_LABELS,
  LINK_STATUS_LABELS,
  topologyComponents,
  topologyLinks,
  usFromS,
  type ComponentView,
  type Snapshot,
  type TargetKind,
  type TargetView,
  type TopologySpec,
} from '../sim';
import { BUILTIN_SCENARIOS, simulationInput } from '../scenarios';
import { createSimulation } from '../sim/runtime';
import { insideInterval } from './cross';
import { streamLabel } from './database';
import { LINK_WIDTH_MIN, QUEUE_BLOCKS_MAX, textWidthMax } from './load';
import {
  MIN_FONT_PX,
  PHONE_TARGET,
  PRESENT_TARGET,
  presentTarget,
  databaseNameAndBadge,
  tileLines,
  referenceScale,
  textWidth,
  topologyLayout,
  type TopologyLayout,
} from './layout';
import {
  componentAccessibleName,
  dnsShareLines,
  linkAccessibleName,
  linkShortState,
  renderTopology,
  TILE_DOWN_MARK,
  verdictText,
  type TopologyData,
} from './topology';
import {
  ACTIVE_ACTIVE_DATA_SETTINGS,
  drawnTextBox,
  ACTIVE_ACTIVE_DATA_TOPOLOGY,
  DATABASE_TOPOLOGY,
  ONE_REGION_TOPOLOGY,
  runEngine,
  topologyData,
  TWO_REGIONS_TOPOLOGY,
  type EngineRun,
} from './topologyFixtures';

const SERVERS = ['app-a1', 'app-a2', 'app-b1', 'app-b2', 'app-c1', 'app-c2'];
const ALL_KINDS: ReadonlySet<TargetKind> = new Set(ACTION_SPECS.flatMap((a) => a.kinds));

/** A snapshot where app-b1 has crashed and lb-1 has marked it unhealthy. */
function craftedSnapshot(): Snapshot {
  const components: ComponentView[] = topologyComponents(ONE_REGION_TOPOLOGY).map((info) => ({
    ...info,
    state: info.id === 'app-b1' ? 'crashed' : 'up',
    stateLabel: COMPONENT_STATUS_LABELS[info.id === 'app-b1' ? 'crashed' : 'up'],
    healthy: info.id !== 'app-b1',
    inService: info.id === 'app-a1' ? 3 : 0,
    queued: info.id === 'app-a1' ? 2 : 0,
    served: 100,
  }));
  return {
    nowUs: 30_000_000,
    seed: 1,
    components,
    links: topologyLinks(ONE_REGION_TOPOLOGY).map((link) => ({
      ...link,
      state: 'ok',
      stateLabel: LINK_STATUS_LABELS.ok,
      cutForward: false,
      cutBackward: false,
      addedLatencyMs: 0,
      lossPercent: 0,
    })),
    targets: SERVERS.map((server) => ({
      balancer: 'lb-1',
      server,
      healthy: server !== 'app-b1',
      ejected: false,
      weight: 1,
      consecutiveFails: server === 'app-b1' ? 3 : 0,
      consecutiveOks: 0,
      lastCheckOk: server !== 'app-b1',
      outstanding: 0,
      routed: 500,
    })),
    failingOpen: [],
    messages: [],
    regionMode: 'active-active',
    database: undefined,
  } as unknown as Snapshot;
}

function data(
  snapshot: Snapshot,
  actionableKinds: ReadonlySet<TargetKind>,
  actions: Record<string, readonly string[]> = {},
): TopologyData {
  return {
    snapshot,
    actions,
    actionableKinds,
    linkRates: { 'lb-1->app-a1': 9.84 },
    rateWindowUs: usFromS(2),
    transitCounts: null,
    selectedId: null,
    menuFor: null,
    balancerNote: 'round robin',
    usersRatePerS: { users: 50 },
    dnsNote: 'TTL 60 s',
    timeoutsPerSByGroup: {},
    unhealthyThreshold: 2,
    healthyThreshold: 3,
  };
}

const SERVER_ONLY: ReadonlySet<TargetKind> = new Set(['server']);

function newSvg(): SVGSVGElement {
  document.body.innerHTML = '';
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.appendChild(svg);
  return svg;
}

const buttonNames = (svg: SVGSVGElement) =>
  [...svg.querySelectorAll('[role="button"]')].map((b) => b.getAttribute('aria-label'));

/** Renders an engine run of `topology` and returns the SVG and layout. */
function renderRun(topology: TopologySpec, run: EngineRun, extra: Partial<TopologyData> = {}) {
  const svg = newSvg();
  const layout = topologyLayout(
    topologyComponents(topology),
    topologyLinks(topology),
  ) as TopologyLayout;
  renderTopology(
    svg,
    layout,
    { ...data(run.snapshot, ALL_KINDS, run.actions), ...extra },
    { onActivate: () => {} },
  );
  return { svg, layout };
}

describe('renderTopology, one region', () => {
  let svg: SVGSVGElement;
  const snapshot = craftedSnapshot();
  const layout = topologyLayout(snapshot.components, snapshot.links);

  beforeEach(() => {
    svg = newSvg();
  });

  it('draws one focusable button per server named "<kind> <id>: <state>"', () => {
    renderTopology(svg, layout, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    const buttons = [...svg.querySelectorAll('[role="button"]')];
    expect(buttons).toHaveLength(6);
    for (const button of buttons) expect(button.getAttribute('tabindex')).toBe('0');
    expect(buttonNames(svg)).toEqual([
      'server app-a1: up',
      'server app-a2: up',
      'server app-b1: crashed, marked unhealthy by lb-1',
      'server app-b2: up',
      'server app-c1: up',
      'server app-c2: up',
    ]);
  });

  it('shows a crashed, unhealthy server by a cross, a dashed outline and words', () => {
    renderTopology(svg, layout, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    const crashed = svg.querySelector('[data-id="app-b1"]')!;
    const healthy = svg.querySelector('[data-id="app-b2"]')!;
    expect(crashed.querySelector('.cross')!.getAttribute('display')).toBeNull();
    expect(healthy.querySelector('.cross')!.getAttribute('display')).toBe('none');
    expect(crashed.querySelector('rect.body')!.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(healthy.querySelector('rect.body')!.getAttribute('stroke-dasharray')).toBeNull();
    expect(crashed.querySelector('text.state')!.textContent).toBe('crashed');
    expect(crashed.querySelector('text.verdict')!.textContent).toBe('unhealthy');
    expect(crashed.querySelector('text.title')!.textContent).toBe('app-b1');
  });

  it('says a crashed server is still marked healthy until the checks notice, and shows no load on it', () => {
    // Review item 11: '0 busy · 0 queued' under the cross and 'healthy' beside 'crashed'.
    for (const seed of [1, 2, 3]) {
      const commands = [{ atS: 5, command: { type: 'kill', target: 'app-a1' } as const }];
      const texts = (run: EngineRun) => {
        const node = renderRun(ONE_REGION_TOPOLOGY, run).svg.querySelector('[data-id="app-a1"]')!;
        return [...node.querySelectorAll('text')].map((t) => t.textContent ?? '').join(' | ');
      };
      const justKilled = runEngine(ONE_REGION_TOPOLOGY, { untilS: 5.05, seed, commands });
      expect(justKilled.snapshot.components.find((c) => c.id === 'app-a1')!.healthy).toBe(true);
      expect(texts(justKilled)).toMatch(/crashed/);
      expect(texts(justKilled)).toMatch(/still marked healthy/);
      expect(texts(justKilled)).not.toMatch(/busy|queued/);
      const noticed = runEngine(ONE_REGION_TOPOLOGY, { untilS: 60, seed, commands });
      expect(texts(noticed)).toMatch(/(^| )unhealthy/);
      expect(texts(noticed)).not.toMatch(/still marked|busy|queued/);
      // A live neighbour keeps its load and its plain verdict.
      const neighbour = renderRun(ONE_REGION_TOPOLOGY, justKilled).svg.querySelector(
        '[data-id="app-a2"]',
      )!;
      expect(neighbour.textContent).toMatch(/busy/);
      expect(neighbour.textContent).not.toMatch(/still marked/);
    }
  });

  it('shows load, link rates, zone and region labels as text', () => {
    renderTopology(svg, layout, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    expect(svg.querySelector('[data-id="app-a1"] text.load')!.textContent).toBe(
      '3 busy · 2 queued',
    );
    const labels = [...svg.querySelectorAll('.link-label')].map((t) => t.textContent);
    expect(labels).toContain('9.8/s');
    const tags = [...svg.querySelectorAll('.tag text')].map((t) => t.textContent);
    expect(tags).toEqual(['eu (one region)', 'zone a', 'zone b', 'zone c']);
  });

  it('leaves parts without actions out of the tab order', () => {
    renderTopology(svg, layout, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    for (const id of ['users', 'lb-1', 'eu-a', 'eu']) {
      const el = svg.querySelector(`[data-id="${id}"]`)!;
      expect(el.getAttribute('role')).toBeNull();
      expect(el.getAttribute('tabindex')).toBeNull();
    }
  });

  it('makes zones and regions buttons; links are mouse targets hidden from the keyboard', () => {
    renderTopology(svg, layout, data(snapshot, ALL_KINDS), { onActivate: () => {} });
    const names = buttonNames(svg);
    expect(names).toContain('zone eu-b: up');
    expect(names).toContain('region eu: up');
    const hit = svg.querySelector('.link-hit[data-id="lb-1->app-b1"]')!;
    expect(hit.getAttribute('aria-hidden')).toBe('true');
    expect(hit.getAttribute('tabindex')).toBe('-1');
    expect(svg.querySelectorAll('.link-hit')).toHaveLength(7);
  });

  it('reports activation by click, Enter and Space, and keeps elements across updates', () => {
    const onActivate = vi.fn();
    renderTopology(svg, layout, data(snapshot, ALL_KINDS), { onActivate });
    const node = svg.querySelector<SVGGElement>('[data-id="app-a2"]')!;
    node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    node.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    node.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    node.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    const hit = svg.querySelector<SVGGElement>('.link-hit[data-id="lb-1->app-c1"]')!;
    hit.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onActivate.mock.calls).toEqual([['app-a2'], ['app-a2'], ['app-a2'], ['lb-1->app-c1']]);

    renderTopology(svg, layout, data(craftedSnapshot(), ALL_KINDS), { onActivate });
    expect(svg.querySelector('[data-id="app-a2"]')).toBe(node);
  });

  it('rings the selected part and marks the part whose menu is open', () => {
    renderTopology(
      svg,
      layout,
      { ...data(snapshot, ALL_KINDS), selectedId: 'app-c1', menuFor: 'app-c1' },
      { onActivate: () => {} },
    );
    const selected = svg.querySelector('[data-id="app-c1"]')!;
    expect(selected.classList.contains('selected')).toBe(true);
    expect(selected.getAttribute('aria-expanded')).toBe('true');
    expect(svg.querySelectorAll('.selected')).toHaveLength(1);

    renderTopology(
      svg,
      layout,
      { ...data(snapshot, ALL_KINDS), selectedId: 'lb-1->app-b2', menuFor: null },
      { onActivate: () => {} },
    );
    expect(selected.classList.contains('selected')).toBe(false);
    expect(svg.querySelector('.link-hit[data-id="lb-1->app-b2"]')!.classList).toContain('selected');
  });
});

describe('renderTopology, two regions (real engine)', () => {
  const run = runEngine(TWO_REGIONS_TOPOLOGY, { untilS: 5 });

  it('gives every part with actions a button with its contract name', () => {
    const { svg } = renderRun(TWO_REGIONS_TOPOLOGY, run);
    const names = buttonNames(svg);
    for (const view of run.snapshot.components) {
      const name = componentAccessibleName(view, run.snapshot);
      if ((run.actions[view.id] ?? []).length > 0) expect(names, view.id).toContain(name);
      else expect(names, view.id).not.toContain(name);
    }
    // users, the traffic manager and balancers cannot be broken: not buttons.
    expect(names.filter((n) => /^(users|dns|balancer) /.test(n ?? ''))).toEqual([]);
    expect(names).toContain('dependency payments: up');
    expect(names).toContain('region us: up');
    expect(names).toContain('zone us-c: up');
    // Every link has a mouse target.
    const hits = [...svg.querySelectorAll('.link-hit')].map((h) => h.getAttribute('data-id'));
    expect(hits.sort()).toEqual(run.snapshot.links.map((l) => l.id).sort());
  });

  it(`writes every text at ${MIN_FONT_PX}px or more on a 1280x800 screen`, () => {
    const { svg, layout } = renderRun(TWO_REGIONS_TOPOLOGY, run);
    const scale = referenceScale(layout.width, layout.height);
    const texts = [...svg.querySelectorAll<SVGTextElement>('text')];
    expect(texts.length).toBeGreaterThan(40);
    for (const text of texts) {
      const size = parseFloat(text.style.fontSize);
      expect(
        size * scale,
        `${text.getAttribute('class')}: ${text.textContent}`,
      ).toBeGreaterThanOrEqual(MIN_FONT_PX);
    }
  });

  it("shows the traffic manager, its dashed health checks and each group's DNS answers", () => {
    const { svg } = renderRun(TWO_REGIONS_TOPOLOGY, run);
    expect(svg.querySelector('[data-id="dns"] text.title')!.textContent).toBe('dns');
    expect(svg.querySelectorAll('.link.scope-control')).toHaveLength(2);
    expect(svg.querySelectorAll('.link.scope-cross-region')).toHaveLength(2);
    expect(svg.querySelector('[data-id="users-eu"] text.note')!.textContent).toBe('→ eu 100%');
  });

  it('flashes timeouts at the group that had them, per simulated second', () => {
    // Issue 11: one global count per report appeared under every users node.
    const { svg } = renderRun(TWO_REGIONS_TOPOLOGY, run, {
      timeoutsPerSByGroup: { 'users-eu': 12.5, 'users-us': 0 },
    });
    const alert = (id: string) => svg.querySelector(`[data-id="${id}"] text.alert`)?.textContent;
    expect(alert('users-eu')).toBe('12.5/s timing out');
    expect(alert('users-us') ?? '').toBe('');
    expect(svg.querySelector('[data-id="users-eu"]')!.classList.contains('timeouts')).toBe(true);
    expect(svg.querySelector('[data-id="users-us"]')!.classList.contains('timeouts')).toBe(false);
  });

  it('shows a killed region by a cross and its state word, and a standby region by role', () => {
    const killed = runEngine(TWO_REGIONS_TOPOLOGY, {
      untilS: 5,
      commands: [{ atS: 1, command: { type: 'kill-region', target: 'us' } }],
    });
    const { svg } = renderRun(TWO_REGIONS_TOPOLOGY, killed);
    expect(svg.querySelector('[data-box="us"]')!.classList).toContain('down');
    expect(svg.querySelector('.tag[data-id="us"] text')!.textContent).toBe('us: down');
    expect(buttonNames(svg)).toContain('region us: down');
    // Its balancer is dead too: no stale "healthy" verdict on its servers.
    const verdicts = (id: string) =>
      [...svg.querySelectorAll(`[data-id="${id}"] text`)].map((t) => t.textContent).join(' ');
    expect(verdicts('app-us-a1')).toContain('no checks');
    expect(verdicts('app-us-a1')).not.toContain('healthy');
    expect(verdicts('app-eu-a1')).toContain('healthy');

    const passive = runEngine(TWO_REGIONS_TOPOLOGY, {
      untilS: 5,
      settings: { regions: { mode: 'active-passive' } },
    });
    const drawn = renderRun(TWO_REGIONS_TOPOLOGY, passive).svg;
    expect(drawn.querySelector('.tag[data-id="us"] text')!.textContent).toBe('us · standby');
    expect(buttonNames(drawn)).toContain('region us: up, standby');
    expect(drawn.querySelector('[data-box="us"]')!.classList).toContain('standby');

    // After the traffic manager fails over, the old standby is the active region.
    const failedOver = runEngine(TWO_REGIONS_TOPOLOGY, {
      untilS: 60,
      settings: { regions: { mode: 'active-passive' } },
      commands: [{ atS: 1, command: { type: 'kill-region', target: 'eu' } }],
    });
    const after = renderRun(TWO_REGIONS_TOPOLOGY, failedOver).svg;
    expect(after.querySelector('.tag[data-id="us"] text')!.textContent).toBe('us · active');
    expect(buttonNames(after)).toContain('region us: up, active');
    expect(buttonNames(after)).toContain('region eu: down');
    expect(after.querySelector('[data-box="us"]')!.classList).not.toContain('standby');
  });

  it('draws an open circuit breaker as an open switch with the word, and names it', () => {
    const failing = runEngine(TWO_REGIONS_TOPOLOGY, {
      untilS: 40,
      settings: {
        breaker: { enabled: 'on' },
        dependency: { callShare: 1 },
        traffic: { arrivalRatePerS: 200 },
      },
      commands: [{ atS: 1, command: { type: 'errors', target: 'payments', percent: 100 } }],
    });
    const open = failing.snapshot.components.filter((c) => c.breaker?.state === 'OPEN');
    expect(open.length).toBeGreaterThan(0);
    const { svg } = renderRun(TWO_REGIONS_TOPOLOGY, failing);
    const id = `${open[0]!.id}->payments`;
    const link = svg.querySelector(`g.link[data-link="${id}"]`)!;
    expect(link.classList).toContain('breaker-open');
    expect(link.querySelector('.breaker-label')!.textContent).toBe('open');
    expect(link.querySelector('.lever')!.getAttribute('y2')).not.toBe(
      link.querySelector('.lever')!.getAttribute('y1'),
    );
    const view = failing.snapshot.links.find((l) => l.id === id)!;
    expect(linkAccessibleName(view, failing.snapshot)).toBe(`link ${id}: ok, breaker OPEN`);
  });
});

describe('renderTopology, database (real engine)', () => {
  it('marks the primary by a "P" badge and the word, replicas by their word and lag', () => {
    const run = runEngine(DATABASE_TOPOLOGY, {
      untilS: 10,
      settings: { traffic: { arrivalRatePerS: 100 }, database: { writeShare: 0.5 } },
    });
    const { svg, layout } = renderRun(DATABASE_TOPOLOGY, run);
    const names = buttonNames(svg);
    expect(names).toContain('database db-a1: up, primary');
    expect(names).toContain('database db-b1: up, replica');
    expect(names).toContain('database db-c1: up, replica');
    const primary = svg.querySelector('[data-id="db-a1"]')!;
    expect(primary.querySelector('.badge')!.getAttribute('display')).toBeNull();
    expect(primary.querySelector('.badge text')!.textContent).toBe('P');
    expect(primary.querySelector('text.role')!.textContent).toBe('primary');
    // The disc drawn where the layout clears it of the name at its widest.
    const disc = primary.querySelector('.badge circle')!;
    const { badge } = databaseNameAndBadge(
      layout.nodeById.get('db-a1')!,
      layout.fonts,
      layout.density,
    );
    expect(Number(disc.getAttribute('cx'))).toBeCloseTo(badge.cx, 6);
    expect(Number(disc.getAttribute('r'))).toBe(badge.r);
    const replica = svg.querySelector('[data-id="db-b1"]')!;
    expect(replica.querySelector('.badge')!.getAttribute('display')).toBe('none');
    expect(replica.querySelector('text.role')!.textContent).toBe('replica');
    // Streams: primary -> replicas, labelled with their lag in ms and writes.
    const stream = svg.querySelector('g.link[data-link="db-a1->db-b1"]')!;
    expect(stream.classList).toContain('streaming');
    // Its label, in the labels' layer, carries the same state (the stylesheet colours it).
    const streamLabels = svg.querySelector('g.link-labels[data-link="db-a1->db-b1"]')!;
    expect(streamLabels.classList).toContain('streaming');
    expect(streamLabels.querySelector('.link-label')!.textContent).toMatch(
      /^(\d+ ms · \d+ behind|caught up)$/,
    );
    expect(svg.querySelector('g.link[data-link="db-b1->db-c1"]')!.classList).toContain('idle');
    expect(svg.querySelector('g.link-labels[data-link="db-b1->db-c1"]')!.classList).toContain(
      'idle',
    );
    // The mode, near the cluster.
    const label = [...svg.querySelectorAll('.database-label text')].map((t) => t.textContent);
    expect(label).toEqual([
      'Database',
      'asynchronous replication',
      'automatic failover · fencing on',
    ]);
    // Fonts stay readable here too.
    const scale = referenceScale(layout.width, layout.height);
    for (const text of svg.querySelectorAll<SVGTextElement>('text')) {
      expect(parseFloat(text.style.fontSize) * scale).toBeGreaterThanOrEqual(MIN_FONT_PX);
    }
  });

  it('after killing the primary shows it down and a promoted replica as primary', () => {
    const run = runEngine(DATABASE_TOPOLOGY, {
      untilS: 60,
      settings: { traffic: { arrivalRatePerS: 100 }, database: { writeShare: 0.5 } },
      commands: [{ atS: 5, command: { type: 'kill', target: 'db-a1' } }],
    });
    const { svg } = renderRun(DATABASE_TOPOLOGY, run);
    const names = buttonNames(svg);
    expect(names).toContain('database db-a1: crashed');
    expect(svg.querySelector('[data-id="db-a1"]')!.classList).toContain('down');
    const promoted = names.filter((n) => /^database db-[bc]1: up, primary$/.test(n ?? ''));
    expect(promoted).toHaveLength(1);
  });

  it('shows two primaries during split brain, and says so near the cluster', () => {
    const run = runEngine(DATABASE_TOPOLOGY, {
      untilS: 75,
      settings: {
        traffic: { arrivalRatePerS: 100 },
        database: { writeShare: 0.5, fencing: 'off' },
      },
      commands: [{ atS: 5, command: { type: 'isolate', target: 'db-a1' } }],
    });
    expect(run.snapshot.database!.primaries.length).toBe(2);
    const { svg } = renderRun(DATABASE_TOPOLOGY, run);
    expect(svg.querySelectorAll('.node-database.primary')).toHaveLength(2);
    expect(buttonNames(svg)).toContain('database db-a1: isolated, primary');
    const alarm = svg.querySelector('.database-label .tone-alarm')!;
    expect(alarm.textContent).toMatch(/^split brain: 2 primaries/);
  });

  it('shows a rebuilding node with its progress as a bar and words', () => {
    // A rebuild costs the data's size (about 400 keys written by 10 s: about 0.8 s).
    const run = runEngine(DATABASE_TOPOLOGY, {
      untilS: 10.3,
      settings: { traffic: { arrivalRatePerS: 100 }, database: { writeShare: 0.5 } },
      commands: [{ atS: 10, command: { type: 'disk-fail', target: 'db-c1' } }],
    });
    const view = run.snapshot.components.find((c) => c.id === 'db-c1')!;
    expect(view.state).toBe('rebuilding');
    expect(view.rebuildPercent).toBeGreaterThanOrEqual(0);
    expect(view.stateLabel).toBe(`rebuilding ${view.rebuildPercent}%`);
    const { svg } = renderRun(DATABASE_TOPOLOGY, run);
    const node = svg.querySelector('[data-id="db-c1"]')!;
    expect(node.querySelector('text.state')!.textContent).toBe(view.stateLabel);
    expect(node.querySelector('rect.progress')!.getAttribute('display')).toBeNull();
  });

  it('labels both directions between two primaries (active-active data)', () => {
    const run = runEngine(ACTIVE_ACTIVE_DATA_TOPOLOGY, {
      untilS: 10,
      settings: ACTIVE_ACTIVE_DATA_SETTINGS,
    });
    const { svg } = renderRun(ACTIVE_ACTIVE_DATA_TOPOLOGY, run);
    const link = svg.querySelector('g.link-labels[data-link="db-eu-a->db-us-a"]')!;
    expect(link.querySelector('.link-label')!.textContent).toMatch(/^→ db-us-a: /);
    expect(link.querySelector('.link-label-2')!.textContent).toMatch(/^→ db-eu-a: /);
    expect(buttonNames(svg)).toContain('database db-us-a: up, primary');
  });
});

describe('texts', () => {
  it('verdictText shows health-check progress while a verdict is changing', () => {
    const target = {
      balancer: 'lb-1',
      server: 'app-b1',
      healthy: true,
      consecutiveFails: 1,
      consecutiveOks: 0,
      lastCheckOk: false,
      outstanding: 0,
      routed: 0,
    } as TargetView;
    expect(verdictText(true, target, 2, 3)).toBe('healthy (1/2 failed)');
    expect(verdictText(false, { ...target, healthy: false, consecutiveOks: 2 }, 2, 3)).toBe(
      'unhealthy (2/3 passed)',
    );
    expect(verdictText(true, { ...target, consecutiveFails: 0 }, 2, 3)).toBe('healthy');
  });

  it('dnsShareLines lists where cached answers point, biggest first', () => {
    expect(dnsShareLines({ eu: 1, us: 0 })).toEqual(['→ eu 100%']);
    expect(dnsShareLines({ eu: 0.4, us: 0.6 })).toEqual(['→ us 60%', '→ eu 40%']);
    expect(dnsShareLines(undefined)).toEqual([]);
  });

  it('linkShortState gives each fault a short word, one-way cuts with their direction', () => {
    const ok = { cutForward: false, cutBackward: false, addedLatencyMs: 0, lossPercent: 0 };
    expect(linkShortState(ok)).toBe('');
    expect(linkShortState({ ...ok, cutForward: true, cutBackward: true })).toBe('cut');
    expect(linkShortState({ ...ok, cutForward: true })).toBe('cut →');
    expect(linkShortState({ ...ok, cutBackward: true })).toBe('← cut');
    expect(linkShortState({ ...ok, addedLatencyMs: 200, lossPercent: 20 })).toBe('+200ms 20% loss');
  });

  it('names ejected and weighted servers by words', () => {
    const snapshot = craftedSnapshot();
    const view = { ...snapshot.components.find((c) => c.id === 'app-a1')!, weight: 2 };
    const ejected = {
      ...snapshot,
      targets: snapshot.targets.map((t) => (t.server === 'app-a1' ? { ...t, ejected: true } : t)),
    };
    expect(componentAccessibleName(view, ejected)).toBe(
      'server app-a1: up, ejected by lb-1, weight 2',
    );
  });
});

describe('renderTopology, drawn again on each report', () => {
  const snapshot = craftedSnapshot();
  const layout = topologyLayout(snapshot.components, snapshot.links);

  it('writes no attribute when nothing changed, and only what changed otherwise', () => {
    const svg = newSvg();
    renderTopology(svg, layout, data(snapshot, ALL_KINDS), { onActivate: () => {} });
    const writes = vi.spyOn(Element.prototype, 'setAttribute');
    try {
      renderTopology(svg, layout, data(snapshot, ALL_KINDS), { onActivate: () => {} });
      expect(writes).not.toHaveBeenCalled();

      // app-a2 crashes: the next drawing equals one drawn from scratch, in few writes.
      const crashed: Snapshot = {
        ...snapshot,
        components: snapshot.components.map((c) =>
          c.id === 'app-a2'
            ? {
                ...c,
                state: 'crashed',
                stateLabel: COMPONENT_STATUS_LABELS.crashed,
                healthy: false,
              }
            : c,
        ),
      };
      renderTopology(svg, layout, data(crashed, ALL_KINDS), { onActivate: () => {} });
      const changedWrites = writes.mock.calls.length;
      writes.mockRestore();
      const fresh = newSvgBeside();
      renderTopology(fresh, layout, data(crashed, ALL_KINDS), { onActivate: () => {} });
      // The same drawing (class order aside: a state class may come before `actionable`).
      expect(sortedClasses(svg.innerHTML)).toBe(sortedClasses(fresh.innerHTML));
      const allAttributes = fresh.querySelectorAll('*').length;
      expect(changedWrites).toBeGreaterThan(0);
      expect(changedWrites).toBeLessThan(allAttributes / 4);
    } finally {
      writes.mockRestore();
    }
  });
});

/** Markup with each class attribute's names sorted. */
const sortedClasses = (markup: string) =>
  markup.replace(
    /class="([^"]*)"/g,
    (_, names: string) => `class="${names.split(' ').sort().join(' ')}"`,
  );

/** A second SVG in the page, keeping the first. */
function newSvgBeside(): SVGSVGElement {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  document.body.appendChild(svg);
  return svg;
}

describe('renderTopology, load you can see', () => {
  const snapshot = craftedSnapshot();
  const layout = topologyLayout(snapshot.components, snapshot.links);
  const widthOf = (svg: SVGSVGElement, id: string) =>
    Number(
      (svg.querySelector(`[data-link="${id}"] path.line`) as SVGPathElement).style.strokeWidth,
    );

  it('draws each balancer->server link as wide as its measured rate (the hairline plus a proportional part)', () => {
    const svg = newSvg();
    const linkRates = { 'lb-1->app-a1': 20, 'lb-1->app-a2': 10, 'lb-1->app-b2': 0 };
    renderTopology(
      svg,
      layout,
      { ...data(snapshot, SERVER_ONLY), linkRates },
      { onActivate: () => {} },
    );
    const [a1, a2, b2] = ['lb-1->app-a1', 'lb-1->app-a2', 'lb-1->app-b2'].map((id) =>
      widthOf(svg, id),
    );
    expect(b2).toBe(LINK_WIDTH_MIN);
    expect(a1! - LINK_WIDTH_MIN).toBeCloseTo(2 * (a2! - LINK_WIDTH_MIN), 0);
    expect(a1).toBeGreaterThan(a2!);
    // A link with no measured rate keeps the stylesheet's width.
    expect(
      (svg.querySelector('[data-link="lb-1->app-c1"] path.line') as SVGPathElement).style
        .strokeWidth,
    ).toBe('');
  });

  it('stacks one block per queued request at the server, and nothing at an empty queue', () => {
    const svg = newSvg();
    renderTopology(svg, layout, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    // app-a1 has 2 queued in the crafted snapshot.
    expect(svg.querySelectorAll('[data-id="app-a1"] .queue rect.queued')).toHaveLength(2);
    expect(svg.querySelector('[data-id="app-a2"] .queue')!.getAttribute('display')).toBe('none');
    const busy = {
      ...snapshot,
      components: snapshot.components.map((c) => (c.id === 'app-a2' ? { ...c, queued: 14 } : c)),
    } as Snapshot;
    renderTopology(svg, layout, data(busy, SERVER_ONLY), { onActivate: () => {} });
    expect(svg.querySelectorAll('[data-id="app-a2"] .queue rect.queued')).toHaveLength(
      QUEUE_BLOCKS_MAX,
    );
    expect(svg.querySelector('[data-id="app-a2"] .queue-more')!.textContent).toBe(
      `+${14 - QUEUE_BLOCKS_MAX}`,
    );
  });
});

/** The straight lines of a node's cross (its paths are `M x,y L x,y` pieces). */
function crossLines(node: Element) {
  return [...node.querySelectorAll('.cross path')].flatMap((path) =>
    [...path.getAttribute('d')!.matchAll(/M([\d.-]+),([\d.-]+)L([\d.-]+),([\d.-]+)/g)].map((m) => ({
      x1: +m[1]!,
      y1: +m[2]!,
      x2: +m[3]!,
      y2: +m[4]!,
    })),
  );
}

/**
 * A down node's box reads as crossed out: its two diagonals (inset 6 across, 4 down), broken
 * only at its words, reaching the box's far corners and spanning more than half of it; or,
 * on a row too flat or too full for them, a whole small cross (two lines top to bottom,
 * crossing) in its room.
 */
function expectCrossed(
  lines: ReturnType<typeof crossLines>,
  box: { x: number; y: number; width: number; height: number },
  what: string,
) {
  const falling = lines.filter((l) => l.y2 > l.y1);
  const rising = lines.filter((l) => l.y2 < l.y1);
  expect(falling.length, what).toBeGreaterThan(0);
  expect(rising.length, what).toBeGreaterThan(0);
  const xs = lines.flatMap((l) => [l.x1, l.x2]);
  const whole = (l: (typeof lines)[number]) => Math.abs(l.y2 - l.y1) === box.height - 8;
  if (lines.length === 2 && lines.every(whole)) {
    // The small cross: its two lines span the same x, so they cross.
    expect(falling[0]!.x1, what).toBeCloseTo(rising[0]!.x1, 1);
    expect(falling[0]!.x2, what).toBeCloseTo(rising[0]!.x2, 1);
    return;
  }
  expect(Math.max(...xs), what).toBeCloseTo(box.x + box.width - 6, 1);
  expect(Math.max(...xs) - Math.min(...xs), what).toBeGreaterThan(box.width / 2);
}

describe('renderTopology, the crash cross', () => {
  it("crosses a down server's box but not its name", () => {
    const snapshot = craftedSnapshot();
    const layout = topologyLayout(snapshot.components, snapshot.links);
    const svg = newSvg();
    renderTopology(svg, layout, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    const node = svg.querySelector('[data-id="app-b1"]')!;
    const name = drawnTextBox(node.querySelector<SVGTextElement>('text.title')!, 'bold');
    const box = layout.nodes.find((n) => n.id === 'app-b1')!;
    const segments = crossLines(node);
    // Still a cross over the box: pieces of both diagonals, to its far corners.
    expectCrossed(segments, box, 'app-b1');
    // No piece passes through the name.
    for (const segment of segments) expect(insideInterval(segment, name)).toBeNull();
  });
});

// Issue 14 (screens): on the laptop's rows a crashed database node's cross ran through its
// role word ("down"; in the compact rows "down · crashed", all its words), and a compact
// server row's through its verdict ("unhealthy"). A database scenario (roomy rows) and the
// active-active one with databases (compact rows), a server and a database node killed:
// the cross is drawn (over the box, or a whole small one in a one-line row's room: cross.ts)
// and through none of the row's words.
describe('renderTopology, the crash cross over every word of a row', () => {
  for (const scenario of [
    BUILTIN_SCENARIOS.find((s) => s.name === 'database')!,
    BUILTIN_SCENARIOS.find((s) => s.name === 'active-active-data')!,
  ]) {
    it(`${scenario.name}: a crashed server and database node keep their words clear`, () => {
      const sim = createSimulation(simulationInput(scenario), { seed: 1 });
      sim.runUntil(usFromS(1));
      const killed = ['app-a1', 'app-eu-a1', 'db-a1', 'db-eu-a'].filter(
        (id) => sim.apply({ type: 'kill', target: id }).ok,
      );
      expect(killed).toHaveLength(2);
      // Past the balancer's detection: the server's verdict says "unhealthy".
      sim.runUntil(usFromS(15));
      const snapshot = sim.snapshot();
      const layout = topologyLayout(snapshot.components, snapshot.links);
      const svg = newSvg();
      renderTopology(svg, layout, topologyData(snapshot), { onActivate: () => {} });
      for (const id of killed) {
        const node = svg.querySelector(`g.node[data-id="${id}"]`)!;
        const box = layout.nodeById.get(id)!;
        const segments = crossLines(node);
        expectCrossed(segments, box, id);
        const words = [...node.querySelectorAll<SVGTextElement>(':scope > text')].filter(
          (t) => t.textContent !== '' && t.getAttribute('display') !== 'none',
        );
        expect(words.map((t) => t.textContent).join(' '), id).toMatch(
          id.startsWith('db') ? /down/ : /crashed.*unhealthy/,
        );
        for (const t of words) {
          const word = drawnTextBox(t);
          for (const segment of segments) {
            expect(insideInterval(segment, word), `${id}: "${t.textContent}"`).toBeNull();
          }
        }
      }
    });
  }
});

describe('renderTopology, link labels', () => {
  /** Box of every non-empty link label drawn, by link id. */
  function labelBoxes(svg: SVGSVGElement) {
    // The labels' layer, and the breakers' words on the links themselves.
    const texts = svg.querySelectorAll<SVGTextElement>('.link text, .link-labels text');
    return [...texts].flatMap((t) => {
      if (!t.textContent || t.getAttribute('display') === 'none') return [];
      const box = drawnTextBox(t);
      const id = t.closest('.link, .link-labels')!.getAttribute('data-link');
      return [{ id, text: t.textContent, box }];
    });
  }
  const overlaps = (
    a: { x: number; y: number; width: number; height: number },
    b: { x: number; y: number; width: number; height: number },
  ) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

  for (const [name, topology] of [
    ['one region', ONE_REGION_TOPOLOGY],
    ['two regions', TWO_REGIONS_TOPOLOGY],
    ['database', DATABASE_TOPOLOGY],
  ] as const) {
    it(`never sit under a node (${name})`, () => {
      const run = runEngine(topology, { untilS: 20 });
      const rates = Object.fromEntries(topologyLinks(topology).map((l) => [l.id, 123.4])) as Record<
        string,
        number
      >;
      const hits: string[] = [];
      // With rates only, and with every link faulted (the longest labels).
      const faulted = {
        ...run,
        snapshot: {
          ...run.snapshot,
          links: run.snapshot.links.map((l) => ({ ...l, addedLatencyMs: 200, lossPercent: 20 })),
        },
      };
      for (const [what, engine] of [
        ['rates', run],
        ['faults', faulted],
      ] as const) {
        const { svg, layout } = renderRun(topology, engine, { linkRates: rates });
        // Replication labels are not fitted yet (two lines beside their arc).
        for (const label of labelBoxes(svg).filter((l) => !/^db-/.test(l.id ?? ''))) {
          for (const node of layout.nodes) {
            if (overlaps(label.box, node)) {
              hits.push(`${what}: ${label.id} "${label.text}" under ${node.id}`);
            }
          }
        }
      }
      expect(hits).toEqual([]);
    });
  }
});

describe('renderTopology, Present mode tiles (zone rows)', () => {
  const snapshot = craftedSnapshot();
  const tiles = topologyLayout(snapshot.components, snapshot.links, PRESENT_TARGET);

  it('draws each server as a tile with its short name, the full id as tooltip and name', () => {
    const svg = newSvg();
    renderTopology(svg, tiles, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    const b1 = svg.querySelector('g.node[data-id="app-b1"]')!;
    expect(b1.querySelector('text.title')!.textContent).toBe('b1');
    expect(b1.querySelector('title')!.textContent).toBe('app-b1');
    expect(b1.getAttribute('aria-label')).toBe('server app-b1: crashed, marked unhealthy by lb-1');
    // State by shape: the cross and the dashed outline, as in the row layouts.
    expect(b1.classList.contains('down')).toBe(true);
    expect(b1.querySelector('.cross')!.getAttribute('display')).toBeNull();
    expect(b1.querySelector('rect.body')!.getAttribute('stroke-dasharray')).toBe('9 6');
  });

  // Issue 15: tiles returned before the cross was drawn, and hid the state word, so a
  // crashed server's tile read just "b1", like an up one.
  it("draws a down tile's cross and its down mark inside the tile, and neither on an up tile", () => {
    const svg = newSvg();
    renderTopology(svg, tiles, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    const b1 = svg.querySelector('g.node[data-id="app-b1"]')!;
    const box = tiles.nodeById.get('app-b1')!;
    const cross = b1.querySelector('g.cross')!;
    expect(cross.getAttribute('display')).toBeNull();
    for (const path of cross.querySelectorAll('path')) {
      expect(path.getAttribute('d') ?? '', 'a cross line').toMatch(/^M/);
    }
    expect(cross.querySelectorAll('path')).toHaveLength(2);
    const mark = b1.querySelector<SVGTextElement>('text.state')!;
    expect(mark.getAttribute('display')).toBeNull();
    expect(mark.textContent).toBe(TILE_DOWN_MARK);
    expect(parseFloat(mark.style.fontSize)).toBe(tiles.fonts.state);
    // The mark sits in the tile, right of the name.
    const title = b1.querySelector('text.title')!;
    const markX = Number(mark.getAttribute('x'));
    const titleEnd = Number(title.getAttribute('x')) + textWidth('b1', tiles.fonts.title, true);
    expect(markX).toBeGreaterThanOrEqual(titleEnd);
    expect(markX + textWidth(TILE_DOWN_MARK, tiles.fonts.state, true)).toBeLessThanOrEqual(
      box.x + box.width,
    );
    const a1 = svg.querySelector('g.node[data-id="app-a1"]')!;
    expect(a1.querySelector('g.cross')!.getAttribute('display')).toBe('none');
    expect(a1.querySelector('text.state')!.getAttribute('display')).toBe('none');
  });

  it("counts each zone's servers that are up on its tag", () => {
    const svg = newSvg();
    renderTopology(svg, tiles, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    const tag = (id: string) => svg.querySelector(`g.tag[data-id="${id}"] text.label`)!.textContent;
    expect(tag('eu-a')).toBe('zone a · 2/2 up');
    expect(tag('eu-b')).toBe('zone b · 1/2 up');
  });

  it('hides the row layout words when the same diagram switches to tiles', () => {
    const svg = newSvg();
    renderTopology(
      svg,
      topologyLayout(snapshot.components, snapshot.links),
      data(snapshot, SERVER_ONLY),
      {
        onActivate: () => {},
      },
    );
    expect(
      svg.querySelector('g.node[data-id="app-a1"] text.load')!.getAttribute('display'),
    ).toBeNull();
    renderTopology(svg, tiles, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    const a1 = svg.querySelector('g.node[data-id="app-a1"]')!;
    for (const cls of ['load', 'verdict', 'state']) {
      expect(a1.querySelector(`text.${cls}`)!.getAttribute('display'), cls).toBe('none');
    }
    // Balancer->server links meet the zone's edge and carry no label.
    const label = svg.querySelector('g.link-labels[data-link="lb-1->app-a1"] text.link-label')!;
    expect(label.getAttribute('display')).toBe('none');
  });
});

// Review item 13: Present's tiles drew a queue as small blocks with no count, where the
// laptop writes "+5,809". Overload's run at 5 s (1800 req/s on 1200 req/s of capacity): every
// server has hundreds queued, at each of Present's box sizes.
describe('renderTopology, Present tiles write their queue count', () => {
  const overload = BUILTIN_SCENARIOS.find((s) => s.name === 'overload')!;
  const run = runEngine(overload.topology, { settings: overload.settings, untilS: 5 });
  // Present's box at 1024x768, 1280x720 and 1920x1080 (as layout.test.ts measured it).
  const boxes = [
    { width: 752, height: 648 },
    { width: 992, height: 600 },
    { width: 1496, height: 928 },
  ];

  it.each(boxes)('in a $width x $height box: "N queued" under the name, inside the tile', (box) => {
    const layout = topologyLayout(run.snapshot.components, run.snapshot.links, presentTarget(box));
    const svg = newSvg();
    renderTopology(svg, layout, data(run.snapshot, ALL_KINDS, run.actions), {
      onActivate: () => {},
    });
    const scale = referenceScale(layout.width, layout.height, box);
    const servers = run.snapshot.components.filter((c) => c.kind === 'server');
    expect(servers.every((c) => c.queued > 100)).toBe(true);
    for (const server of servers) {
      const tile = layout.nodeById.get(server.id)!;
      const node = svg.querySelector(`g.node[data-id="${server.id}"]`)!;
      expect(node.querySelector('g.queue-count')!.getAttribute('display'), server.id).toBeNull();
      const lines = [...node.querySelectorAll<SVGTextElement>('g.queue-count text')].filter(
        (t) => t.getAttribute('display') === null,
      );
      // The exact count and the word, on one line or two.
      expect(lines.map((t) => t.textContent).join(' '), server.id).toBe(
        `${server.queued.toLocaleString('en-US')} queued`,
      );
      const name = node.querySelector<SVGTextElement>('text.title')!;
      const nameBaseline = Number(name.getAttribute('y'));
      let above = nameBaseline + 0.24 * layout.fonts.title;
      for (const line of lines) {
        const size = parseFloat(line.style.fontSize);
        // Read from the back row: as large as the diagram's smallest labels, 24 px at
        // 1280x720 (and the room's floor's share of the other boxes' width).
        expect((size * scale * PRESENT_TARGET.box.width) / box.width).toBeGreaterThanOrEqual(
          PRESENT_TARGET.minFontPx,
        );
        expect(size).toBe(layout.fonts.small);
        // Inside the tile, under the line above it, above the queue strip's blocks.
        const x = Number(line.getAttribute('x'));
        const y = Number(line.getAttribute('y'));
        expect(x).toBeGreaterThanOrEqual(tile.x);
        expect(x + textWidthMax(line.textContent ?? '', size)).toBeLessThanOrEqual(
          tile.x + tile.width,
        );
        expect(y - 0.76 * size, `${server.id}: under the line above`).toBeGreaterThanOrEqual(above);
        above = y + 0.24 * size;
        const blocks = [...node.querySelectorAll('g.queue rect.queued')];
        expect(blocks.length).toBeGreaterThan(0);
        for (const b of blocks) {
          expect(above, `${server.id}: above its strip`).toBeLessThanOrEqual(
            Number(b.getAttribute('y')),
          );
        }
      }
    }
  });

  it('writes no count for an empty queue, and none on a database tile', () => {
    const database = BUILTIN_SCENARIOS.find((s) => s.name === 'database')!;
    const quiet = runEngine(database.topology, { settings: database.settings, untilS: 2 });
    const layout = topologyLayout(quiet.snapshot.components, quiet.snapshot.links, PRESENT_TARGET);
    const svg = newSvg();
    renderTopology(svg, layout, data(quiet.snapshot, ALL_KINDS, quiet.actions), {
      onActivate: () => {},
    });
    const tall = layout.nodes.filter((n) => n.short && tileLines(n.height) > 1);
    expect(tall.length).toBeGreaterThan(0);
    for (const view of quiet.snapshot.components.filter(
      (c) => c.kind === 'server' || c.kind === 'database',
    )) {
      const group = svg.querySelector(`g.node[data-id="${view.id}"] g.queue-count`)!;
      const words = [...group.querySelectorAll('text')].map((t) => t.textContent).join('');
      if (view.kind === 'server' && view.queued > 0) {
        expect(words, view.id).toContain(view.queued.toLocaleString('en-US'));
      } else {
        expect(group.getAttribute('display'), view.id).toBe('none');
        expect(words, view.id).toBe('');
      }
    }
    // And a queue that empties takes its count with it (the same tiles drawn again).
    const emptied = {
      ...quiet.snapshot,
      components: quiet.snapshot.components.map((c) => ({ ...c, queued: 0 })),
    };
    renderTopology(svg, layout, data(emptied, ALL_KINDS, quiet.actions), { onActivate: () => {} });
    for (const group of svg.querySelectorAll('g.queue-count')) {
      expect(group.getAttribute('display')).toBe('none');
    }
  });

  it('takes the count away when Present ends (the rows write "+N" beside the queue)', () => {
    const layout = topologyLayout(run.snapshot.components, run.snapshot.links, PRESENT_TARGET);
    const svg = newSvg();
    const draw = (l: TopologyLayout) =>
      renderTopology(svg, l, data(run.snapshot, ALL_KINDS, run.actions), { onActivate: () => {} });
    draw(layout);
    const shownCounts = () =>
      [...svg.querySelectorAll('g.queue-count')].filter((g) => g.getAttribute('display') === null);
    expect(shownCounts()).toHaveLength(6);
    draw(topologyLayout(run.snapshot.components, run.snapshot.links));
    expect(shownCounts()).toHaveLength(0);
    draw(layout);
    expect(shownCounts()).toHaveLength(6);
  });
});

// Issue 14 (Phone): measured at 390x844, the payments bar showed no words in the first
// screen (they sat in its middle, screens down), and active-active-data panned sideways.
describe('renderTopology, phone words (column)', () => {
  const renderColumn = (topology: TopologySpec, run: EngineRun) => {
    const svg = newSvg();
    const layout = topologyLayout(
      topologyComponents(topology),
      topologyLinks(topology),
      PHONE_TARGET,
    );
    renderTopology(svg, layout, data(run.snapshot, ALL_KINDS, run.actions), {
      onActivate: () => {},
    });
    return { svg, layout };
  };

  it("writes the dependency's name, kind and state at the top of its bar", () => {
    const { svg, layout } = renderColumn(
      TWO_REGIONS_TOPOLOGY,
      runEngine(TWO_REGIONS_TOPOLOGY, { untilS: 2 }),
    );
    const bar = layout.nodeById.get('payments')!;
    const { title, small } = layout.fonts;
    // A bar several screens tall (on the 360 px phone: 12.5 px per `small` unit).
    expect((bar.height * 12.5) / small).toBeGreaterThan(740);
    const node = svg.querySelector('g.node[data-id="payments"]')!;
    for (const cls of ['title', 'subtitle', 'state']) {
      const text = node.querySelector<SVGTextElement>(`text.${cls}`)!;
      expect(text.textContent, cls).not.toBe('');
      const baseline = Number(text.getAttribute('y'));
      // Inside the bar, within its first hundred units (four lines of text).
      expect(baseline - title, cls).toBeGreaterThanOrEqual(bar.y);
      expect(baseline, cls).toBeLessThanOrEqual(bar.y + 4 * (small + 8));
    }
  });

  it('lists both streams of the cross-region arc in the database card, the arc quiet', () => {
    const run = runEngine(ACTIVE_ACTIVE_DATA_TOPOLOGY, {
      untilS: 10,
      settings: ACTIVE_ACTIVE_DATA_SETTINGS,
    });
    const { svg, layout } = renderColumn(ACTIVE_ACTIVE_DATA_TOPOLOGY, run);
    const link = svg.querySelector('g.link-labels[data-link="db-eu-a->db-us-a"]')!;
    expect(link.querySelector('.link-label')?.textContent ?? '').toBe('');
    const lines = [...svg.querySelectorAll('g.database-label text')].map((t) => t.textContent);
    expect(lines).toContain(`db-eu-a → db-us-a: ${streamText(run, 'db-eu-a', 'db-us-a')}`);
    expect(lines).toContain(`db-us-a → db-eu-a: ${streamText(run, 'db-us-a', 'db-eu-a')}`);
    // And the card holds them: the last line's baseline inside it.
    const card = layout.databaseLabel!;
    const last = [...svg.querySelectorAll('g.database-label text')].at(-1)!;
    expect(Number(last.getAttribute('y'))).toBeLessThanOrEqual(card.y + card.height);
  });
});

/** A stream's lag as the diagram's arcs word it (views/database.ts). */
function streamText(run: EngineRun, from: string, to: string): string {
  const stream = run.snapshot.database!.streams.find((s) => s.from === from && s.to === to)!;
  return streamLabel(stream);
}

describe('renderTopology, phone touch targets (column)', () => {
  const snapshot = craftedSnapshot();
  const column = topologyLayout(snapshot.components, snapshot.links, PHONE_TARGET);

  it('draws each node its touch target, under its body, and rings the node itself', () => {
    const svg = newSvg();
    const activated: string[] = [];
    renderTopology(svg, column, data(snapshot, SERVER_ONLY), {
      onActivate: (id) => activated.push(id),
    });
    for (const node of column.nodes) {
      const g = svg.querySelector(`g.node[data-id="${node.id}"]`)!;
      const hit = g.querySelector('rect.hit-area')!;
      expect(hit.getAttribute('display'), node.id).toBeNull();
      expect(Number(hit.getAttribute('width')), node.id).toBe(node.hit!.width);
      expect(Number(hit.getAttribute('height')), node.id).toBe(node.hit!.height);
      expect(Number(hit.getAttribute('x')), node.id).toBe(node.hit!.x);
      expect(Number(hit.getAttribute('y')), node.id).toBe(node.hit!.y);
      // Painted first, so it never covers the node's own words and glyphs.
      expect(g.firstElementChild, node.id).toBe(hit);
      const ring = g.querySelector('rect.focus-ring')!;
      expect(Number(ring.getAttribute('width')), node.id).toBe(node.width + 10);
      expect(Number(ring.getAttribute('height')), node.id).toBe(node.height + 10);
    }
    // A tap on the target (outside the tile's own box) activates the tile.
    const tile = column.nodeById.get('app-a1')!;
    expect(tile.hit!.height).toBeGreaterThan(tile.height);
    svg
      .querySelector('g.node[data-id="app-a1"] rect.hit-area')!
      .dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(activated).toEqual(['app-a1']);
  });

  it('hides the targets when the same diagram switches to another layout', () => {
    const svg = newSvg();
    renderTopology(svg, column, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    renderTopology(
      svg,
      topologyLayout(snapshot.components, snapshot.links, PRESENT_TARGET),
      data(snapshot, SERVER_ONLY),
      { onActivate: () => {} },
    );
    for (const hit of svg.querySelectorAll('rect.hit-area')) {
      expect(hit.getAttribute('display')).toBe('none');
    }
  });
});
