/**
 * Side by side: the Compare tab, where a learner builds design B (the run with some
 * settings changed) from quick picks or any setting, and the compare layout, where both
 * designs run in lockstep from the same seed and fault script with a diagram each and
 * one table of their numbers. A fault caused by hand hits both at the same instant.
 */
import { useId, useMemo, useState } from 'react';
import { getSetting, SETTING_SPECS, settingSpec, type Metrics, type Settings } from '../../sim';
import { formatUsd, monthlyCost } from '../../scenarios/cost';
import { priceOfNinesText } from '../cost/priceOfNines';
import { startCompare, stopCompare, type StartSetting } from '../../store';
import { compareRows, comparePresets, describeChanges } from './compare';
import { Diagram } from '../diagram/Diagram';
import { SettingControl } from '../settings/SettingControl';
import { usePlayground } from '../app/usePlayground';
import { useNarrowScreen } from '../app/useMediaQuery';
import './compare.css';

/** The Compare tab of the side column. */
export function ComparePanel() {
  const settings = usePlayground((s) => s.run.settings);
  const components = usePlayground((s) => s.run.components);
  const comparing = usePlayground((s) => s.compare?.changes ?? null);
  const [draft, setDraft] = useState<readonly StartSetting[]>(comparing ?? []);
  const [error, setError] = useState<string | null>(null);

  const shape = useMemo(
    () => ({
      regions: components.filter((c) => c.kind === 'region').length,
      database: components.some((c) => c.kind === 'database'),
      dependency: components.some((c) => c.kind === 'dependency'),
    }),
    [components],
  );
  const presets = comparePresets(shape, settings);
  const same = (changes: readonly StartSetting[]) =>
    describeChanges(changes) === describeChanges(draft);

  const withChange = (change: StartSetting) => [
    ...draft.filter((c) => c.path !== change.path),
    change,
  ];
  const start = () => {
    const result = startCompare(draft);
    setError(result.ok ? null : result.error);
  };

  return (
    <section className="panel compare-panel" aria-labelledby="compare-title">
      <h2 id="compare-title">Compare two designs</h2>
      <p className="hint">
        Design A is this run. Design B is the same cloud with the changes below. Both start again at
        0:00 with the same seed and fault script and run side by side; every fault you cause hits
        both at the same instant.
      </p>
      <h3>Quick picks</h3>
      <div className="compare-presets">
        {presets.map((preset) => (
          <button
            key={preset.label}
            type="button"
            className="button small"
            aria-pressed={same(preset.changes)}
            onClick={() => setDraft(preset.changes)}
            title={describeChanges(preset.changes)}
          >
            {preset.label}
          </button>
        ))}
      </div>
      <h3>Design B's changes</h3>
      {draft.length === 0 ? (
        <p className="muted">None yet: pick one above or add any setting below.</p>
      ) : (
        <ul className="compare-changes">
          {draft.map((change) => (
            <li key={change.path}>
              <code>{describeChanges([change])}</code>{' '}
              <button
                type="button"
                className="button small"
                onClick={() => setDraft(draft.filter((c) => c.path !== change.path))}
              >
                Remove<span className="visually-hidden"> {settingSpec(change.path)?.label}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <AddChange
        current={(path) => getSetting(settings, path)}
        onAdd={(change) => setDraft(withChange(change))}
      />
      <div className="compare-actions">
        <button
          type="button"
          className="button primary"
          disabled={draft.length === 0}
          onClick={start}
        >
          {comparing ? 'Restart with these changes' : 'Compare side by side'}
        </button>
        {comparing && (
          <button type="button" className="button" onClick={stopCompare}>
            Stop comparing
          </button>
        )}
      </div>
      <p role={error ? 'alert' : 'status'} className={error ? 'field-error' : 'muted'}>
        {error ?? (comparing ? `Comparing with design B: ${describeChanges(comparing)}.` : '')}
      </p>
    </section>
  );
}

/**
 * Any setting as a change for design B: pick the setting, then its value (a choice is
 * added when picked, a number on Enter or when leaving the field).
 */
function AddChange(props: {
  current: (path: string) => number | string;
  onAdd: (change: StartSetting) => void;
}) {
  const settingId = useId();
  const [path, setPath] = useState('healthCheck.intervalMs');
  const spec = settingSpec(path)!;
  return (
    <div className="compare-add">
      <div className="field">
        <label htmlFor={settingId}>Setting</label>
        <select id={settingId} value={path} onChange={(e) => setPath(e.target.value)}>
          {SETTING_SPECS.map((s) => (
            <option key={s.path} value={s.path}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
      <SettingControl
        key={path}
        spec={spec}
        current={props.current(path)}
        label="Value"
        classes={ADD_CHANGE_CLASSES}
        apply={(value) => {
          props.onAdd({ path, value });
          return null;
        }}
        hint={(id) => (
          <p id={id} className="hint">
            {spec.description}
          </p>
        )}
      />
    </div>
  );
}

const ADD_CHANGE_CLASSES = {
  row: 'compare-add-value',
  label: 'compare-add-label',
  field: 'compare-add-field',
  error: 'field-error',
};

/** The compare layout's top: both diagrams, and the strip to stop comparing. */
export function CompareDiagrams() {
  const changes = usePlayground((s) => s.compare?.changes ?? []);
  // On a phone the two stack, and design B would start some 1,400 px down: a switch at the
  // top shows one design at a time (compare.css), so either is one tap away.
  const [shown, setShown] = useState<'a' | 'b'>('a');
  // A phone speaks touch, as the run's diagram hint does there (App.tsx).
  const phone = useNarrowScreen();
  return (
    <section className="compare-view" aria-label="Two designs side by side">
      <div className="compare-bar">
        <p>
          Design A: this run · Design B: <strong>{describeChanges(changes)}</strong>. Same seed,
          same fault script, in lockstep.
        </p>
        <button type="button" className="button small" onClick={stopCompare}>
          Stop comparing
        </button>
      </div>
      <div className="compare-switch" role="group" aria-label="Design shown">
        {(['a', 'b'] as const).map((design) => (
          <button
            key={design}
            type="button"
            className="button"
            aria-pressed={shown === design}
            onClick={() => setShown(design)}
          >
            Design {design.toUpperCase()}
          </button>
        ))}
      </div>
      <div className="compare-columns" data-shown={shown}>
        <Diagram
          fitBox
          title="Design A: this run"
          hint={`${phone ? 'Tap a part' : 'Click a part (or Tab to it)'} to break it: the same fault hits design B.`}
        />
        <Diagram
          fitBox
          design="b"
          title="Design B"
          hint={`${describeChanges(changes)}. For watching: break parts on design A.`}
        />
      </div>
      <CompareTable />
    </section>
  );
}

/** Both designs' numbers, row by row, with which one does better in words. */
function CompareTable() {
  const a = usePlayground((s) => s.run.metrics);
  const b = usePlayground((s) => s.compare?.metrics ?? null);
  if (!a || !b) return null;
  const rows = compareRows(a, b);
  return (
    <>
      <ComparePrice a={a} b={b} />
      <table className="compare-table">
        <caption>Design A and design B at the same simulated instant</caption>
        <thead>
          <tr>
            <th scope="col">Measure</th>
            <th scope="col">Design A</th>
            <th scope="col">Design B</th>
            <th scope="col">Which is better</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.label}
              className={
                row.verdict === 'B better'
                  ? 'b-better'
                  : row.verdict === 'A better'
                    ? 'a-better'
                    : undefined
              }
            >
              <th scope="row">{row.label}</th>
              <td>{row.a}</td>
              <td>{row.b}</td>
              <td>{row.verdict}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

/** Good requests by the run's rule for degraded answers. */
function goodOf(metrics: Metrics, settings: Settings): number {
  const degraded = settings.degradation.countsAsAvailable === 'on' ? metrics.requests.degraded : 0;
  return metrics.requests.succeeded + degraded;
}

/** Both designs' monthly cost, and what design B's extra cost buys in nines. */
function ComparePrice({ a, b }: { a: Metrics; b: Metrics }) {
  const topology = usePlayground((s) => s.run.scenario.topology);
  const settingsA = usePlayground((s) => s.run.settings);
  const settingsB = usePlayground((s) => s.compare?.settings ?? null) ?? settingsA;
  const costA = monthlyCost(topology, settingsA).usdPerMonth;
  const costB = monthlyCost(topology, settingsB).usdPerMonth;
  const finished = (m: Metrics) => m.requests.succeeded + m.requests.degraded + m.requests.failed;
  return (
    <p className="compare-price">
      Monthly cost: design A <strong>{formatUsd(costA)}</strong>, design B{' '}
      <strong>{formatUsd(costB)}</strong>.{' '}
      {priceOfNinesText(
        { usdPerMonth: costA, good: goodOf(a, settingsA), finished: finished(a) },
        { usdPerMonth: costB, good: goodOf(b, settingsB), finished: finished(b) },
      )}
      .
    </p>
  );
}
