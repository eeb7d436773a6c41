/**
 * The keys a page address may carry in its hash, and one check for the rest: a key the
 * page does not know (`&years=abc`, a truncated `#scen`) or a part that is not valid
 * percent-encoding would otherwise be ignored in silence and travel on in every shared
 * copy. Each gets named once, with the keys a link can carry, and leaves the address.
 */

import { isLinkKey, LINK_KEYS } from '../../scenarios';

/** Every key the page reads from its hash: declared once, in app/scenarios/linkKeys.ts. */
export { LINK_KEYS };

/** What the check found: the address without the bad parts, and at most one sentence. */
export interface LinkKeyCheck {
  href: string;
  problem: string | null;
}

/**
 * The text decoded, or null when it is badly encoded. (The result is used: a minifier
 * treats a bare `decodeURIComponent(text)` as pure and drops it with its throw.)
 */
function decoded(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/** A piece of a link quoted for a message, shortened if very long. */
function quoted(text: string): string {
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/**
 * Checks the keys of an address's hash (the query is left alone: a host page may add
 * its own, like `?lang=en`). Unknown keys and parts whose key is not valid
 * percent-encoding are removed and named in one sentence; known keys are kept as they
 * are, so their own readers still load them (and name any bad value themselves).
 */
export function checkLinkKeys(href: string): LinkKeyCheck {
  const url = new URL(href);
  const unknown: string[] = [];
  const badlyEncoded: string[] = [];
  const kept: string[] = [];
  for (const part of url.hash.replace(/^#/, '').split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = eq < 0 ? part : part.slice(0, eq);
    if (isLinkKey(key)) {
      kept.push(part);
    } else {
      const name = decoded(key);
      if (name === null) {
        if (!badlyEncoded.includes(key)) badlyEncoded.push(key);
      } else if (isLinkKey(name)) kept.push(part);
      else if (!unknown.includes(name)) unknown.push(name);
    }
  }
  if (unknown.length === 0 && badlyEncoded.length === 0) return { href, problem: null };
  const sentences: string[] = [];
  if (badlyEncoded.length > 0) {
    sentences.push(
      `This link has badly encoded text ${badlyEncoded.map(quoted).join(', ')} (a "%" must be followed by two hex digits, together spelling whole UTF-8 characters; was the link cut short?): it was removed.`,
    );
  }
  if (unknown.length > 0) {
    const what = unknown.length === 1 ? 'an unknown key' : 'unknown keys';
    sentences.push(
      `This link has ${what} ${unknown.map(quoted).join(', ')}, which the page ignores: it was removed. A link can carry ${LINK_KEYS.join(', ')}.`,
    );
  }
  url.hash = kept.join('&');
  return { href: url.href, problem: sentences.join(' ') };
}

/**
 * Checks the page's address now and on every hashchange: unknown or badly encoded
 * parts get one notice and leave the address. Returns a function that stops.
 */
export function startLinkKeyCheck(notify: (problem: string) => void): () => void {
  const check = (): void => {
    const { href, problem } = checkLinkKeys(window.location.href);
    if (problem === null) return;
    notify(problem);
    window.history.replaceState(window.history.state, '', href);
  };
  check();
  window.addEventListener('hashchange', check);
  return () => window.removeEventListener('hashchange', check);
}
