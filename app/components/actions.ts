/**
 * From an action spec and a target to a command record. Actions that need a number
 * (a slowdown factor, a flap period, added latency, a loss or error rate) take it
 * from the menu, starting at a default chosen to be visible within a minute of
 * simulated time. The engine validates every command it is given.
 */
import type { Command } from '../sim';

/** The number an action takes: the command field, its label, unit and bounds. */
export interface ActionParameter {
  field: string;
  /** The word standing for the number in the action's description, e.g. FACTOR. */
  placeholder?: string;
  label: string;
  unit: string;
  default: number;
  min: number;
  max: number;
  step: number;
}

/** Parameters by action type (ranges as the engine checks them). */
export const ACTION_PARAMETERS: Readonly<Record<string, ActionParameter>> = {
  slow: {
    field: 'factor',
    placeholder: 'FACTOR',
    label: 'Slowdown',
    unit: '×',
    default: 10,
    min: 1,
    max: 1000,
    step: 1,
  },
  flap: { field: 'periodS', label: 'Period', unit: 's', default: 20, min: 0.1, max: 3600, step: 1 },
  latency: {
    field: 'addedMs',
    label: 'Added',
    unit: 'ms',
    default: 200,
    min: 0,
    max: 60000,
    step: 10,
  },
  loss: { field: 'percent', label: 'Loss', unit: '%', default: 20, min: 0, max: 100, step: 1 },
  errors: {
    field: 'percent',
    placeholder: 'PERCENT',
    label: 'Errors',
    unit: '%',
    default: 50,
    min: 0,
    max: 100,
    step: 1,
  },
};

/** Fields some actions always carry (the menu's Cut cuts both directions). */
const FIXED_FIELDS: Readonly<Record<string, Record<string, unknown>>> = {
  cut: { oneWay: false },
};

/** The command an action applies to `target`, with `value` for actions that take one. */
export function actionCommand(type: string, target: string, value?: number): Command {
  const record: Record<string, unknown> = { type, target, ...FIXED_FIELDS[type] };
  const parameter = ACTION_PARAMETERS[type];
  if (parameter) record[parameter.field] = value ?? parameter.default;
  // The record's shape follows the spec table; the engine checks it on apply.
  return record as unknown as Command;
}

/** An action's description with its number filled in ("takes 10 times longer"). */
export function actionDescription(type: string, description: string, value: string): string {
  const parameter = ACTION_PARAMETERS[type];
  if (!parameter?.placeholder) return description;
  const shown = parameter.unit === '%' ? `${value}%` : value;
  return description.split(parameter.placeholder).join(shown);
}
