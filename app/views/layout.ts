/**
 * Where each part of the cloud sits on the diagram, in SVG user units, for any
 * topology the scenarios can describe. Messages flow left to right:
 *
 *   users  ->  balancers (and the DNS traffic manager between them)  ->  regions
 *   (stacked, each holding its zones stacked, each zone holding its servers and then
 *   its database nodes, one per row)  ->  the external dependency, a tall box level
 *   with every server so each server->dependency link is a straight horizontal line.
 *
 * Every node of a column shares the same left edge, so every balancer->server link
 * reaches its server without crossing another node; replication links between
 * database nodes are arcs bulging right of the rows. Small topologies get roomy
 * two-line nodes (one region keeps its first look); big ones (two regions, twelve
 * servers) get compact one-line rows so the diagram stays legible at 1280x800, and
 * font sizes grow until the smallest text is at least MIN_FONT_PX on that screen.
 */
import type { ComponentInfo, ComponentKind, LinkInfo } from '../sim';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface NodeLayout extends Box {
  id: string;
  kind: ComponentKind;
  label: string;
  /**
   * A tile's short name inside its zone (`a1` for `app-eu-a1`, `db` for the zone's
   * database node), in the zone-rows arrangement only; the full id is its tooltip and
   * its accessible name.
   */
  short?: string;
  /**
   * The touch target on a phone (column arrangement): the node's box grown, centred, to at
   * least the target's `minTargetPx` each way at the smallest scale a phone draws it, and
   * clear of every other node's target and of the tags (issue 14).
   */
  hit?: Box;
  /**
   * Its words at the top of its box, not in the middle: the phone's dependency, a bar as
   * tall as every server's row, whose middle is screens down the page (issue 14).
   */
  wordsAtTop?: boolean;
}

/**
 * The phone's column: one balancer's fan of links, which run down lanes the widest link
 * apart (COLUMN_LANE_PITCH: six in 60 units, about 36 px at 390 px wide), room to tell their
 * widths apart but not for a label each. The fan is labelled once, as a bundle, with its
 * total rate, starting at (x, y) (the left end of the text's baseline), in the gap between
 * the balancer and its region, right of the lanes.
 */
export interface FanLabelPlace {
  balancer: string;
  /** The fan's links, whose rates the label adds up. */
  links: readonly string[];
  x: number;
  y: number;
}

/** A region or zone box, with the clickable tag that names it. */
export interface GroupLayout extends Box {
  id: string;
  kind: 'region' | 'zone';
  label: string;
  tag: Box;
  /**
   * The tag's touch target on a phone (column arrangement): the tag grown upward to the
   * target's `minTargetPx`, over the empty space above it, so the drawn tag stays a line of
   * text tall beside its tiles (issue 14: 44 px tall tags took most of the first screen).
   */
  hit?: Box;
}

/**
 * A link between two node edges; messages travel along it. Straight from (x1, y1) to
 * (x2, y2), or a quadratic curve through the control point (cx, cy) when it has one.
 */
export interface LinkLayout {
  id: string;
  from: string;
  to: string;
  scope: LinkInfo['scope'];
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  cx?: number;
  cy?: number;
  /**
   * No text beside it: several links of the zone-rows arrangement meet one zone edge, so
   * their labels would sit on each other (a fault still shows as the line's dash); or a
   * replication arc there whose labels' column would make every label smaller (Present
   * mode writes its streams beside the diagram).
   */
  quiet?: boolean;
}

/**
 * Two-line nodes (small topologies), one-line rows (many servers), or tiles: each zone
 * one row of small server and database tiles (Present mode's zone-rows arrangement).
 */
export type Density = 'roomy' | 'compact' | 'tiles';

/** Font sizes in SVG user units, by role. */
export interface FontSizes {
  /** Node names. */
  title: number;
  /** State words. */
  state: number;
  /** Everything else: notes, loads, link labels, tags. */
  small: number;
  /**
   * Baseline to baseline in a node's stacked lines, where not `small + 4`: tiles leave
   * more, so a bold title's descent clears the next line's ascent at every scale.
   */
  lineGap?: number;
}

export interface TopologyLayout {
  width: number;
  height: number;
  density: Density;
  fonts: FontSizes;
  /** Users, balancers, DNS, servers, database nodes and the dependency, in Tab order. */
  nodes: NodeLayout[];
  zones: GroupLayout[];
  regions: GroupLayout[];
  links: LinkLayout[];
  nodeById: ReadonlyMap<string, NodeLayout>;
  linkById: ReadonlyMap<string, LinkLayout>;
  /**
   * Where the database's mode and failover phase are written, when there is a database
   * (null in Present's tiles when it would make the labels smaller: Present mode shows
   * them beside the diagram then).
   */
  databaseLabel: Box | null;
  /**
   * The database label also lists each replication stream's lag: the phone's column, whose
   * arcs went without their labels to fit the screen's width (Present writes them beside).
   */
  databaseLabelStreams?: boolean;
  /** The phone's column: where each balancer's fan is labelled with its total (FanLabelPlace). */
  fanLabels?: readonly FanLabelPlace[];
}

/** The diagram's box on a 1280x800 laptop screen, in CSS pixels (fonts are checked there). */
const REFERENCE_BOX = { width: 803, height: 485 } as const;

/** The smallest text on the diagram at REFERENCE_BOX, in CSS pixels. */
export const MIN_FONT_PX = 11.2;

/**
 * Where the diagram is drawn and how large its smallest text must be there: the laptop
 * screen by default; Present mode's box at 1280x720 with text the back row reads (issue 14).
 */
export interface FontTarget {
  box: { width: number; height: number };
  minFontPx: number;
  /**
   * `rows` (default): one row per server, text grown to `minFontPx` where it fits.
   * `zone-rows`: one row per zone holding its servers and database nodes as tiles, every
   * size in proportion to the text, so fewer rows carry larger text (issue 14).
   * `column`: the same tiles for a narrow screen, top to bottom: per region its users, its
   * balancer, then its zones (the balancer's links run down a lane each on their left),
   * regions stacked, the dependency a tall box right of them.
   */
  arrangement?: 'rows' | 'zone-rows' | 'column';
  /**
   * The smallest touch target, in CSS pixels (column arrangement): every node gets a hit
   * area this large where its smallest text is `minFontPx`, the smallest scale it is drawn at.
   */
  minTargetPx?: number;
  /**
   * Zone rows: the box the drawing is drawn in now (Present measures it). Where that box is
   * taller for its width than the drawing, the spare height goes into taller tiles (lines
   * for a server's queue count) and then roomier gaps between zones, never making the text
   * smaller than it was there (review item 13: one region filled 45% of the box's height,
   * with empty bands above and below). Unset: no filling.
   */
  fillBox?: { width: number; height: number };
}

const LAPTOP_TARGET: FontTarget = { box: REFERENCE_BOX, minFontPx: MIN_FONT_PX };

/** The "P" in a database row's primary badge, in SVG units: the rows' one text that does not grow. */
export const ROW_BADGE_LETTER = 14;

/**
 * Compare: two diagrams side by side, each in half the laptop's width (465 px at 1024x768,
 * 593 at 1280x800), too narrow for the rows' text to reach MIN_FONT_PX (they need about
 * 71 text heights across). Tiles need about 41, so both designs stay in view side by side,
 * readable, and the table below gives the numbers the tiles leave out.
 */
export const COMPARE_TARGET: FontTarget = {
  box: { width: 465, height: 250 },
  minFontPx: MIN_FONT_PX,
  arrangement: 'zone-rows',
};

/**
 * An embed's floor for its diagram's smallest label, in CSS pixels: a host page is read like
 * a phone or a tablet, at arm's length (issue 14 asks 12 px of a 768 px wide frame).
 */
export const EMBED_MIN_FONT_PX = 12;

/**
 * A compared design's (or an embed's) layout in a box of `box` CSS pixels: the laptop's rows where their
 * smallest text is still `minFontPx` (MIN_FONT_PX unless given) there (a wide screen,
 * 1920x1080), else COMPARE_TARGET's tiles, whose text is larger for the same box.
 */
