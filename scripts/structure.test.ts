/**
 * The shape of app/sim (issue 12), checked so it stays the shape:
 *
 * - no engine module grows past 600 lines (a file that long is doing several jobs);
 * - the page's first load never reaches the running engine: from app/main.tsx, the
 *   static value imports never get to `simulation.ts`, `runtime.ts` or
 *   `database/database.ts` (the session runs them in a Web Worker, loaded on demand);
 * - every engine module opens with a comment saying what it is for.
 */
import { readdirSync, readFileSync, existsSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SIM = join(ROOT, 'app/sim');
const MAX_LINES = 600;
const ENGINE_ONLY = ['app/sim/simulation.ts', 'app/sim/runtime.ts', 'app/sim/database/database.ts'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

const rel = (file: string): string => relative(ROOT, file).split('\\').join('/');

/** The .ts/.tsx file a relative specifier names, or null (a package, CSS, JSON...). */
function resolveImport(fromFile: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const base = resolve(dirname(fromFile), specifier);
  const candidates = [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    join(base, 'index.ts'),
    join(base, 'index.tsx'),
  ];
  return candidates.find((c) => /\.tsx?$/.test(c) && existsSync(c) && statSync(c).isFile()) ?? null;
}

/**
 * The specifiers a module loads when it runs: `import ... from` and `export ... from`,
 * but not `import type` / `export type` (erased) nor `import()` (a separate chunk,
 * loaded on demand).
 */
function staticValueImports(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
      if (statement.importClause?.isTypeOnly) continue;
      found.push(statement.moduleSpecifier.text);
    } else if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier &&
      ts.isStringLiteral(statement.moduleSpecifier)
    ) {
      if (statement.isTypeOnly) continue;
      found.push(statement.moduleSpecifier.text);
    }
  }
  return found;
}

/**
 * Every module the page's first load reaches from `entry`, each with the chain that
 * reached it (for the failure message).
 */
function reachable(
  entry: string,
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): Map<string, string[]> {
  const chains = new Map<string, string[]>([[entry, [rel(entry)]]]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.shift()!;
    for (const specifier of staticValueImports(file, read(file))) {
      const target = resolveImport(file, specifier);
      if (target === null || chains.has(target)) continue;
      chains.set(target, [...chains.get(file)!, rel(target)]);
      queue.push(target);
    }
  }
  return new Map([...chains].map(([file, chain]) => [rel(file), chain]));
}

/** The engine-only modules a graph reaches, with their chains. */
const engineReached = (graph: Map<string, string[]>): string[] =>
  ENGINE_ONLY.filter((file) => graph.has(file)).map((file) => graph.get(file)!.join(' -> '));

describe('app/sim structure (issue 12)', () => {
  it(`keeps every engine module at ${MAX_LINES} lines or fewer`, () => {
    const files = sourceFiles(SIM);
    expect(files.length).toBeGreaterThan(50);
    const long = files
      .map((file) => [rel(file), readFileSync(file, 'utf8').split('\n').length] as const)
      .filter(([, lines]) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('keeps the running engine out of the page’s first load', () => {
    const graph = reachable(join(ROOT, 'app/main.tsx'));
    // Guards against a graph that lost its edges: the page does load the model.
    expect(graph.has('app/sim/index.ts')).toBe(true);
    expect(graph.has('app/sim/settings/index.ts')).toBe(true);
    expect(engineReached(graph)).toEqual([]);
  });

  it('would see the engine if the model barrel re-exported it', () => {
    const barrel = join(SIM, 'index.ts');
    const leaky = (file: string): string => {
      const text = readFileSync(file, 'utf8');
      return file === barrel ? `${text}\nexport * from './simulation';\n` : text;
    };
    const chains = engineReached(reachable(join(ROOT, 'app/main.tsx'), leaky));
    expect(chains.find((chain) => chain.endsWith('app/sim/simulation.ts'))).toMatch(
      /^app\/main\.tsx -> .* -> app\/sim\/index\.ts -> app\/sim\/simulation\.ts$/,
    );
  });

  it('skips type-only and dynamic imports, and follows re-exports', () => {
    expect(
      staticValueImports(
        'x.ts',
        [
          "import type { A } from './a';",
          "import { b } from './b';",
          "export * from './c';",
          "export type { D } from './d';",
          "const e = () => import('./e');",
        ].join('\n'),
      ),
    ).toEqual(['./b', './c']);
  });

  it('opens every engine module with a comment saying what it is for', () => {
    const silent = sourceFiles(SIM)
      .filter((file) => !/^\s*(\/\*\*|\/\/)/.test(readFileSync(file, 'utf8')))
      .map(rel);
    expect(silent).toEqual([]);
  });
});
