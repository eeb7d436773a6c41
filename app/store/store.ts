/**
 * The one store of the playground (vanilla zustand, no React). Two slices:
 * `run` (what the engine is doing and what it last reported) and `ui` (selection,
 * open menu, notices). Actions are plain functions over the singleton store.
 *
 * The store never advances the engine. Data flows one way: an action sends a request
 * (a command) to the session that owns the engines (app/driver, in a Web Worker or in
 * process) through the port it registers here, and the session's events (frames,
 * reports, results) come back through `receiveSessionEvent`, the only way in.
 */
import { createStore } from 'zustand/vanilla';
import {
  defaultSettings,
  describeCommand,
  formatSimTime,
  getSetting,
  normaliseSeed,
  usFromS,
  validateSetting,
  withSetting,
  type ApplyResult,
  type Command,
  type ComponentInfo,
  type LinkInfo,
  type LogEntry,
  type MessageView,
  type Metrics,
  type RequestTrace,
  type ScheduledCommand,
  type SeriesPoint,
  type Settings,
  type Simulation,
  type SimulationInput,
  type Snapshot,
} from '../sim';
import {
  DEFAULT_SCENARIO,
  scenarioWithSettings,
  SCRIPT_ENTRIES_MAX,
  simulationInput,
  validateConfiguration,
  tooManyFaultsMessage,
  type Scenario,
} from '../scenarios';
import { ReportRates } from './rates';
import { HeldSeries } from './heldSeries';
import { keepIfSame } from './sameData';
import {
  holdPending,
  NO_PENDING_SETTINGS,
  pendingAfterReport,
  settlePending,
  shownSettings,
  type PendingSettings,
} from './pendingSettings';
import type { LearnerSetting, Verdict } from '../challenges';
import {
  insertEntry,
  scenarioScript,
  scriptEntry,
  type ScriptEntry,
  type ScriptOrigin,
} from './faultScript';
import type {
  CompareReport,
  EngineSetup,
  RunReport,
  SessionEvent,
  SessionPort,
  SessionRequest,
} from './sessionProtocol';

export type { CompareReport, RunReport } from './sessionProtocol';

/** Speeds offered by the toolbar: simulated time per wall-clock time. */
export const SPEEDS = [0.25, 0.5, 1, 2, 5, 10, 20, 50] as const;
export const SPEED_MIN = SPEEDS[0];
export const SPEED_MAX = SPEEDS[SPEEDS.length - 1]!;

/** What Step advances while paused: one simulated second. */
export const STEP_US = 1_000_000;

/** Log lines kept for the event log panel (older ones scroll out; memory stays flat). */
export const LOG_KEEP = 500;

/** Fault and recovery lines kept for chart markers. */
export const MARKERS_KEEP = 200;

/** A setting the current run was created with, beyond its scenario's own settings. */
export interface StartSetting {
  path: string;
  value: number | string;
}

export interface RunSlice {
  scenario: Scenario;
  seed: number;
  playing: boolean;
  /** Simulated seconds per wall-clock second, SPEED_MIN..SPEED_MAX. */
  speed: number;
  /** Bumped each time the simulation is recreated (reset, new seed or scenario). */
  runId: number;
  /** Settings applied at creation on top of the scenario's (kept across Reset). */
  startSettings: readonly StartSetting[];
  /** Newest snapshot, published every animation frame (for moving requests). */
  frame: Snapshot | null;
  /**
   * Messages that finished their hop (or were lost) during the newest frame, oldest
   * first (the engine's deliveredSince): the diagram draws short hops from these.
   */
  delivered: readonly MessageView[];
  /** The newest report's hops before a jump (seek, step), else null (RunReport.recentHops). */
  recentHops: readonly MessageView[] | null;
  /** Snapshot published a few times a second and after every change (for the diagram). */
  snapshot: Snapshot | null;
  /**
   * The newest report's metrics. Its `series` holds the seconds the charts draw, not the
   * whole run: every second of the last 10 minutes, and of older ones the extremes of
   * each charted value (app/store/heldSeries.ts), so the page's memory stays flat. Each
   * point also carries its trailing 60 s totals (`HeldPoint`). The whole series:
   * `requestSeries()`.
   */
  metrics: Metrics | null;
  /** Newest last, at most LOG_KEEP. */
  log: readonly LogEntry[];
  /** Fault and recovery lines of the run (chart markers), newest last. */
  markers: readonly LogEntry[];
  /** Newest detection line, for the screen-reader announcement. */
  lastDetection: LogEntry | null;
  /** Every command applied so far (fault script and interactive), with times. */
  appliedCommands: readonly ScheduledCommand[];
  /**
   * The fault script Replay runs from the start, in time order: the scenario's faults,
   * faults added on the timeline, and commands applied by hand (recorded when applied).
   */
  script: readonly ScriptEntry[];
  /**
   * The settings as the page shows them: the engine's (`engineSettings`) with the user's
   * live changes on top until a report carries them or the engine refuses them
   * (`pendingSettings`), so a control shows the value chosen the moment it is chosen.
   */
  settings: Settings;
  /** The engine's settings as its newest report gave them (at a new run: its start settings). */
  engineSettings: Settings;
  /** Live setting changes sent and not in a report yet, by path (app/store/pendingSettings.ts). */
  pendingSettings: PendingSettings;
  /** Requests per simulated second on each link id. */
  linkRates: Readonly<Record<string, number>>;
  /** The simulated time `linkRates` are measured over (rates.ts rateWindowUs), null before. */
  rateWindowUs: number | null;
  /** Actions that make sense now, by component or link id (what menus offer). */
  actions: Readonly<Record<string, readonly ActionType[]>>;
  /** Timed-out requests per simulated second, by user group (flashed at each users node). */
  timeoutsPerSByGroup: Readonly<Record<string, number>>;
  /** The run's components and links (static for a run; same arrays between reports). */
  components: readonly ComponentInfo[];
  links: readonly LinkInfo[];
  /**
   * A seek running in the session (the timeline, Replay to an instant, a presenter's
   * jump, a lesson's fast-forward): where it goes and how far it has got, or null.
   */
  seeking: SeekProgress | null;
  /** Follow one request: the trace the session reports (waiting, recording or done), or null. */
  trace: RequestTrace | null;
  /** Why the last request picked on the diagram could not be traced (it had finished), or null. */
  traceRefusal: string | null;
}

