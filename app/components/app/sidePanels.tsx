/**
 * The panels of the side column, one tab each, in display order. A panel is added here
 * (one entry) and nowhere else, so features grow without reworking the page layout.
 */
import type { ComponentType } from 'react';
import { lazyPart } from './lazyPart';

// Each tab's code loads when the tab is first shown, so the first screen (diagram, time
// controls, figures) arrives sooner (issue 12: a small first load).
const ChartsPanel = lazyPart('the charts', () =>
  import('../panels/ChartsPanel').then((m) => m.ChartsPanel),
);
const LessonsPanel = lazyPart('the lessons', () =>
  import('../lessons/Lessons').then((m) => m.LessonsPanel),
);
const SloPanel = lazyPart('the SLO panel', () =>
  import('../panels/SloPanel').then((m) => m.SloPanel),
);
const DefencesPanel = lazyPart('the defences', () =>
  import('../panels/DefencesPanel').then((m) => m.DefencesPanel),
);
const DataPanel = lazyPart('the data panel', () =>
  import('../panels/DataPanel').then((m) => m.DataPanel),
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
const Calculator = lazyPart('the calculator', () =>
  import('../panels/Calculator').then((m) => m.Calculator),
);
const SharePanel = lazyPart('the share panel', () =>
  import('../share/SharePanel').then((m) => m.SharePanel),
);
const TracePanel = lazyPart('the trace', () =>
  import('../panels/TracePanel').then((m) => m.TracePanel),
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

export const SIDE_PANELS: readonly SidePanel[] = [
  { id: 'charts', label: 'Charts', Component: ChartsPanel },
  { id: 'lessons', label: 'Lessons', Component: LessonsPanel },
  { id: 'slo', label: 'SLO & alerts', Component: SloPanel },
  { id: 'defences', label: 'Defences', Component: DefencesPanel },
  { id: 'data', label: 'Data', Component: DataPanel },
  { id: 'settings', label: 'Settings', Component: SettingsPanel },
  { id: 'compare', label: 'Compare', Component: ComparePanel },
  { id: 'trace', label: 'Trace', Component: TracePanel },
  { id: 'design', label: 'Design', Component: DesignEditor },
  { id: 'calculator', label: 'Calculator', Component: Calculator },
  { id: 'share', label: 'Share', Component: SharePanel },
  { id: 'cli', label: 'CLI', Component: Reproduce },
];
