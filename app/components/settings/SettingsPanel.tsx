/**
 * Settings from SETTING_SPECS, each with its readable label and unit, its teaching
 * default and what real systems use (e.g. "AWS ALB 30000 ms", linked to its source on
 * the reference page). A change applies live as a `set` command.
 */
import { getSetting, SETTING_SPECS, type SettingSpec } from '../../sim';
import type { Scenario } from '../../scenarios';
import { setSetting } from './Knob';
import { TAB_OWNED_SETTINGS, withUnit } from './knobs';
import { RealWorldDefaults, SettingControl, type SettingControlClasses } from './SettingControl';
import { usePlayground } from '../app/usePlayground';
import './settings.css';

/** Headings for the groups of the settings table, by the first part of the path. */
const GROUP_NAMES: Record<string, string> = {
  healthCheck: 'Health checks (load balancer → server)',
  balancer: 'Load balancer',
  traffic: 'Traffic',
  client: 'Users',
  server: 'App servers',
  network: 'Network',
};

/** Groups shown first: the ones this lesson is about. */
const GROUP_ORDER = ['healthCheck', 'balancer', 'traffic', 'client', 'server', 'network'];

/** Settings that only matter with several regions or a traffic manager. */
function isMultiRegionSetting(path: string): boolean {
  return (
    path.startsWith('regions.') ||
    path.startsWith('trafficManager.') ||
    path === 'network.crossRegionLatencyMs'
  );
}

/** The settings worth showing for a scenario, grouped and in display order. */
export function settingGroups(scenario: Scenario): Array<{ group: string; specs: SettingSpec[] }> {
  const multiRegion =
    scenario.topology.regions.length > 1 || scenario.topology.trafficManager !== undefined;
  const groups = new Map<string, SettingSpec[]>();
  for (const spec of SETTING_SPECS) {
    if (!multiRegion && isMultiRegionSetting(spec.path)) continue;
    // The Defences and Data tabs own these: each knob lives in one place.
    if (TAB_OWNED_SETTINGS.has(spec.path)) continue;
    const group = spec.path.split('.')[0]!;
    groups.set(group, [...(groups.get(group) ?? []), spec]);
  }
  const rank = (g: string) => {
    const i = GROUP_ORDER.indexOf(g);
    return i < 0 ? GROUP_ORDER.length : i;
  };
  return [...groups.entries()]
    .sort(([a], [b]) => rank(a) - rank(b))
    .map(([group, specs]) => ({ group, specs }));
}

export function SettingsPanel() {
  const scenario = usePlayground((s) => s.run.scenario);
  const settings = usePlayground((s) => s.run.settings);
  const runId = usePlayground((s) => s.run.runId);

  // Open: it is shown in a tab of its own, so a closed box was one more click for nothing
  // (issue 14 review); it still folds away for a reader who wants the tab short.
  return (
    <details className="panel settings" open>
      <summary>
        <h2>Settings</h2>
        <span className="summary-hint">
          health checks, traffic, network: changes apply live (defences and data have their own
          tabs)
        </span>
      </summary>
      {settingGroups(scenario).map(({ group, specs }) => (
        <fieldset key={group} className="setting-group">
          <legend>{GROUP_NAMES[group] ?? group}</legend>
          {specs.map((spec) => (
            <SettingRow
              // Re-create the row when the engine's value changes, so the field shows it.
              key={`${spec.path}:${runId}:${getSetting(settings, spec.path)}`}
              spec={spec}
              current={getSetting(settings, spec.path)}
            />
          ))}
        </fieldset>
      ))}
    </details>
  );
}

const SETTING_CLASSES: SettingControlClasses = {
  row: 'setting',
  label: 'setting-label',
  field: 'setting-input',
  error: 'field-error',
};

function SettingRow({ spec, current }: { spec: SettingSpec; current: number | string }) {
  return (
    <SettingControl
      spec={spec}
      current={current}
      label={spec.label}
      classes={SETTING_CLASSES}
      apply={(value) => {
        // This panel leaves a refusal to the store's notice: the field keeps no error for it.
        setSetting(spec.path, value, current);
        return null;
      }}
      hint={(id) => <SettingHint spec={spec} id={id} />}
    />
  );
}

/**
 * The explanation, the teaching default, what real systems use (each linked to its
 * section of the reference page), and the setting's path for links and the CLI.
 */
function SettingHint({ spec, id }: { spec: SettingSpec; id: string }) {
  const unit = spec.kind === 'number' ? spec.unit : undefined;
  return (
    <p className="setting-hint" id={id}>
      {spec.description}{' '}
      <span className="setting-default">Default here: {withUnit(spec.default, unit)}.</span>{' '}
      <span className="setting-reference">
        Real systems: <RealWorldDefaults spec={spec} className="setting-real" />.
      </span>{' '}
      <code className="setting-path">{spec.path}</code>
    </p>
  );
}
