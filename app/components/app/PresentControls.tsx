/**
 * The header's controls in presentation mode on a projector (issue 14 review): one row at
 * 1024x768 and 1280x720. Play/pause, step, reset, speed and the Present toggle keep fixed
 * places; the scenario, the seed and the theme (changed rarely during a talk) sit behind
 * one More button; the scenario's title fills what is left, whole (on two lines at
 * 1024x768 for the longest). More
 * follows the disclosure pattern (as on a phone, PhoneControls.tsx): a button with
 * `aria-expanded`; Escape inside closes it and puts focus back on the button (and does
 * not leave presentation mode); a click elsewhere closes it.
 */
import { useEffect, useRef } from 'react';
import { ScenarioPicker } from '../controls/ScenarioPicker';
import { SeedField, SpeedField, TimeButtons } from '../controls/Toolbar';
import { PresentButton } from '../present/PresentButton';
import { MoreButton, useMoreDisclosure } from './moreDisclosure';
import { ThemePicker } from './ThemePicker';
import { usePlayground } from './usePlayground';

export function PresentControls() {
  const title = usePlayground((s) => s.run.scenario.title);
  const { open, setOpen, button, groupProps } = useMoreDisclosure();
  const wrapper = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointerDown = (event: PointerEvent) => {
      if (!wrapper.current?.contains(event.target as Node | null)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointerDown);
    return () => document.removeEventListener('pointerdown', onPointerDown);
  }, [open, setOpen]);

  return (
    <>
      <div className="toolbar present-toolbar" role="group" aria-label="Time controls">
        <TimeButtons />
        <SpeedField />
        <PresentButton />
      </div>
      <div className="present-more" ref={wrapper}>
        <MoreButton
          open={open}
          setOpen={setOpen}
          controls={groupProps.id}
          buttonRef={button}
          title="Scenario, seed and theme"
        />
        <div className="present-more-menu" role="group" aria-label="More controls" {...groupProps}>
          <ScenarioPicker />
          <SeedField />
          <ThemePicker />
        </div>
      </div>
      <p className="present-title">{title}</p>
    </>
  );
}
