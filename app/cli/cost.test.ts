/**
 * The CLI shows the design's monthly cost beside its availability, as the page does
 * (issue 15: "every design has a monthly cost ... shown beside its availability"), in
 * the text summary and in --json, for a live run and for --years.
 */
import { describe, expect, it } from 'vitest';
import { HOURS_PER_MONTH, PRICES, SECONDS_PER_MONTH, BYTES_PER_GB } from '../scenarios/cost';
import { runCliCapturing } from './cliCapture';

const run = (argv: string[]) => runCliCapturing(argv);

/**
 * two-regions from the price table: 12 app servers and 2 load balancers for a 730-hour
 * month, 2 fast (10 s) DNS health checks, and `perS` answers of 10 KB a second to the
 * internet (no database: no cross-zone calls or replication).
 */
const twoRegionsUsd = (perS: number): number =>
  12 * PRICES.serverUsdPerHour * HOURS_PER_MONTH +
  2 * PRICES.balancerUsdPerHour * HOURS_PER_MONTH +
  2 * (PRICES.dnsHealthCheckUsdPerMonth + PRICES.dnsFastIntervalUsdPerMonth) +
  ((perS * PRICES.responseBytes * SECONDS_PER_MONTH) / BYTES_PER_GB) * PRICES.internetOutUsdPerGb;

const whole = (usd: number) => `$${Math.round(usd).toLocaleString('en-US')}`;

describe('npm run sim prints the monthly cost', () => {
  it('beside availability in the text summary, and in --json, with --set changes in it', () => {
    const text = run(['--scenario', 'two-regions', '--duration', '5']);
    expect(text.code).toBe(0);
    const lines = text.out.split('\n');
    const at = lines.findIndex((l) => l.startsWith('Availability'));
    // The line after availability: the total and the traffic it assumes.
    expect(lines[at + 1]).toContain(`Monthly cost: ${whole(twoRegionsUsd(50))} a month`);
    expect(lines[at + 1]).toContain('traffic at 50 requests/s');

    // Twice the traffic: the internet-out line doubles, the rest stays.
    const json = JSON.parse(
      run([
        '--scenario',
        'two-regions',
        '--duration',
        '5',
        '--json',
        '--set',
        'traffic.arrivalRatePerS=100',
      ]).out,
    );
    expect(json.cost.usdPerMonth).toBeCloseTo(twoRegionsUsd(100), 6);
    expect(json.cost.requestsPerS).toBe(100);
  });

  it('beside the years in --years (text and --json)', () => {
    const text = run(['--years', '2', '--scenario', 'two-regions']);
    expect(text.code).toBe(0);
    expect(text.out).toContain(
      `\n  cost           ${whole(twoRegionsUsd(50))} a month at list prices`,
    );
    const json = JSON.parse(run(['--years', '2', '--scenario', 'two-regions', '--json']).out);
    expect(json.cost.usdPerMonth).toBeCloseTo(twoRegionsUsd(50), 6);
    expect(json.availabilityByYear).toHaveLength(2);
  });
});
