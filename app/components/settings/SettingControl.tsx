/**
 * One setting as a labelled field, shared by the knobs of the Defences and Data tabs and
 * the rows of the Settings panel: a select for a choice or a number input, its unit, the
 * error when a value is invalid or refused, and the explanation the caller writes.
 */
import { Fragment, useId, useState, type ReactNode } from 'react';
import { realWorldOf, validateSetting, type NumberSettingSpec, type SettingSpec } from '../../sim';
import { realWorldText, referenceHref } from './knobs';

/** Class names of a control's parts, so each panel keeps its own styling. */
export interface SettingControlClasses {
  row: string;
  label: string;
  /** The wrapper of the select or input and its unit. */
  field: string;
  error: string;
}

export function SettingControl({
  spec,
  current,
  label,
  classes,
  apply,
  hint,
  refusal = null,
}: {
  spec: SettingSpec;
  current: number | string;
  /** The field's accessible name. */
  label: string;
  classes: SettingControlClasses;
  /** Applies a valid value; returns the refusal to show beside the field, or null. */
  apply: (value: number | string) => string | null;
  /** The explanation under the field, with the id the field is described by. */
  hint: (id: string) => ReactNode;
  /**
   * The engine's refusal of this setting's newest change when it comes after `apply`
   * returned (from the engine's worker): shown as `apply`'s own refusal is, until the
   * setting is changed again.
   */
  refusal?: { id: number; text: string } | null;
}) {
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();
  const [ownError, setError] = useState<string | null>(null);
  // Bumped when a choice is refused, so the select shows the engine's value again.
  const [refusals, setRefusals] = useState(0);
  // A refusal that came later (the store drops it when the setting is sent again).
  const error = ownError ?? refusal?.text ?? null;
  const unit = spec.kind === 'number' ? spec.unit : undefined;
  const describedBy = error ? `${errorId} ${hintId}` : hintId;

  const commit = (raw: string) => {
    const checked = validateSetting(spec.path, raw);
    if (checked.error !== null) {
      setError(checked.error);
      return;
    }
    const refused = apply(checked.value);
    setError(refused);
    if (refused !== null && spec.kind === 'choice') setRefusals((n) => n + 1);
  };

  return (
    <div className={classes.row}>
      <label htmlFor={inputId} className={classes.label}>
        {label}
      </label>
      <div className={classes.field}>
        {spec.kind === 'choice' ? (
          <select
            key={`${refusals}:${refusal?.id ?? 0}`}
            id={inputId}
            defaultValue={String(current)}
            aria-invalid={error !== null}
            aria-describedby={describedBy}
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
            aria-describedby={describedBy}
            onBlur={(event) => commit(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') commit(event.currentTarget.value);
            }}
          />
        )}
        {unit && <span className="unit">{unit}</span>}
      </div>
      {error && (
        <p className={classes.error} id={errorId} role="alert">
          {error}
        </p>
      )}
      {hint(hintId)}
    </div>
  );
}

/** Input step: whole numbers for integer settings, finer for fractions. */
function stepOf(spec: NumberSettingSpec): string {
  if (spec.integer) return spec.max >= 10000 ? '100' : '1';
  return spec.max <= 1 ? '0.01' : 'any';
}

/**
 * What real systems use for a setting, from its spec: each value links to the section of
 * the reference page (shipped with the site) that gives its source. Opens in a new tab,
 * so the run keeps going.
 */
export function RealWorldDefaults({ spec, className }: { spec: SettingSpec; className: string }) {
  return (
    <span className={className}>
      {realWorldOf(spec.path).map((entry, i) => (
        <Fragment key={`${entry.system}:${i}`}>
          {i > 0 && '; '}
          <a href={referenceHref(entry.source)} target="_blank" rel="noopener">
            {realWorldText(spec, entry)}
          </a>
        </Fragment>
      ))}
    </span>
  );
}
