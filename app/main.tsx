/**
 * Entry point: read the share link, set up the store, start the driver (which owns
 * the engine), keep the address bar in step, and mount the React app.
 */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/App';
import { hashParam } from './components/hashParams';
import { startOfflineCache } from './components/offline';
import { presentingFromUrl } from './components/presentation';
import { readUrlState } from './components/urlState';
import { startUrlSync } from './components/urlSync';
import { startDriver } from './driver/driver';
import {
  addNotice,
  initialState,
  playground,
  prepareCompare,
  setEmbedded,
  setPresenting,
} from './store';
import './styles.css';

const fromUrl = readUrlState(window.location.href);
playground.setState(initialState(fromUrl.scenario, fromUrl.seed), true);
for (const problem of fromUrl.problems) addNotice(problem);
prepareCompare(fromUrl.compare);
if (presentingFromUrl(window.location.href)) setPresenting(true);
if (hashParam(window.location.href, 'embed') !== null) setEmbedded(true);

startDriver();
startUrlSync();
// A link to a lesson (`#lesson=health-checks&step=2`) opens it at that step. The lessons'
// code loads only for such a link (issue 12: a small first load).
if (hashParam(window.location.href, 'lesson') !== null) {
  void import('./components/Lessons').then(({ lessonFromUrl, startLesson }) => {
    const fromLesson = lessonFromUrl(window.location.href);
    if (fromLesson) startLesson(fromLesson.lesson, fromLesson.step);
  });
}
startOfflineCache(import.meta.env.PROD);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
