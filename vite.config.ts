import react from '@vitejs/plugin-react';
import { configDefaults, defineConfig } from 'vitest/config';
import type { Plugin } from 'vite';
import { bundleSize } from './app/build/bundleSize.ts';
import { offlinePrecache } from './app/build/offlinePrecache.ts';
import { referencePage } from './app/build/referencePage.ts';

/**
 * The dev server only: drops index.html's Content-Security-Policy, since hot reload
 * injects an inline script and talks over a WebSocket. The built site keeps it.
 */
function devWithoutCsp(): Plugin {
  return {
    name: 'nines-dev-without-csp',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>/, ''),
  };
}

export default defineConfig({
  // Relative asset URLs so the built site works from any sub-path of a static host.
  base: './',
  // offlinePrecache: sw.js, so the built site works with no network after one visit.
  // bundleSize: prints the first load's JavaScript and fails the build over its budget.
  // referencePage: docs/reference.md as reference.html, which the settings link to.
  plugins: [react(), referencePage(), offlinePrecache(), bundleSize(), devWithoutCsp()],
  build: {
    outDir: 'dist',
    rolldownOptions: {
      // The real-world tables (settings/realWorld*.ts) are plain data that only the lazy
      // settings, lessons and reference read; saying they have no side effects lets the
      // bundler leave them out of the first load instead of keeping them for their spreads.
      treeshake: {
        moduleSideEffects: (id: string) => !/\/app\/sim\/settings\/realWorld\w*\.ts$/.test(id),
      },
      output: {
        // The chunk the entry and the lazy parts share holds the engine: name it so,
        // rather than after whichever of its modules comes first (`jsx-runtime`).
        chunkFileNames: (chunk) =>
          chunk.moduleIds.some((id) => id.includes('/app/sim/'))
            ? 'assets/engine-[hash].js'
            : 'assets/[name]-[hash].js',
      },
    },
  },
  test: {
    // Engine tests run in Node; view tests opt in with `// @vitest-environment jsdom`.
    environment: 'node',
    // Engine tests replay many seeds; on a loaded 2-core CI box one can take seconds.
    testTimeout: 60_000,
    // Vitest's default in a run is one worker fewer than the cores: on CI's 2 cores, one,
    // so every file ran in turn on one core. CI has the machine to itself: use both. (A
    // developer's run keeps the default, leaving a core for the rest of the machine.)
    maxWorkers: process.env.CI ? '100%' : undefined,
    include: ['app/**/*.test.ts', 'app/**/*.test.tsx', 'scripts/**/*.test.ts'],
    exclude: [...configDefaults.exclude, 'e2e/**', 'dist/**'],
  },
});
