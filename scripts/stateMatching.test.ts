/**
 * States are typed unions (issue 12): code and tests compare `view.state` with a member
 * of its union (`=== 'crashed'`, `DOWN_STATUSES.has(...)`), never match the words shown
 * on screen. This test reads every source and test file under app/ and scripts/ and
 * fails on a state (`state`, `stateLabel`, `x.state`, `x?.state ?? 'up'`) handed to a
 * regular expression (`/.../.test(state)`, `.exec`, `.match`), searched for a substring
 * (`state.includes('slow')`, `startsWith`, `indexOf`...) or asserted with `toMatch` or
 * `toContain`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const STATE_NAMES: ReadonlySet<string> = new Set(['state', 'stateLabel']);
const SUBSTRING_METHODS: ReadonlySet<string> = new Set([
  'includes',
  'startsWith',
  'endsWith',
  'indexOf',
  'match',
  'matchAll',
  'search',
]);
const REGEX_METHODS: ReadonlySet<string> = new Set(['test', 'exec']);
const EXPECT_MATCHERS: ReadonlySet<string> = new Set(['toMatch', 'toContain']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

/** `state`, `view.state`, `view?.stateLabel`, `(view?.state ?? 'up')`, `view.state!`. */
function isState(node: ts.Expression): boolean {
  if (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) {
    return isState(node.expression);
  }
  if (ts.isIdentifier(node)) return STATE_NAMES.has(node.text);
  if (ts.isPropertyAccessExpression(node)) return STATE_NAMES.has(node.name.text);
  if (
    ts.isBinaryExpression(node) &&
    node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken
  ) {
    return isState(node.left);
  }
  return false;
}

/** The argument of the `expect(...)` a matcher chain starts from (through `.not`). */
function expectedValue(node: ts.Expression): ts.Expression | undefined {
  if (ts.isPropertyAccessExpression(node)) return expectedValue(node.expression);
  if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
    return node.expression.text === 'expect' ? node.arguments[0] : undefined;
  }
  return undefined;
}

/** Each place in `text` that matches a state by words, as `line: code`. */
function stateWordMatches(fileName: string, text: string): string[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const report = (node: ts.Node) => {
    const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
    found.push(`${line + 1}: ${node.getText(source).split('\n')[0]}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const method = node.expression.name.text;
      const target = node.expression.expression;
      const first = node.arguments[0];
      if (SUBSTRING_METHODS.has(method) && isState(target)) report(node);
      else if (REGEX_METHODS.has(method) && first !== undefined && isState(first)) report(node);
      else if (EXPECT_MATCHERS.has(method)) {
        const value = expectedValue(target);
        if (value !== undefined && isState(value)) report(node);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('states are compared as typed unions, never matched as words', () => {
  it('finds each way of matching words in a small sample (so the scan can fail)', () => {
    const sample = [
      'const a = /crashed|down/.test(state);',
      "const b = view.state.includes('slow');",
      "const c = (view?.stateLabel ?? 'up').startsWith('down');",
      'expect(node.state).toMatch(/^rebuilding/);',
      "expect(run.snapshot!.components[0]!.state).not.toContain('down');",
      "const ok = view.state === 'crashed' && DOWN_STATUSES.has(view.state);",
      "expect(view.state).toBe('rebuilding');",
    ].join('\n');
    expect(stateWordMatches('sample.ts', sample).map((hit) => Number(hit.split(':')[0]))).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });

  it('no file under app/ or scripts/ matches a state by regex or substring', () => {
    const files = [...sourceFiles(join(ROOT, 'app')), ...sourceFiles(join(ROOT, 'scripts'))];
    const hits = files.flatMap((file) =>
      stateWordMatches(file, readFileSync(file, 'utf8')).map(
        (hit) => `${relative(ROOT, file).split('\\').join('/')}:${hit}`,
      ),
    );
    expect(hits).toEqual([]);
  });
});
