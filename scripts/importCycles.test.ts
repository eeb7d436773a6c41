/**
 * Imports in app/ flow one way: no module imports itself through others. A cycle makes
 * load order matter (a value read before its module ran is `undefined`), ties modules
 * that should change apart, and hides which one owns a thing; a type-only cycle counts
 * too, since it is the same tangle waiting for its first value import.
 *
 * The graph covers every .ts/.tsx file under app/ (tests included), with static, type-only,
 * re-export and dynamic `import()` edges; relative specifiers resolve as the bundler does
 * (`./x` -> x.ts, x.tsx, x/index.ts). Inside a layer, import the concrete module, not the
 * layer's barrel (`index.ts`): the barrel imports every module of the layer back.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

type ImportGraph = ReadonlyMap<string, readonly string[]>;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

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

/** Every module specifier a file names: imports, `export ... from`, `import()`, `import('x').T`. */
function specifiers(file: string): string[] {
  const source = ts.createSourceFile(
    file,
    readFileSync(file, 'utf8'),
    ts.ScriptTarget.Latest,
    true,
  );
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push(node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] &&
      ts.isStringLiteral(node.arguments[0])
    ) {
      found.push(node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Module -> the modules it imports, keyed by path relative to the repository root. */
function importGraph(dir: string): ImportGraph {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(dir)) {
    const targets = specifiers(file)
      .map((s) => resolveImport(file, s))
      .filter((t): t is string => t !== null)
      .map((t) => relative(ROOT, t));
    graph.set(relative(ROOT, file), [...new Set(targets)]);
  }
  return graph;
}

/**
 * One shortest cycle per strongly connected component (Tarjan), as the path of modules
 * from the component's first module (by name) back to itself.
 */
function findCycles(graph: ImportGraph): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const connect = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        connect(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1 || graph.get(v)!.includes(v)) components.push(component);
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) connect(v);

  return components.map((component) => {
    const members = new Set(component);
    const start = [...component].sort()[0]!;
    // Breadth-first inside the component, from start back to start.
    const cameFrom = new Map<string, string>();
    const queue = [start];
    while (queue.length) {
      const v = queue.shift()!;
      for (const w of graph.get(v)!) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [start];
          for (let at = v; at !== start; at = cameFrom.get(at)!) path.unshift(at);
          path.unshift(start);
          return path;
        }
        if (!cameFrom.has(w)) {
          cameFrom.set(w, v);
          queue.push(w);
        }
      }
    }
    throw new Error(`no cycle through ${start}`);
  });
}

describe('findCycles', () => {
  it('finds each cycle once, as a path back to its first module, and nothing else', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'x']],
      ['c', ['a']],
      ['d', ['a', 'd']],
      ['x', []],
    ]);
    expect(findCycles(graph)).toEqual(
      expect.arrayContaining([
        ['a', 'b', 'c', 'a'],
        ['d', 'd'],
      ]),
    );
    expect(findCycles(graph)).toHaveLength(2);
  });

  it('finds none in a graph that only flows one way', () => {
    const graph = new Map([
      ['a', ['b', 'c']],
      ['b', ['c']],
      ['c', []],
    ]);
    expect(findCycles(graph)).toEqual([]);
  });
});

describe('imports in app/', () => {
  const graph = importGraph(join(ROOT, 'app'));

  it('sees static, type-only, re-export, barrel and dynamic imports', () => {
    // Guards the check below against a graph that silently lost its edges.
    expect(graph.get('app/sim/database/types.ts')).toContain('app/sim/output/log.ts'); // import type
    expect(graph.get('app/sim/index.ts')).toContain('app/sim/output/snapshot.ts'); // export *
    expect(graph.get('app/scenarios/scenario.ts')).toContain('app/sim/index.ts'); // '../sim'
    expect(graph.get('app/components/app/App.tsx')).toContain(
      'app/components/compare/CompareView.tsx',
    ); // import()
  });

  it('has no import cycle', () => {
    const cycles = findCycles(graph).map((cycle) => cycle.join(' -> '));
    // Break one by moving what both modules need into the module it belongs to.
    expect(cycles).toEqual([]);
  });
});
