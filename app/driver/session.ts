/**
 * The session: the one owner of the engines (the run's, and design B's while two
 * designs are compared). It takes requests (commands) and emits events (frames,
 * reports, results, seek progress); it never reads the page's store, so it runs the
 * same in a Web Worker (engine.worker.ts) and in process (tests, no Worker).
 *
 * It reads no clock either: the page sends each frame's wall time. Long runs (seeking,
 * replaying to an instant, a lesson's fast-forward) go in chunks of simulated time,
 * with `yieldBetweenChunks` between them so newer requests get in and can cancel.
 */
import {
  describeCommand,
  formatSimTime,
  type ActionType,
  type ApplyResult,
  type MessageView,
  type Metrics,
  type RequestTrace,
  type SeriesPoint,
  type Simulation,
} from '../sim';
import { createSimulation } from '../sim/runtime';
import {
  CHALLENGES,
  checkLearnerSettings,
  startSeedRun,
  verdictOf,
  type LearnerSetting,
  type SeedResult,
} from '../challenges';
import type {
  EngineSetup,
  SessionEvent,
  SessionRequest,
  SessionScriptItem,
} from '../store/sessionProtocol';

/**
 * Longest wall-clock gap one frame may simulate. A slow frame, a breakpoint or a
 * return from a background tab then costs at most this much simulated work
 * (100 ms x 50x = 5 simulated seconds) instead of freezing the page to catch up.
 */
export const MAX_FRAME_WALL_MS = 100;

/** Microseconds per millisecond: the session keeps simulated time on whole milliseconds. */
const US_PER_MS = 1000;

/**
 * Simulated time one seek chunk runs before the session lets other messages in: a
 * second of the busiest built-in cloud takes a few milliseconds, so a newer seek or a
 * click waits at most that long.
 */
export const SEEK_CHUNK_US = 1_000_000;

/**
 * How far back a report after a jump (seek, step) reaches for the delivered hops the
 * diagram seeds its dots from: the hop window at the fastest speed (280 ms of wall time
 * at 50x is 14 s) fits in it. The engine keeps at most its last 4096 hops anyway.
 */
const RECENT_HOPS_US = 15_000_000;

/**
 * Simulated seconds of a challenge's seed one judging chunk runs (each second is
 * measured against the goals): a few milliseconds, so the run's frames keep coming.
 */
export const JUDGE_CHUNK_S = 2;

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

export interface SessionOptions {
  /**
   * Runs `resume` after other pending messages (a worker: a zero-delay task). Null
   * runs a seek to its end at once (tests that do not look at cancelling).
   */
  yieldBetweenChunks: ((resume: () => void) => void) | null;
}

export interface Session {
  handle(request: SessionRequest): void;
}

/**
 * The metrics with only the series points from `start` on: a structured copy to the page
 * costs per point, and the page already holds the earlier ones.
 */
function newSeriesOnly(metrics: Metrics, start: number): Metrics {
  const firstS = metrics.series[0]?.startS ?? 0;
  return start <= firstS ? metrics : { ...metrics, series: metrics.series.slice(start - firstS) };
}

/**
 * Seconds of the run's series made so far: one past the last point's second (the engine
 * holds the newest seconds only, so this is not the length of `series`).
 */
function seriesEndS(metrics: Metrics): number {
  const last = metrics.series[metrics.series.length - 1];
  return last ? last.startS + 1 : 0;
}

/**
 * The run's series for the CSV export: the hours, then the minutes of the last day, then
 * the seconds of the last hour (each point's `widthS` says which), as the engine holds it.
 */
function exportedSeries(engine: Simulation): SeriesPoint[] {
  const { hours, minutes, seconds } = engine.seriesTiers();
  return [...hours, ...minutes, ...seconds];
}

