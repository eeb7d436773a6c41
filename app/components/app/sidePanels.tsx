/**
 * The panels of the side column, in groups, in display order. A panel is added here (one
 * entry in its group) and nowhere else, so features grow without reworking the page layout.
 */
import type { ComponentType } from 'react';
import { lazyPart } from './lazyPart';

// Each tab's code loads when the tab is first shown, so the first screen (diagram, time
// controls, figures) arrives sooner (issue 12: a small first load).
const ChartsPanel = lazyPart('the charts', () =>
  import('../charts/ChartsPanel').then((m) => m.ChartsPanel),
);
const LessonsPanel = lazyPart('the lessons', () =>
  import('../lessons/Lessons').then((m) => m.LessonsPanel),
);
const SloPanel = lazyPart('the SLO panel', () => import('../slo/SloPanel').then((m) => m.SloPanel));
const DefencesPanel = lazyPart('the defences', () =>
  import('../defences/DefencesPanel').then((m) => m.DefencesPanel),
);
const DataPanel = lazyPart('the data panel', () =>
  import('../data/DataPanel').then((m) => m.DataPanel),
);
const SettingsPanel = lazyPart('the settings', () =>
  import('../settings/SettingsPanel').then((m) => m.SettingsPanel),
);
const ComparePanel = lazyPart('the comparison', () =>
  import('../compare/CompareView').then((m) => m.ComparePanel),
);
const DesignEditor = lazyPart('the design editor', () =>
  import('../design/DesignEditor').then((m) => m.DesignEditor),
);
const YearsPanel = lazyPart('the years panel', () =>
  import('../years/YearsPanel').then((m) => m.YearsPanel),
);
const Calculator = lazyPart('the calculator', () =>
  import('../calculator/Calculator').then((m) => m.Calculator),
);
const SharePanel = lazyPart('the share panel', () =>
  import('../share/SharePanel').then((m) => m.SharePanel),
);
const TracePanel = lazyPart('the trace', () =>
  import('../trace/TracePanel').then((m) => m.TracePanel),
);
const Reproduce = lazyPart('the CLI panel', () =>
  import('../share/Reproduce').then((m) => m.Reproduce),
);

export interface SidePanel {
  /** Stable id, used for the tab's DOM ids and the URL (`#panel=charts`). */
  id: string;
  /** Tab label (also the accessible name of the tab). */
  label: string;
  Component: ComponentType;
}

/** A tab of the side column: a few panels that serve one purpose, each a tab inside it. */
export interface SideGroup {
  /** Stable id, used for the tab's DOM ids and the URL (`#panel=observe`). */
  id: string;
  /** Tab label (also the accessible name of the tab); never the same as a panel's. */
  label: string;
  /** Its panels, in display order; the first is shown until another is chosen. */
  panels: readonly SidePanel[];
}

/**
 * The side column, grouped by what a learner is doing (issue 14: ten tabs on three rows
 * were too many to scan): watching the run, changing the design, learning, and taking
 * the run elsewhere. Breaking parts needs no tab: it happens on the diagram and the
 * fault script.
 */
export const SIDE_GROUPS: readonly SideGroup[] = [
  {
    id: 'observe',
    label: 'Observe',
    panels: [
      { id: 'charts', label: 'Charts', Component: ChartsPanel },
      { id: 'slo', label: 'SLO & alerts', Component: SloPanel },
      { id: 'trace', label: 'Trace', Component: TracePanel },
      { id: 'years', label: 'Years', Component: YearsPanel },
    ],
  },
  {
    id: 'design',
    label: 'Design',
    panels: [
      { id: 'defences', label: 'Defences', Component: DefencesPanel },
      { id: 'data', label: 'Data', Component: DataPanel },
      { id: 'settings', label: 'Settings', Component: SettingsPanel },
      { id: 'compare', label: 'Compare', Component: ComparePanel },
      { id: 'editor', label: 'Editor', Component: DesignEditor },
    ],
  },
  {
    id: 'learn',
    label: 'Learn',
    panels: [
      { id: 'lessons', label: 'Lessons', Component: LessonsPanel },
      { id: 'calculator', label: 'Calculator', Component: Calculator },
    ],
  },
  {
    id: 'share',
    label: 'Share & CLI',
    panels: [
      { id: 'share', label: 'Share', Component: SharePanel },
      { id: 'cli', label: 'CLI', Component: Reproduce },
    ],
  },
];

/** Every panel, in display order (group by group). */
export const SIDE_PANELS: readonly SidePanel[] = SIDE_GROUPS.flatMap((group) => group.panels);

/** Where a panel sits: its group's id and its own. */
export interface PanelPlace {
  groupId: string;
  panelId: string;
}

/**
 * The panel an address opens, or null for the default: `#panel=ID` names a panel or a
 * group (its first panel), and a challenge link (`#challenge=ID`) opens the lessons,
 * where challenges live. An unknown `panel` opens the default (`panelLinkProblem` says so).
 */
export function panelFromParams(
  panel: string | null,
  challenge: string | null,
  groups: readonly SideGroup[] = SIDE_GROUPS,
): PanelPlace | null {
  const wanted = challenge !== null ? 'lessons' : panel;
  if (wanted === null) return null;
  for (const group of groups) {
    if (group.id === wanted && group.panels[0]) {
      return { groupId: group.id, panelId: group.panels[0].id };
    }
    const found = group.panels.find((p) => p.id === wanted);
    if (found) return { groupId: group.id, panelId: found.id };
  }
  return null;
}

/**
 * One sentence for a `#panel=` value that names no panel or group (what is wrong and what
 * is allowed), or null when it is absent or known. The page opens its usual panel.
 */
export function panelLinkProblem(
  panel: string | null,
  groups: readonly SideGroup[] = SIDE_GROUPS,
): string | null {
  if (panel === null || panelFromParams(panel, null, groups) !== null) return null;
  const ids = [
    ...groups.flatMap((group) => group.panels.map((p) => p.id)),
    ...groups.map((group) => group.id),
  ];
  return `Unknown panel "${panel}" in the link: use panel= one of ${ids.join(', ')}. The page opens its usual panel.`;
}
