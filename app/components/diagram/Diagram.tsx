/**
 * The cluster diagram: the SVG topology view (redrawn on each report) with a canvas
 * of moving requests over it (redrawn every animation frame, outside React), the
 * action menu of the part the user activated, and the Links list for keyboard users.
 */
import {
  useCallback,
  useEffect,
  useId,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type CSSProperties,
  type ReactNode,
  type RefObject,
} from 'react';
import { ACTION_SPECS, type TargetKind } from '../../sim';
import { lessonPlayer, playground, type PlaygroundState } from '../../store';
import { useStore } from 'zustand';
import {
  COMPARE_TARGET,
  compareLayout,
  EMBED_MIN_FONT_PX,
  PHONE_TARGET,
  presentTarget,
  topologyLayout,
  type Box,
  type TopologyLayout,
} from '../../views/layout';
import { dotsLegendText } from '../../views/load';
import {
  clearHoles,
  dotHoles,
  drawMessages,
  fitTransform,
  messagePalette,
  messagesPerLink,
} from '../../views/messages';
import { DeliveredDots, minVisibleTripUs } from '../../views/particles';
import { linkWidthFullScalePerS, renderTopology } from '../../views/topology';
import { chartRedraws } from '../../driver/redraws';
import { ActionMenu } from '../controls/ActionMenu';
import { LinkList } from './LinkList';
import { togglePartMenu } from './partMenu';
import { usePlayground } from '../app/usePlayground';
import { useNarrowScreen, useReducedMotion } from '../app/useMediaQuery';
import { attachDotPicking, drawnNow, markTracedDot } from './dotPicking';
import { Disclosure } from './Disclosure';
import { DiagramLegend } from './DiagramLegend';
import { compareDotScale } from '../compare/dotScale';
import { sharedLinkFullScalePerS } from '../compare/linkScale';
import './diagram.css';

/** Kinds with at least one action in ACTION_SPECS (before the engine has reported). */
const ACTIONABLE_KINDS: ReadonlySet<TargetKind> = new Set(ACTION_SPECS.flatMap((a) => a.kinds));

const ALGORITHM_TEXT: Record<string, string> = {
  'round-robin': 'round robin',
  'least-outstanding': 'least outstanding',
  'power-of-two': 'power of two',
};

/** Design B draws from the compare slice and offers no actions (commands reach both anyway). */
const NO_ACTIONS: Readonly<Record<string, readonly string[]>> = {};
const NO_KINDS: ReadonlySet<TargetKind> = new Set();
const ignore = (): void => undefined;

/** Whether two lists of boxes are the same, box for box. */
function sameBoxes(a: readonly Box[], b: readonly Box[]): boolean {
  return (
    a.length === b.length &&
    a.every(
      (box, i) =>
        box.x === b[i]!.x &&
        box.y === b[i]!.y &&
        box.width === b[i]!.width &&
        box.height === b[i]!.height,
    )
  );
}

/** What a diagram draws: the run (design A), or design B while comparing. */
const sourceOf = (state: PlaygroundState, design: Design) =>
  design === 'b' && state.compare ? state.compare : state.run;

export type Design = 'a' | 'b';

/**
 * The diagram of the run, or (`design="b"`) of design B while two designs are compared:
 * the same cloud, drawn from design B's engine, for watching only.
 */