export function compareLayout(
  components: readonly ComponentInfo[],
  links: readonly LinkInfo[],
  box: { width: number; height: number },
  minFontPx = MIN_FONT_PX,
): TopologyLayout {
  const rows = topologyLayout(components, links, LAPTOP_TARGET);
  const smallest = Math.min(rows.fonts.small, ROW_BADGE_LETTER);
  if (smallest * referenceScale(rows.width, rows.height, box) >= minFontPx) return rows;
  return topologyLayout(components, links, COMPARE_TARGET);
}

/**
 * Present mode: the diagram's box at 1280x720 (presentation.css), labels the back row
 * reads (issue 14: at least 24 px), one row per zone.
 */
export const PRESENT_TARGET: FontTarget = {
  box: { width: 1000, height: 558 },
  minFontPx: 24,
  arrangement: 'zone-rows',
  // Filling the same box: Present's diagram measures its own (presentTarget).
  fillBox: { width: 1000, height: 558 },
};

/**
 * Present's target for the box the diagram has now (1024x768 leaves a taller one than
 * 1280x720): the same text floor, filling that box's height.
 */
export function presentTarget(box: { width: number; height: number } | null): FontTarget {
  return box && box.width > 0 && box.height > 0
    ? { ...PRESENT_TARGET, fillBox: box }
    : PRESENT_TARGET;
}

/**
 * A phone (<= 600 px): the diagram's box at 360x740, the narrower phone of issue 14, and
 * labels of at least 12.5 px (12 asked, half a pixel spare). Height is free: the page
 * scrolls down, never sideways.
 */
export const PHONE_TARGET: FontTarget = {
  box: { width: 330, height: 100_000 },
  minFontPx: 12.5,
  arrangement: 'column',
  // WCAG 2.5.5 and Apple's HIG: 44x44 CSS px.
  minTargetPx: 44,
};

/**
 * A tag's height on a phone (column arrangement), in user units (24-unit text): a line of
 * its text with 6 units above and below; its touch target is taller (GroupLayout.hit).
 */
const COLUMN_TAG_HEIGHT = 36;

/**
 * Between a user group and its balancer on a phone, in user units: room for the users'
 * "N/s timing out" line under them (24-unit text) and the link; 84 (the tiles' gap) pushed the
 * second zone below the first screen at 390x844 (issue 14).
 */
const COLUMN_USERS_GAP = 64;

/**
 * Room left of the column arrangement's users and balancers for links curving round them
 * (another region's users, the traffic manager's checks); none where no link curves (one
 * region, no traffic manager), which pays for the fan's lanes there.
 */
const COLUMN_CURVE_ROOM = 32;

/**
 * The phone's column: a zone's room left and right of its tiles, in user units. Each tile's
 * touch target is as wide as its slot in the row already (so it needs none); below and above
 * it, the zone keeps the room the targets take. It was that room on every side (28 units),
 * and the zones of three tiles (active-active-data) set the drawing's width.
 */
const COLUMN_ZONE_SIDE_PAD = 8;

/**
 * The phone's column: between the lanes of a balancer's fan (and between the legs of one
 * zone's links into it), in user units (24-unit text). As wide as the widest link
 * (`LINK_WIDTH_MAX` in load.ts), so two neighbours never overlap unless both carry more than
 * half the full scale, and a link at a fan's usual share (a sixth of the scale, 3.25 units
 * wide) has 8.75 units clear either side, 4.5 px on the narrower phone: each width can be
 * read. They ran 5 units apart (2.6 px), and widths of 1.7 px merged (issue 14).
 */
const COLUMN_LANE_PITCH = 12;

/** The first lane's distance in from the balancer's left edge, in user units. */
const COLUMN_LANE_INSET = 8;

/** From the last lane to the region's edge: half the widest link, and clear space. */
const COLUMN_LANE_CLEAR = COLUMN_LANE_PITCH / 2 + 8;

/** How far the lanes of a fan of `links` links reach right of the balancer's left edge. */
function columnLanesWidth(links: number): number {
  return COLUMN_LANE_INSET + COLUMN_LANE_PITCH * Math.max(0, links - 1) + COLUMN_LANE_CLEAR;
}

/**
 * The column's widest replication arc bulge, in user units (24-unit text): a zone's
 * arcs keep theirs (30 + 0.15 x their height); a cross-region arc would bulge 220.
 */
const COLUMN_ARC_BULGE_MAX = 48;

/** The column's shortest server->dependency links, in user units (24-unit text). */
const COLUMN_DEPENDENCY_GAP_MIN = 24;

/** More rows (servers plus database nodes) than this get the compact density. */
const ROOMY_ROWS_MAX = 10;

interface Metrics {
  margin: number;
  usersWidth: number;
  usersHeight: number;
  /** Extra height of a user group per line of DNS answers it shows. */
  usersDnsExtra: number;
  /** Gap between users and balancers: one region, or several (cross-region links). */
  usersGap: number;
  usersGapCrossing: number;
  balancerWidth: number;
  balancerHeight: number;
  dnsHeight: number;
  /** Room for the balancer->server fan and its rate labels. */
  fan: number;
  regionPad: number;
  zonePad: number;
  /** Space above a zone's first row: half the zone tag straddles the zone's top edge. */
  zoneTopPad: number;
  zoneGap: number;
  regionGap: number;
  rowWidth: number;
  rowHeight: number;
  rowGap: number;
  tagHeight: number;
  /** Between the last column of rows (or the arcs) and the dependency. */
  dependencyGap: number;
  dependencyWidth: number;
  /** Replication arcs: base bulge, bulge per unit of height, and their label's width. */
  arcBulge: number;
  arcBulgePerHeight: number;
  arcLabelWidth: number;
  fonts: FontSizes;
}

const METRICS: Readonly<Record<Density, Metrics>> = {
  roomy: {
    margin: 10,
    usersWidth: 118,
    usersHeight: 76,
    usersDnsExtra: 18,
    usersGap: 64,
    usersGapCrossing: 70,
    balancerWidth: 132,
    balancerHeight: 84,
    dnsHeight: 64,
    fan: 84,
    regionPad: 8,
    zonePad: 6,
    zoneTopPad: 15,
    zoneGap: 16,
    regionGap: 18,
    rowWidth: 260,
    rowHeight: 44,
    rowGap: 5,
    tagHeight: 24,
    dependencyGap: 170,
    dependencyWidth: 104,
    arcBulge: 40,
    arcBulgePerHeight: 0.22,
    arcLabelWidth: 150,
    fonts: { title: 17, state: 15, small: 14 },
  },
  compact: {
    margin: 6,
    usersWidth: 112,
    usersHeight: 72,
    usersDnsExtra: 17,
    usersGap: 80,
    usersGapCrossing: 48,
    balancerWidth: 116,
    balancerHeight: 72,
    dnsHeight: 56,
    fan: 90,
    regionPad: 6,
    zonePad: 3,
    zoneTopPad: 12,
    zoneGap: 12,
    regionGap: 10,
    rowWidth: 330,
    rowHeight: 30,
    rowGap: 3,
    tagHeight: 21,
    dependencyGap: 150,
    dependencyWidth: 96,
    arcBulge: 40,
    arcBulgePerHeight: 0.22,
    arcLabelWidth: 150,
    fonts: { title: 15, state: 14, small: 14 },
  },
  // Sizes in proportion to 24-unit text: the layout is drawn at whatever scale fits, so
  // the text's size on screen depends only on these proportions (checked in layout.test).
  // usersWidth, balancerWidth and dependencyWidth are minimums: their words widen them.
  tiles: {
    margin: 8,
    usersWidth: 120,
    usersHeight: 84,
    usersDnsExtra: 28,
    usersGap: 84,
    usersGapCrossing: 84,
    balancerWidth: 120,
    balancerHeight: 134,
    dnsHeight: 78,
    fan: 44,
    regionPad: 6,
    zonePad: 4,
    zoneTopPad: 18,
    zoneGap: 14,
    regionGap: 6,
    rowWidth: 0,
    rowHeight: 34,
    rowGap: 6,
    tagHeight: 32,
    dependencyGap: 84,
    dependencyWidth: 120,
    arcBulge: 30,
    arcBulgePerHeight: 0.15,
    arcLabelWidth: 0,
    fonts: { title: 26, state: 24, small: 24 },
  },
};

