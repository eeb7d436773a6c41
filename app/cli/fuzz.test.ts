/**
 * Fuzzing the CLI: argv drawn from the real flags with real and garbage values, and
 * scenario files (valid, mutated, not JSON, with a byte order mark). Property: the run
 * succeeds (exit 0) or is refused with exactly one line (exit 2); never a stack trace,
 * an internal error or a hang. Every run ends with a short `--duration` so a run stays
 * quick; a fixed seed and run count keep CI deterministic.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_SCENARIOS, DATABASE, ONE_REGION } from '../scenarios';
import {
  expectClearMessage,
  FAULT_ITEM,
  GARBAGE,
  NUMBER_TEXT,
  SETTING_ITEM,
} from '../scenarios/fuzzSupport';
import { parseArgs, UsageError } from './args';
import { runCli, type CliIo } from './cli';

/** Scenario files the fuzzed argv may name. */
const FILES: Record<string, string> = {
  'ok.json': JSON.stringify({ ...ONE_REGION, name: 'ok' }),
  'bom.json': `\uFEFF${JSON.stringify({ ...DATABASE, name: 'bom' })}`,
  'bad.json': '{\n  "name": "bad",\n  seed: 1\n}',
  'empty.json': '',
  'null-dependency.json': JSON.stringify({
    ...ONE_REGION,
    name: 'x',
    topology: { ...ONE_REGION.topology, dependency: null },
  }),
  'huge-share.json': JSON.stringify({
    ...ONE_REGION,
    name: 'x',
    topology: { ...ONE_REGION.topology, users: [{ id: 'users', region: 'eu', share: 1e308 }] },
  }),
  'cross-field.json': JSON.stringify({
    ...DATABASE,
    name: 'x',
    settings: { database: { quorumW: 3, quorumN: 2 } },
  }),
  'late-fault.json': JSON.stringify({
    ...ONE_REGION,
    name: 'x',
    faults: [{ atS: 1e308, command: { type: 'kill', target: 'app-a1' } }],
  }),
  'big-seed.json': JSON.stringify({ ...ONE_REGION, name: 'x', seed: 2 ** 32 + 1 }),
};

const FLAG_AND_VALUE = fc.oneof(
  fc
    .oneof(
      fc.constantFrom(...BUILTIN_SCENARIOS.map((s) => s.name)),
      fc.constantFrom(...Object.keys(FILES), 'missing.json'),
      GARBAGE,
    )
    .map((v) => ['--scenario', v]),
  fc.oneof(fc.nat().map(String), NUMBER_TEXT, GARBAGE).map((v) => ['--seed', v]),
  // Durations that are invalid, or valid and short: a long run would only be slow.
  fc
    .oneof(fc.constantFrom('0', '-1', '1e308', '604801', '0.2', '1'), GARBAGE)
    .map((v) => ['--duration', v]),
  FAULT_ITEM.map((v) => ['--fault', v]),
  SETTING_ITEM.map((v) => ['--set', v]),
  SETTING_ITEM.map((v) => ['--compare', v]),
  fc.constantFrom(['--list'], ['--json'], ['--help'], ['-h']),
  fc
    .oneof(GARBAGE, fc.constantFrom('--set', '--fault', '--seed=', '--json=1', '--nope'))
    .map((v) => [v]),
  fc
    .tuple(fc.constantFrom('--set', '--compare', '--seed', '--fault'), SETTING_ITEM)
    .map(([flag, v]) => [`${flag}=${v}`]),
);

const ARGV = fc
  .array(FLAG_AND_VALUE, { maxLength: 6 })
  .map((parts) => [...parts.flat(), '--duration', '0.3']);

function runCaptured(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readFile: (path) => {
      const text = FILES[path];
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
  };
  const code = runCli(argv, io);
  return { code, out, err };
}

describe('fuzz: CLI argv', () => {
  it('runs (exit 0) or prints one clear line (exit 2); never a stack trace', () => {
    let ran = 0;
    let refused = 0;
    fc.assert(
      fc.property(ARGV, (argv) => {
        const { code, out, err } = runCaptured(argv);
        if (code === 0) ran++;
        else refused++;
        if (code === 0) {
          expect(err).toEqual([]);
          expect(out.length).toBeGreaterThan(0);
        } else {
          expect(code).toBe(2);
          expect(out).toEqual([]);
          expect(err).toHaveLength(1);
          expect(err[0]).toMatch(/^nines sim: /);
          expect(err[0]).not.toContain('internal error');
          expectClearMessage(err[0]);
        }
      }),
      { seed: 21, numRuns: 200 },
    );
    // Both outcomes are exercised, so the property is about something.
    expect(ran).toBeGreaterThan(10);
    expect(refused).toBeGreaterThan(10);
  });

  it('parseArgs throws nothing but UsageError on any argv', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(GARBAGE, fc.constantFrom('--set', '--seed', '--list')), { maxLength: 8 }),
        (argv) => {
          try {
            parseArgs(argv);
          } catch (error) {
            expect(error).toBeInstanceOf(UsageError);
            expectClearMessage((error as Error).message);
          }
        },
      ),
      { seed: 22, numRuns: 300 },
    );
  });
});
