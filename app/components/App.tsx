/** The playground page: header with time controls, diagram, figures, chart, log, settings. */
import { AvailabilityPanel } from './AvailabilityPanel';
import { Diagram } from './Diagram';
import { EventLog } from './EventLog';
import { Notices } from './Notices';
import { SideTabs } from './SideTabs';
import { Toolbar } from './Toolbar';
import { usePlayground } from './usePlayground';

export function App() {
  const scenario = usePlayground((s) => s.run.scenario);
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <h1>Nines</h1>
          <p className="scenario-title" title={scenario.description}>
            {scenario.title}
          </p>
        </div>
        <Toolbar />
      </header>
      <Notices />
      <main className="layout">
        <div className="col-main">
          <Diagram />
          <EventLog />
        </div>
        <div className="col-side">
          <AvailabilityPanel />
          <SideTabs />
        </div>
      </main>
    </div>
  );
}
