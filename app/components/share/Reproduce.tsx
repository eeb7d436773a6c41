/** "Reproduce in the CLI": the `npm run sim` line that replays this run headless. */
import { useState } from 'react';
import { needsScenarioFile, reproduceCommand, scenarioFileName } from '../../store';
import { isImported } from '../../scenarios';
import { ExportButton } from './SharePanel';
import { usePlayground } from '../app/usePlayground';
import './share.css';

export function Reproduce() {
  const scenario = usePlayground((s) => s.run.scenario);
  const seed = usePlayground((s) => s.run.seed);
  const startSettings = usePlayground((s) => s.run.startSettings);
  const script = usePlayground((s) => s.run.script);
  const nowUs = usePlayground((s) => s.run.metrics?.nowUs ?? 0);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  const compare = usePlayground((s) => s.compare?.changes);
  const input = {
    scenario,
    seed,
    startSettings,
    script,
    nowUs,
    imported: isImported(scenario),
    compare,
  };
  const command = reproduceCommand(input);
  const needsFile = needsScenarioFile(input);

  const copy = () => {
    navigator.clipboard
      ?.writeText(command)
      .then(() => setCopied('copied'))
      .catch(() => setCopied('failed'));
  };

  return (
    <section className="panel reproduce" aria-labelledby="reproduce-title">
      <div className="panel-head">
        <h2 id="reproduce-title">Reproduce in the CLI</h2>
        <button type="button" className="button small" onClick={copy}>
          Copy command
        </button>
        <span className="copy-status" role="status">
          {copied === 'copied'
            ? 'Copied.'
            : copied === 'failed'
              ? 'Could not copy: select the text instead.'
              : ''}
        </span>
      </div>
      <p className="hint">
        Same engine, seed, settings and fault script, run headless to the current simulated time:
        the CLI prints the same counts as this page (pause first to compare).
      </p>
      {needsFile && (
        <p className="hint reproduce-file">
          {input.imported
            ? 'This scenario was imported, so the CLI needs it as a file'
            : 'A fault of the scenario’s own script was removed, which --fault cannot express, so the CLI needs the scenario as a file'}
          : export it as <code>{scenarioFileName(scenario)}</code> (it holds the settings and the
          whole script), then run the line below. <ExportButton label="Export the file" />
        </p>
      )}
      <pre className="command">
        <code>{command}</code>
      </pre>
    </section>
  );
}
