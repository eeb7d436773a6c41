/**
 * The JavaScript budget of the first load. At the end of `vite build` this plugin prints
 * the initial JavaScript (the entry chunk and every chunk it imports statically: what
 * index.html loads before anyone clicks anything) raw and gzip, then each lazy chunk
 * (loaded by `import()` when a feature is first used), and fails the build when the
 * initial JavaScript is over budget. A classroom on a slow shared network waits for the
 * initial JavaScript before the playground shows anything.
 */
import { gzipSync } from 'node:zlib';
import type { Logger, Plugin } from 'vite';

/**
 * The budget: initial JavaScript, gzip, in bytes (issue 12: at most 150 kB gzip; kB is
 * 1000 bytes, as in Vite's own size table).
 */
export const INITIAL_JS_LIMIT_GZIP_BYTES = 150_000;

/** What the plugin needs of a Rollup output chunk (a subset, so tests can build one by hand). */
export interface ChunkLike {
  type: 'chunk';
  fileName: string;
  code: string;
  isEntry: boolean;
  /** Chunks this one imports statically (loaded with it). */
  imports: readonly string[];
  /** Chunks this one loads with `import()` (loaded later, on demand). */
  dynamicImports: readonly string[];
}

/** What the plugin needs of a Rollup output asset (CSS, images): not JavaScript, not counted. */
export interface AssetLike {
  type: 'asset';
  fileName: string;
}

export type BundleLike = Record<string, ChunkLike | AssetLike>;

interface ChunkSize {
  fileName: string;
  rawBytes: number;
  gzipBytes: number;
}

export interface BundleSizeReport {
  /** Entry chunks and their static imports, sorted by file name. */
  initial: ChunkSize[];
  /** Every other chunk (reached only through `import()`), sorted by file name. */
  lazy: ChunkSize[];
  initialRawBytes: number;
  initialGzipBytes: number;
}

/**
 * The chunks loaded before any interaction: every entry chunk, and, transitively, every
 * chunk one of those imports statically. A chunk reached only through `import()` is not
 * among them, even when a static import of a lazy chunk shares it.
 */
export function initialChunks(bundle: BundleLike): string[] {
  const chunks = new Map<string, ChunkLike>();
  for (const item of Object.values(bundle))
    if (item.type === 'chunk') chunks.set(item.fileName, item);
  const initial = new Set<string>();
  const pending = [...chunks.values()].filter((c) => c.isEntry).map((c) => c.fileName);
  while (pending.length > 0) {
    const fileName = pending.pop()!;
    if (initial.has(fileName)) continue;
    initial.add(fileName);
    for (const imported of chunks.get(fileName)?.imports ?? []) pending.push(imported);
  }
  return [...initial].sort();
}

/**
 * Raw and gzip size of one chunk. Gzip at zlib's default level (6), the level most web
 * servers serve at; it lands within about 1% of the figure in Vite's own table.
 */
function chunkSize(chunk: ChunkLike): ChunkSize {
  return {
    fileName: chunk.fileName,
    rawBytes: Buffer.byteLength(chunk.code),
    gzipBytes: gzipSync(chunk.code).length,
  };
}

export function bundleSizeReport(bundle: BundleLike): BundleSizeReport {
  const initialNames = new Set(initialChunks(bundle));
  const sizes = Object.values(bundle)
    .filter((item): item is ChunkLike => item.type === 'chunk')
    .map(chunkSize)
    .sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  const initial = sizes.filter((s) => initialNames.has(s.fileName));
  return {
    initial,
    lazy: sizes.filter((s) => !initialNames.has(s.fileName)),
    initialRawBytes: initial.reduce((sum, s) => sum + s.rawBytes, 0),
    initialGzipBytes: initial.reduce((sum, s) => sum + s.gzipBytes, 0),
  };
}

const kb = (bytes: number): string => `${(bytes / 1000).toFixed(1)} kB`;

/** The printed report: one line per chunk, then the total against the budget. */
export function formatBundleSizeReport(
  report: BundleSizeReport,
  limitGzipBytes = INITIAL_JS_LIMIT_GZIP_BYTES,
): string {
  const line = (s: ChunkSize) => `  ${s.fileName}  ${kb(s.rawBytes)} raw, ${kb(s.gzipBytes)} gzip`;
  return [
    'Initial JavaScript (loaded by index.html before any interaction):',
    ...report.initial.map(line),
    `  total  ${kb(report.initialRawBytes)} raw, ${kb(report.initialGzipBytes)} gzip` +
      ` (budget ${kb(limitGzipBytes)} gzip)`,
    `Lazy JavaScript (loaded when a feature is first used): ${report.lazy.length} chunks`,
    ...report.lazy.map(line),
  ].join('\n');
}

/** The message when the initial JavaScript is over budget, or null when it is within it. */
export function overBudgetMessage(
  report: BundleSizeReport,
  limitGzipBytes = INITIAL_JS_LIMIT_GZIP_BYTES,
): string | null {
  if (report.initialGzipBytes <= limitGzipBytes) return null;
  return (
    `Initial JavaScript is ${kb(report.initialGzipBytes)} gzip, over the budget of ` +
    `${kb(limitGzipBytes)} gzip: load the new code with import() (React.lazy for a panel) ` +
    `where the first screen does not need it.`
  );
}

/** The Vite plugin: prints the report after the files are written; fails when over budget. */
export function bundleSize(limitGzipBytes = INITIAL_JS_LIMIT_GZIP_BYTES): Plugin {
  let logger: Logger | undefined;
  return {
    name: 'nines-bundle-size',
    apply: 'build',
    configResolved(config) {
      logger = config.logger;
    },
    writeBundle(_options, bundle) {
      const report = bundleSizeReport(bundle as unknown as BundleLike);
      logger?.info(`\n${formatBundleSizeReport(report, limitGzipBytes)}`);
      const over = overBudgetMessage(report, limitGzipBytes);
      if (over) this.error(over);
    },
  };
}
