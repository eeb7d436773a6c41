/**
 * The Defences tab (issue 4): one section per mechanism with its switch and knobs,
 * a warning when a timeout sits inside normal latency (false timeouts), and
 * "Defences at work": the counters each mechanism moves, live from the engine.
 */
import { useId, useState } from 'react';
import type { Metrics, Settings, TargetView } from '../../sim';
import { applyCommand } from '../../store';
import { formatCount, formatMs } from '../app/format';
import { Knob, KnobSections, SettingSwitch } from '../settings/Knob';
import {
  DEFENCE_SECTIONS,
  falseTimeoutNotes,
  knobLabel,
  type KnobSection,
} from '../settings/knobs';
import { usePlayground } from '../app/usePlayground';
import '../settings/knobPanel.css';

const PANEL = 'defences';

export function DefencesPanel() {
  const settings = usePlayground((s) => s.run.settings);
  const metrics = usePlayground((s) => s.run.metrics);
  const hasDependency = usePlayground((s) => s.run.scenario.topology.dependency !== undefined);

  return (
    <section className="panel knob-panel" aria-labelledby="defences-title">
      <div className="panel-head">
        <h2 id="defences-title">Defences</h2>
        <p className="hint">Flip a defence mid-run; its counter shows the effect.</p>
      </div>
      {!hasDependency && (
        <p className="kp-note">
          This scenario has no payments dependency, so the payments timeout, app server retries,
          idempotency keys, the circuit breaker and degradation have nothing to act on.{' '}
          <a href="#scenario=checkout">Open the checkout scenario</a> or{' '}
          <a href="#scenario=retry-storm">the retry storm</a>.
        </p>
      )}
      <DefencesAtWork metrics={metrics} breakerOn={settings.breaker.enabled === 'on'} />
      <KnobSections
        panel={PANEL}
        sections={DEFENCE_SECTIONS}
        summary={(section) => sectionSummary(section.id, settings)}
        body={(section) => <SectionBody section={section} settings={settings} metrics={metrics} />}
      />
    </section>
  );
}

/** The state of a section in a few words, shown beside its heading. */
function sectionSummary(id: string, settings: Settings): string | undefined {
  const r = settings.retries;
  switch (id) {
    case 'timeouts': {
      const perTry = settings.balancer.perTryTimeoutMs;
      return `user ${settings.client.timeoutMs} ms · try ${perTry > 0 ? `${perTry} ms` : 'none'} · payments ${settings.dependency.timeoutMs} ms`;
    }
    case 'retries':
      return `${r.clientMaxAttempts} × ${r.balancerMaxAttempts} × ${r.serverMaxAttempts} attempts · budget ${r.budget === 'percent' ? `${r.budgetPercent}%` : r.budget}`;
    case 'breaker':
      return settings.breaker.enabled === 'on'
        ? `opens at ${settings.breaker.failureRateThresholdPercent}% of ${settings.breaker.slidingWindowSize} calls`
        : undefined;
    case 'degradation':
      return settings.degradation.enabled === 'on'
        ? `degraded ${settings.degradation.countsAsAvailable === 'on' ? 'counts' : 'does not count'} as available`
        : undefined;
    case 'shedding':
      return settings.server.shedding === 'on'
        ? `queue limit ${settings.server.queueLimit}`
        : undefined;
    case 'balancing':
      return `${settings.balancer.algorithm} · outlier detection ${settings.outlier.enabled}`;
    default:
      return undefined;
  }
}

function SectionBody({
  section,
  settings,
  metrics,
}: {
  section: KnobSection;
  settings: Settings;
  metrics: Metrics | null;
}) {
  const knobs = (paths: readonly string[]) =>
    paths.map((path) =>
      path === 'outlier.enabled' || path === 'degradation.countsAsAvailable' ? (
        <SettingSwitch key={path} path={path} showLabel />
      ) : (
        <Knob key={path} path={path} />
      ),
    );
  if (section.id === 'timeouts') {
    return (
      <>
        <FalseTimeouts settings={settings} metrics={metrics} />
        {knobs(section.paths)}
      </>
    );
  }
  if (section.id === 'balancing') {
    return (
      <>
        {knobs(section.paths)}
        <WeightsTable />
      </>
    );
  }
  return <>{knobs(section.paths)}</>;
}

/** "Expect false timeouts" for each timeout that normal latency reaches. */
function FalseTimeouts({ settings, metrics }: { settings: Settings; metrics: Metrics | null }) {
  const notes = falseTimeoutNotes(settings, metrics);
  if (notes.length === 0) return null;
  return (
    <ul className="kp-warnings" aria-label="Timeout warnings">
      {notes.map((note) => (
        <li key={note.path}>
          <span aria-hidden="true">⚠ </span>
          <strong>{knobLabel(note.path)}</strong> {note.timeoutMs} ms ≤ {note.measured}{' '}
          {formatMs(note.latencyMs)}: expect false timeouts (calls that would have succeeded are cut
          off).
        </li>
      ))}
    </ul>
  );
}

