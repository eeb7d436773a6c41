/**
 * The live availability figure (the region named "Availability"), always visible.
 * Every rate shows its count, the headline its 95% Wilson interval, and nines and
 * downtime only as far as the sample supports them (format.ts `ninesClaim`); windows
 * say how much of them has run; durability sits beside availability.
 * Request-based (succeeded ÷ valid requests) and time-based (probes answered)
 * availability over the whole run, the last minute and the last 10 minutes; the
 * nines as a number and against the classic targets; the downtime a year and a
 * 30-day month at this request-based rate; users by group; counts by outcome and
 * failure reason; alerts firing; and, where the scenario has them, the defences and the data tier.
 * Every number comes from the engine's metrics or a formula in app/sim.
 */
import { useId, useState } from 'react';
import {
  downtimePerPeriod,
  formatDuration,
  formatSimTime,
  NINES_TARGETS,
  usFromS,
  type Metrics,
  type UserGroupMetrics,
} from '../../sim';
import {
  formatAvailability,
  formatCount,
  formatInterval,
  formatMs,
  formatSpeed,
  latestAlertEvent,
  ninesClaim,
  ninesClaimText,
  ninesLadder,
  windowCoverage,
  type NinesClaim,
  waitingNote,
} from '../app/format';
import { usePlayground } from '../app/usePlayground';
import { lazyPart } from '../app/lazyPart';

/**
 * The monthly cost's code (its price table and breakdown) loads when the learner opens
 * the disclosure it sits in, not with the first screen (issue 12's 150 kB budget).
 */
const CostSummary = lazyPart('the monthly cost', () =>
  import('../cost/CostSummary').then((m) => m.CostSummary),
);
import './availability.css';

/** Failure reasons in the engine's order, with the words the panel uses. */
const FAILURE_REASONS: ReadonlyArray<[keyof Metrics['requests']['failedBy'], string]> = [
  ['refused', 'refused'],
  ['timeout', 'timed out'],
  ['shed', 'shed'],
  ['circuit-open', 'circuit open'],
  ['error', 'error'],
];

/**
 * A figure with nothing to measure yet shows a dash, not a fake 100%. `total`: the
 * requests it is measured over (its digits are those the sample supports).
 */
function percentOrDash(availability: number, measured: boolean, total?: number): string {
  return measured && Number.isFinite(availability) ? formatAvailability(availability, total) : '–';
}

/** Requests that count as good, by the panel's rule for degraded answers. */
function goodOf(
  counts: { succeeded: number; degraded: number } | undefined,
  degradedCounts: boolean,
): number {
  if (!counts) return 0;
  return counts.succeeded + (degradedCounts ? counts.degraded : 0);
}

/**
 * Downtime a year and a month if the whole year went like this sample: an
 * extrapolation, so it is bounded by the interval (never from the point estimate) and
 * says what it is extrapolated from. Follows the nines claim's rule (format.ts).
 */
function DowntimeLine({ claim, elapsedS }: { claim: NinesClaim; elapsedS: number }) {
  // From the request-based figure above (the failed share of requests, as time), not
  // from measured downtime: docs/reference.md "Availability, nines and error budgets" has two definitions; say which.
  if (claim.kind === 'none') {
    return <p className="av-rate">Downtime a year at this request-based rate: no data yet</p>;
  }
  if (claim.kind === 'too-few') {
    return (
      <p className="av-rate">Downtime a year at this request-based rate: too few requests yet</p>
    );
  }
  // At least N nines: at most this much down; under one nine: at least this much.
  const bound = claim.kind === 'at-least' ? claim.interval.lower : claim.interval.upper;
  const downtime = downtimePerPeriod(bound);
  return (
    <p className="av-rate">
      If every year went like these {formatDuration(Math.floor(elapsedS))} (request-based):{' '}
      {claim.kind === 'at-least' ? 'at most' : 'at least'}{' '}
      <strong>{formatDuration(downtime.perYearS)}</strong> a year ·{' '}
      <strong>{formatDuration(downtime.per30DaysS)}</strong> per 30 days of equivalent downtime (an
      extrapolation)
    </p>
  );
}

