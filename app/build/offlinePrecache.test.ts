import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { builtFiles, cacheName, serviceWorkerSource, siteVersion } from './offlinePrecache';

const ORIGIN = 'https://example.test/nines/';
/** The cache of build `version` of the site at ORIGIN (the worker's scope). */
const cacheOf = (version: string) => cacheName(ORIGIN, version);

/** A request as the worker builds one: its URL and how it may use the HTTP cache. */
class FakeRequest {
  readonly cache: string;
  constructor(
    readonly url: string,
    init?: { cache?: string },
  ) {
    this.cache = init?.cache ?? 'default';
  }
}

/**
 * The network behind the browser's HTTP cache. `httpCache` holds bodies of an earlier
 * build (absolute URL -> body); a request with `cache: 'default'` gets them, as a
 * browser does while they are fresh; 'reload' and 'no-store' go to the server.
 */
interface FakeNetwork {
  online: boolean;
  httpCache?: Map<string, string>;
}

/** A built site in a temporary folder. */
function site(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nines-site-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Cache Storage in memory: cache name -> (absolute URL -> body). */
class FakeCaches {
  readonly stores = new Map<string, Map<string, string>>();
  private store(name: string) {
    if (!this.stores.has(name)) this.stores.set(name, new Map());
    return this.stores.get(name)!;
  }
  async open(name: string) {
    const store = this.store(name);
    const fetchText = this.fetchText;
    return {
      addAll: async (requests: Array<string | FakeRequest>) => {
        for (const request of requests) {
          const url = typeof request === 'string' ? request : request.url;
          const mode = typeof request === 'string' ? 'default' : request.cache;
          store.set(new URL(url, ORIGIN).href, await fetchText(url, mode));
        }
      },
      match: async (
        request: string | { url: string; mode: string },
        options?: { ignoreSearch?: boolean; ignoreVary?: boolean },
      ) => {
        // Stored responses say "Vary: Origin" (as vite preview's do), and a module
        // script's request (mode cors) carries an Origin header the stored one lacked.
        if (typeof request !== 'string' && request.mode === 'cors' && !options?.ignoreVary) {
          return undefined;
        }
        const url = new URL(typeof request === 'string' ? request : request.url, ORIGIN);
        if (options?.ignoreSearch) url.search = '';
        const body = store.get(url.href);
        return body === undefined ? undefined : { body, from: 'cache' };
      },
    };
  }
  async keys() {
    return [...this.stores.keys()];
  }
  async delete(name: string) {
    return this.stores.delete(name);
  }
  constructor(private readonly fetchText: (url: string, cache: string) => Promise<string>) {}
}

/** Runs the worker's source with fake `self`, `caches` and `fetch`; returns its handlers. */
function loadWorker(source: string, network: FakeNetwork, scope = ORIGIN) {
  const handlers = new Map<string, (event: unknown) => void>();
  const fetchText = async (url: string, cache: string) => {
    const href = new URL(url, scope).href;
    const stale = network.httpCache?.get(href);
    if (stale !== undefined && cache !== 'reload' && cache !== 'no-store') return stale;
    if (!network.online) throw new TypeError('Failed to fetch');
    return `network ${new URL(url, scope).pathname}`;
  };
  const caches = new FakeCaches(fetchText);
  const self = {
    location: new URL(`${scope}sw.js`),
    registration: { scope },
    addEventListener: (type: string, handler: (event: unknown) => void) =>
      handlers.set(type, handler),
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined },
  };
  const fetch = async (request: { url: string; cache?: string }) => ({
    body: await fetchText(request.url, request.cache ?? 'default'),
    from: 'network',
  });
  runInNewContext(source, { self, caches, fetch, URL, Promise, Request: FakeRequest });
  /** Dispatches an event and waits for the promise the worker hands to the browser. */
  const dispatch = async (type: string, fields: object = {}) => {
    let pending: Promise<unknown> | undefined;
    const event = {
      ...fields,
      waitUntil: (p: Promise<unknown>) => (pending = p),
      respondWith: (p: Promise<unknown>) => (pending = p),
    };
    handlers.get(type)!(event);
    return pending === undefined ? 'not handled' : await pending;
  };
  const get = (url: string, mode = 'no-cors', method = 'GET') =>
    dispatch('fetch', { request: { url: new URL(url, scope).href, mode, method } });
  return { caches, dispatch, get };
}