/** A seek in progress: the engine runs from `fromUs` to `targetUs`, now at `atUs`. */
export interface SeekProgress {
  seekId: number;
  fromUs: number;
  atUs: number;
  targetUs: number;
}

/** An action a menu can offer, as the engine names it. */
export type ActionType = ReturnType<Simulation['actionsFor']>[number];

/** A dismissible message, e.g. about a broken share link. */
export interface Notice {
  id: number;
  text: string;
}

export interface UiSlice {
  /** Component whose details are shown (the last one activated). */
  selectedId: string | null;
  /** Component whose action menu is open. */
  menuFor: string | null;
  notices: readonly Notice[];
  /** Presentation mode: a big-screen layout driven by a presenter remote's keys. */
  presenting: boolean;
  /** The guided lesson being followed (its id and step index), or null. */
  lesson: { id: string; step: number } | null;
  /** Embedded in another page (`&embed`): the diagram, script and figures only. */
  embedded: boolean;
  /**
   * The engine's refusal of the newest live change of each setting, by path (a quorum W
   * larger than N...), shown beside the setting's field. From a worker the answer comes
   * after the field has been left, so it arrives here; `id` tells two refusals apart.
   */
  settingRefusals: Readonly<Record<string, SettingRefusal>>;
  /**
   * A side panel something on the page asked to show (picking a dot opens the Trace
   * tab), with a number that tells two asks apart; null until the first.
   */
  panelAsked: { id: string; n: number } | null;
  /** Presentation mode's pause at each scripted fault (presenter.ts drives it from reports). */
  autoPause: AutoPause;
}

/** Presentation mode's auto-pause: whether it is on, and the fault it last stopped at. */
export interface AutoPause {
  enabled: boolean;
  /** The fault the run stopped just after, until it plays again; null otherwise. */
  pausedAt: ScriptEntry | null;
}

/** A refused setting change: why, and a number unique to this refusal. */
export interface SettingRefusal {
  id: number;
  text: string;
}

/**
 * Side by side: a second engine runs design B, which is the run (design A) with some
 * settings changed, from the same seed and the same fault script, in lockstep. A
 * command applied by hand goes to both, at the same simulated instant.
 */
export interface CompareSlice {
  /** Design B's changes, applied on top of the run's start settings. */
  changes: readonly StartSetting[];
  /** Design B's output, as for the run (null until its engine first reports). */
  snapshot: Snapshot | null;
  frame: Snapshot | null;
  delivered: readonly MessageView[];
  recentHops: readonly MessageView[] | null;
  metrics: Metrics | null;
  settings: Settings | null;
  linkRates: Readonly<Record<string, number>>;
  rateWindowUs: number | null;
  timeoutsPerSByGroup: Readonly<Record<string, number>>;
}

export interface PlaygroundState {
  run: RunSlice;
  ui: UiSlice;
  /** Design B, while two designs are compared side by side; null otherwise. */
  compare: CompareSlice | null;
}

/** Engine settings of a scenario before any user change. */
export function scenarioSettings(
  scenario: Scenario,
  extra: readonly StartSetting[] = [],
): Settings {
  let settings = defaultSettings();
  for (const [group, values] of Object.entries(scenario.settings)) {
    for (const [key, value] of Object.entries(values ?? {})) {
      settings = withSetting(settings, `${group}.${key}`, value as number | string);
    }
  }
  for (const { path, value } of extra) settings = withSetting(settings, path, value);
  return settings;
}

/** The scenario with start settings folded into its settings: what the engine is given. */
export function scenarioWithStartSettings(
  scenario: Scenario,
  startSettings: readonly StartSetting[],
): Scenario {
  return scenarioWithSettings(scenario, startSettings);
}

/** What the engine is given for a run: the scenario with the run's start settings. */
export function runInput(run: Pick<RunSlice, 'scenario' | 'startSettings'>): SimulationInput {
  return simulationInput(scenarioWithStartSettings(run.scenario, run.startSettings));
}

