/**
 * The typed states: every member of every union has its words in the one label table,
 * the labels say what the parts show on screen, and a run's snapshot only ever holds
 * members of the union of each part's kind.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { Command } from '../commands';
import type { ComponentKind } from '../topology';
import { createSimulation } from '../simulation';
import { usFromS } from '../engine/time';
import { THREE_ZONES } from '../testTopologies';
import {
  ALWAYS_UP_STATUSES,
  COMPONENT_STATUS_LABELS,
  COMPONENT_STATUSES,
  componentIsDown,
  componentIsPlainUp,
  componentIsSlow,
  DATABASE_NODE_STATUSES,
  databaseNodeStatusLabel,
  LINK_STATUS_LABELS,
  LINK_STATUSES,
  linkStatusLabel,
  SERVER_STATUSES,
  serverStatusLabel,
  SITE_STATUSES,
  type ComponentStatus,
  type LinkStatus,
} from './states';

/** The union each kind of part takes its state from. */
const STATUSES_OF_KIND: Record<ComponentKind, readonly ComponentStatus[]> = {
  server: SERVER_STATUSES,
  dependency: SERVER_STATUSES,
  database: DATABASE_NODE_STATUSES,
  zone: SITE_STATUSES,
  region: SITE_STATUSES,
  balancer: SITE_STATUSES,
  users: ALWAYS_UP_STATUSES,
  dns: ALWAYS_UP_STATUSES,
};

const PLAIN = { flapping: false, slowFactor: 1, errorPercent: 0 };

describe('state label tables', () => {
  it('have exactly one label per member of the unions (checked by the type too)', () => {
    expectTypeOf<keyof typeof COMPONENT_STATUS_LABELS>().toEqualTypeOf<ComponentStatus>();
    expectTypeOf<keyof typeof LINK_STATUS_LABELS>().toEqualTypeOf<LinkStatus>();
    for (const statuses of [
      SERVER_STATUSES,
      DATABASE_NODE_STATUSES,
      SITE_STATUSES,
      ALWAYS_UP_STATUSES,
    ]) {
      for (const status of statuses) expect(COMPONENT_STATUS_LABELS[status]).toMatch(/\S/);
    }
    expect(Object.keys(COMPONENT_STATUS_LABELS).sort()).toEqual([...COMPONENT_STATUSES].sort());
    expect(Object.keys(LINK_STATUS_LABELS).sort()).toEqual([...LINK_STATUSES].sort());
  });

  it('never give two states the same words (a reader could not tell them apart)', () => {
    const labels = COMPONENT_STATUSES.map((s) => COMPONENT_STATUS_LABELS[s]);
    expect(new Set(labels).size).toBe(labels.length);
    const linkLabels = LINK_STATUSES.map((s) => LINK_STATUS_LABELS[s]);
    expect(new Set(linkLabels).size).toBe(linkLabels.length);
  });

  it('compose the words the diagram and accessible names show', () => {
    expect(serverStatusLabel('up', PLAIN)).toBe('up');
    expect(serverStatusLabel('crashed', PLAIN)).toBe('crashed');
    expect(serverStatusLabel('zone-down', { ...PLAIN, slowFactor: 3 })).toBe('down (zone)');
    expect(serverStatusLabel('host-down', PLAIN)).toBe('host down');
    expect(serverStatusLabel('up', { flapping: true, slowFactor: 3, errorPercent: 20 })).toBe(
      'flapping, up, slow x3, failing 20%',
    );
    expect(serverStatusLabel('crashed', { ...PLAIN, flapping: true })).toBe('flapping, crashed');
    expect(databaseNodeStatusLabel('rebuilding', 40)).toBe('rebuilding 40%');
    expect(databaseNodeStatusLabel('isolated-fenced', undefined)).toBe('isolated (fenced)');
    const link = { from: 'lb-1', to: 'app-a1', addedLatencyMs: 0, lossPercent: 0 };
    expect(linkStatusLabel('ok', { ...link, cutForward: false })).toBe('ok');
    expect(linkStatusLabel('cut-one-way', { ...link, cutForward: false })).toBe(
      'cut one way (app-a1 to lb-1)',
    );
    expect(
      linkStatusLabel('impaired', {
        ...link,
        cutForward: false,
        addedLatencyMs: 200,
        lossPercent: 20,
      }),
    ).toBe('+200 ms, 20% loss');
  });

  it('read down, slow and plain up from the state and conditions, not the words', () => {
    expect(componentIsDown({ state: 'disk-failed' })).toBe(true);
    expect(componentIsDown({ state: 'rebuilding' })).toBe(false);
    expect(componentIsSlow({ state: 'crashed', slowFactor: 3 })).toBe(true);
    expect(componentIsSlow({ state: 'host-down', slowFactor: 3 })).toBe(false);
    expect(componentIsPlainUp({ state: 'up', ...PLAIN })).toBe(true);
    expect(componentIsPlainUp({ state: 'up', ...PLAIN, errorPercent: 5 })).toBe(false);
  });
});

describe('a run’s snapshot holds typed states (10 seeds)', () => {
  const at = (s: number, command: Command) => ({ atUs: usFromS(s), command });
  const faults = [
    at(1, { type: 'kill', target: 'app-b1' }),
    at(1, { type: 'host-down', target: 'app-a2' }),
    at(1, { type: 'slow', target: 'app-a1', factor: 3 }),
    at(1, { type: 'kill-zone', target: 'eu-c' }),
    at(1, { type: 'cut', target: 'lb-1->app-b2', oneWay: true }),
    at(1, { type: 'latency', target: 'lb-1->app-a1', addedMs: 200 }),
  ];

  it('each part’s state is in its kind’s union, its words come from the label table', () => {
    for (let seed = 1; seed <= 10; seed++) {
      const sim = createSimulation(
        { topology: THREE_ZONES, faults },
        { seed, trackMessages: false },
      );
      sim.runUntil(usFromS(0.5));
      const before = sim.snapshot();
      expect(before.components.every((c) => c.state === 'up')).toBe(true);
      expect(before.links.every((l) => l.state === 'ok')).toBe(true);
      sim.runUntil(usFromS(2));
      const { components, links } = sim.snapshot();
      for (const c of components) {
        expect(STATUSES_OF_KIND[c.kind], `${c.id} ${c.state}`).toContain(c.state);
        if (c.kind === 'zone' || c.kind === 'region' || c.kind === 'balancer') {
          expect(c.stateLabel).toBe(COMPONENT_STATUS_LABELS[c.state]);
        }
      }
      const state = (id: string) => components.find((c) => c.id === id)!;
      expect(state('app-b1').state).toBe('crashed');
      expect(state('app-a2').state).toBe('host-down');
      expect(state('app-c1').state).toBe('zone-down');
      expect(state('eu-c').state).toBe('down');
      expect(state('app-a1').state).toBe('up');
      expect(componentIsSlow(state('app-a1'))).toBe(true);
      expect(state('app-a1').stateLabel).toBe('slow x3');
      const link = (id: string) => links.find((l) => l.id === id)!;
      expect(link('lb-1->app-b2').state).toBe('cut-one-way');
      expect(link('lb-1->app-a1').state).toBe('impaired');
      expect(link('lb-1->app-a1').stateLabel).toBe('+200 ms');
      for (const l of links) expect(LINK_STATUSES).toContain(l.state);
    }
  });
});
