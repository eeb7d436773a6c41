/**
 * The playground page: header with time controls, diagram and fault script, and beside
 * them the event log, the figures and the tabs (charts, settings...);
 * in presentation mode, the presenter's strip and the latest events instead.
 */
import {
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
  type CSSProperties,
  type RefObject,
} from 'react';
import { AvailabilityPanel } from '../availability/AvailabilityPanel';
import { Diagram } from '../diagram/Diagram';
import { withHashParam } from '../share/hashParams';
import { startHereOffered } from '../share/firstVisit';
import { commandCategory } from '../../sim';
import { lazyPart } from './lazyPart';
import { shareLink } from '../share/urlSync';
import { EventLog } from '../log/EventLog';
import { Notices } from './Notices';
import { ThemePicker } from './ThemePicker';
import { PhoneControls } from './PhoneControls';
import { PresentControls } from './PresentControls';
import { useNarrowScreen } from './useMediaQuery';
import { RunHeadline } from './RunHeadline';
import { EMBED_FRAME_HEIGHT_PX } from './embedFrame';
import {
  embedDrawingWidthPx,
  embedLessonPlacement,
  type EmbedLessonPlacement,
} from './embedLessonLayout';
import { ScenarioDescription, ScenarioPicker } from '../controls/ScenarioPicker';
import { SideTabs } from './SideTabs';
import { firstVisit } from '../lessons/storage';
import { Toolbar } from '../controls/Toolbar';
import { usePlayground } from './usePlayground';
// The knob, lesson and comparison styles come with the page, so a part that loads
// later (below) never shows unstyled for a moment.
import './app.css';

/**
 * The fault script's timeline (and its d3 axis) loads just after the first screen: it sits
 * under the diagram, and the first load has a 150 kB gzip budget (issue 12).
 */
const Timeline = lazyPart('the fault script', () =>
  import('../controls/Timeline').then((m) => m.Timeline),
);

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

const LoadedStartHere = lazyPart('the first lesson', () =>
  import('../lessons/StartHere').then((m) => m.StartHere),
);

/**
 * Read from the address as it was loaded: this module is evaluated before main.tsx starts
 * the address-bar sync, which writes the scenario into the hash of every page.
 */
const START_HERE_OFFERED = startHereOffered(window.location.href, firstVisit());

/**
 * "Start here" on a first visit to a link that names no scenario or lesson, until the
 * first fault the learner applies (its code loads only then).
 */
function StartHere() {
  const following = usePlayground((s) => s.ui.lesson !== null);
  const broken = usePlayground((s) =>
    s.run.script.some(
      (entry) => entry.origin !== 'scenario' && commandCategory(entry.command) === 'fault',
    ),
  );
  return START_HERE_OFFERED && !following && !broken && firstVisit() ? <LoadedStartHere /> : null;
}

/** Below this width the columns stack (styles.css), and the step card follows the diagram. */
const STACKED_QUERY = '(max-width: 980px)';

/** Whether the page's columns are stacked (a phone, a narrow window), kept up to date. */
function useStacked(): boolean {
  const [stacked, setStacked] = useState(() => window.matchMedia?.(STACKED_QUERY).matches ?? false);
  useEffect(() => {
    const query = window.matchMedia?.(STACKED_QUERY);
    if (!query) return;
    const onChange = () => setStacked(query.matches);
    query.addEventListener('change', onChange);
    return () => query.removeEventListener('change', onChange);
  }, []);
  return stacked;
}

/**
 * The step card, while a lesson is followed (its code loads with the first lesson): beside
 * the diagram, or right under it when the columns stack, never over what it points at.
 */
function LessonCard(props: { place: 'main' | 'side' | 'any' }) {
  const following = usePlayground((s) => s.ui.lesson !== null);
  const stacked = useStacked();
  const here = props.place === 'any' || props.place === (stacked ? 'main' : 'side');
  return following && here ? <LoadedLessonCard /> : null;
}

/** The diagram's hint on a phone: one line, in the words of a touch screen. */
const PHONE_DIAGRAM_HINT = 'Tap a part or a link to break or restore it.';