/** The first state: the default scenario at its own seed, playing at 1x. */
export function initialState(
  scenario: Scenario = DEFAULT_SCENARIO,
  seed = scenario.seed,
): PlaygroundState {
  return {
    run: {
      scenario,
      seed: normaliseSeed(seed),
      playing: true,
      speed: 1,
      runId: 0,
      startSettings: [],
      frame: null,
      delivered: [],
      recentHops: null,
      snapshot: null,
      metrics: null,
      log: [],
      markers: [],
      lastDetection: null,
      appliedCommands: [],
      script: scenarioScript(scenario),
      settings: scenarioSettings(scenario),
      engineSettings: scenarioSettings(scenario),
      pendingSettings: NO_PENDING_SETTINGS,
      linkRates: {},
      rateWindowUs: null,
      actions: {},
      timeoutsPerSByGroup: {},
      components: [],
      links: [],
      seeking: null,
      trace: null,
      traceRefusal: null,
    },
    ui: {
      selectedId: null,
      menuFor: null,
      notices: [],
      presenting: false,
      lesson: null,
      embedded: false,
      settingRefusals: {},
      panelAsked: null,
      autoPause: { enabled: true, pausedAt: null },
    },
    compare: null,
  };
}

/** Design B before its engine has reported. */
function emptyCompare(changes: readonly StartSetting[]): CompareSlice {
  return {
    changes,
    snapshot: null,
    frame: null,
    delivered: [],
    recentHops: null,
    metrics: null,
    settings: null,
    linkRates: {},
    rateWindowUs: null,
    timeoutsPerSByGroup: {},
  };
}

/** The playground's store. Components read it with `useStore(playground, selector)`. */
export const playground = createStore<PlaygroundState>()(() => initialState());

/** Where requests go: the session's port, registered by app/driver (null before). */
let port: SessionPort | null = null;
/** Link rates and timeouts per group between reports, for the run and for design B. */
const runRates = new ReportRates();
const compareRates = new ReportRates();
/** The seconds of the series the charts draw, for the run and for design B. */
const runSeries = new HeldSeries();
const compareSeries = new HeldSeries();
let nextNoticeId = 1;

/**
 * Registers (or, with null, removes) the port to the session that owns the engines,
 * and loads the current run into it. Called by app/driver only.
 */
export function connectSession(next: SessionPort | null): void {
  port = next;
  pendingCommands.clear();
  updatePendingSettings(NO_PENDING_SETTINGS);
  settleSeriesRequests(null);
  for (const waiter of judgeWaiters.values()) waiter.done(null);
  judgeWaiters.clear();
  port?.send(loadRequest());
}

/** What an engine of this run is given: the scenario with start settings, the seed. */
function engineSetup(
  run: Pick<RunSlice, 'scenario' | 'seed'>,
  startSettings: readonly StartSetting[],
): EngineSetup {
  return {
    input: { ...runInput({ scenario: run.scenario, startSettings }), faults: [] },
    seed: run.seed,
  };
}

/** Design B's engine setup while comparing, else null. */
function compareSetup(): EngineSetup | null {
  const { run, compare } = playground.getState();
  return compare ? engineSetup(run, compareStartSettings(run, compare)) : null;
}

/** The request that (re)creates the store's run in the session. */
function loadRequest(): SessionRequest {
  const { run } = playground.getState();
  return {
    type: 'load',
    runId: run.runId,
    run: engineSetup(run, run.startSettings),
    script: run.script.map(({ id, atUs, command }) => ({ id, atUs, command })),
    compare: compareSetup(),
  };
}

/**
 * Commands sent and not answered yet. The recorder works here: a command applied by
 * hand (or added on the timeline) joins the script when the session says it applied
 * it, at the instant it applied it; nothing is found out by comparing states.
 */
interface PendingCommand {
  command: Command;
  /** The script entry it becomes once applied; null for one that is not recorded. */
  origin: ScriptOrigin | null;
  runId: number;
}
const pendingCommands = new Map<number, PendingCommand>();
let nextRequestId = 1;
/** The request being sent right now, and its answer if it came back at once. */
let sending: { requestId: number; answer: ApplyResult | null } | null = null;

/**
 * Sends a command to the session. The answer, when the session answers at once (in
 * process), is returned; from a worker it comes later, and `{ ok: true }` means sent:
 * a refusal then shows as a notice.
 */
function sendCommand(command: Command, atUs: number | null, origin: ScriptOrigin): ApplyResult {
  if (!port) return NOT_RUNNING;
  const requestId = nextRequestId++;
  pendingCommands.set(requestId, { command, origin, runId: playground.getState().run.runId });
  if (command.type === 'set' && atUs === null) {
    // A change applied now shows at once (before the report that carries it), and the
    // refusal of an earlier change of this setting no longer stands.
    settingRefused(command.path, { ok: true });
    holdSetting(command.path, command.value, requestId);
  }
  const outer = sending;
  sending = { requestId, answer: null };
  try {
    port.send({ type: 'apply', requestId, command, atUs });
    return sending.answer ?? { ok: true };
  } finally {
    sending = outer;
  }
}

/** The session answered a command: record it, or say why it was refused. */
function settleCommand(event: SessionEvent & { type: 'result' }): void {
  const pending = pendingCommands.get(event.requestId);
  if (!pending) return;
  pendingCommands.delete(event.requestId);
  const answeredAtOnce = sending?.requestId === event.requestId;
  if (answeredAtOnce) sending!.answer = event.result;
  if (pending.runId !== playground.getState().run.runId) return;
  if (pending.command.type === 'set') {
    settingRefused(pending.command.path, event.result);
    updatePendingSettings(
      settlePending(
        playground.getState().run.pendingSettings,
        pending.command.path,
        event.requestId,
        event.result.ok,
      ),
    );
  }
  if (event.result.ok) {
    if (pending.origin) {
      const entry = scriptEntry(event.atUs, pending.command, pending.origin);
      setRun({ script: insertEntry(playground.getState().run.script, entry) });
    }
  } else if (pending.origin === 'recorded' || !answeredAtOnce) {
    addNotice(`Could not ${describeCommand(pending.command)}: ${event.result.error}`);
  }
  if (event.compareError) addNotice(event.compareError);
}

