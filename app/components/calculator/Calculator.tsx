/**
 * The Calculator tab: availability of a design from its parts (docs/reference.md,
 * "Availability arithmetic", which the site serves as reference.html). Stages in
 * series, each a group of parts in parallel; the total, its nines and the downtime a
 * year and a month. Preloaded with the reference's example.
 */
import { useEffect, useId, useState } from 'react';
import { downtimePerPeriod, formatDuration } from '../../sim';
import {
  nextId,
  parsePercent,
  referenceExample,
  stageAvailability,
  totalAvailability,
  type CalcPart,
  type CalcStage,
} from './calculator';
import { formatAvailability, formatNines } from '../app/format';
import { referenceHref } from '../settings/knobs';
import './calculator.css';

/** The section of docs/reference.md that the example comes from. */
const AVAILABILITY_ARITHMETIC = 'docs/reference.md#availability-arithmetic';

/** The design survives switching tabs (the panel itself is unmounted). */
const memory: { stages: CalcStage[] | null } = { stages: null };

/** "99.99%", "99.9399%": the panel's digits, without trailing zeros (typed values read back). */
function availabilityText(a: number | null): string {
  if (a === null) return '–';
  const text = formatAvailability(a);
  return text.includes('.') ? text.replace(/0+%$/, '%').replace(/\.%$/, '%') : text;
}

export function Calculator() {
  const [stages, setStages] = useState<CalcStage[]>(() => memory.stages ?? referenceExample());
  useEffect(() => {
    memory.stages = stages;
  }, [stages]);
  const total = totalAvailability(stages);
  const downtime = total === null ? null : downtimePerPeriod(total);

  const updateStage = (id: number, change: (s: CalcStage) => CalcStage) =>
    setStages(stages.map((s) => (s.id === id ? change(s) : s)));
  const updatePart = (stageId: number, partId: number, patch: Partial<CalcPart>) =>
    updateStage(stageId, (s) => ({
      ...s,
      parts: s.parts.map((p) => (p.id === partId ? { ...p, ...patch } : p)),
    }));

  return (
    <section className="panel calc-panel" aria-labelledby="calc-title">
      <div className="panel-head">
        <h2 id="calc-title">Availability calculator</h2>
        <button
          type="button"
          className="button small"
          onClick={() => setStages(referenceExample())}
        >
          Load the reference example
        </button>
      </div>
      <p className="calc-hint">
        Stages are in <strong>series</strong> (every one must work: A = A₁ × A₂ × …). Parts of a
        stage are in <strong>parallel</strong> (one is enough: A = 1 − (1 − A₁)(1 − A₂)…), assuming
        they fail independently. The{' '}
        <a href={referenceHref(AVAILABILITY_ARITHMETIC)} target="_blank" rel="noopener">
          reference example
        </a>{' '}
        is a balancer, three servers and a database.
      </p>

      <div className="calc-total" role="group" aria-labelledby="calc-total-title">
        <p id="calc-total-title" className="calc-total-title">
          Total availability
        </p>
        <p className="calc-total-value">
          <output aria-labelledby="calc-total-title">{availabilityText(total)}</output>{' '}
          <span className="calc-nines">{total === null ? '' : formatNines(total)}</span>
        </p>
        <p className="calc-downtime">
          {downtime === null ? (
            'Fix the highlighted fields to see the total.'
          ) : (
            <>
              Downtime: <strong>{formatDuration(downtime.perYearS)}</strong> per year (
              {Math.round(downtime.perYearS / 60).toLocaleString('en-US')} min) ·{' '}
              <strong>{formatDuration(downtime.per30DaysS)}</strong> per 30 days
            </>
          )}
        </p>
        <p className="calc-formula">
          {stages.map((s) => availabilityText(stageAvailability(s))).join(' × ')}
        </p>
      </div>

      <ol className="calc-stages">
        {stages.map((stage, index) => (
          <Stage
            key={stage.id}
            stage={stage}
            index={index}
            canRemove={stages.length > 1}
            onRename={(name) => updateStage(stage.id, (s) => ({ ...s, name }))}
            onPart={(partId, patch) => updatePart(stage.id, partId, patch)}
            onAddPart={() =>
              updateStage(stage.id, (s) => ({
                ...s,
                parts: [
                  ...s.parts,
                  {
                    id: nextId(stages),
                    name: `part ${s.parts.length + 1}`,
                    percentText: s.parts[s.parts.length - 1]?.percentText ?? '99.9',
                  },
                ],
              }))
            }
            onRemovePart={(partId) =>
              updateStage(stage.id, (s) => ({
                ...s,
                parts: s.parts.filter((p) => p.id !== partId),
              }))
            }
            onRemove={() => setStages(stages.filter((s) => s.id !== stage.id))}
          />
        ))}
      </ol>
      <button
        type="button"
        className="button small calc-add-stage"
        onClick={() => {
          const id = nextId(stages);
          setStages([
            ...stages,
            {
              id,
              name: `Stage ${stages.length + 1}`,
              parts: [{ id: id + 1, name: 'part 1', percentText: '99.9' }],
            },
          ]);
        }}
      >
        Add a stage in series
      </button>
    </section>
  );
}

