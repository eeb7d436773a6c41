/**
 * The header's controls on a phone (issue 14): play/pause, step and reset in one row, and
 * a More button that shows the rest (speed, seed, Present, theme) under them, so the
 * diagram starts near the top of the screen. More follows the disclosure pattern: a
 * button with `aria-expanded`; Escape inside the opened controls closes them and puts
 * focus back on it.
 */
import { useId, useRef, useState } from 'react';
import { SeedField, SpeedField, TimeButtons } from '../controls/Toolbar';
import { PresentButton } from '../present/PresentButton';
import { ThemePicker } from './ThemePicker';

export function PhoneControls() {
  const [open, setOpen] = useState(false);
  const moreId = useId();
  const moreButton = useRef<HTMLButtonElement>(null);
  return (
    <>
      <div className="toolbar phone-toolbar" role="group" aria-label="Time controls">
        <TimeButtons />
        <button
          ref={moreButton}
          type="button"
          className="button more-toggle"
          aria-expanded={open}
          aria-controls={moreId}
          onClick={() => setOpen((wasOpen) => !wasOpen)}
          title="Speed, seed, presentation mode and theme"
        >
          <span aria-hidden="true" className="icon">
            {open ? '▴' : '▾'}
          </span>
          More<span className="visually-hidden"> controls</span>
        </button>
      </div>
      <div
        id={moreId}
        className="header-more"
        role="group"
        aria-label="More controls"
        hidden={!open}
        onKeyDown={(event) => {
          if (event.key !== 'Escape') return;
          event.stopPropagation();
          setOpen(false);
          moreButton.current?.focus();
        }}
      >
        <SpeedField />
        <SeedField />
        <PresentButton />
        <ThemePicker />
      </div>
    </>
  );
}
