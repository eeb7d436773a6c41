/**
 * The states a part can be in, as typed unions: views, lessons and tests compare these,
 * never the English words shown on screen. Each union is declared once as a `const`
 * array (so tests can walk every member) and its words come from one label table.
 *
 * They are called `…Status` because the engine's own records of the parts are already
 * `ServerState`, `LinkState`, `RegionState`... (`engine/types.ts`).
 */

/**
 * An app server or the payments dependency, where it is down for: its region, its
 * zone, its host, or its process. Slow, failing and flapping are conditions on top of
 * these (`ComponentView.slowFactor`, `errorPercent`, `flapping`).
 */
export const SERVER_STATUSES = ['up', 'crashed', 'host-down', 'zone-down', 'region-down'] as const;
export type ServerStatus = (typeof SERVER_STATUSES)[number];

/** A database node. `rebuilding` carries its progress in `rebuildPercent`. */
export const DATABASE_NODE_STATUSES = [
  'up',
  'crashed',
  'host-down',
  'rebuilding',
  'disk-failed',
  'isolated',
  'isolated-fenced',
  'promoting',
  'fenced',
] as const;
export type DatabaseNodeStatus = (typeof DATABASE_NODE_STATUSES)[number];

/** A zone, a region or a load balancer (down with its region). */
export const SITE_STATUSES = ['up', 'down'] as const;
export type ZoneStatus = (typeof SITE_STATUSES)[number];
export type RegionStatus = (typeof SITE_STATUSES)[number];
export type BalancerStatus = (typeof SITE_STATUSES)[number];

/** User groups and the traffic manager: nothing breaks them. */
export const ALWAYS_UP_STATUSES = ['up'] as const;
export type AlwaysUpStatus = (typeof ALWAYS_UP_STATUSES)[number];

/** Any component's state (its kind says which union it comes from). */
export type ComponentStatus =
  ServerStatus | DatabaseNodeStatus | ZoneStatus | RegionStatus | BalancerStatus | AlwaysUpStatus;

/** Every component state, once each. */
export const COMPONENT_STATUSES: readonly ComponentStatus[] = [
  ...new Set<ComponentStatus>([
    ...SERVER_STATUSES,
    ...DATABASE_NODE_STATUSES,
    ...SITE_STATUSES,
    ...ALWAYS_UP_STATUSES,
  ]),
];

/**
 * A link: both ways cut, one way cut, or only added latency or loss (`impaired`).
 * Latency and loss add to any of them (`LinkView.addedLatencyMs`, `lossPercent`).
 */
export const LINK_STATUSES = ['ok', 'cut', 'cut-one-way', 'impaired'] as const;
export type LinkStatus = (typeof LINK_STATUSES)[number];

/** The words each state is shown with (accessible names, the diagram, panels). */
export const COMPONENT_STATUS_LABELS: Readonly<Record<ComponentStatus, string>> = {
  up: 'up',
  down: 'down',
  crashed: 'crashed',
  'host-down': 'host down',
  'zone-down': 'down (zone)',
  'region-down': 'down (region)',
  rebuilding: 'rebuilding',
  'disk-failed': 'disk failed',
  isolated: 'isolated',
  'isolated-fenced': 'isolated (fenced)',
  promoting: 'promoting',
  fenced: 'fenced',
};

/** The words of a link's state (the details of a cut and of latency or loss follow). */
export const LINK_STATUS_LABELS: Readonly<Record<LinkStatus, string>> = {
  ok: 'ok',
  cut: 'cut',
  'cut-one-way': 'cut one way',
  impaired: 'impaired',
};

/** States in which a part serves nothing: drawn with a cross. */
export const DOWN_STATUSES: ReadonlySet<ComponentStatus> = new Set<ComponentStatus>([
  'crashed',
  'host-down',
  'zone-down',
  'region-down',
  'down',
  'disk-failed',
]);

/** Server states that hide its conditions: everything on that host, zone or region is down. */
const LOCATION_DOWN: ReadonlySet<ComponentStatus> = new Set<ComponentStatus>([
  'host-down',
  'zone-down',
  'region-down',
]);

/** Database node states cut off from their peers by a partition. */
export const ISOLATED_STATUSES: ReadonlySet<DatabaseNodeStatus> = new Set<DatabaseNodeStatus>([
  'isolated',
  'isolated-fenced',
]);

/** What a server's label needs besides its state. */
export interface ServerConditions {
  /** Crashes and restarts on a cycle (a flap fault). */
  flapping: boolean;
  /** Service time multiplier (1 = normal). */
  slowFactor: number;
  /** Share of requests it answers with an error, 0 to 100. */
  errorPercent: number;
}

