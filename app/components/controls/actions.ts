/**
 * From an action spec and a target to a command record, and the rows of a part's
 * action menu. Actions that need a number (a slowdown factor, a flap period, added
 * latency, a loss or error rate) take it from the menu, starting at a default chosen to
 * be visible within a minute of simulated time, inside the range the engine accepts
 * (simulation.ts `validate`; a test checks the two agree). The engine validates every
 * command it is given.
 */
import { ACTION_SPECS, type ActionSpec, type Command, type TargetKind } from '../../sim';

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
    label: 'Slowdown factor',
    unit: '×',
    default: 10,
    min: 1,
    max: 1000,
    step: 1,
  },
  flap: {
    field: 'periodS',
    label: 'Period',
    unit: 's',
    default: 20,
    min: 0.1,
    max: 3600,
    step: 1,
  },
  latency: {
    field: 'addedMs',
    label: 'Added latency',
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
    default: 100,
    min: 0,
    max: 100,
    step: 1,
  },
};

/** Whether `text` is a number inside the parameter's range. */
export function parameterValid(parameter: ActionParameter, text: string): boolean {
  const value = Number(text);
  return (
    text.trim() !== '' && Number.isFinite(value) && value >= parameter.min && value <= parameter.max
  );
}

/** The sentence shown under an invalid number. */
export function parameterHint(parameter: ActionParameter): string {
  return `${parameter.label}: a number from ${parameter.min} to ${parameter.max} ${parameter.unit}`;
}

/** The command an action applies to `target`, with `value` for actions that take one. */
export function actionCommand(
  type: string,
  target: string,
  value?: number,
  options: { oneWay?: boolean } = {},
): Command {
  const record: Record<string, unknown> = { type, target };
  if (type === 'cut') record.oneWay = options.oneWay ?? false;
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

/** One row of an action menu: a button named by its verb, maybe with a number. */
export interface MenuEntry {
  /** Unique within the menu. */
  key: string;
  spec: ActionSpec;
  /** The button's name. */
  verb: string;
  description: string;
  parameter: ActionParameter | undefined;
  /** The command's target: a one-way cut back goes from the link's end to its start. */
  target: string;
  oneWay: boolean;
}

/** The ends and cut directions of a link, for its one-way cuts. */
export interface LinkEnds {
  from: string;
  to: string;
  cutForward: boolean;
  cutBackward: boolean;
}

/**
 * The rows of a part's menu: exactly the actions the engine offers now (`available`,
 * from actionsFor), in ACTION_SPECS order. On a link, Cut comes as both directions,
 * one way (FROM to TO) and one way back (TO to FROM), each while that direction is
 * still open.
 */
export function menuEntries(
  targetId: string,
  kind: TargetKind | null,
  available: readonly string[],
  link?: LinkEnds,
): MenuEntry[] {
  const entries: MenuEntry[] = [];
  for (const spec of ACTION_SPECS) {
    if (kind === null || !spec.kinds.includes(kind) || !available.includes(spec.type)) continue;
    const base = {
      spec,
      verb: spec.verb,
      description: spec.description,
      parameter: ACTION_PARAMETERS[spec.type],
      target: targetId,
      oneWay: false,
    };
    if (spec.type !== 'cut' || !link) {
      entries.push({ ...base, key: spec.type });
      continue;
    }
    entries.push({
      ...base,
      key: 'cut',
      description: 'Network partition: every message on the link is lost, both directions.',
    });
    if (!link.cutForward) {
      entries.push({
        ...base,
        key: 'cut-one-way',
        verb: 'Cut one way',
        description: `Only messages from ${link.from} to ${link.to} are lost; the other direction still works.`,
        oneWay: true,
      });
    }
    if (!link.cutBackward) {
      entries.push({
        ...base,
        key: 'cut-one-way-back',
        verb: 'Cut one way back',
        description: `Only messages from ${link.to} back to ${link.from} are lost: work still arrives, its answers never return.`,
        target: `${link.to}->${link.from}`,
        oneWay: true,
      });
    }
  }
  return entries;
}