/** Shows `value` for setting `path` until the engine's answer and report (pendingSettings.ts). */
function holdSetting(path: string, raw: number | string, requestId: number): void {
  // Only a value the setting can take is shown; the engine refuses any other.
  const { value } = validateSetting(path, raw);
  if (value === null) return;
  updatePendingSettings(
    holdPending(playground.getState().run.pendingSettings, path, value, requestId),
  );
}

/** Sets the pending changes and the settings shown with them. */
function updatePendingSettings(pendingSettings: PendingSettings): void {
  const { run } = playground.getState();
  if (pendingSettings === run.pendingSettings) return;
  const settings = keepIfSame(run.settings, shownSettings(run.engineSettings, pendingSettings));
  setRun({ pendingSettings, settings });
}

let nextRefusalId = 1;

/** Records (or, once accepted, clears) the engine's refusal of a setting's live change. */
function settingRefused(path: string, result: ApplyResult): void {
  const { settingRefusals } = playground.getState().ui;
  if (result.ok && !(path in settingRefusals)) return;
  const next = { ...settingRefusals };
  if (result.ok) delete next[path];
  else next[path] = { id: nextRefusalId++, text: result.error };
  setUi({ settingRefusals: next });
}

/**
 * Everything the session tells the page comes in here (app/driver passes it on):
 * frames and reports of the current run (those of an older run are dropped), answers
 * to commands, and seek progress.
 */
export function receiveSessionEvent(event: SessionEvent): void {
  const current = playground.getState().run.runId;
  switch (event.type) {
    case 'frame':
      if (event.runId !== current) return;
      publishFrame(event.frame, event.delivered);
      if (event.compare) publishCompareFrame(event.compare.frame, event.compare.delivered);
      return;
    case 'report':
      if (event.runId !== current) return;
      if (event.compare) publishCompareReport(event.compare);
      publishReport(event.report);
      return;
    case 'result':
      settleCommand(event);
      return;
    case 'refused':
      if (event.runId === current) dropRefusedEntries(event.refused);
      return;
    case 'seek-progress': {
      const { seeking } = playground.getState().run;
      if (seeking?.seekId === event.seekId) setRun({ seeking: { ...seeking, atUs: event.atUs } });
      return;
    }
    case 'seek-done':
      if (playground.getState().run.seeking?.seekId === event.seekId) setRun({ seeking: null });
      seekWaiters.get(event.seekId)?.(!event.cancelled);
      seekWaiters.delete(event.seekId);
      return;
    case 'judge-progress':
      judgeWaiters.get(event.judgeId)?.progress(event.seedIndex, event.doneS);
      return;
    case 'judge-done':
      judgeWaiters.get(event.judgeId)?.done(event.verdict);
      judgeWaiters.delete(event.judgeId);
      return;
    case 'series':
      seriesWaiters.get(event.requestId)?.(event.runId === current ? event.series : null);
      seriesWaiters.delete(event.requestId);
      return;
    case 'idle':
      return;
  }
}

/** Who waits for each judging asked of the session (`judgeInSession`). */
const judgeWaiters = new Map<
  number,
  { progress: (seedIndex: number, doneS: number) => void; done: (verdict: Verdict | null) => void }
>();
let nextJudgeId = 1;

/**
 * Judges a learner's design for a challenge in the session (a Web Worker: off the main
 * thread), beside the run: `onProgress` hears each chunk (seed index from 0, simulated
 * seconds done in it). Resolves with the verdict, or null when it was cancelled (a
 * newer judging, `cancelJudging`, or the session going). Null at once when no session
 * is connected (the caller judges on its own thread then).
 */
export function judgeInSession(
  challengeId: string,
  learner: readonly LearnerSetting[],
  onProgress: (seedIndex: number, doneS: number) => void,
): Promise<Verdict | null> | null {
  if (!port) return null;
  const judgeId = nextJudgeId++;
  const verdict = new Promise<Verdict | null>((resolve) =>
    judgeWaiters.set(judgeId, { progress: onProgress, done: resolve }),
  );
  port.send({ type: 'judge', judgeId, challengeId, learner });
  return verdict;
}

/** Stops the judging running in the session, if any (it resolves null). */
export function cancelJudging(): void {
  port?.send({ type: 'cancel-judge' });
}

/** Who waits for each whole series asked of the session (`requestSeries`). */
const seriesWaiters = new Map<number, (series: readonly SeriesPoint[] | null) => void>();
let nextSeriesRequestId = 1;

/** Answers every series request still waiting with `series` (null: no answer will come). */
function settleSeriesRequests(series: null): void {
  for (const resolve of seriesWaiters.values()) resolve(series);
  seriesWaiters.clear();
}

/**
 * The whole per-second series of the current run (or of design B), every completed
 * second from 0:00, as the session's engine has it: the store holds only the seconds
 * the charts draw. Resolves null when there is no session, or when the run changed
 * before the answer came.
 */
