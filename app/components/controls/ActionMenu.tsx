/**
 * The action menu of one part of the diagram: a small non-modal dialog next to it
 * with one button per action the engine offers now (`actionsFor`), named by its verb
 * ("Kill", "Make slow", "Cut one way"). Actions that take a number have a labelled
 * field, checked against the engine's range; Enter in it applies the action. Escape
 * closes the menu and returns focus to whatever opened it (the part on the diagram, or
 * its button in the Links list); so does choosing an action.
 */
import {
  useEffect,
  useId,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type RefObject,
} from 'react';
import type { TargetKind } from '../../sim';
import { applyCommand, closeMenu } from '../../store';
import { componentAccessibleName, linkAccessibleName } from '../../views/topology';
import {
  actionCommand,
  actionDescription,
  menuEntries,
  parameterHint,
  parameterValid,
  type MenuEntry,
} from './actions';
import { usePlayground } from '../app/usePlayground';
import './actionMenu.css';

/** Gap between the part and the menu, in CSS pixels. */
const GAP_PX = 10;

/** Space between a phone's menu sheet and the screen's edges and bar, in CSS px. */
const SHEET_MARGIN_PX = 8;

/** The top of a bar fixed along the bottom of the screen (a phone's panel bar), or null. */
function fixedBarTop(): number | null {
  const bar = document.querySelector('.side-groupbar');
  if (!bar || getComputedStyle(bar).position !== 'fixed') return null;
  return bar.getBoundingClientRect().top;
}

/** The element drawing `id` in the diagram: a node, a zone or region tag, or a link. */
function anchorOf(svg: SVGSVGElement | null, id: string): SVGGElement | null {
  return svg?.querySelector<SVGGElement>(`g[data-id="${CSS.escape(id)}"]`) ?? null;
}

/** Units read aloud (the visible unit is a symbol). */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  '×': 'times',
  s: 'seconds',
  ms: 'milliseconds',
  '%': 'percent',
};

/** An element that can take focus back when the menu closes. */
type Focusable = HTMLElement | SVGElement;

