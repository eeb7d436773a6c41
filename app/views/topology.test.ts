// @vitest-environment jsdom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ACTION_SPECS,
  topologyComponents,
  topologyLinks,
  type ComponentView,
  type Snapshot,
  type TargetKind,
  type TargetView,
  type TopologySpec,
} from '../sim';
import { topologyLayout } from './layout';
import { renderTopology, verdictText, type TopologyData } from './topology';

/** The cluster, written out here: views may not import scenarios. */
const TOPOLOGY: TopologySpec = {
  regions: [
    {
      id: 'eu',
      label: 'eu (one region)',
      balancer: 'lb-1',
      zones: [
        { id: 'eu-a', label: 'zone a', servers: ['app-a1', 'app-a2'] },
        { id: 'eu-b', label: 'zone b', servers: ['app-b1', 'app-b2'] },
        { id: 'eu-c', label: 'zone c', servers: ['app-c1', 'app-c2'] },
      ],
    },
  ],
  users: [{ id: 'users', region: 'eu', share: 1 }],
};

const SERVERS = ['app-a1', 'app-a2', 'app-b1', 'app-b2', 'app-c1', 'app-c2'];

/** A snapshot where app-b1 has crashed and lb-1 has marked it unhealthy. */
function craftedSnapshot(): Snapshot {
  const components: ComponentView[] = topologyComponents(TOPOLOGY).map((info) => ({
    ...info,
    state: info.id === 'app-b1' ? 'crashed' : 'up',
    healthy: info.id !== 'app-b1',
    inService: info.id === 'app-a1' ? 3 : 0,
    queued: info.id === 'app-a1' ? 2 : 0,
    served: 100,
  }));
  return {
    nowUs: 30_000_000,
    seed: 1,
    components,
    links: topologyLinks(TOPOLOGY).map((link) => ({
      ...link,
      state: 'ok',
      cutForward: false,
      cutBackward: false,
      addedLatencyMs: 0,
      lossPercent: 0,
    })),
    targets: SERVERS.map((server) => ({
      balancer: 'lb-1',
      server,
      healthy: server !== 'app-b1',
      consecutiveFails: server === 'app-b1' ? 3 : 0,
      consecutiveOks: 0,
      lastCheckOk: server !== 'app-b1',
      outstanding: 0,
      routed: 500,
    })),
    failingOpen: [],
    messages: [],
  } as unknown as Snapshot;
}

function data(snapshot: Snapshot, actionableKinds: ReadonlySet<TargetKind>): TopologyData {
  return {
    snapshot,
    actionableKinds,
    linkRates: { 'lb-1->app-a1': 9.84 },
    transitCounts: null,
    selectedId: null,
    balancerNote: 'round robin',
    usersNote: '50 req/s',
    recentTimeouts: 0,
    unhealthyThreshold: 2,
    healthyThreshold: 3,
  };
}

const SERVER_ONLY: ReadonlySet<TargetKind> = new Set(['server']);

describe('renderTopology', () => {
  let svg: SVGSVGElement;
  const snapshot = craftedSnapshot();
  const layout = topologyLayout(snapshot.components, snapshot.links);

  beforeEach(() => {
    document.body.innerHTML = '';
    svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    document.body.appendChild(svg);
  });

  it('draws one focusable button per server named "<kind> <id>: <state>"', () => {
    renderTopology(svg, layout, data(snapshot, SERVER_ONLY), { onActivate: () => {} });
    const buttons = [...svg.querySelectorAll('[role="button"]')];
    expect(buttons).toHaveLength(6);
    for (const button of buttons) expect(button.getAttribute('tabindex')).toBe('0');
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual([
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
    expect(crashed.querySelectorAll('.cross line')).toHaveLength(2);
    expect(healthy.querySelectorAll('.cross line')).toHaveLength(0);
    expect(crashed.querySelector('rect.body')!.getAttribute('stroke-dasharray')).toBeTruthy();
    expect(healthy.querySelector('rect.body')!.getAttribute('stroke-dasharray')).toBeNull();
    expect(crashed.querySelector('text.state')!.textContent).toBe('crashed');
    expect(crashed.querySelector('text.verdict')!.textContent).toBe('unhealthy');
    expect(crashed.querySelector('text.title')!.textContent).toBe('app-b1');
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

  it('makes every kind with actions focusable: zones, regions and links too', () => {
    const kinds = new Set(ACTION_SPECS.flatMap((a) => a.kinds));
    renderTopology(svg, layout, data(snapshot, kinds), { onActivate: () => {} });
    const names = [...svg.querySelectorAll('[role="button"]')].map((b) =>
      b.getAttribute('aria-label'),
    );
    if (kinds.has('zone')) expect(names).toContain('zone eu-b: up');
    if (kinds.has('link')) expect(names).toContain('link lb-1->app-b1: ok');
  });

  it('reports activation by click, Enter and Space, and keeps elements across updates', () => {
    const onActivate = vi.fn();
    renderTopology(svg, layout, data(snapshot, SERVER_ONLY), { onActivate });
    const node = svg.querySelector<SVGGElement>('[data-id="app-a2"]')!;
    node.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    node.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    node.dispatchEvent(new KeyboardEvent('keydown', { key: ' ', bubbles: true }));
    node.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true }));
    expect(onActivate.mock.calls).toEqual([['app-a2'], ['app-a2'], ['app-a2']]);

    renderTopology(svg, layout, data(craftedSnapshot(), SERVER_ONLY), { onActivate });
    expect(svg.querySelector('[data-id="app-a2"]')).toBe(node);
  });
});

describe('verdictText', () => {
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

  it('shows health-check progress while a verdict is changing', () => {
    expect(verdictText(true, target, 2, 3)).toBe('healthy (1/2 failed)');
    expect(verdictText(false, { ...target, healthy: false, consecutiveOks: 2 }, 2, 3)).toBe(
      'unhealthy (2/3 passed)',
    );
    expect(verdictText(true, { ...target, consecutiveFails: 0 }, 2, 3)).toBe('healthy');
  });
});