export function requestSeries(
  design: 'run' | 'compare' = 'run',
): Promise<readonly SeriesPoint[] | null> {
  if (!port) return Promise.resolve(null);
  const requestId = nextSeriesRequestId++;
  const answer = new Promise<readonly SeriesPoint[] | null>((resolve) =>
    seriesWaiters.set(requestId, resolve),
  );
  port.send({ type: 'series', requestId, design });
  return answer;
}

const setRun = (patch: Partial<RunSlice>): void => {
  playground.setState((state) => ({ run: { ...state.run, ...patch } }));
};
const setUi = (patch: Partial<UiSlice>): void => {
  playground.setState((state) => ({ ui: { ...state.ui, ...patch } }));
};

// ---- run actions ----

export function play(): void {
  setRun({ playing: true });
}

export function pause(): void {
  setRun({ playing: false });
}

export function togglePlay(): void {
  setRun({ playing: !playground.getState().run.playing });
}

/** Pauses, then advances one fixed slice of simulated time (STEP_US). */
export function step(): void {
  pause();
  port?.send({ type: 'step', durationUs: STEP_US });
}

/**
 * Starts the run again at time 0, paused, with the current seed. Interactive kills
 * and restores are discarded (the fault script stays: the scenario's faults and those
 * added on the timeline); settings the user changed are kept as the new run's
 * starting settings.
 */
export function reset(): void {
  const { run } = playground.getState();
  const base = scenarioSettings(run.scenario);
  let startSettings = [...run.startSettings];
  for (const { command } of recordedEntries(run.script)) {
    if (command.type !== 'set') continue;
    startSettings = startSettings.filter((s) => s.path !== command.path);
    // A setting put back to the scenario's own value needs no --set.
    if (command.value !== getSetting(base, command.path)) {
      startSettings.push({ path: command.path, value: command.value });
    }
  }
  recreate({
    startSettings,
    settings: scenarioSettings(run.scenario, startSettings),
    script: withoutRecorded(run.script),
  });
}

/** Recreates the run with some fields changed; always paused at time 0. */
function recreate(patch: Partial<RunSlice>): void {
  // Pause first: the driver publishes the old run's last report on pause, and that
  // must land before the log is cleared, not after.
  pause();
  runRates.reset();
  compareRates.reset();
  const { run } = playground.getState();
  // A new run starts from its start settings; changes on their way to the old one are void.
  const settings = patch.settings ?? run.engineSettings;
  setRun({
    ...patch,
    settings,
    engineSettings: settings,
    pendingSettings: NO_PENDING_SETTINGS,
    runId: run.runId + 1,
    seeking: null,
    log: [],
    markers: [],
    lastDetection: null,
    linkRates: {},
    rateWindowUs: null,
    timeoutsPerSByGroup: {},
  });
  const { compare } = playground.getState();
  if (compare) playground.setState({ compare: emptyCompare(compare.changes) });
  setUi({ menuFor: null, settingRefusals: {} });
  port?.send(loadRequest());
}

/**
 * Follow one request: the session traces the next request from user group `from`
 * (the trace arrives with the reports), or with null stops tracing.
 */
export function traceNextRequest(from: string | null): void {
  port?.send({ type: 'trace', from });
}

/** Asks the side column to show panel `id` (a panel id of `SIDE_GROUPS`). */
export function showPanel(id: string): void {
  const asked = playground.getState().ui.panelAsked;
  setUi({ panelAsked: { id, n: (asked?.n ?? 0) + 1 } });
}

/**
 * Follow one request already in flight (a dot picked on the diagram) from now on: the
 * Trace tab opens on it. Refused (`run.traceRefusal`) when it finished meanwhile.
 */
export function traceRequestInFlight(requestId: number): void {
  port?.send({ type: 'trace-request', request: requestId });
}

/** Sets the speed, clamped to SPEED_MIN..SPEED_MAX. */
export function setSpeed(speed: number): void {
  if (!Number.isFinite(speed)) return;
  setRun({ speed: Math.min(SPEED_MAX, Math.max(SPEED_MIN, speed)) });
}

/** A new seed restarts the run (the same seed and commands replay the same run). */
export function setSeed(seed: number): void {
  const { run } = playground.getState();
  recreate({
    seed: normaliseSeed(seed),
    startSettings: run.startSettings,
    script: withoutRecorded(run.script),
  });
}

/** Switches scenario: its own settings and fault script, the current seed. */
export function setScenario(scenario: Scenario): void {
  recreate({
    scenario,
    startSettings: [],
    settings: scenarioSettings(scenario),
    script: scenarioScript(scenario),
  });
}

/**
 * Commands the user applied (clicks, keys, settings), in order: every applied command
 * except those of the scenario's own fault script.
 */
export function interactiveCommands(
  scenario: Scenario,
  applied: readonly ScheduledCommand[],
): ScheduledCommand[] {
  const script = scenario.faults.map((f) => ({
    atUs: usFromS(f.atS),
    key: JSON.stringify(f.command),
  }));
  return applied.filter((entry) => {
    const key = JSON.stringify(entry.command);
    const i = script.findIndex((s) => s.atUs === entry.atUs && s.key === key);
    if (i < 0) return true;
    script.splice(i, 1);
    return false;
  });
}

/**
 * Applies a command (a click, a key, a settings change) at the current simulated time.
 * A setting changed at time 0, before anything else was applied, becomes a start
 * setting instead: the run is recreated with it, exactly as the CLI's --set does.
 */