/**
 * Durability beside availability: acknowledged writes lost and updates overwritten,
 * so a run that loses data never reads as all well (split brain can answer every
 * request and still lose what it acknowledged).
 */
function DurabilityLine({
  data,
  room,
}: {
  data: NonNullable<Metrics['data']>;
  /** Present mode: the short line the back row reads (overwritten updates once there are any). */
  room: boolean;
}) {
  const lost = data.writesLost > 0 || data.lostUpdates > 0;
  if (room) {
    return (
      <p className={lost ? 'av-durability lost' : 'av-durability'}>
        {lost && <span aria-hidden="true">⚠ </span>}
        <strong className={data.writesLost > 0 ? 'av-nonzero' : undefined}>
          {formatCount(data.writesLost)}
        </strong>{' '}
        of {formatCount(data.writesAcked)} acknowledged writes lost
        {data.lostUpdates > 0 && (
          <>
            {' '}
            · <strong className="av-nonzero">{formatCount(data.lostUpdates)}</strong> updates
            overwritten
          </>
        )}
      </p>
    );
  }
  return (
    <p className={lost ? 'av-durability lost' : 'av-durability'}>
      <span className="av-durability-title">Durability</span>{' '}
      {lost && <span aria-hidden="true">⚠ </span>}
      <strong className={data.writesLost > 0 ? 'av-nonzero' : undefined}>
        {formatCount(data.writesLost)}
      </strong>{' '}
      of {formatCount(data.writesAcked)} acknowledged writes lost ·{' '}
      <strong className={data.lostUpdates > 0 ? 'av-nonzero' : undefined}>
        {formatCount(data.lostUpdates)}
      </strong>{' '}
      updates overwritten
    </p>
  );
}

