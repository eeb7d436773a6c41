import { describe, expect, it } from 'vitest';
import { FAULT_ACTIONS, FAULT_FORMS, ONE_REGION, SCRIPT_ENTRIES_MAX } from '../scenarios';
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
  it('names every fault action of the command registry in --help, and every form in --list', () => {
    const help = run(['--help']).out.replace(/\s+/g, ' ');
    for (const action of FAULT_ACTIONS) expect(help).toMatch(new RegExp(`[ ,]${action}[, ]`));
    const list = JSON.parse(run(['--list', '--json']).out) as { faults: unknown };
    expect(list.faults).toEqual(FAULT_FORMS);
  });

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

  it('--list prints every link id, each one a target --fault takes', () => {
    const { links } = JSON.parse(run(['--list', '--json']).out) as { links: string[] };
    expect(links).toEqual(expect.arrayContaining(['users->lb-1', 'lb-1->app-b1']));
    const text = run(['--list']).out.split('\n');
    const heading = text.findIndex((line) => line.startsWith('Links ('));
    expect(heading).toBeGreaterThan(0);
    expect(text.slice(heading + 1, heading + 1 + links.length)).toEqual(
      links.map((id) => `  ${id}`),
    );
    for (const id of links) {
      expect(run(['--duration', '2', '--fault', `1:cut:${id}`]).code, id).toBe(0);
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
    // docs/reference.md "Timeouts, retries, backoff, jitter": 3 layers x 3 attempts -> up to 27x at the bottom.
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

describe('npm run sim: bad input gets one line and exit code 2, never a stack trace', () => {
  /** The CLI refused the input with one line that names `what`, and printed nothing else. */
  function expectOneLine(result: ReturnType<typeof run>, what: RegExp): void {
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.split('\n')).toHaveLength(1);
    expect(result.err).toMatch(/^nines sim: /);
    expect(result.err).toMatch(what);
    expect(result.err).not.toMatch(/\n\s+at |internal error/);
  }
  const file = (data: unknown) => ({ 'f.json': JSON.stringify(data) });
  const fileRun = (data: unknown) => run(['--scenario', 'f.json', '--duration', '1'], file(data));
  const withTopology = (patch: Record<string, unknown>) => ({
    ...ONE_REGION,
    name: 'custom',
    topology: { ...ONE_REGION.topology, ...patch },
  });

  it('a database cross-field setting via --set or --compare names the setting and its range', () => {
    const quorumW =
      /database\.quorumW\) must be a whole number from 1 to database\.quorumN \(3\) \(got 5\)/;
    expectOneLine(run(['--scenario', 'database', '--set', 'database.quorumW=5']), quorumW);
    expectOneLine(
      run(['--scenario', 'database', '--duration', '1', '--compare', 'database.quorumW=5']),
      quorumW,
    );
    expectOneLine(
      run(['--scenario', 'database', '--set', 'database.loopWaitMs=30000']),
      /database\.loopWaitMs \+ 2 x database\.retryTimeoutMs must be at most database\.leaseTtlMs/,
    );
    // N only has to fit the three nodes in quorum mode.
    expectOneLine(
      run([
        '--scenario',
        'database',
        '--set',
        'database.replicationMode=quorum',
        '--set',
        'database.quorumN=4',
      ]),
      /database\.quorumN\) must be a whole number from 1 to 3, the number of database nodes/,
    );
    // --compare is checked on top of --set: W = 3 fits N = 3 but not N = 2.
    expectOneLine(
      run([
        '--scenario',
        'database',
        '--set',
        'database.quorumW=3',
        '--compare',
        'database.quorumN=2',
      ]),
      /^nines sim: --compare: .*database\.quorumW/,
    );
  });

  it('refuses a fault script whose sets, in time order, break a rule together', () => {
    // Each alone fits a 40 s ttl (20 + 2 x 10 and 10 + 2 x 15 = 40); both need 50 s.
    const args = [
      '--scenario',
      'database',
      '--duration',
      '30',
      '--set',
      'database.leaseTtlMs=40000',
    ];
    const loopWait = ['--fault', '10:set:database.loopWaitMs=20000'];
    const retry = ['--fault', '20:set:database.retryTimeoutMs=15000'];
    expect(run([...args, ...loopWait]).code).toBe(0);
    expect(run([...args, ...retry]).code).toBe(0);
    expectOneLine(
      run([...args, ...loopWait, ...retry]),
      /set database\.retryTimeoutMs=15000 at 20 s would not be applied: Patroni requires loop wait \+ 2 x retry timeout <= ttl/,
    );
    // Undone in between, the same two changes fit when each runs.
    const undo = ['--fault', '15:set:database.loopWaitMs=10000'];
    expect(run([...args, ...loopWait, ...undo, ...retry]).code).toBe(0);
  });

  it('a scenario file with a cross-field database setting is refused, naming it', () => {
    const data = {
      ...ONE_REGION,
      name: 'custom',
      topology: {
        ...ONE_REGION.topology,
        database: {
          nodes: [
            { id: 'db-1', zone: ONE_REGION.topology.regions[0]!.zones[0]!.id },
            { id: 'db-2', zone: ONE_REGION.topology.regions[0]!.zones[1]!.id },
          ],
          primary: 'db-1',
        },
      },
      settings: { database: { quorumR: 7, quorumN: 2 } },
    };
    expectOneLine(
      fileRun(data),
      /database\.quorumR\) must be a whole number from 1 to database\.quorumN \(2\)/,
    );
  });

  it('null topology fields are named, not dereferenced', () => {
    expectOneLine(
      fileRun(withTopology({ dependency: null })),
      /topology\.dependency must be an object/,
    );
    expectOneLine(
      fileRun(withTopology({ trafficManager: null })),
      /topology\.trafficManager must be an object/,
    );
    expectOneLine(
      fileRun(withTopology({ regions: [{ id: 'eu', balancer: 'lb-1', zones: 'eu-a' }] })),
      /topology\.regions\[0\]\.zones must list at least one zone/,
    );
  });

  it('a fault at 1e308 s is refused, from a file and from --fault', () => {
    const kill = { type: 'kill', target: 'app-a1' };
    expectOneLine(
      fileRun({ ...ONE_REGION, name: 'custom', faults: [{ atS: 1e308, command: kill }] }),
      /faults\[0\]\.atS must be a number of seconds from 0 to 604800/,
    );
    expectOneLine(run(['--fault', '1e308:kill:app-a1']), /from 0 to 604800/);
  });

  it('a huge user share is refused at once instead of running forever', () => {
    const users = (shares: number[]) =>
      withTopology({
        users: shares.map((share, i) => ({ id: `users-${i}`, region: 'eu', share })),
      });
    expectOneLine(
      fileRun(users([1e308])),
      /topology\.users\[0\]\.share must be a number from 0\.001 to 1000000/,
    );
    expectOneLine(fileRun(users([1, 1e308])), /topology\.users\[1\]\.share/);
    // The largest allowed shares still run, and the smallest beside the largest too.
    expect(fileRun(users([1_000_000, 1_000_000])).code).toBe(0);
    expect(fileRun(users([0.001, 1_000_000])).code).toBe(0);
  });

  it('invalid JSON gets its line and column; a UTF-8 byte order mark is accepted', () => {
    const text = '{\n  "name": "custom",\n  seed: 1\n}';
    expectOneLine(
      run(['--scenario', 'x.json'], { 'x.json': text }),
      /^nines sim: scenario file x\.json: not valid JSON at line 3, column 3: expected a property name in double quotes$/,
    );
    expectOneLine(
      run(['--scenario', 'x.json'], { 'x.json': '[1,]' }),
      /not valid JSON at line 1, column 4/,
    );
    const bom = run(['--scenario', 'x.json', '--duration', '1'], {
      'x.json': `\uFEFF${JSON.stringify({ ...ONE_REGION, name: 'custom' })}`,
    });
    expect(bom.err).toBe('');
    expect(bom.code).toBe(0);
  });

  it('a seed above 2^32 - 1 is refused, not wrapped', () => {
    expectOneLine(
      fileRun({ ...ONE_REGION, name: 'custom', seed: 2 ** 32 + 5 }),
      /seed must be a whole number from 0 to 4294967295 \(got 4294967301\)/,
    );
    expectOneLine(
      run(['--seed', String(2 ** 32)]),
      /--seed must be a whole number from 0 to 4294967295/,
    );
    expect(run(['--seed', String(2 ** 32 - 1), '--duration', '1']).code).toBe(0);
  });

  it('anything else that goes wrong is one "internal error" line with exit code 1', () => {
    const err: string[] = [];
    const code = runCli(['--scenario', 'one-region', '--duration', '1'], {
      out: () => {
        throw new Error('write EPIPE\n    at Socket.write (node:net:1:1)');
      },
      err: (text) => err.push(text),
      readFile: () => '',
    });
    expect(code).toBe(1);
    expect(err).toEqual([
      'nines sim: internal error: write EPIPE (please report it with the command line)',
    ]);
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
