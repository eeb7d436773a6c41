/**
 * The invariant sweep over many seeds (issue 12): `npm run sweep -- --seeds 500`, or
 * `npx tsx scripts/sweep.ts --seeds 500 --from 1000`. Each seed is a random run of a
 * built-in scenario with random settings and faults (app/scenarios/invariantSweep.ts);
 * every broken invariant is printed with the `npm run sim` command that replays it.
 * Exit code 1 when any run broke an invariant or most runs were refused as invalid.
 *
 * `--digest` prints one JSON line per seed instead (the metrics and log of each run);
 * the test of determinism across time zones and locales compares these between
 * processes started with different TZ and LANG.
 */
import { checkRun, generateRun, prepareRun, sweep } from '../app/scenarios/invariantSweep';

interface Options {
  seeds: number;
  from: number;
  maxRequests: number;
  digest: boolean;
  scenarios: string[] | undefined;
}

function parse(argv: readonly string[]): Options {
  const options: Options = {
    seeds: 100,
    from: 1,
    maxRequests: 60_000,
    digest: false,
    scenarios: undefined,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--scenario' && argv[i + 1] !== undefined) {
      (options.scenarios ??= []).push(argv[++i]!);
      continue;
    }
    if (flag === '--digest') {
      options.digest = true;
      continue;
    }
    const value = Number(argv[i + 1]);
    const known = {
      '--seeds': 'seeds',
      '--from': 'from',
      '--max-requests': 'maxRequests',
    } as const;
    const key = known[flag as keyof typeof known];
    if (key === undefined || !Number.isInteger(value) || value < 0) {
      throw new Error(
        `usage: tsx scripts/sweep.ts [--seeds N] [--from FIRST_SEED] [--max-requests N] [--scenario NAME]... [--digest] (bad "${flag} ${argv[i + 1] ?? ''}")`,
      );
    }
    options[key] = value;
    i++;
  }
  return options;
}

function main(): number {
  let options: Options;
  try {
    options = parse(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  const seeds = Array.from({ length: options.seeds }, (_, i) => options.from + i);
  if (options.digest) {
    // The environment the runs saw, so a caller can check TZ and LANG took effect.
    const resolved = Intl.DateTimeFormat().resolvedOptions();
    process.stdout.write(
      JSON.stringify({ locale: resolved.locale, timeZone: resolved.timeZone }) + '\n',
    );
    for (const seed of seeds) {
      const { run } = generateRun(seed, options);
      const prepared = prepareRun(run);
      if (!prepared.ok) {
        process.stdout.write(JSON.stringify({ seed, rejected: prepared.reason }) + '\n');
        continue;
      }
      const result = checkRun(run, prepared);
      process.stdout.write(
        JSON.stringify({ seed, metrics: result.metricsJson, log: result.logJson }) + '\n',
      );
    }
    return 0;
  }

  const started = Date.now();
  const summary = sweep(seeds, options, (seed, outcome) => {
    if (outcome === 'failed') process.stdout.write(`seed ${seed}: FAILED\n`);
    else if (seed % 25 === 0) process.stdout.write(`seed ${seed}: ...\n`);
  });
  for (const failure of summary.failures) {
    process.stdout.write(`\nseed ${failure.run.seed} (${failure.run.scenario}):\n`);
    for (const v of failure.violations.slice(0, 10)) process.stdout.write(`  ${v}\n`);
    if (failure.violations.length > 10)
      process.stdout.write(`  ... ${failure.violations.length - 10} more\n`);
    process.stdout.write(`  replay: ${failure.command}\n`);
  }
  const refusedShare = summary.rejected.length / seeds.length;
  process.stdout.write(
    [
      '',
      `${seeds.length} seeds (${seeds[0]}..${seeds.at(-1)}) in ${((Date.now() - started) / 1000).toFixed(0)} s: ` +
        `${summary.runs} runs checked, ${summary.failures.length} broke an invariant, ` +
        `${summary.rejected.length} refused as invalid (${(refusedShare * 100).toFixed(0)}%), ` +
        `${summary.faultsRejected} of ${summary.faultsDrawn} drawn faults refused`,
      `scenarios: ${JSON.stringify(summary.scenarios)}`,
      `claims checked (runs): ${JSON.stringify(summary.claims)}`,
      ...summary.rejected.slice(0, 5).map((r) => `  refused seed ${r.seed}: ${r.reason}`),
      '',
    ].join('\n'),
  );
  if (refusedShare > 0.5) {
    process.stdout.write(
      'Most runs were refused: the sweep is not testing much. Fix the generator.\n',
    );
    return 1;
  }
  return summary.failures.length > 0 ? 1 : 0;
}

process.exitCode = main();
