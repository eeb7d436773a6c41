/**
 * `npm run soak`: does the app stay fast for hours? Serves the build with `vite
 * preview` on a port of its own, opens the default scenario in Chromium, sets the Speed
 * control and lets it run. Every `--every` seconds it samples the JS heap (after a
 * forced collection, over CDP), the frame times (requestAnimationFrame deltas recorded
 * in the page), long tasks (PerformanceObserver 'longtask') and the simulated speed
 * achieved (simulated time advanced / wall time). Prints a table and a verdict against
 * the targets: heap bounded (no growth after the first minutes), p95 frame <= 20 ms, no
 * long task over 50 ms. Exit code 0 whatever the verdict, unless --strict.
 *
 * Not part of `npm test`. Usage: npx tsx scripts/soak.ts [--minutes 30] [--speed 50]
 * [--every 30] [--tab NAME] [--strict] [--profile]. Environment: NINES_SOAK_DIST (the build, default
 * dist/), NINES_SOAK_PORT (default 4181). Build first: `npx vite build`.
 */
import { type CDPSession, type Page } from '@playwright/test';
import { openBuiltSite } from './builtSite.ts';

const DIST = process.env.NINES_SOAK_DIST ?? 'dist';
const PORT = Number(process.env.NINES_SOAK_PORT ?? 4181);
const VIEWPORT = { width: 1280, height: 800 };
const SPEEDS = ['0.25', '0.5', '1', '2', '5', '10', '20', '50'];

/** Targets of the issue ("fast for hours"). */
const P95_FRAME_TARGET_MS = 20;
const LONG_TASK_TARGET_MS = 50;
/** Heap counts as bounded when the last sample is within this of the one after warm-up. */
const HEAP_GROWTH_ALLOWED = 0.1;

interface Options {
  minutes: number;
  speed: string;
  everyS: number;
  tab: string | null;
  strict: boolean;
  /** CPU-profile the last interval and print the functions with the most self time. */
  profile: boolean;
}

function parseOptions(argv: readonly string[]): Options {
  const options: Options = {
    minutes: 30,
    speed: '50',
    everyS: 30,
    tab: null,
    strict: false,
    profile: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = argv[i + 1];
    const positive = (name: string): number => {
      const n = Number(value);
      if (value === undefined || !Number.isFinite(n) || n <= 0) {
        throw new Error(`${name} needs a positive number, got ${value ?? 'nothing'}`);
      }
      i++;
      return n;
    };
    if (arg === '--minutes') options.minutes = positive('--minutes');
    else if (arg === '--every') options.everyS = positive('--every');
    else if (arg === '--speed') {
      if (value === undefined || !SPEEDS.includes(value)) {
        throw new Error(`--speed must be one of ${SPEEDS.join(', ')}, got ${value ?? 'nothing'}`);
      }
      options.speed = value;
      i++;
    } else if (arg === '--tab') {
      if (value === undefined) throw new Error('--tab needs a tab name, e.g. Charts');
      options.tab = value;
      i++;
    } else if (arg === '--strict') options.strict = true;
    else if (arg === '--profile') options.profile = true;
    else {
      throw new Error(
        `unknown argument ${arg} (allowed: --minutes N, --speed S, --every S, --tab NAME, --strict, --profile)`,
      );
    }
  }
  return options;
}

/**
 * Installed before the app loads: frame deltas and long tasks, drained by each sample.
 * Plain text, not a function: tsx would wrap a function's inner names in a helper the
 * page does not have.
 */
const RECORD_IN_PAGE = `(() => {
  const soak = { frames: [], longTasks: [] };
  window.__soak = soak;
  let last = 0;
  const frame = (now) => {
    if (last > 0) soak.frames.push(now - last);
    last = now;
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) soak.longTasks.push(entry.duration);
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    // No long-task API: the column stays empty.
  }
})();`;