export function AvailabilityPanel() {
  const metrics = usePlayground((s) => s.run.metrics);
  const playing = usePlayground((s) => s.run.playing);
  const speed = usePlayground((s) => s.run.speed);
  const degradedCounts = usePlayground(
    (s) => s.run.settings.degradation.countsAsAvailable === 'on',
  );
  // The defences row shows where the run uses them (by setting) or they left a trace.
  const defencesOn = usePlayground((s) => {
    const { retries, idempotency, breaker, degradation } = s.run.settings;
    return (
      retries.clientMaxAttempts > 1 ||
      retries.balancerMaxAttempts > 1 ||
      retries.serverMaxAttempts > 1 ||
      idempotency.keys === 'on' ||
      breaker.enabled === 'on' ||
      degradation.enabled === 'on'
    );
  });
  const heroId = useId();
  // The cost renders (and its code loads) only while its disclosure is open.
  const [extraOpen, setExtraOpen] = useState(false);
  // Present mode: shorter lines, large enough for the back row (presentation.css).
  const room = usePlayground((s) => s.ui.presenting);
  const topology = usePlayground((s) => s.run.scenario.topology);
  const settings = usePlayground((s) => s.run.settings);

  const nowUs = metrics?.nowUs ?? 0;
  const elapsedS = nowUs / 1e6;
  const requests = metrics?.requests;
  const finished = (requests?.succeeded ?? 0) + (requests?.degraded ?? 0) + (requests?.failed ?? 0);
  const availability = metrics?.availability ?? 1;
  const w1 = metrics?.window60s;
  const w10 = metrics?.window10m;
  const w1Finished = (w1?.succeeded ?? 0) + (w1?.degraded ?? 0) + (w1?.failed ?? 0);
  const w10Finished = (w10?.succeeded ?? 0) + (w10?.degraded ?? 0) + (w10?.failed ?? 0);
  const time = metrics?.timeAvailability;
  // Probes start with the run; the time-based figure means something after the first second.
  const probed = nowUs >= usFromS(1);
  const sloTarget = metrics?.slo.target ?? 0.999;
  // The probes behind a time-based figure over its last `coveredS` seconds: they go out
  // at a steady rate (every group, every probe interval), so the run's count scales. A
  // figure gets the digits its probes support: 93.2623% of 15 s of probing was noise.
  const probesPerS = elapsedS > 0 ? (time?.probesSinceStart ?? 0) / elapsedS : 0;
  const probesOver = (coveredS: number) => Math.round(probesPerS * coveredS);
  const claim = ninesClaim(goodOf(requests, degradedCounts), finished);
  const waiting = waitingNote(requests?.inFlight ?? 0, finished);
  const formula = degradedCounts ? '(succeeded + degraded) ÷ valid' : 'succeeded ÷ valid';

  return (
    <section className="panel availability av-panel" aria-labelledby="availability-title">
      <div className="panel-head">
        <h2 id="availability-title">Availability</h2>
        <p className="clock">
          <span className="clock-label">Simulated time</span>{' '}
          <time className="clock-value">{formatSimTime(nowUs)}</time>{' '}
          <span className="clock-state">
            {playing ? `running at ${formatSpeed(speed)}` : 'paused'}
          </span>
        </p>
      </div>

      <div className="av-hero">
        <div role="group" aria-labelledby={heroId}>
          <p className="av-hero-title" id={heroId}>
            Request-based availability, whole run
          </p>
          <p className="av-hero-figure">
            <span className="av-hero-value">
              {percentOrDash(availability, finished > 0, finished)}
            </span>{' '}
            <span className="av-hero-nines">{ninesClaimText(claim)}</span>
          </p>
          <p className="av-hero-sample">
            of {formatCount(finished)} finished requests
            {/* The room reads the count and its window; the interval stays on the laptop
                (the nines claim beside the figure is its lower bound). */}
            {room
              ? ', whole run'
              : claim.kind !== 'none' && <> · {formatInterval(claim.interval)}</>}
            {waiting && ` · ${waiting}`}
          </p>
        </div>
        <NinesBar claim={claim} />
        {metrics?.data && <DurabilityLine data={metrics.data} room={room} />}
        {/* The extrapolation and the cost one click away: open, they pushed the durability
            line out of a laptop's view (issue 14 review, 1280x800). */}
        <details className="av-extra" onToggle={(e) => setExtraOpen(e.currentTarget.open)}>
          <summary>A year at this rate, and the monthly cost</summary>
          <DowntimeLine claim={claim} elapsedS={elapsedS} />
          {extraOpen && <CostSummary topology={topology} settings={settings} />}
        </details>
      </div>

      {/* The rest: on a laptop it scrolls on its own under the headline, which never does. */}
      <div className="av-detail">
        <table className="av-table">
          <caption className="visually-hidden">
            Availability measured two ways, over the whole run, the last minute and the last 10
            minutes of simulated time
          </caption>
          <thead>
            <tr>
              <td />
              <th scope="col">
                Whole run<span className="av-cover">{formatDuration(Math.floor(elapsedS))}</span>
              </th>
              <WindowHeading label="Last 1 min" windowS={60} elapsedS={elapsedS} />
              <WindowHeading label="Last 10 min" windowS={600} elapsedS={elapsedS} />
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Request-based</th>
              <Cell
                value={availability}
                measured={finished > 0}
                slo={sloTarget}
                sample={{ total: finished }}
              />
              <Cell
                value={w1?.availability ?? 1}
                measured={w1Finished > 0}
                slo={sloTarget}
                sample={{ total: w1Finished }}
              />
              <Cell
                value={w10?.availability ?? 1}
                measured={w10Finished > 0}
                slo={sloTarget}
                sample={{ total: w10Finished }}
              />
            </tr>
            <tr>
              <th scope="row">Time-based</th>
              {(
                [
                  [time?.sinceStart, Infinity],
                  [time?.window1m, 60],
                  [time?.window10m, 600],
                ] as const
              ).map(([value, windowS]) => {
                const coveredS = Math.min(elapsedS, windowS);
                return (
                  <Cell
                    key={windowS}
                    value={value ?? 1}
                    measured={probed}
                    slo={sloTarget}
                    probedS={Math.floor(coveredS)}
                    probes={probesOver(coveredS)}
                  />
                );
              })}
            </tr>
          </tbody>
        </table>
        <p className="av-how-line">
          <strong>Request-based</strong>: {formula} requests (degraded answers count as{' '}
          {degradedCounts ? 'available' : 'unavailable'}) · <strong>time-based</strong>: share of
          time the probes were answered
        </p>

        <AlertStrip metrics={metrics} />

        {metrics && metrics.userGroups.length > 1 && (
          <UserGroups
            groups={metrics.userGroups}
            probesPerGroup={probesOver(elapsedS) / Math.max(1, metrics?.userGroups.length ?? 1)}
          />
        )}

        <dl className="av-counts">
          <div>
            <dt>Succeeded</dt>
            <dd>{formatCount(requests?.succeeded ?? 0)}</dd>
          </div>
          <div>
            <dt>Degraded</dt>
            <dd>{formatCount(requests?.degraded ?? 0)}</dd>
          </div>
          <div>
            <dt>Failed</dt>
            <dd>{formatCount(requests?.failed ?? 0)}</dd>
          </div>
          <div>
            <dt>In flight</dt>
            <dd>{formatCount(requests?.inFlight ?? 0)}</dd>
          </div>
        </dl>
        <p className="av-line">
          <span className="av-line-label">Failed by reason:</span>{' '}
          {FAILURE_REASONS.map(([key, words], i) => (
            <span
              key={key}
              className={requests && requests.failedBy[key] > 0 ? 'av-nonzero' : undefined}
            >
              {i > 0 && ' · '}
              {words} {formatCount(requests?.failedBy[key] ?? 0)}
            </span>
          ))}
        </p>
        <p className="av-line">
          <span className="av-line-label">Latency of answers:</span> whole run p50{' '}
          {formatMs(metrics?.latencyMs.p50 ?? NaN)} · p99 {formatMs(metrics?.latencyMs.p99 ?? NaN)}
          <span className="av-sep"> | </span>last 1 min p50 {formatMs(w1?.p50Ms ?? NaN)} · p99{' '}
          {formatMs(w1?.p99Ms ?? NaN)}
        </p>

        {metrics && <DefencesAndData metrics={metrics} defencesOn={defencesOn} />}
      </div>
    </section>
  );
}