export function ActionMenu(props: {
  targetId: string;
  boxRef: RefObject<HTMLDivElement | null>;
  svgRef: RefObject<SVGSVGElement | null>;
}) {
  const { targetId, boxRef, svgRef } = props;
  const snapshot = usePlayground((s) => s.run.snapshot);
  const available = usePlayground((s) => s.run.actions[targetId]);
  const menuRef = useRef<HTMLDivElement>(null);
  const titleId = useId();
  // What had focus when the menu opened (the menu is keyed by target, so once per part).
  const [opener] = useState<Focusable | null>(() => {
    const active = document.activeElement;
    return active instanceof HTMLElement || active instanceof SVGElement ? active : null;
  });

  const component = snapshot?.components.find((c) => c.id === targetId);
  const link = snapshot?.links.find((l) => l.id === targetId);
  const kind: TargetKind | null = component?.kind ?? (link ? 'link' : null);
  const name =
    component && snapshot
      ? componentAccessibleName(component, snapshot)
      : link
        ? linkAccessibleName(link, snapshot ?? undefined)
        : targetId;
  const entries = menuEntries(targetId, kind, available ?? [], link);

  /** Whether `node` is the part's drawing or the control that opened the menu. */
  const isOrigin = (node: Node | null): boolean =>
    !!node &&
    ((opener !== null && opener !== document.body && opener.contains(node)) ||
      !!anchorOf(svgRef.current, targetId)?.contains(node));

  const close = (returnFocus: boolean) => {
    closeMenu();
    if (!returnFocus) return;
    const back =
      opener && opener.isConnected && opener !== document.body
        ? opener
        : anchorOf(svgRef.current, targetId);
    back?.focus();
  };

  // Place the menu beside its part: right of it when there is room, else left, else
  // below. A link is long, so its menu sits by the link's middle.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    const box = boxRef.current;
    const anchor = anchorOf(svgRef.current, targetId);
    if (!menu || !box || !anchor) return;
    // A phone's panel bar is fixed along the bottom of the screen (SideTabs): there the
    // menu is a sheet just above it, its actions scrolling inside, so none runs under the
    // bar (issue 14 review: Flap and Make failing were under it at 390x844).
    const barTop = fixedBarTop();
    menu.style.position = barTop === null ? '' : 'fixed';
    menu.style.right = barTop === null ? '' : `${SHEET_MARGIN_PX}px`;
    menu.style.bottom = barTop === null ? '' : `${window.innerHeight - barTop + SHEET_MARGIN_PX}px`;
    menu.style.maxHeight = barTop === null ? '' : `${barTop - 2 * SHEET_MARGIN_PX}px`;
    menu.style.width = barTop === null ? '' : 'auto';
    if (barTop !== null) {
      menu.style.left = `${SHEET_MARGIN_PX}px`;
      menu.style.top = 'auto';
      return;
    }
    const boxRect = box.getBoundingClientRect();
    let a = anchor.getBoundingClientRect();
    if (anchor.classList.contains('link-hit')) {
      const x = a.left + a.width / 2;
      const y = a.top + a.height / 2;
      a = new DOMRect(x, y, 0, 0);
    }
    const width = menu.offsetWidth;
    const height = menu.offsetHeight;
    let left: number;
    let top = a.top - boxRect.top;
    if (a.right + GAP_PX + width <= boxRect.right) left = a.right - boxRect.left + GAP_PX;
    else if (a.left - GAP_PX - width >= boxRect.left) left = a.left - boxRect.left - GAP_PX - width;
    else {
      left = Math.min(Math.max(0, a.left - boxRect.left), boxRect.width - width);
      top = a.bottom - boxRect.top + GAP_PX;
    }
    // Keep it inside the diagram vertically where possible.
    top = Math.max(0, Math.min(top, boxRect.height - height));
    menu.style.left = `${Math.round(left)}px`;
    menu.style.top = `${Math.round(top)}px`;
  });

  // Focus the first action when the menu opens.
  useEffect(() => {
    const menu = menuRef.current;
    const first =
      menu?.querySelector<HTMLElement>('button.menu-action') ?? menu?.querySelector('button');
    first?.focus();
  }, []);

  // A click anywhere else closes the menu (without moving focus).
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (!target || menuRef.current?.contains(target) || isOrigin(target)) return;
      closeMenu();
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  });

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      close(true);
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [
      ...(menuRef.current?.querySelectorAll<HTMLButtonElement>('button:not(:disabled)') ?? []),
    ];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return; // arrows inside a number field change the number
    event.preventDefault();
    const next = (index + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length;
    buttons[next]?.focus();
  };

  const choose = (entry: MenuEntry, value: number | undefined) => {
    applyCommand(actionCommand(entry.spec.type, entry.target, value, { oneWay: entry.oneWay }));
    close(true);
  };

  const stateText = name.slice(name.indexOf(':') + 1).trim();

  return (
    <div
      ref={menuRef}
      className="action-menu"
      role="dialog"
      aria-labelledby={titleId}
      onKeyDown={onKeyDown}
      onBlur={(event) => {
        // Tabbing out of the menu closes it; clicking its part toggles it (see Diagram).
        const next = event.relatedTarget as Node | null;
        if (!next || menuRef.current?.contains(next) || isOrigin(next)) return;
        closeMenu();
      }}
    >
      <div className="menu-head">
        <p className="menu-title" id={titleId}>
          {kind ?? 'part'} <strong>{targetId}</strong>
        </p>
        <button
          type="button"
          className="menu-close"
          aria-label="Close menu"
          title="Close (Esc)"
          onClick={() => close(true)}
        >
          ×
        </button>
      </div>
      <p className="menu-state">{stateText}</p>
      {entries.length === 0 ? (
        <p className="menu-empty">Nothing to do here right now.</p>
      ) : (
        <ul className="menu-actions">
          {entries.map((entry) => (
            <ActionRow key={entry.key} entry={entry} onChoose={choose} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ActionRow(props: {
  entry: MenuEntry;
  onChoose: (entry: MenuEntry, value: number | undefined) => void;
}) {
  const { entry, onChoose } = props;
  const parameter = entry.parameter;
  const [value, setValue] = useState(parameter ? String(parameter.default) : '');
  const descriptionId = useId();
  const hintId = useId();
  const inputId = useId();
  const valid = !parameter || parameterValid(parameter, value);
  const number = Number(value);

  return (
    <li className={`menu-row category-${entry.spec.category}`}>
      <button
        type="button"
        className="button menu-action"
        aria-describedby={descriptionId}
        disabled={!valid}
        onClick={() => onChoose(entry, parameter ? number : undefined)}
      >
        {entry.verb}
      </button>
      {parameter && (
        <span className="menu-parameter">
          <label htmlFor={inputId}>
            {parameter.label}
            <span className="visually-hidden">
              {' '}
              in {UNIT_WORDS[parameter.unit] ?? parameter.unit}
            </span>
          </label>
          <input
            id={inputId}
            type="number"
            inputMode="decimal"
            min={parameter.min}
            max={parameter.max}
            step={parameter.step}
            value={value}
            aria-invalid={!valid}
            aria-describedby={valid ? undefined : hintId}
            onChange={(event) => setValue(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                if (valid) onChoose(entry, number);
              }
            }}
          />
          <span className="unit" aria-hidden="true">
            {parameter.unit}
          </span>
        </span>
      )}
      {parameter && !valid && (
        <span className="menu-invalid" id={hintId} role="alert">
          {parameterHint(parameter)}
        </span>
      )}
      <span className="menu-description" id={descriptionId}>
        {actionDescription(entry.spec.type, entry.description, value)}
      </span>
    </li>
  );
}
