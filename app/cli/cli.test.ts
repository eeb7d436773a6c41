import { describe, expect, it } from 'vitest';
import { ONE_REGION } from '../scenarios';
import { runCli, type CliIo } from './cli';

/** Runs the CLI in-process and captures what it prints. */
function run(argv: string[], files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    readFile: (path) => {
      if (!(path in files)) throw new Error(`ENOENT: no such file '${path}'`);
      return files[path]!;
    },
  };
  const code = runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('npm run sim', () => {
  it('prints the JSON fields the issue names, with counts that add up', () => {
    const { code, out } = run([
      '--json',
      '--duration',
      '60',
      '--seed',
      '3',
      '--fault',
      '20:kill:app-b1',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.seed).toBe(3);
    expect(report.durationS).toBe(60);
    const r = report.requests;
    expect(r.succeeded + r.failed + r.inFlight).toBe(r.total);
    expect(r.failedBy.refused).toBeGreaterThan(0);
    expect(report.availability).toBeCloseTo(r.succeeded / (r.succeeded + r.failed), 12);
    expect(report.latencyMs.p50).toBeGreaterThan(40); // two 20 ms user hops + service
    expect(report.latencyMs.p99).toBeGreaterThan(report.latencyMs.p50);
    // Health-check and fault lines in order; burn-rate alerts (monitoring) interleave.
    const types = report.events
      .map((e: { type: string }) => e.type)
      .filter((t: string) => !t.startsWith('alert'));
    expect(types).toEqual(['kill', 'marked-unhealthy']);
    expect(report.events[0]).toMatchObject({ atS: 20, type: 'kill', target: 'app-b1' });
  });

  it('gives the same numbers for the same seed and faults, and different ones for another seed', () => {
    const args = [
      '--json',
      '--duration',
      '40',
      '--fault',
      '10:kill:app-a1',
      '--fault',
      '25:restore:app-a1',
    ];
    const a = JSON.parse(run([...args, '--seed', '9']).out);
    const b = JSON.parse(run([...args, '--seed', '9']).out);
    const c = JSON.parse(run([...args, '--seed', '10']).out);
    expect(a).toEqual(b);
    expect(c.requests.total).not.toBe(a.requests.total);
  });

  it('--set overrides a setting and --list shows the overridden default', () => {
    const { out } = run(['--list', '--json', '--set', 'healthCheck.intervalMs=10000']);
    const list = JSON.parse(out);
    expect(
      list.settings.find((s: { path: string }) => s.path === 'healthCheck.intervalMs').default,
    ).toBe(10000);
    const report = JSON.parse(
      run(['--json', '--duration', '5', '--set', 'healthCheck.intervalMs=10000']).out,
    );
    expect(report.settings.healthCheck.intervalMs).toBe(10000);
  });

  it('--list --json names every component with kind, zone and region, and every setting', () => {
    const list = JSON.parse(run(['--list', '--json']).out);
    const servers = list.components.filter((c: { kind: string }) => c.kind === 'server');
    expect(servers.map((c: { id: string }) => c.id)).toEqual([
      'app-a1',
      'app-a2',
      'app-b1',
      'app-b2',
      'app-c1',
      'app-c2',
    ]);
    expect(servers[2]).toEqual({ id: 'app-b1', kind: 'server', zone: 'eu-b', region: 'eu' });
    for (const setting of list.settings) {
      expect(setting).toHaveProperty('path');
      expect(setting).toHaveProperty('default');
      expect(setting.description.length).toBeGreaterThan(10);
    }
  });

  it('prints a human summary by default', () => {
    const { code, out } = run(['--duration', '30', '--fault', '10:kill:app-c2']);
    expect(code).toBe(0);
    expect(out).toMatch(/Availability \(request-based, succeeded \/ finished\): 9\d\.\d{4}%/);
    expect(out).toMatch(/lb-1 marked app-c2 unhealthy after 2 failed checks/);
  });

  it.each([
    [['--bogus'], /unknown flag --bogus/],
    [['--seed', 'x'], /--seed must be a whole number/],
    [['--duration', '-3'], /--duration must be a number of seconds above 0/],
    [['--fault', 'soon:kill:app-b1'], /time "soon" must be a number/],
    [['--fault', '10:explode:app-b1'], /unknown action "explode"/],
    [['--fault', '10:kill:app-z9'], /unknown target "app-z9"/],
    [['--fault', '10:kill:lb-1'], /cannot kill balancer lb-1/],
    [['--set', 'healthCheck.intervalMs=abc'], /must be a number/],
    [['--set', 'nope.thing=1'], /unknown setting "nope.thing"/],
    [['--set', 'healthCheck.unhealthyThreshold=1.5'], /whole number/],
    [['--scenario', 'nowhere'], /unknown scenario "nowhere"/],
    [['--scenario', 'missing.json'], /cannot read scenario file missing.json/],
    [['--seed'], /--seed needs a value/],
  ])('rejects %j with one clear line and exit code 2', (argv, message) => {
    const { code, err, out } = run(argv as string[]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.split('\n')).toHaveLength(1);
    expect(out).toBe('');
  });

  it('runs a scenario file and rejects an invalid one naming the field', () => {
    const custom = { ...ONE_REGION, name: 'custom', durationS: 20 };
    const ok = run(['--scenario', 'custom.json', '--json'], {
      'custom.json': JSON.stringify(custom),
    });
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out).scenario).toBe('custom');
    const broken = run(['--scenario', 'bad.json'], {
      'bad.json': '{"name": "bad", "topology": {}}',
    });
    expect(broken.code).toBe(2);
    expect(broken.err).toMatch(/scenario file bad.json is invalid: topology.regions/);
    const notJson = run(['--scenario', 'x.json'], { 'x.json': '{nope' });
    expect(notJson.err).toMatch(/not valid JSON/);
  });
});
