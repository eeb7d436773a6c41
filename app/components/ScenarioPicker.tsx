/**
 * The scenario picker (a labelled select in the header) and the chosen scenario's
 * description (a line under the header). Choosing a scenario starts its run from 0:00
 * with its own settings and fault script; the address bar follows (see urlSync).
 */
import { useId } from 'react';
import { BUILTIN_SCENARIOS, builtinScenario } from '../scenarios';
import { play, playground, setScenario } from '../store';
import { isImported } from './scenarioFile';
import { usePlayground } from './usePlayground';
import './timeline.css';

/** Value of the picker's option for a scenario imported from a file. */
const IMPORTED = ':imported';

export function ScenarioPicker() {
  const scenario = usePlayground((s) => s.run.scenario);
  const id = useId();
  const imported = isImported(scenario);

  const choose = (value: string) => {
    const next = builtinScenario(value);
    if (!next || next === scenario) return;
    const wasPlaying = playground.getState().run.playing;
    setScenario(next);
    if (wasPlaying) play();
  };

  return (
    <div className="field scenario-picker">
      <label htmlFor={id}>Scenario</label>
      <select
        id={id}
        value={imported ? IMPORTED : scenario.name}
        onChange={(event) => choose(event.target.value)}
        aria-describedby="scenario-description"
        title="Switching starts the chosen scenario from 0:00"
      >
        {BUILTIN_SCENARIOS.map((s) => (
          <option key={s.name} value={s.name}>
            {s.title}
          </option>
        ))}
        {imported && <option value={IMPORTED}>{`${scenario.title} (imported)`}</option>}
      </select>
    </div>
  );
}

/** One line under the header: what the chosen scenario is about. */
export function ScenarioDescription() {
  const scenario = usePlayground((s) => s.run.scenario);
  return (
    <p className="scenario-description" id="scenario-description">
      <strong>{scenario.title}.</strong> {scenario.description}
    </p>
  );
}
