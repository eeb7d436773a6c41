/**
 * `--years` on a design with a database reports acknowledged writes lost from fluid
 * mode's database (issue 15), in the text and in --json: with async replication each
 * promotion loses at least the writes within the replication lag; with sync, none
 * unless the node promoted had been cut off too.
 */
import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../sim';
import { DATABASE } from '../scenarios';
import { runCliCapturing } from './cliCapture';

const run = (argv: string[]) => runCliCapturing(argv);

describe('npm run sim --years with a database', () => {
  it('counts acknowledged writes lost at the failovers, in --json and in the text', () => {
    const args = ['--years', '50', '--scenario', 'database', '--set', 'chaos.rateMultiplier=5'];
    const json = JSON.parse(run([...args, '--json']).out);
    expect(json.databaseFailovers).toBeGreaterThan(5);
    // Async: each promotion loses at least the writes within the replication lag
    // (apply delay plus the in-region link) at the scenario's write rate (users' writes
    // plus one probe a second).
    const defaults = defaultSettings();
    const lagS =
      (defaults.database.replicaApplyDelayMs + defaults.network.inRegionLatencyMs) / 1000;
    const writesPerS = DATABASE.settings!.traffic!.arrivalRatePerS! * 0.5 + 1;
    expect(json.acknowledgedWritesLost).toBeGreaterThanOrEqual(
      json.databaseFailovers * lagS * writesPerS - 1e-6,
    );
    expect(json.acknowledgedWritesLostPerYear).toBeCloseTo(json.acknowledgedWritesLost / 50, 9);
    const text = run(args).out;
    expect(text).toContain(
      `writes lost    ${Math.round(json.acknowledgedWritesLost).toLocaleString('en-US')} acknowledged`,
    );
    expect(text).toContain(`at ${json.databaseFailovers} database failovers`);

    const sync = JSON.parse(run([...args, '--json', '--set', 'database.replicationMode=sync']).out);
    expect(sync.databaseFailovers).toBe(json.databaseFailovers);
    expect(sync.acknowledgedWritesLost).toBeLessThan(json.acknowledgedWritesLost);
  });

  it('says there is nothing to lose without a database', () => {
    const json = JSON.parse(run(['--years', '2', '--scenario', 'one-region', '--json']).out);
    expect(json.acknowledgedWritesLost).toBeNull();
    expect(json.databaseFailovers).toBeNull();
    expect(run(['--years', '2', '--scenario', 'one-region']).out).toContain(
      'writes lost    none: no database in this design',
    );
  });
});
