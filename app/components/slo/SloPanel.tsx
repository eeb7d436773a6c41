/**
 * The "SLO & alerts" tab: the SLO target and period, the demo time scale in words,
 * the error budget as time and as requests, how much of it the run has burnt, the
 * burn rate now and per multiwindow rule (SRE Workbook), the alerts fired and
 * resolved, and the Monitoring switch. Settings change through `set` commands, like
 * the CLI's --set; every figure is the engine's.
 */
import { useId, useState, type ReactNode } from 'react';
import {
  DEFAULT_ALERT_RULES,
  formatDuration,
  formatSimTime,
  S_PER_DAY,
  usFromS,
  validateSetting,
  type Metrics,
} from '../../sim';
import { applyCommand } from '../../store';
import {
  formatAmount,
  formatBurnRate,
  formatCount,
  formatShare,
  windowCoverage,
  windowScaleSentence,
} from '../app/format';
import { usePlayground } from '../app/usePlayground';
import { ruleStateReason } from './ruleState';
import './slo.css';

/** "1 h → 60 s": a window as the SRE Workbook writes it and as the demo runs it. */
function windowText(realS: number, scaledS: number, scale: number): string {
  return scale === 1
    ? formatDuration(realS)
    : `${formatDuration(realS)} → ${formatDuration(scaledS)}`;
}

/** Real (unscaled) windows of a rule, from the Workbook defaults the engine uses. */
function realWindows(
  name: string,
  scaled: { longWindowS: number; shortWindowS: number },
  scale: number,
) {
  const rule = DEFAULT_ALERT_RULES.find((r) => r.name === name);
  return {
    longS: rule?.longWindowS ?? scaled.longWindowS * scale,
    shortS: rule?.shortWindowS ?? scaled.shortWindowS * scale,
  };
}

export function SloPanel() {
  const metrics = usePlayground((s) => s.run.metrics);
  const settings = usePlayground((s) => s.run.settings);
  const runId = usePlayground((s) => s.run.runId);

  const slo = metrics?.slo;
  const scale = settings.alerts.windowScale;
  // The SLO period as the engine runs it: divided by the window scale (metrics.slo).
  const periodS = (settings.slo.periodDays * S_PER_DAY) / scale;
  const requests = metrics?.requests;
  const valid = (requests?.succeeded ?? 0) + (requests?.degraded ?? 0) + (requests?.failed ?? 0);
  const degradedCounts = settings.degradation.countsAsAvailable === 'on';
  const bad = (requests?.failed ?? 0) + (degradedCounts ? 0 : (requests?.degraded ?? 0));
  const fast = DEFAULT_ALERT_RULES[0]!;
  const fastScaled = metrics?.alertRules.find((r) => r.name === fast.name);

  return (
    <section className="panel slo-panel" aria-labelledby="slo-title">
      <h2 id="slo-title">SLO, error budget and alerts</h2>

      <div className="slo-form">
        <NumberSetting
          key={`target:${runId}:${settings.slo.target}`}
          label="SLO target"
          unit="%"
          value={Number((settings.slo.target * 100).toFixed(6))}
          step="0.01"
          toSetting={(v) => Number((v / 100).toFixed(8))}
          path="slo.target"
          rangeText="between 50% and 99.999%"
        />
        <NumberSetting
          key={`period:${runId}:${settings.slo.periodDays}`}
          label="SLO period"
          unit="days"
          value={settings.slo.periodDays}
          step="1"
          toSetting={(v) => v}
          path="slo.periodDays"
          rangeText="a whole number of days from 1 to 365"
        />
        <MonitoringSwitch
          on={settings.monitoring.enabled === 'on'}
          manualFailover={metrics?.data != null && settings.database.failover === 'manual'}
          operatorDelayMs={settings.database.operatorDelayMs}
        />
      </div>

      <p className="slo-scale">
        <strong>Time scale:</strong> {windowScaleSentence(scale)}
        {scale !== 1 && (
          <>
            : windows {formatDuration(fast.longWindowS)}→
            {formatDuration(fastScaled?.longWindowS ?? fast.longWindowS / scale)},{' '}
            {formatDuration(fast.shortWindowS)}→
            {formatDuration(fastScaled?.shortWindowS ?? fast.shortWindowS / scale)}; the{' '}
            {settings.slo.periodDays}-day period lasts {formatDuration(periodS)} of simulated time
          </>
        )}
        . <span className="slo-path">(setting alerts.windowScale = {scale})</span>
      </p>

      <h3 className="slo-h3">Error budget</h3>
      <dl className="slo-budget">
        <div>
          <dt>As time</dt>
          <dd>
            <strong>{slo ? formatDuration(slo.budgetTimeS) : '–'}</strong> of failure per{' '}
            {formatDuration(periodS)} of simulated time
            {scale !== 1 && slo && (
              <span className="slo-note">
                {' '}
                (stands for {formatDuration(slo.budgetTimeS * scale)} per {settings.slo.periodDays}{' '}
                days)
              </span>
            )}
          </dd>
        </div>
        <div>
          <dt>As requests</dt>
          <dd>
            <strong>{slo ? formatAmount(slo.budgetRequestsSoFar) : '–'}</strong> of the{' '}
            {formatCount(valid)} valid requests so far may fail; {formatCount(bad)} did
          </dd>
        </div>
        <div>
          <dt>Burnt</dt>
          <dd>
            <BudgetBar fraction={slo?.budgetBurntFraction ?? 0} />
          </dd>
        </div>
        <div>
          <dt>Burn rate now</dt>
          <dd>
            <strong>{slo ? formatBurnRate(slo.burnRateLastMinute) : '–'}</strong> over the last
            minute
            {metrics && windowCoverage(60, metrics.nowUs / 1e6) && (
              <> ({windowCoverage(60, metrics.nowUs / 1e6)})</>
            )}{' '}
            <span className="slo-note">(1× spends exactly the budget in one period)</span>
          </dd>
        </div>
      </dl>

      <h3 className="slo-h3">Burn-rate alert rules</h3>
      <RulesTable metrics={metrics} scale={scale} />

      <h3 className="slo-h3" id="alerts-title">
        Alerts
      </h3>
      <AlertsList metrics={metrics} />
    </section>
  );
}

