/**
 * The shape of one setting's declaration. Each mechanism's file (healthChecks.ts,
 * breaker.ts, ...) declares its settings once in this shape; the engine's defaults,
 * validation, the settings panels, share links, the CLI's `--list` and the docs read it.
 * What real systems use for each is in realWorld.ts (keyed by path, typed to be complete).
 */

/** Where docs/reference.md says what a real system does: `docs/reference.md#<heading slug>`. */
export type ReferenceSource = `docs/reference.md#${string}`;

/**
 * What a real system uses for a setting, as data (never prose to parse): `{ system:
 * 'AWS ALB', value: 30000, source: 'docs/reference.md#aws-alb-health-checks' }`.
 */
export interface RealWorldDefault {
  /** The real system or source, e.g. `AWS ALB`, `resilience4j`, `Google SRE`. */
  system: string;
  /**
   * Its value in the setting's own unit (for a choice setting, one of the choices), or
   * null when it has no default to compare with (you choose it, or it is a different
   * kind of number); `note` then says what it does instead.
   */
  value: number | string | null;
  /** What the value needs to be read right, e.g. `fast checks: 10000 ms`. */
  note?: string;
  /** The section of docs/reference.md that says so, with its source. */
  source: ReferenceSource;
}

interface SettingSpecBase {
  /** Dotted path, e.g. `healthCheck.intervalMs`: the key in share links, `--set` and files. */
  path: string;
  /** Readable name, also the field's accessible name, e.g. `Health-check interval`. */
  label: string;
  /** One or two sentences: what the setting does. */
  description: string;
}

export interface NumberSettingSpec extends SettingSpecBase {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  /** Whole numbers only. */
  integer?: boolean;
  unit?: string;
}

export interface ChoiceSettingSpec extends SettingSpecBase {
  kind: 'choice';
  default: string;
  choices: readonly string[];
}

export type SettingSpec = NumberSettingSpec | ChoiceSettingSpec;

/**
 * The specs of one group of `Settings`: a path must name a field of `Group` (so a typo in
 * a path fails to compile).
 */
export type SettingSpecOf<Prefix extends string, Group> = SettingSpec & {
  path: `${Prefix}.${keyof Group & string}`;
};
