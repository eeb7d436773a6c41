import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { builtFiles, serviceWorkerSource, siteVersion } from './offlinePrecache';

const ORIGIN = 'https://example.test/nines/';

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
      addAll: async (urls: string[]) => {
        for (const url of urls) store.set(new URL(url, ORIGIN).href, await fetchText(url));
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
  constructor(private readonly fetchText: (url: string) => Promise<string>) {}
}

/** Runs the worker's source with fake `self`, `caches` and `fetch`; returns its handlers. */
function loadWorker(source: string, network: { online: boolean }) {
  const handlers = new Map<string, (event: unknown) => void>();
  const fetchText = async (url: string) => {
    if (!network.online) throw new TypeError('Failed to fetch');
    return `network ${new URL(url, ORIGIN).pathname}`;
  };
  const caches = new FakeCaches(fetchText);
  const self = {
    location: new URL(`${ORIGIN}sw.js`),
    addEventListener: (type: string, handler: (event: unknown) => void) =>
      handlers.set(type, handler),
    skipWaiting: async () => undefined,
    clients: { claim: async () => undefined },
  };
  const fetch = async (request: { url: string }) => ({
    body: await fetchText(request.url),
    from: 'network',
  });
  runInNewContext(source, { self, caches, fetch, URL, Promise });
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
    dispatch('fetch', { request: { url: new URL(url, ORIGIN).href, mode, method } });
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
    expect([...worker.caches.stores.get('nines-v2')!.keys()]).toEqual([
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

  it('deletes older versions of its own cache on activation, and nothing else', async () => {
    const worker = loadWorker(serviceWorkerSource(['./'], 'v2'), { online: true });
    await worker.caches.open('nines-v1');
    await worker.caches.open('someone-else');
    await worker.dispatch('install');
    await worker.dispatch('activate');
    expect([...worker.caches.stores.keys()].sort()).toEqual(['nines-v2', 'someone-else']);
  });
});
