/**
 * The Data tab (issue 5): what the database tier is doing and what it lost. Live
 * figures (acknowledged writes lost, stale reads, lost updates, split-brain writes),
 * the failovers with their RTO and RPO, each node with the actions the engine offers
 * for it, and the replication, quorum and failover settings.
 */
import { useEffect, useId, useRef } from 'react';
import {
  ACTION_SPECS,
  databaseNodeStatusLabel,
  formatSimTime,
  usFromS,
  type DatabaseNodeView,
  type DatabaseView,
  type FailoverRecord,
  type Metrics,
} from '../../sim';
import { applyCommand, type ActionType } from '../../store';
import { renderQuorum } from '../../views/quorum';
import { actionCommand } from '../controls/actions';
import { formatCount, formatMs } from '../app/format';
import { Knob, KnobSections, setSetting, useSetting } from '../settings/Knob';
import { DATA_SECTIONS, knobSpec, type KnobSection } from '../settings/knobs';
import { RealWorldDefaults } from '../settings/SettingControl';
import { usePlayground } from '../app/usePlayground';
import '../settings/knobPanel.css';

const PANEL = 'data';

/** One sentence per replication mode (docs/reference.md "Replication and quorums"). */
const REPLICATION_MODE_TEXT: Readonly<Record<string, string>> = {
  async:
    'The primary acknowledges before any replica has the write: fast, but a failover loses the writes inside the replication lag.',
  'semi-sync':
    "The primary waits for one replica's acknowledgement, then falls back to async after the semi-sync timeout (MySQL).",
  sync: 'The primary acknowledges only once the standby has the write: nothing acknowledged is lost, but writes stall when the standby is gone.',
  quorum:
    'A write waits for W of N copies and a read asks R of them; with W + R > N every read sees the latest write.',
};

type DataMetrics = NonNullable<Metrics['data']>;

export function DataPanel() {
  const hasDatabase = usePlayground((s) => s.run.scenario.topology.database !== undefined);
  const database = usePlayground((s) => s.run.snapshot?.database);
  const data = usePlayground((s) => s.run.metrics?.data ?? null);
  const monitoring = usePlayground((s) => s.run.metrics?.monitoring ?? true);

  if (!hasDatabase) {
    return (
      <section className="panel knob-panel" aria-labelledby="data-title">
        <h2 id="data-title">Data</h2>
        <p className="kp-note">
          This scenario has no database. <a href="#scenario=database">Open the database scenario</a>{' '}
          to replicate, fail over and count the writes a failover loses.
        </p>
      </section>
    );
  }

  return (
    <section className="panel knob-panel" aria-labelledby="data-title">
      <div className="panel-head">
        <h2 id="data-title">Data</h2>
        {database && <DatabaseStatus database={database} />}
      </div>
      {database?.failoverPhase && (
        <p className="kp-failover-phase" role="status">
          <span aria-hidden="true">⚠ </span>
          {capitalise(database.failoverPhase)}
        </p>
      )}
      <DataFigures data={data} />
      <Failovers failovers={data?.failovers ?? []} />
      {database && <NodesTable nodes={database.nodes} />}
      <KnobSections
        panel={PANEL}
        sections={DATA_SECTIONS}
        summary={(section) => (database ? dataSummary(section.id, database) : undefined)}
        body={(section) => (
          <DataSectionBody section={section} database={database} monitoring={monitoring} />
        )}
      />
    </section>
  );
}

/** A section's knobs, after the replication modes, the quorum drawing or the monitoring note. */
function DataSectionBody({
  section,
  database,
  monitoring,
}: {
  section: KnobSection;
  database: DatabaseView | undefined;
  monitoring: boolean;
}) {
  if (section.id === 'replication') {
    return (
      <>
        <ReplicationMode />
        {section.paths.slice(1).map((path) => (
          <Knob key={path} path={path} />
        ))}
      </>
    );
  }
  if (section.id === 'quorum') {
    return (
      <>
        {database && <QuorumDrawing quorum={database.quorum} />}
        {section.paths.map((path) => (
          <Knob key={path} path={path} />
        ))}
      </>
    );
  }
  return (
    <>
      {section.id === 'manual' && (
        <p className="kp-note">
          Monitoring is <strong>{monitoring ? 'on' : 'off'}</strong>
          {monitoring
            ? ': the alert fires after the alert delay, then the operator (you, or the simulated one after the operator delay) promotes a replica.'
            : ': no alert fires, so nobody is told and writes fail until someone happens to look.'}{' '}
          The monitoring switch is in the SLO &amp; alerts tab.
        </p>
      )}
      {section.paths.map((path) => (
        <Knob key={path} path={path} />
      ))}
    </>
  );
}

