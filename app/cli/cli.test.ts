import { describe, expect, it } from 'vitest';
import { ONE_REGION, SCRIPT_ENTRIES_MAX } from '../scenarios';
import { runCli, type CliIo } from './cli';

/**
 * Runs the CLI in-process and captures what it prints. Most cases here use the
 * one-region ids (`lb-1`, `app-a1` ...), so a call without `--scenario` runs one-region;
 * `runAsTyped` leaves the arguments alone (the default scenario is tested with it).
 */
function run(argv: string[], files: Record<string, string> = {}) {
  return runAsTyped(
    argv.includes('--scenario') ? argv : ['--scenario', 'one-region', ...argv],
    files,
  );
}

function runAsTyped(argv: string[], files: Record<string, string> = {}) {
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
  it('runs the two-region default scenario when no --scenario is given', () => {
    const { code, out } = runAsTyped([
      '--json',
      '--duration',
      '20',
      '--fault',
      '10:kill-region:us',
    ]);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    expect(report.scenario).toBe('two-regions');
    expect(report.events[0]).toMatchObject({ atS: 10, type: 'kill-region', target: 'us' });
    const list = JSON.parse(runAsTyped(['--list', '--json']).out);
    const ids = list.components.map((c: { id: string }) => c.id);
    expect(list.scenario).toBe('two-regions');
    expect(ids).toEqual(expect.arrayContaining(['dns', 'lb-eu', 'lb-us', 'app-us-c2']));
    expect(ids).not.toContain('app-a1');
  });

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
    [
      ['--compare', 'regions.mode=sideways'],
      /--compare regions.mode=sideways: regions.mode must be/,
    ],
    [['--compare', 'regions.mode'], /--compare must look like PATH=VALUE/],
  ])('rejects %j with one clear line and exit code 2', (argv, message) => {
    const { code, err, out } = run(argv as string[]);
    expect(code).toBe(2);
    expect(err).toMatch(message);
    expect(err.split('\n')).toHaveLength(1);
    expect(out).toBe('');
  });

  it('--compare runs design B beside the run: same seed and faults, its settings changed', () => {
    const argv = ['--scenario', 'active-passive', '--duration', '150', '--seed', '4'];
    const plain = JSON.parse(run([...argv, '--json']).out);
    const { code, out } = run([...argv, '--compare', 'regions.mode=active-active', '--json']);
    expect(code).toBe(0);
    const both = JSON.parse(out);
    expect(both.changes).toEqual([{ path: 'regions.mode', value: 'active-active' }]);
    expect(both.designA).toEqual(plain);
    expect(both.designB.settings.regions.mode).toBe('active-active');
    expect(both.designB.faults).toEqual(plain.faults);
    // Active-active: eu failing at 1:00 costs fewer requests, and us users nothing.
    expect(both.designB.availability).toBeGreaterThan(both.designA.availability);
    const usersUs = both.designB.userGroups.find((g: { id: string }) => g.id === 'users-us');
    expect(usersUs.failed).toBe(0);

    const text = run([...argv, '--compare', 'regions.mode=active-active']).out;
    expect(text).toMatch(/^Design A \(as given\):\nNines: scenario active-passive/);
    expect(text).toContain('\n\nDesign B (regions.mode=active-active):\nNines: scenario');
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

describe('npm run sim: failure catalogue, defences, data and monitoring fields', () => {
  const json = (argv: string[]) => JSON.parse(run([...argv, '--json']).out);

  it('reports shed requests, degraded answers, duplicates, amplification and breakers', () => {
    const shed = json([
      '--scenario',
      'overload',
      '--duration',
      '20',
      '--set',
      'server.shedding=on',
    ]);
    expect(shed.requests.shed).toBeGreaterThan(0);
    expect(shed.requests.shed).toBe(shed.requests.failedBy.shed);
    const storm = json(['--scenario', 'retry-storm', '--duration', '60']);
    // REFERENCE.md section 4: 3 layers x 3 attempts -> up to 27x at the bottom.
    expect(storm.loadAmplification).toBeGreaterThan(3);
    expect(storm.loadAmplification).toBeLessThanOrEqual(27);
    const breaker = json([
      '--scenario',
      'checkout',
      '--duration',
      '40',
      '--set',
      'breaker.enabled=on',
      '--set',
      'degradation.enabled=on',
      '--fault',
      '10:kill:payments',
    ]);
    expect(breaker.breakers.length).toBe(6);
    expect(breaker.breakers.some((b: { state: string }) => b.state !== 'CLOSED')).toBe(true);
    expect(breaker.requests.degraded).toBeGreaterThan(0);
    expect(breaker.events.some((e: { type: string }) => e.type === 'breaker')).toBe(true);
    expect(breaker.duplicateSideEffects).toBe(0);
  });

  it('reports the data tier: acknowledged writes, losses and failovers with RTO and RPO', () => {
    const report = json([
      '--scenario',
      'database',
      '--duration',
      '120',
      '--fault',
      '30:kill:db-a1',
    ]);
    expect(report.data.writesAcked).toBeGreaterThan(0);
    for (const field of ['writesLost', 'staleReads', 'lostUpdates', 'splitBrainWrites']) {
      expect(report.data[field]).toBeGreaterThanOrEqual(0);
    }
    expect(report.failovers).toHaveLength(1);
    expect(report.failovers[0]).toMatchObject({ from: 'db-a1' });
    // Patroni: lease TTL 30 s + promotion + rediscovery, minus up to one loop wait.
    expect(report.failovers[0].rtoS).toBeGreaterThan(20);
    expect(report.failovers[0].rtoS).toBeLessThan(45);
    expect(report.failovers[0].rpoWrites).toBeGreaterThanOrEqual(0);
  });

  it('reports time-based availability, the SLO budget burnt and the alerts', () => {
    const report = json([
      '--duration',
      '120',
      '--fault',
      '30:kill-zone:eu-b',
      '--fault',
      '70:restore:eu-b',
    ]);
    expect(report.timeAvailability).toBeGreaterThan(0);
    expect(report.timeAvailability).toBeLessThanOrEqual(1);
    expect(report.slo.target).toBe(0.999);
    expect(report.slo.budgetBurntFraction).toBeGreaterThan(0);
    const page = report.alerts.find((a: { name: string }) => a.name === 'fast-burn-page');
    expect(page).toMatchObject({ severity: 'page' });
    expect(page.firedAtS).toBeGreaterThan(30);
    const quiet = json([
      '--duration',
      '120',
      '--fault',
      '30:kill-zone:eu-b',
      '--set',
      'monitoring.enabled=off',
    ]);
    expect(quiet.alerts).toEqual([]);
  });

  it('lists database fault forms and rejects bad specs with one line', () => {
    const list = JSON.parse(run(['--list', '--json']).out);
    const forms = list.faults.map((f: { form: string }) => f.form);
    for (const form of [
      'AT:kill:DB_NODE',
      'AT:disk-fail:DB_NODE',
      'AT:promote:DB_NODE',
      'AT:loss:FROM->TO:20%',
    ]) {
      expect(forms).toContain(form);
    }
    const bad = run(['--fault', '10:loss:users->lb-1:120%']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/percentage from 0 to 100/);
    const promote = run(['--fault', '10:promote:app-a1']);
    expect(promote.err).toMatch(/cannot promote server app-a1/);
  });
});

describe('fault script cap', () => {
  const faultArgs = (count: number) =>
    Array.from({ length: count }, (_, i) => ['--fault', `${i + 1}:kill:app-a1`]).flat();

  it(`refuses more than SCRIPT_ENTRIES_MAX --fault entries, naming the cap`, () => {
    const { code, err, out } = run(['--duration', '1', ...faultArgs(SCRIPT_ENTRIES_MAX + 1)]);
    expect(code).toBe(2);
    expect(err).toBe(
      `nines sim: --fault: a fault script holds at most ${SCRIPT_ENTRIES_MAX} entries; this one would have ${SCRIPT_ENTRIES_MAX + 1}`,
    );
    expect(out).toBe('');
  });

  it('runs a script of exactly SCRIPT_ENTRIES_MAX entries', () => {
    const { code } = run(['--duration', '1', ...faultArgs(SCRIPT_ENTRIES_MAX)]);
    expect(code).toBe(0);
  });
});