async function drain(page: Page): Promise<{ frames: number[]; longTasks: number[] }> {
  return page.evaluate(() => {
    const soak = (window as unknown as { __soak: { frames: number[]; longTasks: number[] } })
      .__soak;
    const out = { frames: soak.frames, longTasks: soak.longTasks };
    soak.frames = [];
    soak.longTasks = [];
    return out;
  });
}

/** The simulated clock in the availability panel ("m:ss.t"), in seconds. */
async function clockSeconds(page: Page): Promise<number> {
  const text = await page
    .getByRole('region', { name: 'Availability', exact: true })
    .locator('time')
    .first()
    .innerText();
  const [minutes, seconds] = text.split(':');
  return Number(minutes) * 60 + Number(seconds);
}

/**
 * JS heap in use after a forced collection, and the backing stores of typed arrays
 * (outside the JS heap: the engine's histograms live there), MiB.
 */
async function heapMb(cdp: CDPSession): Promise<{ heap: number; buffers: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { heap: usage.usedSize / 2 ** 20, buffers: (usage.backingStorageSize ?? 0) / 2 ** 20 };
}

const quantile = (sorted: readonly number[], q: number): number =>
  sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;

interface Sample {
  wallS: number;
  simS: number;
  speed: number;
  heapMb: number;
  buffersMb: number;
  frames: number;
  p50FrameMs: number;
  p95FrameMs: number;
  maxFrameMs: number;
  longTasks: number;
  maxLongTaskMs: number;
  /** This interval's frame deltas, for the p95 over the whole run. */
  frameTimes: number[];
}

const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

function printRow(s: Sample): void {
  const cells = [
    fixed(s.wallS / 60, 1),
    fixed(s.simS / 60, 1),
    `${fixed(s.speed, 1)}x`,
    fixed(s.heapMb, 1),
    fixed(s.buffersMb, 1),
    String(s.frames),
    fixed(s.p50FrameMs),
    fixed(s.p95FrameMs),
    fixed(s.maxFrameMs),
    String(s.longTasks),
    fixed(s.maxLongTaskMs),
  ];
  console.log(cells.map((c) => c.padStart(9)).join(' '));
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const site = await openBuiltSite(DIST, PORT, 'run `npx vite build` first.');
  const launched = site.browser;
  const samples: Sample[] = [];
  try {
    const page = await launched.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await page.addInitScript(RECORD_IN_PAGE);
    const cdp = await page.context().newCDPSession(page);
    await page.goto(`http://localhost:${PORT}/`);
    await page
      .getByRole('button', { name: /^server / })
      .first()
      .waitFor();
    if (options.tab) await page.getByRole('tab', { name: options.tab, exact: true }).click();
    await page.getByLabel('Speed', { exact: true }).selectOption(options.speed);
    console.log(
      `soak: ${options.minutes} min at ${options.speed}x on the default scenario` +
        `${options.tab ? `, ${options.tab} tab open` : ''}, a sample every ${options.everyS} s` +
        ` (heap after a forced GC)`,
    );
    console.log(
      [
        'wall min',
        'sim min',
        'speed',
        'heap MiB',
        'bufs MiB',
        'frames',
        'p50 ms',
        'p95 ms',
        'max ms',
      ]
        .concat(['longtasks', 'max lt ms'])
        .map((c) => c.padStart(9))
        .join(' '),
    );
    await drain(page);
    const started = Date.now();
    let lastWallS = 0;
    let lastSimS = await clockSeconds(page);
    const endS = options.minutes * 60;
    while (lastWallS < endS) {
      const nextS = Math.min(endS, lastWallS + options.everyS);
      const profiling = options.profile && nextS >= endS;
      if (profiling) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      await page.waitForTimeout(Math.max(0, nextS * 1000 - (Date.now() - started)));
      const wallS = (Date.now() - started) / 1000;
      const simS = await clockSeconds(page);
      const { frames, longTasks } = await drain(page);
      if (profiling) printProfile((await cdp.send('Profiler.stop')).profile);
      const heap = await heapMb(cdp);
      // The forced collection is not the app's: its frames and tasks are dropped.
      await drain(page);
      const sorted = [...frames].sort((a, b) => a - b);
      const sample: Sample = {
        wallS,
        simS,
        speed: (simS - lastSimS) / (wallS - lastWallS),
        heapMb: heap.heap,
        buffersMb: heap.buffers,
        frames: frames.length,
        p50FrameMs: quantile(sorted, 0.5),
        p95FrameMs: quantile(sorted, 0.95),
        maxFrameMs: sorted.length > 0 ? sorted[sorted.length - 1]! : NaN,
        longTasks: longTasks.length,
        maxLongTaskMs: longTasks.length > 0 ? Math.max(...longTasks) : NaN,
        frameTimes: frames,
      };
      samples.push(sample);
      printRow(sample);
      lastWallS = wallS;
      lastSimS = simS;
    }
  } finally {
    await site.close();
  }
  const failed = verdict(samples, options);
  if (failed && options.strict) process.exitCode = 1;
}

