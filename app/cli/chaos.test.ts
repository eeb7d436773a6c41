/** `--chaos` and `--years`: what they print, and one clear line for what they refuse. */
import { describe, expect, it } from 'vitest';
import { runCliCapturing } from './cliCapture';

const run = runCliCapturing;

describe('npm run sim --chaos', () => {
  it('runs a live run with failures from the chaos rates, shown in the fault events', () => {
    const args = ['--scenario', 'one-region', '--duration', '600', '--json'];
    const calm = JSON.parse(run([...args, '--set', 'chaos.rateMultiplier=100000']).out);
    expect(calm.settings.chaos.mode).toBe('off');
    expect(calm.events.filter((e: { type: string }) => e.type === 'chaos')).toHaveLength(0);
    for (const seed of ['1', '2', '3']) {
      const result = run([
        ...args,
        '--chaos',
        '--seed',
        seed,
        '--set',
        'chaos.rateMultiplier=100000',
      ]);
      expect(result.code).toBe(0);
      const report = JSON.parse(result.out);
      expect(report.settings.chaos.mode).toBe('on');
      // At 100,000x a server fails (crash, host, slow) about every 80 s, a link every
      // 315 s: dozens are due in 600 s, fewer seen as hours-long repairs hold a part.
      const chaos = report.events.filter((e: { type: string }) => e.type === 'chaos');
      expect(chaos.length).toBeGreaterThan(5);
      expect(report.events.some((e: { type: string }) => e.type === 'restore')).toBe(true);
    }
  }, 60_000);

  it('refuses contradictions and bad values with one line naming what is allowed', () => {
    const cases: Array<[string[], RegExp]> = [
      [['--years', '0'], /--years must be a whole number from 1 to 1000 \(got "0"\)/],
      [['--years', '1001'], /from 1 to 1000/],
      [['--years', '2.5'], /whole number/],
      [['--years', 'ten'], /whole number/],
      [['--years'], /--years needs a value/],
      [['--chaos=on'], /--chaos takes no value/],
      [['--years', '5', '--set', 'chaos.mode=off'], /--years runs chaos mode.*chaos\.mode=off/],
      [['--chaos', '--set', 'chaos.mode=off'], /--chaos runs chaos mode/],
      [['--years', '5', '--duration', '60'], /--years and --duration cannot be combined/],
      [['--years', '5', '--fault', '10:kill:app-a1'], /drop --fault/],
      [['--years', '5', '--compare', 'healthCheck.intervalMs=1000'], /--compare/],
      [['--set', 'chaos.rateMultiplier=0'], /chaos\.rateMultiplier must be between 1 and/],
    ];
    for (const [argv, message] of cases) {
      const result = run(['--scenario', 'one-region', ...argv]);
      expect(result.code, argv.join(' ')).toBe(2);
      expect(result.out).toBe('');
      expect(result.err.split('\n')).toHaveLength(1);
      expect(result.err).toMatch(message);
    }
  });
});

describe('npm run sim --chaos header', () => {
  it('says chaos mode was on, at which rates, and how many failures it drew (text and --json)', () => {
    const base = ['--scenario', 'one-region', '--duration', '120'];
    for (const seed of ['1', '2']) {
      const args = [...base, '--chaos', '--seed', seed, '--set', 'chaos.rateMultiplier=100000'];
      const json = JSON.parse(run([...args, '--json']).out);
      const drawn = json.events.filter((e: { type: string }) => e.type === 'chaos').length;
      expect(drawn).toBeGreaterThan(0);
      expect(json.chaos).toEqual({ mode: 'on', rateMultiplier: 100_000, failures: drawn });
      const header = run(args).out.split('\n')[0];
      expect(header).toContain(
        `chaos mode on (rates x100,000): ${drawn} failure${drawn === 1 ? '' : 's'}`,
      );
    }
    const calm = run([...base]);
    expect(calm.out.split('\n')[0]).not.toContain('chaos mode');
    expect(JSON.parse(run([...base, '--json']).out).chaos).toBeNull();
  }, 60_000);
});

describe('npm run sim --years', () => {
  it('prints availability per year, its spread, downtime, incidents, the formula and the gap', () => {
    const result = run(['--years', '20', '--json', '--set', 'chaos.rateMultiplier=10'], true);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out);
    expect(report.scenario).toBe('two-regions');
    expect(report.mode).toBe('fluid');
    expect(report.availabilityByYear).toHaveLength(20);
    const sorted = [...report.availabilityByYear].sort((a: number, b: number) => a - b);
    expect(report.worstYear.availability).toBe(sorted[0]);
    expect(report.percentile5).toBeLessThanOrEqual(report.percentile95);
    expect(report.formula.availability).toBeGreaterThan(0.99);
    expect(report.formula.lines.length).toBeGreaterThan(1);
    expect(report.acknowledgedWritesLost).toBeNull();
    expect(report.explanation).toMatch(/detection/);
    // Progress went to the progress channel (stderr on a terminal), year by year.
    expect(result.progress).toContain('nines sim: year 20 of 20');
    expect(result.err).toBe('');
  });

  it('prints a readable summary, the same for the same seed and not for another', () => {
    const a = run(['--years', '5', '--seed', '4']);
    const b = run(['--years', '5', '--seed', '4']);
    const c = run(['--years', '5', '--seed', '5']);
    expect(a.code).toBe(0);
    expect(a.out).toBe(b.out);
    expect(a.out).not.toBe(c.out);
    expect(a.out).toMatch(/5 simulated years of chaos mode/);
    expect(a.out).toMatch(/5th-95th percentile/);
    expect(a.out).toMatch(/formula/);
    expect(a.progress).toHaveLength(0);
  });

  it('shows expected against drawn failures by kind, and warns when the dominant kind is rare', () => {
    for (const seed of ['1', '2', '3']) {
      const json = JSON.parse(
        run(['--years', '3', '--scenario', 'one-region', '--seed', seed, '--json']).out,
      );
      const region = json.failuresByKind.find((c: { kind: string }) => c.kind === 'region');
      // One region, MTBF 10 years: 0.3 expected in 3 years.
      expect(region.parts).toBe(1);
      expect(region.expected).toBeCloseTo(0.3, 2);
      const drawn = json.failuresByKind.reduce(
        (sum: number, c: { drawn: number }) => sum + c.drawn,
        0,
      );
      expect(drawn).toBe(json.failures);
      expect(json.rareFailureWarning).toMatch(/^A region outage .*expected 0\.3 times in 3 years/);
      const text = run(['--years', '3', '--scenario', 'one-region', '--seed', seed]).out;
      expect(text).toMatch(/by kind .*region 0\.3 expected, \d+ drawn/);
      expect(text).toMatch(/warning +A region outage/);
    }
    // 40 years expect about 4 region outages: no warning.
    const long = JSON.parse(run(['--years', '40', '--scenario', 'one-region', '--json']).out);
    expect(long.rareFailureWarning).toBeNull();
  });
});
