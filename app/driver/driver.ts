/**
 * The driver: the only code that reads a wall clock or asks for animation frames.
 * It owns the Simulation, advances it by wall time x speed each frame, and publishes
 * snapshots to the store (every frame) and reports (a few times a second).
 *
 * Like d3-force's timer around `tick()`, the stepper (`runUntil`) stays pure; this
 * file only decides when to call it.
 */
import {
  createSimulation,
  describeCommand,
  type Command,
  type MessageView,
  type ScheduledCommand,
  type Simulation,
} from '../sim';
import {
  addNotice,
  compareStartSettings,
  connectController,
  dropRefusedEntries,
  playground,
  publishCompareFrame,
  publishCompareReport,
  publishFrame,
  publishReport,
  runInput,
  type ActionType,
  type RunController,
  type StartSetting,
} from '../store';

/**
 * Longest wall-clock gap one frame may simulate. A slow frame, a breakpoint or a
 * return from a background tab then costs at most this much simulated work
 * (100 ms x 50x = 5 simulated seconds) instead of freezing the page to catch up.
 */
export const MAX_FRAME_WALL_MS = 100;

/** Counters, log and chart refresh about 4 times a second; moving requests every frame. */
export const REPORT_INTERVAL_WALL_MS = 250;

/** The browser facilities the driver uses, injectable so tests can run frames by hand. */
export interface DriverEnv {
  /** Asks for `callback(wallMs)` before the next repaint; returns a handle. */
  requestFrame(callback: (wallMs: number) => void): number;
  cancelFrame(handle: number): void;
  /** True while the page is not visible (background tab, minimised window). */
  isHidden(): boolean;
  /** Calls `listener` when visibility changes; returns an unsubscribe function. */
  onVisibilityChange(listener: () => void): () => void;
}

/** The real browser: requestAnimationFrame and the Page Visibility API. */
export function browserEnv(): DriverEnv {
  return {
    requestFrame: (callback) => requestAnimationFrame(callback),
    cancelFrame: (handle) => cancelAnimationFrame(handle),
    isHidden: () => document.hidden,
    onVisibilityChange: (listener) => {
      document.addEventListener('visibilitychange', listener);
      return () => document.removeEventListener('visibilitychange', listener);
    },
  };
}

/** Microseconds per millisecond: the driver keeps simulated time on whole milliseconds. */
const US_PER_MS = 1000;

/**
 * Simulated microseconds one frame advances, on whole milliseconds, and the fraction
 * carried to the next frame. Whole milliseconds keep interactive commands at times the
 * CLI can replay exactly (`--fault 12.345:kill:app-b1`).
 */
export function frameAdvance(
  wallDeltaMs: number,
  speed: number,
  carryUs: number,
): { advanceUs: number; carryUs: number } {
  const clampedMs = Math.min(MAX_FRAME_WALL_MS, Math.max(0, wallDeltaMs));
  const budgetUs = carryUs + clampedMs * speed * US_PER_MS;
  const advanceUs = Math.floor(budgetUs / US_PER_MS) * US_PER_MS;
  return { advanceUs, carryUs: budgetUs - advanceUs };
}

/**
 * Starts driving the store's run: creates the simulation, registers the controller,
 * and plays or pauses as the store says. Returns a function that stops everything.
 */
