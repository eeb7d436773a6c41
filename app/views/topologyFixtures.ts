/**
 * Test fixtures for the views: the built-in scenarios' topologies (test code may read
 * scenarios as data; the shipped views may not), and a helper that runs the real engine
 * to get snapshots and menus to draw.
 */
import {
  ACTION_SPECS,
  usFromS,
  type Command,
  type SettingsOverrides,
  type Snapshot,
  type TargetKind,
  type TopologySpec,
} from '../sim';
import { createSimulation } from '../sim/runtime';
import { ACTIVE_ACTIVE_DATA, DATABASE, ONE_REGION, TWO_REGIONS } from '../scenarios';
import type { TopologyData } from './topology';
import { textBox } from './cross';
import { boldTextWidthMax, textWidth, type Box } from './layout';

/** Every kind of part some action targets: the diagram offers a menu on all of them. */
export const ALL_KINDS: ReadonlySet<TargetKind> = new Set(ACTION_SPECS.flatMap((a) => a.kinds));

/**
 * What the diagram draws for `snapshot`, with quiet defaults (no rates, no selection,
 * no menu open, the default health-check thresholds); a test overrides what it pins.
 */
export function topologyData(snapshot: Snapshot, extra: Partial<TopologyData> = {}): TopologyData {
  return {
    snapshot,
    actions: {},
    actionableKinds: ALL_KINDS,
    linkRates: {},
    rateWindowUs: null,
    transitCounts: null,
    selectedId: null,
    menuFor: null,
    balancerNote: 'round robin',
    usersRatePerS: {},
    dnsNote: 'TTL 60 s',
    timeoutsPerSByGroup: {},
    unhealthyThreshold: 2,
    healthyThreshold: 3,
    ...extra,
  };
}

/** The built-in scenarios' clouds: the diagram is tested on what users see. */
export const ONE_REGION_TOPOLOGY: TopologySpec = ONE_REGION.topology;
export const TWO_REGIONS_TOPOLOGY: TopologySpec = TWO_REGIONS.topology;
export const DATABASE_TOPOLOGY: TopologySpec = DATABASE.topology;
export const ACTIVE_ACTIVE_DATA_TOPOLOGY: TopologySpec = ACTIVE_ACTIVE_DATA.topology;
export const ACTIVE_ACTIVE_DATA_SETTINGS: SettingsOverrides = ACTIVE_ACTIVE_DATA.settings;

/** A run of the real engine: its snapshot, menus and delivered messages at the end. */
export interface EngineRun {
  snapshot: Snapshot;
  /** The last minute's finished user requests, as `Metrics.window60s` reports them. */
  recent: { succeeded: number; degraded: number; failed: number };
  actions: Record<string, string[]>;
}

/**
 * Runs `topology` with `settings` to `untilS`, applying each command at its time, and
 * returns what the diagram draws.
 */
export function runEngine(
  topology: TopologySpec,
  options: {
    settings?: SettingsOverrides;
    commands?: ReadonlyArray<{ atS: number; command: Command }>;
    untilS: number;
    seed?: number;
  },
): EngineRun {
  const sim = createSimulation(
    { topology, settings: options.settings },
    { seed: options.seed ?? 1, trackMessages: true },
  );
  for (const { atS, command } of options.commands ?? []) {
    sim.runUntil(usFromS(atS));
    const result = sim.apply(command);
    if (!result.ok) throw new Error(result.error);
  }
  sim.runUntil(usFromS(options.untilS));
  const actions: Record<string, string[]> = {};
  for (const c of sim.components()) actions[c.id] = sim.actionsFor(c.id);
  for (const l of sim.links()) actions[l.id] = sim.actionsFor(l.id);
  return { snapshot: sim.snapshot(), recent: sim.metrics().window60s, actions };
}

/**
 * The box a drawn SVG text covers: its position, size and anchor as drawn, its width
 * estimated (`textWidth`) in its drawn weight, or as bold, or as the widest bold digits
 * could make it (`boldTextWidthMax`: a count whose digits change).
 */
export function drawnTextBox(
  t: SVGTextElement,
  weight: 'as-drawn' | 'bold' | 'widest-bold' = 'as-drawn',
): Box {
  const size = parseFloat(t.style.fontSize);
  const anchor = (t.getAttribute('text-anchor') ?? 'start') as 'start' | 'middle' | 'end';
  const text = t.textContent ?? '';
  const width =
    weight === 'widest-bold'
      ? boldTextWidthMax(text, size)
      : textWidth(text, size, weight === 'bold' || t.style.fontWeight === '700');
  return textBox(Number(t.getAttribute('x')), Number(t.getAttribute('y')), width, size, anchor);
}
