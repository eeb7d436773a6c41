/**
 * The scenario picker (a labelled select in the header) and the chosen scenario's
 * description (a line under the header). Choosing a scenario starts its run from 0:00
 * with its own settings and fault script; the address bar follows (see urlSync).
 */
import { useId, useMemo } from 'react';
import type { RegionMode, Settings } from '../../sim';
import { BUILTIN_SCENARIOS, builtinScenario, type Scenario } from '../../scenarios';
import { play, playground, scenarioSettings, setScenario } from '../../store';
import { isImported } from '../../scenarios';
import { usePlayground } from '../app/usePlayground';
import './scenarioPicker.css';

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

/** What a region mode means, for a header whose run differs from its scenario's mode. */
const REGION_MODE_TEXT: Record<RegionMode, string> = {
  'active-active':
    'Every region serves its own users. When one fails, the traffic manager moves its users to the others as their cached DNS answers expire.',
  'active-passive':
    'Every user is served by the first region; the others are warm standbys that serve only after the traffic manager fails over.',
};

/**
 * The header's title and description of a run. A scenario's own text describes its
 * own region mode; a run started in the other mode (a lesson's restart, a start
 * setting) says so and describes the mode it runs in, not the scenario's.
 */
export function scenarioHeadline(
  scenario: Scenario,
  ownMode: RegionMode,
  settings: Pick<Settings, 'regions'>,
): { title: string; description: string } {
  const mode = settings.regions.mode;
  if (scenario.topology.regions.length < 2 || mode === ownMode) {
    return { title: scenario.title, description: scenario.description };
  }
  return { title: `${scenario.title}, now ${mode}`, description: REGION_MODE_TEXT[mode] };
}

/** One line under the header: what the chosen scenario is about. */
export function ScenarioDescription() {
  const scenario = usePlayground((s) => s.run.scenario);
  const regions = usePlayground((s) => s.run.settings.regions);
  const ownMode = useMemo(() => scenarioSettings(scenario).regions.mode, [scenario]);
  const { title, description } = scenarioHeadline(scenario, ownMode, { regions });
  return (
    <p className="scenario-description" id="scenario-description">
      <strong>{title}.</strong> {description}
    </p>
  );
}
