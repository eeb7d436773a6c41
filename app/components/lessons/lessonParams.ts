/**
 * The lesson part of the page's address (`lesson=ID`, `step=N`), apart from
 * pageParams.ts so the lessons' code loads only when an address asks for a lesson
 * (issue 12: a small first load). See pageParams.ts.
 */
import { BUILTIN_LESSONS, builtinLesson, type Lesson } from '../../lessons';
import { addNotice, playground } from '../../store';
import { hashParam, withHashParam, withoutLinkParam } from '../share/hashParams';
import { endLesson, startLesson } from './Lessons';
import { presentingFromUrl } from '../present/presentation';

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
 * Makes the page follow the lesson and step of its address. Only what differs from the
 * page's state changes, so reading an address the page wrote itself does nothing.
 */
export function followLessonParams(href: string): void {
  const wanted = readPageParams(href);
  const { ui } = playground.getState();
  for (const problem of wanted.problems) addNotice(problem);
  if (wanted.lessonAsked && !wanted.lesson) {
    // An unknown lesson leaves the address (with its step), so a shared copy does not
    // repeat the notice; a lesson being followed stays in it.
    let next = withoutLinkParam(withoutLinkParam(window.location.href, 'lesson'), 'step');
    if (ui.lesson) {
      next = withHashParam(next, 'lesson', ui.lesson.id);
      if (ui.lesson.step > 0) next = withHashParam(next, 'step', String(ui.lesson.step + 1));
    }
    window.history.replaceState(window.history.state, '', next);
  }
  if (wanted.lesson) {
    const { lesson, step } = wanted.lesson;
    if (ui.lesson?.id !== lesson.id || ui.lesson.step !== step) startLesson(lesson, step);
  } else if (!wanted.lessonAsked && ui.lesson) {
    endLesson();
  }
}