export function applyCommand(command: Command): ApplyResult {
  const { run } = playground.getState();
  if (!port) return NOT_RUNNING;
  const atStart =
    (run.snapshot?.nowUs ?? 0) === 0 &&
    interactiveCommands(run.scenario, run.appliedCommands).length === 0;
  if (command.type === 'set' && atStart) {
    const checked = validateSetting(command.path, command.value);
    if (checked.error !== null) {
      addNotice(`Could not change ${command.path}: ${checked.error}`);
      return { ok: false, error: checked.error };
    }
    const startSettings = run.startSettings.filter((s) => s.path !== command.path);
    startSettings.push({ path: command.path, value: checked.value });
    // The whole configuration, rules between settings included: the run is only
    // recreated with one the engine accepts.
    const problem = validateConfiguration(run.scenario, startSettings)[0];
    if (problem !== undefined) {
      addNotice(`Could not change ${command.path}: ${problem}`);
      return { ok: false, error: problem };
    }
    const playing = run.playing;
    recreate({ startSettings, settings: scenarioSettings(run.scenario, startSettings) });
    if (playing) play();
    return { ok: true };
  }
  // An action by hand joins the script (Replay repeats it): refused when that is full.
  const full = scriptFull(run.script);
  if (full) {
    addNotice(`Could not ${describeCommand(command)}: ${full.error}`);
    return full;
  }
  return sendCommand(command, null, 'recorded');
}

/** A refusal when the script already holds SCRIPT_ENTRIES_MAX entries, else null. */
function scriptFull(script: readonly ScriptEntry[]): { ok: false; error: string } | null {
  if (script.length < SCRIPT_ENTRIES_MAX) return null;
  return {
    ok: false,
    error: `${tooManyFaultsMessage(script.length + 1)}. Remove an entry from the timeline first`,
  };
}

// ---- publishing (the session's events, through receiveSessionEvent) ----

/** Publishes the newest snapshot for moving requests (every animation frame). */
export function publishFrame(frame: Snapshot, delivered: readonly MessageView[] = []): void {
  setRun({ frame, delivered });
}

/**
 * Chart markers: faults and recoveries of parts of the cloud (a component, a link, or
 * every link into a zone, `lb-1->eu-b`), not of alerts or other bookkeeping.
 */
export function isPartMarker(entry: LogEntry, parts: ReadonlySet<string>): boolean {
  if (entry.category !== 'fault' && entry.category !== 'recovery') return false;
  return parts.has(entry.target) || entry.target.includes('->');
}

/**
 * A report's metrics with its series points (from index `start` of the run's series:
 * the session sends only the seconds completed since its previous report) added to the
 * held ones, and the held seconds as its series.
 */
function withHeldSeries(held: HeldSeries, metrics: Metrics, start: number | undefined): Metrics {
  held.append(start, metrics.series);
  return { ...metrics, series: held.points() };
}

/** Publishes a report: counters, log lines, settings, and per-link rates. */
export function publishReport(report: RunReport): void {
  const { run } = playground.getState();
  const rates = runRates.next(report.snapshot, report.metrics.userGroups);
  const engineSettings = keepIfSame(run.engineSettings, report.settings);
  const pendingSettings = pendingAfterReport(run.pendingSettings);
  const patch: Partial<RunSlice> = {
    frame: report.snapshot,
    delivered: report.delivered ?? [],
    recentHops: report.recentHops ?? null,
    snapshot: report.snapshot,
    metrics: withHeldSeries(runSeries, report.metrics, report.seriesStart),
    // Unchanged parts keep their identity, so what reads only them does not redraw.
    appliedCommands: keepIfSame(run.appliedCommands, report.appliedCommands),
    engineSettings,
    pendingSettings,
    settings: keepIfSame(run.settings, shownSettings(engineSettings, pendingSettings)),
    actions: keepIfSame(run.actions, report.actions),
    components: keepIfSame(run.components, report.components),
    links: keepIfSame(run.links, report.links),
    trace: keepIfSame(run.trace, report.trace ?? null),
    traceRefusal: report.traceRefusal ?? null,
    linkRates: keepIfSame(run.linkRates, rates.linkRates),
    rateWindowUs: rates.rateWindowUs,
    timeoutsPerSByGroup: keepIfSame(run.timeoutsPerSByGroup, rates.timeoutsPerSByGroup),
  };
  if (report.newLog.length > 0) {
    patch.log = [...run.log, ...report.newLog].slice(-LOG_KEEP);
    const parts = new Set([
      ...report.components.map((c) => c.id),
      ...report.links.map((l) => l.id),
    ]);
    const markers = report.newLog.filter((e) => isPartMarker(e, parts));
    if (markers.length > 0) patch.markers = [...run.markers, ...markers].slice(-MARKERS_KEEP);
    const detections = report.newLog.filter((e) => e.category === 'detection');
    if (detections.length > 0) patch.lastDetection = detections[detections.length - 1]!;
  }
  setRun(patch);
}

