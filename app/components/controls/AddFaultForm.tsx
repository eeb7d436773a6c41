/**
 * The fault script's "Add fault" form: action, target, argument, time. Its own module
 * so it loads after the first screen (see Timeline.tsx).
 */
import { useId, useState } from 'react';
import { describeCommand, formatSimTime } from '../../sim';
import { addScriptEntry } from '../../store';
import {
  FORM_ACTIONS,
  formAction,
  formCommand,
  parseTimeText,
  settingOf,
  targetOptions,
} from './faultForm';
import { usePlayground } from '../app/usePlayground';

/** A line under the form: what was added, or why not. */
export interface FormMessage {
  kind: 'info' | 'error';
  text: string;
}

/** The "Add fault" form: action, target, argument, time. */
export function AddFaultForm(props: { onMessage: (message: FormMessage | null) => void }) {
  const { onMessage } = props;
  const components = usePlayground((s) => s.run.components);
  const links = usePlayground((s) => s.run.links);
  const [actionId, setActionId] = useState('kill');
  const [target, setTarget] = useState('');
  const [argument, setArgument] = useState('');
  const [timeText, setTimeText] = useState('now');
  const [timeError, setTimeError] = useState(false);
  const ids = {
    action: useId(),
    target: useId(),
    argument: useId(),
    time: useId(),
    timeHint: useId(),
    description: useId(),
  };

  const action = formAction(actionId);
  const targets = targetOptions(action, components, links);
  const chosenTarget = targets.some((t) => t.value === target) ? target : (targets[0]?.value ?? '');
  const setting = action.id === 'set' ? settingOf(chosenTarget) : undefined;
  const parameter = action.parameter;
  const argumentText =
    argument !== ''
      ? argument
      : parameter
        ? String(parameter.default)
        : setting
          ? String(setting.default)
          : '';

  const chooseAction = (id: string) => {
    setActionId(id);
    setArgument('');
  };

  const submit = () => {
    const time = parseTimeText(timeText);
    if ('error' in time) {
      setTimeError(true);
      onMessage({ kind: 'error', text: time.error });
      return;
    }
    const built = formCommand(action, chosenTarget, argumentText);
    if ('error' in built) {
      onMessage({ kind: 'error', text: built.error });
      return;
    }
    const result = addScriptEntry(built.command, time.atUs);
    const what = describeCommand(built.command);
    if (!result.ok) {
      setTimeError(result.error.includes('in the past'));
      onMessage({ kind: 'error', text: `Not added: ${result.error}.` });
      return;
    }
    setTimeError(false);
    onMessage({
      kind: 'info',
      text:
        time.atUs === null
          ? `Applied ${what} now and added it to the script.`
          : `Scheduled ${what} at ${formatSimTime(time.atUs)}.`,
    });
  };

  return (
    <form
      className="tl-form"
      aria-label="Add fault"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <div className="field">
        <label htmlFor={ids.action}>Action</label>
        <select
          id={ids.action}
          value={actionId}
          aria-describedby={ids.description}
          onChange={(event) => chooseAction(event.target.value)}
        >
          {FORM_ACTIONS.map((a) => (
            <option key={a.id} value={a.id}>
              {a.label}
            </option>
          ))}
        </select>
      </div>
      {action.targets !== 'none' && (
        <div className="field">
          <label htmlFor={ids.target}>{action.id === 'set' ? 'Setting' : 'Target'}</label>
          <select
            id={ids.target}
            value={chosenTarget}
            disabled={targets.length === 0}
            onChange={(event) => {
              setTarget(event.target.value);
              if (action.id === 'set') setArgument('');
            }}
          >
            {targets.length === 0 && <option value="">none in this scenario</option>}
            {targets.map((t) => (
              <option key={t.value} value={t.value}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
      )}
      {parameter && (
        <div className="field">
          <label htmlFor={ids.argument}>{parameter.label}</label>
          <span className="tl-with-unit">
            <input
              id={ids.argument}
              type="number"
              inputMode="decimal"
              min={parameter.min}
              max={parameter.max}
              step={parameter.step}
              value={argumentText}
              onChange={(event) => setArgument(event.target.value)}
              size={6}
            />
            <span className="unit">{parameter.unit}</span>
          </span>
        </div>
      )}
      {setting && (
        <div className="field">
          <label htmlFor={ids.argument}>Value</label>
          {setting.kind === 'choice' ? (
            <select
              id={ids.argument}
              value={argumentText}
              onChange={(event) => setArgument(event.target.value)}
            >
              {setting.choices.map((choice) => (
                <option key={choice} value={choice}>
                  {choice}
                </option>
              ))}
            </select>
          ) : (
            <span className="tl-with-unit">
              <input
                id={ids.argument}
                type="number"
                inputMode="decimal"
                min={setting.min}
                max={setting.max}
                value={argumentText}
                onChange={(event) => setArgument(event.target.value)}
                size={7}
              />
              {setting.unit && <span className="unit">{setting.unit}</span>}
            </span>
          )}
        </div>
      )}
      <div className="field">
        <label htmlFor={ids.time}>At</label>
        <input
          id={ids.time}
          className="tl-time"
          value={timeText}
          autoComplete="off"
          spellCheck={false}
          size={7}
          aria-invalid={timeError}
          aria-describedby={ids.timeHint}
          onChange={(event) => {
            setTimeText(event.target.value);
            setTimeError(false);
          }}
        />
        <span className="tl-time-hint" id={ids.timeHint}>
          now, seconds (90) or m:ss (1:30)
        </span>
      </div>
      <button type="submit" className="button">
        Add fault
      </button>
      <p className="tl-action-description" id={ids.description}>
        {action.description}
      </p>
    </form>
  );
}
