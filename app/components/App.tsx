/** The playground page: header with time controls, diagram, figures, chart, log, settings. */
import { AvailabilityPanel } from './AvailabilityPanel';
import { Diagram } from './Diagram';
import { EventLog } from './EventLog';
import { Notices } from './Notices';
import { ScenarioDescription, ScenarioPicker } from './ScenarioPicker';
import { SideTabs } from './SideTabs';
import { Timeline } from './Timeline';
import { Toolbar } from './Toolbar';

export function App() {
  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <h1>Nines</h1>
          <ScenarioPicker />
        </div>
        <Toolbar />
        <ScenarioDescription />
      </header>
      <Notices />
      <main className="layout">
        <div className="col-main">
          <Diagram />
          <Timeline />
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
