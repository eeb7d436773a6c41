/**
 * Chaos mode in the engine: each component's failures (from `failureProcess.ts`) become
 * commands applied through the one command path, so the event log, the fault list and
 * the counters show them exactly as they show a fault you clicked; a repair is a
 * `restore`. Off (the default) it schedules nothing and draws nothing.
 */
import { CALLBACK } from '../engine/types';
import type { World } from '../engine/world';
import { describeCommand, type Command } from '../commands';
import type { Events } from '../engine/events';
import type { LogWriter } from '../output/logWriter';
import type { CommandApplier } from '../commands/apply';
import type { Validation } from '../commands/engineChecks';
import {
  chaosComponents,
  failureStream,
  type ChaosComponent,
  type FailureMode,
} from './failureProcess';

/** What createChaos needs from the engine's other parts. */
export interface ChaosDeps {
  events: Pick<Events, 'pushAt'>;
  logWriter: Pick<LogWriter, 'log'>;
  /** Applies a command as the user's would be (logged, recorded). */
  commandApplier: Pick<CommandApplier, 'execute'>;
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

export function createChaos(w: World, deps: ChaosDeps) {
  const { pushAt } = deps.events;
  const { log } = deps.logWriter;
  const { execute } = deps.commandApplier;
  const { validate } = deps.validation;

  /** Starts every component's failure process (when chaos mode is on at the start). */
  const start = (): void => {
    if (w.settings.chaos.mode !== 'on') return;
    for (const component of chaosComponents(w.topology, w.settings.chaos)) {
      const next = failureStream(w.seed, component);
      const failLater = (): void => {
        const draw = next();
        pushAt(CALLBACK, draw.upUs).fn = () => {
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
          pushAt(CALLBACK, draw.repairUs).fn = () => {
            // A lost disk is rebuilt by the database itself; the rest is undone by a restore.
            if (problem === null && draw.mode.kind !== 'disk') {
              execute({ type: 'restore', target: component.id });
            }
            failLater();
          };
        };
      };
      failLater();
    }
  };

  return { start };
}

export type Chaos = ReturnType<typeof createChaos>;