/** A session that sends its events to `emit`. It starts with no engine until `load`. */
export function createSession(
  emit: (event: SessionEvent) => void,
  options: SessionOptions = { yieldBetweenChunks: null },
): Session {
  let runId = -1;
  let sim: Simulation | null = null;
  /** Design B's engine while comparing, else null. */
  let simB: Simulation | null = null;
  let logIndex = 0;
  /** Series points already sent for the run and for design B (reports carry only newer ones). */
  let seriesSent = 0;
  let seriesSentB = 0;
  let carryUs = 0;
  /** Simulated time up to which the page has been sent the delivered hops (frames carry them). */
  let hopsSentUntilUs = 0;
  /** The seek in progress, if any: a newer request bumps `seekGeneration` to cancel it. */
  let seeking: { seekId: number; targetUs: number } | null = null;
  let seekGeneration = 0;
  /** Why the last trace of a request in flight was refused, until the next trace request. */
  let traceRefusal: string | null = null;
  /**
   * A trace recorded whole by a replay (the request picked had finished): reported
   * instead of the engine's, until the next trace request or load.
   */
  let heldTrace: RequestTrace | null = null;

  function newEngine(setup: EngineSetup): Simulation {
    return createSimulation(
      { ...setup.input, faults: [] },
      { seed: setup.seed, trackMessages: true },
    );
  }

  /**
   * A new engine with the script scheduled entry by entry. Events at 0:00 run at once,
   * so a command applied before Play lands after them, where a replay schedules it.
   */
  function build(
    setup: EngineSetup,
    script: readonly SessionScriptItem[],
  ): { engine: Simulation; refused: Array<{ id: number; error: string }> } {
    const engine = newEngine(setup);
    const refused: Array<{ id: number; error: string }> = [];
    for (const entry of script) {
      const result = engine.schedule(entry.atUs, entry.command);
      if (!result.ok) refused.push({ id: entry.id, error: result.error });
    }
    engine.runUntil(0);
    return { engine, refused };
  }

  /**
   * The same run without a cancelled script entry: the commands applied so far and the
   * script's later entries are scheduled again, and the engine runs back to the current
   * time. Deterministic, so the log and counters come out as they were. (A command the
   * engine will not schedule from 0:00, such as promoting a node that is primary at the
   * start, is applied at its instant instead, as it was.)
   */
  function rebuild(
    old: Simulation,
    setup: EngineSetup,
    script: readonly SessionScriptItem[],
    /** Run on the new engine at 0:00, before anything (a replay arms a trace here). */
    atStart?: (next: Simulation) => void,
  ): Simulation {
    const nowUs = old.now();
    const next = newEngine(setup);
    atStart?.(next);
    const live: Array<{ atUs: number; run: () => void }> = [];
    for (const applied of old.appliedCommands()) {
      if (!next.schedule(applied.atUs, applied.command).ok)
        live.push({ atUs: applied.atUs, run: () => next.apply(applied.command) });
    }
    for (const entry of script) {
      if (entry.atUs > nowUs) next.schedule(entry.atUs, entry.command);
    }
    // A trace asked for is asked for again at the same instant: it follows the same request.
    const trace = old.trace();
    if (trace) {
      const { followedFromUs, requestId } = trace;
      live.push({
        atUs: trace.armedUs,
        run: () =>
          followedFromUs !== null && requestId !== null
            ? next.traceRequest(requestId)
            : next.traceNext(trace.from),
      });
    }
    live.sort((a, b) => a.atUs - b.atUs);
    for (const { atUs, run } of live) {
      next.runUntil(atUs);
      run();
    }
    next.runUntil(nowUs);
    return next;
  }

  /** The setups of the current engines (a rebuild needs them again). */
  let setupA: EngineSetup | null = null;

  /** Actions on offer for every component and link (a few dozen ids, cheap at 4 Hz). */
  function actions(engine: Simulation): Record<string, ActionType[]> {
    const byId: Record<string, ActionType[]> = {};
    for (const c of engine.components()) byId[c.id] = engine.actionsFor(c.id);
    for (const l of engine.links()) byId[l.id] = engine.actionsFor(l.id);
    return byId;
  }

  /** `delivered`: messages that ended their hop during the frame that sends this report. */
  function report(delivered?: readonly MessageView[], deliveredB?: readonly MessageView[]): void {
    if (!sim) return;
    const { entries, nextIndex } = sim.log(logIndex);
    const trace = heldTrace ?? sim.trace();
    logIndex = nextIndex;
    const metrics = sim.metrics();
    const seriesStart = Math.min(seriesSent, seriesEndS(metrics));
    seriesSent = seriesEndS(metrics);
    const metricsB = simB?.metrics();
    const seriesStartB = metricsB ? Math.min(seriesSentB, seriesEndS(metricsB)) : 0;
    if (metricsB) seriesSentB = seriesEndS(metricsB);
    // A jump (seek, step) without frames: the diagram shows the moment from the latest hops.
    const jumped = delivered === undefined && sim.now() !== hopsSentUntilUs;
    hopsSentUntilUs = sim.now();
    emit({
      type: 'report',
      runId,
      report: {
        snapshot: sim.snapshot(),
        metrics: newSeriesOnly(metrics, seriesStart),
        seriesStart,
        newLog: entries,
        appliedCommands: sim.appliedCommands(),
        settings: sim.settings(),
        actions: actions(sim),
        components: sim.components(),
        links: sim.links(),
        delivered,
        recentHops: jumped ? sim.deliveredSince(sim.now() - RECENT_HOPS_US) : undefined,
        trace,
        traceRefusal,
      },
      compare:
        simB && metricsB
          ? {
              snapshot: simB.snapshot(),
              metrics: newSeriesOnly(metricsB, seriesStartB),
              seriesStart: seriesStartB,
              settings: simB.settings(),
              delivered: deliveredB,
              recentHops: jumped ? simB.deliveredSince(simB.now() - RECENT_HOPS_US) : undefined,
            }
          : null,
    });
  }

  /** Runs both engines to `untilUs`: design B keeps in lockstep with the run. */
  function runTo(untilUs: number): void {
    if (!sim) return;
    if (untilUs > sim.now()) sim.runUntil(untilUs);
    if (simB && simB.now() < sim.now()) simB.runUntil(sim.now());
  }

  function advance(wallDeltaMs: number, speed: number, withReport: boolean): void {
    if (!sim) return;
    const step = frameAdvance(wallDeltaMs, speed, carryUs);
    carryUs = step.carryUs;
    const fromUs = sim.now();
    runTo(fromUs + step.advanceUs);
    // Hops that ended during this frame, with their real kinds (the diagram's short hops).
    const delivered = sim.now() > fromUs ? sim.deliveredSince(fromUs) : [];
    hopsSentUntilUs = sim.now();
    const deliveredB = simB && simB.now() > fromUs ? simB.deliveredSince(fromUs) : [];
    if (withReport) {
      report(delivered, deliveredB);
      return;
    }
    emit({
      type: 'frame',
      runId,
      frame: sim.snapshot(),
      delivered,
      compare: simB ? { frame: simB.snapshot(), delivered: deliveredB } : null,
    });
  }

  /**
   * Commands reach both designs: the same failure, at the same instant, on each side.
   * Design B has the same parts, but its state can differ (a node already promoted):
   * its refusal goes back with the result, so the user is told.
   */
  function apply(requestId: number, command: SessionRequest & { type: 'apply' }): void {
    if (!sim) return;
    const nowUs = sim.now();
    const atUs = command.atUs ?? nowUs;
    let result: ApplyResult;
    let resultB: ApplyResult | undefined;
    if (atUs < nowUs) {
      result = {
        ok: false,
        error: `${formatSimTime(atUs)} is in the past (the run is at ${formatSimTime(nowUs)}): choose a later time, or now`,
      };
    } else if (atUs === nowUs) {
      result = sim.apply(command.command);
      if (result.ok) resultB = simB?.apply(command.command);
    } else {
      result = sim.schedule(atUs, command.command);
      if (result.ok) resultB = simB?.schedule(atUs, command.command);
    }
    const compareError =
      resultB && !resultB.ok
        ? `Design B did not ${describeCommand(command.command)}: ${resultB.error}`
        : null;
    emit({ type: 'result', requestId, runId, result, atUs, compareError });
    if (result.ok) report();
  }

  /** The judging in progress, if any: a newer one bumps `judgeGeneration` to cancel it. */
  let judging: number | null = null;
  let judgeGeneration = 0;

  /** Stops a running judging (no verdict). */
  function cancelJudge(): void {
    if (judging === null) return;
    const judgeId = judging;
    judging = null;
    judgeGeneration++;
    emit({ type: 'judge-done', judgeId, verdict: null });
  }

  /**
   * Judges a design: refused as the page would refuse it, else every seed run in chunks
   * of JUDGE_CHUNK_S, yielding between them like a seek, so the run goes on and a
   * newer request can cancel.
   */
  function judge(judgeId: number, challengeId: string, learner: readonly LearnerSetting[]): void {
    cancelJudge();
    const challenge = CHALLENGES.find((c) => c.id === challengeId);
    const problems = challenge
      ? checkLearnerSettings(challenge, learner)
      : [`No challenge is called "${challengeId}".`];
    if (!challenge || problems.length > 0) {
      emit({ type: 'judge-done', judgeId, verdict: { ok: false, problems } });
      return;
    }
    judging = judgeId;
    const generation = ++judgeGeneration;
    const results: SeedResult[] = [];
    let seedIndex = 0;
    let seedRun = startSeedRun(challenge, learner, challenge.seeds[0]!);
    const chunk = (): void => {
      if (generation !== judgeGeneration) return;
      for (;;) {
        if (seedRun.advance(JUDGE_CHUNK_S)) {
          results.push(seedRun.result());
          seedIndex++;
          if (seedIndex >= challenge.seeds.length) {
            judging = null;
            emit({ type: 'judge-done', judgeId, verdict: { ok: true, ...verdictOf(results) } });
            return;
          }
          seedRun = startSeedRun(challenge, learner, challenge.seeds[seedIndex]!);
        }
        emit({ type: 'judge-progress', judgeId, seedIndex, doneS: seedRun.doneS });
        if (options.yieldBetweenChunks) {
          options.yieldBetweenChunks(chunk);
          return;
        }
      }
    };
    chunk();
  }

  /** Stops a running seek (it reports where it stopped). */
  function cancelSeek(): void {
    if (!seeking) return;
    const { seekId } = seeking;
    seeking = null;
    seekGeneration++;
    report();
    emit({ type: 'seek-done', runId, seekId, cancelled: true });
  }

  function seek(seekId: number, targetUs: number): void {
    cancelSeek();
    seeking = { seekId, targetUs };
    const generation = ++seekGeneration;
    const chunk = (): void => {
      // A newer request cancelled this seek while it waited.
      if (generation !== seekGeneration || !sim) return;
      for (;;) {
        const nextUs = Math.min(targetUs, sim.now() + SEEK_CHUNK_US);
        runTo(nextUs);
        if (sim.now() >= targetUs) {
          seeking = null;
          report();
          emit({ type: 'seek-done', runId, seekId, cancelled: false });
          return;
        }
        emit({ type: 'seek-progress', runId, seekId, atUs: sim.now(), targetUs });
        if (options.yieldBetweenChunks) {
          options.yieldBetweenChunks(chunk);
          return;
        }
      }
    };
    chunk();
  }

  return {
    handle(request) {
      switch (request.type) {
        case 'load': {
          cancelSeek();
          runId = request.runId;
          setupA = request.run;
          const built = build(request.run, request.script);
          sim = built.engine;
          if (built.refused.length > 0) emit({ type: 'refused', runId, refused: built.refused });
          const refusedIds = new Set(built.refused.map((r) => r.id));
          simB = request.compare
            ? build(
                request.compare,
                request.script.filter((e) => !refusedIds.has(e.id)),
              ).engine
            : null;
          logIndex = 0;
          traceRefusal = null;
          heldTrace = null;
          seriesSent = 0;
          seriesSentB = 0;
          carryUs = 0;
          hopsSentUntilUs = 0;
          report();
          return;
        }
        case 'advance':
          // While seeking, frames wait for the seek: its end reports the new instant.
          if (seeking) emit({ type: 'idle' });
          else advance(request.wallDeltaMs, request.speed, request.report);
          return;
        case 'step':
          cancelSeek();
          if (sim) runTo(sim.now() + request.durationUs);
          report();
          return;
        case 'report':
          if (!seeking) report();
          return;
        case 'apply':
          cancelSeek();
          apply(request.requestId, request);
          return;
        case 'rebuild':
          cancelSeek();
          if (!sim || !setupA) return;
          // The log up to now is the same, so the log cursor stays where it is.
          sim = rebuild(sim, setupA, request.script);
          if (simB && request.compare) simB = rebuild(simB, request.compare, request.script);
          // The same runs up to now (deterministic: only later entries changed), so the
          // seconds the page holds stand; the engines hold only the newest ones anyway.
          report();
          return;
        case 'seek':
          seek(request.seekId, request.targetUs);
          return;
        case 'cancel-seek':
          cancelSeek();
          return;
        case 'stop-compare':
          simB = null;
          return;
        case 'judge':
          judge(request.judgeId, request.challengeId, request.learner);
          return;
        case 'cancel-judge':
          cancelJudge();
          return;
        case 'series': {
          // Not cancelling a seek: an export can be asked for while one runs.
          const engine = request.design === 'run' ? sim : simB;
          emit({
            type: 'series',
            requestId: request.requestId,
            runId,
            series: engine ? exportedSeries(engine) : [],
          });
          return;
        }
        case 'trace':
          if (!sim) return;
          sim.traceNext(request.from);
          traceRefusal = null;
          heldTrace = null;
          if (!seeking) report();
          return;
        case 'trace-request': {
          if (!sim) return;
          const result = sim.traceRequest(request.request);
          traceRefusal = result.ok ? null : result.error;
          heldTrace = null;
          if (!result.ok && setupA && request.request >= 1) {
            // It finished (most dots replay a short hop slowed down, after the fact): the
            // same run replayed from 0:00, told its number, records it whole.
            sim.traceNext(null);
            const trace = rebuild(sim, setupA, [], (next) =>
              next.traceRequest(request.request),
            ).trace();
            if (trace?.status === 'done') {
              heldTrace = { ...trace, replayed: true };
              traceRefusal = null;
            }
          }
          if (!seeking) report();
          return;
        }
      }
    },
  };
}
