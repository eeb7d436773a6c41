/**
 * Every key a page address may carry in its hash (or query), declared once. Readers and
 * writers name a key by the `LinkKey` type (`hashParam(href, 'theme')`,
 * `linkParam('seed')`), so the type checker refuses a key that is not here, and the link
 * check (app/components/share/linkKeys.ts) keeps exactly these and lists them in its
 * notice. A new key is one line here, then its reader.
 *
 * (Here, beside the scenario's own link format, because the challenge link in
 * app/challenges reads keys too and may not import the page's components. What reads
 * each key is a comment, not a string, so the first page load stays small.)
 */
export const LINK_KEYS = [
  // The run: components/share/urlState.ts.
  'scenario',
  'seed',
  'settings',
  'faults',
  'compare',
  'cloud',
  // A guided lesson and its step: components/lessons/lessonParams.ts.
  'lesson',
  'step',
  // Presentation mode: components/present/presentation.ts.
  'present',
  // The embed layout: components/share/pageParams.ts, lessonParams.ts.
  'embed',
  // The colour theme: components/app/theme.ts.
  'theme',
  // The side panel shown: components/app/SideTabs.tsx.
  'panel',
  // A challenge and the design it carries: challenges/link.ts.
  'challenge',
  'design',
] as const;

/** A key a page address may carry. */
export type LinkKey = (typeof LINK_KEYS)[number];

/** Whether `key` is a key a page address may carry. */
export function isLinkKey(key: string): key is LinkKey {
  return (LINK_KEYS as readonly string[]).includes(key);
}