export function App() {
  // Presentation mode keeps the diagram, script and figures, and swaps the event log and
  // the tabs for the presenter's strip (what comes next) and the latest events.
  const presenting = usePlayground((s) => s.ui.presenting);
  // Comparing: both designs' diagrams and their table across the page, the rest below.
  const comparing = usePlayground((s) => s.compare !== null);
  const embedded = usePlayground((s) => s.ui.embedded);
  // On a phone the header is two rows (scenario; play, step, reset, More) and the
  // scenario's description follows the diagram, so the diagram starts near the top.
  const narrow = useNarrowScreen();
  const phone = narrow && !presenting;
  if (embedded) return <EmbeddedApp />;
  return (
    <div className={presenting ? 'app presenting' : 'app'}>
      <header className="topbar">
        <div className="brand">
          <h1>Nines</h1>
          {/* On a projector the picker sits behind More (PresentControls.tsx). */}
          {(narrow || !presenting) && <ScenarioPicker />}
        </div>
        {narrow ? (
          <>
            {/* Present on a phone too: the laptop's toolbar would run off the screen. */}
            <PhoneControls />
            {/* The headline in the first screen: the figures' panel is screens down. */}
            <RunHeadline place="phone" />
          </>
        ) : presenting ? (
          <PresentControls />
        ) : (
          <>
            <Toolbar />
            <ScenarioDescription />
            <ThemePicker />
          </>
        )}
      </header>
      {presenting && <PresenterBar />}
      <Notices />
      {comparing && <CompareDiagrams />}
      <main className="layout">
        <div className="col-main">
          {!comparing && <Diagram hint={phone ? PHONE_DIAGRAM_HINT : undefined} />}
          <LessonCard place="main" />
          {phone && <ScenarioDescription />}
          <Timeline />
        </div>
        <div className="col-side">
          <LessonCard place="side" />
          {!presenting && <StartHere />}
          {/* Beside the diagram, so what just happened shows without scrolling (issue 14). */}
          {!presenting && <EventLog />}
          <AvailabilityPanel />
          {presenting ? <RecentEvents /> : <SideTabs />}
        </div>
      </main>
    </div>
  );
}

/** The frame's width in CSS pixels, kept up to date (the host's choice, never our height). */
function useFrameWidthPx(): number {
  return useSyncExternalStore(
    (onChange) => {
      window.addEventListener('resize', onChange);
      return () => window.removeEventListener('resize', onChange);
    },
    () => window.innerWidth,
  );
}

/**
 * The height of `ref`'s element in CSS pixels, kept up to date (0 until it is laid out).
 * The embed's header: it depends on the frame's width only, never on its height.
 */
function useHeightPx(ref: RefObject<HTMLElement | null>): number {
  const [heightPx, setHeightPx] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setHeightPx(Math.ceil(element.getBoundingClientRect().height));
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return heightPx;
}

/**
 * Embedded in an essay or a course page (`&embed` in the link): the scenario's title,
 * the time controls, the diagram, the fault script and the figures, and a link to open
 * the same run in the full playground. An embedded lesson (`&lesson=...&embed`) puts its
 * step card beside the diagram, or above it in a narrow frame (embedLessonLayout.ts), so
 * a 640 px frame shows the lesson with the diagram (review item 20).
 */
function EmbeddedApp() {
  const scenario = usePlayground((s) => s.run.scenario);
  const seed = usePlayground((s) => s.run.seed);
  const startSettings = usePlayground((s) => s.run.startSettings);
  const script = usePlayground((s) => s.run.script);
  const compare = usePlayground((s) => s.compare);
  const following = usePlayground((s) => s.ui.lesson !== null);
  const components = usePlayground((s) => s.run.components);
  const links = usePlayground((s) => s.run.links);
  const frameWidthPx = useFrameWidthPx();
  const headerRef = useRef<HTMLElement>(null);
  const headerHeightPx = useHeightPx(headerRef);
  const drawingWidthPx = useMemo(
    () => (components.length === 0 ? null : embedDrawingWidthPx(components, links)),
    [components, links],
  );
  // Above until the parts are known: the card is what the reader reads first.
  const placement: EmbedLessonPlacement | null = !following
    ? null
    : drawingWidthPx === null
      ? { place: 'above' }
      : embedLessonPlacement(frameWidthPx, drawingWidthPx);
  // The same run in the full playground: its share link, without `embed`.
  const full = withHashParam(
    shareLink(window.location.href, { scenario, seed, startSettings, script }, compare),
    'embed',
    null,
  );
  const card = (
    <div className="embed-lesson-slot">
      <LessonCard place="any" />
    </div>
  );
  return (
    <div className="app embedded">
      <header className="topbar" ref={headerRef}>
        <div className="brand">
          <h1 id="embed-title">
            <span className="embed-brand">Nines</span> {scenario.title}
          </h1>
          <a className="embed-open" href={full} target="_blank" rel="noopener">
            Open in Nines<span aria-hidden="true"> ↗</span>
            <span className="visually-hidden"> (new tab)</span>
          </a>
        </div>
        <Toolbar />
        <RunHeadline place="embed" />
      </header>
      <Notices />
      {/* Named: the host page's own main landmark is in the same tree for assistive technology. */}
      <main
        aria-labelledby="embed-title"
        className={placement ? `layout embed-lesson-${placement.place}` : 'layout'}
        style={
          placement?.place === 'beside'
            ? ({
                '--embed-card-width': `${placement.cardWidthPx}px`,
                // What the embed code's frame shows under the header: the card's most height
                // (app.css). From a constant and the header, never from the frame's height,
                // which follows the content where the host sizes the frame.
                '--embed-first-screen': `${EMBED_FRAME_HEIGHT_PX - headerHeightPx}px`,
              } as CSSProperties)
            : undefined
        }
      >
        {placement?.place === 'above' && card}
        <div className="col-main">
          {/* Its compact box (18rem high) would draw the laptop's rows at 6-8 px: tiles then. */}
          <Diagram fitBox />
        </div>
        {placement?.place === 'beside' && card}
        <div className="col-side">
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
