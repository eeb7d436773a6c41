/**
 * `npm run soak`: does the app stay fast for hours? Serves the build with `vite
 * preview` on a port of its own, opens the default scenario in Chromium, sets the Speed
 * control and lets it run. Every `--every` seconds it samples the JS heap of the page
 * and of its workers (after a forced collection, over CDP), the frame times
 * (requestAnimationFrame deltas recorded in the page), long tasks (PerformanceObserver
 * 'longtask', wall-clock), every main-thread task's CPU time (a trace of the interval:
 * the column "max cpu" is the longest), the CPU time the page's main thread and process used (which, unlike
 * frame times, a busy machine does not inflate), DOM nodes, and the speed achieved
 * (simulated time advanced / wall time). Prints a table and a verdict against issue 12's targets
 * (scripts/soakOptions.ts); with `--strict`, exits with 1 when one is missed. `--help` lists
 * the options.
 *
 * Not part of `npm test`. Environment: NINES_SOAK_DIST (the build, default dist/),
 * NINES_SOAK_PORT (default 4181). Build first: `npx vite build`.
 */
import { type CDPSession, type Page } from '@playwright/test';
import { writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openBuiltSite } from './builtSite.ts';
import {
  mainThreadTasks,
  parseSoakOptions,
  quantile,
  soakVerdict,
  summariseTasks,
  USAGE,
  type SoakOptions,
  type SoakSample,
  type TraceEvent,
} from './soakOptions.ts';

/** The events of a trace Chromium wrote (JSON, either an object with traceEvents or a bare array). */
function traceEvents(buffer: Buffer): TraceEvent[] {
  const parsed = JSON.parse(buffer.toString('utf8')) as
    { traceEvents?: TraceEvent[] } | TraceEvent[];
  return Array.isArray(parsed) ? parsed : (parsed.traceEvents ?? []);
}

const DIST = process.env.NINES_SOAK_DIST ?? 'dist';
const PORT = Number(process.env.NINES_SOAK_PORT ?? 4181);
const VIEWPORT = { width: 1280, height: 800 };

/**
 * Installed before the app loads: frame deltas and long tasks, drained by each sample.
 * Plain text, not a function: tsx would wrap a function's inner names in a helper the
 * page does not have.
 */
const RECORD_IN_PAGE = `(() => {
  const soak = { frames: [], longTasks: [], longFrames: [] };
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
  try {
    // Long animation frames say which scripts ran in a long task and for how long,
    // and how much of it was style, layout and paint: what the long-task API cannot.
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        if (entry.duration <= 50) continue;
        const scripts = entry.scripts
          .filter((s) => s.duration >= 5)
          .map((s) => {
            const file = (s.sourceURL || '').split('/').pop();
            const fn = s.sourceFunctionName || '(anonymous)';
            return s.invoker + ' ' + fn + '@' + file + ':' + s.sourceCharPosition + ' ' + Math.round(s.duration) + ' ms';
          });
        const render = entry.renderStart > 0 ? entry.startTime + entry.duration - entry.renderStart : 0;
        soak.longFrames.push(
          Math.round(entry.duration) + ' ms at ' + (entry.startTime / 60000).toFixed(1) + ' min (blocking ' +
            Math.round(entry.blockingDuration) + ', rendering ' + Math.round(render) + '): ' +
            (scripts.join('; ') || 'no script over 5 ms'),
        );
      }
    }).observe({ type: 'long-animation-frame', buffered: true });
  } catch {
    // No long-animation-frame API: nothing to attribute.
  }
})();`;

interface Drained {
  frames: number[];
  longTasks: number[];
  /** Frames over 50 ms, each described with the scripts that ran in it. */
  longFrames: string[];
}

async function drain(page: Page): Promise<Drained> {
  return page.evaluate(() => {
    const soak = (window as unknown as { __soak: Drained }).__soak;
    const out = { frames: soak.frames, longTasks: soak.longTasks, longFrames: soak.longFrames };
    soak.frames = [];
    soak.longTasks = [];
    soak.longFrames = [];
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

/**
 * The same for every dedicated worker of the page (an engine run in a Web Worker keeps
 * its heap there), through the browser's CDP session: Playwright's page session cannot
 * address a worker, so each is attached and sent its commands as messages.
 */
async function workerHeapMb(browserCdp: CDPSession): Promise<{ heap: number; buffers: number }> {
  const { targetInfos } = await browserCdp.send('Target.getTargets');
  let heap = 0;
  let buffers = 0;
  for (const target of targetInfos.filter((t) => t.type === 'worker')) {
    const { sessionId } = await browserCdp.send('Target.attachToTarget', {
      targetId: target.targetId,
      flatten: false,
    });
    const pending = new Map<number, (result: Record<string, number>) => void>();
    const onMessage = (event: { sessionId: string; message: string }) => {
      if (event.sessionId !== sessionId) return;
      const reply = JSON.parse(event.message) as { id?: number; result?: Record<string, number> };
      if (reply.id !== undefined) pending.get(reply.id)?.(reply.result ?? {});
    };
    browserCdp.on('Target.receivedMessageFromTarget', onMessage);
    const call = (id: number, method: string) =>
      new Promise<Record<string, number>>((resolve) => {
        pending.set(id, resolve);
        void browserCdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id, method }),
        });
      });
    try {
      await call(1, 'HeapProfiler.collectGarbage');
      const usage = await call(2, 'Runtime.getHeapUsage');
      heap += (usage.usedSize ?? 0) / 2 ** 20;
      buffers += (usage.backingStorageSize ?? 0) / 2 ** 20;
    } finally {
      browserCdp.off('Target.receivedMessageFromTarget', onMessage);
      await browserCdp.send('Target.detachFromTarget', { sessionId });
    }
  }
  return { heap, buffers };
}

