/**
 * The design editor (issue 15), a side-panel tab loaded when first shown: add or remove
 * servers, zones, regions, database replicas and the dependency, and change the
 * servers' capacity. Every change is checked by the share link's own check
 * (`designProblem`: validateConfiguration) before it runs; a refused change shows one
 * sentence naming what is wrong and what is allowed, and the design stays as it was.
 * An accepted change restarts the run from 0:00 with the new design (same seed, start
 * settings and the fault entries that still name parts of it), which the address and
 * the share link then carry. Undo and redo with buttons or Ctrl/Cmd+Z, Shift+Z.
 */
import { useEffect, useId, useState, useSyncExternalStore } from 'react';
import { builtinScenario, faultChecker, type Scenario } from '../../scenarios';
import { formatUsd, monthlyCost } from '../../scenarios/cost';
import {
  designProblem,
  designScenario,
  editTopology,
  type DesignEdit,
} from '../../scenarios/design';
import { settingSpec, validateSetting, type TopologySpec } from '../../sim';
import {
  loadRun,
  playground,
  scriptFaults,
  scriptFromFaults,
  type StartSetting,
} from '../../store';
import { lazyPart } from '../app/lazyPart';
import { usePlayground } from '../app/usePlayground';
import { ExportButton } from '../share/SharePanel';
import {
  EMPTY_HISTORY,
  recordStep,
  redoStep,
  sameDesign,
  undoKey,
  undoStep,
  type Design,
  type DesignHistory,
} from './designHistory';
import './designEditor.css';

// The chart runs every built-in scenario: its code loads only when it is opened.
const CostNinesChart = lazyPart('the cost chart', () =>
  import('../cost/CostNinesChart').then((m) => m.CostNinesChart),
);

// The history outlives the tab (switching tabs unmounts the panel), so it lives here.
let history: DesignHistory = EMPTY_HISTORY;
/** The design the history was last left at: another run on screen makes it stale. */
let historyAt: Design | null = null;
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};
const setHistory = (next: DesignHistory, at: Design) => {
  history = next;
  historyAt = at;
  for (const listener of listeners) listener();
};

/** The design on screen. */
function currentDesign(): Design {
  const { run } = playground.getState();
  return { topology: run.scenario.topology, startSettings: run.startSettings };
}

/** The history for the design on screen (empty when another run replaced ours). */
function liveHistory(): DesignHistory {
  return historyAt && sameDesign(historyAt, currentDesign()) ? history : EMPTY_HISTORY;
}

/** The scenario designs are edited from: the built-in of that name, else the run's own. */
function baseScenario(scenario: Scenario): Scenario {
  return builtinScenario(scenario.name) ?? scenario;
}

/** Starts the run on `design`: same seed, the script entries that still fit it. */
function runDesign(design: Design): void {
  const { run } = playground.getState();
  const scenario = designScenario(baseScenario(run.scenario), design.topology);
  const problemOf = faultChecker(scenario, design.startSettings);
  const faults = scriptFaults(run.script).filter((f) => problemOf(f.command) === null);
  loadRun({
    scenario,
    seed: run.seed,
    startSettings: design.startSettings,
    script: scriptFromFaults(scenario, faults),
  });
}

/**
 * Checks `next` with the share link's check and runs it, recording the step; returns
 * the problem (one sentence) when it is refused.
 */
function change(next: Design): string | null {
  const { run } = playground.getState();
  const problem = designProblem(baseScenario(run.scenario), next.topology, next.startSettings);
  if (problem !== null) return problem;
  const current = currentDesign();
  if (sameDesign(current, next)) return null;
  runDesign(next);
  setHistory(recordStep(liveHistory(), current), currentDesign());
  return null;
}

function undo(): boolean {
  const step = undoStep(liveHistory(), currentDesign());
  if (!step) return false;
  runDesign(step.design);
  setHistory(step.history, currentDesign());
  return true;
}

function redo(): boolean {
  const step = redoStep(liveHistory(), currentDesign());
  if (!step) return false;
  runDesign(step.design);
  setHistory(step.history, currentDesign());
  return true;
}

/** What an edit does, in the words of its message when it is refused. */
function editWords(edit: DesignEdit): string {
  switch (edit.type) {
    case 'add-server':
      return `add a server to zone ${edit.zone}`;
    case 'remove-server':
      return `remove a server from zone ${edit.zone}`;
    case 'add-zone':
      return `add a zone to region ${edit.region}`;
    case 'remove-zone':
      return `remove zone ${edit.zone}`;
    case 'add-region':
      return 'add a region';
    case 'remove-region':
      return `remove region ${edit.region}`;
    case 'add-replica':
      return `add a database node in zone ${edit.zone}`;
    case 'remove-replica':
      return `remove database node ${edit.node}`;
    case 'add-dependency':
      return 'add the payments dependency';
    case 'remove-dependency':
      return 'remove the dependency';
  }
}

