/**
 * The compact fault form shared by the CLI's `--fault`, share links and the timeline:
 * `AT:ACTION:TARGET[:ARG]`, e.g. `30:kill:app-b1`, `45:slow:app-a1:x10` (AT in seconds
 * from the start).
 */
import {
  COMMAND_SPECS,
  commandSpec,
  parameterRange,
  type Command,
  type CommandParameter,
  type CommandSpec,
} from '../sim';
import { RUN_DURATION_S_MAX, type FaultEntry } from './scenario';

/** One accepted form, for `--list` and help text. */
export interface FaultForm {
  form: string;
  description: string;
}

/** How the script writes a parameter's number: `x10`, `+200ms`, `20%`. */
function numberText(parameter: CommandParameter, value: number): string {
  return `${parameter.script.prefix ?? ''}${value}${parameter.script.suffix ?? ''}`;
}

/** Every way to write a command, from the command registry (one line per form). */
export const FAULT_FORMS: readonly FaultForm[] = COMMAND_SPECS.flatMap((spec) =>
  spec.script.map((form) => {
    const parameter = spec.parameter;
    const argument =
      form.argument ?? (parameter ? numberText(parameter, parameter.script.example) : undefined);
    const parts = ['AT', form.action ?? spec.type, form.target, argument];
    return {
      form: parts.filter((part) => part !== undefined).join(':'),
      description: form.description,
    };
  }),
);

/** The script's action words: each command type and each variant (`cut-oneway`). */
export const FAULT_ACTIONS: readonly string[] = COMMAND_SPECS.flatMap((spec) => [
  spec.type,
  ...(spec.variants ?? []).map((variant) => variant.id),
]);

/** The command and fixed fields an action word stands for. */
function actionOf(
  action: string,
): { spec: CommandSpec; fields: Readonly<Record<string, unknown>> } | null {
  for (const spec of COMMAND_SPECS) {
    if (spec.type === action) return { spec, fields: spec.fields ?? {} };
    const variant = spec.variants?.find((v) => v.id === action);
    if (variant) return { spec, fields: { ...spec.fields, ...variant.fields } };
  }
  return null;
}

type Parsed = { fault: FaultEntry; error: null } | { fault: null; error: string };

const fail = (spec: string, why: string): Parsed => ({
  fault: null,
  error: `fault "${spec}": ${why}`,
});

const escaped = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Reads a parameter's number, its prefix and suffixes optional (`x10` or `10`,
 * `+200ms` or `200`), or null when the text is not a plain non-negative number.
 */
function readNumber(parameter: CommandParameter, text: string | undefined): number | null {
  if (text === undefined) return null;
  const { prefix, suffix, readSuffixes = [] } = parameter.script;
  const suffixes = [suffix, ...readSuffixes].filter((s): s is string => s !== undefined);
  let core = text.trim();
  if (prefix) core = core.replace(new RegExp(`^${escaped(prefix)}`, 'i'), '');
  for (const s of suffixes) {
    const trimmed = core.replace(new RegExp(`${escaped(s)}$`, 'i'), '');
    if (trimmed !== core) {
      core = trimmed;
      break;
    }
  }
  if (core === '' || !/^\d+(\.\d+)?$/.test(core)) return null;
  return Number(core);
}

/** The sentence for a number out of its range: the command, the text, the range. */
function numberProblem(spec: CommandSpec, parameter: CommandParameter, text: string): string {
  const what = parameter.unit === '%' ? 'a percentage' : 'a number';
  const example = numberText(parameter, parameter.script.example);
  return `${spec.type} "${text}" must be ${what} ${parameterRange(parameter)} (${parameter.name}), e.g. ${example}`;
}

/**
 * Parses `AT:ACTION:TARGET[:ARG]`. Checks the shape and the argument's range; whether
 * the target exists is for `validateCommand`, with the run's topology and settings.
 */
export function parseFaultSpec(spec: string): Parsed {
  const parts = spec.split(':');
  const [atText, action, target, arg, ...rest] = parts;
  if (atText === undefined || action === undefined || action === '') {
    return fail(spec, 'must look like AT:ACTION:TARGET, e.g. 30:kill:app-b1');
  }
  const atS = Number(atText);
  if (atText.trim() === '' || !Number.isFinite(atS) || atS < 0 || atS > RUN_DURATION_S_MAX) {
    return fail(
      spec,
      `time "${atText}" must be a number of seconds from 0 to ${RUN_DURATION_S_MAX} (a week)`,
    );
  }
  if (rest.length > 0) return fail(spec, `unexpected ":${rest.join(':')}"`);
  const found = actionOf(action);
  if (!found) {
    return fail(spec, `unknown action "${action}" (known: ${FAULT_ACTIONS.join(', ')})`);
  }
  const { spec: command, fields } = found;
  const parameter = command.parameter;
  const record: Record<string, unknown> = { type: command.type };
  if (command.scriptTarget) {
    const read = command.scriptTarget.read(target ?? '');
    if ('error' in read) return fail(spec, String(read.error));
    Object.assign(record, read);
  } else if (command.targets !== 'none') {
    if (target === undefined || target === '') return fail(spec, 'missing target');
    const onLinks = command.targets.length === 1 && command.targets[0] === 'link';
    if (onLinks && !target.includes('->'))
      return fail(spec, `"${target}" must be a link FROM->TO, e.g. lb-1->app-a1`);
    record.target = target;
  }
  Object.assign(record, fields);
  // A command without a target (the arrival rate) takes its number in the target slot.
  const argText = command.targets === 'none' ? target : arg;
  const extra = command.targets === 'none' || !parameter ? arg : undefined;
  if (extra !== undefined) return fail(spec, `unexpected ":${extra}"`);
  if (parameter) {
    const value = readNumber(parameter, argText);
    if (value === null || value < parameter.min || value > parameter.max) {
      return fail(spec, numberProblem(command, parameter, argText ?? ''));
    }
    record[parameter.field] = value;
  }
  return { fault: { atS, command: record as unknown as Command }, error: null };
}

/** The compact form of a fault entry, the inverse of `parseFaultSpec`. */
export function formatFaultSpec(fault: FaultEntry): string {
  const { command } = fault;
  const at = Number(fault.atS.toFixed(6)).toString();
  const spec = commandSpec(command.type);
  const record = command as unknown as Record<string, unknown>;
  if (!spec) return `${at}:${command.type}`;
  const variant = spec.variants?.find((v) =>
    Object.entries(v.fields).every(([key, value]) => record[key] === value),
  );
  const parts = [at, variant?.id ?? spec.type];
  if (spec.scriptTarget) parts.push(spec.scriptTarget.write(command));
  else if (spec.targets !== 'none') parts.push(String(record.target));
  if (spec.parameter)
    parts.push(numberText(spec.parameter, record[spec.parameter.field] as number));
  return parts.join(':');
}
