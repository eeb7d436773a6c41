/**
 * The cluster diagram: an SVG drawn from a snapshot with D3 joins keyed by component
 * and link id. Each breakable part that has actions is a focusable role="button" group
 * named `<kind> <id>: <state>` (DESIGN.md UI contract). State shows by shape and text
 * as well as colour: down = a cross and the state word ("crashed", "host down");
 * marked unhealthy by the balancer = a dashed outline and the word "unhealthy".
 *
 * DOM order is paint order and Tab order: boxes, links, nodes (servers first to
 * reach), zone and region tags, then link hit areas.
 *
 * The view never writes to the engine: activation is reported through a callback.
 */
import { select, type BaseType, type Selection } from 'd3';
import type { ComponentView, LinkView, Snapshot, TargetKind, TargetView } from '../sim';
import type { GroupLayout, LinkLayout, NodeLayout, TopologyLayout } from './layout';

export interface TopologyData {
  snapshot: Snapshot;
  /** Kinds that have at least one action; only their parts are focusable buttons. */
  actionableKinds: ReadonlySet<TargetKind>;
  /** Requests per simulated second by link id (shown beside each link). */
  linkRates: Readonly<Record<string, number>>;
  /** Messages on the wire by link id, shown instead of moving dots (reduced motion). */
  transitCounts: ReadonlyMap<string, number> | null;
  /** The part whose menu is open (drawn with a ring). */
  selectedId: string | null;
  /** Second line of each balancer, e.g. "round robin". */
  balancerNote: string;
  /** Second line of each user group, e.g. "50 req/s". */
  usersNote: string;
  /** User timeouts since the previous report: flashed at the users node. */
  recentTimeouts: number;
  unhealthyThreshold: number;
  healthyThreshold: number;
}

export interface TopologyHandlers {
  /** A focusable part was clicked, or Enter/Space was pressed on it. */
  onActivate(id: string): void;
}

type Root = Selection<SVGGElement, unknown, null, undefined>;

/** A server (or zone, region) state in which it serves nothing: drawn with a cross. */
export function isDownState(state: string): boolean {
  return /crashed|down/.test(state);
}

/** Balancers that have marked a server unhealthy. */
function unhealthyIn(targets: readonly TargetView[], serverId: string): string[] {
  return targets.filter((t) => t.server === serverId && !t.healthy).map((t) => t.balancer);
}

/**
 * The accessible name of a component: `<kind> <id>: <state>`, then what the balancer
 * thinks when that matters, e.g. `server app-b1: crashed, marked unhealthy by lb-1`.
 */
export function componentAccessibleName(view: ComponentView, snapshot: Snapshot): string {
  const name = `${view.kind} ${view.id}: ${view.state}`;
  if (view.kind === 'server') {
    const by = unhealthyIn(snapshot.targets, view.id);
    if (by.length > 0) return `${name}, marked unhealthy by ${by.join(' and ')}`;
    if (view.state !== 'up') {
      const balancers = snapshot.targets.filter((t) => t.server === view.id).map((t) => t.balancer);
      if (balancers.length > 0) return `${name}, ${balancers.join(' and ')} still sends it traffic`;
    }
  }
  if (view.kind === 'balancer' && snapshot.failingOpen.includes(view.id)) {
    return `${name}, failing open: no healthy targets`;
  }
  return name;
}

/** The accessible name of a link, e.g. `link lb-1->app-a1: cut`. */
export function linkAccessibleName(view: LinkView): string {
  return `link ${view.id}: ${view.state}`;
}

