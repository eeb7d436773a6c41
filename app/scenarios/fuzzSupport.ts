/**
 * Shared pieces of the fuzz suites (test-only): arbitraries drawn from the real
 * vocabulary (setting paths, fault actions, component ids) mixed with garbage, and the
 * check that a message is clear.
 */
import fc from 'fast-check';
import { expect } from 'vitest';
import { SETTING_SPECS, type SettingSpec } from '../sim';
import { createSimulation } from '../sim/runtime';
import { BUILTIN_SCENARIOS } from './builtin';
import { FAULT_FORMS } from './faultSpec';
import { simulationInput } from './scenario';

/** Simulated time each accepted input is run for: enough to start every mechanism. */
export const FUZZ_RUN_S = 0.5;

/** A message is one line and carries no stack frame. */
export function expectClearMessage(message: unknown): void {
  expect(typeof message).toBe('string');
  expect(message).not.toMatch(
    /\n|\(\S*[/\\]\S*:\d+:\d+\)|TypeError|ReferenceError|RangeError|Cannot read|undefined \(reading/,
  );
  expect((message as string).length).toBeGreaterThan(0);
}

export const GARBAGE = fc.oneof(
  fc.string({ maxLength: 10 }),
  fc.constantFrom(
    '',
    ' ',
    '%',
    '%ZZ',
    '%E0%A4%A',
    '1e308',
    '-1e308',
    '-1',
    'NaN',
    'Infinity',
    'null',
    '__proto__',
    'constructor',
    '0x10',
    ',',
    '=',
    ':',
    '->',
  ),
);

export const NUMBER_TEXT = fc.oneof(
  fc.integer({ min: -10, max: 100_000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.constantFrom('1e308', '-1e308', '4294967296', '4294967295', '0.5', '1e-320', '-0'),
);

/** A value for a setting: often in range (so rules between settings get exercised). */
function settingValue(spec: SettingSpec): fc.Arbitrary<string> {
  if (spec.kind === 'choice') return fc.oneof(fc.constantFrom(...spec.choices), GARBAGE);
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(spec.min, spec.max, spec.default).map(String) },
    {
      weight: 3,
      arbitrary: (spec.integer
        ? fc.integer({ min: spec.min, max: spec.max })
        : fc.double({ min: spec.min, max: spec.max, noNaN: true })
      ).map(String),
    },
    { weight: 1, arbitrary: NUMBER_TEXT },
    { weight: 1, arbitrary: GARBAGE },
  );
}

/** The database settings with rules between them come up more often. */
const CROSS_FIELD = SETTING_SPECS.filter((s) =>
  /quorum|loopWait|retryTimeout|leaseTtl|replicationMode|conflictMode/.test(s.path),
);

export const SETTING_ITEM = fc
  .oneof(fc.constantFrom(...SETTING_SPECS), fc.constantFrom(...CROSS_FIELD))
  .chain((spec) => settingValue(spec).map((value) => `${spec.path}=${value}`));

/** Every id and link id of every built-in scenario (real fault targets). */
const TARGETS = [
  ...new Set(
    BUILTIN_SCENARIOS.flatMap((scenario) => {
      const sim = createSimulation(simulationInput(scenario), { seed: 1, trackMessages: false });
      return [...sim.components().map((c) => c.id), ...sim.links().map((l) => l.id)];
    }),
  ),
];
const ACTIONS = [...new Set(FAULT_FORMS.map((f) => f.form.split(':')[1]!)), 'cut-oneway'];

export const FAULT_ITEM = fc
  .tuple(
    fc.oneof(fc.integer({ min: 0, max: 200 }).map(String), NUMBER_TEXT, GARBAGE),
    fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...ACTIONS) },
      { weight: 1, arbitrary: GARBAGE },
    ),
    fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...TARGETS) },
      { weight: 2, arbitrary: SETTING_ITEM },
      { weight: 1, arbitrary: NUMBER_TEXT },
      { weight: 1, arbitrary: GARBAGE },
    ),
    fc.option(
      fc.oneof(
        fc.constantFrom(
          'x10',
          'x0',
          'x1e308',
          '20%',
          '150%',
          '+200ms',
          '+1e308ms',
          '2',
          '0.1',
          '20',
        ),
        NUMBER_TEXT,
        GARBAGE,
      ),
      { nil: undefined },
    ),
  )
  .map(([at, action, target, arg]) =>
    arg === undefined ? `${at}:${action}:${target}` : `${at}:${action}:${target}:${arg}`,
  );

/** A list parameter: items encoded as a link would, or now and then raw. */
const listOf = (item: fc.Arbitrary<string>) =>
  fc
    .array(fc.tuple(item, fc.boolean()), { maxLength: 5 })
    .map((items) => items.map(([text, raw]) => (raw ? text : encodeURIComponent(text))).join(','));

export const SHARE_HASH = fc
  .record(
    {
      scenario: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...BUILTIN_SCENARIOS.map((s) => s.name)) },
        { weight: 1, arbitrary: GARBAGE },
      ),
      seed: fc.oneof(fc.nat().map(String), NUMBER_TEXT, GARBAGE),
      settings: listOf(
        fc.oneof({ weight: 5, arbitrary: SETTING_ITEM }, { weight: 1, arbitrary: GARBAGE }),
      ),
      faults: listOf(FAULT_ITEM),
      compare: listOf(
        fc.oneof({ weight: 5, arbitrary: SETTING_ITEM }, { weight: 1, arbitrary: GARBAGE }),
      ),
      other: fc.tuple(GARBAGE, GARBAGE).map(([k, v]) => `${encodeURIComponent(k)}=${v}`),
    },
    { requiredKeys: [] },
  )
  .map((parts) =>
    Object.entries(parts)
      .map(([key, value]) => (key === 'other' ? value : `${key}=${value}`))
      .join('&'),
  );
