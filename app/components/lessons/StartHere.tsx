/**
 * "Start here", on a first visit: one button to the simplest lesson on the simplest
 * cluster, instead of leaving a newcomer in front of the busiest design. Gone once the
 * learner has opened a lesson or said no; a storage that refuses just shows it again.
 */
import { useState } from 'react';
import { readProgress, writeProgress } from '../../lessons/progress';
import { browserStorageOrNull } from './storage';
import { usePlayground } from '../app/usePlayground';
import { START_HERE_LESSON } from '../share/firstVisit';

/** The first lesson of the course, on the one-region cluster. */
const START_HREF = `#lesson=${START_HERE_LESSON}`;

export function StartHere() {
  const following = usePlayground((s) => s.ui.lesson !== null);
  const [dismissed, setDismissed] = useState(false);
  if (following || dismissed || readProgress(browserStorageOrNull()).visited) return null;
  const noThanks = () => {
    const storage = browserStorageOrNull();
    writeProgress(storage, { ...readProgress(storage), visited: true });
    setDismissed(true);
  };
  return (
    <section className="panel start-here" aria-labelledby="start-here-title">
      <h2 id="start-here-title">New here? Start here</h2>
      <p>
        A five-step lesson on the simplest cluster: kill a server, predict how long the load
        balancer takes to notice, and see it measured.
      </p>
      <div className="lesson-buttons">
        <a className="button small primary" href={START_HREF}>
          Start the first lesson
        </a>
        <button type="button" className="button small" onClick={noThanks}>
          No thanks
        </button>
      </div>
    </section>
  );
}