/** "3 busy · 1 queued": work on a server now. */
export function serverLoadText(view: ComponentView): string {
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
export function rateText(perSecond: number): string {
  if (!Number.isFinite(perSecond)) return '';
  return perSecond >= 100 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

/** Makes sure the SVG has its layer groups, in order; returns them. */
function layers(svg: SVGSVGElement) {
  const root = select(svg);
  const layer = (name: string): Root => {
    let g = root.select<SVGGElement>(`g.layer-${name}`);
    if (g.empty()) g = root.append('g').attr('class', `layer-${name}`);
    return g;
  };
  return {
    regions: layer('regions'),
    zones: layer('zones'),
    links: layer('links'),
    nodes: layer('nodes'),
    tags: layer('tags'),
    linkHits: layer('link-hits'),
  };
}

/** Makes a group a focusable button (or plain graphics) and wires activation. */
function makeActivatable<D, P extends BaseType, PD>(
  g: Selection<SVGGElement, D, P, PD>,
  id: string,
  name: string | null,
  selected: boolean,
  handlers: TopologyHandlers,
): void {
  const actionable = name !== null;
  g.classed('actionable', actionable)
    .classed('selected', selected)
    .attr('role', actionable ? 'button' : null)
    .attr('tabindex', actionable ? 0 : null)
    .attr('aria-haspopup', actionable ? 'dialog' : null)
    .attr('aria-expanded', actionable ? String(selected) : null)
    .attr('aria-label', name);
  if (actionable) {
    g.on('click', () => handlers.onActivate(id)).on('keydown', (event: KeyboardEvent) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        handlers.onActivate(id);
      }
    });
  } else {
    g.on('click', null).on('keydown', null);
  }
}

/** Sets a text element's content, touching the DOM only when it changes. */
function setText<D, P extends BaseType, PD>(
  el: Selection<SVGTextElement, D, P, PD>,
  text: string,
): void {
  if (!el.empty() && el.text() !== text) el.text(text);
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
): void {
  select(svg)
    .attr('viewBox', `0 0 ${layout.width} ${layout.height}`)
    .attr('preserveAspectRatio', 'xMidYMid meet');
  const g = layers(svg);
  const viewById = new Map(data.snapshot.components.map((c) => [c.id, c]));
  const linkViewById = new Map(data.snapshot.links.map((l) => [l.id, l]));

  drawBoxes(g.regions, layout.regions, 'region', viewById);
  drawBoxes(g.zones, layout.zones, 'zone', viewById);
  drawLinks(g.links, layout.links, data, linkViewById);
  drawNodes(g.nodes, layout.nodes, viewById, data, handlers);
  drawTags(g.tags, [...layout.regions, ...layout.zones], viewById, data, handlers);
  drawLinkHits(g.linkHits, layout.links, linkViewById, data, handlers);
}

function drawBoxes(
  parent: Root,
  groups: GroupLayout[],
  kind: 'region' | 'zone',
  viewById: ReadonlyMap<string, ComponentView>,
): void {
  parent
    .selectAll<SVGGElement, GroupLayout>(`g.${kind}`)
    .data(groups, (d) => d.id)
    .join((enter) => {
      const box = enter.append('g').attr('class', kind).attr('aria-hidden', 'true');
      box.append('rect').attr('class', 'box').attr('rx', 10);
      const cross = box.append('g').attr('class', 'cross');
      cross.append('line').attr('class', 'a');
      cross.append('line').attr('class', 'b');
      return box;
    })
    .classed('down', (d) => isDownState(viewById.get(d.id)?.state ?? 'up'))
    .call((box) => {
      box
        .select('rect')
        .attr('x', (d) => d.x)
        .attr('y', (d) => d.y)
        .attr('width', (d) => d.width)
        .attr('height', (d) => d.height);
      box
        .select('line.a')
        .attr('x1', (d) => d.x)
        .attr('y1', (d) => d.y)
        .attr('x2', (d) => d.x + d.width)
        .attr('y2', (d) => d.y + d.height);
      box
        .select('line.b')
        .attr('x1', (d) => d.x)
        .attr('y1', (d) => d.y + d.height)
        .attr('x2', (d) => d.x + d.width)
        .attr('y2', (d) => d.y);
    });
}

/**
 * Where a link's label sits. Balancer links fan out, so each label sits just left of
 * its server on the outer side of its line (below a rising line, above a falling one),
 * where the neighbouring lines never pass. Other links: above the middle.
 */
function linkLabelPoint(d: LinkLayout): { x: number; y: number; anchor: 'middle' | 'end' } {
  if (d.scope === 'region') {
    const rising = d.y2 < d.y1 - 1;
    return { x: d.x2 - 10, y: rising ? d.y2 + 16 : d.y2 - 7, anchor: 'end' };
  }
  return { x: (d.x1 + d.x2) / 2, y: (d.y1 + d.y2) / 2 - 10, anchor: 'middle' };
}