export function publishCompareReport(report: CompareReport): void {
  const { compare } = playground.getState();
  if (!compare) return;
  const rates = compareRates.next(report.snapshot, report.metrics.userGroups);
  playground.setState({
    compare: {
      ...compare,
      snapshot: report.snapshot,
      frame: report.snapshot,
      delivered: report.delivered ?? [],
      recentHops: report.recentHops ?? null,
      metrics: withHeldSeries(compareSeries, report.metrics, report.seriesStart),
      settings: keepIfSame(compare.settings, report.settings),
      linkRates: keepIfSame(compare.linkRates, rates.linkRates),
      rateWindowUs: rates.rateWindowUs,
      timeoutsPerSByGroup: keepIfSame(compare.timeoutsPerSByGroup, rates.timeoutsPerSByGroup),
    },
  });
}

/** Design B's newest snapshot for moving requests (every animation frame). */
export function publishCompareFrame(frame: Snapshot, delivered: readonly MessageView[]): void {
  const { compare } = playground.getState();
  if (compare) playground.setState({ compare: { ...compare, frame, delivered } });
}

// ---- compare actions ----

/**
 * Starts comparing the run (design A) with design B = the run with `changes`: both
 * start again at 0:00 with the same seed and fault script, and play side by side.
 * Each change is checked first; a broken one is refused with the reason.
 */
export function startCompare(changes: readonly StartSetting[]): ApplyResult {
  if (changes.length === 0) return { ok: false, error: 'design B needs at least one change' };
  const checked: StartSetting[] = [];
  for (const change of changes) {
    const result = validateSetting(change.path, change.value);
    if (result.error !== null) return { ok: false, error: `${change.path}: ${result.error}` };
    checked.push({ path: change.path, value: result.value });
  }
  const { run } = playground.getState();
  const problem = validateConfiguration(
    run.scenario,
    compareStartSettings(run, { changes: checked }),
  )[0];
  if (problem !== undefined) return { ok: false, error: problem };
  playground.setState({ compare: emptyCompare(checked) });
  recreate({});
  play();
  return { ok: true };
}

/**
 * Sets design B's changes (or none) without starting anything: for a page or a link
 * that opens with two designs, before its run is created or loaded.
 */
export function prepareCompare(changes: readonly StartSetting[] | null): void {
  playground.setState({ compare: changes && changes.length > 0 ? emptyCompare(changes) : null });
  compareRates.reset();
}

/** Back to one design: design B's engine stops; the run goes on as it was. */
export function stopCompare(): void {
  playground.setState({ compare: null });
  compareRates.reset();
  port?.send({ type: 'stop-compare' });
}

/** The run's start settings with design B's changes on top (what design B's engine is given). */
export function compareStartSettings(
  run: Pick<RunSlice, 'startSettings'>,
  compare: Pick<CompareSlice, 'changes'>,
): StartSetting[] {
  const changed = new Set(compare.changes.map((c) => c.path));
  return [...run.startSettings.filter((s) => !changed.has(s.path)), ...compare.changes];
}

// ---- ui actions ----

/** Selects a component (or none) without opening its menu. */
export function selectComponent(id: string | null): void {
  setUi({ selectedId: id });
}

/** Opens the action menu of a component (and selects it). */
export function openMenu(id: string): void {
  setUi({ selectedId: id, menuFor: id });
}

export function closeMenu(): void {
  setUi({ menuFor: null });
}

/** Follows a lesson at a step (the lesson's run is loaded by the caller), or none. */
export function setLesson(lesson: { id: string; step: number } | null): void {
  setUi({ lesson });
}

/** Marks the page as embedded in another one (set once, from the address). */
export function setEmbedded(embedded: boolean): void {
  setUi({ embedded });
}

/** Enters or leaves presentation mode. */
export function setPresenting(presenting: boolean): void {
  setUi({ presenting, menuFor: null });
}

/**
 * Notices shown at once: the newest few. Older ones are dropped, so a burst (a long
 * session of edits, a link with many problems) never buries the page under messages.
 */
export const NOTICES_KEEP = 5;

/** Shows a dismissible message (dropping the oldest beyond NOTICES_KEEP); returns its id. */
export function addNotice(text: string): number {
  const id = nextNoticeId++;
  setUi({ notices: [...playground.getState().ui.notices, { id, text }].slice(-NOTICES_KEEP) });
  return id;
}

export function dismissNotice(id: number): void {
  setUi({ notices: playground.getState().ui.notices.filter((n) => n.id !== id) });
}

// ---- fault script actions ----

const NOT_RUNNING: ApplyResult = { ok: false, error: 'the simulation is not running yet' };

/** Script entries recorded from commands applied by hand. */
export function recordedEntries(script: readonly ScriptEntry[]): ScriptEntry[] {
  return script.filter((e) => e.origin === 'recorded');
}

/** The script without commands applied by hand (what Reset and a new seed keep). */
function withoutRecorded(script: readonly ScriptEntry[]): readonly ScriptEntry[] {
  return script.filter((e) => e.origin !== 'recorded');
}

/**
 * The engine's current time as the page knows it: the newest frame's (one animation
 * frame behind the session at most), or where a running seek is going.
 */
export function engineNowUs(): number {
  const { run } = playground.getState();
  return run.seeking?.targetUs ?? run.frame?.nowUs ?? run.snapshot?.nowUs ?? 0;
}

/**
 * Adds a command to the fault script: applied at once when `atUs` is null or the
 * current time, scheduled in the running engine when later, refused when earlier.
 * The entry joins the script when the session has applied or scheduled it.
 */
