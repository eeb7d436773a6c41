/**
 * Keeps the address bar in step with the run: scenario, seed, start settings and the
 * fault script go into the hash as they change (so the address is always a share
 * link, and reloading replays the run), and editing the hash by hand loads that run.
 */
import { flattenOverrides } from '../../sim';
import {
  addNotice,
  isScenarioScript,
  loadRun,
  playground,
  prepareCompare,
  scriptFaults,
  scriptFromFaults,
  type CompareSlice,
  type RunSlice,
} from '../../store';
import { builtinScenario, isImported } from '../../scenarios';
import { designScenario } from '../../scenarios/design/designScenario';
import {
  linkTopology,
  readUrlState,
  urlWithState,
  type ShareState,
  type UrlState,
} from './urlState';

/**
 * What the share link of a run carries. A link cannot carry an imported scenario's
 * cloud, only its name: it then spells out the scenario's settings and whole script,
 * so a built-in scenario of the same name (the usual export, edit, import round)
 * comes back as the file had it.
 */
export function shareState(
  run: Pick<RunSlice, 'scenario' | 'seed' | 'startSettings' | 'script'>,
  compare: Pick<CompareSlice, 'changes'> | null = null,
): ShareState {
  // An edited built-in cloud travels in the link (`cloud`); only a scenario that is
  // more than a built-in with another cloud counts as imported here.
  const topology = linkTopology(run.scenario);
  const imported =
    isImported(run.scenario) && !(topology !== null && isDesignOfBuiltin(run.scenario));
  let startSettings = run.startSettings;
  if (imported) {
    const own = flattenOverrides(run.scenario.settings).map(([path, value]) => ({
      path,
      value: value as number | string,
    }));
    const later = new Set(run.startSettings.map((s) => s.path));
    startSettings = [...own.filter((s) => !later.has(s.path)), ...run.startSettings];
  }
  return {
    scenarioName: run.scenario.name,
    seed: run.seed,
    startSettings,
    faults:
      !imported && isScenarioScript(run.scenario, run.script) ? null : scriptFaults(run.script),
    compare: compare?.changes ?? null,
    topology,
  };
}

/** True when `scenario` is a built-in scenario with only its cloud edited (designScenario). */
function isDesignOfBuiltin(scenario: UrlState['scenario']): boolean {
  const builtin = builtinScenario(scenario.name);
  return (
    builtin !== undefined &&
    JSON.stringify(designScenario(builtin, scenario.topology)) === JSON.stringify(scenario)
  );
}

/** The share link of a run, from the page's own address. */
export function shareLink(
  href: string,
  run: Pick<RunSlice, 'scenario' | 'seed' | 'startSettings' | 'script'>,
  compare: Pick<CompareSlice, 'changes'> | null = null,
): string {
  return urlWithState(href, shareState(run, compare));
}

/** Starts the run a link describes (with its design B, when it compares two). */
function load(wanted: UrlState): void {
  prepareCompare(wanted.compare);
  loadRun({
    scenario: wanted.scenario,
    seed: wanted.seed,
    startSettings: wanted.startSettings,
    script: scriptFromFaults(wanted.scenario, wanted.faults ?? wanted.scenario.faults),
  });
}

/**
 * Starts syncing; returns a function that stops. The page has already read the
 * scenario and seed (and shown any problem with the link); this loads the rest.
 */
export function startUrlSync(): () => void {
  const initial = readUrlState(window.location.href);
  if (initial.faults !== null || initial.startSettings.length > 0) load(initial);

  const write = (): void => {
    const { run, compare } = playground.getState();
    const next = shareLink(window.location.href, run, compare);
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  };
  const unsubscribe = playground.subscribe((state, previous) => {
    const a = state.run;
    const b = previous.run;
    if (
      a.seed !== b.seed ||
      a.scenario !== b.scenario ||
      a.startSettings !== b.startSettings ||
      a.script !== b.script ||
      state.compare?.changes !== previous.compare?.changes
    ) {
      write();
    }
  });
  const onHashChange = (): void => {
    const wanted = readUrlState(window.location.href);
    const { run, compare } = playground.getState();
    const current = shareLink(window.location.href, run, compare);
    const asked = urlWithState(window.location.href, {
      scenarioName: wanted.scenario.name,
      seed: wanted.seed,
      startSettings: wanted.startSettings,
      faults: wanted.faults,
      compare: wanted.compare,
      topology: linkTopology(wanted.scenario),
    });
    for (const problem of wanted.problems) addNotice(problem);
    // Only a different run is loaded: a link whose broken parts were all left out asks
    // for the run on screen, which goes on as it was (nothing the user did is lost).
    if (asked !== current) load(wanted);
    write();
  };
  window.addEventListener('hashchange', onHashChange);
  write();
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', onHashChange);
  };
}