/** A window's column heading, with how much of it has run while it is not yet full. */
function WindowHeading(props: { label: string; windowS: number; elapsedS: number }) {
  const coverage = windowCoverage(props.windowS, props.elapsedS);
  return (
    <th scope="col">
      {props.label}
      {coverage && <span className="av-cover">{coverage}</span>}
    </th>
  );
}

/**
 * One availability figure of the table, flagged when it is below the SLO. Request-based
 * figures carry their count (the headline says what the whole run's count supports);
 * neither row claims nines from a window's few requests or probes.
 */
function Cell(props: {
  value: number;
  measured: boolean;
  slo: number;
  sample?: { total: number };
  /** Time-based cells: the seconds of probing the figure covers (its sample). */
  probedS?: number;
  /** Time-based cells: how many probes that is, for the digits the figure can claim. */
  probes?: number;
}) {
  const below = props.measured && props.value < props.slo;
  const sample = props.sample;
  const probed = props.probedS === undefined ? 'of probes' : `of ${formatDuration(props.probedS)}`;
  return (
    <td className={below ? 'below-slo' : undefined}>
      <span className="av-cell-value">
        {below && (
          <span className="av-flag" aria-hidden="true">
            ▼
          </span>
        )}
        {percentOrDash(props.value, props.measured, props.sample?.total ?? props.probes)}
      </span>
      <span className="av-cell-nines">
        {sample ? `of ${formatCount(sample.total)}` : props.measured ? probed : 'no data yet'}
        {below && <span className="visually-hidden">, below the SLO</span>}
      </span>
    </td>
  );
}

/**
 * The nines against the classic targets: a step per target, filled as the interval's
 * lower bound climbs, so a target is ticked only when the sample shows it is met.
 */
