/**
 * Offline use. At build time this plugin writes `sw.js`, a service worker that stores
 * every file of the built site in the browser's Cache Storage on the first visit and
 * answers from there afterwards: the playground then opens with no network at all (a
 * train, a lecture hall with bad Wi-Fi, a talk). The site makes no request to another
 * site, so these files are all it needs.
 *
 * Cache first: a file of the site never changes under its hashed name, and index.html
 * changes only with a new build, which brings a new `sw.js` (new version, new cache);
 * the browser checks `sw.js` on each visit, so the next visit after a deploy is current.
 *
 * Install fetches every file with `cache: 'reload'`, past the browser's HTTP cache: a
 * cached index.html of the previous build would otherwise be stored under the new
 * version, pinning hashed assets the host has since deleted (a permanent white page).
 * A cache is named by the worker's scope and the build, and activation deletes only
 * older builds of the same scope: two copies of the site on one origin (`/nines/` and
 * `/nines-staging/`) keep each other's files.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import type { Plugin } from 'vite';

/** The service worker's file name, beside index.html. */
const SERVICE_WORKER_FILE = 'sw.js';

/** First word of the cache names this site owns: `nines <scope> <version>`. */
const CACHE_PREFIX = 'nines';

/**
 * The name of the cache of one build at one scope. A space ends the scope (a URL has
 * none), so `/nines/` never claims the caches of `/nines/sub/`.
 */
export function cacheName(scope: string, version: string): string {
  return `${cacheScopePrefix(scope)}${version}`;
}

/** What every cache name of one scope starts with, whatever the build. */
function cacheScopePrefix(scope: string): string {
  return `${CACHE_PREFIX} ${scope} `;
}

/** Every file below `dir`, as sorted `/`-separated paths relative to it (sw.js left out). */
export function builtFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string): void => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.filter((file) => file !== SERVICE_WORKER_FILE).sort();
}

/** A short hash of the files' names and contents: a new build with any change gets a new one. */
export function siteVersion(dir: string, files: readonly string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(file);
    hash.update(readFileSync(join(dir, file)));
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * The service worker's source. `urls` are relative to the worker (which sits beside
 * index.html), so the site works from any sub-path of a static host.
 */
export function serviceWorkerSource(urls: readonly string[], version: string): string {
  return `// Nines offline cache, written by the build (app/build/offlinePrecache.ts). Version ${version}.
// One cache per scope and build: "nines <scope> <version>" (see cacheName).
const SCOPE_PREFIX = ${JSON.stringify(CACHE_PREFIX + ' ')} + self.registration.scope + ' ';
const CACHE = SCOPE_PREFIX + ${JSON.stringify(version)};
const URLS = ${JSON.stringify(urls)};

self.addEventListener('install', (event) => {
  // Everything or nothing: a half-filled cache would fail offline in confusing ways.
  // 'reload' goes past the HTTP cache: a cached index.html of the previous build would
  // pin hashed files a redeploy has removed.
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll(URLS.map((url) => new Request(url, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  // Only older builds at this scope: another copy of the site on this origin keeps its own.
  event.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(
          keys
            .filter((key) => key.startsWith(SCOPE_PREFIX) && key !== CACHE)
            .map((key) => caches.delete(key)),
        ),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches.open(CACHE).then(async (cache) => {
      // The share link lives in the hash (never sent); ?lang= and the like do not change the
      // file. Static hosts send "Vary: Origin" or "Accept-Encoding", and a module script's
      // request carries headers the stored one did not: the file is the same either way.
      const hit = await cache.match(request, { ignoreSearch: true, ignoreVary: true });
      if (hit) return hit;
      try {
        return await fetch(request);
      } catch (error) {
        // Offline, at an address the cache does not know: open the playground anyway.
        if (request.mode === 'navigate') {
          const page = await cache.match('./', { ignoreVary: true });
          if (page) return page;
        }
        throw error;
      }
    }),
  );
});
`;
}

/** The Vite plugin: after a build, writes sw.js listing every built file. */
export function offlinePrecache(): Plugin {
  let outDir = 'dist';
  return {
    name: 'nines-offline-precache',
    apply: 'build',
    configResolved(config) {
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = builtFiles(outDir);
      const urls = ['./', ...files.map((file) => `./${file}`)];
      writeFileSync(
        join(outDir, SERVICE_WORKER_FILE),
        serviceWorkerSource(urls, siteVersion(outDir, files)),
      );
    },
  };
}
