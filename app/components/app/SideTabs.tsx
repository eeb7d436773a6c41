/**
 * The side column's tabs (WAI-ARIA tabs pattern): arrow keys move between tabs,
 * Home/End jump, the active panel is the only one rendered.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { hashParam } from '../share/hashParams';
import { SIDE_PANELS } from './sidePanels';
import './sideTabs.css';

export function SideTabs() {
  // A challenge link (`#challenge=ID`) opens the Lessons tab, where challenges live.
  const [activeId, setActiveId] = useState(() =>
    hashParam(window.location.href, 'challenge') !== null ? 'lessons' : SIDE_PANELS[0]!.id,
  );
  useEffect(() => {
    const onHashChange = () => {
      if (hashParam(window.location.href, 'challenge') !== null) setActiveId('lessons');
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  const tabRefs = useRef<Record<string, HTMLButtonElement | null>>({});
  const active = SIDE_PANELS.find((p) => p.id === activeId) ?? SIDE_PANELS[0]!;

  const focusTab = (index: number) => {
    const panel = SIDE_PANELS[(index + SIDE_PANELS.length) % SIDE_PANELS.length]!;
    setActiveId(panel.id);
    tabRefs.current[panel.id]?.focus();
  };

  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: SIDE_PANELS.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    focusTab(target);
  };

  return (
    <div className="side-tabs">
      <div role="tablist" aria-label="Panels" className="side-tablist">
        {SIDE_PANELS.map((panel, index) => (
          <button
            key={panel.id}
            ref={(el) => {
              tabRefs.current[panel.id] = el;
            }}
            role="tab"
            type="button"
            id={`tab-${panel.id}`}
            aria-selected={panel.id === active.id}
            aria-controls={`tabpanel-${panel.id}`}
            tabIndex={panel.id === active.id ? 0 : -1}
            className="side-tab"
            onClick={() => setActiveId(panel.id)}
            onKeyDown={(event) => onKeyDown(event, index)}
          >
            {panel.label}
          </button>
        ))}
      </div>
      <div
        role="tabpanel"
        id={`tabpanel-${active.id}`}
        aria-labelledby={`tab-${active.id}`}
        className="side-tabpanel"
      >
        <active.Component />
      </div>
    </div>
  );
}
