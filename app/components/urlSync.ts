/**
 * Keeps the address bar in step with the run: the seed and scenario go into the hash
 * when they change, and editing the hash by hand switches the run.
 */
import { builtinScenario } from '../scenarios';
import { addNotice, playground, setScenario, setSeed } from '../store';
import { readUrlState, urlWithState } from './urlState';

/** Starts syncing; returns a function that stops. */
export function startUrlSync(): () => void {
  const write = (): void => {
    const { seed, scenario } = playground.getState().run;
    const next = urlWithState(window.location.href, { seed, scenarioName: scenario.name });
    if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
  };
  const unsubscribe = playground.subscribe((state, previous) => {
    if (state.run.seed !== previous.run.seed || state.run.scenario !== previous.run.scenario) {
      write();
    }
  });
  const onHashChange = (): void => {
    const wanted = readUrlState(window.location.href);
    for (const problem of wanted.problems) addNotice(problem);
    const { run } = playground.getState();
    if (wanted.scenario.name !== run.scenario.name) {
      setScenario(builtinScenario(wanted.scenario.name) ?? wanted.scenario);
    }
    if (wanted.seed !== playground.getState().run.seed) setSeed(wanted.seed);
    write();
  };
  window.addEventListener('hashchange', onHashChange);
  write();
  return () => {
    unsubscribe();
    window.removeEventListener('hashchange', onHashChange);
  };
}