export function Diagram(props: {
  design?: Design;
  title?: string;
  hint?: string;
  /**
   * Laid out for its own box (`compareLayout`): one of two designs side by side, or an
   * embed's compact frame, where the box is too small for the laptop's rows to be read.
   */
  fitBox?: boolean;
}) {
  const design = props.design ?? 'a';
  const interactive = design === 'a';
  const snapshot = usePlayground((s) => sourceOf(s, design).snapshot);
  const components = usePlayground((s) => s.run.components);
  const links = usePlayground((s) => s.run.links);
  const linkRates = usePlayground((s) => sourceOf(s, design).linkRates);
  const rateWindowUs = usePlayground((s) => sourceOf(s, design).rateWindowUs);
  const timeoutsPerSByGroup = usePlayground((s) => sourceOf(s, design).timeoutsPerSByGroup);
  const settings = usePlayground((s) => sourceOf(s, design).settings ?? s.run.settings);
  const actions = usePlayground((s) => (interactive ? s.run.actions : NO_ACTIONS));
  const userGroups = usePlayground((s) => s.run.scenario.topology.users);
  const menuFor = usePlayground((s) => s.ui.menuFor);
  const selectedId = usePlayground((s) => s.ui.selectedId);
  const reducedMotion = useReducedMotion();
  // A lesson step's spotlight (design A only): a ring and a label on the diagram.
  const spotlight = useStore(lessonPlayer, (s) => (interactive ? s.spotlight : null));
  // Two designs compared: both diagrams draw and state one dot scale (compare/dotScale.ts).
  const comparing = usePlayground((s) => s.compare !== null);

  const boxRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const spotlightRef = useRef<SVGSVGElement>(null);
  // The words the dots pass under (links' labels, queues' counts), from the last drawing.
  const dotFreeRef = useRef<readonly Box[]>([]);
  // Draws the dots again (set by the canvas's effect): when those words move while paused.
  const redrawDotsRef = useRef<(() => void) | null>(null);
  // One request in 2^shift is drawn: the drawing loop reports changes (rare) for the legend.
  const [dotsShift, setDotsShift] = useState(0);
  // Some down part struck round instead of crossed, in the last drawing (for the legend).
  const [outlined, setOutlined] = useState(false);

  // A phone, or an embed in a narrow frame, lays it out top to bottom, full width, no
  // sideways panning (issue 14): the wide drawing's labels are ~4 px at 360 px wide.
  const narrow = useNarrowScreen();
  // Present mode lays the diagram out for the room: text the back row reads (issue 14).
  // Present on a phone keeps the phone's layout: the room's tiles would be ~5 px there.
  const presenting = usePlayground((s) => s.ui.presenting) && interactive && !narrow;
  const phone = narrow && !presenting;
  // Side by side or in an embed (not on a phone, whose column layout is already full
  // width): the rows, or tiles where the rows' text would be under the laptop floor here.
  const compareBox = useBoxSize(boxRef, props.fitBox === true && !phone);
  // Comparing in Present mode: tiles, whose text is twice the rows' in the same box.
  const presentingRoom = usePlayground((s) => s.ui.presenting);
  // Present fills its box's height, whatever the screen's shape (review item 13).
  const presentBox = useBoxSize(
    boxRef,
    presenting && compareBox === null && props.fitBox !== true,
    true,
  );
  const embedded = usePlayground((s) => s.ui.embedded);
  const layout = useMemo(
    () =>
      components.length === 0
        ? null
        : compareBox
          ? presentingRoom
            ? topologyLayout(components, links, COMPARE_TARGET)
            : compareLayout(components, links, compareBox, embedded ? EMBED_MIN_FONT_PX : undefined)
          : topologyLayout(
              components,
              links,
              presenting ? presentTarget(presentBox) : phone ? PHONE_TARGET : undefined,
            ),
    [components, links, presenting, phone, compareBox, presentingRoom, embedded, presentBox],
  );

  const rate = settings.traffic.arrivalRatePerS;
  const usersRatePerS = useMemo(() => usersRateOf(userGroups, rate), [userGroups, rate]);
  // Two designs compared: the other design's load, for one link-width scale (linkScale.ts).
  const other: Design = design === 'a' ? 'b' : 'a';
  const otherLinkRates = usePlayground((s) => (s.compare ? sourceOf(s, other).linkRates : null));
  const otherRate = usePlayground((s) =>
    s.compare ? (sourceOf(s, other).settings ?? s.run.settings).traffic.arrivalRatePerS : null,
  );

  const fullScalePerS = useMemo(() => {
    if (!layout) return null;
    const own = { linkRates, usersRatePerS };
    if (otherLinkRates === null || otherRate === null) return linkWidthFullScalePerS(layout, own);
    const others = { linkRates: otherLinkRates, usersRatePerS: usersRateOf(userGroups, otherRate) };
    return sharedLinkFullScalePerS(layout, [own, others]);
  }, [layout, linkRates, usersRatePerS, otherLinkRates, otherRate, userGroups]);
  const onActivate = useCallback(
    (id: string) => (interactive ? togglePartMenu(id) : ignore()),
    [interactive],
  );

  // The SVG is drawn in the next animation frame, ahead of any chart waiting, rather
  // than inside the report's React commit: the report's task and the drawing's are each
  // shorter than the two together (issue 12's long tasks). One drawing per frame at most.
  const redrawKey = useId();
  useEffect(() => () => chartRedraws().cancel(redrawKey), [redrawKey]);
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || !layout || !snapshot) return;
    const data = {
      snapshot,
      actions,
      actionableKinds: interactive ? ACTIONABLE_KINDS : NO_KINDS,
      linkRates,
      rateWindowUs,
      // Present mode hides the legend that says the window: each rate label says it.
      rateWindowOnLabels: presentingRoom,
      transitCounts: reducedMotion ? messagesPerLink(layout, snapshot.messages) : null,
      selectedId,
      menuFor,
      balancerNote: ALGORITHM_TEXT[settings.balancer.algorithm] ?? settings.balancer.algorithm,
      usersRatePerS,
      dnsNote: `TTL ${settings.trafficManager.dnsTtlS} s`,
      timeoutsPerSByGroup,
      unhealthyThreshold: settings.healthCheck.unhealthyThreshold,
      healthyThreshold: settings.healthCheck.healthyThreshold,
      linkFullScalePerS: fullScalePerS ?? undefined,
    };
    chartRedraws().request(
      redrawKey,
      () => {
        const drawn = renderTopology(svg, layout, data, { onActivate });
        setOutlined(drawn.outlined.length > 0);
        if (sameBoxes(drawn.dotFree, dotFreeRef.current)) return;
        dotFreeRef.current = drawn.dotFree;
        redrawDotsRef.current?.();
      },
      { first: true },
    );
  }, [
    redrawKey,
    layout,
    snapshot,
    actions,
    linkRates,
    rateWindowUs,
    reducedMotion,
    selectedId,
    menuFor,
    settings,
    usersRatePerS,
    timeoutsPerSByGroup,
    onActivate,
    interactive,
    fullScalePerS,
    presentingRoom,
  ]);

  // The spotlight's drawing loads with the first lesson step that has one (a small first load).
  useEffect(() => {
    const svg = spotlightRef.current;
    if (!svg || !layout || !spotlight) return;
    let current = true;
    void import('../../views/spotlight').then(({ renderSpotlight }) => {
      if (current) renderSpotlight(svg, layout, spotlight);
    });
    return () => {
      current = false;
    };
  }, [layout, spotlight]);

  // Moving requests: drawn straight from the store's per-frame data, bypassing React.
  useEffect(() => {
    const canvas = canvasRef.current;
    const box = boxRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !box || !ctx || !layout) return;
    let widthPx = 0;
    let heightPx = 0;
    let ratio = 1;
    const dots = new DeliveredDots();
    let reportedShift = 0;
    setDotsShift(0);
    let palette: ReturnType<typeof messagePalette> | null = null;
    let paletteTheme = '';
    const sharedScale = comparing ? compareDotScale : null;
    const draw = () => {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, widthPx, heightPx);
      const state = playground.getState();
      const { frame } = sourceOf(state, design);
      const { speed } = state.run;
      if (reducedMotion || !frame || widthPx === 0) return;
      sharedScale?.report(design, dots.samplingShift);
      const shift = sharedScale ? sharedScale.shift : dots.samplingShift;
      dots.floorShift = shift;
      if (shift !== reportedShift) setDotsShift((reportedShift = shift));
      // Colours from the theme's tokens, read where the canvas is (it inherits data-theme),
      // once per theme rather than every frame (getComputedStyle can force a style pass).
      const theme = document.documentElement.dataset.theme ?? '';
      if (palette === null || paletteTheme !== theme) {
        const style = getComputedStyle(canvas);
        palette = messagePalette((token) => style.getPropertyValue(token));
        paletteTheme = theme;
      }
      const transform = fitTransform(layout.width, layout.height, widthPx, heightPx);
      dots.draw(ctx, layout, frame.nowUs, transform, palette);
      drawMessages(ctx, layout, frame.messages, frame.nowUs, transform, minVisibleTripUs(speed), {
        palette,
        samplingShift: shift,
      });
      // The labels are SVG, under this canvas: the dots pass under them instead of over.
      clearHoles(ctx, dotHoles(dotFreeRef.current, transform));
      if (design === 'a')
        markTracedDot(ctx, canvas, drawnNow(layout, frame, dots, widthPx, heightPx, false));
    };
    const resize = () => {
      ratio = window.devicePixelRatio || 1;
      widthPx = box.clientWidth;
      heightPx = box.clientHeight;
      canvas.width = Math.round(widthPx * ratio);
      canvas.height = Math.round(heightPx * ratio);
      draw();
    };
    redrawDotsRef.current = draw;
    const observer = new ResizeObserver(resize);
    observer.observe(box);
    resize();
    // The other design's need changed the shared scale: redraw, and restate it, now.
    const stopSharing = sharedScale?.subscribe(draw);
    // A click on a dot follows its request (the run's diagram only; see dotPicking.ts).
    const stopPicking =
      design === 'a'
        ? attachDotPicking(
            box,
            () => {
              const { frame } = playground.getState().run;
              return frame && widthPx > 0
                ? drawnNow(layout, frame, dots, widthPx, heightPx, reducedMotion)
                : null;
            },
            { clicks: !reducedMotion },
          )
        : null;
    const unsubscribe = playground.subscribe((state, previous) => {
      if (state.run.runId !== previous.run.runId) dots.clear();
      const now = sourceOf(state, design);
      if (now.frame === sourceOf(previous, design).frame) return;
      if (now.frame && !reducedMotion) {
        // After a seek or a step no frames led here: show the moment's traffic at once.
        const previousHops = sourceOf(previous, design).recentHops;
        if (now.recentHops && now.recentHops !== previousHops) {
          dots.seed(now.recentHops, now.frame.nowUs, state.run.speed, layout);
        } else {
          dots.update(now.delivered, now.frame.nowUs, state.run.speed, layout);
        }
      }
      draw();
    });
    return () => {
      if (redrawDotsRef.current === draw) redrawDotsRef.current = null;
      observer.disconnect();
      unsubscribe();
      stopPicking?.();
      stopSharing?.();
      sharedScale?.leave(design);
    };
  }, [layout, reducedMotion, design, comparing]);

  return (
    <section className="panel diagram" aria-labelledby={`diagram-title-${design}`}>
      <div className="panel-head">
        <h2 id={`diagram-title-${design}`}>{props.title ?? 'Cluster'}</h2>
        <p className="hint">
          {props.hint ??
            'Click a part or a link (or Tab to it, or to the Links list, and press Enter) to break it or restore it.'}
        </p>
      </div>
      {/* On a phone the diagram keeps readable labels and pans sideways in here (app.css). */}
      <div className="diagram-pan" data-wide={layout && isWide(layout) ? '' : undefined}>
        <div className="diagram-box" ref={boxRef} style={layout ? boxStyle(layout) : undefined}>
          <svg
            ref={svgRef}
            className="topology"
            role="group"
            aria-label={interactive ? 'Cluster diagram' : 'Design B diagram'}
          />
          <canvas ref={canvasRef} className="messages" aria-hidden="true" />
          {spotlight && (
            <svg
              ref={spotlightRef}
              className="spotlight"
              role="img"
              aria-label={`Look here: ${spotlight.label} (${spotlight.ids.join(', ')})`}
            />
          )}
          {interactive && menuFor && (
            <ActionMenu key={menuFor} targetId={menuFor} boxRef={boxRef} svgRef={svgRef} />
          )}
        </div>
      </div>
      {/* An embed keeps its frame for the diagram and a lesson's step card: the legend (three
          lines at 768 px) waits behind "Key" (issue 14, review item 20). */}
      <Disclosed when={embedded} label="Key">
        <DiagramLegend
          dotsText={dotsLegendText(dotsShift, rate)}
          fullScalePerS={fullScalePerS}
          sharedScale={comparing}
          reducedMotion={reducedMotion}
          database={components.some((c) => c.kind === 'database')}
          dependency={components.some((c) => c.kind === 'dependency')}
          outlined={outlined}
          rateWindowUs={rateWindowUs}
        />
      </Disclosed>
      {interactive && <LinkList />}
    </section>
  );
}

