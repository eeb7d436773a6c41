/**
 * Sharing a run: the share link (scenario, seed, start settings and fault script in
 * the address's hash) with a Copy button, and scenario files: Export downloads the
 * current scenario with its settings and whole script as JSON; Import reads one back
 * (checked by the CLI's own parser) and starts it. A file that fails the checks lists
 * its problems and the current run keeps going.
 */
import { useId, useRef, useState, type DragEvent } from 'react';
import { loadRun, playground, scenarioFileName, scenarioScript } from '../../store';
import { withHashParam } from './hashParams';
import { offlineStatusText, useOfflineStatus } from '../app/offline';
import { EMBED_FRAME_HEIGHT_PX, hostHeightSnippet } from '../app/embedFrame';
import { isImported } from '../../scenarios';
import { exportedScenario, readScenarioFile, scenarioJson } from './scenarioFile';
import { shareLink } from './urlSync';
import { linkTopology } from './urlState';
import { usePlayground } from '../app/usePlayground';
import './share.css';

type CopyState = 'idle' | 'copied' | 'failed';

/** Downloads the current run as a scenario file. */
function exportScenario(): string {
  const { run } = playground.getState();
  const scenario = exportedScenario(run);
  const blob = new Blob([scenarioJson(scenario)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = scenarioFileName(scenario);
  document.body.append(a);
  a.click();
  a.remove();
  // Give the browser a moment to start the download before the URL goes away.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return a.download;
}

/** The Export button (also offered beside the CLI line when the CLI needs the file). */
export function ExportButton(props: { label?: string }) {
  const [saved, setSaved] = useState<string | null>(null);
  return (
    <>
      <button type="button" className="button small" onClick={() => setSaved(exportScenario())}>
        {props.label ?? 'Export scenario (JSON)'}
      </button>
      <span className="copy-status" role="status">
        {saved ? `Saved ${saved}.` : ''}
      </span>
    </>
  );
}

export function SharePanel() {
  const scenario = usePlayground((s) => s.run.scenario);
  const seed = usePlayground((s) => s.run.seed);
  const startSettings = usePlayground((s) => s.run.startSettings);
  const script = usePlayground((s) => s.run.script);
  const compare = usePlayground((s) => s.compare);
  const [copied, setCopied] = useState<CopyState>('idle');
  const linkRef = useRef<HTMLInputElement>(null);
  const linkId = useId();
  const linkHintId = useId();
  const link = shareLink(window.location.href, { scenario, seed, startSettings, script }, compare);
  // An edited built-in cloud travels in the link (`design`); a file's own scenario does not.
  const imported = isImported(scenario) && linkTopology(scenario) === null;

  const copy = () => {
    const input = linkRef.current;
    const fallback = () => {
      // Without clipboard access, select the text so Ctrl+C copies it.
      input?.focus();
      input?.select();
      setCopied('failed');
    };
    if (!navigator.clipboard) return fallback();
    navigator.clipboard.writeText(link).then(() => setCopied('copied'), fallback);
  };

  return (
    <section className="panel share" aria-labelledby="share-title">
      <h2 id="share-title">Share this run</h2>
      <div className="share-link">
        <label htmlFor={linkId}>Share link</label>
        <div className="share-row">
          <input
            ref={linkRef}
            id={linkId}
            className="share-url"
            readOnly
            value={link}
            aria-describedby={linkHintId}
            onFocus={(event) => event.target.select()}
            onChange={() => setCopied('idle')}
          />
          <button type="button" className="button small" onClick={copy}>
            Copy link
          </button>
        </div>
        <p className="hint" id={linkHintId}>
          Opens the same scenario, seed, settings and fault script ({script.length}{' '}
          {script.length === 1 ? 'entry' : 'entries'}) from 0:00: the same run, bit for bit.
          {imported &&
            ' This scenario was imported from a file: the link names it but cannot carry it, so share the exported file instead.'}
        </p>
        <p className="copy-status" role="status">
          {copied === 'copied'
            ? 'Link copied.'
            : copied === 'failed'
              ? 'Could not copy: the link is selected, press Ctrl+C (⌘C).'
              : ''}
        </p>
      </div>
      <EmbedCode link={link} title={scenario.title} />
      <ScenarioFiles />
      <OfflineUse />
    </section>
  );
}

/** The snippet that embeds this run in another page (a blog post, a course). */
function embedSnippet(link: string, title: string): string {
  const src = withHashParam(withHashParam(link, 'present', null), 'embed', '');
  const escaped = (text: string) =>
    text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return (
    `<iframe src="${escaped(src)}" title="${escaped(`Nines: ${title}`)}" ` +
    `width="100%" height="${EMBED_FRAME_HEIGHT_PX}" style="border: 0" loading="lazy"></iframe>\n` +
    // The frame posts its height; these lines (once per host page) size it to fit.
    hostHeightSnippet
  );
}

function EmbedCode(props: { link: string; title: string }) {
  const id = useId();
  const hintId = useId();
  return (
    <div className="embed-code">
      <h3>Embed</h3>
      <label htmlFor={id}>Embed code</label>
      <textarea
        id={id}
        readOnly
        rows={6}
        value={embedSnippet(props.link, props.title)}
        aria-describedby={hintId}
        onFocus={(event) => event.target.select()}
      />
      <p className="hint" id={hintId}>
        Paste into a page: the same run, with its diagram, fault script, figures and time controls,
        and a link to open it here. The script sizes the frame to its content (the frame posts only
        its height); without it the frame stays {EMBED_FRAME_HEIGHT_PX} px high.
      </p>
    </div>
  );
}

/** Whether the playground is saved in this browser for use without a network. */
function OfflineUse() {
  const offline = useOfflineStatus();
  return (
    <div className="offline-use">
      <h3>Offline</h3>
      <p role="status" className={offline.kind === 'failed' ? 'error-text' : undefined}>
        {offlineStatusText(offline)}
      </p>
    </div>
  );
}

/** Export and import of scenario files. */
function ScenarioFiles() {
  const inputId = useId();
  const [result, setResult] = useState<
    { kind: 'loaded'; text: string } | { kind: 'errors'; file: string; errors: string[] } | null
  >(null);
  const [dragging, setDragging] = useState(false);

  const read = async (file: File) => {
    let text: string;
    try {
      text = await file.text();
    } catch {
      setResult({ kind: 'errors', file: file.name, errors: ['the file could not be read'] });
      return;
    }
    const parsed = readScenarioFile(text);
    if (parsed.scenario === null) {
      setResult({ kind: 'errors', file: file.name, errors: parsed.errors });
      return;
    }
    const scenario = parsed.scenario;
    loadRun({ scenario, seed: scenario.seed, startSettings: [], script: scenarioScript(scenario) });
    setResult({ kind: 'loaded', text: `Loaded “${scenario.title}” from ${file.name}.` });
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void read(file);
  };

  return (
    <div className="scenario-files">
      <h3>Scenario file</h3>
      <p className="hint">
        Export saves this scenario with its settings and the whole fault script, for the CLI (
        <code>--scenario FILE</code>) or to edit; Import starts a scenario from such a file.
      </p>
      <div className="share-row">
        <ExportButton />
      </div>
      <div
        className={dragging ? 'drop-zone dragging' : 'drop-zone'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <label htmlFor={inputId}>Import a scenario file (JSON)</label>
        <input
          id={inputId}
          type="file"
          accept="application/json,.json"
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void read(file);
            event.target.value = '';
          }}
        />
        <span className="hint">or drop it here</span>
      </div>
      {result?.kind === 'loaded' && (
        <p className="import-result" role="status">
          {result.text}
        </p>
      )}
      {result?.kind === 'errors' && (
        <div className="import-errors" role="alert">
          <p>
            {result.file} was not loaded ({result.errors.length}{' '}
            {result.errors.length === 1 ? 'problem' : 'problems'}); the current run keeps going:
          </p>
          <ul>
            {result.errors.map((error, i) => (
              <li key={i}>{error}</li>
            ))}
          </ul>
          <button type="button" className="button small" onClick={() => setResult(null)}>
            Dismiss
          </button>
        </div>
      )}
    </div>
  );
}
