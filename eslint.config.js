// @ts-check
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

/** The folders of the layer table in docs/architecture.md ("Layers"). */
const LAYERS = [
  'sim',
  'scenarios',
  'lessons',
  'challenges',
  'driver',
  'store',
  'views',
  'components',
  'cli',
];

/**
 * `no-restricted-imports` for one folder of the layer table: every other layer not in
 * `allowed` is forbidden by relative path (`../store`, `../../store/x`, `../../app/store`),
 * and `packages` by name (with subpaths).
 * @param {string} layer
 * @param {string[]} allowed
 * @param {{ packages: string[], extra?: { regex: string, message: string }[] }} rules
 * @returns {import('eslint').Linter.RuleEntry}
 */
function layerImports(layer, allowed, { packages, extra = [] }) {
  const forbidden = LAYERS.filter((name) => name !== layer && !allowed.includes(name));
  const allowedText = allowed.length ? allowed.map((name) => `app/${name}`).join(', ') : 'nothing';
  const patterns = [
    {
      regex: `^(\\.\\./)+(app/)?(${forbidden.join('|')})(/|$)`,
      message: `app/${layer} may import only from app/${layer} and ${allowedText} (docs/architecture.md, Layers).`,
    },
    ...extra,
  ];
  if (packages.length) {
    patterns.push({
      regex: `^(${packages.join('|')})(/|$)`,
      message: `app/${layer} must not depend on this package (docs/architecture.md, Layers).`,
    });
  }
  return ['error', { patterns: patterns.map((pattern) => ({ ...pattern, caseSensitive: true })) }];
}

const REACT = ['react', 'react-dom'];
const D3 = ['d3', 'd3-[^/]+'];
const ZUSTAND = ['zustand'];

/** Sources of nondeterminism the engine must not touch (docs/architecture.md, "The engine"). */
const CLOCK_MESSAGE = 'app/sim is deterministic: use the virtual clock and the seeded generator.';
const CLOCK_GLOBALS = [
  'setTimeout',
  'setInterval',
  'setImmediate',
  'requestAnimationFrame',
  'requestIdleCallback',
  'performance',
  'crypto',
].map((name) => ({ name, message: CLOCK_MESSAGE }));
const CLOCK_PROPERTIES = [
  { object: 'Math', property: 'random' },
  { object: 'Date', property: 'now' },
  { object: 'performance', property: 'now' },
  ...['globalThis', 'window', 'self'].flatMap((object) =>
    ['setTimeout', 'setInterval', 'requestAnimationFrame', 'performance', 'crypto'].map(
      (property) => ({ object, property }),
    ),
  ),
].map((entry) => ({ ...entry, message: CLOCK_MESSAGE }));

export default defineConfig(
  globalIgnores(['dist', 'node_modules', 'playwright-report', 'test-results', 'blob-report']),

  js.configs.recommended,
  { files: ['**/*.{ts,tsx}'], extends: [tseslint.configs.recommended] },

  { files: ['app/**'], languageOptions: { globals: globals.browser } },
  {
    files: [
      'app/cli/**',
      'app/build/**',
      'e2e/**',
      'scripts/**',
      '*.config.{js,ts}',
      'app/**/*.test.{ts,tsx}',
    ],
    languageOptions: { globals: globals.node },
  },

  {
    files: ['app/components/**/*.{ts,tsx}', 'app/*.tsx'],
    extends: [reactHooks.configs.flat.recommended],
  },

  // The layer table of docs/architecture.md ("Layers"), one block per folder.
  {
    files: ['app/sim/**'],
    rules: {
      'no-restricted-imports': layerImports('sim', [], {
        packages: [...REACT, ...ZUSTAND, ...D3],
        extra: [
          {
            regex: `^(node:.*|${builtinModules.join('|')})(/|$)`,
            message: 'app/sim must run in a browser and a Web Worker: no Node built-ins.',
          },
        ],
      }),
    },
  },
  {
    files: ['app/sim/**'],
    ignores: ['app/sim/**/*.test.ts'],
    rules: {
      'no-restricted-globals': ['error', ...CLOCK_GLOBALS],
      'no-restricted-properties': ['error', ...CLOCK_PROPERTIES],
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: CLOCK_MESSAGE,
        },
      ],
    },
  },
  {
    files: ['app/scenarios/**'],
    rules: {
      'no-restricted-imports': layerImports('scenarios', ['sim'], {
        packages: [...REACT, ...ZUSTAND, ...D3],
      }),
    },
  },
  {
    files: ['app/lessons/**'],
    rules: {
      'no-restricted-imports': layerImports('lessons', ['sim', 'scenarios'], {
        packages: [...REACT, ...ZUSTAND, ...D3],
      }),
    },
  },
  {
    files: ['app/challenges/**'],
    rules: {
      'no-restricted-imports': layerImports('challenges', ['sim', 'scenarios'], {
        packages: [...REACT, ...ZUSTAND, ...D3],
      }),
    },
  },
  {
    files: ['app/driver/**'],
    rules: {
      // The session judges challenges too (off the main thread).
      'no-restricted-imports': layerImports('driver', ['sim', 'store', 'challenges'], {
        packages: [...REACT, ...D3],
      }),
    },
  },
  {
    files: ['app/store/**'],
    rules: {
      // Challenges: the types of a judging's messages only (`import type`).
      'no-restricted-imports': layerImports('store', ['sim', 'scenarios', 'challenges'], {
        packages: [...REACT, ...D3],
        extra: [
          {
            regex: '^zustand(?!/vanilla(/|$))(/|$)',
            message: "The store is vanilla: import from 'zustand/vanilla' (no React).",
          },
        ],
      }),
    },
  },
  {
    files: ['app/views/**'],
    rules: {
      'no-restricted-imports': layerImports('views', ['sim'], {
        packages: [...REACT, ...ZUSTAND],
      }),
    },
  },
  {
    files: ['app/cli/**'],
    rules: {
      'no-restricted-imports': layerImports('cli', ['sim', 'scenarios'], {
        packages: [...REACT, ...ZUSTAND, ...D3],
      }),
    },
  },
  // Tests (and their fixtures) may also read the built-in scenarios, as data: a view or
  // driver test then runs on the clouds users see instead of a copy that drifts.
  {
    files: ['app/views/**/*.test.ts', 'app/views/topologyFixtures.ts'],
    rules: {
      'no-restricted-imports': layerImports('views', ['sim', 'scenarios'], {
        packages: [...REACT, ...ZUSTAND],
      }),
    },
  },
  {
    files: ['app/driver/**/*.test.ts'],
    rules: {
      'no-restricted-imports': layerImports('driver', ['sim', 'store', 'scenarios', 'challenges'], {
        packages: [...REACT, ...D3],
      }),
    },
  },
  {
    files: ['e2e/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(\\.\\./)+app(/|$)',
              message: 'e2e tests drive the built site only; do not import app code.',
            },
            {
              regex: '^@axe-core/playwright$',
              message: "Scan with e2e/axe.ts's AxeBuilder (the same findings, for less CPU).",
            },
          ],
        },
      ],
    },
  },
  // The one place the specs' axe builder comes from.
  { files: ['e2e/axe.ts'], rules: { 'no-restricted-imports': 'off' } },
);