function Stage(props: {
  stage: CalcStage;
  index: number;
  canRemove: boolean;
  onRename: (name: string) => void;
  onPart: (partId: number, patch: Partial<CalcPart>) => void;
  onAddPart: () => void;
  onRemovePart: (partId: number) => void;
  onRemove: () => void;
}) {
  const { stage } = props;
  const nameId = useId();
  const availability = stageAvailability(stage);
  const label = stage.name.trim() || `Stage ${props.index + 1}`;
  return (
    <li className="calc-stage">
      <fieldset>
        <legend>
          <label htmlFor={nameId} className="visually-hidden">
            Name of stage {props.index + 1}
          </label>
          <input
            id={nameId}
            className="calc-stage-name"
            value={stage.name}
            onChange={(event) => props.onRename(event.target.value)}
          />
          <span className="calc-stage-result">
            {stage.parts.length > 1 ? 'in parallel: ' : ''}
            <strong>{availabilityText(availability)}</strong>
          </span>
        </legend>
        <ul className="calc-parts">
          {stage.parts.map((part) => (
            <Part
              key={part.id}
              part={part}
              canRemove={stage.parts.length > 1}
              onChange={(patch) => props.onPart(part.id, patch)}
              onRemove={() => props.onRemovePart(part.id)}
            />
          ))}
        </ul>
        <div className="calc-stage-actions">
          <button
            type="button"
            className="button small"
            aria-label={`Add parallel part to ${label}`}
            onClick={props.onAddPart}
          >
            Add parallel part
          </button>
          {props.canRemove && (
            <button
              type="button"
              className="button small"
              aria-label={`Remove stage ${label}`}
              onClick={props.onRemove}
            >
              Remove stage
            </button>
          )}
        </div>
      </fieldset>
    </li>
  );
}

function Part(props: {
  part: CalcPart;
  canRemove: boolean;
  onChange: (patch: Partial<CalcPart>) => void;
  onRemove: () => void;
}) {
  const { part } = props;
  const nameId = useId();
  const valueId = useId();
  const errorId = useId();
  const invalid = parsePercent(part.percentText) === null;
  const label = part.name.trim() || 'part';
  return (
    <li className="calc-part">
      <label htmlFor={nameId} className="visually-hidden">
        Part name
      </label>
      <input
        id={nameId}
        className="calc-part-name"
        value={part.name}
        onChange={(event) => props.onChange({ name: event.target.value })}
      />
      <label htmlFor={valueId} className="calc-part-label">
        <span className="visually-hidden">Availability of {label}</span>
        <input
          id={valueId}
          className="calc-part-value"
          type="text"
          inputMode="decimal"
          value={part.percentText}
          aria-invalid={invalid}
          aria-describedby={invalid ? errorId : undefined}
          onChange={(event) => props.onChange({ percentText: event.target.value })}
        />
        <span className="unit" aria-hidden="true">
          %
        </span>
      </label>
      {props.canRemove && (
        <button
          type="button"
          className="button small"
          aria-label={`Remove ${label}`}
          onClick={props.onRemove}
        >
          Remove
        </button>
      )}
      {invalid && (
        <span id={errorId} className="field-error calc-error">
          A percentage from 0 to 100
        </span>
      )}
    </li>
  );
}
