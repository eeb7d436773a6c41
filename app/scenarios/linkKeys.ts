/**
 * Every key a page address may carry in its hash (or query), declared once, with what
 * reads it. Readers and writers name a key by the `LinkKey` type (`hashParam(href,
 * 'theme')`, `linkParam('seed')`), so the type checker refuses a key that is not here,
 * and the link check (app/components/share/linkKeys.ts) keeps exactly these and lists
 * them in its notice. A new key is one line here, then its reader.
 *
 * (Here, beside the scenario's own link format, because the challenge link in
 * app/challenges reads keys too and may not import the page's components.)
 */
export const LINK_KEY_READERS = {
  scenario: 'the built-in scenario (components/share/urlState.ts)',
  seed: 'the run’s seed (urlState.ts)',
  settings: 'start settings (urlState.ts)',
  faults: 'the fault script (urlState.ts)',
  compare: 'design B’s changes (urlState.ts)',
  cloud: 'an edited design (urlState.ts)',
  lesson: 'the guided lesson (components/lessons/lessonParams.ts)',
  step: 'the lesson’s step (lessonParams.ts)',
  present: 'presentation mode (components/present/presentation.ts)',
  embed: 'the embed layout (components/share/pageParams.ts, lessonParams.ts)',
  theme: 'the colour theme (components/app/theme.ts)',
  panel: 'the side panel shown (components/app/SideTabs.tsx)',
  challenge: 'the challenge (challenges/link.ts)',
  design: 'the challenge’s design (challenges/link.ts)',
} as const;

/** A key a page address may carry. */
export type LinkKey = keyof typeof LINK_KEY_READERS;

/** The keys, in the order the link check's notice names them. */
export const LINK_KEYS = Object.keys(LINK_KEY_READERS) as readonly LinkKey[];

/** Whether `key` is a key a page address may carry. */
export function isLinkKey(key: string): key is LinkKey {
  return Object.hasOwn(LINK_KEY_READERS, key);
}
