/**
 * A button that shows and hides what follows it, for what the diagram keeps out of the
 * way until asked for: the Links list, and an embed's legend behind "Key". One look and
 * one behaviour (aria-expanded and aria-controls, ▸ closed and ▾ open); what it holds is
 * rendered only while open, so a closed Links list costs no buttons on every report.
 */
import { useId, useState, type ReactNode } from 'react';

export function Disclosure(props: {
  /** The button's words (after the ▸ or ▾). */
  label: ReactNode;
  /** Classes beside `button small`, for the button. */
  buttonClass: string;
  children: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <>
      <button
        type="button"
        className={`button small ${props.buttonClass}`}
        aria-expanded={open}
        aria-controls={id}
        onClick={() => setOpen(!open)}
      >
        <span aria-hidden="true">{open ? '▾' : '▸'}</span> {props.label}
      </button>
      <div id={id} hidden={!open}>
        {open && props.children}
      </div>
    </>
  );
}
