/**
 * Entry point: read the share link, set up the store, start the driver (which owns
 * the engine), keep the address bar in step, and mount the React app.
 */
// The tokens and the page-wide base first: component styles, imported below, build on them.
import './styles/tokens.css';
import './styles/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './components/app/App';
import { startEmbedFrame } from './components/app/embedFrame';
import { startOfflineCache } from './components/app/offline';
import { panelLinkProblem } from './components/app/sidePanels';
import { startTheme } from './components/app/theme';
import { firstVisit } from './components/lessons/storage';
import { firstVisitHref } from './components/share/firstVisit';
import { dropLinkParam, hashParam } from './components/share/hashParams';
import { startLinkKeyCheck } from './components/share/linkKeys';
import { startPageParamSync } from './components/share/pageParams';
import { readUrlState } from './components/share/urlState';
import { startUrlSync } from './components/share/urlSync';
import { browserEnv, browserTransport, startDriver } from './driver/driver';
import { addNotice, initialState, playground, prepareCompare } from './store';

// A first visit to the bare address opens the simplest cluster (issue 14).
const fromUrl = readUrlState(firstVisitHref(window.location.href, firstVisit()));
playground.setState(initialState(fromUrl.scenario, fromUrl.seed), true);
for (const problem of fromUrl.problems) addNotice(problem);
const panelProblem = panelLinkProblem(hashParam(window.location.href, 'panel'));
if (panelProblem) {
  addNotice(panelProblem);
  // Named once; the bad part leaves the address so a shared copy does not repeat it.
  dropLinkParam('panel');
}
// Keys the page does not know (`&years=abc`) and badly encoded parts: one notice, removed.
startLinkKeyCheck(addNotice);
// The theme before anything is drawn: `&theme=`, the reader's choice, or the system's
// (after the store is set up, so a bad `theme=` gets its notice).
startTheme();
prepareCompare(fromUrl.compare);

startDriver(browserEnv(), browserTransport());
startUrlSync();
// `present`, `embed` and a lesson (`#lesson=health-checks&step=2`), now and on every
// change of the hash; the lessons' code loads only when the address names one.
startPageParamSync();
// In a frame: no focus taken before the reader interacts; the height posted to the host.
startEmbedFrame();
startOfflineCache(import.meta.env.PROD);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