function drawLinks(
  parent: Root,
  links: LinkLayout[],
  data: TopologyData,
  linkViewById: ReadonlyMap<string, LinkView>,
): void {
  const unhealthyServers = new Set(
    data.snapshot.targets.filter((t) => !t.healthy).map((t) => t.server),
  );
  const links$ = parent
    .selectAll<SVGGElement, LinkLayout>('g.link')
    .data(links, (d) => d.id)
    .join((enter) => {
      const link = enter.append('g').attr('class', 'link').attr('aria-hidden', 'true');
      link.append('line');
      link.append('text').attr('class', 'link-label');
      link.append('text').attr('class', 'link-sublabel');
      return link;
    });
  links$.each(function (d) {
    const view = linkViewById.get(d.id);
    const state = view?.state ?? 'ok';
    const link = select(this)
      .classed(`scope-${d.scope}`, true)
      .classed('out-of-rotation', unhealthyServers.has(d.to))
      .classed('cut', !!view && (view.cutForward || view.cutBackward))
      .classed('degraded', state !== 'ok');
    link.select('line').attr('x1', d.x1).attr('y1', d.y1).attr('x2', d.x2).attr('y2', d.y2);
    const parts: string[] = [];
    const rate = data.linkRates[d.id];
    if (rate !== undefined) parts.push(rateText(rate));
    if (state !== 'ok') parts.push(state);
    const at = linkLabelPoint(d);
    const label = link
      .select<SVGTextElement>('text.link-label')
      .attr('x', at.x)
      .attr('y', at.y)
      .attr('text-anchor', at.anchor);
    setText(label, parts.join(' · '));
    // Reduced motion: messages on the wire as a count, under the line (dots are off).
    const sublabel = link
      .select<SVGTextElement>('text.link-sublabel')
      .attr('x', at.x)
      .attr('y', d.scope === 'region' ? at.y + (at.y < d.y2 ? 30 : -14) : at.y + 30)
      .attr('text-anchor', at.anchor);
    const inTransit = data.transitCounts?.get(d.id) ?? 0;
    // Inside a region a hop lasts ~0.5 ms, so only non-zero counts are worth a label.
    const showCount = data.transitCounts !== null && (d.scope !== 'region' || inTransit > 0);
    setText(sublabel, showCount ? `${inTransit} on the wire` : '');
  });
}

interface TextSlot {
  className: string;
  x: number;
  y: number;
  anchor?: 'start' | 'middle' | 'end';
}

/** The text slots of a node, by kind (filled on every render). */
function textSlots(d: NodeLayout): TextSlot[] {
  const left = d.x + 12;
  const right = d.x + d.width - 10;
  const centre = d.x + d.width / 2;
  switch (d.kind) {
    case 'server':
      return [
        { className: 'title', x: left, y: d.y + 21 },
        { className: 'load', x: right, y: d.y + 21, anchor: 'end' },
        { className: 'state', x: left, y: d.y + 42 },
        { className: 'verdict', x: right, y: d.y + 42, anchor: 'end' },
      ];
    case 'balancer':
      return [
        { className: 'title', x: centre, y: d.y + 27, anchor: 'middle' },
        { className: 'subtitle', x: centre, y: d.y + 50, anchor: 'middle' },
        { className: 'note', x: centre, y: d.y + 71, anchor: 'middle' },
      ];
    default:
      return [
        { className: 'title', x: centre, y: d.y + 30, anchor: 'middle' },
        { className: 'note', x: centre, y: d.y + 54, anchor: 'middle' },
        { className: 'alert', x: centre, y: d.y + d.height + 22, anchor: 'middle' },
      ];
  }
}

