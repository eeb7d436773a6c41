/**
 * The panels of the side column, one tab each, in display order. A panel is added here
 * (one entry) and nowhere else, so features grow without reworking the page layout.
 */
import type { ComponentType } from 'react';
import { Calculator } from './Calculator';
import { ChartsPanel } from './ChartsPanel';
import { ComparePanel } from './CompareView';
import { DataPanel } from './DataPanel';
import { DefencesPanel } from './DefencesPanel';
import { LessonsPanel } from './Lessons';
import { Reproduce } from './Reproduce';
import { SettingsPanel } from './SettingsPanel';
import { SharePanel } from './SharePanel';
import { SloPanel } from './SloPanel';

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
  { id: 'calculator', label: 'Calculator', Component: Calculator },
  { id: 'share', label: 'Share', Component: SharePanel },
  { id: 'cli', label: 'CLI', Component: Reproduce },
];
