// @vitest-environment jsdom
/**
 * Keys a link carries that the page does not know, and badly encoded parts: named in one
 * notice with the keys a link can carry, and taken out of the address (issue 14's
 * review: `&years=abc`, `#scen` and a truncated `%E0%A4%A` were ignored in silence and
 * travelled on in every shared copy). Fuzzed over random hashes: never a throw, at most
 * one notice, and every part with a known key is kept exactly, so it loads as before.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import ts from 'typescript';
import { afterEach, describe, expect, it } from 'vitest';
import { GARBAGE, SHARE_HASH, expectClearMessage } from '../../scenarios/fuzzSupport';
import { hashParam } from './hashParams';
import { checkLinkKeys, LINK_KEYS, startLinkKeyCheck } from './linkKeys';
import { builtinScenario, linkKeysOf } from '../../scenarios';
import { readUrlState, urlWithState } from './urlState';

const BASE = 'https://x.test/nines/';

describe('checkLinkKeys', () => {
  it('says nothing and changes nothing for a link of known keys only', () => {
    const href = `${BASE}?lang=en#scenario=one-region&seed=4&present&theme=dark&panel=trace`;
    expect(checkLinkKeys(href)).toEqual({ href, problem: null });
    expect(checkLinkKeys(BASE)).toEqual({ href: BASE, problem: null });
  });

  it('names unknown keys once, lists the keys a link can carry, and removes them', () => {
    const { href, problem } = checkLinkKeys(
      `${BASE}#scenario=one-region&years=abc&seed=4&scen&years=3`,
    );
    expect(href).toBe(`${BASE}#scenario=one-region&seed=4`);
    expect(problem).toContain('unknown keys "years", "scen"');
    expect(problem!.match(/"years"/g)).toHaveLength(1);
    for (const key of LINK_KEYS) expect(problem).toContain(key);
    expectClearMessage(problem);
  });

  it('gives a badly encoded part one clear notice and removes it', () => {
    const { href, problem } = checkLinkKeys(`${BASE}#seed=4&%E0%A4%A`);
    expect(href).toBe(`${BASE}#seed=4`);
    expect(problem).toContain('badly encoded text "%E0%A4%A"');
    expect(problem).not.toContain('unknown key');
  });

  it('keeps a known key written with percent-encoding', () => {
    const href = `${BASE}#%73eed=4`; // %73 is "s"
    expect(checkLinkKeys(href).problem).toBeNull();
  });
});

describe('fuzz: random hashes', () => {
  const EXTRA = fc.array(
    fc.oneof(
      fc.tuple(GARBAGE, GARBAGE).map(([k, v]) => `${encodeURIComponent(k)}=${v}`),
      GARBAGE,
      fc.constantFrom('years=abc', 'scen', '%E0%A4%A', '%', 'theme=dark', 'panel=trace'),
    ),
    { maxLength: 4 },
  );

  it('never throws, names each bad key at most once, and keeps every known key as it was', () => {
    fc.assert(
      fc.property(SHARE_HASH, EXTRA, (hash, extra) => {
        const original = `${BASE}#${[hash, ...extra].join('&')}`;
        const { href, problem } = checkLinkKeys(original);
        if (problem !== null) expectClearMessage(problem);
        // Checking again finds nothing: the bad parts are gone after their one notice.
        expect(checkLinkKeys(href).problem).toBeNull();
        // The app's known keys still load, exactly as they did.
        for (const key of LINK_KEYS) expect(hashParam(href, key)).toBe(hashParam(original, key));
        const before = readUrlState(original);
        const after = readUrlState(href);
        expect(after.scenario.name).toBe(before.scenario.name);
        expect(after.seed).toBe(before.seed);
        expect(after.startSettings).toEqual(before.startSettings);
        expect(after.faults).toEqual(before.faults);
        expect(after.compare).toEqual(before.compare);
      }),
      { seed: 14, numRuns: 200 },
    );
  });
});

describe('on the page', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('one notice at load and one per hashchange with a bad key, and the key leaves', () => {
    const notices: string[] = [];
    window.history.replaceState(null, '', '/#seed=4&years=abc');
    const stop = startLinkKeyCheck((text) => notices.push(text));
    expect(notices).toHaveLength(1);
    expect(window.location.hash).toBe('#seed=4');
    window.location.hash = 'seed=4&%E0%A4%A';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(notices).toHaveLength(2);
    expect(window.location.hash).toBe('#seed=4');
    // The address the page wrote back has nothing more to say.
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    expect(notices).toHaveLength(2);
    stop();
  });
});

/**
 * One declaration: every key the page's code reads or writes in an address (through
 * hashParam, withHashParam, withoutLinkParam, dropLinkParam or a reader's linkParam) is a
 * key of LINK_KEYS, and every key of LINK_KEYS has a reader, so the list the link check
 * keeps and names is exactly what the page reads. (The type checker refuses any other key
 * already: `LinkKey`; this finds a reader that bypasses the type with a cast or a
 * `string`.)
 */