/** Present's zone rows: a tag's height (24-unit text), a tile's, and the clear space above a tag. */
const PRESENT_TAG_HEIGHT = 30;
const PRESENT_ROW_HEIGHT = 32;
export const PRESENT_TAG_CLEAR = 6;

/**
 * A tile's lines of text at most (its name, then its queue's count and the word "queued"),
 * where its zone row has the height (FontTarget.fillBox).
 */
export const TILE_LINES_MAX = 3;

/**
 * A taller tile's lines, from its top (user units, for its 26-unit name and 24-unit count):
 * the name's middle (its ascent 4 units clear of the edge), then baseline to baseline the
 * name to the count and the count to the word "queued": each line's text box (a font's
 * ascent and descent, 1.16 em in DejaVu Sans, which a browser measures) clear of the next.
 */
const TILE_NAME_MIDDLE = 15;
const TILE_COUNT_PITCH = 29;
const TILE_WORD_PITCH = 28;

/** Beyond a taller tile's last baseline: a descent, and its queue strip (load.ts) under it. */
const TILE_BELOW_LAST = 14;

/** The height of a tile holding `lines` lines of text (one: Present's slim rows). */
export function tileRowHeight(lines: number): number {
  if (lines <= 1) return PRESENT_ROW_HEIGHT;
  const nameBaseline = TILE_NAME_MIDDLE + METRICS.tiles.fonts.title * 0.36;
  const pitches = TILE_COUNT_PITCH + (lines > 2 ? TILE_WORD_PITCH * (lines - 2) : 0);
  return Math.round(nameBaseline + pitches + TILE_BELOW_LAST);
}

/** How many lines of text a tile of this height holds (1 to TILE_LINES_MAX). */
export function tileLines(height: number): number {
  let lines = 1;
  while (lines < TILE_LINES_MAX && tileRowHeight(lines + 1) <= height) lines++;
  return lines;
}

/**
 * The middle of a tile's first line (its name, glyphs and badge): the tile's middle when it
 * holds one line, else near its top, its lines centred in any height beyond theirs.
 */
export function tileNameMiddleY(tile: Box): number {
  const lines = tileLines(tile.height);
  if (lines === 1) return tile.y + tile.height / 2;
  return tile.y + (tile.height - tileRowHeight(lines)) / 2 + TILE_NAME_MIDDLE;
}

/** The baseline of a tile's line `index` (0: the name, in `fonts.title`; then the count's). */
export function tileLineBaselineY(tile: Box, index: number, fonts: FontSizes): number {
  const name = tileNameMiddleY(tile) + fonts.title * 0.36;
  if (index === 0) return name;
  return name + TILE_COUNT_PITCH + (index - 1) * TILE_WORD_PITCH;
}

/** Words a balancer's box must hold in tiles (its note may wrap onto two lines). */
const TILE_BALANCER_WORDS = ['balancer', 'outstanding', 'power of'];

/** Words the dependency's box must hold in tiles: its kind and the usual state words. */
const TILE_DEPENDENCY_WORDS = ['external', 'slow x10'];

/** The longest replication label in tiles, which show only how far behind a replica is. */
const TILE_ARC_LABEL = 'disconnected';

/**
 * The short names of the tiles of one zone: a server's id after its last dash (`a1` for
 * `app-eu-a1`) and `db` for the zone's database node, or the full id where that would
 * not be unique in the zone.
 */
export function tileShortNames(members: readonly ComponentInfo[]): Map<string, string> {
  const names = new Map<string, string>();
  const databases = members.filter((m) => m.kind === 'database');
  for (const m of members) {
    const tail = m.id.slice(m.id.lastIndexOf('-') + 1);
    names.set(m.id, m.kind === 'database' ? (databases.length === 1 ? 'db' : `db ${tail}`) : tail);
  }
  const counts = new Map<string, number>();
  for (const name of names.values()) counts.set(name, (counts.get(name) ?? 0) + 1);
  for (const [id, name] of names) if ((counts.get(name) ?? 0) > 1 || name === '') names.set(id, id);
  return names;
}

/**
 * The radius of a database tile's "P" badge: a disc round a letter as large as the state
 * words (24 units in Present and on a phone: radius 12, a capital's 17 units with room round it).
 */
export function tileBadgeRadius(fonts: FontSizes): number {
  return Math.max(9, Math.round(fonts.state * 0.5));
}

/** Clear space between a database node's name and its primary's "P" badge (drawing units). */
export const BADGE_CLEAR = 5;

/** A circle: its centre and radius. */
export interface Circle {
  cx: number;
  cy: number;
  r: number;
}

/**
 * The widest `text` is drawn in bold: lowercase letters and digits of the common system
 * sans-serifs are at most 0.72 em wide in bold (DejaVu Sans Bold's b, d, p, q: 0.716 em;
 * Arial's: 0.611). `textWidth` is the typical width, for sizing; this one is for clearance.
 */
export function boldTextWidthMax(text: string, fontSize: number): number {
  return text.length * fontSize * 0.72;
}

/**
 * Where a database node draws its bold name (the box it can cover) and its primary's "P"
 * badge, in every arrangement: the name after the cylinder, the badge BADGE_CLEAR past the
 * widest the name can be drawn. (Placed after the typical width, the disc touched "db".)
 */
export function databaseNameAndBadge(
  d: NodeLayout,
  fonts: FontSizes,
  density: Density,
): { name: Box; baselineY: number; badge: Circle } {
  const text = density === 'tiles' ? (d.short ?? d.label) : d.label;
  const nameX = d.x + 32; // padding and the cylinder
  const middle = density === 'tiles' ? tileNameMiddleY(d) : d.y + d.height / 2;
  const baselineY =
    density === 'tiles'
      ? middle + fonts.title * 0.36
      : density === 'roomy'
        ? middle - 4
        : middle + fonts.state * 0.36;
  // A bold name's ink: ascenders to 0.76 em above the baseline, descenders 0.24 below.
  const width = boldTextWidthMax(text, fonts.title);
  const name = { x: nameX, y: baselineY - fonts.title * 0.76, width, height: fonts.title };
  const r = density === 'tiles' ? tileBadgeRadius(fonts) : 10;
  const cy = density === 'tiles' ? middle : baselineY - fonts.title * 0.33;
  return { name, baselineY, badge: { cx: nameX + width + BADGE_CLEAR + r, cy, r } };
}

/** Width of a tile: padding, its short name, and room for its glyphs (clock, eject; cylinder and badge). */
function tileWidth(kind: ComponentKind, short: string, fonts: FontSizes): number {
  if (kind === 'database') {
    // Padding, the cylinder, the name at its widest, clear space, the badge, padding
    // (as wide as before for "db": the room comes from the badge's old right margin).
    const badge = BADGE_CLEAR + 2 * tileBadgeRadius(fonts);
    return Math.ceil(10 + 22 + boldTextWidthMax(short, fonts.title) + badge + 4);
  }
  return Math.ceil(20 + textWidth(short, fonts.title, true) + 30);
}

/** Rough width of `text` at `fontSize` in the system sans-serif (no DOM to measure in). */
export function textWidth(text: string, fontSize: number, bold = false): number {
  return text.length * fontSize * (bold ? 0.62 : 0.56);
}

/** The scale at which a layout of this size is drawn in REFERENCE_BOX ("meet"). */
export function referenceScale(
  width: number,
  height: number,
  box: { width: number; height: number } = REFERENCE_BOX,
): number {
  return Math.min(box.width / width, box.height / height);
}

/** Words a region or zone tag may show beyond its label (so its width never changes). */
function longestTagText(label: string, kind: 'region' | 'zone', roles: boolean): string {
  return kind === 'region' && roles ? `${label}: down · standby` : `${label}: down`;
}

