/**
 * Page-level hash parameters beside the share link's own (`present`, `lesson`, `step`):
 * read from the hash or the query, and set or removed in the hash with the rest of the
 * address untouched.
 */

import type { LinkKey } from '../../scenarios';

/** A parameter's value ('' for a bare flag like `present`), or null when absent. */
export function hashParam(href: string, key: LinkKey): string | null {
  const url = new URL(href);
  let found: string | null = null;
  for (const part of [url.search, url.hash]) {
    for (const param of part.replace(/^[#?]/, '').split('&')) {
      const eq = param.indexOf('=');
      const name = eq < 0 ? param : param.slice(0, eq);
      if (name !== key) continue;
      const raw = eq < 0 ? '' : param.slice(eq + 1);
      try {
        found = decodeURIComponent(raw);
      } catch {
        found = raw;
      }
    }
  }
  return found;
}

/** The address with `key` set to `value` ('' for a bare flag) in the hash, or removed (null). */
export function withHashParam(href: string, key: LinkKey, value: string | null): string {
  const url = new URL(href);
  const params = url.hash
    .replace(/^#/, '')
    .split('&')
    .filter((param) => param !== '' && param !== key && !param.startsWith(`${key}=`));
  if (value !== null) params.push(value === '' ? key : `${key}=${encodeURIComponent(value)}`);
  url.hash = params.join('&');
  return url.href;
}

/**
 * The address without `key` in its hash or its query: a part of a link that got a
 * notice leaves the address, so sharing the address does not repeat the error.
 */
export function withoutLinkParam(href: string, key: LinkKey): string {
  const url = new URL(withHashParam(href, key, null));
  if (url.search !== '') {
    const kept = url.search
      .replace(/^\?/, '')
      .split('&')
      .filter((param) => param !== '' && param !== key && !param.startsWith(`${key}=`));
    url.search = kept.join('&');
  }
  return url.href;
}

/** Removes `key` from the page's address (no reload, no hashchange, no history entry). */
export function dropLinkParam(key: LinkKey): void {
  const href = window.location.href;
  const next = withoutLinkParam(href, key);
  if (next !== href) window.history.replaceState(window.history.state, '', next);
}
