/**
 * The side column: a few groups (Observe, Design, Learn, Share & CLI), each a tab whose
 * panels are tabs inside it. Both rows follow the WAI-ARIA tabs pattern: arrow keys move
 * between tabs, Home/End jump, and only the chosen panel is rendered.
 *
 * On a phone the groups become a bar fixed at the bottom of the screen, and a group's
 * panels open in a sheet above it, so the diagram stays in view; the chosen group's tab
 * again, the sheet's Close button or Escape closes it.
 */
import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { flushSync } from 'react-dom';
import { dropLinkParam, hashParam } from '../share/hashParams';
import { addNotice } from '../../store';
import {
  panelFromParams,
  panelLinkProblem,
  SIDE_GROUPS,
  type PanelPlace,
  type SideGroup,
} from './sidePanels';
import { useNarrowScreen, useReducedMotion } from './useMediaQuery';
import { usePlayground } from './usePlayground';
import './sideTabs.css';

/** The panel the address asks for (`#panel=ID`, `#challenge=ID`), or null. */
function linkedPlace(): PanelPlace | null {
  const href = window.location.href;
  return panelFromParams(hashParam(href, 'panel'), hashParam(href, 'challenge'));
}

/**
 * On a laptop the tabs sit low in the side column, under the lesson card, the event log
 * and the availability figures: at 1280x800 a chosen tab's panel would open below the
 * fold. When the tabs' top is in the lower half of the screen (or above it), the page
 * scrolls them to the top, so the panel shows; instantly under prefers-reduced-motion.
 */
export function bringTabsIntoView(tabs: HTMLElement, reducedMotion: boolean): void {
  const top = tabs.getBoundingClientRect().top;
  if (top >= 0 && top <= window.innerHeight / 2) return;
  tabs.scrollIntoView({ block: 'start', behavior: reducedMotion ? 'instant' : 'smooth' });
}

interface TabItem {
  id: string;
  label: string;
}

/**
 * One row of tabs with a roving tab stop: ←/→ move and choose (wrapping), Home/End jump
 * to the first and last. `onChoose` also runs for a click on the chosen tab.
 */
