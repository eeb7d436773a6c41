import { describe, expect, it } from 'vitest';
import {
  bundleSize,
  bundleSizeReport,
  formatBundleSizeReport,
  initialChunks,
  INITIAL_JS_LIMIT_GZIP_BYTES,
  overBudgetMessage,
  type AssetLike,
  type BundleLike,
  type ChunkLike,
} from './bundleSize';

function chunk(
  fileName: string,
  code: string,
  links: { entry?: boolean; imports?: string[]; dynamicImports?: string[] } = {},
): ChunkLike {
  return {
    type: 'chunk',
    fileName,
    code,
    isEntry: links.entry ?? false,
    imports: links.imports ?? [],
    dynamicImports: links.dynamicImports ?? [],
  };
}

function bundleOf(...items: (ChunkLike | AssetLike)[]): BundleLike {
  return Object.fromEntries(items.map((item) => [item.fileName, item]));
}

/**
 * A built site as Rollup describes it: the entry imports the engine (which imports React)
 * and loads the lessons and the charts with import(); the lessons import the engine and
 * a knob chunk; the charts import the knob chunk too; and a stylesheet.
 */
const SITE = bundleOf(
  chunk('assets/index.js', 'import "./engine.js"; const a = 1;', {
    entry: true,
    imports: ['assets/engine.js'],
    dynamicImports: ['assets/Lessons.js', 'assets/Charts.js'],
  }),
  chunk('assets/engine.js', 'export const engine = "é";', { imports: ['assets/react.js'] }),
  chunk('assets/react.js', 'export const react = 1;'),
  chunk('assets/Lessons.js', 'export const lessons = 1;', {
    imports: ['assets/engine.js', 'assets/Knob.js'],
  }),
  chunk('assets/Charts.js', 'export const charts = 1;', { imports: ['assets/Knob.js'] }),
  chunk('assets/Knob.js', 'export const knob = 1;'),
  { type: 'asset', fileName: 'assets/index.css' },
);

describe('initial chunks', () => {
  it('are the entry and what it imports statically, transitively; import() targets are not', () => {
    expect(initialChunks(SITE)).toEqual(['assets/engine.js', 'assets/index.js', 'assets/react.js']);
  });

  it('leave out a chunk only lazy chunks import, even one a lazy chunk shares with the first load', () => {
    const initial = initialChunks(SITE);
    expect(initial).not.toContain('assets/Knob.js');
    expect(initial).not.toContain('assets/Lessons.js');
  });

  it('follow a cycle of static imports once', () => {
    const cyclic = bundleOf(
      chunk('a.js', '', { entry: true, imports: ['b.js'] }),
      chunk('b.js', '', { imports: ['a.js'] }),
    );
    expect(initialChunks(cyclic)).toEqual(['a.js', 'b.js']);
  });

  it('are every entry and its imports when there are several entries', () => {
    const two = bundleOf(
      chunk('a.js', '', { entry: true }),
      chunk('b.js', '', { entry: true, imports: ['c.js'] }),
      chunk('c.js', ''),
      chunk('d.js', ''),
    );
    expect(initialChunks(two)).toEqual(['a.js', 'b.js', 'c.js']);
  });
});

describe('size report', () => {
  const report = bundleSizeReport(SITE);

  it('counts JavaScript only: every chunk once, initial or lazy, no stylesheet', () => {
    expect(report.initial.map((s) => s.fileName)).toEqual([
      'assets/engine.js',
      'assets/index.js',
      'assets/react.js',
    ]);
    expect(report.lazy.map((s) => s.fileName)).toEqual([
      'assets/Charts.js',
      'assets/Knob.js',
      'assets/Lessons.js',
    ]);
  });

  it('measures raw size in bytes (UTF-8), not characters', () => {
    const engine = report.initial.find((s) => s.fileName === 'assets/engine.js')!;
    expect(engine.rawBytes).toBe('export const engine = "é";'.length + 1);
  });

  it('measures gzip size as what a server sends: much smaller for repetitive code', () => {
    const code = 'export const x = [' + '1, 2, 3, '.repeat(2000) + '];';
    const [size] = bundleSizeReport(bundleOf(chunk('big.js', code, { entry: true }))).initial;
    expect(size!.rawBytes).toBe(code.length);
    expect(size!.gzipBytes).toBeLessThan(size!.rawBytes / 20);
    // Never less than gzip's own header and trailer (18 bytes).
    expect(size!.gzipBytes).toBeGreaterThan(18);
  });

  it('totals the initial chunks', () => {
    expect(report.initialRawBytes).toBe(report.initial.reduce((sum, s) => sum + s.rawBytes, 0));
    expect(report.initialGzipBytes).toBe(report.initial.reduce((sum, s) => sum + s.gzipBytes, 0));
  });

  it('prints each chunk, the total against the budget, and the lazy chunks', () => {
    const text = formatBundleSizeReport(report, 150_000);
    expect(text).toContain('assets/index.js');
    expect(text).toContain('(budget 150.0 kB gzip)');
    expect(text).toContain('Lazy JavaScript (loaded when a feature is first used): 3 chunks');
    expect(text.indexOf('assets/Lessons.js')).toBeGreaterThan(text.indexOf('Lazy JavaScript'));
  });
});

describe('budget', () => {
  const report = bundleSizeReport(SITE);

  it('is 150 kB gzip (issue 12)', () => {
    expect(INITIAL_JS_LIMIT_GZIP_BYTES).toBe(150_000);
  });

  it('passes at the limit and fails one byte over, naming both figures', () => {
    expect(overBudgetMessage(report, report.initialGzipBytes)).toBeNull();
    const message = overBudgetMessage(report, report.initialGzipBytes - 1);
    expect(message).toMatch(
      /^Initial JavaScript is [\d.]+ kB gzip, over the budget of [\d.]+ kB gzip/,
    );
  });

  it('fails the build when over budget, and only then', () => {
    const run = (limit: number) => {
      const plugin = bundleSize(limit);
      const errors: string[] = [];
      const context = {
        error(message: string): never {
          errors.push(message);
          throw new Error(message);
        },
      };
      const writeBundle = plugin.writeBundle as (
        this: typeof context,
        options: unknown,
        bundle: BundleLike,
      ) => void;
      try {
        writeBundle.call(context, {}, SITE);
      } catch {
        // The error is recorded above.
      }
      return errors;
    };
    expect(run(report.initialGzipBytes)).toEqual([]);
    expect(run(report.initialGzipBytes - 1)).toHaveLength(1);
  });
});
