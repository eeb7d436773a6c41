/**
 * The playground page: header with time controls, diagram, figures, chart, log, settings;
 * in presentation mode, the presenter's strip and the latest events instead.
 */
import { AvailabilityPanel } from './AvailabilityPanel';
import { CompareDiagrams } from './CompareView';
import { Diagram } from './Diagram';
import { LessonCard } from './Lessons';
import { EventLog } from './EventLog';
import { Notices } from './Notices';
import { PresenterBar, RecentEvents } from './Presentation';
import { ScenarioDescription, ScenarioPicker } from './ScenarioPicker';
import { SideTabs } from './SideTabs';
import { Timeline } from './Timeline';
import { Toolbar } from './Toolbar';
import { usePlayground } from './usePlayground';

export function App() {
  // Presentation mode keeps the diagram, script and figures, and swaps the event log and
  // the tabs for the presenter's strip (what comes next) and the latest events.
  const presenting = usePlayground((s) => s.ui.presenting);
  // Comparing: both designs' diagrams and their table across the page, the rest below.
  const comparing = usePlayground((s) => s.compare !== null);
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
