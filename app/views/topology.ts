/**
 * The cluster diagram: an SVG drawn from a snapshot with D3 joins keyed by component
 * and link id. Each breakable part that has actions is a focusable role="button" group
 * named `<kind> <id>: <state>` (the UI contract, docs/architecture.md "Rules the code keeps"). State shows by shape and text
 * as well as colour: down = a cross and the state word ("crashed", "host down");
 * marked unhealthy by the balancer = a dashed outline and the word "unhealthy";
 * ejected by outlier detection = a dotted outline, an eject glyph and the word; slow =
 * a clock glyph; database primary = a "P" badge and the word; an open circuit breaker
 * = an open switch on the server->dependency link and the word "open".
 *
 * DOM order is paint order and Tab order: boxes, links, the links' labels (one layer
 * above every line, so no later link crosses an earlier one's label), nodes (rows of
 * each zone first), zone and region tags. Links are drawn with a wide invisible hit area for
 * the mouse; keyboard users reach them through the Links list (components/diagram/LinkList).
 *
 * The view never writes to the engine: activation is reported through a callback.
 */
import { select, type BaseType, type Selection, type ValueFn } from 'd3';
import type { ComponentView, LinkView, Snapshot, TargetKind, TargetView } from '../sim';
import {
  componentIsDown,
  componentIsIsolated,
  componentIsPlainUp,
  componentIsSlow,
  sFromUs,
} from '../sim';
import {
  databaseDetailText,
  databaseLabelLines,
  databaseRoleText,
  databaseStateText,
  rebuildProgress,
  streamLabel,
  streamsBetween,
} from './database';
import {
  boldTextWidthMax,
  DATABASE_LABEL_LINES,
  linkDirectionAt,
  linkPath,
  linkPointAt,
  textWidth,
  databaseNameAndBadge,
  ROW_BADGE_LETTER,
  zoneTileTagText,
  type Box,
  type FontSizes,
  type GroupLayout,
  type LinkLayout,
  type NodeLayout,
  type TopologyLayout,
  TILE_LINES_MAX,
  tileLineBaselineY,
  tileLines,
  tileNameMiddleY,
} from './layout';
import { crossPaths, intervalsAvoiding, textBox, tileCrossBox, type CrossKind } from './cross';
import { arcLabelLines, arcLabelPlace, fitArcLabel, fitLinkLabel, placeInside } from './linkLabels';
import {
  linkScalePerS,
  linkWidth,
  queueBand,
  queueBlocks,
  queueLeftLimit,
  queueStrip,
  tileQueueLines,
  type QueueBlock,
} from './load';

/** Left of a tile's name and its queue's count, and as much right of them (user units). */
const TILE_TEXT_INSET = 10;

export interface TopologyData {
  snapshot: Snapshot;
  /**
   * Actions on offer by component or link id (the engine's actionsFor): a part is a
   * button only when it has some. Ids missing here fall back to `actionableKinds`.
   */
  actions: Readonly<Record<string, readonly string[]>>;
  /** Kinds that have at least one action in general (fallback before the first report). */
  actionableKinds: ReadonlySet<TargetKind>;
  /** Requests per simulated second by link id (shown beside each link). */
  linkRates: Readonly<Record<string, number>>;
  /**
   * The simulated time `linkRates` are measured over (the store's rate window, 2 s or more),
   * which the phone's fan label says; null where unknown (no rates yet).
   */
  rateWindowUs: number | null;
  /**
   * Every link's rate label says that window too, where it fits ("50.6/s (last 2.2 s)"):
   * Present mode, which shows no legend to say it (a room asks why 50.6 is not 50).
   */
  rateWindowOnLabels?: boolean;
  /** Messages on the wire by link id, shown instead of moving dots (reduced motion). */
  transitCounts: ReadonlyMap<string, number> | null;
  /** The selected part (drawn with a ring). */
  selectedId: string | null;
  /** The part whose action menu is open (aria-expanded). */
  menuFor: string | null;
  /** Second line of each balancer, e.g. "round robin". */
  balancerNote: string;
  /** Arrival rate of each user group, requests per simulated second. */
  usersRatePerS: Readonly<Record<string, number>>;
  /** Note of the DNS traffic manager, e.g. "TTL 60 s". */
  dnsNote: string;
  /** Timed-out requests per simulated second by user group: flashed at each users node. */
  timeoutsPerSByGroup: Readonly<Record<string, number>>;
  unhealthyThreshold: number;
  healthyThreshold: number;
  /**
   * The rate a full-width link stands for when diagrams share one scale (two designs
   * compared: compare/linkScale.ts); by default this diagram's own (`linkWidthFullScalePerS`).
   */
  linkFullScalePerS?: number;
}

export interface TopologyHandlers {
  /** A part was clicked, or Enter/Space was pressed on it. */
  onActivate(id: string): void;
}

type G = Selection<SVGGElement, unknown, null, undefined>;
type Root = G;

/** A server (or zone, region) state in which it serves nothing: drawn with a cross. */
const isDownState = componentIsDown;

/** Balancers that have marked a server unhealthy. */
function unhealthyIn(targets: readonly TargetView[], serverId: string): string[] {
  return targets.filter((t) => t.server === serverId && !t.healthy).map((t) => t.balancer);
}

/** Balancers whose outlier detection has ejected a server. */
function ejectedIn(targets: readonly TargetView[], serverId: string): string[] {
  return targets.filter((t) => t.server === serverId && t.ejected).map((t) => t.balancer);
}

/**
 * The accessible name of a component: `<kind> <id>: <state>`, then what matters about
 * it, e.g. `server app-b1: crashed, marked unhealthy by lb-1`, `database db-b1: up,
 * primary`, `region us: up, standby`.
 */
export function componentAccessibleName(view: ComponentView, snapshot: Snapshot): string {
  if (view.kind === 'database') return `database ${view.id}: ${databaseStateText(view)}`;
  const name = `${view.kind} ${view.id}: ${view.stateLabel}`;
  if (view.kind === 'server') {
    const extra: string[] = [];
    const by = unhealthyIn(snapshot.targets, view.id);
    if (by.length > 0) extra.push(`marked unhealthy by ${by.join(' and ')}`);
    else if (!componentIsPlainUp(view)) {
      const balancers = snapshot.targets.filter((t) => t.server === view.id).map((t) => t.balancer);
      if (balancers.length > 0) extra.push(`${balancers.join(' and ')} still sends it traffic`);
    }
    const ejectedBy = ejectedIn(snapshot.targets, view.id);
    if (ejectedBy.length > 0) extra.push(`ejected by ${ejectedBy.join(' and ')}`);
    if (view.weight !== undefined && view.weight !== 1) extra.push(`weight ${view.weight}`);
    return extra.length > 0 ? `${name}, ${extra.join(', ')}` : name;
  }
  if (view.kind === 'region' && view.role && snapshot.regionMode === 'active-passive') {
    return `${name}, ${view.role}`;
  }
  if (view.kind === 'balancer' && snapshot.failingOpen.includes(view.id)) {
    return `${name}, failing open: no healthy targets`;
  }
  return name;
}

/**
 * The accessible name of a link, e.g. `link lb-1->app-a1: cut`; a server->dependency
 * link adds its server's circuit breaker when that is on (`..., breaker OPEN`).
 */
export function linkAccessibleName(view: LinkView, snapshot?: Snapshot): string {
  const name = `link ${view.id}: ${view.stateLabel}`;
  if (view.scope !== 'dependency' || !snapshot) return name;
  const breaker = snapshot.components.find((c) => c.id === view.from)?.breaker;
  return breaker ? `${name}, breaker ${breaker.state}` : name;
}

/** "3 busy · 1 queued": work on a server now. */
function serverLoadText(view: ComponentView): string {
  return `${view.inService} busy · ${view.queued} queued`;
}

/**
 * The balancer's verdict on a server, with health-check progress while it is changing:
 * "healthy", "healthy (1/2 failed)", "unhealthy", "unhealthy (2/3 passed)".
 */
export function verdictText(
  healthy: boolean,
  target: TargetView | undefined,
  unhealthyThreshold: number,
  healthyThreshold: number,
): string {
  const word = healthy ? 'healthy' : 'unhealthy';
  if (!target) return word;
  if (target.healthy && target.consecutiveFails > 0) {
    return `${word} (${target.consecutiveFails}/${unhealthyThreshold} failed)`;
  }
  if (!target.healthy && target.consecutiveOks > 0) {
    return `${word} (${target.consecutiveOks}/${healthyThreshold} passed)`;
  }
  return word;
}