describe("the share link's own keys (owner 'run')", () => {
  it('are the keys the run is written with: urlWithState replaces those and keeps every other', () => {
    const runKeys = new Set<string>(linkKeysOf('run'));
    for (const key of LINK_KEYS) {
      const href = urlWithState(`${BASE}?${key}=q#${key}=h`, {
        scenarioName: 'one-region',
        seed: 3,
      });
      const url = new URL(href);
      const query = new URLSearchParams(url.search);
      const kept = hashParam(href, key);
      if (runKeys.has(key)) {
        expect(query.has(key), key).toBe(false);
        expect(kept, key).not.toBe('h');
      } else {
        expect(query.get(key), key).toBe('q');
        expect(kept, key).toBe('h');
      }
    }
    // With every part of a run set, the link is written with exactly the run's keys.
    const written = urlWithState(BASE, {
      scenarioName: 'one-region',
      seed: 3,
      startSettings: [{ path: 'healthCheck.intervalMs', value: 5000 }],
      faults: [],
      compare: [{ path: 'retries.clientMaxAttempts', value: 3 }],
      topology: builtinScenario('two-regions')!.topology,
    });
    const writtenKeys = new URL(written).hash
      .replace(/^#/, '')
      .split('&')
      .map((part) => part.split('=')[0]!);
    expect(new Set(writtenKeys)).toEqual(runKeys);
  });
});

describe('LINK_KEYS is the keys the page reads', () => {
  const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
  const READERS = new Set([
    'hashParam',
    'withHashParam',
    'withoutLinkParam',
    'dropLinkParam',
    'linkParam',
  ]);

  function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return sourceFiles(path);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [path] : [];
    });
  }

  /** Each reader call's key argument: its text when a string literal, else null. */
  function keysRead(): Array<{ where: string; key: string | null }> {
    const found: Array<{ where: string; key: string | null }> = [];
    for (const file of sourceFiles(ROOT)) {
      const text = readFileSync(file, 'utf8');
      if (![...READERS].some((name) => text.includes(`${name}(`))) continue;
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const visit = (node: ts.Node): void => {
        if (
          ts.isCallExpression(node) &&
          ts.isIdentifier(node.expression) &&
          READERS.has(node.expression.text)
        ) {
          const arg = node.arguments.length === 1 ? node.arguments[0] : node.arguments[1];
          const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
          found.push({
            where: `${relative(ROOT, file)}:${line}`,
            key: arg && ts.isStringLiteral(arg) ? arg.text : null,
          });
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    return found;
  }

  it('every key read is in LINK_KEYS, and every key in it is read', () => {
    const calls = keysRead();
    // The scan finds the readers (urlState, lessonParams, theme, SideTabs, challenges...).
    expect(calls.length).toBeGreaterThan(20);
    const literal = calls.filter((c) => c.key !== null);
    for (const { where, key } of literal) expect(LINK_KEYS, where).toContain(key);
    const read = new Set(literal.map((c) => c.key));
    for (const key of LINK_KEYS) expect(read.has(key), `no reader of "${key}"`).toBe(true);
    // A key passed as a variable is one of the type LinkKey (hashParams.ts's own helpers).
    const dynamic = calls.filter((c) => c.key === null).map((c) => c.where.split(':')[0]);
    expect([...new Set(dynamic)]).toEqual(['components/share/hashParams.ts']);
  });

  it('an unknown key still gets the one notice naming the keys a link can carry', () => {
    const { problem } = checkLinkKeys(`${BASE}#scenario=one-region&zoom=2`);
    expect(problem).toBe(
      `This link has an unknown key "zoom", which the page ignores: it was removed. A link can carry ${LINK_KEYS.join(', ')}.`,
    );
  });
});
