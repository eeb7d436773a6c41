/**
 * The action menu of one part of the diagram: a small non-modal dialog next to it
 * with one button per action that makes sense now, named by its verb ("Kill",
 * "Restore"). Escape closes it and returns focus to the part; so does choosing.
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
import { ACTION_SPECS, type ActionSpec, type TargetKind } from '../sim';
import { applyCommand, closeMenu } from '../store';
import { componentAccessibleName, linkAccessibleName } from '../views/topology';
import { ACTION_PARAMETERS, actionCommand, actionDescription } from './actions';
import { usePlayground } from './usePlayground';

/** Gap between the part and the menu, in CSS pixels. */
const GAP_PX = 10;

/** The focusable element drawing `id` in the diagram. */
function anchorOf(svg: SVGSVGElement | null, id: string): SVGGElement | null {
  return svg?.querySelector<SVGGElement>(`[role="button"][data-id="${CSS.escape(id)}"]`) ?? null;
}

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

  const component = snapshot?.components.find((c) => c.id === targetId);
  const link = snapshot?.links.find((l) => l.id === targetId);
  const kind: TargetKind | null = component?.kind ?? (link ? 'link' : null);
  const name =
    component && snapshot
      ? componentAccessibleName(component, snapshot)
      : link
        ? linkAccessibleName(link)
        : targetId;
  const specs = ACTION_SPECS.filter(
    (spec) =>
      kind !== null &&
      spec.kinds.includes(kind) &&
      (available ?? []).some((type) => type === spec.type),
  );

  const close = (returnFocus: boolean) => {
    closeMenu();
    if (returnFocus) anchorOf(svgRef.current, targetId)?.focus();
  };

  // Place the menu beside its part: right of it when there is room, else left, else below.
  useLayoutEffect(() => {
    const menu = menuRef.current;
    const box = boxRef.current;
    const anchor = anchorOf(svgRef.current, targetId);
    if (!menu || !box || !anchor) return;
    const boxRect = box.getBoundingClientRect();
    const a = anchor.getBoundingClientRect();
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

  // Focus the first action when the menu opens for a part.
  useEffect(() => {
    const menu = menuRef.current;
    const first =
      menu?.querySelector<HTMLElement>('button.menu-action') ?? menu?.querySelector('button');
    first?.focus();
  }, [targetId]);

  // A click anywhere else closes the menu (without moving focus).
  useEffect(() => {
    const onPointerDown = (event: PointerEvent) => {
      const target = event.target as Node | null;
      if (!target || menuRef.current?.contains(target)) return;
      if (anchorOf(svgRef.current, targetId)?.contains(target)) return;
      closeMenu();
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [targetId, svgRef]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      close(true);
      return;
    }
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
    const buttons = [...(menuRef.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])];
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement);
    if (index < 0) return; // arrows inside a number field change the number
    event.preventDefault();
    const next = (index + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length;
    buttons[next]?.focus();
  };

  const choose = (spec: ActionSpec, value: number | undefined) => {
    applyCommand(actionCommand(spec.type, targetId, value));
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
        if (!next || menuRef.current?.contains(next)) return;
        if (anchorOf(svgRef.current, targetId)?.contains(next)) return;
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
      {specs.length === 0 ? (
        <p className="menu-empty">Nothing to do here right now.</p>
      ) : (
        <ul className="menu-actions">
          {specs.map((spec) => (
            <ActionRow key={spec.type} spec={spec} onChoose={choose} />
          ))}
        </ul>
      )}
    </div>
  );
}

function ActionRow(props: {
  spec: ActionSpec;
  onChoose: (spec: ActionSpec, value: number | undefined) => void;
}) {
  const { spec, onChoose } = props;
  const parameter = ACTION_PARAMETERS[spec.type];
  const [value, setValue] = useState(parameter ? String(parameter.default) : '');
  const descriptionId = useId();
  const inputId = useId();
  const number = Number(value);
  const valid =
    !parameter ||
    (value.trim() !== '' &&
      Number.isFinite(number) &&
      number >= parameter.min &&
      number <= parameter.max);

  return (
    <li className={`menu-row category-${spec.category}`}>
      <button
        type="button"
        className="button menu-action"
        aria-describedby={descriptionId}
        disabled={!valid}
        onClick={() => onChoose(spec, parameter ? number : undefined)}
      >
        {spec.verb}
      </button>
      {parameter && (
        <span className="menu-parameter">
          <label htmlFor={inputId}>{parameter.label}</label>
          <input
            id={inputId}
            type="number"
            min={parameter.min}
            max={parameter.max}
            step={parameter.step}
            value={value}
            aria-invalid={!valid}
            onChange={(event) => setValue(event.target.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' && valid) {
                event.preventDefault();
                onChoose(spec, number);
              }
            }}
          />
          <span className="unit">{parameter.unit}</span>
        </span>
      )}
      <span className="menu-description" id={descriptionId}>
        {actionDescription(spec.type, spec.description, value)}
      </span>
    </li>
  );
}
