/**
 * The header's "More" disclosure, shared by the phone's controls and Present mode's: a
 * button with `aria-expanded` that shows a group of rarer controls; Escape inside the
 * group closes it and puts focus back on the button (and goes no further, so it does not
 * leave presentation mode).
 */
import { useId, useRef, useState, type KeyboardEvent, type RefObject } from 'react';

export interface MoreDisclosure {
  open: boolean;
  setOpen: (open: boolean) => void;
  button: RefObject<HTMLButtonElement | null>;
  /** Spread on the group the button shows and hides. */
  groupProps: {
    id: string;
    hidden: boolean;
    onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
  };
}

export function useMoreDisclosure(): MoreDisclosure {
  const [open, setOpen] = useState(false);
  const id = useId();
  const button = useRef<HTMLButtonElement>(null);
  return {
    open,
    setOpen,
    button,
    groupProps: {
      id,
      hidden: !open,
      onKeyDown: (event) => {
        if (event.key !== 'Escape') return;
        event.stopPropagation();
        setOpen(false);
        button.current?.focus();
      },
    },
  };
}

/** The More button; `title` says what it holds ("Scenario, seed and theme"). */
export function MoreButton({
  open,
  setOpen,
  controls,
  buttonRef,
  title,
}: {
  open: boolean;
  setOpen: (open: boolean) => void;
  /** The id of the group it shows and hides. */
  controls: string;
  buttonRef: RefObject<HTMLButtonElement | null>;
  title: string;
}) {
  return (
    <button
      ref={buttonRef}
      type="button"
      className="button more-toggle"
      aria-expanded={open}
      aria-controls={controls}
      onClick={() => setOpen(!open)}
      title={title}
    >
      <span aria-hidden="true" className="icon">
        {open ? '▴' : '▾'}
      </span>
      More<span className="visually-hidden"> controls</span>
    </button>
  );
}
