/**
 * Chaos mode in the engine: each component's failures (from `failureProcess.ts`) become
 * commands applied through the one command path, so the event log, the fault list and
 * the counters show them exactly as they show a fault you clicked; a repair is a
 * `restore`. Off (the default) it schedules nothing and draws nothing. It follows the
 * chaos settings live: turned on, off, or with a rate changed mid-run, the process
 * changes from that moment (`sync`).
 */
import { CALLBACK } from '../engine/types';
import type { World } from '../engine/world';
import { describeCommand, type Command } from '../commands';
import type { Events } from '../engine/events';
import type { LogWriter } from '../output/logWriter';
import type { CommandApplier } from '../commands/apply';
import type { Validation } from '../commands/engineChecks';
import type { Random } from '../engine/random';
import type { ChaosSettings } from '../settings';
import {
  chaosComponents,
  drawFailure,
  failureRandom,
  type ChaosComponent,
  type FailureMode,
} from './failureProcess';

/** What createChaos needs from the engine's other parts. */
export interface ChaosDeps {
  events: Pick<Events, 'pushAt'>;
  logWriter: Pick<LogWriter, 'log'>;
  /** Applies a command as the user's would be (logged, recorded). */
  commandApplier: Pick<CommandApplier, 'execute' | 'onSettingChanged'>;
  /** Whether a command can be applied now: one sentence, or null. */
  validation: Pick<Validation, 'validate'>;
}

/** The command that makes `component` fail in `mode`. */
export function failureCommand(
  component: ChaosComponent,
  mode: FailureMode,
  slowFactor: number,
): Command {
  const target = component.id;
  switch (mode.kind) {
    case 'crash':
      return { type: 'kill', target };
    case 'host':
      return { type: 'host-down', target };
    case 'slow':
      return { type: 'slow', target, factor: slowFactor };
    case 'disk':
      return { type: 'disk-fail', target };
    case 'zone':
      return { type: 'kill-zone', target };
    case 'region':
      return { type: 'kill-region', target };
    case 'link':
      return { type: 'cut', target, oneWay: false };
  }
}

const minutes = (us: number): string => {
  const min = us / 60e6;
  return min < 1
    ? `${(min * 60).toFixed(0)} s`
    : `${min < 10 ? min.toFixed(1) : min.toFixed(0)} min`;
};

/** One component's place in its failure process. */
interface ChaosTrack {
  /** The component's own seeded stream, kept for the whole run (never restarted). */
  random: Random;
  /** Bumped to forget the failure pending (chaos turned off, or its rates changed). */
  epoch: number;
  /** From a chaos failure until its repair: its repair is due whatever happens meanwhile. */
  repairing: boolean;
}

/**
 * The chaos settings that shape the failure process: all but the slow factor (read when
 * a slow episode starts), so a change of it draws nothing again.
 */
const processKey = (chaos: ChaosSettings): string => JSON.stringify({ ...chaos, slowFactor: 0 });

export function createChaos(w: World, deps: ChaosDeps) {
  const { pushAt } = deps.events;
  const { log } = deps.logWriter;
  const { execute, onSettingChanged } = deps.commandApplier;
  const { validate } = deps.validation;

  const tracks = new Map<string, ChaosTrack>();
  /** The components with their failure modes at the rates in force now. */
  let components: ChaosComponent[] = [];
  let componentById = new Map<string, ChaosComponent>();
  /** The settings the pending failures were drawn with (null: none drawn yet). */
  let drawnWith: string | null = null;

  /** Draws `component`'s next failure from now and schedules it and its repair. */
  const failLater = (component: ChaosComponent, track: ChaosTrack): void => {
    const draw = drawFailure(track.random, component.modes);
    const epoch = track.epoch;
    pushAt(CALLBACK, draw.upUs).fn = () => {
      // Forgotten: chaos was turned off, or its rates changed and a new draw replaced it.
      if (track.epoch !== epoch) return;
      const command = failureCommand(component, draw.mode, w.settings.chaos.slowFactor);
      const problem = validate(command);
      if (problem !== null) {
        log(
          'chaos',
          component.id,
          'info',
          `chaos: ${describeCommand(command)} skipped: ${problem}`,
        );
      } else {
        log(
          'chaos',
          component.id,
          'info',
          `chaos: ${describeCommand(command)} (repaired in ${minutes(draw.repairUs)})`,
        );
        execute(command);
      }
      track.repairing = true;
      pushAt(CALLBACK, draw.repairUs).fn = () => {
        // A lost disk is rebuilt by the database itself; the rest is undone by a restore.
        if (problem === null && draw.mode.kind !== 'disk') {
          execute({ type: 'restore', target: component.id });
        }
        track.repairing = false;
        // The next failure at the rates in force now, if chaos is still on.
        const now = componentById.get(component.id);
        if (w.settings.chaos.mode === 'on' && now) failLater(now, track);
      };
    };
  };

  /**
   * Brings the failure process in line with the chaos settings in force: at the start of
   * a run, and whenever a `chaos.*` setting changes (a live change or a scheduled `set`,
   * recorded like any other, so a share link or a replay repeats it). Turned on, every
   * component not under repair draws its next failure from this moment; a changed rate
   * draws the pending failures again at the new rates (up times are exponential, so
   * drawing again from now is the same process); turned off, pending failures are
   * forgotten while the ones under way are still repaired.
   */
  const sync = (): void => {
    const chaos = w.settings.chaos;
    const key = processKey(chaos);
    if (key === drawnWith) return;
    const on = chaos.mode === 'on';
    // Off from the start: nothing drawn, nothing scheduled (runs bit for bit as before).
    if (!on && drawnWith === null) return;
    drawnWith = key;
    components = chaosComponents(w.topology, chaos);
    componentById = new Map(components.map((c) => [c.id, c]));
    for (const component of components) {
      let track = tracks.get(component.id);
      if (track?.repairing) continue;
      if (track) track.epoch++;
      if (!on) continue;
      if (!track) {
        track = { random: failureRandom(w.seed, component.id), epoch: 0, repairing: false };
        tracks.set(component.id, track);
      }
      failLater(component, track);
    }
  };

  onSettingChanged((path) => {
    if (path.startsWith('chaos.')) sync();
  });

  /** Starts every component's failure process if chaos mode is on at the start. */
  const start = (): void => sync();

  return { start };
}
