/**
 * Every key a page address may carry in its hash (or query), declared once. Readers and
 * writers name a key by the `LinkKey` type (`hashParam(href, 'theme')`,
 * `linkParam('seed')`), so the type checker refuses a key that is not here, and the link
 * check (app/components/share/linkKeys.ts) keeps exactly these and lists them in its
 * notice. A new key is one line here (with its owner), then its reader.
 *
 * (Here, beside the scenario's own link format, because the challenge link in
 * app/challenges reads keys too and may not import the page's components. What reads
 * each key is a comment, not a string, so the first page load stays small.)
 */
/**
 * Each key with the part of the page that owns it (reads it and writes it back). The
 * share link's own keys (`run`) are the ones urlState.ts rewrites; it keeps the others.
 */
const LINK_KEY_OWNERS = {
  // The run: components/share/urlState.ts.
  scenario: 'run',
  seed: 'run',
  settings: 'run',
  faults: 'run',
  compare: 'run',
  cloud: 'run',
  // A guided lesson and its step: components/lessons/lessonParams.ts.
  lesson: 'lesson',
  step: 'lesson',
  // Presentation mode: components/present/presentation.ts.
  present: 'present',
  // The embed layout: components/share/pageParams.ts, lessonParams.ts.
  embed: 'embed',
  // The colour theme: components/app/theme.ts.
  theme: 'theme',
  // The side panel shown: components/app/SideTabs.tsx.
  panel: 'panel',
  // A challenge and the design it carries: challenges/link.ts.
  challenge: 'challenge',
  design: 'challenge',
} as const;

/** A key a page address may carry. */
export type LinkKey = keyof typeof LINK_KEY_OWNERS;

/** The part of the page that owns a key (`run`: the share link's run, in urlState.ts). */
export type LinkKeyOwner = (typeof LINK_KEY_OWNERS)[LinkKey];

/** The keys `owner` owns. */
export type LinkKeyOf<Owner extends LinkKeyOwner> = {
  [Key in LinkKey]: (typeof LINK_KEY_OWNERS)[Key] extends Owner ? Key : never;
}[LinkKey];

/** Every key a page address may carry, in the order the link check names them. */
export const LINK_KEYS = Object.keys(LINK_KEY_OWNERS) as readonly LinkKey[];

/** The keys `owner` owns, in LINK_KEYS order. */
export function linkKeysOf<Owner extends LinkKeyOwner>(owner: Owner): readonly LinkKeyOf<Owner>[] {
  return LINK_KEYS.filter((key): key is LinkKeyOf<Owner> => LINK_KEY_OWNERS[key] === owner);
}

/** Whether `key` is a key a page address may carry. */
export function isLinkKey(key: string): key is LinkKey {
  return (LINK_KEYS as readonly string[]).includes(key);
}