const WORKERS_PATH = 'server.workers';

export function DesignEditor() {
  const titleId = useId();
  const workersId = useId();
  const replicaZoneId = useId();
  const scenario = usePlayground((s) => s.run.scenario);
  const startSettings = usePlayground((s) => s.run.startSettings);
  const settings = usePlayground((s) => s.run.settings);
  const liveHistoryNow = useSyncExternalStore(subscribe, liveHistory);
  // Re-read the history when the run changes (another run makes ours stale).
  const canUndo = liveHistoryNow.past.length > 0;
  const canRedo = liveHistoryNow.future.length > 0;
  const [chartOpen, setChartOpen] = useState(false);
  const [message, setMessage] = useState<{ kind: 'problem' | 'done'; text: string } | null>(null);
  const topology = scenario.topology;
  const zones = topology.regions.flatMap((r) => r.zones);
  const nodes = topology.database?.nodes ?? [];
  const [replicaZone, setReplicaZone] = useState(
    () => zones.find((z) => !nodes.some((n) => n.zone === z.id))?.id ?? zones[0]?.id ?? '',
  );
  // What the learner typed; null shows the run's own value.
  const [workersTyped, setWorkersText] = useState<string | null>(null);
  const workersText = workersTyped ?? String(settings.server.workers);
  const cost = monthlyCost(topology, settings);

  const edit = (what: DesignEdit) => {
    const next = editTopology(topology, what);
    const problem =
      typeof next === 'string'
        ? next
        : change({ topology: next as TopologySpec, startSettings: [...startSettings] });
    setMessage(
      problem === null
        ? { kind: 'done', text: `Done: ${editWords(what)}. The run restarted from 0:00.` }
        : { kind: 'problem', text: `Cannot ${editWords(what)}: ${problem}.` },
    );
  };

  const setWorkers = () => {
    const checked = validateSetting(WORKERS_PATH, workersText.trim());
    if (checked.error !== null) {
      setMessage({ kind: 'problem', text: `Cannot change the capacity: ${checked.error}.` });
      return;
    }
    const next: StartSetting[] = [
      ...startSettings.filter((s) => s.path !== WORKERS_PATH),
      { path: WORKERS_PATH, value: checked.value as number },
    ];
    const problem = change({ topology, startSettings: next });
    if (problem === null) setWorkersText(null);
    setMessage(
      problem === null
        ? { kind: 'done', text: `Done: ${checked.value} workers per server. The run restarted.` }
        : { kind: 'problem', text: `Cannot change the capacity: ${problem}.` },
    );
  };

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const which = undoKey(event);
      if (which === null) return;
      const target = event.target as HTMLElement | null;
      // Text fields keep their own undo.
      if (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))
        return;
      event.preventDefault();
      const done = which === 'undo' ? undo() : redo();
      if (done) setMessage({ kind: 'done', text: which === 'undo' ? 'Undone.' : 'Redone.' });
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  const workersSpec = settingSpec(WORKERS_PATH);
  const range = workersSpec?.kind === 'number' ? `${workersSpec.min} to ${workersSpec.max}` : '';

  return (
    <section className="panel design-editor" aria-labelledby={titleId}>
      <h2 id={titleId}>Design</h2>
      <p className="hint">
        Change the cloud: each change is checked like a share link and restarts the run from 0:00.
        Ctrl/⌘+Z undoes, Shift+Ctrl/⌘+Z redoes.
      </p>
      <div className="design-row">
        <button
          type="button"
          className="button small"
          disabled={!canUndo}
          onClick={() => undo() && setMessage({ kind: 'done', text: 'Undone.' })}
        >
          Undo
        </button>
        <button
          type="button"
          className="button small"
          disabled={!canRedo}
          onClick={() => redo() && setMessage({ kind: 'done', text: 'Redone.' })}
        >
          Redo
        </button>
        <span className="design-cost">
          Monthly cost <strong>{formatUsd(cost.usdPerMonth)}</strong>
        </span>
      </div>
      <p
        className={message?.kind === 'problem' ? 'design-message problem' : 'design-message'}
        role="status"
      >
        {message?.text ?? ''}
      </p>

      {topology.regions.map((region) => (
        <fieldset key={region.id} className="design-region">
          <legend>
            Region {region.id} (balancer {region.balancer})
          </legend>
          <ul className="design-zones">
            {region.zones.map((zone) => (
              <li key={zone.id}>
                <span className="design-zone-name">
                  {/* The diagram's tag ("zone a") with the id the log, links and CLI use. */}
                  {zone.label ? `${zone.label} (${zone.id})` : `Zone ${zone.id}`}:{' '}
                  {zone.servers.length} {zone.servers.length === 1 ? 'server' : 'servers'}
                </span>
                <span className="design-zone-servers">{zone.servers.join(', ')}</span>
                <span className="design-row">
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Add server to zone ${zone.id}`}
                    onClick={() => edit({ type: 'add-server', zone: zone.id })}
                  >
                    + server
                  </button>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Remove server from zone ${zone.id}`}
                    onClick={() => edit({ type: 'remove-server', zone: zone.id })}
                  >
                    − server
                  </button>
                  <button
                    type="button"
                    className="button small"
                    aria-label={`Remove zone ${zone.id}`}
                    onClick={() => edit({ type: 'remove-zone', zone: zone.id })}
                  >
                    Remove zone
                  </button>
                </span>
              </li>
            ))}
          </ul>
          <span className="design-row">
            <button
              type="button"
              className="button small"
              aria-label={`Add zone to region ${region.id}`}
              onClick={() => edit({ type: 'add-zone', region: region.id })}
            >
              + zone
            </button>
            <button
              type="button"
              className="button small"
              aria-label={`Remove region ${region.id}`}
              onClick={() => edit({ type: 'remove-region', region: region.id })}
            >
              Remove region
            </button>
          </span>
        </fieldset>
      ))}
      <div className="design-row">
        <button type="button" className="button small" onClick={() => edit({ type: 'add-region' })}>
          Add region
        </button>
      </div>

      <fieldset className="design-region">
        <legend>Database</legend>
        {nodes.length === 0 ? (
          <p className="hint">No database: app servers keep no data.</p>
        ) : (
          <ul className="design-zones">
            {nodes.map((node) => (
              <li key={node.id}>
                <span>
                  {node.id} in {node.zone}
                  {node.id === topology.database?.primary ? ' (primary)' : ' (replica)'}
                </span>
                <button
                  type="button"
                  className="button small"
                  aria-label={`Remove database node ${node.id}`}
                  onClick={() => edit({ type: 'remove-replica', node: node.id })}
                >
                  Remove
                </button>
              </li>
            ))}
          </ul>
        )}
        <span className="design-row">
          <label htmlFor={replicaZoneId}>Zone</label>
          <select
            id={replicaZoneId}
            value={zones.some((z) => z.id === replicaZone) ? replicaZone : (zones[0]?.id ?? '')}
            onChange={(event) => setReplicaZone(event.target.value)}
          >
            {zones.map((zone) => (
              <option key={zone.id} value={zone.id}>
                {zone.id}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button small"
            onClick={() =>
              edit({
                type: 'add-replica',
                zone: zones.some((z) => z.id === replicaZone) ? replicaZone : zones[0]!.id,
              })
            }
          >
            {nodes.length === 0 ? 'Add database' : 'Add replica'}
          </button>
        </span>
      </fieldset>

      <fieldset className="design-region">
        <legend>Dependency and capacity</legend>
        <span className="design-row">
          {topology.dependency ? (
            <button
              type="button"
              className="button small"
              onClick={() => edit({ type: 'remove-dependency' })}
            >
              Remove dependency {topology.dependency.id}
            </button>
          ) : (
            <button
              type="button"
              className="button small"
              onClick={() => edit({ type: 'add-dependency' })}
            >
              Add payments dependency
            </button>
          )}
        </span>
        <span className="design-row">
          <label htmlFor={workersId}>Workers per server ({range})</label>
          <input
            id={workersId}
            className="design-number"
            inputMode="numeric"
            value={workersText}
            onChange={(event) => setWorkersText(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') setWorkers();
            }}
          />
          <button type="button" className="button small" onClick={setWorkers}>
            Set capacity
          </button>
        </span>
      </fieldset>

      <details
        className="design-chart"
        onToggle={(event) => setChartOpen((event.target as HTMLDetailsElement).open)}
      >
        <summary>Cost against nines across the built-in scenarios</summary>
        {chartOpen && <CostNinesChart />}
      </details>

      <div className="design-row">
        <ExportButton label="Save as scenario file" />
      </div>
      <p className="hint">
        The CLI runs a saved file: <code>npm run sim -- --scenario FILE.json</code>. The share link
        carries the design too.
      </p>
    </section>
  );
}