function TabRow(props: {
  items: readonly TabItem[];
  activeId: string;
  /** The DOM id of a tab and its panel: `tab-${prefix}${id}`, `tabpanel-${prefix}${id}`. */
  idPrefix: string;
  label: string;
  className: string;
  onChoose: (id: string, how: 'click' | 'key') => void;
}) {
  const { items, activeId, idPrefix, onChoose } = props;
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const onKeyDown = (event: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const moves: Record<string, number> = {
      ArrowRight: index + 1,
      ArrowLeft: index - 1,
      Home: 0,
      End: items.length - 1,
    };
    const target = moves[event.key];
    if (target === undefined) return;
    event.preventDefault();
    const item = items[(target + items.length) % items.length]!;
    onChoose(item.id, 'key');
    refs.current[item.id]?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} className={props.className}>
      {items.map((item, index) => (
        <button
          key={item.id}
          ref={(el) => {
            refs.current[item.id] = el;
          }}
          role="tab"
          type="button"
          id={`tab-${idPrefix}${item.id}`}
          aria-selected={item.id === activeId}
          aria-controls={`tabpanel-${idPrefix}${item.id}`}
          tabIndex={item.id === activeId ? 0 : -1}
          className="side-tab"
          onClick={() => onChoose(item.id, 'click')}
          onKeyDown={(event) => onKeyDown(event, index)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

export function SideTabs() {
  const [linked] = useState(linkedPlace);
  const [groupId, setGroupId] = useState(linked?.groupId ?? SIDE_GROUPS[0]!.id);
  /** The panel last chosen in each group, so coming back to a group finds it as it was. */
  const [panelByGroup, setPanelByGroup] = useState<Record<string, string>>(() =>
    linked ? { [linked.groupId]: linked.panelId } : {},
  );
  const phone = useNarrowScreen();
  // On a phone the sheet starts closed, unless the link names a panel.
  const [sheetOpen, setSheetOpen] = useState(linked !== null);
  const groupTabRefs = useRef<HTMLDivElement>(null);
  const reducedMotion = useReducedMotion();
  const rootRef = useRef<HTMLDivElement>(null);
  /**
   * Chooses a tab on a laptop and brings the tabs into view once its panel is in the page
   * (`flushSync` renders it before the scroll measures). Only a choice scrolls: a change
   * of the motion preference alone does not (it is read here, when the reader chooses).
   */
  const chooseAndShow = (choose: () => void) => {
    flushSync(choose);
    if (rootRef.current) bringTabsIntoView(rootRef.current, reducedMotion);
  };

  useEffect(() => {
    const onHashChange = () => {
      const place = linkedPlace();
      const problem = panelLinkProblem(hashParam(window.location.href, 'panel'));
      if (problem) {
        addNotice(problem);
        dropLinkParam('panel');
      }
      if (!place) return;
      setGroupId(place.groupId);
      setPanelByGroup((chosen) => ({ ...chosen, [place.groupId]: place.panelId }));
      setSheetOpen(true);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  // Something on the page asked for a panel (picking a dot on the diagram opens the Trace tab).
  const panelAsked = usePlayground((s) => s.ui.panelAsked);
  const [panelAnswered, setPanelAnswered] = useState(panelAsked);
  if (panelAsked !== panelAnswered) {
    setPanelAnswered(panelAsked);
    const place = panelAsked ? panelFromParams(panelAsked.id, null) : null;
    if (place) {
      setGroupId(place.groupId);
      setPanelByGroup((chosen) => ({ ...chosen, [place.groupId]: place.panelId }));
      setSheetOpen(true);
    }
  }

  // Starting a lesson on a phone closes the sheet, so its step card and the diagram show.
  const following = usePlayground((s) => s.ui.lesson !== null);
  const [wasFollowing, setWasFollowing] = useState(following);
  if (following !== wasFollowing) {
    setWasFollowing(following);
    if (following) setSheetOpen(false);
  }

  const group: SideGroup = SIDE_GROUPS.find((g) => g.id === groupId) ?? SIDE_GROUPS[0]!;
  const panel = group.panels.find((p) => p.id === panelByGroup[group.id]) ?? group.panels[0]!;
  const sheetShown = !phone || sheetOpen;

  const chooseGroup = (id: string, how: 'click' | 'key') => {
    // On a phone, the open group's tab closes its sheet; any other opens it.
    if (phone && how === 'click' && id === group.id && sheetOpen) {
      setSheetOpen(false);
      return;
    }
    const choose = () => {
      setGroupId(id);
      setSheetOpen(true);
    };
    if (phone) choose();
    else chooseAndShow(choose);
  };

  const closeSheet = () => {
    setSheetOpen(false);
    groupTabRefs.current?.querySelector<HTMLButtonElement>('[aria-selected="true"]')?.focus();
  };

  return (
    <div
      ref={rootRef}
      className={`side-tabs${phone ? ' side-tabs-phone' : ''}${phone && sheetShown ? ' sheet-open' : ''}`}
      onKeyDown={(event) => {
        // Escape closes the phone's sheet, from its bar or from inside it.
        if (phone && sheetOpen && event.key === 'Escape') {
          event.stopPropagation();
          closeSheet();
        }
      }}
    >
      <div ref={groupTabRefs} className="side-groupbar">
        <TabRow
          items={SIDE_GROUPS}
          activeId={group.id}
          idPrefix="group-"
          label="Panels"
          className="side-tablist side-grouplist"
          onChoose={chooseGroup}
        />
      </div>
      <div
        role="tabpanel"
        id={`tabpanel-group-${group.id}`}
        aria-labelledby={`tab-group-${group.id}`}
        className="side-group-panel"
        hidden={!sheetShown}
      >
        {phone && (
          <div className="side-sheet-head">
            <h2>{group.label}</h2>
            <button type="button" className="button small" onClick={closeSheet}>
              Close<span className="visually-hidden"> {group.label}</span>
            </button>
          </div>
        )}
        <TabRow
          items={group.panels}
          activeId={panel.id}
          idPrefix=""
          label={`${group.label} panels`}
          className="side-tablist side-subtablist"
          onChoose={(id) => {
            const choose = () => setPanelByGroup((chosen) => ({ ...chosen, [group.id]: id }));
            if (phone) choose();
            else chooseAndShow(choose);
          }}
        />
        <div
          role="tabpanel"
          id={`tabpanel-${panel.id}`}
          aria-labelledby={`tab-${panel.id}`}
          className="side-tabpanel"
        >
          <panel.Component />
        </div>
      </div>
    </div>
  );
}
