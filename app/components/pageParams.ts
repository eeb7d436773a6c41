/**
 * The page-level parts of the address beside the share link: `lesson` and `step`,
 * `present`, `embed`. Read on load and again on every `hashchange` (a teacher editing
 * the address, a link from a course page to the next step), so the page always does
 * what its address says; a lesson or step the page does not know gets a notice naming
 * what it does know, never silence.
 */
import { BUILTIN_LESSONS, builtinLesson, type Lesson } from '../lessons';
import { addNotice, playground, setEmbedded, setPresenting } from '../store';
import { hashParam } from './hashParams';
import { endLesson, startLesson } from './Lessons';
import { presentingFromUrl } from './presentation';

/** What the address asks of the page, with a sentence for each part it cannot follow. */
export interface PageParams {
  /** The lesson and step index (from 0) to follow; null: none asked, or an unknown one. */
  lesson: { lesson: Lesson; step: number } | null;
  /** The address names a lesson (known or not). */
  lessonAsked: boolean;
  presenting: boolean;
  embedded: boolean;
  problems: string[];
}

/** Reads the page-level parameters of an address (`lesson=ID`, `step=N` from 1, `present`, `embed`). */
export function readPageParams(href: string): PageParams {
  const problems: string[] = [];
  const id = hashParam(href, 'lesson');
  let lesson: PageParams['lesson'] = null;
  if (id !== null) {
    const found = builtinLesson(id);
    if (!found) {
      const known = BUILTIN_LESSONS.map((l) => l.id).join(', ');
      problems.push(
        `This link asks for a lesson "${id}", which does not exist. Lessons: ${known}.`,
      );
    } else {
      lesson = { lesson: found, step: 0 };
      const stepText = hashParam(href, 'step');
      if (stepText !== null) {
        const asked = Number(stepText);
        const count = found.steps.length;
        if (stepText.trim() === '' || !Number.isInteger(asked) || asked < 1 || asked > count) {
          const nearest = Number.isInteger(asked) ? Math.min(Math.max(asked, 1), count) : 1;
          problems.push(
            `This link asks for step "${stepText}" of the lesson "${found.title}", which has steps 1 to ${count}: it opened step ${nearest}.`,
          );
          lesson.step = nearest - 1;
        } else {
          lesson.step = asked - 1;
        }
      }
    }
  }
  return {
    lesson,
    lessonAsked: id !== null,
    presenting: presentingFromUrl(href),
    embedded: hashParam(href, 'embed') !== null,
    problems,
  };
}

/**
 * Makes the page follow its address: presentation mode, embedding, the lesson and its
 * step. Only what differs from the page's state changes, so reading an address the
 * page wrote itself does nothing.
 */
export function followPageParams(href: string): void {
  const wanted = readPageParams(href);
  const { ui } = playground.getState();
  if (wanted.presenting !== ui.presenting) setPresenting(wanted.presenting);
  if (wanted.embedded !== ui.embedded) setEmbedded(wanted.embedded);
  for (const problem of wanted.problems) addNotice(problem);
  if (wanted.lesson) {
    const { lesson, step } = wanted.lesson;
    if (ui.lesson?.id !== lesson.id || ui.lesson.step !== step) startLesson(lesson, step);
  } else if (!wanted.lessonAsked && ui.lesson) {
    endLesson();
  }
}

/** Follows the address now and on every hashchange; returns a function that stops. */
export function startPageParamSync(): () => void {
  const onHashChange = (): void => followPageParams(window.location.href);
  followPageParams(window.location.href);
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}