/**
 * A server's words: `up`, `crashed`, `host down`, `down (zone)`, or its conditions,
 * e.g. `flapping, up, slow x3, failing 20%`. A dead zone, region or host says only that.
 */
export function serverStatusLabel(status: ServerStatus, conditions: ServerConditions): string {
  if (LOCATION_DOWN.has(status)) return COMPONENT_STATUS_LABELS[status];
  const words: string[] = [];
  if (conditions.flapping) words.push(`flapping, ${COMPONENT_STATUS_LABELS[status]}`);
  else if (status !== 'up') words.push(COMPONENT_STATUS_LABELS[status]);
  if (conditions.slowFactor !== 1) words.push(`slow x${conditions.slowFactor}`);
  if (conditions.errorPercent > 0)
    words.push(`failing ${Number(conditions.errorPercent.toFixed(2))}%`);
  return words.length > 0 ? words.join(', ') : COMPONENT_STATUS_LABELS.up;
}

/** A database node's words, e.g. `up`, `isolated (fenced)`, `rebuilding 40%`. */
export function databaseNodeStatusLabel(
  status: DatabaseNodeStatus,
  rebuildPercent: number | undefined,
): string {
  const label = COMPONENT_STATUS_LABELS[status];
  return status === 'rebuilding' ? `${label} ${rebuildPercent ?? 0}%` : label;
}

/** What a link's label needs besides its state. */
export interface LinkConditions {
  from: string;
  to: string;
  /** The cut direction when one way: messages from `from` to `to` are lost. */
  cutForward: boolean;
  addedLatencyMs: number;
  lossPercent: number;
}

/**
 * A link's words: `ok`, `cut`, `cut one way (lb-1 to app-a1)`, then latency and loss,
 * e.g. `cut, +200 ms, 20% loss`; an impaired link says only its latency and loss.
 */
export function linkStatusLabel(status: LinkStatus, link: LinkConditions): string {
  const words: string[] = [];
  if (status === 'cut') words.push(LINK_STATUS_LABELS.cut);
  else if (status === 'cut-one-way') {
    const [from, to] = link.cutForward ? [link.from, link.to] : [link.to, link.from];
    words.push(`${LINK_STATUS_LABELS['cut-one-way']} (${from} to ${to})`);
  }
  if (link.addedLatencyMs > 0) words.push(`+${link.addedLatencyMs} ms`);
  if (link.lossPercent > 0) words.push(`${Number(link.lossPercent.toFixed(2))}% loss`);
  return words.length > 0 ? words.join(', ') : LINK_STATUS_LABELS.ok;
}

/** A link's state from its faults. */
export function linkStatus(link: {
  cutForward: boolean;
  cutBackward: boolean;
  addedLatencyMs: number;
  lossPercent: number;
}): LinkStatus {
  if (link.cutForward && link.cutBackward) return 'cut';
  if (link.cutForward || link.cutBackward) return 'cut-one-way';
  return link.addedLatencyMs > 0 || link.lossPercent > 0 ? 'impaired' : 'ok';
}

/** The fields of a component view the predicates below read (`ComponentView`). */
interface StatusFields {
  state: ComponentStatus;
  flapping?: boolean;
  slowFactor?: number;
  errorPercent?: number;
}

/** It serves nothing (crashed, its host, zone or region down, its disk failed): a cross. */
export function componentIsDown(view: StatusFields | undefined): boolean {
  return view !== undefined && DOWN_STATUSES.has(view.state);
}

/**
 * A server slowed down (a gray failure): a clock glyph. Not while its host, zone or
 * region is down: then that is all there is to say (`serverStatusLabel`).
 */
export function componentIsSlow(view: StatusFields | undefined): boolean {
  return view?.slowFactor !== undefined && view.slowFactor !== 1 && !LOCATION_DOWN.has(view.state);
}

/** A database node cut off from its peers by a partition. */
export function componentIsIsolated(view: StatusFields | undefined): boolean {
  return view !== undefined && ISOLATED_STATUSES.has(view.state as DatabaseNodeStatus);
}

/** Up with nothing wrong: not flapping, slow or failing (its label is just `up`). */
export function componentIsPlainUp(view: StatusFields | undefined): boolean {
  return (
    view === undefined ||
    (view.state === 'up' && !view.flapping && !componentIsSlow(view) && !view.errorPercent)
  );
}
