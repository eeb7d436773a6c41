/**
 * The compact fault form shared by the CLI's `--fault`, share links and the timeline:
 * `AT:ACTION:TARGET`, e.g. `30:kill:app-b1` (AT in seconds from the start).
 */
import type { Command } from '../sim';
import type { FaultEntry } from './scenario';

/** One accepted form, for `--list` and help text. */
export interface FaultForm {
  form: string;
  description: string;
}

export const FAULT_FORMS: readonly FaultForm[] = [
  { form: 'AT:kill:SERVER', description: 'crash the server process (connections refused at once)' },
  { form: 'AT:restore:TARGET', description: 'undo the failure of TARGET' },
];

const ACTIONS = new Set(['kill', 'restore']);

/**
 * Parses `AT:ACTION:TARGET`. Checks the shape only; whether the target exists is the
 * simulation's call (`Simulation.validate`).
 */
export function parseFaultSpec(
  spec: string,
): { fault: FaultEntry; error: null } | { fault: null; error: string } {
  const parts = spec.split(':');
  if (parts.length < 3) {
    return {
      fault: null,
      error: `fault "${spec}" must look like AT:ACTION:TARGET, e.g. 30:kill:app-b1`,
    };
  }
  const [atText, action, target, ...rest] = parts as [string, string, string, ...string[]];
  const atS = Number(atText);
  if (atText.trim() === '' || !Number.isFinite(atS) || atS < 0) {
    return {
      fault: null,
      error: `fault "${spec}": time "${atText}" must be a number of seconds >= 0`,
    };
  }
  if (!ACTIONS.has(action)) {
    return {
      fault: null,
      error: `fault "${spec}": unknown action "${action}" (known: ${[...ACTIONS].join(', ')})`,
    };
  }
  if (target === '') return { fault: null, error: `fault "${spec}": missing target` };
  if (rest.length > 0)
    return { fault: null, error: `fault "${spec}": unexpected ":${rest.join(':')}"` };
  const command: Command = { type: action as 'kill' | 'restore', target };
  return { fault: { atS, command }, error: null };
}

/** The compact form of a fault entry, or null for commands that have none (settings). */
export function formatFaultSpec(fault: FaultEntry): string | null {
  const { command } = fault;
  const at = Number(fault.atS.toFixed(6)).toString();
  switch (command.type) {
    case 'kill':
    case 'restore':
      return `${at}:${command.type}:${command.target}`;
    default:
      return null;
  }
}