function NinesBar({ claim }: { claim: NinesClaim }) {
  const measured = claim.kind === 'at-least' || claim.kind === 'under-one';
  const steps = ninesLadder(measured ? claim.interval.lower : 0, NINES_TARGETS);
  const met = steps.filter((s) => s.met).map((s) => s.label);
  const missed = steps.filter((s) => !s.met).map((s) => s.label);
  const label = !measured
    ? `Nines against the classic targets: ${ninesClaimText(claim)}`
    : `Against the classic targets (95% lower bound): ${met.length ? `meets ${met.join(', ')}` : 'meets none'}${
        missed.length ? `; not shown to meet ${missed.join(', ')}` : ''
      }`;
  return (
    <div className="nines-bar" role="img" aria-label={label}>
      {steps.map((step) => (
        <div key={step.label} className={step.met ? 'nines-step met' : 'nines-step'}>
          <span className="nines-track">
            <span className="nines-fill" style={{ width: `${measured ? step.fill * 100 : 0}%` }} />
          </span>
          <span className="nines-label">
            {measured && step.met ? '✓ ' : ''}
            {step.label}
          </span>
        </div>
      ))}
    </div>
  );
}

/** Alerts firing now (or "monitoring off"), announced politely when one fires or resolves. */
function AlertStrip({ metrics }: { metrics: Metrics | null }) {
  if (!metrics) return null;
  const firing = metrics.alerts.filter((a) => a.resolvedAtS === null);
  const latest = latestAlertEvent(metrics.alerts);
  return (
    <div className={firing.length > 0 ? 'av-alerts firing' : 'av-alerts'}>
      <p>
        {!metrics.monitoring ? (
          <>
            <strong>Monitoring off:</strong> no alert fires, nobody is paged.
          </>
        ) : firing.length > 0 ? (
          <>
            <span aria-hidden="true">⚠ </span>
            <strong>
              {firing.length > 1 ? `${firing.length} alerts firing` : 'Alert firing'}:
            </strong>{' '}
            {[...firing]
              .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'page' ? -1 : 1))
              .map((a) => `${a.name} (${a.severity})`)
              .join(', ')}{' '}
            since {formatSimTime(usFromS(Math.min(...firing.map((a) => a.firedAtS))))}
          </>
        ) : (
          <>
            No alert firing
            {metrics.alerts.length > 0 && ` (${metrics.alerts.length} fired and resolved)`} — see
            SLO &amp; alerts
          </>
        )}
      </p>
      <p className="visually-hidden" aria-live="polite">
        {latest}
      </p>
    </div>
  );
}