/**
 * Each user group's arrival rate, requests per simulated second: the scenario's shares,
 * normalised over the groups (as the engine does).
 */
function usersRateOf(
  groups: readonly { id: string; share: number }[],
  arrivalRatePerS: number,
): Record<string, number> {
  const total = groups.reduce((sum, g) => sum + g.share, 0) || 1;
  return Object.fromEntries(groups.map((g) => [g.id, (arrivalRatePerS * g.share) / total]));
}

/**
 * The room a compared, embedded or presented diagram has, in CSS pixels: its box's width and the most height it
 * may take (its max-height; in Present mode, where the box fills its column, its height).
 * Rounded to 8 px so small resizes lay nothing out again: down, or for `widthUp` (a drawing
 * filling the box's height) the width up, so the box it is laid out for is never taller for
 * its width than the real one (checkout's text lost 0.2% at 1280x720). Null when `on` is false.
 */
function useBoxSize(
  boxRef: RefObject<HTMLDivElement | null>,
  on: boolean,
  widthUp = false,
): { width: number; height: number } | null {
  const [size, setSize] = useState<{ width: number; height: number } | null>(null);
  useLayoutEffect(() => {
    const box = boxRef.current;
    if (!on || !box) {
      setSize(null);
      return;
    }
    const measure = () => {
      const maxHeight = parseFloat(getComputedStyle(box).maxHeight);
      const width = (widthUp ? Math.ceil : Math.floor)(box.clientWidth / 8) * 8;
      const height =
        Math.floor((Number.isFinite(maxHeight) ? maxHeight : box.clientHeight) / 8) * 8;
      setSize((old) =>
        old && old.width === width && old.height === height ? old : { width, height },
      );
    };
    measure();
    // (A DOM without it, as in unit tests: the window's resizes alone.)
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(measure);
    observer?.observe(box);
    window.addEventListener('resize', measure);
    return () => {
      observer?.disconnect();
      window.removeEventListener('resize', measure);
    };
  }, [boxRef, on, widthUp]);
  return size;
}

