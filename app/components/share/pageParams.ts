/**
 * The page-level parts of the address beside the share link: `lesson` and `step`,
 * `present`, `embed`. Read on load and again on every `hashchange` (a teacher editing
 * the address, a link from a course page to the next step), so the page always does
 * what its address says; a lesson or step the page does not know gets a notice naming
 * what it does know, never silence.
 */
import { addNotice, playground, setEmbedded, setPresenting } from '../../store';
import { hashParam } from './hashParams';
import { presentingFromUrl } from '../present/presentation';

/** The lesson work still running for the last address followed (tests await it). */
let lessonsFollowed: Promise<void> = Promise.resolve();

/**
 * Makes the page follow its address: presentation mode, embedding, the lesson and its
 * step. Only what differs from the page's state changes, so reading an address the
 * page wrote itself does nothing. The lessons' code is loaded only when the address
 * names a lesson or one is being followed.
 */
function followPageParams(href: string): void {
  const { ui } = playground.getState();
  const presenting = presentingFromUrl(href);
  const embedded = hashParam(href, 'embed') !== null;
  if (presenting !== ui.presenting) setPresenting(presenting);
  if (embedded !== ui.embedded) setEmbedded(embedded);
  if (hashParam(href, 'lesson') !== null || ui.lesson) {
    lessonsFollowed = lessonsFollowed
      .then(() => import('../lessons/lessonParams'))
      .then(({ followLessonParams }) => followLessonParams(href))
      // A failed load (offline before the site was saved) says so and does not stop the
      // next address from being followed.
      .catch(() => {
        addNotice('Could not load the lessons: check the connection, then reload the page.');
      });
  }
}

/** Resolves once the lesson part of every address followed so far has been applied. */
export function pageParamsSettled(): Promise<void> {
  return lessonsFollowed;
}

/** Follows the address now and on every hashchange; returns a function that stops. */
export function startPageParamSync(): () => void {
  const onHashChange = (): void => followPageParams(window.location.href);
  followPageParams(window.location.href);
  window.addEventListener('hashchange', onHashChange);
  return () => window.removeEventListener('hashchange', onHashChange);
}