/** Per user group: an outage can be total for some users and invisible for others. */
function UserGroups({
  groups,
  probesPerGroup,
}: {
  groups: readonly UserGroupMetrics[];
  /** Each group's probes so far (every group probes at the same interval). */
  probesPerGroup: number;
}) {
  return (
    <table className="figure-table av-groups">
      <caption>Users by group, whole run</caption>
      <thead>
        <tr>
          <th scope="col">Group</th>
          <th scope="col">Request-based</th>
          <th scope="col">Time-based</th>
          <th scope="col">Seconds with errors</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => {
          const finished = g.succeeded + g.degraded + g.failed;
          const hit = g.failed > 0;
          return (
            <tr key={g.id} className={hit ? 'hit' : undefined}>
              <th scope="row">
                {g.id}
                <span className="av-how">
                  {hit ? `${formatCount(g.failed)} failed` : 'unaffected'}
                </span>
              </th>
              <td>
                <span className="av-group-bar" aria-hidden="true">
                  <span style={{ width: `${finished > 0 ? g.availability * 100 : 0}%` }} />
                </span>
                {percentOrDash(g.availability, finished > 0, finished)}
                <span className="av-how">of {formatCount(finished)}</span>
              </td>
              <td>{formatAvailability(g.timeAvailability, Math.round(probesPerGroup))}</td>
              <td>{g.errorSeconds === 0 ? 'none' : `${formatCount(g.errorSeconds)} s`}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Compact rows for the defences and the data tier, with the rest behind "More". */
function DefencesAndData({ metrics, defencesOn }: { metrics: Metrics; defencesOn: boolean }) {
  const d = metrics.defences;
  const data = metrics.data;
  const hasDependency = d.usersNeedingDependency > 0;
  const retries = d.retries.client + d.retries.balancer + d.retries.server;
  const showDefences = hasDependency && (defencesOn || retries > 0 || d.duplicateSideEffects > 0);
  const lastFailover = data?.failovers[data.failovers.length - 1];
  return (
    <>
      {showDefences && (
        <p className="av-line">
          <span className="av-line-label">Defences:</span> load amplification{' '}
          <strong>{d.loadAmplification.toFixed(2)}×</strong> ({formatCount(d.dependencyAttempts)}{' '}
          calls ÷ {formatCount(d.usersReachingDependency)} requests that reached the dependency) ·
          duplicate side effects{' '}
          <strong className={d.duplicateSideEffects > 0 ? 'av-nonzero' : undefined}>
            {formatCount(d.duplicateSideEffects)}
          </strong>
        </p>
      )}
      {data && (
        <p className="av-line">
          <span className="av-line-label">Data:</span> acknowledged writes lost{' '}
          <strong className={data.writesLost > 0 ? 'av-nonzero' : undefined}>
            {formatCount(data.writesLost)}
          </strong>{' '}
          · stale reads {formatCount(data.staleReads)} · lost updates{' '}
          {formatCount(data.lostUpdates)} · split-brain writes {formatCount(data.splitBrainWrites)}
          <br />
          {lastFailover ? (
            <>
              Last failover {lastFailover.from}→{lastFailover.to}: RTO{' '}
              <strong>
                {lastFailover.rtoS === null ? 'not yet' : formatDuration(lastFailover.rtoS)}
              </strong>
              , RPO <strong>{formatCount(lastFailover.rpoWrites)} writes</strong> (
              {formatDuration(lastFailover.rpoLagS)} of lag)
            </>
          ) : (
            'No failover yet'
          )}
        </p>
      )}
      <details className="av-more">
        <summary>More numbers</summary>
        <dl className="av-more-list">
          <div>
            <dt>Seconds with errors</dt>
            <dd>{formatCount(metrics.errorSeconds)} s</dd>
          </div>
          <div>
            <dt>Wasted work (answers nobody received)</dt>
            <dd>{formatCount(metrics.wastedWork)}</dd>
          </div>
          <div>
            <dt>Retries (users · balancer · servers)</dt>
            <dd>
              {formatCount(d.retries.client)} · {formatCount(d.retries.balancer)} ·{' '}
              {formatCount(d.retries.server)}
              {retries > 0 && d.retriesDeniedByBudget > 0
                ? `; ${formatCount(d.retriesDeniedByBudget)} denied by the retry budget`
                : ''}
            </dd>
          </div>
          {hasDependency && (
            <>
              <div>
                <dt>Dependency calls (retries included) per user request that reached it</dt>
                <dd>
                  {formatCount(d.dependencyAttempts)} ÷ {formatCount(d.usersReachingDependency)} (
                  {formatCount(d.usersNeedingDependency)} needed it)
                </dd>
              </div>
              <div>
                <dt>Side effects · replayed by idempotency key</dt>
                <dd>
                  {formatCount(d.sideEffects)} · {formatCount(d.idempotentReplays)}
                </dd>
              </div>
            </>
          )}
          {d.breakers.length > 0 && (
            <div>
              <dt>Circuit breakers</dt>
              <dd>{d.breakers.map((b) => `${b.id} ${b.state}`).join(', ')}</dd>
            </div>
          )}
          {data && (
            <>
              <div>
                <dt>Writes acknowledged · failed</dt>
                <dd>
                  {formatCount(data.writesAcked)} · {formatCount(data.writesFailed)}
                </dd>
              </div>
              <div>
                <dt>Reads served · failed</dt>
                <dd>
                  {formatCount(data.readsServed)} · {formatCount(data.readsFailed)}
                </dd>
              </div>
              <div>
                <dt>Failovers</dt>
                <dd>
                  {data.failovers.length === 0
                    ? 'none'
                    : data.failovers
                        .map(
                          (f) =>
                            `${f.from}→${f.to} at ${formatSimTime(usFromS(f.atS))} (RTO ${
                              f.rtoS === null ? 'not yet' : formatDuration(f.rtoS)
                            }, RPO ${f.rpoWrites} writes)`,
                        )
                        .join('; ')}
                </dd>
              </div>
            </>
          )}
        </dl>
      </details>
    </>
  );
}