/** "9.8/s" with a sensible number of digits. */
function rateText(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '';
  return perSecond >= 100 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

/**
 * Where a user group's cached DNS answers point, one line per region, biggest first:
 * ["→ eu 100%"], ["→ eu 60%", "→ us 40%"]; at most `max` lines.
 */
export function dnsShareLines(
  shares: Readonly<Record<string, number>> | undefined,
  max = 2,
): string[] {
  if (!shares) return [];
  const lines = Object.entries(shares)
    .filter(([, share]) => share > 0.0005)
    .sort((a, b) => b[1] - a[1])
    .map(([region, share]) => `→ ${region} ${Math.round(share * 100)}%`);
  return lines.length > 0 ? lines.slice(0, max) : ['→ nowhere'];
}

/**
 * Short form of a link's faults for its label (the accessible name keeps the long
 * one): "cut", "cut →" (one way, along the link), "← cut" (one way, against it),
 * "+200ms", "20% loss".
 */
export function linkShortState(
  view: Pick<LinkView, 'cutForward' | 'cutBackward' | 'addedLatencyMs' | 'lossPercent'>,
): string {
  const parts: string[] = [];
  if (view.cutForward && view.cutBackward) parts.push('cut');
  else if (view.cutForward) parts.push('cut →');
  else if (view.cutBackward) parts.push('← cut');
  if (view.addedLatencyMs > 0) parts.push(`+${view.addedLatencyMs}ms`);
  if (view.lossPercent > 0) parts.push(`${Number(view.lossPercent.toFixed(1))}% loss`);
  return parts.join(' ');
}

/** The words of a region or zone tag: its label, then its state and role when they matter. */
function tagText(label: string, view: ComponentView | undefined, roles: boolean): string {
  const state = view?.stateLabel ?? 'up';
  const role = roles && view?.role ? ` · ${view.role}` : '';
  return componentIsPlainUp(view) ? `${label}${role}` : `${label}: ${state}${role}`;
}

/** Makes sure the SVG has its layer groups, in order; returns them. */
function layers(svg: SVGSVGElement) {
  const root = select(svg);
  const layer = (name: string): Root => {
    let g = root.select<SVGGElement>(`g.layer-${name}`);
    if (g.empty()) g = root.append('g').call(setAttr, 'class', `layer-${name}`);
    return g;
  };
  return {
    regions: layer('regions'),
    zones: layer('zones'),
    links: layer('links'),
    linkLabels: layer('link-labels'),
    nodes: layer('nodes'),
    tags: layer('tags'),
    linkHits: layer('link-hits'),
    labels: layer('labels'),
  };
}

/** The child `<tag class="className">` of `parent`, created (appended) on first use. */
function part<E extends SVGElement>(
  parent: G,
  tag: string,
  className: string,
): Selection<E, unknown, null, undefined> {
  const found = parent.selectChild(`${tag}.${className.split(' ')[0]}`) as unknown as Selection<
    E,
    unknown,
    null,
    undefined
  >;
  if (!found.empty()) return found;
  return parent.append(tag).call(setAttr, 'class', className) as unknown as Selection<
    E,
    unknown,
    null,
    undefined
  >;
}

/** Shows or hides an element (kept in the DOM so paint order never changes). */
function shown<E extends BaseType>(el: Selection<E, unknown, null, undefined>, visible: boolean) {
  el.call(setAttr, 'display', visible ? null : 'none');
  return el;
}

interface TextOptions {
  anchor?: 'start' | 'middle' | 'end';
  size: number;
  bold?: boolean;
}

/** A text part at (x, y), with its size inline (it must beat the stylesheet's sizes). */
function textPart(
  parent: G,
  className: string,
  x: number,
  y: number,
  content: string,
  options: TextOptions,
) {
  const el = part<SVGTextElement>(parent, 'text', className)
    .call(setAttr, 'x', x)
    .call(setAttr, 'y', y)
    .call(setAttr, 'text-anchor', options.anchor ?? null)
    .call(setStyle, 'font-size', `${options.size}px`)
    .call(setStyle, 'font-weight', () => (options.bold ? '700' : null));
  if (el.text() !== content) el.text(content);
  return shown(el, content !== '');
}

/** Makes a group a focusable button (or plain graphics) and wires activation. */
function makeActivatable(
  g: G,
  id: string,
  name: string | null,
  data: Pick<TopologyData, 'selectedId' | 'menuFor'>,
  handlers: TopologyHandlers,
): void {
  const actionable = name !== null;
  g.call(setClass, 'actionable', actionable)
    .call(setClass, 'selected', data.selectedId === id)
    .call(setAttr, 'role', actionable ? 'button' : null)
    .call(setAttr, 'tabindex', actionable ? 0 : null)
    .call(setAttr, 'aria-haspopup', actionable ? 'dialog' : null)
    .call(setAttr, 'aria-expanded', actionable ? String(data.menuFor === id) : null)
    .call(setAttr, 'aria-label', name);
  bindActivation(g.node(), actionable ? () => handlers.onActivate(id) : null, true);
}

/**
 * What activating each part does now (null: nothing). Its listeners are bound once, when
 * the element is first drawn, and look this up: rebinding them on every redraw (a few
 * times a second) cost a removal and an addition of each listener for nothing.
 */
const activations = new WeakMap<Element, (() => void) | null>();

/** Sets what a click (and with `keys`, Enter or Space) on `element` does, binding listeners once. */
function bindActivation(
  element: Element | null,
  activate: (() => void) | null,
  keys: boolean,
): void {
  if (!element) return;
  const bound = activations.has(element);
  activations.set(element, activate);
  if (bound) return;
  element.addEventListener('click', () => activations.get(element)?.());
  if (!keys) return;
  element.addEventListener('keydown', (event) => {
    const current = activations.get(element);
    const key = (event as KeyboardEvent).key;
    if (current && (key === 'Enter' || key === ' ')) {
      event.preventDefault();
      current();
    }
  });
}

/** Whether a part has any action now (the engine's actionsFor, or its kind before that). */
function hasActions(data: TopologyData, id: string, kind: TargetKind): boolean {
  const actions = data.actions[id];
  return actions ? actions.length > 0 : data.actionableKinds.has(kind);
}

/**
 * Room round a word the dots keep out of, SVG units: its halo (the 4-unit stroke painted
 * under it reaches 2 past its glyphs) and a unit for the canvas's anti-aliased edges.
 */
const DOT_FREE_PAD = 3;

/** What a drawing of the diagram put on screen that the page around it needs to know. */
export interface TopologyDrawn {
  /**
   * The boxes (SVG units, halo included) of the words drawn beside the links and the
   * queues, which the moving dots pass under (messages.ts dotHoles).
   */
  dotFree: Box[];
  /**
   * The down parts struck round instead of crossed (a row too full of words for a cross,
   * cross.ts), in drawing order: the legend explains the outline while there is one.
   */
  outlined: string[];
}

/**
 * Renders (or updates) the diagram into `svg`. Call it with every new snapshot; the
 * keyed joins keep elements (and keyboard focus) stable across updates.
 */
export function renderTopology(
  svg: SVGSVGElement,
  layout: TopologyLayout,
  data: TopologyData,
  handlers: TopologyHandlers,
): TopologyDrawn {
  select(svg)
    .call(setAttr, 'viewBox', `0 0 ${layout.width} ${layout.height}`)
    .call(setAttr, 'preserveAspectRatio', 'xMidYMid meet')
    .call(setClass, 'density-compact', layout.density === 'compact')
    .call(setClass, 'density-roomy', layout.density === 'roomy');
  const g = layers(svg);
  const viewById = new Map(data.snapshot.components.map((c) => [c.id, c]));
  const linkViewById = new Map(data.snapshot.links.map((l) => [l.id, l]));

  drawBoxes(g.regions, layout.regions, viewById, data.snapshot);
  drawBoxes(g.zones, layout.zones, viewById, data.snapshot);
  const labels = drawLinks(g.links, layout, data, viewById, linkViewById);
  const words = drawLinkLabels(g.linkLabels, labels, layout.fonts);
  const outlined = drawNodes(g.nodes, layout, viewById, data, handlers);
  drawTags(
    g.tags,
    [...layout.regions, ...layout.zones],
    layout.fonts,
    viewById,
    data,
    handlers,
    layout.density === 'tiles',
  );
  drawLinkHits(g.linkHits, layout.links, data, handlers);
  drawDatabaseLabel(g.labels, layout, data.snapshot);
  const dotFree = [...words, ...queueCounts(layout, viewById)].map((b) => ({
    x: b.x - DOT_FREE_PAD,
    y: b.y - DOT_FREE_PAD,
    width: b.width + 2 * DOT_FREE_PAD,
    height: b.height + 2 * DOT_FREE_PAD,
  }));
  return { dotFree, outlined };
}

/**
 * The "+N" count of each server's queue in the rows (doorQueue), as the box of its line at
 * the widest a font draws its digits.
 */
function queueCounts(layout: TopologyLayout, viewById: ReadonlyMap<string, ComponentView>): Box[] {
  if (layout.density === 'tiles') return [];
  const size = layout.fonts.small;
  return layout.nodes.flatMap((n) => {
    const queued = n.kind === 'server' ? (viewById.get(n.id)?.queued ?? 0) : 0;
    if (queued <= 0) return [];
    const { overflow, overflowX } = doorQueue(layout, n, queued);
    if (overflow <= 0) return [];
    const width = boldTextWidthMax(`+${overflow}`, size);
    // Its whole line, as a browser draws it (ascent and descent, about 0.95 and 0.25 of its
    // size), not textBox's estimate: the links break round all of it and the dots pass under it.
    const baseline = queueTextY(n, size);
    return [{ x: overflowX - width, y: baseline - 0.95 * size, width, height: 1.2 * size }];
  });
}

/** "last 2 s", "last 2.3 s": a rate window of `windowUs` simulated microseconds, to 0.1 s. */
export function windowText(windowUs: number): string {
  return `last ${Number(sFromUs(windowUs).toFixed(1))} s`;
}

/** The widest a link's line is drawn by the stylesheet (diagram.css), in SVG units. */
const LINK_WIDTH_STYLED_MAX = 3;

/**
 * A link's line as SVG path data, broken where it would run through any of `words` (issue 14
 * leftovers: in overload at 1920x1080 app-b1's "+3927" sat on the fan's lines, its own
 * among them), clear of them by the stroke's half width and 2 units. Straight lines only:
 * the curves (replication, cross-region) run nowhere near a queue.
 */
function linkPathClearOf(link: LinkLayout, words: readonly Box[], widthUnits: number): string {
  if (words.length === 0 || (link.cx !== undefined && link.cy !== undefined)) {
    return linkPath(link);
  }
  return intervalsAvoiding(link, words, widthUnits / 2 + 2)
    .map(([t0, t1]) => linkPath(link, t0, t1))
    .join('');
}

function drawBoxes(
  parent: Root,
  groups: GroupLayout[],
  viewById: ReadonlyMap<string, ComponentView>,
  snapshot: Snapshot,
): void {
  parent
    .selectAll<SVGGElement, GroupLayout>('g.box-group')
    .data(groups, (d) => d.id)
    .join((enter) => enter.append('g').call(setAttr, 'aria-hidden', 'true'))
    .call(addClasses, (d) => `box-group ${d.kind}`)
    .call(setAttr, 'data-box', (d) => d.id)
    .each(function (d) {
      const box = select(this) as unknown as G;
      const view = viewById.get(d.id);
      box
        .call(setClass, 'down', isDownState(view))
        .call(
          setClass,
          'standby',
          snapshot.regionMode === 'active-passive' && view?.role === 'standby',
        );
      part<SVGRectElement>(box, 'rect', 'box')
        .call(setAttr, 'rx', 10)
        .call(setAttr, 'x', d.x)
        .call(setAttr, 'y', d.y)
        .call(setAttr, 'width', d.width)
        .call(setAttr, 'height', d.height);
      const cross = part<SVGGElement>(box, 'g', 'cross');
      part<SVGLineElement>(cross, 'line', 'a')
        .call(setAttr, 'x1', d.x)
        .call(setAttr, 'y1', d.y)
        .call(setAttr, 'x2', d.x + d.width)
        .call(setAttr, 'y2', d.y + d.height);
      part<SVGLineElement>(cross, 'line', 'b')
        .call(setAttr, 'x1', d.x)
        .call(setAttr, 'y1', d.y + d.height)
        .call(setAttr, 'x2', d.x + d.width)
        .call(setAttr, 'y2', d.y);
    });
}

/**
 * The measured requests per second of the links whose rate is one link's own: each
 * balancer->server link, and a users->balancer link when it is the only user link into
 * its balancer (with several, the balancer's total is not one link's rate).
 */
export function measuredLinkRates(
  layout: Pick<TopologyLayout, 'links'>,
  linkRates: Readonly<Record<string, number>>,
): Map<string, number> {
  const userLinksInto = new Map<string, number>();
  for (const l of layout.links) {
    if (l.scope === 'user' || l.scope === 'cross-region') {
      userLinksInto.set(l.to, (userLinksInto.get(l.to) ?? 0) + 1);
    }
  }
  const rates = new Map<string, number>();
  for (const l of layout.links) {
    const rate = linkRates[l.id];
    if (rate === undefined || !Number.isFinite(rate)) continue;
    const own = l.scope === 'region' || (l.scope === 'user' && (userLinksInto.get(l.to) ?? 0) <= 1);
    if (own) rates.set(l.id, rate);
  }
  return rates;
}

/**
 * The rate a full-width link stands for on this diagram (`linkScalePerS`): the round step
 * (1, 2, 5 x 10^k) at or above the busiest user group's arrival rate and the busiest
 * measured link's rate past its noise, so the scale is set before the first rate is
 * measured and stays put while rates wobble.
 */
export function linkWidthFullScalePerS(
  layout: Pick<TopologyLayout, 'links'>,
  data: Pick<TopologyData, 'linkRates' | 'usersRatePerS'>,
): number {
  return linkScalePerS(
    measuredLinkRates(layout, data.linkRates).values(),
    Object.values(data.usersRatePerS),
  );
}

/** Where a link's label sits and how it is anchored. */
function linkLabelPoint(
  d: LinkLayout,
  fonts: FontSizes,
): { x: number; y: number; anchor: 'start' | 'middle' | 'end' } {
  switch (d.scope) {
    case 'region': {
      // Balancer links fan out, so each label sits just left of its server on the outer
      // side of its line (below a rising line, above a falling one), clear of the queue
      // that stacks at the server's door along the line (issue 14: it ran over the labels).
      const rising = d.y2 < d.y1 - 1;
      const band = queueBand(d.y2, fonts.small);
      const clear = 2;
      return {
        x: d.x2 - 10,
        y: rising ? band.bottom + clear + fonts.small * 0.8 : band.top - clear - fonts.small * 0.2,
        anchor: 'end',
      };
    }
    case 'dependency':
      return { x: d.x1 + 14, y: d.y1 - 6, anchor: 'start' };
    case 'control':
      return { x: d.x1 + 8, y: (d.y1 + d.y2) / 2 + 5, anchor: 'start' };
    case 'replication':
      return arcLabelPlace(d);
    case 'cross-region': {
      const at = linkPointAt(d, 0.3);
      return { x: at.x, y: at.y - 8, anchor: 'middle' };
    }
    default:
      return { x: (d.x1 + d.x2) / 2, y: (d.y1 + d.y2) / 2 - 10, anchor: 'middle' };
  }
}

/**
 * The words beside one link, drawn in the link labels' layer: where, its lines (the
 * second for a two-way replication arc), the reduced-motion count and its offset, and the
 * link's state classes, which the labels carry too (`.link-labels.degraded .link-label`).
 */
interface LinkLabelDraw {
  id: string;
  scope: LinkLayout['scope'];
  states: ReadonlyArray<readonly [string, boolean]>;
  at: { x: number; y: number; anchor: 'start' | 'middle' | 'end' };
  texts: readonly string[];
  lineStepY: number;
  sublabel: string;
  sublabelDy: number;
}

/** Draws the links' lines, arrows and breakers; returns their labels for drawLinkLabels. */
function drawLinks(
  parent: Root,
  layout: TopologyLayout,
  data: TopologyData,
  viewById: ReadonlyMap<string, ComponentView>,
  linkViewById: ReadonlyMap<string, LinkView>,
): LinkLabelDraw[] {
  const { snapshot } = data;
  const fonts = layout.fonts;
  const outOfRotation = new Set(
    snapshot.targets
      .filter((t) => !t.healthy || t.ejected)
      .map((t) => `${t.balancer}->${t.server}`),
  );
  // What a replication arc's label must clear: nodes, tags, the database's label, and
  // the labels placed before it (replication links come last).
  const labelAvoid: Box[] = [
    ...layout.nodes,
    ...[...layout.zones, ...layout.regions].map((g) => g.tag),
    ...(layout.databaseLabel ? [layout.databaseLabel] : []),
    // Beyond the drawing's right edge.
    { x: layout.width, y: -layout.height, width: layout.width, height: 3 * layout.height },
  ];
  const placed: Box[] = [];
  // The queues stacked at the servers' doors now (rows only: tiles hold theirs inside), for
  // the fan's rate labels to keep clear of (issue 14: the stacks ran over them).
  const queues: Box[] =
    layout.density === 'tiles'
      ? []
      : layout.nodes.flatMap((n) => {
          const queued = n.kind === 'server' ? (viewById.get(n.id)?.queued ?? 0) : 0;
          if (queued <= 0) return [];
          const { blocks, overflow, overflowX } = doorQueue(layout, n, queued);
          const left =
            overflow > 0
              ? overflowX - textWidth(`+${overflow}`, fonts.small, true)
              : Math.min(...blocks.map((b) => b.x));
          const { top, bottom } = queueBand(n.y + n.height / 2, fonts.small);
          return [{ x: left, y: top, width: n.x - left, height: bottom - top }];
        });
  // The queues' "+N" counts: the lines break round them, as the dots pass under them.
  const counts = queueCounts(layout, viewById);
  const measured = measuredLinkRates(layout, data.linkRates);
  const fullScalePerS = data.linkFullScalePerS ?? linkWidthFullScalePerS(layout, data);
  const labels: LinkLabelDraw[] = [];
  parent
    .selectAll<SVGGElement, LinkLayout>('g.link')
    .data(layout.links, (d) => d.id)
    .join((enter) => enter.append('g').call(setAttr, 'aria-hidden', 'true'))
    .call(addClasses, (d) => `link scope-${d.scope}`)
    .call(setAttr, 'data-link', (d) => d.id)
    .each(function (d) {
      const link = select(this) as unknown as G;
      const view = linkViewById.get(d.id);
      const state = view?.state ?? 'ok';
      const streams =
        d.scope === 'replication' ? streamsBetween(snapshot.database, d.from, d.to) : [];
      const stream = streams[0];
      const fromView = viewById.get(d.from);
      const breaker = d.scope === 'dependency' ? fromView?.breaker : undefined;
      const cut = !!view && (view.cutForward || view.cutBackward);
      const states = [
        ['out-of-rotation', outOfRotation.has(d.id)],
        ['cut', cut],
        ['degraded', state !== 'ok'],
        ['idle', d.scope === 'replication' && !stream],
        ['streaming', !!stream && stream.connected],
        ['stalled', !!stream && !stream.connected],
        [
          'no-share',
          d.scope === 'cross-region' &&
            (fromView?.dnsShares?.[regionOf(viewById, d.to)] ?? 0) === 0,
        ],
        ['breaker-open', breaker?.state === 'OPEN'],
        ['breaker-half-open', breaker?.state === 'HALF_OPEN'],
      ] as const;
      for (const [name, on] of states) link.call(setClass, name, on);
      // Width in proportion to the requests the link carries (load.ts says the scale).
      const measuredRate = measured.get(d.id);
      const widthUnits =
        measuredRate === undefined
          ? null
          : Math.round(linkWidth(measuredRate, fullScalePerS) * 10) / 10;
      const line = part<SVGPathElement>(link, 'path', 'line').call(
        setAttr,
        'd',
        linkPathClearOf(d, counts, widthUnits ?? LINK_WIDTH_STYLED_MAX),
      );
      const width = widthUnits === null ? '' : String(widthUnits);
      // Inline, to beat the stylesheet's per-scope widths; written only when it changes.
      if (line.node()!.style.strokeWidth !== width) line.node()!.style.strokeWidth = width;
      // The rate the width stands for, for checking a width against the legend's scale.
      link.call(setAttr, 'data-rate-per-s', measuredRate === undefined ? null : measuredRate);

      // Replication streams point from primary to replica (both ways between two primaries).
      drawStreamArrow(part<SVGPathElement>(link, 'path', 'arrow'), d, streams[0]);
      drawStreamArrow(part<SVGPathElement>(link, 'path', 'arrow-back'), d, streams[1]);

      const parts: string[] = [];
      const faults = view ? linkShortState(view) : '';
      // In the balancer's fan there is room for one short word: the fault, else the rate.
      const rate =
        measuredRate !== undefined && !(d.scope === 'region' && faults)
          ? rateText(measuredRate)
          : null;
      if (rate !== null) parts.push(rate);
      // Where the link puts its label, or (centred ones) above both its ends; shortened
      // there if it would run under a node (linkLabels.ts).
      const natural = linkLabelPoint(d, fonts);
      const ends = layout.nodes.filter((n) => n.id === d.from || n.id === d.to);
      // The fan's labels: on the other side of the line where the outer one meets a queue.
      const band = queueBand(d.y2, fonts.small);
      const otherSide =
        natural.y > d.y2 ? band.top - 2 - fonts.small * 0.2 : band.bottom + 2 + fonts.small * 0.8;
      const places =
        natural.anchor === 'middle' && ends.length > 0
          ? [natural, { ...natural, y: Math.min(...ends.map((n) => n.y)) - 6 }]
          : d.scope === 'region'
            ? [natural, { ...natural, y: otherSide }]
            : [natural];
      // Replication arcs: a line per stream (tiles, for the room, say only how far behind),
      // each shortened or left out where it would run under a node, a tag or another label.
      const lineStepY = fonts.small + 4;
      let texts: string[];
      let at = natural;
      if (d.scope === 'replication') {
        const lines = arcLabelLines(
          streams,
          layout.density === 'tiles',
          (id) => layout.nodeById.get(id)?.label ?? id,
          faults,
        );
        texts = d.quiet
          ? []
          : fitArcLabel(lines, natural, lineStepY, [...labelAvoid, ...placed], fonts.small).texts;
      } else {
        if (faults) parts.push(faults);
        const avoid = d.scope === 'region' ? [...layout.nodes, ...queues] : layout.nodes;
        // The rate with its window where all of it fits (at any of the places: the window is
        // the point of it), else the label as elsewhere.
        const windowed =
          data.rateWindowOnLabels && data.rateWindowUs !== null && rate
            ? [`${rate} (${windowText(data.rateWindowUs)})`, ...parts.slice(1)]
            : null;
        const whole = windowed
          ? fitLinkLabel(windowed, places, avoid, fonts.small, layout.width)
          : null;
        const fitted =
          windowed && whole?.kept === windowed.length
            ? whole
            : fitLinkLabel(parts, places, avoid, fonts.small, layout.width);
        texts = [d.quiet ? '' : fitted.text];
        at = fitted.place;
      }
      texts.forEach((text, i) => {
        if (text === '') return;
        const y = at.y + i * lineStepY;
        placed.push(textBox(at.x, y, textWidth(text, fonts.small, true), fonts.small, at.anchor));
      });

      // Reduced motion: messages on the wire as a count, next to the label.
      const inTransit = data.transitCounts?.get(d.id) ?? 0;
      // Inside a region a hop lasts ~0.5 ms, so only non-zero counts are worth a label.
      const showCount =
        data.transitCounts !== null &&
        (d.scope === 'user' || d.scope === 'cross-region' || inTransit > 0);
      const below = d.scope === 'region' && at.y < d.y2 ? -(fonts.small + 4) : fonts.small + 4;
      labels.push({
        id: d.id,
        scope: d.scope,
        states,
        at,
        texts,
        lineStepY,
        sublabel: showCount && !d.quiet ? `${inTransit} on the wire` : '',
        sublabelDy: below,
      });

      drawBreaker(link, d, breaker?.state ?? null, fonts);
    });
  // The phone's column: its lanes are too close for a label each, so each balancer's fan is
  // labelled once, as a bundle, with the total of its links' rates (layout.ts FanLabelPlace),
  // shortened to the number where the words would meet a node, a tag or the drawing's edge.
  for (const fan of layout.fanLabels ?? []) {
    const rates = fan.links.map((id) => measured.get(id));
    const total = rates.every((r) => r !== undefined) ? rates.reduce((a, b) => a + b!, 0) : null;
    const rate = total === null ? '' : rateText(total);
    const at = { x: fan.x, y: fan.y, anchor: 'start' as const };
    // A rate is a count over a window: "23.3/s" while 25 req/s are sent read as a mistake
    // (issue 14 leftovers). The window goes before "to 6 servers" where the line is short.
    const window = data.rateWindowUs === null ? '' : ` (${windowText(data.rateWindowUs)})`;
    const servers = ` to ${fan.links.length} servers`;
    const wordings =
      rate === ''
        ? []
        : [`${rate}${window}${servers}`, `${rate}${window}`, `${rate}${servers}`, rate];
    const { texts } = fitArcLabel([wordings], at, 0, [...labelAvoid, ...placed], fonts.small);
    for (const text of texts.filter((t) => t !== '')) {
      placed.push(textBox(at.x, at.y, textWidth(text, fonts.small, true), fonts.small, 'start'));
    }
    labels.push({
      id: `fan:${fan.balancer}`,
      scope: 'region',
      states: [['fan-total', true]],
      at,
      texts,
      lineStepY: fonts.small + 4,
      sublabel: '',
      sublabelDy: 0,
    });
  }
  return labels;
}

/**
 * The links' labels, one group per link keyed by its id, in a layer above every link's
 * line: drawn inside each link's own group, a label was crossed by the links drawn after
 * it (the balancer's fan, issue 14). Each group carries its link's id (`data-link`) and
 * state classes, so the stylesheet colours a degraded link's label as before.
 */
function drawLinkLabels(parent: Root, labels: readonly LinkLabelDraw[], fonts: FontSizes): Box[] {
  const size = fonts.small;
  const words: Box[] = [];
  for (const { at, texts, lineStepY, sublabel, sublabelDy } of labels) {
    // At the widest a font draws them (digits are wider than textWidth's average): the
    // dots must not show inside a word's real box.
    for (const [text, y] of [
      [texts[0] ?? '', at.y],
      [texts[1] ?? '', at.y + lineStepY],
      [sublabel, at.y + sublabelDy],
    ] as const) {
      if (text !== '') words.push(textBox(at.x, y, boldTextWidthMax(text, size), size, at.anchor));
    }
  }
  parent
    .selectAll<SVGGElement, LinkLabelDraw>('g.link-labels')
    .data(labels, (d) => d.id)
    .join((enter) => enter.append('g').call(setAttr, 'aria-hidden', 'true'))
    .call(addClasses, (d) => `link-labels scope-${d.scope}`)
    .call(setAttr, 'data-link', (d) => d.id)
    .each(function (d) {
      const group = select(this) as unknown as G;
      for (const [name, on] of d.states) group.call(setClass, name, on);
      const { at } = d;
      textPart(group, 'link-label', at.x, at.y, d.texts[0] ?? '', {
        anchor: at.anchor,
        size: fonts.small,
        bold: true,
      });
      textPart(group, 'link-label-2', at.x, at.y + d.lineStepY, d.texts[1] ?? '', {
        anchor: at.anchor,
        size: fonts.small,
        bold: true,
      });
      textPart(group, 'link-sublabel', at.x, at.y + d.sublabelDy, d.sublabel, {
        anchor: at.anchor,
        size: fonts.small,
      });
    });
  return words;
}

/** An arrowhead on a replication arc, pointing the way its stream flows (hidden without one). */
function drawStreamArrow(
  arrow: Selection<SVGPathElement, unknown, null, undefined>,
  d: LinkLayout,
  stream: { to: string } | undefined,
): void {
  shown(arrow, !!stream);
  if (!stream) return;
  const towardsTo = stream.to === d.to;
  const t = towardsTo ? 0.9 : 0.1;
  const at = linkPointAt(d, t);
  const dir = linkDirectionAt(d, t);
  const sx = towardsTo ? dir.dx : -dir.dx;
  const sy = towardsTo ? dir.dy : -dir.dy;
  const size = 9;
  const tip = { x: at.x + sx * size * 0.6, y: at.y + sy * size * 0.6 };
  const back = { x: at.x - sx * size * 0.6, y: at.y - sy * size * 0.6 };
  arrow.call(
    setAttr,
    'd',
    `M${tip.x},${tip.y}L${back.x - sy * size * 0.5},${back.y + sx * size * 0.5}` +
      `L${back.x + sy * size * 0.5},${back.y - sx * size * 0.5}Z`,
  );
}

/** The region a balancer belongs to (for DNS shares on its links). */
function regionOf(viewById: ReadonlyMap<string, ComponentView>, balancerId: string): string {
  return viewById.get(balancerId)?.region ?? '';
}

/**
 * A circuit breaker as a switch on its server->dependency link, near the dependency:
 * closed = the lever joins both terminals; open = the lever is raised (the line is
 * broken); half-open = raised a little, dashed. Its state is written beside it.
 */
function drawBreaker(
  link: G,
  d: LinkLayout,
  state: 'CLOSED' | 'OPEN' | 'HALF_OPEN' | null,
  fonts: FontSizes,
): void {
  const glyph = part<SVGGElement>(link, 'g', 'breaker');
  shown(glyph, state !== null);
  if (state === null) return;
  const gx = d.x2 - 100;
  const y = d.y1;
  const half = 9;
  part<SVGRectElement>(glyph, 'rect', 'gap')
    .call(setAttr, 'x', gx - half)
    .call(setAttr, 'y', y - 3)
    .call(setAttr, 'width', half * 2)
    .call(setAttr, 'height', 6);
  part<SVGCircleElement>(glyph, 'circle', 'terminal-a')
    .call(setAttr, 'cx', gx - half)
    .call(setAttr, 'cy', y)
    .call(setAttr, 'r', 2.8);
  part<SVGCircleElement>(glyph, 'circle', 'terminal-b')
    .call(setAttr, 'cx', gx + half)
    .call(setAttr, 'cy', y)
    .call(setAttr, 'r', 2.8);
  const lift = state === 'OPEN' ? 12 : state === 'HALF_OPEN' ? 6 : 0;
  part<SVGLineElement>(glyph, 'line', 'lever')
    .call(setAttr, 'x1', gx - half)
    .call(setAttr, 'y1', y)
    .call(setAttr, 'x2', gx + half - (lift ? 3 : 0))
    .call(setAttr, 'y2', y - lift)
    .call(setAttr, 'stroke-dasharray', state === 'HALF_OPEN' ? '3 2' : null);
  const word = state === 'OPEN' ? 'open' : state === 'HALF_OPEN' ? 'half-open' : 'closed';
  textPart(glyph, 'breaker-label', gx + half + 6, y + fonts.small * 0.35, word, {
    size: fonts.small,
    bold: state !== 'CLOSED',
  });
}

/** Draws the nodes; returns the ids of the down ones struck round (drawCross). */
function drawNodes(
  parent: Root,
  layout: TopologyLayout,
  viewById: ReadonlyMap<string, ComponentView>,
  data: TopologyData,
  handlers: TopologyHandlers,
): string[] {
  const { snapshot } = data;
  const outlined: string[] = [];
  parent
    .selectAll<SVGGElement, NodeLayout>('g.node')
    .data(layout.nodes, (d) => d.id)
    .join((enter) => enter.append('g'))
    .call(addClasses, (d) => `node node-${d.kind}`)
    .call(setAttr, 'data-id', (d) => d.id)
    .each(function (d) {
      const node = select(this) as unknown as G;
      const view = viewById.get(d.id);
      const state = view?.stateLabel ?? 'up';
      const down = isDownState(view);
      const unhealthy = view ? !view.healthy : false;
      const failingOpen = snapshot.failingOpen.includes(d.id);
      const ejected = d.kind === 'server' && ejectedIn(snapshot.targets, d.id).length > 0;
      node
        .call(setClass, 'down', down)
        .call(setClass, 'slow', componentIsSlow(view))
        .call(setClass, 'unhealthy', unhealthy)
        .call(setClass, 'ejected', ejected)
        .call(setClass, 'failing-open', failingOpen)
        .call(setClass, 'primary', d.kind === 'database' && view?.databaseRole === 'primary')
        .call(setClass, 'rebuilding', d.kind === 'database' && view?.databaseRole === 'rebuilding')
        .call(setClass, 'isolated', componentIsIsolated(view));
      const actionable = view !== undefined && hasActions(data, d.id, d.kind);
      makeActivatable(
        node,
        d.id,
        actionable && view ? componentAccessibleName(view, snapshot) : null,
        data,
        handlers,
      );

      // A phone's touch target: an invisible box around the node (its first child, so it
      // paints under everything); the focus ring still rings the node itself.
      drawHitArea(node, d.hit, d);
      part<SVGRectElement>(node, 'rect', 'focus-ring')
        .call(setAttr, 'x', d.x - 5)
        .call(setAttr, 'y', d.y - 5)
        .call(setAttr, 'width', d.width + 10)
        .call(setAttr, 'height', d.height + 10)
        .call(setAttr, 'rx', 12);
      const radius =
        d.kind === 'users' ? Math.min(38, d.height / 2) : d.kind === 'database' ? 14 : 8;
      part<SVGRectElement>(node, 'rect', 'body')
        .call(setAttr, 'x', d.x)
        .call(setAttr, 'y', d.y)
        .call(setAttr, 'width', d.width)
        .call(setAttr, 'height', d.height)
        .call(setAttr, 'rx', radius)
        // Shape carries the state, not only colour: dashed while the balancer has it
        // marked unhealthy, dotted while outlier detection has it ejected.
        // A partitioned (isolated) database node: long dashes, cut off from its peers.
        .call(
          setAttr,
          'stroke-dasharray',
          unhealthy ? '9 6' : ejected ? '2 4' : componentIsIsolated(view) ? '14 5' : null,
        );
      const progress = d.kind === 'database' ? rebuildProgress(view) : null;
      shown(
        part<SVGRectElement>(node, 'rect', 'progress')
          .call(setAttr, 'x', d.x + 3)
          .call(setAttr, 'y', d.y + d.height - 7)
          .call(setAttr, 'width', Math.max(0, (d.width - 6) * (progress ?? 0)))
          .call(setAttr, 'height', 4),
        progress !== null,
      );
      // Made here so it paints under the texts; drawn once they are placed (it avoids the name).
      part<SVGGElement>(node, 'g', 'cross');

      // A tile's short name needs its full id nearby: a tooltip (the accessible name has it too).
      // A tile's queue strip holds QUEUE_BLOCKS_MAX blocks: the tooltip gives the count.
      const queuedNow = d.kind === 'server' ? (view?.queued ?? 0) : 0;
      const tip = !d.short ? '' : queuedNow > 0 ? `${d.label}: ${queuedNow} queued` : d.label;
      const tooltip = part<SVGTitleElement>(node, 'title', 'full-name');
      if (tooltip.text() !== tip) tooltip.text(tip);

      if (layout.density === 'tiles' && (d.kind === 'server' || d.kind === 'database')) {
        drawTile(node, d, view, layout.fonts, data);
        // The cross as in the main view (issue 15: tiles returned before it, so a crashed
        // server's tile looked up), beside the name rather than through it (cross.ts).
        const name = textBoxOf(node.selectChild<SVGTextElement>('text.title'));
        if (drawCross(node, name ? tileCrossBox(d, name) : d, down, false) === 'outline') {
          outlined.push(d.id);
        }
        return;
      }
      switch (d.kind) {
        case 'server':
          // The rows write the count beside the queue ("+N"): a tile's words go when Present ends.
          shown(part<SVGGElement>(node, 'g', 'queue-count'), false);
          drawServer(node, d, view, layout, data);
          break;
        case 'database':
          drawDatabase(node, d, view, layout);
          break;
        case 'balancer': {
          const note = failingOpen ? 'failing open!' : down ? state : data.balancerNote;
          drawStacked(
            node,
            d,
            layout.fonts,
            layout.density === 'tiles'
              ? [d.label, 'balancer', ...wrapTwo(note, d.width - 16, layout.fonts.small)]
              : [d.label, 'load balancer', note],
          );
          break;
        }
        case 'dns':
          drawStacked(node, d, layout.fonts, [
            d.label,
            layout.density === 'roomy' ? `traffic manager` : data.dnsNote,
            layout.density === 'roomy' ? data.dnsNote : '',
          ]);
          break;
        case 'dependency':
          drawDependency(node, d, state, componentIsSlow(view), layout.fonts);
          break;
        case 'users':
          drawUsers(node, d, view, layout.fonts, data, layout.width);
          break;
        default:
          drawStacked(node, d, layout.fonts, [d.label, d.kind, '']);
      }
      if (drawCross(node, d, down) === 'outline') outlined.push(d.id);
    });
  return outlined;
}

/** `text` on one line when it fits `room`, else split at a space into two lines. */
function wrapTwo(text: string, room: number, size: number): [string, string] {
  if (textWidth(text, size) <= room) return [text, ''];
  const words = text.split(' ');
  for (let i = words.length - 1; i > 0; i--) {
    const first = words.slice(0, i).join(' ');
    if (textWidth(first, size) <= room) return [first, words.slice(i).join(' ')];
  }
  return [text, ''];
}

/**
 * A server or database node as a tile of its zone's row (Present mode): its short name
 * and its state by shape: a cross when down (drawn by the caller), a dashed outline when
 * marked unhealthy, a clock when slow, an eject glyph when ejected, a cylinder and a "P"
 * badge for the database and its primary. The zone tag counts the servers that are up.
 */
function drawTile(
  node: G,
  d: NodeLayout,
  view: ComponentView | undefined,
  fonts: FontSizes,
  data: TopologyData,
): void {
  // Its name and glyphs on its first line; a taller tile (Present filling its box) keeps
  // the lines under it for its queue's count.
  const line = tileLineBaselineY(d, 0, fonts);
  const glyphY = tileNameMiddleY(d);
  const name = d.short ?? d.label;
  // The row layouts' other words stay hidden (the same element serves both layouts).
  for (const cls of ['load', 'verdict', 'role', 'detail']) {
    textPart(node, cls, d.x, line, '', { size: fonts.small });
  }
  const down = isDownState(view);
  // The queue first, so the name paints over its strip.
  // A tile has no room left of it: its blocks line its bottom edge (load.ts), no "+N".
  if (d.kind === 'server') {
    const strip = queueStrip(d, view?.queued ?? 0, fonts.small);
    drawQueue(node, d, { blocks: strip.blocks, overflow: 0, overflowX: d.x }, fonts);
  }
  // The count in words on the lines under the name, where the tile has them.
  const counts =
    d.kind === 'server'
      ? tileQueueLines(
          view?.queued ?? 0,
          d.width - 2 * TILE_TEXT_INSET,
          fonts.small,
          tileLines(d.height) - 1,
        )
      : [];
  const countsGroup = part<SVGGElement>(node, 'g', 'queue-count');
  shown(countsGroup, counts.length > 0);
  for (let i = 0; i < TILE_LINES_MAX - 1; i++) {
    textPart(
      countsGroup,
      `queue-count-${i + 1}`,
      d.x + TILE_TEXT_INSET,
      tileLineBaselineY(d, i + 1, fonts),
      counts[i] ?? '',
      { size: fonts.small },
    );
  }
  let x = d.x + TILE_TEXT_INSET;
  if (d.kind === 'database') {
    part<SVGPathElement>(node, 'path', 'cylinder').call(setAttr, 'd', cylinderPath(x + 7, glyphY));
    x += 22;
  }
  textPart(node, 'title', x, line, name, { size: fonts.title, bold: true });
  x += textWidth(name, fonts.title, true) + 6;
  // A down tile's state in text too, in the room its glyphs leave (the layout keeps no
  // room for a word: widening the tiles makes Present's and the phone's labels too small).
  textPart(node, 'state', x + 2, line, down ? TILE_DOWN_MARK : '', {
    size: fonts.state,
    bold: true,
  });
  if (d.kind === 'database') {
    const primary = view?.databaseRole === 'primary' && !down;
    const badge = part<SVGGElement>(node, 'g', 'badge');
    shown(badge, primary);
    // The letter as large as the state words: the room must read it too (issue 14).
    // Clear of the name however wide the font draws it (layout.ts).
    const disc = databaseNameAndBadge(d, fonts, 'tiles').badge;
    part<SVGCircleElement>(badge, 'circle', 'disc')
      .call(setAttr, 'cx', disc.cx)
      .call(setAttr, 'cy', disc.cy)
      .call(setAttr, 'r', disc.r);
    textPart(badge, 'letter', disc.cx, glyphY + fonts.state * 0.36, 'P', {
      anchor: 'middle',
      size: fonts.state,
      bold: true,
    });
    return;
  }
  // Down says it all: its clock and eject glyphs give way to the mark.
  const ejected = !down && ejectedIn(data.snapshot.targets, d.id).length > 0;
  x += drawClock(node, x + 7, glyphY, !down && componentIsSlow(view)) / 1.3;
  drawEject(node, x + 7, glyphY, ejected);
}

/**
 * A down tile's mark beside its name, in the state word's colour and size: the text that
 * goes with its cross (the tile has no room for "crashed"; its accessible name says which).
 */
export const TILE_DOWN_MARK = '✕';

/** Title and up to three note lines, centred (empty lines take no room). */
function drawStacked(node: G, d: NodeLayout, fonts: FontSizes, lines: string[]) {
  const gap = fonts.lineGap ?? fonts.small + 4;
  const used = lines.filter((l) => l !== '');
  const top = d.y + d.height / 2 - ((used.length - 1) * gap) / 2 + fonts.title * 0.35;
  const cx = d.x + d.width / 2;
  const classes = ['title', 'subtitle', 'note', 'note-2'];
  let row = 0;
  lines.forEach((line, i) => {
    const y = top + row * gap;
    if (line !== '') row++;
    const title = i === 0;
    textPart(node, classes[i]!, cx, y, line, {
      anchor: 'middle',
      size: title ? fonts.title : fonts.small,
      bold: title,
    });
  });
}

function drawUsers(
  node: G,
  d: NodeLayout,
  view: ComponentView | undefined,
  fonts: FontSizes,
  data: TopologyData,
  drawingWidth: number,
): void {
  const rate = data.usersRatePerS[d.id];
  const [first = '', second = ''] = dnsShareLines(view?.dnsShares);
  drawStacked(node, d, fonts, [
    d.label,
    rate === undefined ? '' : `${Number(rate.toFixed(1))} req/s`,
    first,
    second,
  ]);
  // This group's own timeouts, per simulated second (not per report, which is wall time).
  const timeoutsPerS = data.timeoutsPerSByGroup[d.id] ?? 0;
  const alert = timeoutsPerS > 0 ? `${rateText(timeoutsPerS)} timing out` : '';
  // Under the group, moved sideways where it is wider than the room left of the group.
  const at = placeInside(
    { x: d.x + d.width / 2, y: d.y + d.height + fonts.small + 8, anchor: 'middle' },
    textWidth(alert, fonts.small, true),
    drawingWidth,
  );
  textPart(node, 'alert', at.x, at.y, alert, { anchor: 'middle', size: fonts.small, bold: true });
  node.call(setClass, 'timeouts', timeoutsPerS > 0);
}

/** The external dependency: a tall box every server's link reaches horizontally. */
function drawDependency(
  node: G,
  d: NodeLayout,
  state: string,
  slow: boolean,
  fonts: FontSizes,
): void {
  const cx = d.x + d.width / 2;
  // The words' middle line: at the box's middle, or (a bar taller than the screen) the
  // title's top a few units under the box's top edge.
  const cy = d.wordsAtTop ? d.y + fonts.small + fonts.title + 8 : d.y + d.height / 2;
  textPart(node, 'title', cx, cy - fonts.small, d.label, {
    anchor: 'middle',
    size: fonts.title,
    bold: true,
  });
  textPart(node, 'subtitle', cx, cy + 6, 'external', { anchor: 'middle', size: fonts.small });
  textPart(node, 'state', cx, cy + fonts.small + 12, state, {
    anchor: 'middle',
    size: fonts.state,
    bold: true,
  });
  drawClock(node, cx, cy + 2 * fonts.small + 24, slow);
}

/** A clock glyph (slow: gray failure), centred at (x, y). */
function drawClock(node: G, x: number, y: number, visible: boolean): number {
  const clock = part<SVGGElement>(node, 'g', 'glyph-clock');
  shown(clock, visible);
  if (!visible) return 0;
  part<SVGCircleElement>(clock, 'circle', 'face')
    .call(setAttr, 'cx', x)
    .call(setAttr, 'cy', y)
    .call(setAttr, 'r', 6.5);
  part<SVGPathElement>(clock, 'path', 'hands').call(
    setAttr,
    'd',
    `M${x},${y - 4}L${x},${y}L${x + 3.5},${y + 1.5}`,
  );
  return 18;
}

/** An eject glyph (outlier detection took it out of rotation), centred at (x, y). */
function drawEject(node: G, x: number, y: number, visible: boolean): number {
  const eject = part<SVGPathElement>(node, 'path', 'glyph-eject');
  shown(eject, visible);
  if (!visible) return 0;
  eject.call(
    setAttr,
    'd',
    `M${x - 6},${y + 1}L${x},${y - 6}L${x + 6},${y + 1}ZM${x - 6},${y + 3.5}h12v2.5h-12Z`,
  );
  return 18;
}

/**
 * A phone's touch target: an invisible box (`hit`, or the part's own `box` while hidden),
 * drawn as the group's first child so it paints under the part.
 */
function drawHitArea(group: G, hit: Box | undefined, box: Box): void {
  shown(
    part<SVGRectElement>(group, 'rect', 'hit-area')
      .call(setAttr, 'x', hit?.x ?? box.x)
      .call(setAttr, 'y', hit?.y ?? box.y)
      .call(setAttr, 'width', hit?.width ?? box.width)
      .call(setAttr, 'height', hit?.height ?? box.height),
    hit !== undefined,
  );
}

function drawServer(
  node: G,
  d: NodeLayout,
  view: ComponentView | undefined,
  layout: TopologyLayout,
  data: TopologyData,
): void {
  const { fonts } = layout;
  const { snapshot } = data;
  const state = view?.stateLabel ?? 'up';
  const target = snapshot.targets.find((t) => t.server === d.id);
  const ejected = ejectedIn(snapshot.targets, d.id).length > 0;
  const weight = view?.weight ?? 1;
  // A dead balancer checks nothing: its last verdict would read as a live "healthy".
  const balancer = target && snapshot.components.find((c) => c.id === target.balancer);
  const down = isDownState(view);
  const checking = !(balancer && isDownState(balancer));
  // A dead server the balancer still sends to: "healthy" beside "crashed" read as a
  // contradiction; it is the balancer's belief, not yet corrected by its checks.
  const stale = down && view?.healthy && checking ? 'still marked ' : '';
  const verdict = !view
    ? ''
    : !checking
      ? 'no checks'
      : stale + verdictText(view.healthy, target, data.unhealthyThreshold, data.healthyThreshold);
  const right = [verdict, ejected ? 'ejected' : '', weight !== 1 ? `weight ${weight}` : '']
    .filter(Boolean)
    .join(' · ');
  // When room is short, the word that goes with a glyph wins over the usual verdict.
  const essential = ejected ? 'ejected' : verdict;
  // A dead server holds no work: "0 busy · 0 queued" under its cross was noise.
  const load = view && !down ? serverLoadText(view) : '';
  const left = d.x + 10;
  const end = d.x + d.width - 10;
  const titleWidth = textWidth(d.label, fonts.title, true);
  const slow = componentIsSlow(view);
  drawQueue(node, d, doorQueue(layout, d, view?.queued ?? 0), fonts);

  if (layout.density === 'roomy') {
    const line1 = d.y + d.height / 2 - 4;
    const line2 = d.y + d.height - 8;
    textPart(node, 'title', left + 2, line1, d.label, { size: fonts.title, bold: true });
    let glyphX = left + 2 + titleWidth + 12;
    glyphX += drawClock(node, glyphX, line1 - fonts.title * 0.35, slow);
    drawEject(node, glyphX, line1 - fonts.title * 0.35, ejected);
    textPart(node, 'load', end, line1, load, { anchor: 'end', size: fonts.small });
    textPart(node, 'state', left + 2, line2, state, { size: fonts.state, bold: true });
    const stateWidth = textWidth(state, fonts.state, true);
    const room = d.width - 24 - stateWidth - 12;
    textPart(node, 'verdict', end, line2, fitText(right, essential, room, fonts.small), {
      anchor: 'end',
      size: fonts.small,
    });
    return;
  }

  // Compact: one line. Title, glyphs, state; then the verdict (and the load when it fits).
  const line = d.y + d.height / 2 + fonts.state * 0.36;
  textPart(node, 'title', left, line, d.label, { size: fonts.title, bold: true });
  let x = left + titleWidth + 10;
  x += drawClock(node, x + 6, line - fonts.state * 0.35, slow);
  x += drawEject(node, x + 6, line - fonts.state * 0.35, ejected);
  textPart(node, 'state', x, line, state, { size: fonts.state, bold: true });
  const used = x + textWidth(state, fonts.state, true) + 14;
  const room = end - used;
  const busy =
    view && !down
      ? `${view.inService} busy${view.queued > 0 ? ` · ${view.queued} queued` : ''}`
      : '';
  const withLoad = busy ? `${busy} · ${right}` : right;
  const shownRight =
    textWidth(withLoad, fonts.small) <= room
      ? withLoad
      : fitText(right, essential, room, fonts.small);
  textPart(node, 'verdict', end, line, shownRight, { anchor: 'end', size: fonts.small });
  textPart(node, 'load', end, line, '', { anchor: 'end', size: fonts.small });
}

/** A server's queue as drawn: its blocks, and the count of those without one at `overflowX`. */
interface DrawnQueue {
  blocks: QueueBlock[];
  overflow: number;
  overflowX: number;
}

/**
 * A server's queue stacked at its door in the rows: one block per queued request, from its
 * left edge outwards along the incoming link, and "+N" past QUEUE_BLOCKS_MAX, short of any
 * node level with it (issue 14: app-b1's count sat under lb-1, load.ts).
 */
function doorQueue(
  layout: Pick<TopologyLayout, 'nodes' | 'fonts'>,
  d: NodeLayout,
  queued: number,
): DrawnQueue {
  const size = layout.fonts.small;
  return queueBlocks(d, queued, size, queueLeftLimit(d, layout.nodes, size));
}

/** The baseline of a queue's "+N" count: level with the server's middle. */
function queueTextY(d: Box, size: number): number {
  return d.y + d.height / 2 + size * 0.36;
}

/** Draws a server's queue (doorQueue in the rows, queueStrip in a tile). */
function drawQueue(
  node: G,
  d: NodeLayout,
  { blocks, overflow, overflowX }: DrawnQueue,
  fonts: FontSizes,
): void {
  const queue = part<SVGGElement>(node, 'g', 'queue');
  shown(queue, blocks.length > 0 || overflow > 0);
  queue
    .selectAll<SVGRectElement, (typeof blocks)[number]>('rect')
    .data(blocks)
    .join('rect')
    .call(setAttr, 'class', 'queued')
    .call(setAttr, 'x', (b) => b.x)
    .call(setAttr, 'y', (b) => b.y)
    .call(setAttr, 'width', (b) => b.width)
    .call(setAttr, 'height', (b) => b.height)
    .call(setAttr, 'rx', 1);
  textPart(
    queue,
    'queue-more',
    overflowX,
    queueTextY(d, fonts.small),
    overflow > 0 ? `+${overflow}` : '',
    { anchor: 'end', size: fonts.small, bold: true },
  );
}

/** `text` if it fits in `room`, else `shorter` without its parenthesis, else nothing. */
function fitText(text: string, shorter: string, room: number, size: number): string {
  if (textWidth(text, size) <= room) return text;
  const bare = shorter.replace(/ \(.*\)$/, '');
  if (textWidth(shorter, size) <= room) return shorter;
  return textWidth(bare, size) <= room ? bare : '';
}

/** A database cylinder icon centred at (x, y). */
function cylinderPath(x: number, y: number): string {
  const w = 7;
  const h = 8;
  const ry = 2.8;
  return (
    `M${x - w},${y - h}a${w},${ry} 0 1,0 ${2 * w},0a${w},${ry} 0 1,0 ${-2 * w},0` +
    `v${2 * h}a${w},${ry} 0 0,0 ${2 * w},0v${-2 * h}`
  );
}

function drawDatabase(
  node: G,
  d: NodeLayout,
  view: ComponentView | undefined,
  layout: TopologyLayout,
): void {
  const { fonts } = layout;
  const state = view?.stateLabel ?? 'up';
  const role = view ? databaseRoleText(view) : 'replica';
  const primary = view?.databaseRole === 'primary';
  const detail = view ? databaseDetailText(view) : '';
  const roomy = layout.density === 'roomy';
  const line1 = roomy ? d.y + d.height / 2 - 4 : d.y + d.height / 2 + fonts.state * 0.36;
  const iconX = d.x + 18;
  part<SVGPathElement>(node, 'path', 'cylinder').call(
    setAttr,
    'd',
    cylinderPath(iconX, line1 - fonts.title * 0.33),
  );
  const titleX = iconX + 14;
  textPart(node, 'title', titleX, line1, d.label, { size: fonts.title, bold: true });
  // The primary's badge: a filled circle with a "P" (shape and letter, not colour only).
  // Clear of the name however wide the font draws it (layout.ts).
  const disc = databaseNameAndBadge(d, fonts, layout.density).badge;
  const badgeX = disc.cx;
  const badge = part<SVGGElement>(node, 'g', 'badge');
  shown(badge, primary);
  part<SVGCircleElement>(badge, 'circle', 'disc')
    .call(setAttr, 'cx', badgeX)
    .call(setAttr, 'cy', disc.cy)
    .call(setAttr, 'r', disc.r);
  textPart(badge, 'letter', badgeX, line1 - fonts.title * 0.33 + 5, 'P', {
    anchor: 'middle',
    size: ROW_BADGE_LETTER,
    bold: true,
  });
  const afterBadge = badgeX + (primary ? 16 : -4);
  const end = d.x + d.width - 10;
  if (roomy) {
    textPart(node, 'role', afterBadge, line1, role, { size: fonts.state, bold: true });
    const line2 = d.y + d.height - 8;
    textPart(node, 'state', titleX, line2, state, { size: fonts.state, bold: true });
    const room = end - (titleX + textWidth(state, fonts.state, true) + 12);
    textPart(node, 'detail', end, line2, fitDetail(detail, room, fonts.small), {
      anchor: 'end',
      size: fonts.small,
    });
    return;
  }
  const words = componentIsPlainUp(view) ? role : `${role} · ${state}`;
  // A state whose words already say the role: `rebuilding 40%`, `host down`.
  const saysRole =
    (view?.state === 'rebuilding' && role === 'rebuilding') ||
    (view?.state === 'host-down' && role === 'down');
  const shownWords = saysRole ? state : words;
  textPart(node, 'role', afterBadge, line1, shownWords, { size: fonts.state, bold: true });
  textPart(node, 'state', afterBadge, line1, '', { size: fonts.state });
  const room = end - (afterBadge + textWidth(shownWords, fonts.state, true) + 12);
  textPart(node, 'detail', end, line1, fitDetail(detail, room, fonts.small), {
    anchor: 'end',
    size: fonts.small,
  });
}

/** "27 ms · 2 behind" when it fits in `room`, else "2 behind", else nothing. */
function fitDetail(detail: string, room: number, size: number): string {
  if (textWidth(detail, size) <= room) return detail;
  const short = detail.replace(/^.* · /, '');
  return textWidth(short, size) <= room ? short : '';
}

/** The box a drawn text covers (estimated from its size and length), null when hidden. */
function textBoxOf(text: Selection<SVGTextElement, unknown, null, undefined>): Box | null {
  if (text.empty() || text.attr('display') === 'none' || !text.text()) return null;
  const size = parseFloat(text.style('font-size')) || 15;
  const anchor = (text.attr('text-anchor') ?? 'start') as 'start' | 'middle' | 'end';
  const width = textWidth(text.text(), size, true);
  return textBox(Number(text.attr('x')), Number(text.attr('y')), width, size, anchor);
}

/**
 * The words of a row the cross breaks for: its name, the state word that says why it is
 * crossed ("crashed", "host down"), a database node's role ("down", or "down · crashed" in
 * the compact rows: the cross ran through it) and the balancer's verdict ("unhealthy").
 */
const CROSS_CLEARS = ['title', 'state', 'role', 'verdict', 'detail'] as const;

/**
 * Draws (or hides) the cross of a down node: two lines corner to corner, broken (unless
 * `breakForTexts` is false) where they would cross its words (CROSS_CLEARS, the texts
 * drawn just before), or what crossPaths draws instead. Returns how it is crossed (its
 * group has the class `outline` when struck round), null when the node is not down.
 */
function drawCross(node: G, d: Box, down: boolean, breakForTexts = true): CrossKind | null {
  const cross = part<SVGGElement>(node, 'g', 'cross');
  shown(cross, down);
  if (!down) return null;
  const avoid = (breakForTexts ? CROSS_CLEARS : [])
    .map((className) => textBoxOf(node.selectChild<SVGTextElement>(`text.${className}`)))
    .filter((box): box is Box => box !== null);
  const { kind, paths } = crossPaths(d, avoid);
  cross.call(setClass, 'outline', kind === 'outline');
  part<SVGPathElement>(cross, 'path', 'a').call(setAttr, 'd', paths[0]);
  part<SVGPathElement>(cross, 'path', 'b').call(setAttr, 'd', paths[1]);
  return kind;
}

/** A zone's tag in tiles: its label and how many of its servers are up ("zone a · 1/2 up"). */
function zoneTag(d: GroupLayout, view: ComponentView | undefined, snapshot: Snapshot): string {
  const servers = snapshot.components.filter((c) => c.kind === 'server' && c.zone === d.id);
  const up = servers.filter((c) => !isDownState(c)).length;
  return zoneTileTagText(d.label, up, servers.length, isDownState(view));
}

function drawTags(
  parent: Root,
  groups: GroupLayout[],
  fonts: FontSizes,
  viewById: ReadonlyMap<string, ComponentView>,
  data: TopologyData,
  handlers: TopologyHandlers,
  tiles = false,
): void {
  const roles = data.snapshot.regionMode === 'active-passive';
  parent
    .selectAll<SVGGElement, GroupLayout>('g.tag')
    .data(groups, (d) => d.id)
    .join((enter) => enter.append('g'))
    .call(addClasses, (d) => `tag tag-${d.kind}`)
    .call(setAttr, 'data-id', (d) => d.id)
    .each(function (d) {
      const tag = select(this) as unknown as G;
      const view = viewById.get(d.id);
      const box = d.tag;
      tag.call(setClass, 'down', isDownState(view));
      // The layout reserves room for the longest words; the tag fits the current ones
      // (zone tags keep their right edge, region tags their left).
      const text =
        tiles && d.kind === 'zone'
          ? zoneTag(d, view, data.snapshot)
          : tagText(d.label, view, roles && d.kind === 'region');
      // At least as wide as tall: a phone's tag is as tall as a touch target (layout.ts),
      // and a short name ("eu") must not leave it a narrow sliver to tap.
      const width = Math.min(
        box.width,
        Math.max(box.height, Math.ceil(textWidth(text, fonts.small, true) + 16)),
      );
      // Tiles put zone tags at the left, where a row starts.
      const x = d.kind === 'zone' && !tiles ? box.x + box.width - width : box.x;
      // A phone's touch target: an invisible box from the tag up over the empty space
      // above it (its first child, so it paints under the tag's words).
      drawHitArea(tag, d.hit, box);
      part<SVGRectElement>(tag, 'rect', 'focus-ring')
        .call(setAttr, 'rx', 8)
        .call(setAttr, 'x', x - 4)
        .call(setAttr, 'y', box.y - 4)
        .call(setAttr, 'width', width + 8)
        .call(setAttr, 'height', box.height + 8);
      part<SVGRectElement>(tag, 'rect', 'body')
        .call(setAttr, 'rx', 6)
        .call(setAttr, 'x', x)
        .call(setAttr, 'y', box.y)
        .call(setAttr, 'width', width)
        .call(setAttr, 'height', box.height);
      textPart(tag, 'label', x + 8, box.y + box.height / 2 + fonts.small * 0.36, text, {
        size: fonts.small,
        bold: true,
      });
      const actionable = view !== undefined && hasActions(data, d.id, view.kind);
      makeActivatable(
        tag,
        d.id,
        actionable ? componentAccessibleName(view, data.snapshot) : null,
        data,
        handlers,
      );
    });
}

/**
 * Mouse targets of the links: a wide invisible stroke, trimmed so it never covers the
 * nodes it joins. Hidden from assistive technology and out of the Tab order: the
 * Links list offers the same parts as buttons.
 */
function drawLinkHits(
  parent: Root,
  links: LinkLayout[],
  data: TopologyData,
  handlers: TopologyHandlers,
): void {
  const clickable = links.filter((l) => hasActions(data, l.id, 'link'));
  parent
    .selectAll<SVGGElement, LinkLayout>('g.link-hit')
    .data(clickable, (d) => d.id)
    .join((enter) => {
      const hit = enter
        .append('g')
        .call(setAttr, 'class', 'link-hit')
        .call(setAttr, 'aria-hidden', 'true')
        .call(setAttr, 'tabindex', -1);
      hit.append('path').call(setAttr, 'class', 'focus-ring');
      hit.append('path').call(setAttr, 'class', 'hit');
      return hit;
    })
    .call(setAttr, 'data-id', (d) => d.id)
    .call(setClass, 'selected', (d) => data.selectedId === d.id)
    .each(function (d) {
      bindActivation(this, () => handlers.onActivate(d.id), false);
      const trim = d.scope === 'replication' ? 0.08 : 0.12;
      select(this)
        .selectAll('path')
        .call(setAttr, 'd', linkPath(d, trim, 1 - trim));
    });
}

/** The database's replication mode and failover phase, near the cluster. */
function drawDatabaseLabel(parent: Root, layout: TopologyLayout, snapshot: Snapshot): void {
  const box = layout.databaseLabel;
  const database = snapshot.database;
  const data = box && database ? [box] : [];
  parent
    .selectAll<SVGGElement, Box>('g.database-label')
    .data(data)
    .join((enter) => enter.append('g').call(setAttr, 'class', 'database-label'))
    .each(function (b) {
      const g = select(this) as unknown as G;
      const size = layout.fonts.small;
      const width = Math.floor((b.width - 20) / (size * 0.56));
      const lines = databaseLabelLines(database!, width, DATABASE_LABEL_LINES);
      // The phone's quiet arcs: how far behind each stream is, here instead (layout.ts).
      if (layout.databaseLabelStreams) {
        for (const stream of database!.streams) {
          const text = `${stream.from} → ${stream.to}: ${streamLabel(stream)}`;
          lines.push({
            text: text.length > width ? `${text.slice(0, width - 1)}…` : text,
            tone: 'plain',
          });
        }
      }
      part<SVGRectElement>(g, 'rect', 'card')
        .call(setAttr, 'x', b.x)
        .call(setAttr, 'y', b.y)
        .call(setAttr, 'width', b.width)
        .call(setAttr, 'height', b.height)
        .call(setAttr, 'rx', 8);
      g.selectAll<SVGTextElement, (typeof lines)[number]>('text')
        .data(lines)
        .join('text')
        .call(setAttr, 'class', (l) => `line tone-${l.tone}`)
        .call(setAttr, 'x', b.x + 10)
        .call(setAttr, 'y', (_l, i) => b.y + 8 + (i + 1) * (size + 5))
        .call(setStyle, 'font-size', `${size}px`)
        .call(setStyle, 'font-weight', (l) =>
          l.tone === 'plain' || l.tone === 'phase' ? null : '700',
        )
        .each(function (l) {
          if (this.textContent !== l.text) this.textContent = l.text;
        });
    });
}

type AttrValue = string | number | boolean | null;

/**
 * `selection.attr(name, value)` that writes only where the value differs. The diagram
 * is drawn again on every report (a few times a second), and most of its attributes do
 * not change between reports; each write, even of the same value, makes the browser
 * recompute the element's style and the SVG's layout.
 */
function setAttr<E extends BaseType, D, P extends BaseType, PD>(
  selection: Selection<E, D, P, PD>,
  name: string,
  value: AttrValue | ValueFn<E, D, AttrValue>,
): void {
  selection.each(function (d, i, nodes) {
    const next = typeof value === 'function' ? value.call(this, d, i, nodes) : value;
    const element = this as unknown as Element;
    if (next === null) {
      if (element.hasAttribute(name)) element.removeAttribute(name);
      return;
    }
    const text = String(next);
    if (element.getAttribute(name) !== text) element.setAttribute(name, text);
  });
}

/**
 * Adds the classes a part always has (by its kind), where missing: setting the whole
 * class attribute on each report would drop the state classes `classed` then adds back,
 * two style changes per part per report for nothing.
 */
function addClasses<E extends BaseType, D, P extends BaseType, PD>(
  selection: Selection<E, D, P, PD>,
  names: (d: D) => string,
): void {
  selection.each(function (d) {
    const { classList } = this as unknown as Element;
    for (const name of names(d).split(' ')) {
      if (!classList.contains(name)) classList.add(name);
    }
  });
}

/**
 * `selection.classed(name, value)` that touches the class list only where it changes:
 * `classList.add` of a class already there still rewrites the class attribute (a
 * mutation, and a style recalculation) on every redraw.
 */
function setClass<E extends BaseType, D, P extends BaseType, PD>(
  selection: Selection<E, D, P, PD>,
  name: string,
  value: boolean | ValueFn<E, D, boolean>,
): void {
  selection.each(function (d, i, nodes) {
    const on = typeof value === 'function' ? value.call(this, d, i, nodes) : value;
    const { classList } = this as unknown as Element;
    if (classList.contains(name) !== on) classList.toggle(name, on);
  });
}

/** `selection.style(name, value)` that writes only where the value differs. */
function setStyle<E extends BaseType, D, P extends BaseType, PD>(
  selection: Selection<E, D, P, PD>,
  name: string,
  value: string | null | ValueFn<E, D, string | null>,
): void {
  selection.each(function (d, i, nodes) {
    const next = typeof value === 'function' ? value.call(this, d, i, nodes) : value;
    const { style } = this as unknown as ElementCSSInlineStyle;
    if (next === null) {
      if (style.getPropertyValue(name) !== '') style.removeProperty(name);
    } else if (style.getPropertyValue(name) !== next) {
      style.setProperty(name, next);
    }
  });
}