function drawNodes(
  parent: Root,
  nodes: NodeLayout[],
  viewById: ReadonlyMap<string, ComponentView>,
  data: TopologyData,
  handlers: TopologyHandlers,
): void {
  const { snapshot } = data;
  const nodes$ = parent
    .selectAll<SVGGElement, NodeLayout>('g.node')
    .data(nodes, (d) => d.id)
    .join((enter) => {
      const node = enter
        .append('g')
        .attr('class', (d) => `node node-${d.kind}`)
        .attr('data-id', (d) => d.id);
      node
        .append('rect')
        .attr('class', 'focus-ring')
        .attr('x', (d) => d.x - 5)
        .attr('y', (d) => d.y - 5)
        .attr('width', (d) => d.width + 10)
        .attr('height', (d) => d.height + 10)
        .attr('rx', 12);
      node
        .append('rect')
        .attr('class', 'body')
        .attr('x', (d) => d.x)
        .attr('y', (d) => d.y)
        .attr('width', (d) => d.width)
        .attr('height', (d) => d.height)
        .attr('rx', 8);
      // The cross goes over the body but under the text, so the text stays legible.
      node.append('g').attr('class', 'cross-slot');
      node.each(function (d) {
        const el = select(this);
        for (const slot of textSlots(d)) {
          el.append('text')
            .attr('class', slot.className)
            .attr('x', slot.x)
            .attr('y', slot.y)
            .attr('text-anchor', slot.anchor ?? null);
        }
      });
      return node;
    });

  nodes$.each(function (d) {
    const view = viewById.get(d.id);
    const node = select(this);
    const state = view?.state ?? 'up';
    const failingOpen = snapshot.failingOpen.includes(d.id);
    const down = isDownState(state);
    const unhealthy = view ? !view.healthy : false;
    node
      .classed('down', down)
      .classed('slow', state.includes('slow'))
      .classed('unhealthy', unhealthy)
      .classed('failing-open', failingOpen);
    // Shape carries the state, not only colour: a dashed outline while the balancer
    // has it marked unhealthy, a big cross while it is down.
    node.select('rect.body').attr('stroke-dasharray', unhealthy ? '9 6' : null);
    drawCross(node.select<SVGGElement>('g.cross-slot'), d, down);
    const actionable = data.actionableKinds.has(d.kind) && view !== undefined;
    makeActivatable(
      node,
      d.id,
      actionable ? componentAccessibleName(view, snapshot) : null,
      data.selectedId === d.id,
      handlers,
    );
    const text = (className: string) => node.select<SVGTextElement>(`text.${className}`);
    setText(text('title'), d.label);
    if (d.kind === 'server' && view) {
      const target = snapshot.targets.find((t) => t.server === d.id);
      setText(text('load'), serverLoadText(view));
      setText(text('state'), state);
      setText(
        text('verdict'),
        verdictText(view.healthy, target, data.unhealthyThreshold, data.healthyThreshold),
      );
    } else if (d.kind === 'balancer') {
      setText(text('subtitle'), 'load balancer');
      setText(
        text('note'),
        failingOpen ? 'failing open!' : isDownState(state) ? state : data.balancerNote,
      );
    } else if (d.kind === 'users') {
      setText(text('note'), data.usersNote);
      setText(text('alert'), data.recentTimeouts > 0 ? `${data.recentTimeouts} timed out` : '');
      node.classed('timeouts', data.recentTimeouts > 0);
    } else {
      setText(text('note'), d.kind);
    }
  });
}

/** Draws (or removes) the cross of a down node: two lines corner to corner. */
function drawCross<D, P extends BaseType, PD>(
  slot: Selection<SVGGElement, D, P, PD>,
  d: NodeLayout,
  down: boolean,
): void {
  slot
    .selectAll<SVGGElement, NodeLayout>('g.cross')
    .data(down ? [d] : [], (n) => n.id)
    .join((enter) => {
      const cross = enter.append('g').attr('class', 'cross');
      cross
        .append('line')
        .attr('x1', (n) => n.x + 6)
        .attr('y1', (n) => n.y + 4)
        .attr('x2', (n) => n.x + n.width - 6)
        .attr('y2', (n) => n.y + n.height - 4);
      cross
        .append('line')
        .attr('x1', (n) => n.x + 6)
        .attr('y1', (n) => n.y + n.height - 4)
        .attr('x2', (n) => n.x + n.width - 6)
        .attr('y2', (n) => n.y + 4);
      return cross;
    });
}

