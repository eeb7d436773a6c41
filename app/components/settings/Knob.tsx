/**
 * The controls of the Defences and Data tabs: a knob (a labelled number input or
 * select with its one-sentence explanation, the teaching default and the real-world
 * default, marked when they differ), an on/off switch (role=switch), and a
 * collapsible section whose heading carries the mechanism's switch. Every change is
 * a `set` command through the store, so it shows in the event log.
 */
import { useId, useState, type ReactNode } from 'react';
import { getSetting, type SettingSpec } from '../../sim';
import { applyCommand } from '../../store';
import {
  isSectionOpen,
  knobLabel,
  knobSpec,
  referenceDiffers,
  rememberSectionOpen,
  withUnit,
  type KnobSection,
} from './knobs';
import { RealWorldDefaults, SettingControl, type SettingControlClasses } from './SettingControl';
import { usePlayground } from '../app/usePlayground';

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

const KNOB_CLASSES: SettingControlClasses = {
  row: 'knob',
  label: 'knob-label',
  field: 'knob-input',
  error: 'knob-error',
};

/** A setting's input, label, explanation and defaults. */
export function Knob({ path }: { path: string }) {
  const current = useSetting(path);
  const runId = usePlayground((s) => s.run.runId);
  const refusal = usePlayground((s) => s.ui.settingRefusals[path] ?? null);
  const spec = knobSpec(path);
  return (
    <SettingControl
      // Re-create the field when the engine's value changes, so it shows that value.
      key={`${runId}:${current}`}
      spec={spec}
      current={current}
      label={knobLabel(path)}
      classes={KNOB_CLASSES}
      apply={(value) => setSetting(path, value, current)}
      refusal={refusal}
      hint={(id) => <KnobHint spec={spec} id={id} />}
    />
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
        {differs ? (
          <span className="knob-differs" title="The teaching default differs from the real one">
            {' '}
            ≠ real{' '}
          </span>
        ) : (
          <span> · real </span>
        )}
        <RealWorldDefaults spec={spec} className="knob-reference" />
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

/** A tab's sections (DEFENCE_SECTIONS, DATA_SECTIONS) in order, each a collapsible Section. */
export function KnobSections({
  panel,
  sections,
  summary,
  body,
}: {
  /** Panel id, so each panel remembers its own open sections. */
  panel: string;
  sections: readonly KnobSection[];
  summary: (section: KnobSection) => ReactNode;
  body: (section: KnobSection) => ReactNode;
}) {
  return sections.map((section) => (
    <Section
      key={section.id}
      panel={panel}
      id={section.id}
      title={section.title}
      switchPath={section.switchPath}
      summary={summary(section)}
    >
      {body(section)}
    </Section>
  ));
}

/**
 * A collapsible section (disclosure button in a heading). The mechanism's switch sits
 * beside the heading so it can be flipped while the section is closed.
 */
function Section({
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