/**
 * A zone tag in tiles also counts its servers that are up: "zone a · 2/2 up", or
 * "zone a: down" (nothing in it serves).
 */
export function zoneTileTagText(label: string, up: number, servers: number, down: boolean): string {
  return down ? `${label}: down` : `${label} · ${up}/${servers} up`;
}

/** The point at `t` (0..1) along a link, straight or curved. */
export function linkPointAt(
  link: Pick<LinkLayout, 'x1' | 'y1' | 'x2' | 'y2' | 'cx' | 'cy'>,
  t: number,
): { x: number; y: number } {
  if (link.cx === undefined || link.cy === undefined) {
    return { x: link.x1 + (link.x2 - link.x1) * t, y: link.y1 + (link.y2 - link.y1) * t };
  }
  const u = 1 - t;
  return {
    x: u * u * link.x1 + 2 * u * t * link.cx + t * t * link.x2,
    y: u * u * link.y1 + 2 * u * t * link.cy + t * t * link.y2,
  };
}

/** The unit direction of travel at `t` along a link. */
export function linkDirectionAt(
  link: Pick<LinkLayout, 'x1' | 'y1' | 'x2' | 'y2' | 'cx' | 'cy'>,
  t: number,
): { dx: number; dy: number } {
  let dx: number;
  let dy: number;
  if (link.cx === undefined || link.cy === undefined) {
    dx = link.x2 - link.x1;
    dy = link.y2 - link.y1;
  } else {
    dx = 2 * (1 - t) * (link.cx - link.x1) + 2 * t * (link.x2 - link.cx);
    dy = 2 * (1 - t) * (link.cy - link.y1) + 2 * t * (link.y2 - link.cy);
  }
  const length = Math.hypot(dx, dy) || 1;
  return { dx: dx / length, dy: dy / length };
}

/** SVG path data of a link (or of its part between t0 and t1, for hit areas). */
export function linkPath(link: LinkLayout, t0 = 0, t1 = 1): string {
  const a = linkPointAt(link, t0);
  const b = linkPointAt(link, t1);
  if (link.cx === undefined || link.cy === undefined) return `M${a.x},${a.y}L${b.x},${b.y}`;
  if (t0 === 0 && t1 === 1) return `M${a.x},${a.y}Q${link.cx},${link.cy} ${b.x},${b.y}`;
  const points: string[] = [];
  const steps = 16;
  for (let i = 0; i <= steps; i++) {
    const p = linkPointAt(link, t0 + ((t1 - t0) * i) / steps);
    points.push(`${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`);
  }
  return points.join('');
}

/** Lines the database label holds (title, mode, failover, a phase over two lines, split brain). */
export const DATABASE_LABEL_LINES = 5;

/**
 * Lays out `components` (in the engine's order: users, DNS, then per region its
 * balancer, zones, servers and database nodes, then the dependency) and `links`.
 * Pure: the same input gives the same layout.
 */
export function topologyLayout(
  components: readonly ComponentInfo[],
  links: readonly LinkInfo[],
  target: FontTarget = LAPTOP_TARGET,
): TopologyLayout {
  const first = buildLayout(components, links, 1, target);
  if (first.density === 'tiles') {
    // Present: the replication arcs' labels need a column of their own. Where that column
    // would make the room's labels smaller than it needs, the arcs go without them and
    // Present mode writes the same words beside the diagram (active-active-data's
    // cross-region arc, issue 14).
    // The phone's column likewise (active-active-data's arc and the dependency side by
    // side made it pan sideways): its database card lists the streams instead (topology.ts).
    const px = (l: TopologyLayout) => l.fonts.small * referenceScale(l.width, l.height, target.box);
    let chosen = first;
    if (target.arrangement !== 'rows' && px(first) < target.minFontPx) {
      const quiet = buildLayout(components, links, 1, target, false);
      if (px(quiet) > px(first)) chosen = quiet;
    }
    // Tiles are sized in proportion to their text: growing them all would change nothing,
    // but taller rows use a box taller than the drawing.
    return target.arrangement === 'zone-rows' && target.fillBox
      ? filledLayout(components, links, target, target.fillBox, chosen)
      : chosen;
  }
  // Grown fonts need wider users, balancer and dependency boxes: lay out once more.
  const grow = first.fonts.small / METRICS[first.density].fonts.small;
  return grow > 1 ? buildLayout(components, links, grow, target) : first;
}

/** How a zone-rows layout takes a box taller than it (FontTarget.fillBox). */
interface TileFill {
  /** The tiles' lines of text (1: the slim rows). */
  lines: number;
  /** 0 to 1: how much of the extra room between zones and in each tile it takes. */
  extra: number;
  /** Whether it draws the database label (as the layout without filling decided). */
  databaseLabel: boolean;
}

/** The most a filled layout adds between zones and to each tile beyond its lines, user units. */
const TILE_FILL_GAP_MAX = 36;
const TILE_FILL_ROW_MAX = 24;

/**
 * How much smaller the text may get for taller rows (a tile's third line may make the
 * drawing a little taller than the box), never closer to the target's floor than this.
 */
const TILE_FILL_TEXT_GIVE = 0.03;

/**
 * `base` (zone rows) grown to fill `box`'s height where the box is taller for its width:
 * first more lines per tile (a server's queue count, then the word "queued"), then roomier
 * zones, each as far as the drawing stays no taller for its width than the box and its text
 * keeps its size there (within TILE_FILL_TEXT_GIVE, never under `target.minFontPx`, the
 * floor at `target.box`'s width). What else the layout decided (quiet arcs, the database
 * label, tiles' names) stays as `base` has it, so Present's side column agrees at any size.
 */
function filledLayout(
  components: readonly ComponentInfo[],
  links: readonly LinkInfo[],
  target: FontTarget,
  box: { width: number; height: number },
  base: TopologyLayout,
): TopologyLayout {
  const arcLabels = !base.links.some((l) => l.scope === 'replication' && l.quiet);
  const databaseLabel = base.databaseLabel !== null;
  // The text's size in the box, in px of the target's width (the room's floors scale with
  // the box's width: 18 px at 1024x768, 35 at 1920x1080 for 24 at 1280x720).
  const px = (l: TopologyLayout) =>
    (l.fonts.small * referenceScale(l.width, l.height, box) * target.box.width) / box.width;
  const basePx = px(base);
  // The give stops that much short of the floor: the box the floor is set for is about 1.5%
  // wider than Present's measured at 1280x720 (1000 against 986 px), so a layout at the
  // floor's edge (checkout: 24.4 px) gives nothing.
  const floorPx = Math.min(
    basePx,
    Math.max(basePx * (1 - TILE_FILL_TEXT_GIVE), target.minFontPx * (1 + TILE_FILL_TEXT_GIVE)),
  );
  const keepsText = (l: TopologyLayout) => px(l) >= floorPx - 1e-9;
  // No taller for its width than the box: the box's width still sets the scale.
  const fits = (l: TopologyLayout) =>
    l.height * box.width <= box.height * l.width + 1e-6 && keepsText(l);
  const build = (lines: number, extra: number) =>
    buildLayout(components, links, 1, target, arcLabels, { lines, extra, databaseLabel });
  let best = build(1, 0);
  let lines = 1;
  // A line more per tile (the word "queued" by its count) is worth the text's give.
  while (lines < TILE_LINES_MAX) {
    const taller = build(lines + 1, 0);
    if (!keepsText(taller)) break;
    best = taller;
    lines++;
  }
  if (!fits(best)) return best;
  let low = 0;
  let high = 1;
  for (let i = 0; i < 6; i++) {
    const extra = (low + high) / 2;
    const roomier = build(lines, extra);
    if (fits(roomier)) {
      best = roomier;
      low = extra;
    } else {
      high = extra;
    }
  }
  return best;
}

/** How many servers each region's balancer sends to (one link, one lane each). */
function balancerLinkCounts(
  components: readonly ComponentInfo[],
  regionInfos: readonly ComponentInfo[],
): number[] {
  return regionInfos.map(
    (r) => components.filter((c) => c.kind === 'server' && c.region === r.id).length,
  );
}

