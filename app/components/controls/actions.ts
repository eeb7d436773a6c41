/**
 * From an action spec and a target to a command record, and the rows of a part's
 * action menu. Actions that need a number (a slowdown factor, a flap period, added
 * latency, a loss or error rate) take it from the menu, starting at its default, inside
 * the range the engine accepts: both come from the command registry (app/sim/commands),
 * so they cannot drift apart. The engine validates every command it is given.
 */
import {
  ACTION_SPECS,
  COMMAND_SPECS,
  commandSpec,
  type ActionSpec,
  type Command,
  type CommandParameter,
  type TargetKind,
} from '../../sim';

/** The number an action takes: the command field, its label, unit and bounds. */
export type ActionParameter = CommandParameter;

/** Parameters by command type, from the registry (ranges as the engine checks them). */
export const ACTION_PARAMETERS: Readonly<Record<string, ActionParameter>> = Object.fromEntries(
  COMMAND_SPECS.flatMap((spec) => (spec.parameter ? [[spec.type, spec.parameter]] : [])),
);

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

/**
 * The command an action applies to `target`, with `value` for actions that take one
 * (its default otherwise) and `options` setting the command's own fields (a variant's,
 * such as `oneWay`). A command without a target (the arrival rate) ignores `target`.
 */
export function actionCommand(
  type: string,
  target: string,
  value?: number,
  options: Readonly<Record<string, unknown>> & { oneWay?: boolean } = {},
): Command {
  const spec = commandSpec(type);
  const record: Record<string, unknown> =
    spec?.targets === 'none' ? { type } : { type, target, ...spec?.fields };
  for (const [field, given] of Object.entries(options)) {
    if (given !== undefined && field in record) record[field] = given;
  }
  const parameter = spec?.parameter;
  if (parameter) record[parameter.field] = value ?? parameter.default;
  // The record's shape follows the registry; the engine checks it on apply.
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
    // A command with a one-way variant (cut) comes, on a link, as both directions,
    // one way (FROM to TO) and one way back (TO to FROM), each while that way is open.
    const oneWay = commandSpec(spec.type)?.variants?.find((v) => v.fields.oneWay === true);
    if (!oneWay || !link) {
      entries.push({ ...base, key: spec.type });
      continue;
    }
    entries.push({
      ...base,
      key: spec.type,
      description: 'Network partition: every message on the link is lost, both directions.',
    });
    if (!link.cutForward) {
      entries.push({
        ...base,
        key: `${spec.type}-one-way`,
        verb: oneWay.verb,
        description: `Only messages from ${link.from} to ${link.to} are lost; the other direction still works.`,
        oneWay: true,
      });
    }
    if (!link.cutBackward) {
      entries.push({
        ...base,
        key: `${spec.type}-one-way-back`,
        verb: `${oneWay.verb} back`,
        description: `Only messages from ${link.to} back to ${link.from} are lost: work still arrives, its answers never return.`,
        target: `${link.to}->${link.from}`,
        oneWay: true,
      });
    }
  }
  return entries;
}