/** Where a zone or region tag (the clickable label of its box) sits. */
function tagBox(
  d: GroupLayout,
  isRegion: boolean,
): { x: number; y: number; width: number; height: number } {
  return isRegion
    ? { x: d.x + 8, y: d.y + 6, width: Math.min(d.width - 16, 200), height: 24 }
    : { x: d.x + d.width - 78, y: d.y + 6, width: 72, height: 24 };
}

function drawTags(
  parent: Root,
  groups: GroupLayout[],
  viewById: ReadonlyMap<string, ComponentView>,
  data: TopologyData,
  handlers: TopologyHandlers,
): void {
  const tags$ = parent
    .selectAll<SVGGElement, GroupLayout>('g.tag')
    .data(groups, (d) => d.id)
    .join((enter) => {
      const tag = enter
        .append('g')
        .attr('class', 'tag')
        .attr('data-id', (d) => d.id);
      tag.append('rect').attr('class', 'focus-ring').attr('rx', 8);
      tag.append('rect').attr('class', 'body').attr('rx', 6);
      tag.append('text').attr('class', 'label');
      return tag;
    });
  tags$.each(function (d) {
    const view = viewById.get(d.id);
    const isRegion = view?.kind === 'region';
    const box = tagBox(d, isRegion);
    const state = view?.state ?? 'up';
    const tag = select(this)
      .classed('tag-region', isRegion)
      .classed('tag-zone', !isRegion)
      .classed('down', isDownState(state));
    tag
      .select('rect.focus-ring')
      .attr('x', box.x - 4)
      .attr('y', box.y - 4)
      .attr('width', box.width + 8)
      .attr('height', box.height + 8);
    tag
      .select('rect.body')
      .attr('x', box.x)
      .attr('y', box.y)
      .attr('width', box.width)
      .attr('height', box.height);
    const label = tag
      .select<SVGTextElement>('text')
      .attr('x', box.x + 8)
      .attr('y', box.y + 17);
    setText(label, state === 'up' ? d.label : `${d.label}: ${state}`);
    const actionable = view !== undefined && data.actionableKinds.has(view.kind);
    makeActivatable(
      tag,
      d.id,
      actionable ? componentAccessibleName(view, data.snapshot) : null,
      data.selectedId === d.id,
      handlers,
    );
  });
}

/** The part of a link that takes clicks: trimmed so it never covers the nodes it joins. */
function hitSegment(d: LinkLayout): { x1: number; y1: number; x2: number; y2: number } {
  const trim = 0.12;
  const dx = d.x2 - d.x1;
  const dy = d.y2 - d.y1;
  return {
    x1: d.x1 + dx * trim,
    y1: d.y1 + dy * trim,
    x2: d.x2 - dx * trim,
    y2: d.y2 - dy * trim,
  };
}

function drawLinkHits(
  parent: Root,
  links: LinkLayout[],
  linkViewById: ReadonlyMap<string, LinkView>,
  data: TopologyData,
  handlers: TopologyHandlers,
): void {
  const actionable = data.actionableKinds.has('link');
  const hits$ = parent
    .selectAll<SVGGElement, LinkLayout>('g.link-hit')
    .data(actionable ? links : [], (d) => d.id)
    .join((enter) => {
      const hit = enter
        .append('g')
        .attr('class', 'link-hit')
        .attr('data-id', (d) => d.id);
      hit.append('line').attr('class', 'focus-ring');
      hit.append('line').attr('class', 'hit');
      return hit;
    });
  hits$.each(function (d) {
    const segment = hitSegment(d);
    const hit = select(this);
    hit
      .selectAll('line')
      .attr('x1', segment.x1)
      .attr('y1', segment.y1)
      .attr('x2', segment.x2)
      .attr('y2', segment.y2);
    const view = linkViewById.get(d.id);
    makeActivatable(
      hit,
      d.id,
      view ? linkAccessibleName(view) : null,
      data.selectedId === d.id,
      handlers,
    );
  });
}