/**
 * The page's counters: CPU seconds used so far by its main thread and by its whole
 * renderer process (workers included), and the DOM nodes alive. CPU time, unlike
 * frame times, is not inflated by other programs competing for the cores.
 */
async function pageCounters(
  cdp: CDPSession,
): Promise<{ mainCpuS: number; processCpuS: number; nodes: number }> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name: string) => metrics.find((m) => m.name === name)?.value ?? NaN;
  return {
    mainCpuS: value('ThreadTime'),
    processCpuS: value('ProcessTime'),
    nodes: value('Nodes'),
  };
}

/** The machine's load: the 1, 5 and 15 minute load averages and the number of cores. */
function machineLoad(): string {
  const [one, five, fifteen] = loadavg().map((n) => n.toFixed(2));
  return `load average ${one}, ${five}, ${fifteen} on ${availableParallelism()} cores`;
}

/** A sample with what the table prints besides the verdict's inputs. */
interface Sample extends SoakSample {
  buffersMb: number;
  workerHeapMb: number;
  nodes: number;
  /** CPU used by the page's main thread and its whole process, % of one core. */
  mainCpu: number;
  processCpu: number;
  /** Process CPU per simulated second, ms: what running and drawing a second costs. */
  cpuMsPerSimS: number;
  longFrames: string[];
}

const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : '-');

const COLUMNS = [
  'wall min',
  'sim min',
  'speed',
  'heap MiB',
  'bufs MiB',
  'wrkr MiB',
  'nodes',
  'main cpu',
  'proc cpu',
  'ms/sim s',
  'frames',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  'longtasks',
  'max lt ms',
  'max cpu',
];

function printRow(s: Sample): void {
  const frames = [...s.frameTimes].sort((a, b) => a - b);
  const cells = [
    fixed(s.wallS / 60),
    fixed(s.simS / 60),
    `${fixed(s.speed)}x`,
    fixed(s.heapMb),
    fixed(s.buffersMb),
    fixed(s.workerHeapMb),
    fixed(s.nodes, 0),
    `${fixed(s.mainCpu, 0)}%`,
    `${fixed(s.processCpu, 0)}%`,
    fixed(s.cpuMsPerSimS, 2),
    String(frames.length),
    fixed(quantile(frames, 0.5)),
    fixed(quantile(frames, 0.95)),
    fixed(quantile(frames, 0.99)),
    fixed(frames.length > 0 ? frames[frames.length - 1]! : NaN),
    String(s.longTasks.length),
    fixed(s.longTasks.length > 0 ? Math.max(...s.longTasks) : NaN),
    fixed(s.traced?.longestCpuMs ?? NaN),
  ];
  console.log(cells.map((c) => c.padStart(9)).join(' '));
}

