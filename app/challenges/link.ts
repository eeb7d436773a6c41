/**
 * A challenge's link: `#challenge=ID&design=PATH=VALUE,PATH=VALUE`. The design lists
 * the learner's settings in the share link's settings format (PATH=VALUE, as `--set`),
 * under its own name so it never changes the playground's run (`settings=`).
 */
import type { LinkKey } from '../scenarios';
import { validateSetting } from '../sim';
import { CHALLENGES, challengeById } from './builtin';
import { checkLearnerSettings, type Challenge, type LearnerSetting } from './challenge';

/** Encodes one list item, keeping `=`, `.` and `:` readable; `,` stays escaped. */
function encodeItem(text: string): string {
  return encodeURIComponent(text).replace(/%3D/gi, '=').replace(/%3A/gi, ':');
}

/** The hash parameters of a challenge with a design. */
export function challengeParams(id: string, learner: readonly LearnerSetting[]): string {
  const parts = [`challenge=${encodeItem(id)}`];
  if (learner.length > 0) {
    parts.push(`design=${learner.map((s) => encodeItem(`${s.path}=${s.value}`)).join(',')}`);
  }
  return parts.join('&');
}

export type ChallengeLink =
  | { kind: 'none' }
  | { kind: 'unknown'; notice: string }
  | {
      kind: 'challenge';
      challenge: Challenge;
      learner: LearnerSetting[];
      /** One sentence naming the parts of the design left out, or null. */
      notice: string | null;
    };

function linkParam(text: string, key: LinkKey): string | null {
  let found: string | null = null;
  for (const part of text.replace(/^[#?]/, '').split('&')) {
    const eq = part.indexOf('=');
    if ((eq < 0 ? part : part.slice(0, eq)) === key) found = eq < 0 ? '' : part.slice(eq + 1);
  }
  return found;
}

function decode(text: string): string | null {
  try {
    return decodeURIComponent(text);
  } catch {
    return null;
  }
}

/**
 * The challenge a page address opens, with the design it carries. An unknown id gets
 * one notice naming the challenges there are; design items that are broken, not
 * allowed or over the budget are left out and named in one notice.
 */
export function readChallengeLink(href: string): ChallengeLink {
  const url = new URL(href);
  const raw = linkParam(url.hash, 'challenge') ?? linkParam(url.search, 'challenge');
  if (raw === null) return { kind: 'none' };
  const id = decode(raw) ?? raw;
  const challenge = challengeById(id);
  if (!challenge) {
    const known = CHALLENGES.map((c) => c.id).join(', ');
    return {
      kind: 'unknown',
      notice: `No challenge is called ${JSON.stringify(id.slice(0, 60))}; the challenges are: ${known}.`,
    };
  }
  const designRaw = linkParam(url.hash, 'design') ?? linkParam(url.search, 'design') ?? '';
  const learner: LearnerSetting[] = [];
  const ignored: string[] = [];
  for (const item of designRaw === '' ? [] : designRaw.split(',')) {
    const text = decode(item);
    const eq = text === null ? -1 : text.indexOf('=');
    if (text === null || eq <= 0) {
      ignored.push(`${JSON.stringify(text ?? item)} (must look like PATH=VALUE)`);
      continue;
    }
    const path = text.slice(0, eq);
    const checked = validateSetting(path, text.slice(eq + 1));
    if (checked.error !== null || checked.value === null) {
      ignored.push(`${JSON.stringify(text)} (${checked.error ?? 'no value'})`);
      continue;
    }
    const change = { path, value: checked.value };
    const problems = checkLearnerSettings(challenge, [
      ...learner.filter((l) => l.path !== path),
      change,
    ]);
    if (problems.length > 0) {
      ignored.push(`${JSON.stringify(text)} (${problems[0]})`);
      continue;
    }
    const kept = learner.findIndex((l) => l.path === path);
    if (kept >= 0) learner.splice(kept, 1);
    learner.push(change);
  }
  return {
    kind: 'challenge',
    challenge,
    learner,
    notice:
      ignored.length === 0
        ? null
        : `Parts of this challenge's design were left out: ${ignored.join('; ')}.`,
  };
}