/** A lag in ms, or in seconds once it is long (a node down for a minute). */
function lagText(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : formatMs(ms);
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The state of a section in a few words. */
function dataSummary(id: string, db: DatabaseView): string | undefined {
  switch (id) {
    case 'replication':
      return db.semiSyncFallback ? `${db.replicationMode}: fell back to async` : db.replicationMode;
    case 'quorum':
      return (
        `N ${db.quorum.n} · W ${db.quorum.w} · R ${db.quorum.r}: ` +
        (db.quorum.overlapping ? 'overlapping' : 'not overlapping') +
        (db.replicationMode === 'quorum' ? '' : ' (used in quorum mode)')
      );
    case 'failover':
      return db.failover;
    default:
      return undefined;
  }
}

/** Mode, primary and epoch in one line. */
function DatabaseStatus({ database }: { database: DatabaseView }) {
  // The engine's reachable writers: a crashed or fenced old primary is not a primary.
  const primaries = database.primaries;
  return (
    <p className="hint kp-db-status">
      {database.conflictMode === 'multi-primary-lww' ? 'multi-primary, last writer wins' : ''}
      {database.conflictMode !== 'multi-primary-lww' && (
        <>
          {database.replicationMode}
          {database.semiSyncFallback && <strong> (fell back to async)</strong>} ·{' '}
          {primaries.length === 0
            ? 'no primary'
            : primaries.length > 1
              ? `${primaries.length} primaries: ${primaries.join(', ')} (split brain)`
              : `primary ${primaries[0]}`}{' '}
          · writes go to {database.clientPrimary ?? 'nobody'} · epoch {database.epoch} ·{' '}
          {database.failover} failover · fencing {database.fencing ? 'on' : 'off'}
        </>
      )}
    </p>
  );
}

/** Writes acknowledged and the ways data goes wrong (issue 5 "On screen"). */
function DataFigures({ data }: { data: DataMetrics | null }) {
  const lost = data?.writesLost ?? 0;
  return (
    <section className="kp-box" aria-labelledby="data-figures">
      <h3 id="data-figures">Data at risk</h3>
      <dl className="kp-grid">
        <Figure term="Writes acknowledged" value={data?.writesAcked} />
        <Figure term="Acknowledged writes lost" value={data?.writesLost} alarm={lost > 0} />
        <Figure term="Stale reads" value={data?.staleReads} />
        <Figure
          term="Lost updates"
          value={data?.lostUpdates}
          alarm={(data?.lostUpdates ?? 0) > 0}
        />
        <Figure
          term="Split-brain writes"
          value={data?.splitBrainWrites}
          alarm={(data?.splitBrainWrites ?? 0) > 0}
        />
        <Figure term="Writes failed" value={data?.writesFailed} />
      </dl>
    </section>
  );
}

function Figure(props: {
  term: string;
  value: number | undefined;
  detail?: string;
  alarm?: boolean;
}) {
  return (
    <div className={props.alarm ? 'kp-alarm' : undefined}>
      <dt>{props.term}</dt>
      <dd>
        <span className="kp-value">
          {props.value === undefined ? '–' : formatCount(props.value)}
        </span>
        {props.alarm && <span className="kp-alarm-word"> !</span>}
        {props.detail && <span className="kp-detail"> {props.detail}</span>}
      </dd>
    </div>
  );
}

function rtoText(f: FailoverRecord): string {
  return f.rtoS === null ? 'in progress' : `${f.rtoS.toFixed(1)} s`;
}

/** The last failover's RTO and RPO, large, and every failover in a table. */
function Failovers({ failovers }: { failovers: readonly FailoverRecord[] }) {
  const last = failovers[failovers.length - 1];
  if (!last) {
    return <p className="hint">No failover yet: RTO and RPO appear here after one.</p>;
  }
  return (
    <section className="kp-failovers" aria-labelledby="failovers-title">
      <h3 id="failovers-title">Last failover</h3>
      <div className="kp-last-failover">
        <p className="kp-big-figure" role="group" aria-label="Recovery time (RTO)">
          <span className="kp-big-label">RTO</span>
          <span className="kp-big-value">{rtoText(last)}</span>
          <span className="kp-detail">down until clients wrote to {last.to}</span>
        </p>
        <p className="kp-big-figure" role="group" aria-label="Data lost (RPO)">
          <span className="kp-big-label">RPO</span>
          <span className="kp-big-value">
            {formatCount(last.rpoWrites)} {last.rpoWrites === 1 ? 'write' : 'writes'}
          </span>
          <span className="kp-detail">{last.rpoLagS.toFixed(2)} s of lag lost</span>
        </p>
      </div>
      <div className="kp-table-wrap">
        <table className="kp-table kp-failover-table">
          <caption>Failovers</caption>
          <thead>
            <tr>
              <th scope="col">At</th>
              <th scope="col">From → to</th>
              <th scope="col">RTO</th>
              <th scope="col">RPO writes</th>
              <th scope="col">RPO lag</th>
            </tr>
          </thead>
          <tbody>
            {failovers.map((f, i) => (
              <tr key={i}>
                <td className="kp-num">{formatSimTime(usFromS(f.atS))}</td>
                <td>
                  {f.from} → {f.to}
                </td>
                <td className="kp-num">{rtoText(f)}</td>
                <td className="kp-num">{formatCount(f.rpoWrites)}</td>
                <td className="kp-num">{f.rpoLagS.toFixed(2)} s</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

const EMPTY_ACTIONS: readonly ActionType[] = [];

/** Each node's role, state and lag, with the actions the engine offers for it now. */
function NodesTable({ nodes }: { nodes: readonly DatabaseNodeView[] }) {
  const actions = usePlayground((s) => s.run.actions);
  return (
    <div className="kp-table-wrap">
      <table className="kp-table kp-nodes">
        <caption>Database nodes</caption>
        <thead>
          <tr>
            <th scope="col">Node</th>
            <th scope="col">Role</th>
            <th scope="col">Lag</th>
          </tr>
        </thead>
        {nodes.map((node) => (
          <tbody key={node.id} className={`kp-role-${node.role}`}>
            <tr>
              <th scope="row">
                {node.id}
                <span className="kp-detail"> {node.zone}</span>
              </th>
              <td>
                {node.role === 'primary' && (
                  <span className="kp-primary-badge" aria-hidden="true">
                    P
                  </span>
                )}
                <span className="kp-role">{node.role}</span>
                {node.state !== 'up' && (
                  <span className="kp-state">
                    {' '}
                    · {databaseNodeStatusLabel(node.state, node.rebuildPercent)}
                  </span>
                )}
              </td>
              <td className="kp-num">
                {node.lagWrites === 0 ? (
                  'caught up'
                ) : (
                  <>
                    {lagText(node.lagMs)}
                    <span className="kp-detail">
                      {' '}
                      · {formatCount(node.lagWrites)} {node.lagWrites === 1 ? 'write' : 'writes'}
                    </span>
                  </>
                )}
              </td>
            </tr>
            <tr className="kp-actions-row">
              <td colSpan={3}>
                <NodeActions id={node.id} actions={actions[node.id] ?? EMPTY_ACTIONS} />
              </td>
            </tr>
          </tbody>
        ))}
      </table>
    </div>
  );
}

function NodeActions({ id, actions }: { id: string; actions: readonly ActionType[] }) {
  const offered = ACTION_SPECS.filter((spec) => actions.includes(spec.type));
  return (
    <div className="kp-actions">
      {offered.map((spec) => (
        <button
          key={spec.type}
          type="button"
          className={`button small${spec.type === 'promote' ? ' primary' : ''}`}
          aria-label={`${spec.verb} ${id}`}
          title={spec.description}
          onClick={() => applyCommand(actionCommand(spec.type, id))}
        >
          {spec.verb}
        </button>
      ))}
    </div>
  );
}

/** The four replication modes as radio buttons, one sentence each. */
function ReplicationMode() {
  const path = 'database.replicationMode';
  const current = useSetting(path);
  const spec = knobSpec(path);
  const name = useId();
  const legendId = useId();
  const choices = spec.kind === 'choice' ? spec.choices : [];
  return (
    <fieldset className="kp-mode-choice" aria-labelledby={legendId}>
      <legend id={legendId}>Replication mode</legend>
      {choices.map((choice) => {
        const inputId = `${name}-${choice}`;
        return (
          <div className="kp-mode-option" key={choice}>
            <input
              type="radio"
              id={inputId}
              name={name}
              value={choice}
              checked={current === choice}
              aria-describedby={`${inputId}-text`}
              onChange={() => setSetting(path, choice, current)}
            />
            <label htmlFor={inputId}>{choice}</label>
            <p className="knob-hint" id={`${inputId}-text`}>
              {REPLICATION_MODE_TEXT[choice]}
            </p>
          </div>
        );
      })}
      <p className="knob-hint">
        Default here {String(spec.default)} · real{' '}
        <RealWorldDefaults spec={spec} className="knob-reference" />
      </p>
    </fieldset>
  );
}

/** N copies with the W and R sets, and whether they overlap (from the engine). */
function QuorumDrawing({ quorum }: { quorum: DatabaseView['quorum'] }) {
  const svgRef = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (svgRef.current) renderQuorum(svgRef.current, quorum);
  }, [quorum]);
  return (
    <figure className="kp-quorum-figure">
      <svg ref={svgRef} className="kp-quorum-svg" />
      <figcaption className={quorum.overlapping ? 'kp-overlap-yes' : 'kp-overlap-no'}>
        <span aria-hidden="true">{quorum.overlapping ? '✓ ' : '✗ '}</span>W + R = {quorum.w} +{' '}
        {quorum.r} {quorum.overlapping ? '>' : '≤'} N = {quorum.n}:{' '}
        <strong>
          {quorum.overlapping
            ? 'overlapping: every read sees the latest write'
            : 'not overlapping: stale reads possible'}
        </strong>
      </figcaption>
    </figure>
  );
}
