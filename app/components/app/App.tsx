/**
 * The playground page: header with time controls, diagram, figures, chart, log, settings;
 * in presentation mode, the presenter's strip and the latest events instead.
 */
import { AvailabilityPanel } from '../panels/AvailabilityPanel';
import { Diagram } from '../diagram/Diagram';
import { withHashParam } from '../share/hashParams';
import { lazyPart } from './lazyPart';
import { shareLink } from '../share/urlSync';
import { EventLog } from '../panels/EventLog';
import { Notices } from './Notices';
import { ScenarioDescription, ScenarioPicker } from '../controls/ScenarioPicker';
import { SideTabs } from './SideTabs';
import { Timeline } from '../controls/Timeline';
import { Toolbar } from '../controls/Toolbar';
import { usePlayground } from './usePlayground';
// The knob, lesson and comparison styles come with the page, so a part that loads
// later (below) never shows unstyled for a moment.
import './app.css';

// Loaded on first use, not with the first screen (issue 12: a small first load).
const CompareDiagrams = lazyPart('the comparison', () =>
  import('../compare/CompareView').then((m) => m.CompareDiagrams),
);
const PresenterBar = lazyPart('the presenter strip', () =>
  import('../present/Presentation').then((m) => m.PresenterBar),
);
const RecentEvents = lazyPart('the latest events', () =>
  import('../present/Presentation').then((m) => m.RecentEvents),
);
const LoadedLessonCard = lazyPart('the lesson', () =>
  import('../lessons/Lessons').then((m) => m.LessonCard),
);

/** The step card, while a lesson is followed (its code loads with the first lesson). */
function LessonCard() {
  const following = usePlayground((s) => s.ui.lesson !== null);
  return following ? <LoadedLessonCard /> : null;
}

export function App() {
  // Presentation mode keeps the diagram, script and figures, and swaps the event log and
  // the tabs for the presenter's strip (what comes next) and the latest events.
  const presenting = usePlayground((s) => s.ui.presenting);
  // Comparing: both designs' diagrams and their table across the page, the rest below.
  const comparing = usePlayground((s) => s.compare !== null);
  const embedded = usePlayground((s) => s.ui.embedded);
  if (embedded) return <EmbeddedApp />;
  return (
    <div className={presenting ? 'app presenting' : 'app'}>
      <header className="topbar">
        <div className="brand">
          <h1>Nines</h1>
          <ScenarioPicker />
        </div>
        <Toolbar />
        <ScenarioDescription />
      </header>
      {presenting && <PresenterBar />}
      <Notices />
      {comparing && <CompareDiagrams />}
      <main className="layout">
        <div className="col-main">
          {!comparing && <Diagram />}
          <Timeline />
          {!presenting && <EventLog />}
        </div>
        <div className="col-side">
          <LessonCard />
          <AvailabilityPanel />
          {presenting ? <RecentEvents /> : <SideTabs />}
        </div>
      </main>
    </div>
  );
}

/**
 * Embedded in an essay or a course page (`&embed` in the link): the scenario's title,
 * the time controls, the diagram, the fault script and the figures, and a link to open
 * the same run in the full playground.
 */
function EmbeddedApp() {
  const scenario = usePlayground((s) => s.run.scenario);
  const seed = usePlayground((s) => s.run.seed);
  const startSettings = usePlayground((s) => s.run.startSettings);
  const script = usePlayground((s) => s.run.script);
  const compare = usePlayground((s) => s.compare);
  // The same run in the full playground: its share link, without `embed`.
  const full = withHashParam(
    shareLink(window.location.href, { scenario, seed, startSettings, script }, compare),
    'embed',
    null,
  );
  return (
    <div className="app embedded">
      <header className="topbar">
        <div className="brand">
          <h1>
            <span className="embed-brand">Nines</span> {scenario.title}
          </h1>
          <a className="embed-open" href={full} target="_blank" rel="noopener">
            Open in Nines<span aria-hidden="true"> ↗</span>
            <span className="visually-hidden"> (new tab)</span>
          </a>
        </div>
        <Toolbar />
      </header>
      <Notices />
      <main className="layout">
        <div className="col-main">
          <Diagram />
        </div>
        <div className="col-side">
          {/* An embedded lesson (`&lesson=...&embed`) keeps its step card. */}
          <LessonCard />
          <AvailabilityPanel />
        </div>
        {/* Below both: in a narrow frame the figures come right after the diagram. */}
        <div className="embed-timeline">
          <Timeline />
        </div>
      </main>
    </div>
  );
}