/** The functions with the most self time in a CPU profile, as a share of all samples. */
function printProfile(profile: {
  nodes: Array<{
    callFrame: { functionName: string; url: string; lineNumber: number };
    hitCount?: number;
  }>;
}): void {
  const hits = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const f = node.callFrame;
    const where = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
    const name = `${f.functionName || '(anonymous)'} ${where}`.trim();
    hits.set(name, (hits.get(name) ?? 0) + (node.hitCount ?? 0));
    total += node.hitCount ?? 0;
  }
  console.log('CPU profile of the last interval, self time (minified names):');
  const top = [...hits.entries()].sort((a, b) => b[1] - a[1]).slice(0, 15);
  for (const [name, count] of top) {
    console.log(`  ${fixed((100 * count) / total, 1).padStart(5)}%  ${name}`);
  }
}

/** Prints the verdict; true when a target was missed. */
function verdict(samples: readonly Sample[], options: Options): boolean {
  if (samples.length === 0) return false;
  // "After the first minutes": from the sample at a fifth of the run (at most 3 min).
  const warmS = Math.min(180, (options.minutes * 60) / 5);
  const warm = samples.find((s) => s.wallS >= warmS) ?? samples[0]!;
  const last = samples[samples.length - 1]!;
  const growth = (last.heapMb - warm.heapMb) / warm.heapMb;
  const afterWarm = samples.filter((s) => s.wallS > warm.wallS - options.everyS);
  const frames = afterWarm.flatMap((s) => s.frameTimes).sort((a, b) => a - b);
  const p95 = quantile(frames, 0.95);
  const longest = Math.max(0, ...afterWarm.map((s) => (s.longTasks > 0 ? s.maxLongTaskMs : 0)));
  const speeds = afterWarm.map((s) => s.speed);
  const checks = [
    {
      ok: growth <= HEAP_GROWTH_ALLOWED,
      text: `heap ${fixed(warm.heapMb)} MiB at ${fixed(warm.wallS / 60)} min -> ${fixed(last.heapMb)} MiB at the end (${fixed(100 * growth)}%, allowed ${100 * HEAP_GROWTH_ALLOWED}%)`,
    },
    {
      ok: p95 <= P95_FRAME_TARGET_MS,
      text: `p95 frame ${fixed(p95)} ms after warm-up (target <= ${P95_FRAME_TARGET_MS} ms)`,
    },
    {
      ok: longest <= LONG_TASK_TARGET_MS,
      text: `longest task after warm-up ${fixed(longest)} ms (target <= ${LONG_TASK_TARGET_MS} ms)`,
    },
  ];
  console.log(
    `speed achieved after warm-up: ${fixed(Math.min(...speeds))}x to ${fixed(Math.max(...speeds))}x (set ${options.speed}x)`,
  );
  for (const c of checks) console.log(`${c.ok ? 'PASS' : 'FAIL'} ${c.text}`);
  return checks.some((c) => !c.ok);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