/** Per-server weight (a `weight` command), with what the balancer sees and has routed. */
function WeightsTable() {
  const targets = usePlayground((s) => s.run.snapshot?.targets ?? EMPTY_TARGETS);
  const runId = usePlayground((s) => s.run.runId);
  const captionId = useId();
  if (targets.length === 0) return null;
  const balancers = new Set(targets.map((t) => t.balancer));
  return (
    <div className="kp-table-wrap">
      <table className="kp-table kp-weights" aria-labelledby={captionId}>
        <caption id={captionId}>Server weights</caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">Weight</th>
            <th scope="col">Routed</th>
            <th scope="col">Balancer sees</th>
          </tr>
        </thead>
        <tbody>
          {targets.map((t) => (
            <tr key={`${t.balancer}:${t.server}`}>
              <th scope="row">
                {t.server}
                {balancers.size > 1 && <span className="kp-detail"> ({t.balancer})</span>}
              </th>
              <td>
                <WeightInput key={`${runId}:${t.weight}`} target={t} />
              </td>
              <td className="kp-num">{formatCount(t.routed)}</td>
              <td>{targetState(t)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const EMPTY_TARGETS: readonly TargetView[] = [];

function targetState(t: TargetView): string {
  if (t.ejected) return 'ejected (outlier)';
  return t.healthy ? 'healthy' : 'unhealthy';
}

function WeightInput({ target }: { target: TargetView }) {
  const [error, setError] = useState(false);
  const commit = (raw: string) => {
    const weight = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(weight) || weight < 0 || weight > 100) {
      setError(true);
      return;
    }
    setError(false);
    if (weight !== target.weight) applyCommand({ type: 'weight', target: target.server, weight });
  };
  return (
    <input
      type="number"
      className="kp-weight-input"
      aria-label={`Weight of ${target.server}`}
      aria-invalid={error}
      title="0 drains the server; 1 is a normal share; 0 to 100"
      defaultValue={String(target.weight)}
      min={0}
      max={100}
      step={1}
      onBlur={(event) => commit(event.target.value)}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit(event.currentTarget.value);
      }}
    />
  );
}

/** The counters the defences move (issue 4 "Must show"). */
function DefencesAtWork({ metrics, breakerOn }: { metrics: Metrics | null; breakerOn: boolean }) {
  const d = metrics?.defences;
  const failedBy = metrics?.requests.failedBy;
  const amplification =
    d && d.usersReachingDependency > 0 ? `${d.loadAmplification.toFixed(2)}×` : '–';
  return (
    <section className="kp-box" aria-labelledby="defences-at-work">
      <h3 id="defences-at-work">Defences at work</h3>
      <p className="kp-amplification">
        <span className="kp-amplification-term">Load amplification</span>{' '}
        <span className="kp-value">{amplification}</span>
        {d && (
          <span className="kp-detail">
            {' '}
            {formatCount(d.dependencyAttempts)} calls reaching payments ÷{' '}
            {formatCount(d.usersReachingDependency)} user requests that reached it (of{' '}
            {formatCount(d.usersNeedingDependency)} needing it)
          </span>
        )}
      </p>
      <dl className="kp-grid">
        <Counter
          term="Charged twice"
          value={count(d?.duplicateSideEffects)}
          alarm={(d?.duplicateSideEffects ?? 0) > 0}
        />
        <Counter term="Idempotent replays" value={count(d?.idempotentReplays)} />
        <Counter term="Denied by budget" value={count(d?.retriesDeniedByBudget)} />
        <Counter
          term="Retries"
          value={count(d ? d.retries.client + d.retries.balancer + d.retries.server : undefined)}
          detail={
            d
              ? `users ${formatCount(d.retries.client)} · balancer ${formatCount(d.retries.balancer)} · servers ${formatCount(d.retries.server)}`
              : undefined
          }
          wide
        />
        <Counter term="Timed out" value={count(failedBy?.timeout)} />
        <Counter term="Circuit open" value={count(failedBy?.['circuit-open'])} />
        <Counter term="Shed" value={count(failedBy?.shed)} />
        <Counter term="Degraded" value={count(metrics?.requests.degraded)} />
      </dl>
      <Breakers breakers={d?.breakers ?? []} on={breakerOn} />
    </section>
  );
}

function count(n: number | undefined): string {
  return n === undefined ? '–' : formatCount(n);
}

function Counter(props: {
  term: string;
  value: string;
  detail?: string;
  wide?: boolean;
  alarm?: boolean;
}) {
  const className = [props.wide ? 'kp-wide' : '', props.alarm ? 'kp-alarm' : '']
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className || undefined}>
      <dt>{props.term}</dt>
      <dd>
        <span className="kp-value">{props.value}</span>
        {props.alarm && <span className="kp-alarm-word"> !</span>}
        {props.detail && <span className="kp-detail"> {props.detail}</span>}
      </dd>
    </div>
  );
}

const BREAKER_GLYPH: Record<string, string> = { CLOSED: '●', HALF_OPEN: '◐', OPEN: '○' };

/** Each app server's breaker (resilience4j states) and its transitions so far. */
function Breakers({ breakers, on }: { breakers: Metrics['defences']['breakers']; on: boolean }) {
  if (breakers.length === 0) {
    return (
      <p className="hint">
        {on
          ? 'Circuit breakers: each app server gets one at its first payments call.'
          : 'Circuit breakers: off.'}
      </p>
    );
  }
  return (
    <div className="kp-table-wrap">
      <table className="kp-table kp-breakers">
        <caption>Circuit breakers (app server → payments)</caption>
        <thead>
          <tr>
            <th scope="col">Server</th>
            <th scope="col">State</th>
            <th scope="col">Transitions</th>
          </tr>
        </thead>
        <tbody>
          {breakers.map((b) => (
            <tr key={b.id} className={`kp-breaker-${b.state.toLowerCase()}`}>
              <th scope="row">{b.id}</th>
              <td>
                <span aria-hidden="true">{BREAKER_GLYPH[b.state] ?? ''} </span>
                {b.state}
              </td>
              <td className="kp-num">{formatCount(b.transitions)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