export function startDriver(env: DriverEnv = browserEnv()): () => void {
  let sim: Simulation = create();
  /** Design B's engine while two designs are compared (see CompareSlice), else null. */
  let simB: Simulation | null = createB();
  let logIndex = 0;
  let frameHandle: number | null = null;
  let lastWallMs: number | null = null;
  let carryUs = 0;
  let lastReportWallMs = -Infinity;

  /** An engine for the store's scenario and seed with these start settings, no script yet. */
  function newEngine(startSettings: readonly StartSetting[]): Simulation {
    const { run } = playground.getState();
    return createSimulation(
      { ...runInput({ scenario: run.scenario, startSettings }), faults: [] },
      { seed: run.seed, trackMessages: true },
    );
  }

  /**
   * A new engine for the store's run (or, with design B's start settings, for design B),
   * with the run's fault script scheduled entry by entry. Events at 0:00 run at once, so
   * a command applied before Play lands after them, exactly where a replay schedules it.
   */
  function build(startSettings: readonly StartSetting[]): {
    sim: Simulation;
    refused: Array<{ id: number; error: string }>;
  } {
    const { run } = playground.getState();
    const next = newEngine(startSettings);
    const refused: Array<{ id: number; error: string }> = [];
    for (const entry of run.script) {
      const result = next.schedule(entry.atUs, entry.command);
      if (!result.ok) refused.push({ id: entry.id, error: result.error });
    }
    next.runUntil(0);
    return { sim: next, refused };
  }

  /** The run's engine; a script entry it refuses is dropped with a notice, not fatal. */
  function create(): Simulation {
    const built = build(playground.getState().run.startSettings);
    dropRefusedEntries(built.refused);
    return built.sim;
  }

  /** Design B's engine while comparing (after create(): the script it gets is accepted). */
  function createB(): Simulation | null {
    const { run, compare } = playground.getState();
    return compare ? build(compareStartSettings(run, compare)).sim : null;
  }

  /**
   * The same run without a cancelled script entry: the commands applied so far and the
   * script's later entries are scheduled again, and the engine runs back to the current
   * time. Deterministic, so the log and counters come out as they were. (A command the
   * engine will not schedule from 0:00, such as promoting a node that is primary at the
   * start, is applied at its instant instead, as it was.) Design B is rebuilt the same way.
   */
  function rebuild(
    old: Simulation,
    startSettings = playground.getState().run.startSettings,
  ): Simulation {
    const { run } = playground.getState();
    const nowUs = old.now();
    const next = newEngine(startSettings);
    const live: ScheduledCommand[] = [];
    for (const applied of old.appliedCommands()) {
      if (!next.schedule(applied.atUs, applied.command).ok) live.push(applied);
    }
    for (const entry of run.script) {
      if (entry.atUs > nowUs) next.schedule(entry.atUs, entry.command);
    }
    for (const { atUs, command } of live) {
      next.runUntil(atUs);
      next.apply(command);
    }
    next.runUntil(nowUs);
    return next;
  }

  /** Actions on offer for every component and link (a few dozen ids, cheap at 4 Hz). */
  function actions(): Record<string, ActionType[]> {
    const byId: Record<string, ActionType[]> = {};
    for (const c of sim.components()) byId[c.id] = sim.actionsFor(c.id);
    for (const l of sim.links()) byId[l.id] = sim.actionsFor(l.id);
    return byId;
  }

  /** Publishes design B's state (when comparing) alongside the run's report. */
  function reportB(delivered?: readonly MessageView[]): void {
    if (!simB) return;
    publishCompareReport({
      snapshot: simB.snapshot(),
      metrics: simB.metrics(),
      settings: simB.settings(),
      delivered,
    });
  }

  /** `delivered`: messages that ended their hop during the frame that sends this report. */
  function report(delivered?: readonly MessageView[], deliveredB?: readonly MessageView[]): void {
    reportB(deliveredB);
    const { entries, nextIndex } = sim.log(logIndex);
    logIndex = nextIndex;
    publishReport({
      snapshot: sim.snapshot(),
      metrics: sim.metrics(),
      newLog: entries,
      appliedCommands: sim.appliedCommands(),
      settings: sim.settings(),
      actions: actions(),
      components: sim.components(),
      links: sim.links(),
      delivered,
    });
  }

  const shouldRun = (): boolean => playground.getState().run.playing && !env.isHidden();

  function onFrame(wallMs: number): void {
    frameHandle = null;
    if (!shouldRun()) return;
    // The first frame after a start or a pause only sets the reference time.
    const deltaMs = lastWallMs === null ? 0 : wallMs - lastWallMs;
    lastWallMs = wallMs;
    const advance = frameAdvance(deltaMs, playground.getState().run.speed, carryUs);
    carryUs = advance.carryUs;
    const fromUs = sim.now();
    if (advance.advanceUs > 0) sim.runUntil(sim.now() + advance.advanceUs);
    // Design B keeps in lockstep with the run: the same simulated instant on both sides.
    if (simB) simB.runUntil(sim.now());
    // Hops that ended during this frame, with their real kinds (the diagram's short hops).
    const delivered = sim.now() > fromUs ? sim.deliveredSince(fromUs) : [];
    const deliveredB = simB && simB.now() > fromUs ? simB.deliveredSince(fromUs) : [];
    if (wallMs - lastReportWallMs >= REPORT_INTERVAL_WALL_MS) {
      lastReportWallMs = wallMs;
      report(delivered, deliveredB);
    } else {
      publishFrame(sim.snapshot(), delivered);
      if (simB) publishCompareFrame(simB.snapshot(), deliveredB);
    }
    frameHandle = env.requestFrame(onFrame);
  }

  /** Asks for frames while playing and visible; stops asking otherwise (no busy loop). */
  function sync(): void {
    if (shouldRun()) {
      if (frameHandle === null) {
        lastWallMs = null;
        frameHandle = env.requestFrame(onFrame);
      }
    } else if (frameHandle !== null) {
      env.cancelFrame(frameHandle);
      frameHandle = null;
    }
  }

  const controller: RunController = {
    reset() {
      sim = create();
      simB = createB();
      logIndex = 0;
      carryUs = 0;
      report();
      sync();
    },
    step(durationUs) {
      sim.runUntil(sim.now() + durationUs);
      simB?.runUntil(sim.now());
      report();
    },
    // Commands reach both designs: the same failure, at the same instant, on each side.
    // Design B has the same parts, but its state can differ (a node already promoted):
    // if it refuses, the user is told rather than left with designs that silently differ.
    apply(command: Command) {
      const result = sim.apply(command);
      if (result.ok) {
        const resultB = simB?.apply(command);
        if (resultB && !resultB.ok) {
          addNotice(`Design B did not ${describeCommand(command)}: ${resultB.error}`);
        }
        report();
      }
      return result;
    },
    now: () => sim.now(),
    schedule(atUs: number, command: Command) {
      const result = sim.schedule(atUs, command);
      if (result.ok) {
        simB?.schedule(atUs, command);
        report();
      }
      return result;
    },
    rebuild() {
      // The log up to now is the same, so the log cursor stays where it is.
      sim = rebuild(sim);
      const { run, compare } = playground.getState();
      if (simB && compare) simB = rebuild(simB, compareStartSettings(run, compare));
      report();
    },
  };
  connectController(controller);

  let wasPlaying = playground.getState().run.playing;
  const unsubscribeStore = playground.subscribe((state) => {
    // Comparing stopped: design B's engine goes (starting goes through reset()).
    if (!state.compare && simB) simB = null;
    if (state.run.playing === wasPlaying) return;
    wasPlaying = state.run.playing;
    // Pausing shows the exact numbers at the pause instant, not the last 4 Hz report.
    if (!wasPlaying) report();
    sync();
  });
  const unsubscribeVisibility = env.onVisibilityChange(sync);

  report();
  sync();

  return () => {
    unsubscribeStore();
    unsubscribeVisibility();
    if (frameHandle !== null) env.cancelFrame(frameHandle);
    frameHandle = null;
    connectController(null);
  };
}
