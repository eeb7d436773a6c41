/**
 * The controls of the Defences and Data tabs: a knob (a labelled number input or
 * select with its one-sentence explanation, the teaching default and the real-world
 * default, marked when they differ), an on/off switch (role=switch), and a
 * collapsible section whose heading carries the mechanism's switch. Every change is
 * a `set` command through the store, so it shows in the event log.
 */
import { useId, useState, type ReactNode } from 'react';
import { getSetting, validateSetting, type NumberSettingSpec, type SettingSpec } from '../sim';
import { applyCommand } from '../store';
import {
  isSectionOpen,
  knobLabel,
  knobSpec,
  referenceDiffers,
  rememberSectionOpen,
  withUnit,
} from './knobs';
import { usePlayground } from './usePlayground';

/** The engine's current value of a setting. */
export function useSetting(path: string): number | string {
  return usePlayground((s) => getSetting(s.run.settings, path));
}

/**
 * Applies a setting (live) when it differs from the current value. Returns the engine's
 * refusal, if any (e.g. a quorum W larger than N), or null.
 */
export function setSetting(
  path: string,
  value: number | string,
  current: number | string,
): string | null {
  if (value === current) return null;
  const result = applyCommand({ type: 'set', path, value });
  return result.ok ? null : result.error;
}

/** A setting's input, label, explanation and defaults. */
export function Knob({ path }: { path: string }) {
  const current = useSetting(path);
  const runId = usePlayground((s) => s.run.runId);
  // Re-create the field when the engine's value changes, so it shows that value.
  return <KnobRow key={`${runId}:${current}`} spec={knobSpec(path)} current={current} />;
}

function KnobRow({ spec, current }: { spec: SettingSpec; current: number | string }) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [error, setError] = useState<string | null>(null);
  // Bumped when the engine refuses a value, so the field shows the engine's value again.
  const [refusals, setRefusals] = useState(0);
  const unit = spec.kind === 'number' ? spec.unit : undefined;

  const commit = (raw: string) => {
    const checked = validateSetting(spec.path, raw);
    if (checked.error !== null) {
      setError(checked.error);
      return;
    }
    const refused = setSetting(spec.path, checked.value, current);
    setError(refused);
    if (refused !== null && spec.kind === 'choice') setRefusals((n) => n + 1);
  };

  return (
    <div className="knob">
      <label htmlFor={inputId} className="knob-label">
        {knobLabel(spec.path)}
      </label>
      <div className="knob-input">
        {spec.kind === 'choice' ? (
          <select
            key={refusals}
            id={inputId}
            defaultValue={String(current)}
            aria-invalid={error !== null}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            onChange={(event) => commit(event.target.value)}
          >
            {spec.choices.map((choice) => (
              <option key={choice} value={choice}>
                {choice}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={inputId}
            type="number"
            defaultValue={String(current)}
            min={spec.min}
            max={spec.max}
            step={stepOf(spec)}
            aria-invalid={error !== null}
            aria-describedby={error ? `${errorId} ${hintId}` : hintId}
            onBlur={(event) => commit(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commit(event.currentTarget.value);
            }}
          />
        )}
        {unit && <span className="unit">{unit}</span>}
      </div>
      {error && (
        <p className="knob-error" id={errorId} role="alert">
          {error}
        </p>
      )}
      <KnobHint spec={spec} id={hintId} />
    </div>
  );
}

/** The explanation, then "default 20 · real: resilience4j 100", marked when they differ. */
function KnobHint({ spec, id }: { spec: SettingSpec; id: string }) {
  const unit = spec.kind === 'number' ? spec.unit : undefined;
  const differs = referenceDiffers(spec);
  return (
    <p className="knob-hint" id={id}>
      {spec.description}{' '}
      <span className="knob-defaults">
        <span className="knob-default">Default here {withUnit(spec.default, unit)}</span>
        {spec.reference && (
          <>
            {differs ? (
              <span className="knob-differs" title="The teaching default differs from the real one">
                {' '}
                ≠ real{' '}
              </span>
            ) : (
              <span> · real </span>
            )}
            <span className="knob-reference">{spec.reference}</span>
          </>
        )}
      </span>
    </p>
  );
}

/**
 * An on/off setting as a switch. `label` is its accessible name; with `showLabel` the
 * label is written beside it (a row of its own) with the setting's explanation.
 */
export function SettingSwitch({
  path,
  label = knobLabel(path),
  showLabel = false,
  describedBy,
}: {
  path: string;
  label?: string;
  showLabel?: boolean;
  /** Id of the explanation when it is written elsewhere (a section's body). */
  describedBy?: string;
}) {
  const current = useSetting(path);
  const spec = knobSpec(path);
  const labelId = useId();
  const hintId = useId();
  const on = current === 'on';
  const control = (
    <button
      type="button"
      role="switch"
      className="knob-switch"
      aria-checked={on}
      {...(showLabel ? { 'aria-labelledby': labelId } : { 'aria-label': label })}
      aria-describedby={showLabel ? hintId : describedBy}
      onClick={() => setSetting(path, on ? 'off' : 'on', current)}
    >
      <span className="knob-switch-track" aria-hidden="true">
        <span className="knob-switch-thumb" />
      </span>
      <span className="knob-switch-word" aria-hidden="true">
        {on ? 'On' : 'Off'}
      </span>
    </button>
  );
  if (!showLabel) return control;
  return (
    <div className="knob knob-switch-row">
      <span className="knob-label" id={labelId}>
        {label}
      </span>
      <div className="knob-input">{control}</div>
      <KnobHint spec={spec} id={hintId} />
    </div>
  );
}

/**
 * A collapsible section (disclosure button in a heading). The mechanism's switch sits
 * beside the heading so it can be flipped while the section is closed.
 */
export function Section({
  panel,
  id,
  title,
  switchPath,
  summary,
  children,
  defaultOpen = false,
}: {
  /** Panel id, so each panel remembers its own open sections. */
  panel: string;
  id: string;
  title: string;
  switchPath?: string;
  /** The current state in a few words, shown while closed and open. */
  summary?: ReactNode;
  children?: ReactNode;
  defaultOpen?: boolean;
}) {
  const key = `${panel}:${id}`;
  const [open, setOpen] = useState(() => isSectionOpen(key) || defaultOpen);
  const bodyId = useId();
  const switchHintId = useId();
  const toggle = () => {
    rememberSectionOpen(key, !open);
    setOpen(!open);
  };
  return (
    <div className="knob-section">
      <div className="knob-section-head">
        <h3>
          <button
            type="button"
            className="kp-disclosure"
            aria-expanded={open}
            aria-controls={bodyId}
            onClick={toggle}
          >
            <span className="kp-chevron" aria-hidden="true">
              {open ? '▾' : '▸'}
            </span>
            {title}
          </button>
        </h3>
        {switchPath && <SettingSwitch path={switchPath} label={title} describedBy={switchHintId} />}
        {summary && <span className="knob-summary">{summary}</span>}
      </div>
      <div id={bodyId} className="knob-section-body" hidden={!open}>
        {switchPath && <KnobHint spec={knobSpec(switchPath)} id={switchHintId} />}
        {children}
      </div>
    </div>
  );
}

/** Input step: whole numbers for integer settings, finer for fractions. */
function stepOf(spec: NumberSettingSpec): string {
  if (spec.integer) return spec.max >= 10000 ? '100' : '1';
  return spec.max <= 1 ? '0.01' : 'any';
}
