/**
 * The CLI's `--list` and `--set` derive from SETTING_SPECS (issue 12): every listed
 * setting is a spec with its label, range, choices and real-world values, every spec is
 * listed, and `--set` accepts exactly the specs' paths.
 */
import { describe, expect, it } from 'vitest';
import { realWorldOf, realWorldText, SETTING_SPECS } from '../sim';
import { runCli, type CliIo } from './cli';

function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readFile: () => {
      throw new Error('no files');
    },
  };
  const code = runCli(['--scenario', 'database', ...argv], io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the CLI lists and sets exactly the settings of SETTING_SPECS', () => {
  it('--list --json: one entry per spec, in order, with the spec’s label, range and real values', () => {
    const { code, out } = run(['--list', '--json']);
    expect(code).toBe(0);
    const listed = JSON.parse(out).settings as Array<Record<string, unknown>>;
    expect(listed.map((s) => s.path)).toEqual(SETTING_SPECS.map((s) => s.path));
    for (const [i, spec] of SETTING_SPECS.entries()) {
      const entry = listed[i]!;
      expect(entry.label, spec.path).toBe(spec.label);
      if (spec.kind === 'number') {
        expect([entry.min, entry.max, entry.unit], spec.path).toEqual([
          spec.min,
          spec.max,
          spec.unit ?? null,
        ]);
      } else {
        expect(entry.choices, spec.path).toEqual(spec.choices);
      }
      expect(entry.realWorld, spec.path).toEqual(
        realWorldOf(spec.path).map((r) => ({ ...r, text: realWorldText(spec, r) })),
      );
    }
  });

  it('--list prints every spec’s path, label, allowed values and reference sections', () => {
    const { out } = run(['--list']);
    for (const spec of SETTING_SPECS) {
      expect(out, spec.path).toContain(`  ${spec.path} = `);
      expect(out, spec.path).toContain(`${spec.label}: ${spec.description}`);
      for (const entry of realWorldOf(spec.path)) expect(out, spec.path).toContain(entry.source);
    }
  });

  it('--set accepts every spec’s path (at its default) and refuses a path no spec has', () => {
    const sets = SETTING_SPECS.flatMap((s) => ['--set', `${s.path}=${s.default}`]);
    expect(run(['--list', '--json', ...sets]).code).toBe(0);
    const refused = run(['--list', '--set', 'healthCheck.intervalSeconds=5']);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain('unknown setting "healthCheck.intervalSeconds"');
  });
});
