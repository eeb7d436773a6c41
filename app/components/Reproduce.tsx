/** "Reproduce in the CLI": the `npm run sim` line that replays this run headless. */
import { useState } from 'react';
import { reproduceCommand } from '../store';
import { usePlayground } from './usePlayground';

export function Reproduce() {
  const scenario = usePlayground((s) => s.run.scenario);
  const seed = usePlayground((s) => s.run.seed);
  const startSettings = usePlayground((s) => s.run.startSettings);
  const appliedCommands = usePlayground((s) => s.run.appliedCommands);
  const nowUs = usePlayground((s) => s.run.metrics?.nowUs ?? 0);
  const [copied, setCopied] = useState<'idle' | 'copied' | 'failed'>('idle');

  const command = reproduceCommand({ scenario, seed, startSettings, appliedCommands, nowUs });

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
        Same engine, seed and actions, run headless to the current simulated time: the CLI prints
        the same counts as this page (pause first to compare).
      </p>
      <pre className="command">
        <code>{command}</code>
      </pre>
    </section>
  );
}
