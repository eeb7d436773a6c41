/**
 * The panels of the side column, one tab each, in display order. A panel is added here
 * (one entry) and nowhere else, so features grow without reworking the page layout.
 */
import type { ComponentType } from 'react';
import { Reproduce } from './Reproduce';
import { SettingsPanel } from './SettingsPanel';
import { SuccessChart } from './SuccessChart';

export interface SidePanel {
  /** Stable id, used for the tab's DOM ids and the URL (`#panel=charts`). */
  id: string;
  /** Tab label (also the accessible name of the tab). */
  label: string;
  Component: ComponentType;
}

export const SIDE_PANELS: readonly SidePanel[] = [
  { id: 'charts', label: 'Charts', Component: SuccessChart },
  { id: 'settings', label: 'Settings', Component: SettingsPanel },
  { id: 'cli', label: 'CLI', Component: Reproduce },
];