/** A zone's rows (or tiles): its servers, then its database nodes. */
function zoneMembers(components: readonly ComponentInfo[], zoneId: string): ComponentInfo[] {
  return [
    ...components.filter((c) => c.kind === 'server' && c.zone === zoneId),
    ...components.filter((c) => c.kind === 'database' && c.zone === zoneId),
  ];
}

/** Tiles' metrics: the users, balancer and dependency boxes as wide as their words. */
function tileMetrics(
  base: Metrics,
  components: readonly ComponentInfo[],
  regionInfos: readonly ComponentInfo[],
): Metrics {
  const { title, small } = base.fonts;
  const widest = (words: string[], size: number, bold = false) =>
    Math.max(...words.map((w) => textWidth(w, size, bold)));
  const labels = (kind: ComponentKind) =>
    components.filter((c) => c.kind === kind).map((c) => c.label);
  const longestRegion = regionInfos
    .map((r) => r.id)
    .reduce((a, b) => (a.length >= b.length ? a : b), '');
  const fit = (min: number, inner: number) => Math.max(min, Math.ceil(inner + 24));
  return {
    ...base,
    usersWidth: fit(
      base.usersWidth,
      Math.max(
        widest(labels('users'), title, true),
        widest(['9999 req/s', `→ ${longestRegion} 100%`], small),
      ),
    ),
    balancerWidth: fit(
      base.balancerWidth,
      Math.max(
        widest([...labels('balancer'), ...labels('dns')], title, true),
        widest(TILE_BALANCER_WORDS, small),
      ),
    ),
    dependencyWidth: fit(
      base.dependencyWidth,
      Math.max(
        widest(labels('dependency'), title, true),
        widest(TILE_DEPENDENCY_WORDS, small, true),
      ),
    ),
  };
}