export function addScriptEntry(command: Command, atUs: number | null): ApplyResult {
  if (!port) return NOT_RUNNING;
  const full = scriptFull(playground.getState().run.script);
  if (full) return full;
  const nowUs = engineNowUs();
  if (atUs !== null && atUs < nowUs) {
    return {
      ok: false,
      error: `${formatSimTime(atUs)} is in the past (the run is at ${formatSimTime(nowUs)}): choose a later time, or now`,
    };
  }
  return sendCommand(command, atUs === nowUs ? null : atUs, 'added');
}

/**
 * Removes an entry from the script. One still to come is cancelled in the running
 * engine too (`scheduled: true`); one already applied stays applied in this run and is
 * left out of the next Replay.
 */
export function removeScriptEntry(id: number): { removed: boolean; scheduled: boolean } {
  const { run } = playground.getState();
  const entry = run.script.find((e) => e.id === id);
  if (!entry) return { removed: false, scheduled: false };
  const scheduled = entry.atUs > engineNowUs();
  const script = run.script.filter((e) => e.id !== id);
  setRun({ script });
  if (scheduled) {
    port?.send({
      type: 'rebuild',
      script: script.map(({ id: entryId, atUs, command }) => ({ id: entryId, atUs, command })),
      compare: compareSetup(),
    });
  }
  return { removed: true, scheduled };
}

/**
 * Replay from start: a new run with the same scenario, seed, start settings and the
 * whole script (scenario faults, added ones and recorded commands), playing.
 */
export function replay(): void {
  recreate({});
  play();
}

/**
 * Replays the whole script from the start up to `untilUs` (by default the instant the
 * current run is at) and pauses there, so the counts can be compared with the run's.
 */
export function replayTo(untilUs: number = engineNowUs()): Promise<boolean> {
  recreate({});
  return startSeek(untilUs, 0);
}

let nextSeekId = 1;
/** Who waits for each seek still running: told whether it landed (false: cancelled). */
const seekWaiters = new Map<number, (landed: boolean) => void>();

/**
 * Runs the engine on to `targetUs` in the session, in chunks with progress (see
 * RunSlice.seeking); a newer seek, or any command, cancels this one where it is.
 */
function startSeek(targetUs: number, fromUs: number): Promise<boolean> {
  if (!port) return Promise.resolve(false);
  const seekId = nextSeekId++;
  const landed = new Promise<boolean>((resolve) => seekWaiters.set(seekId, resolve));
  setRun({ seeking: { seekId, fromUs, atUs: fromUs, targetUs } });
  port.send({ type: 'seek', seekId, targetUs });
  return landed;
}

/** Stops a running seek where it has got to (the run stays paused there). */
export function cancelSeek(): void {
  port?.send({ type: 'cancel-seek' });
}

/**
 * Moves the run to simulated time `atUs`, paused there: forward by running the engine
 * on, backward by replaying the whole script from the start (the run is seeded, so
 * going back and forth shows the same run every time). The session runs it in chunks
 * (progress in `run.seeking`); a newer seek or any command cancels it. Resolves true
 * once the run is there, false when it was cancelled (a lesson's fast-forward waits
 * on this).
 */
export function seekTo(atUs: number): Promise<boolean> {
  const target = Math.max(0, Math.round(atUs));
  const nowUs = engineNowUs();
  pause();
  if (target > nowUs) return startSeek(target, nowUs);
  if (target === nowUs) return Promise.resolve(port !== null);
  return replayTo(target);
}

/** What a share link or a scenario file describes: a whole run to start. */
export interface RunSetup {
  scenario: Scenario;
  seed: number;
  startSettings: readonly StartSetting[];
  script: readonly ScriptEntry[];
}

/** The run fields a setup sets. */
function setupPatch(setup: RunSetup): Partial<RunSlice> {
  return {
    scenario: setup.scenario,
    seed: normaliseSeed(setup.seed),
    startSettings: setup.startSettings,
    settings: scenarioSettings(setup.scenario, setup.startSettings),
    script: setup.script,
  };
}

/** Starts the run a share link or a scenario file describes, playing. */
export function loadRun(setup: RunSetup): void {
  recreate(setupPatch(setup));
  play();
}

/**
 * Starts the run a setup describes and runs it on to `atUs`, paused there (a lesson's
 * step link). The whole script is scheduled in the new engine before it starts, so each
 * command lands at its own instant wherever the seek is when it lands, or if it is
 * cancelled: the same link gives the same run every time. Resolves as `seekTo` does.
 */
export function loadRunAt(setup: RunSetup, atUs: number): Promise<boolean> {
  recreate(setupPatch(setup));
  // Measured from 0:00, the new run's instant (the page still shows the old run's frame).
  return startSeek(Math.max(0, Math.round(atUs)), 0);
}

/**
 * Script entries the engine refused when a run was created (a command no longer
 * valid for this cloud): they leave the script, with one notice naming them.
 */
export function dropRefusedEntries(refused: ReadonlyArray<{ id: number; error: string }>): void {
  if (refused.length === 0) return;
  const ids = new Set(refused.map((r) => r.id));
  const { script } = playground.getState().run;
  const names = script
    .filter((e) => ids.has(e.id))
    .map((e) => {
      const why = refused.find((r) => r.id === e.id)!.error;
      return `${formatSimTime(e.atUs)} ${describeCommand(e.command)} (${why})`;
    });
  setRun({ script: script.filter((e) => !ids.has(e.id)) });
  addNotice(`The fault script could not schedule, and left out: ${names.join('; ')}.`);
}