async function main(): Promise<void> {
  let options: SoakOptions;
  try {
    options = parseSoakOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`soak: ${(error as Error).message}. --help lists the options.`);
    process.exitCode = 2;
    return;
  }
  if (options.help) {
    console.log(USAGE);
    return;
  }
  const site = await openBuiltSite(DIST, PORT, 'run `npx vite build` first.');
  const launched = site.browser;
  const samples: Sample[] = [];
  const loadBefore = machineLoad();
  try {
    const page = await launched.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1 });
    await page.addInitScript(RECORD_IN_PAGE);
    const cdp = await page.context().newCDPSession(page);
    const browserCdp = await launched.newBrowserCDPSession();
    await cdp.send('Performance.enable');
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
        ` (heap after a forced GC; cpu in % of one core)`,
    );
    console.log(`machine before: ${loadBefore}`);
    console.log(COLUMNS.map((c) => c.padStart(9)).join(' '));
    await drain(page);
    const started = Date.now();
    let lastWallS = 0;
    let lastSimS = await clockSeconds(page);
    let lastCounters = await pageCounters(cdp);
    const endS = options.minutes * 60;
    while (lastWallS < endS) {
      const nextS = Math.min(endS, lastWallS + options.everyS);
      const profiling = options.profile && nextS >= endS;
      if (profiling) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.start');
      }
      // Only the scheduler's task events ('toplevel'): about 20 MB of trace per 30 s.
      await launched.startTracing(page, { categories: ['toplevel'] });
      await page.waitForTimeout(Math.max(0, nextS * 1000 - (Date.now() - started)));
      const wallS = (Date.now() - started) / 1000;
      const simS = await clockSeconds(page);
      const counters = await pageCounters(cdp);
      const { frames, longTasks, longFrames } = await drain(page);
      const traced = summariseTasks(mainThreadTasks(traceEvents(await launched.stopTracing())));
      if (profiling) printProfile((await cdp.send('Profiler.stop')).profile);
      const heap = await heapMb(cdp);
      const workers = await workerHeapMb(browserCdp);
      // The forced collections are not the app's: their frames and tasks are dropped,
      // and their CPU time is left out of the next interval.
      await drain(page);
      const sample: Sample = {
        wallS,
        simS,
        speed: (simS - lastSimS) / (wallS - lastWallS),
        heapMb: heap.heap + workers.heap,
        buffersMb: heap.buffers + workers.buffers,
        workerHeapMb: workers.heap,
        nodes: counters.nodes,
        mainCpu: (100 * (counters.mainCpuS - lastCounters.mainCpuS)) / (wallS - lastWallS),
        processCpu: (100 * (counters.processCpuS - lastCounters.processCpuS)) / (wallS - lastWallS),
        cpuMsPerSimS:
          (1000 * (counters.processCpuS - lastCounters.processCpuS)) / (simS - lastSimS),
        frameTimes: frames,
        longTasks,
        longFrames,
        traced,
      };
      samples.push(sample);
      printRow(sample);
      lastWallS = (Date.now() - started) / 1000;
      lastSimS = await clockSeconds(page);
      lastCounters = await pageCounters(cdp);
    }
  } finally {
    await site.close();
  }
  const result = soakVerdict(samples, options.minutes * 60);
  console.log(`machine after: ${machineLoad()} (a busy machine makes frame times pessimistic)`);
  console.log(
    `speed achieved after warm-up: ${fixed(result.speeds[0])}x to ${fixed(result.speeds[1])}x (set ${options.speed}x); p99 frame ${fixed(result.p99FrameMs)} ms`,
  );
  console.log(`summary ${result.summary}`);
  const longFrames = samples.flatMap((s) => s.longFrames);
  if (longFrames.length > 0) {
    console.log(`long animation frames over 50 ms (page time; what ran in them):`);
    for (const line of longFrames) console.log(`  ${line}`);
  }
  for (const c of result.checks) console.log(`${c.ok ? 'PASS' : 'FAIL'} ${c.text}`);
  const missed = result.checks.filter((c) => !c.ok).length;
  if (missed === 0) console.log('soak: every target met');
  else if (options.strict) {
    console.log(`soak: FAILED (--strict): ${missed} of ${result.checks.length} targets missed`);
    process.exitCode = 1;
  } else {
    console.log(
      `soak: ${missed} of ${result.checks.length} targets missed (--strict exits with 1)`,
    );
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

/**
 * The functions with the most self time and the most total time (their callees
 * included) in a CPU profile, as shares of all samples; the profile is also written to
 * a file DevTools opens (Performance panel, "Load profile").
 */
function printProfile(profile: { nodes: ProfileNode[] }): void {
  const file = join(tmpdir(), `nines-soak-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  const nameOf = (node: ProfileNode): string => {
    const f = node.callFrame;
    const where = f.url ? `${f.url.split('/').pop()}:${f.lineNumber + 1}` : '';
    return `${f.functionName || '(anonymous)'} ${where}`.trim();
  };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  let all = 0;
  // Total time: each sample counts once per function on its stack (recursion once).
  const visit = (node: ProfileNode, onStack: ReadonlySet<string>): number => {
    let hits = node.hitCount ?? 0;
    const name = nameOf(node);
    self.set(name, (self.get(name) ?? 0) + hits);
    all += hits;
    const stack = new Set(onStack).add(name);
    for (const child of node.children ?? []) hits += visit(byId.get(child)!, stack);
    if (!onStack.has(name)) total.set(name, (total.get(name) ?? 0) + hits);
    return hits;
  };
  visit(profile.nodes[0]!, new Set());
  const top = (counts: Map<string, number>, skip: (name: string) => boolean) =>
    [...counts.entries()]
      .filter(([name]) => !skip(name))
      .sort((a, b) => b[1] - a[1])
      .slice(0, 20)
      .map(([name, count]) => `  ${fixed((100 * count) / all, 1).padStart(5)}%  ${name}`);
  console.log(`CPU profile of the last interval (written to ${file}); self time:`);
  for (const line of top(self, () => false)) console.log(line);
  console.log('total time (with callees), outside the idle and root entries:');
  for (const line of top(total, (name) => /^\((root|idle|program)\)/.test(name))) {
    console.log(line);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
