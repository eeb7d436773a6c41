/**
 * The timeline's "Add fault" form as data: which actions it offers (every action of
 * ACTION_SPECS, "cut one way", an arrival-rate change and a setting change), which
 * targets each accepts (by kind, from the run's components and links), what argument
 * it needs, and how typed text becomes a command and a time. The engine still checks
 * every command it is given.
 */
import {
  ACTION_SPECS,
  settingSpec,
  SETTING_SPECS,
  US_PER_S,
  validateSetting,
  type ActionSpec,
  type Command,
  type ComponentInfo,
  type LinkInfo,
  type SettingSpec,
  type TargetKind,
} from '../../sim';
import { ACTION_PARAMETERS, actionCommand, type ActionParameter } from './actions';

/** One entry of the form's action list. */
export interface FormAction {
  /** Value of the option: the command type, or `cut-oneway`. */
  id: string;
  label: string;
  description: string;
  /** What the target list holds: parts of these kinds, settings, or nothing. */
  targets: readonly TargetKind[] | 'setting' | 'none';
  /** The number the action takes, if any. */
  parameter: ActionParameter | null;
}

/** The arrival rate's range as the engine checks it (and its settings row). */
const RATE_PARAMETER: ActionParameter = {
  field: 'perS',
  label: 'Arrival rate',
  unit: 'req/s',
  default: 500,
  min: 1,
  max: 5000,
  step: 10,
};

const fromSpec = (spec: ActionSpec, id: string = spec.type, label = spec.verb): FormAction => ({
  id,
  label,
  description: spec.description,
  targets: spec.kinds,
  parameter: ACTION_PARAMETERS[spec.type] ?? null,
});

/** Every action the form offers, in menu order. */
export const FORM_ACTIONS: readonly FormAction[] = [
  ...ACTION_SPECS.flatMap((spec) =>
    spec.type === 'cut'
      ? [
          fromSpec(spec),
          {
            ...fromSpec(spec, 'cut-oneway', 'Cut one way'),
            description: 'Network partition in one direction: messages from FROM to TO are lost.',
          },
        ]
      : [fromSpec(spec)],
  ),
  {
    id: 'rate',
    label: 'Change arrival rate',
    description: 'Users send this many requests per second from then on (a spike or a lull).',
    targets: 'none',
    parameter: RATE_PARAMETER,
  },
  {
    id: 'set',
    label: 'Change a setting',
    description: 'Any setting of the Settings panel, changed at that moment.',
    targets: 'setting',
    parameter: null,
  },
];

export function formAction(id: string): FormAction {
  return FORM_ACTIONS.find((a) => a.id === id) ?? FORM_ACTIONS[0]!;
}

/** A choice of the target list. */
export interface TargetOption {
  value: string;
  label: string;
}

/** Targets an action accepts in this run: parts of its kinds, or settings. */
export function targetOptions(
  action: FormAction,
  components: readonly ComponentInfo[],
  links: readonly LinkInfo[],
): TargetOption[] {
  if (action.targets === 'none') return [];
  if (action.targets === 'setting') {
    return SETTING_SPECS.map((spec) => ({ value: spec.path, label: spec.path }));
  }
  const kinds = new Set<string>(action.targets);
  const parts = components
    .filter((c) => kinds.has(c.kind))
    .map((c) => ({ value: c.id, label: `${c.kind} ${c.id}` }));
  const paths = kinds.has('link') ? links.map((l) => ({ value: l.id, label: `link ${l.id}` })) : [];
  return [...parts, ...paths];
}

/** The setting a `set` targets, for its value field. */
export function settingOf(path: string): SettingSpec | undefined {
  return settingSpec(path);
}

/**
 * Parses the form's time: `now` (or nothing) is null; otherwise seconds (`90`, `90.5`,
 * `90s`) or minutes and seconds (`1:30`, `1:30.25`), kept to whole milliseconds like
 * every time the driver produces.
 */
export function parseTimeText(text: string): { atUs: number | null } | { error: string } {
  const t = text.trim().toLowerCase();
  if (t === '' || t === 'now') return { atUs: null };
  const clock = /^(\d+):([0-5]?\d(?:\.\d+)?)$/.exec(t);
  const plain = /^(\d+(?:\.\d+)?)\s*s?$/.exec(t);
  let seconds: number;
  if (clock) seconds = Number(clock[1]) * 60 + Number(clock[2]);
  else if (plain) seconds = Number(plain[1]);
  else {
    return {
      error: `"${text.trim()}" is not a time: type now, seconds (90) or minutes:seconds (1:30)`,
    };
  }
  return { atUs: Math.round(seconds * 1000) * (US_PER_S / 1000) };
}

/** Builds the command the form describes, or says what is missing. */
export function formCommand(
  action: FormAction,
  target: string,
  argument: string,
): { command: Command } | { error: string } {
  const parameter = action.parameter;
  let value: number | undefined;
  if (parameter) {
    value = Number(argument);
    if (
      argument.trim() === '' ||
      !Number.isFinite(value) ||
      value < parameter.min ||
      value > parameter.max
    ) {
      return {
        error: `${parameter.label} must be a number from ${parameter.min} to ${parameter.max} ${parameter.unit}`,
      };
    }
  }
  if (action.id === 'rate') return { command: { type: 'rate', perS: value! } };
  if (target === '') return { error: 'Choose a target first' };
  if (action.id === 'set') {
    const checked = validateSetting(target, argument);
    if (checked.error !== null) return { error: checked.error.replace(/ \(see --list\)$/, '') };
    return { command: { type: 'set', path: target, value: checked.value } };
  }
  const type = action.id === 'cut-oneway' ? 'cut' : action.id;
  return {
    command: actionCommand(type, target, value, { oneWay: action.id === 'cut-oneway' }),
  };
}