describe('offline precache', () => {
  it('lists every built file but the worker, with / separators, sorted', () => {
    const dir = site({ 'index.html': 'x', 'assets/a.js': 'y', 'sw.js': 'z', 'icon.svg': 'i' });
    expect(builtFiles(dir)).toEqual(['assets/a.js', 'icon.svg', 'index.html']);
  });

  it('gives a new version when any file changes, and the same one otherwise', () => {
    const files = ['index.html', 'assets/a.js'];
    const a = site({ 'index.html': 'x', 'assets/a.js': 'y' });
    const same = site({ 'index.html': 'x', 'assets/a.js': 'y' });
    const changed = site({ 'index.html': 'x', 'assets/a.js': 'y2' });
    expect(siteVersion(a, files)).toBe(siteVersion(same, files));
    expect(siteVersion(a, files)).not.toBe(siteVersion(changed, files));
  });

  it('stores every file on install, then answers from the cache with the network gone', async () => {
    const network = { online: true };
    const source = serviceWorkerSource(['./', './index.html', './assets/a.js'], 'v2');
    const worker = loadWorker(source, network);
    await worker.dispatch('install');
    expect([...worker.caches.stores.get(cacheOf('v2'))!.keys()]).toEqual([
      ORIGIN,
      `${ORIGIN}index.html`,
      `${ORIGIN}assets/a.js`,
    ]);

    network.online = false;
    expect(await worker.get('assets/a.js', 'cors')).toEqual({
      body: 'network /nines/assets/a.js',
      from: 'cache',
    });
    // A query string does not change the page; an unknown address still opens the playground.
    expect(await worker.get('./?lang=en', 'navigate')).toMatchObject({ from: 'cache' });
    expect(await worker.get('somewhere/else', 'navigate')).toEqual({
      body: 'network /nines/',
      from: 'cache',
    });
    await expect(worker.get('assets/missing.js')).rejects.toThrow('Failed to fetch');
  });

  it('goes to the network for what it does not hold, and leaves other sites and POSTs alone', async () => {
    const worker = loadWorker(serviceWorkerSource(['./'], 'v1'), { online: true });
    await worker.dispatch('install');
    expect(await worker.get('later.json')).toEqual({
      body: 'network /nines/later.json',
      from: 'network',
    });
    expect(await worker.get('https://elsewhere.test/x.js')).toBe('not handled');
    expect(await worker.get('index.html', 'no-cors', 'POST')).toBe('not handled');
  });

  it('deletes older builds of its own scope on activation, and nothing else', async () => {
    const worker = loadWorker(serviceWorkerSource(['./'], 'v2'), { online: true });
    const sameOrigin = 'https://example.test/nines-staging/';
    const below = 'https://example.test/nines/sub/';
    await worker.caches.open(cacheOf('v1'));
    await worker.caches.open(cacheName(sameOrigin, 'v1'));
    await worker.caches.open(cacheName(below, 'v1'));
    await worker.caches.open('someone-else');
    await worker.dispatch('install');
    await worker.dispatch('activate');
    expect([...worker.caches.stores.keys()].sort()).toEqual(
      [cacheOf('v2'), cacheName(sameOrigin, 'v1'), cacheName(below, 'v1'), 'someone-else'].sort(),
    );
  });

  it('names its cache by scope and build, so copies of the site on one origin stay apart', async () => {
    const other = 'https://example.test/nines-staging/';
    const here = loadWorker(serviceWorkerSource(['./'], 'v1'), { online: true });
    const there = loadWorker(serviceWorkerSource(['./'], 'v1'), { online: true }, other);
    await here.dispatch('install');
    await there.dispatch('install');
    expect([...here.caches.stores.keys()]).toEqual([cacheOf('v1')]);
    expect([...there.caches.stores.keys()]).toEqual([cacheName(other, 'v1')]);
    expect(cacheOf('v1')).not.toBe(cacheName(other, 'v1'));
  });

  it('installs from the server, not from an HTTP cache still holding the previous build', async () => {
    // After a redeploy the HTTP cache may still hold the old index.html, which names
    // hashed files the host no longer has: storing it would pin a white page.
    const network: FakeNetwork = {
      online: true,
      httpCache: new Map([
        [ORIGIN, 'old page naming assets/old.js'],
        [`${ORIGIN}index.html`, 'old page naming assets/old.js'],
      ]),
    };
    const worker = loadWorker(serviceWorkerSource(['./', './index.html'], 'v2'), network);
    await worker.dispatch('install');
    expect([...worker.caches.stores.get(cacheOf('v2'))!.values()]).toEqual([
      'network /nines/',
      'network /nines/index.html',
    ]);
  });
});
