/**
 * The cluster diagram: the SVG topology view (redrawn on each report) with a canvas
 * of moving requests over it (redrawn every animation frame, outside React), and the
 * action menu of the part the user activated.
 */
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { ACTION_SPECS, type TargetKind } from '../sim';
import { closeMenu, openMenu, playground } from '../store';
import { topologyLayout } from '../views/layout';
import { drawMessages, fitTransform, messagesPerLink, MESSAGE_STYLE } from '../views/messages';
import { RoutedParticles } from '../views/particles';
import { renderTopology } from '../views/topology';
import { ActionMenu } from './ActionMenu';
import { usePlayground } from './usePlayground';
import { useReducedMotion } from './useReducedMotion';

/** Kinds with at least one action in ACTION_SPECS: only these are focusable. */
const ACTIONABLE_KINDS: ReadonlySet<TargetKind> = new Set(ACTION_SPECS.flatMap((a) => a.kinds));

const ALGORITHM_TEXT: Record<string, string> = {
  'round-robin': 'round robin',
  'least-outstanding': 'least outstanding',
};

export function Diagram() {
  const snapshot = usePlayground((s) => s.run.snapshot);
  const components = usePlayground((s) => s.run.components);
  const links = usePlayground((s) => s.run.links);
  const linkRates = usePlayground((s) => s.run.linkRates);
  const recentTimeouts = usePlayground((s) => s.run.recentTimeouts);
  const settings = usePlayground((s) => s.run.settings);
  const menuFor = usePlayground((s) => s.ui.menuFor);
  const reducedMotion = useReducedMotion();

  const boxRef = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);

  const layout = useMemo(
    () => (components.length > 0 ? topologyLayout(components, links) : null),
    [components, links],
  );

  const onActivate = useCallback((id: string) => {
    if (playground.getState().ui.menuFor === id) closeMenu();
    else openMenu(id);
  }, []);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg || !layout || !snapshot) return;
    renderTopology(
      svg,
      layout,
      {
        snapshot,
        actionableKinds: ACTIONABLE_KINDS,
        linkRates,
        transitCounts: reducedMotion ? messagesPerLink(layout, snapshot.messages) : null,
        selectedId: menuFor,
        balancerNote: ALGORITHM_TEXT[settings.balancer.algorithm] ?? settings.balancer.algorithm,
        usersNote: `${settings.traffic.arrivalRatePerS} req/s`,
        recentTimeouts,
        unhealthyThreshold: settings.healthCheck.unhealthyThreshold,
        healthyThreshold: settings.healthCheck.healthyThreshold,
      },
      { onActivate },
    );
  }, [layout, snapshot, linkRates, reducedMotion, menuFor, settings, recentTimeouts, onActivate]);

  // Moving requests: drawn straight from the store's per-frame snapshot, bypassing React.
  useEffect(() => {
    const canvas = canvasRef.current;
    const box = boxRef.current;
    const ctx = canvas?.getContext('2d');
    if (!canvas || !box || !ctx || !layout) return;
    let widthPx = 0;
    let heightPx = 0;
    let ratio = 1;
    const particles = new RoutedParticles();
    const draw = () => {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, widthPx, heightPx);
      const frame = playground.getState().run.frame;
      if (reducedMotion || !frame || widthPx === 0) return;
      const transform = fitTransform(layout.width, layout.height, widthPx, heightPx);
      particles.draw(ctx, layout, frame.nowUs, transform);
      drawMessages(ctx, layout, frame.messages, frame.nowUs, transform);
    };
    const resize = () => {
      ratio = window.devicePixelRatio || 1;
      widthPx = box.clientWidth;
      heightPx = box.clientHeight;
      canvas.width = Math.round(widthPx * ratio);
      canvas.height = Math.round(heightPx * ratio);
      draw();
    };
    const observer = new ResizeObserver(resize);
    observer.observe(box);
    resize();
    const unsubscribe = playground.subscribe((state, previous) => {
      if (state.run.runId !== previous.run.runId) particles.clear();
      if (state.run.frame === previous.run.frame) return;
      if (state.run.frame) particles.update(state.run.frame, state.run.speed);
      draw();
    });
    return () => {
      observer.disconnect();
      unsubscribe();
    };
  }, [layout, reducedMotion]);

  return (
    <section className="panel diagram" aria-labelledby="diagram-title">
      <div className="panel-head">
        <h2 id="diagram-title">Cluster</h2>
        <p className="hint">
          Click a part (or Tab to it and press Enter) to break it or restore it.
        </p>
      </div>
      <div
        className="diagram-box"
        ref={boxRef}
        style={layout ? { aspectRatio: `${layout.width} / ${layout.height}` } : undefined}
      >
        <svg ref={svgRef} className="topology" role="group" aria-label="Cluster diagram" />
        <canvas ref={canvasRef} className="messages" aria-hidden="true" />
        {menuFor && <ActionMenu targetId={menuFor} boxRef={boxRef} svgRef={svgRef} />}
      </div>
      <DiagramLegend reducedMotion={reducedMotion} />
    </section>
  );
}

function DiagramLegend({ reducedMotion }: { reducedMotion: boolean }) {
  return (
    <ul className="legend diagram-legend" aria-label="Legend">
      {reducedMotion ? (
        <li>Reduced motion: each link shows its messages on the wire as a count.</li>
      ) : (
        Object.values(MESSAGE_STYLE).map((style) => (
          <li key={style.label}>
            <span
              className={`shape shape-${style.shape}`}
              style={
                style.shape === 'ring'
                  ? { borderColor: style.colour }
                  : { background: style.colour }
              }
              aria-hidden="true"
            />{' '}
            {style.label}
          </li>
        ))
      )}
      <li>
        <span className="glyph-cross" aria-hidden="true">
          ✕
        </span>{' '}
        down
      </li>
      <li>
        <span className="glyph-dashed" aria-hidden="true" /> marked unhealthy by the balancer
      </li>
      <li>n/s: requests routed per simulated second</li>
    </ul>
  );
}