/** A number setting edited as text, committed on Enter or leaving the field. */
function NumberSetting(props: {
  label: string;
  unit: string;
  value: number;
  step: string;
  path: string;
  rangeText: string;
  toSetting: (value: number) => number;
}) {
  const inputId = useId();
  const errorId = useId();
  const [error, setError] = useState<string | null>(null);
  const commit = (raw: string) => {
    const typed = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(typed)) {
      setError(`Enter ${props.rangeText}.`);
      return;
    }
    const value = props.toSetting(typed);
    const checked = validateSetting(props.path, value);
    if (checked.error !== null) {
      setError(`Enter ${props.rangeText}.`);
      return;
    }
    setError(null);
    if (value !== props.toSetting(props.value)) {
      applyCommand({ type: 'set', path: props.path, value: checked.value });
    }
  };
  return (
    <div className="slo-field">
      <label htmlFor={inputId}>{props.label}</label>
      <span className="slo-input">
        <input
          id={inputId}
          type="number"
          inputMode="decimal"
          step={props.step}
          defaultValue={props.value}
          aria-invalid={error !== null}
          aria-describedby={error ? errorId : undefined}
          onBlur={(event) => commit(event.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter') commit(event.currentTarget.value);
          }}
        />
        <span className="unit">{props.unit}</span>
      </span>
      {error && (
        <span id={errorId} className="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** The Monitoring switch (setting monitoring.enabled), with what off means. */
function MonitoringSwitch(props: {
  on: boolean;
  manualFailover: boolean;
  operatorDelayMs: number;
}) {
  const labelId = useId();
  const hintId = useId();
  const toggle = () =>
    applyCommand({ type: 'set', path: 'monitoring.enabled', value: props.on ? 'off' : 'on' });
  let hint: ReactNode = props.on
    ? 'On: burn-rate alerts fire and page the on-call engineer.'
    : 'Off: no alert fires and nobody is paged. Failures go unnoticed.';
  if (props.manualFailover) {
    hint = (
      <>
        {hint}{' '}
        {props.on
          ? props.operatorDelayMs > 0
            ? `Database failover is manual: the paged operator promotes a replica ${formatDuration(props.operatorDelayMs / 1000)} after the alert.`
            : 'Database failover is manual: the alert pages you; click a replica and Promote.'
          : 'Database failover is manual, so no operator is paged and no replica is promoted: the database stays down until you Promote one yourself.'}
      </>
    );
  }
  return (
    <div className={props.on ? 'slo-switch on' : 'slo-switch off'}>
      <span id={labelId} className="slo-switch-label">
        Monitoring
      </span>
      <button
        type="button"
        role="switch"
        aria-checked={props.on}
        aria-labelledby={labelId}
        aria-describedby={hintId}
        className="switch"
        onClick={toggle}
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span className="switch-text" aria-hidden="true">
          {props.on ? 'On' : 'Off'}
        </span>
      </button>
      <p id={hintId} className="slo-switch-hint">
        {hint}
      </p>
    </div>
  );
}

/** How much of the period's error budget is gone, as a bar and in words. */
function BudgetBar({ fraction }: { fraction: number }) {
  const exhausted = fraction >= 1;
  return (
    <span className={exhausted ? 'budget exhausted' : 'budget'}>
      <span className="budget-track" aria-hidden="true">
        <span className="budget-fill" style={{ width: `${Math.min(100, fraction * 100)}%` }} />
      </span>
      <span className="budget-text">
        <strong>{formatShare(fraction)}</strong> of the period&apos;s budget
        {exhausted ? ': exhausted, the SLO is missed' : ''}
      </span>
    </span>
  );
}

function RulesTable({ metrics, scale }: { metrics: Metrics | null; scale: number }) {
  const rules = metrics?.alertRules ?? [];
  // A window longer than the run so far is measured over the run only: say so, so a
  // "3 d" window is not read as full at 0:04.
  const elapsedS = (metrics?.nowUs ?? 0) / 1e6;
  return (
    <table className="slo-rules">
      <caption className="visually-hidden">
        Multiwindow burn-rate rules: a rule fires only while both windows burn faster than its
        threshold
      </caption>
      <thead>
        <tr>
          <th scope="col">Rule</th>
          <th scope="col">Long window</th>
          <th scope="col">Short window</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule) => {
          const real = realWindows(rule.name, rule, scale);
          const over = (rate: number) => rate > rule.burnRateThreshold;
          return (
            <tr key={rule.name} className={rule.firing ? 'firing' : undefined}>
              <th scope="row">
                <span className="slo-rule-name">{rule.name}</span>
                <span className="slo-sub">
                  {rule.severity} above {formatBurnRate(rule.burnRateThreshold)}
                </span>
              </th>
              <td>
                <span className="slo-sub">{windowText(real.longS, rule.longWindowS, scale)}</span>
                <WindowCoverage windowS={rule.longWindowS} elapsedS={elapsedS} />
                <span className={over(rule.longBurnRate) ? 'over' : undefined}>
                  {formatBurnRate(rule.longBurnRate)}
                </span>
              </td>
              <td>
                <span className="slo-sub">{windowText(real.shortS, rule.shortWindowS, scale)}</span>
                <WindowCoverage windowS={rule.shortWindowS} elapsedS={elapsedS} />
                <span className={over(rule.shortBurnRate) ? 'over' : undefined}>
                  {formatBurnRate(rule.shortBurnRate)}
                </span>
              </td>
              <td>
                {rule.firing ? <strong className="slo-firing">⚠ firing</strong> : 'quiet'}
                {ruleStateReason(rule) ? (
                  <span className="slo-sub">{ruleStateReason(rule)}</span>
                ) : null}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/**
 * "only 4 s so far, counted against the whole window" under a window the run has not yet
 * filled: an alert's burn rate divides the errors so far by the requests the whole window
 * would hold (a blip must not page), so it differs from "Burn rate now" above, which
 * divides by the requests so far.
 */
function WindowCoverage({ windowS, elapsedS }: { windowS: number; elapsedS: number }) {
  const coverage = windowCoverage(windowS, elapsedS);
  return coverage ? (
    <span className="slo-sub slo-cover">{coverage}, counted against the whole window</span>
  ) : null;
}

function AlertsList({ metrics }: { metrics: Metrics | null }) {
  const alerts = metrics?.alerts ?? [];
  if (alerts.length === 0) {
    return (
      <p className="slo-empty">
        {metrics && !metrics.monitoring
          ? 'Monitoring is off: no alert fires.'
          : 'No alert has fired in this run.'}
      </p>
    );
  }
  return (
    <ol className="slo-alerts" aria-labelledby="alerts-title">
      {[...alerts].reverse().map((a) => (
        <li
          key={`${a.name}@${a.firedAtS}`}
          className={a.resolvedAtS === null ? 'firing' : 'resolved'}
        >
          <strong>{a.name}</strong>{' '}
          <span className={`severity severity-${a.severity}`}>{a.severity}</span> fired{' '}
          {formatSimTime(usFromS(a.firedAtS))} ·{' '}
          {a.resolvedAtS === null ? (
            <strong className="slo-firing">still firing</strong>
          ) : (
            `resolved ${formatSimTime(usFromS(a.resolvedAtS))}`
          )}
        </li>
      ))}
    </ol>
  );
}