/** Smallest diagram label on a phone, in CSS pixels (issue 14 asks 12; half a pixel spare). */
const PHONE_MIN_LABEL_PX = PHONE_TARGET.minFontPx;

/** Whether the diagram must pan sideways on the narrowest phone to keep its labels readable. */
function isWide(layout: TopologyLayout): boolean {
  return (layout.width * PHONE_MIN_LABEL_PX) / layout.fonts.small > PHONE_TARGET.box.width;
}

/**
 * The box's shape, and the width at which its smallest label is PHONE_MIN_LABEL_PX (the
 * phone layout in app.css uses it, panning when it is wider than the screen).
 */
function boxStyle(layout: TopologyLayout): CSSProperties {
  const readableWidthPx = Math.ceil((layout.width * PHONE_MIN_LABEL_PX) / layout.fonts.small);
  return {
    aspectRatio: `${layout.width} / ${layout.height}`,
    // For the rules that set the box's shape aside and need it back (Present on a phone).
    ['--diagram-aspect' as string]: `${layout.width} / ${layout.height}`,
    ['--diagram-readable-width' as string]: `${readableWidthPx}px`,
  };
}

/** `children` behind a "Key"-style button named `label` when `when`; else as they are. */
function Disclosed(props: { when: boolean; label: string; children: ReactNode }) {
  if (!props.when) return props.children;
  return (
    <div className="disclosed">
      <Disclosure label={props.label} buttonClass="disclosed-toggle">
        {props.children}
      </Disclosure>
    </div>
  );
}