/** The layout with the text-holding columns widened by `textScale`. */
function buildLayout(
  components: readonly ComponentInfo[],
  links: readonly LinkInfo[],
  textScale: number,
  target: FontTarget,
  arcLabels = true,
  fill: TileFill | null = null,
): TopologyLayout {
  const rows = components.filter((c) => c.kind === 'server' || c.kind === 'database').length;
  const column = target.arrangement === 'column';
  const tiles = target.arrangement === 'zone-rows' || column;
  const density: Density = tiles ? 'tiles' : rows > ROOMY_ROWS_MAX ? 'compact' : 'roomy';
  const base = METRICS[density];
  const regionInfos = components.filter((c) => c.kind === 'region');
  const dns = components.find((c) => c.kind === 'dns');
  const dependency = components.find((c) => c.kind === 'dependency');
  const databaseCount = components.filter((c) => c.kind === 'database').length;
  const roles = dns !== undefined;
  const M: Metrics = tiles
    ? tileMetrics(base, components, regionInfos)
    : {
        ...base,
        usersWidth: Math.ceil(base.usersWidth * textScale),
        balancerWidth: Math.ceil(base.balancerWidth * textScale),
        dependencyWidth: Math.ceil(base.dependencyWidth * textScale),
      };
  // Column with touch targets: each node's hit area side, in user units, at the smallest
  // scale a phone draws the diagram (its smallest text at minFontPx).
  const hitSide =
    column && target.minTargetPx
      ? Math.ceil((target.minTargetPx * M.fonts.small) / target.minFontPx)
      : 0;
  if (hitSide > 0) {
    // The zone and region tags are targets too, but drawn a line of text tall: each one's
    // target (GroupLayout.hit) grows upward over the empty space above it, so a tag sits
    // just above its tiles (issue 14: tags as tall as a target, 70 px at 390 px wide, left
    // room for one zone on the first screen).
    M.tagHeight = COLUMN_TAG_HEIGHT;
    // Room above a tile's hit area for its zone's tag (half of it inside the zone), and
    // below it for the next zone's tag and the target above it.
    const spill = Math.ceil((hitSide - M.rowHeight) / 2) + 2;
    M.zoneTopPad = M.tagHeight / 2 + spill;
    M.zonePad = spill;
    M.zoneGap = M.tagHeight / 2 + hitSide - M.tagHeight;
  } else if (tiles) {
    // Present's zone rows: each zone's tag straddles its top edge with clear space from
    // the previous zone's tiles above it (issue 14: they touched), paid for by slimmer
    // tags and tiles so two regions of three zones still fit 1280x720's height.
    M.tagHeight = PRESENT_TAG_HEIGHT;
    M.rowHeight = PRESENT_ROW_HEIGHT;
    M.zoneTopPad = M.tagHeight / 2 + 3;
    M.zonePad = 3;
    M.zoneGap = M.tagHeight / 2 + PRESENT_TAG_CLEAR - M.zonePad;
    if (fill) {
      // A taller box: lines for the queue's count, then room between the zones.
      M.rowHeight = tileRowHeight(fill.lines) + fill.extra * TILE_FILL_ROW_MAX;
      M.zoneGap += fill.extra * TILE_FILL_GAP_MAX;
    }
  }
  /** A tile's slot in its row: at least a hit area wide, the tile centred in it. */
  const slotWidth = (width: number) => Math.max(width, hitSide);
  // Tiles: each member's short name and width, and the widest zone's row of tiles.
  const shortNames = new Map<string, string>();
  let tilesWidth = 0;
  // Filled rows: each zone's tiles and how many servers it holds, to widen its servers'.
  const zoneRows: { width: number; servers: number }[] = [];
  if (tiles) {
    for (const zone of components.filter((c) => c.kind === 'zone')) {
      const members = zoneMembers(components, zone.id);
      const names = tileShortNames(members);
      let rowWidth = -M.rowGap;
      for (const m of members) {
        const short = names.get(m.id) ?? m.id;
        shortNames.set(m.id, short);
        rowWidth += slotWidth(tileWidth(m.kind, short, M.fonts)) + M.rowGap;
      }
      tilesWidth = Math.max(tilesWidth, rowWidth);
      zoneRows.push({
        width: rowWidth,
        servers: members.filter((m) => m.kind === 'server').length,
      });
    }
    M.rowWidth = tilesWidth;
  }
  // Column: users and balancers share one column, as wide as the wider of them.
  if (column) {
    M.balancerWidth = Math.max(M.usersWidth, M.balancerWidth);
    M.usersWidth = M.balancerWidth;
  }
  // With a traffic manager, users show where their DNS answers point: a line per region.
  const shareLines = dns ? Math.min(2, regionInfos.length) : 0;
  const usersHeight = M.usersHeight + shareLines * M.usersDnsExtra;
  const users = components.filter((c) => c.kind === 'users');
  const columnNodes: NodeLayout[] = [];

  // Columns.
  const curveRoom = column && (regionInfos.length > 1 || dns) ? COLUMN_CURVE_ROOM : 0;
  const usersX = M.margin + curveRoom;
  const balancerX = column
    ? usersX
    : usersX + M.usersWidth + (regionInfos.length > 1 ? M.usersGapCrossing : M.usersGap);
  // Column: the region sits under its balancer, right of one lane per balancer link.
  const lanesWidth = columnLanesWidth(Math.max(0, ...balancerLinkCounts(components, regionInfos)));
  const regionX = column ? balancerX + lanesWidth : balancerX + M.balancerWidth + M.fan;
  const zoneX = regionX + M.regionPad;
  const zoneSidePad = column ? COLUMN_ZONE_SIDE_PAD : M.zonePad;
  const rowX = zoneX + zoneSidePad;
  const tagWidth = (label: string, kind: 'region' | 'zone') =>
    Math.ceil(textWidth(longestTagText(label, kind, roles), M.fonts.small * textScale, true) + 16);
  // Tiles: tags sit at the left of their box, which is wide enough to hold them (issue 15:
  // they reached past its right edge, over the dashed outline).
  const tileTagWidth = (info: ComponentInfo) => {
    if (info.kind === 'region') return tagWidth(info.label, 'region');
    const servers = components.filter((c) => c.kind === 'server' && c.zone === info.id).length;
    const longest = [
      zoneTileTagText(info.label, 0, 0, true),
      zoneTileTagText(info.label, servers, servers, false),
    ].reduce((a, b) => (a.length >= b.length ? a : b));
    return Math.ceil(textWidth(longest, M.fonts.small, true) + 16);
  };
  const zoneTagsWidth = tiles
    ? Math.max(0, ...components.filter((c) => c.kind === 'zone').map(tileTagWidth))
    : 0;
  const regionTagsWidth = tiles ? Math.max(0, ...regionInfos.map(tileTagWidth)) : 0;
  const zoneWidth = Math.max(zoneSidePad + M.rowWidth + zoneSidePad, 6 + zoneTagsWidth + 6);
  // Filled rows: servers' tiles share the room their zones' tags leave (the same width in
  // every zone), room for their queue's count; the drawing gets no wider.
  const serverWiden = fill
    ? Math.max(
        0,
        Math.floor(
          Math.min(
            ...zoneRows
              .filter((z) => z.servers > 0)
              .map((z) => (zoneWidth - 2 * zoneSidePad - z.width) / z.servers),
          ),
        ),
      )
    : 0;
  const regionWidth = Math.max(
    M.regionPad + zoneWidth + M.regionPad,
    M.regionPad + regionTagsWidth + M.regionPad,
  );
  let tagsRight = 0;

  const rowNodes: NodeLayout[] = [];
  const balancers: NodeLayout[] = [];
  const zones: GroupLayout[] = [];
  const regions: GroupLayout[] = [];

  let y = M.margin;
  for (const region of regionInfos) {
    // Column: the traffic manager takes its own row after the first region (or before
    // the only one), in the users' and balancers' column.
    if (column && dns && regions.length === Math.min(1, regionInfos.length - 1)) {
      columnNodes.push({
        id: dns.id,
        kind: 'dns',
        label: dns.label,
        x: balancerX,
        y,
        width: M.balancerWidth,
        height: M.dnsHeight,
      });
      y += M.dnsHeight + M.usersGap / 2;
    }
    // Column: the region's users, then its balancer, then (below) its zones.
    let columnBalancerY = y;
    if (column) {
      const first = regions.length === 0;
      for (const group of users.filter(
        (u) => u.region === region.id || (first && !regionInfos.some((r) => r.id === u.region)),
      )) {
        columnNodes.push({
          id: group.id,
          kind: 'users',
          label: group.label,
          x: usersX,
          y,
          width: M.usersWidth,
          height: usersHeight,
        });
        y += usersHeight + COLUMN_USERS_GAP;
      }
      columnBalancerY = y;
      // Clear of the balancer: the region tag (4 below the region's top) has its target
      // reaching above the region's box, 2 units short of the balancer.
      y += M.balancerHeight + Math.max(M.usersGap / 2, hitSide - M.tagHeight - 4 + 2);
    }
    const regionTop = y;
    const zoneInfos = components.filter((c) => c.kind === 'zone' && c.region === region.id);
    if (tiles) {
      // One row per zone: the region's tag, then each zone's tag straddling its top edge
      // and its servers and database nodes side by side.
      const regionTag: Box = {
        x: regionX + M.regionPad,
        y: regionTop + 4,
        width: tileTagWidth(region),
        height: M.tagHeight,
      };
      tagsRight = Math.max(tagsRight, regionTag.x + regionTag.width);
      // Column: the first zone tag's target reaches up to 2 units below the region's tag.
      const tagsGap = column ? hitSide - M.tagHeight + 2 : PRESENT_TAG_CLEAR;
      let zoneY = regionTop + 4 + M.tagHeight + tagsGap + M.tagHeight / 2;
      for (const zone of zoneInfos) {
        let tileX = rowX;
        for (const member of zoneMembers(components, zone.id)) {
          const short = shortNames.get(member.id) ?? member.id;
          const width =
            tileWidth(member.kind, short, M.fonts) + (member.kind === 'server' ? serverWiden : 0);
          rowNodes.push({
            id: member.id,
            kind: member.kind,
            label: member.label,
            short,
            x: tileX + (slotWidth(width) - width) / 2,
            y: zoneY + M.zoneTopPad,
            width,
            height: M.rowHeight,
          });
          tileX += slotWidth(width) + M.rowGap;
        }
        const zoneHeight = M.zoneTopPad + M.rowHeight + M.zonePad;
        const tag: Box = {
          x: zoneX + 6,
          y: zoneY - M.tagHeight / 2,
          width: tileTagWidth(zone),
          height: M.tagHeight,
        };
        tagsRight = Math.max(tagsRight, tag.x + tag.width);
        zones.push({
          id: zone.id,
          kind: 'zone',
          label: zone.label,
          x: zoneX,
          y: zoneY,
          width: zoneWidth,
          height: zoneHeight,
          tag,
        });
        zoneY += zoneHeight + M.zoneGap;
      }
      const regionHeight = zoneY - M.zoneGap + M.regionPad - regionTop;
      regions.push({
        id: region.id,
        kind: 'region',
        label: region.label,
        x: regionX,
        y: regionTop,
        width: regionWidth,
        height: regionHeight,
        tag: regionTag,
      });
      const balancer = components.find((c) => c.kind === 'balancer' && c.region === region.id);
      if (balancer) {
        balancers.push({
          id: balancer.id,
          kind: 'balancer',
          label: balancer.label,
          x: balancerX,
          y: column ? columnBalancerY : regionTop + regionHeight / 2 - M.balancerHeight / 2,
          width: M.balancerWidth,
          height: M.balancerHeight,
        });
      }
      y = regionTop + regionHeight + (column ? M.usersGap / 2 : M.regionGap);
      continue;
    }
    const regionTag: Box = {
      x: regionX + M.regionPad,
      y: regionTop + 4,
      width: Math.min(tagWidth(region.label, 'region'), zoneWidth),
      height: M.tagHeight,
    };
    // The first zone's tag straddles that zone's top edge at its right end; drop the
    // zone lower when the region's tag would reach it.
    const firstZoneTagWidth = zoneInfos[0] ? tagWidth(zoneInfos[0].label, 'zone') : 0;
    const firstZoneTagX = zoneX + zoneWidth - firstZoneTagWidth - 6;
    let header = M.tagHeight + 8;
    if (regionTag.x + regionTag.width + 2 > firstZoneTagX) header += M.tagHeight / 2 + 4;
    let zoneY = regionTop + header;
    for (const zone of zoneInfos) {
      const members = zoneMembers(components, zone.id);
      let rowY = zoneY + M.zoneTopPad;
      for (const member of members) {
        rowNodes.push({
          id: member.id,
          kind: member.kind,
          label: member.label,
          x: rowX,
          y: rowY,
          width: M.rowWidth,
          height: M.rowHeight,
        });
        rowY += M.rowHeight + M.rowGap;
      }
      const zoneHeight = rowY - M.rowGap + M.zonePad - zoneY;
      const width = tagWidth(zone.label, 'zone');
      zones.push({
        id: zone.id,
        kind: 'zone',
        label: zone.label,
        x: zoneX,
        y: zoneY,
        width: zoneWidth,
        height: zoneHeight,
        tag: {
          x: zoneX + zoneWidth - width - 6,
          y: zoneY - M.tagHeight / 2,
          width,
          height: M.tagHeight,
        },
      });
      zoneY += zoneHeight + M.zoneGap;
    }
    const regionHeight = zoneY - M.zoneGap + M.regionPad - regionTop;
    regions.push({
      id: region.id,
      kind: 'region',
      label: region.label,
      x: regionX,
      y: regionTop,
      width: regionWidth,
      height: regionHeight,
      tag: regionTag,
    });
    const balancer = components.find((c) => c.kind === 'balancer' && c.region === region.id);
    if (balancer) {
      balancers.push({
        id: balancer.id,
        kind: 'balancer',
        label: balancer.label,
        x: balancerX,
        y: regionTop + regionHeight / 2 - M.balancerHeight / 2,
        width: M.balancerWidth,
        height: M.balancerHeight,
      });
    }
    y = regionTop + regionHeight + M.regionGap;
  }
  let height = y - (column ? M.usersGap / 2 : M.regionGap) + M.margin;

  // The traffic manager sits in the balancers' column, between the two middle ones.
  const others: NodeLayout[] = [...columnNodes];
  if (dns && !column) {
    let centreY: number;
    if (balancers.length >= 2) {
      const k = Math.floor(balancers.length / 2);
      const above = balancers[k - 1]!;
      const below = balancers[k]!;
      centreY = (above.y + above.height + below.y) / 2;
    } else {
      const only = balancers[0];
      centreY = only ? only.y - 24 - M.dnsHeight / 2 : M.margin + M.dnsHeight / 2;
      if (centreY - M.dnsHeight / 2 < M.margin && only) {
        centreY = only.y + only.height + 24 + M.dnsHeight / 2;
      }
    }
    others.push({
      id: dns.id,
      kind: 'dns',
      label: dns.label,
      x: balancerX,
      y: centreY - M.dnsHeight / 2,
      width: M.balancerWidth,
      height: M.dnsHeight,
    });
  }

  // User groups sit level with their region's balancer; several groups share it evenly.
  const balancerByRegion = new Map(
    balancers.map((b) => [components.find((c) => c.id === b.id)?.region ?? '', b]),
  );
  (column ? [] : users).forEach((group, i) => {
    const balancer = group.region ? balancerByRegion.get(group.region) : undefined;
    const siblings = users.filter((u) => u.region === group.region);
    const index = siblings.indexOf(group);
    const centreY = balancer
      ? balancer.y + balancer.height / 2 + (index - (siblings.length - 1) / 2) * (usersHeight + 36)
      : M.margin + i * (usersHeight + 36) + usersHeight / 2;
    others.push({
      id: group.id,
      kind: 'users',
      label: group.label,
      x: usersX,
      y: centreY - usersHeight / 2,
      width: M.usersWidth,
      height: usersHeight,
    });
  });

  // Replication arcs bulge right of the rows; the dependency column goes beyond them.
  // Tiles: tags may reach past the region's right edge; the dependency stays clear of them.
  const regionsRight = Math.max(regionX + regionWidth, tiles ? tagsRight : 0);
  const nodeById = new Map<string, NodeLayout>(
    [...rowNodes, ...balancers, ...others].map((n) => [n.id, n]),
  );
  // Column: a bulge of at most COLUMN_ARC_BULGE_MAX, so a cross-region arc (a screen
  // tall) does not widen the drawing, and with it shrink every label, on a phone.
  // Filled rows: as far as the slim rows' arcs bulge (each zone between the ends less the
  // height filling added to it), so taller rows do not widen the drawing, and with it
  // shrink every label.
  const zonePitch = M.zoneTopPad + M.rowHeight + M.zonePad + M.zoneGap;
  const fillAdded = fill ? M.rowHeight - PRESENT_ROW_HEIGHT + fill.extra * TILE_FILL_GAP_MAX : 0;
  const arcHeight = (dy: number) => Math.max(0, dy - Math.round(dy / zonePitch) * fillAdded);
  const arcBulge = (from: NodeLayout, to: NodeLayout) =>
    Math.min(
      M.arcBulge + M.arcBulgePerHeight * arcHeight(Math.abs(to.y - from.y)),
      column ? COLUMN_ARC_BULGE_MAX : Infinity,
    );
  // Where the rows' room ends (tiles: the box may be wider, to hold its tags).
  const rowsRight = regionX + M.regionPad + zoneSidePad + M.rowWidth + zoneSidePad + M.regionPad;
  let arcsRight = rowsRight;
  const arcLabelWidth = !arcLabels
    ? 0
    : tiles
      ? Math.ceil(textWidth(TILE_ARC_LABEL, M.fonts.small, true))
      : M.arcLabelWidth;
  if (databaseCount > 1) {
    for (const link of links) {
      if (link.scope !== 'replication') continue;
      const from = nodeById.get(link.from);
      const to = nodeById.get(link.to);
      if (!from || !to) continue;
      const right = Math.max(from.x + from.width, to.x + to.width);
      arcsRight = Math.max(arcsRight, right + arcBulge(from, to) / 2 + arcLabelWidth);
    }
  }
  let width = Math.max(arcsRight, regionsRight) + M.margin;
  if (dependency) {
    const served = rowNodes.filter((n) => n.kind === 'server');
    const top = Math.min(...served.map((n) => n.y));
    const bottom = Math.max(...served.map((n) => n.y + n.height));
    const dependencyHeight = Math.max(bottom - top, 120);
    const dependencyY = (top + bottom) / 2 - dependencyHeight / 2;
    // Tiles: clear of the tags level with it; close after replication arcs (their labels
    // end the arcs' room), else a gap for the links' rates.
    const tagsLevelRight = Math.max(
      0,
      ...[...regions, ...zones]
        .map((g) => g.tag)
        .filter((t) => t.y < dependencyY + dependencyHeight && t.y + t.height > dependencyY)
        .map((t) => t.x + t.width + 8),
    );
    const hasArcs = arcsRight > rowsRight;
    // Column: nearer than the usual gap where that would make the drawing wider than the
    // phone shows at its smallest text (active-active-data: its regions hold a third tile).
    const fitWidth = column ? (target.box.width * M.fonts.small) / target.minFontPx : Infinity;
    const dependencyGap = Math.max(
      COLUMN_DEPENDENCY_GAP_MIN,
      Math.min(M.dependencyGap, Math.floor(fitWidth - M.margin - M.dependencyWidth - arcsRight)),
    );
    const node: NodeLayout = {
      id: dependency.id,
      kind: 'dependency',
      label: dependency.label,
      x: tiles
        ? Math.max(
            arcsRight + (hasArcs ? (arcLabels ? 24 : 16) : dependencyGap),
            tagsLevelRight,
            regionsRight + 16,
          )
        : arcsRight + M.dependencyGap,
      y: dependencyY,
      width: M.dependencyWidth,
      height: dependencyHeight,
      ...(column ? { wordsAtTop: true } : {}),
    };
    others.push(node);
    nodeById.set(node.id, node);
    width = node.x + node.width + M.margin;
  }

  const linkLayouts: LinkLayout[] = [];
  for (const link of links) {
    const from = nodeById.get(link.from);
    const to = nodeById.get(link.to);
    if (!from || !to) continue;
    const base = { id: link.id, from: link.from, to: link.to, scope: link.scope };
    const midY = (n: Box) => n.y + n.height / 2;
    // Column: whether a straight vertical line at x between y1 and y2 would cross a box. A
    // region counts too: the traffic manager's check of lb-eu ran straight up through region
    // eu, between its lanes and its zones, once the lanes moved the zones right of it.
    const blocking = (x: number, y1: number, y2: number, ...ends: Box[]) =>
      [...balancers, ...columnNodes, ...rowNodes, ...zones, ...regions].some(
        (b) =>
          !ends.includes(b) &&
          b.x < x &&
          b.x + b.width > x &&
          b.y < Math.max(y1, y2) &&
          b.y + b.height > Math.min(y1, y2),
      );
    if (
      column &&
      (link.scope === 'user' || link.scope === 'control' || link.scope === 'cross-region')
    ) {
      // Straight down the column when nothing is in the way, else round its left side.
      const down = to.y > from.y;
      const y1 = down ? from.y + from.height : from.y;
      const y2 = down ? to.y : to.y + to.height;
      const straight = { ...base, x1: from.x + from.width / 2, y1, x2: to.x + to.width / 2, y2 };
      linkLayouts.push(
        blocking(straight.x1, y1, y2, from, to)
          ? {
              ...base,
              x1: from.x,
              y1: midY(from),
              x2: to.x,
              y2: midY(to),
              cx: from.x - 2 * (curveRoom - 6),
              cy: (midY(from) + midY(to)) / 2,
              quiet: true,
            }
          : { ...straight, quiet: true },
      );
      continue;
    }
    if (column && link.scope === 'region') {
      // Down its own lane from the balancer's bottom edge, then right into the zone. The
      // first zone's links take the inner lanes (nearest the region) and the last zone's the
      // outer ones, and in a zone the outer lane turns in lowest, so no link of the fan
      // crosses another (in the engine's order, the first zone's links crossed every lane).
      const zone = zones.find((z) => to.y >= z.y && to.y <= z.y + z.height)!;
      const served = links.filter((l) => l.scope === 'region' && l.from === link.from);
      // Counted from the left: the last link served runs furthest left.
      const laneIndex = served.length - 1 - served.indexOf(link);
      const lane = from.x + COLUMN_LANE_INSET + COLUMN_LANE_PITCH * laneIndex;
      const siblings = rowNodes.filter((n) => n.kind === 'server' && n.y === to.y);
      const yAt = midY(to) + (siblings.indexOf(to) - (siblings.length - 1) / 2) * COLUMN_LANE_PITCH;
      linkLayouts.push({
        ...base,
        x1: lane,
        y1: from.y + from.height,
        x2: zone.x,
        y2: yAt,
        cx: lane,
        cy: yAt,
        quiet: true,
      });
      continue;
    }
    if (link.scope === 'control') {
      // Straight up or down from the traffic manager, curving left round any balancer between.
      const down = to.y > from.y;
      const x1 = from.x + from.width / 2;
      const y1 = down ? from.y + from.height : from.y;
      const x2 = to.x + to.width / 2;
      const y2 = down ? to.y : to.y + to.height;
      const blocked = balancers.some(
        (b) => b !== to && b.y > Math.min(y1, y2) && b.y + b.height < Math.max(y1, y2),
      );
      linkLayouts.push(
        blocked
          ? { ...base, x1, y1, x2, y2, cx: from.x - M.usersGapCrossing, cy: (y1 + y2) / 2 }
          : { ...base, x1, y1, x2, y2 },
      );
    } else if (tiles && (link.scope === 'dependency' || link.scope === 'region')) {
      // Into and out of a zone's edge, spread a little by tile, so no link crosses a tile.
      const tile = link.scope === 'region' ? to : from;
      const zone = zones.find((z) => tile.y >= z.y && tile.y <= z.y + z.height)!;
      const siblings = rowNodes.filter((n) => n.kind === 'server' && n.y === tile.y);
      const spread = Math.min(10, (M.rowHeight - 8) / Math.max(1, siblings.length - 1));
      const yAt = midY(tile) + (siblings.indexOf(tile) - (siblings.length - 1) / 2) * spread;
      linkLayouts.push(
        link.scope === 'region'
          ? { ...base, x1: from.x + from.width, y1: midY(from), x2: zone.x, y2: yAt, quiet: true }
          : { ...base, x1: zone.x + zone.width, y1: yAt, x2: to.x, y2: yAt, quiet: true },
      );
    } else if (link.scope === 'dependency') {
      const y1 = midY(from);
      linkLayouts.push({ ...base, x1: from.x + from.width, y1, x2: to.x, y2: y1 });
    } else if (link.scope === 'replication') {
      const x1 = from.x + from.width;
      const x2 = to.x + to.width;
      const y1 = midY(from);
      const y2 = midY(to);
      linkLayouts.push({
        ...base,
        x1,
        y1,
        x2,
        y2,
        cx: Math.max(x1, x2) + arcBulge(from, to),
        cy: (y1 + y2) / 2,
        ...(arcLabels ? {} : { quiet: true }),
      });
    } else {
      linkLayouts.push({
        ...base,
        x1: from.x + from.width,
        y1: midY(from),
        x2: to.x,
        y2: midY(to),
      });
    }
  }

  // The database's label goes in the free band above or below the left-hand columns.
  let databaseLabel: Box | null = null;
  const fonts = { ...M.fonts };
  // Present's tiles keep it only where the drawing's free room holds it without making
  // every label smaller; else Present mode writes the same lines beside the diagram.
  if (databaseCount > 0 && (fill?.databaseLabel ?? true)) {
    const left = [...balancers, ...others].filter((n) => n.x < regionX);
    // Users show "N timed out" just under their box.
    const alertRoom = tiles ? M.fonts.small + 14 : 30;
    const bottomOf = (n: NodeLayout) => n.y + n.height + (n.kind === 'users' ? alertRoom : 0);
    const topFree = Math.min(...left.map((n) => n.y)) - 12;
    const bottomFree = Math.max(...left.map(bottomOf)) + 12;
    const needed = DATABASE_LABEL_LINES * (M.fonts.small * textScale + 5) + 16;
    const labelWidth = balancerX + M.balancerWidth - M.margin;
    if (column) {
      // Column: a full-width card under everything (the left column holds the regions);
      // under quiet arcs, a line more for each stream they carry (two a link at most).
      const streamLines = arcLabels ? 0 : 2 * links.filter((l) => l.scope === 'replication').length;
      const cardHeight = needed + streamLines * (M.fonts.small * textScale + 5);
      databaseLabel = { x: M.margin, y: height, width: width - 2 * M.margin, height: cardHeight };
      height += cardHeight + M.margin;
    } else if (topFree - M.margin >= needed) {
      databaseLabel = { x: M.margin, y: M.margin, width: labelWidth, height: needed };
    } else {
      const grown = Math.max(height, bottomFree + needed + M.margin);
      const fitsTarget =
        referenceScale(width, grown, target.box) >= referenceScale(width, height, target.box);
      if (!tiles || fitsTarget || fill) {
        databaseLabel = { x: M.margin, y: bottomFree, width: labelWidth, height: needed };
        height = grown;
      }
    }
  }

  // Fonts grow (never shrink) until the smallest is MIN_FONT_PX on a laptop screen.
  const grow = tiles
    ? 1
    : Math.max(1, target.minFontPx / (fonts.small * referenceScale(width, height, target.box)));
  const round = (n: number) => Math.ceil(n * grow * 2) / 2;
  const sizes: FontSizes = {
    title: round(fonts.title),
    state: round(fonts.state),
    small: round(fonts.small),
    ...(tiles ? { lineGap: fonts.small + 6 } : {}),
  };

  const nodes = [...rowNodes, ...others.filter((n) => n.kind === 'dependency'), ...balancers];
  nodes.push(...others.filter((n) => n.kind !== 'dependency'));
  if (hitSide > 0) {
    for (const g of [...regions, ...zones]) {
      const t = g.tag;
      g.hit = {
        x: t.x,
        y: t.y + t.height - hitSide,
        width: Math.max(t.width, hitSide),
        height: Math.max(t.height, hitSide),
      };
    }
    for (const n of nodes) {
      const width = Math.max(n.width, hitSide);
      const height = Math.max(n.height, hitSide);
      n.hit = { x: n.x - (width - n.width) / 2, y: n.y - (height - n.height) / 2, width, height };
    }
  }
  // The phone's column: each balancer's fan labelled once, with its total (FanLabelPlace),
  // its text's middle halfway down the gap between the balancer and its region.
  const fanLabels: FanLabelPlace[] = [];
  for (const balancer of column ? balancers : []) {
    const fan = linkLayouts.filter((l) => l.scope === 'region' && l.from === balancer.id);
    const regionId = components.find((c) => c.id === balancer.id)?.region;
    const region = regions.find((r) => r.id === regionId);
    const gapTop = balancer.y + balancer.height;
    if (fan.length < 2 || !region || region.y - gapTop < sizes.small + 4) continue;
    fanLabels.push({
      balancer: balancer.id,
      links: fan.map((l) => l.id),
      x: region.tag.x,
      // textBox: a text's box starts 0.8 of its size above its baseline.
      y: (gapTop + region.y) / 2 + sizes.small * 0.3,
    });
  }
  return {
    width,
    height,
    density,
    fonts: sizes,
    nodes,
    zones,
    regions,
    links: linkLayouts,
    nodeById,
    linkById: new Map(linkLayouts.map((l) => [l.id, l])),
    databaseLabel,
    ...(column && !arcLabels && databaseLabel ? { databaseLabelStreams: true } : {}),
    ...(fanLabels.length > 0 ? { fanLabels } : {}),
  };
}
