/**
 * Fuzzing scenario files, as data and as text: built-in scenarios with random nulls,
 * huge numbers, wrong types and missing fields, and JSON text with random edits and a
 * byte order mark. Property: the file runs in the engine, or gives clear one-line
 * sentences naming the field; never a throw or a hang. Fixed seeds and run counts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { usFromS } from '../sim';
import { createSimulation } from '../sim/runtime';
import { BUILTIN_SCENARIOS } from './builtin';
import { expectClearMessage, FUZZ_RUN_S } from './fuzzSupport';
import { parseJsonText } from './jsonText';
import { parseScenario, simulationInput } from './scenario';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Paths to every value inside `value` (the root is []). */
function pathsOf(value: Json, path: Array<string | number> = []): Array<Array<string | number>> {
  const paths = [path];
  if (Array.isArray(value)) value.forEach((v, i) => paths.push(...pathsOf(v, [...path, i])));
  else if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) paths.push(...pathsOf(v, [...path, key]));
  }
  return paths;
}

/** `root` with the value at `path` replaced (or removed, for `undefined`). */
function withValueAt(root: Json, path: Array<string | number>, value: Json | undefined): Json {
  if (path.length === 0) return value === undefined ? null : value;
  const [head, ...rest] = path;
  if (Array.isArray(root)) {
    const copy = [...root];
    if (rest.length === 0 && value === undefined) copy.splice(head as number, 1);
    else copy[head as number] = withValueAt(copy[head as number]!, rest, value);
    return copy;
  }
  const record = { ...(root as Record<string, Json>) };
  if (rest.length === 0 && value === undefined) delete record[head as string];
  else record[head as string] = withValueAt(record[head as string]!, rest, value);
  return record;
}

/** A replacement value: nulls, huge and negative numbers, wrong types, or removal. */
const REPLACEMENT: fc.Arbitrary<Json | undefined> = fc.oneof(
  fc.constantFrom<Json | undefined>(
    null,
    undefined,
    1e308,
    -1e308,
    -1,
    0,
    0.5,
    4294967296,
    5e-324,
    '',
    'x',
    'app-a1',
    true,
    [],
    {},
  ),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Json>,
);

/** A built-in scenario as JSON with a few random mutations. */
const MUTATED_SCENARIO = fc
  .tuple(
    fc.constantFrom(...BUILTIN_SCENARIOS),
    fc.array(fc.tuple(fc.nat(), REPLACEMENT), { minLength: 1, maxLength: 3 }),
  )
  .map(([scenario, mutations]) => {
    let data = JSON.parse(JSON.stringify(scenario)) as Json;
    for (const [pick, value] of mutations) {
      const paths = pathsOf(data);
      data = withValueAt(data, paths[pick % paths.length]!, value);
    }
    return data;
  });

describe('fuzz: scenario files', () => {
  it('either run in the engine or give clear sentences naming the field', () => {
    fc.assert(
      fc.property(MUTATED_SCENARIO, (data) => {
        const parsed = parseScenario(data);
        if (parsed.scenario === null) {
          expect(parsed.errors.length).toBeGreaterThan(0);
          for (const error of parsed.errors) expectClearMessage(error);
          return;
        }
        const sim = createSimulation(simulationInput(parsed.scenario), {
          seed: parsed.scenario.seed,
          trackMessages: false,
        });
        sim.runUntil(usFromS(FUZZ_RUN_S));
      }),
      { seed: 12, numRuns: 300 },
    );
  });

  it('as text: JSON errors name a line and column, and a byte order mark is accepted', () => {
    const text = fc
      .tuple(
        fc.constantFrom(...BUILTIN_SCENARIOS),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 3 }), fc.string({ maxLength: 3 })), {
          maxLength: 3,
        }),
        fc.boolean(),
      )
      .map(([scenario, edits, bom]) => {
        let body = JSON.stringify(scenario, null, 2);
        for (const [at, remove, insert] of edits) {
          const i = at % (body.length + 1);
          body = body.slice(0, i) + insert + body.slice(i + remove);
        }
        return { body, text: bom ? `\uFEFF${body}` : body };
      });
    fc.assert(
      fc.property(text, ({ body, text }) => {
        const parsed = parseJsonText(text);
        let valid = true;
        try {
          JSON.parse(body);
        } catch {
          valid = false;
        }
        if (valid) {
          expect(parsed.error).toBeNull();
          const scenario = parseScenario(parsed.data);
          for (const error of scenario.errors) expectClearMessage(error);
        } else {
          expect(parsed.error).toMatch(
            /^not valid JSON( at line \d+, column \d+: [^\n]+|: the text is empty)$/,
          );
        }
      }),
      { seed: 13, numRuns: 300 },
    );
  });
});
