/**
 * The header's controls on a phone (issue 14): play/pause, step and reset in one row, and
 * a More button that shows the rest (speed, seed, Present, theme) under them, so the
 * diagram starts near the top of the screen. More follows the disclosure pattern: a
 * button with `aria-expanded`; Escape inside the opened controls closes them and puts
 * focus back on it.
 */
import { SeedField, SpeedField, TimeButtons } from '../controls/Toolbar';
import { PresentButton } from '../present/PresentButton';
import { MoreButton, useMoreDisclosure } from './moreDisclosure';
import { ThemePicker } from './ThemePicker';

export function PhoneControls() {
  const { open, setOpen, button, groupProps } = useMoreDisclosure();
  return (
    <>
      <div className="toolbar phone-toolbar" role="group" aria-label="Time controls">
        <TimeButtons />
        <MoreButton
          open={open}
          setOpen={setOpen}
          controls={groupProps.id}
          buttonRef={button}
          title="Speed, seed, presentation mode and theme"
        />
      </div>
      <div className="header-more" role="group" aria-label="More controls" {...groupProps}>
        <SpeedField />
        <SeedField />
        <PresentButton />
        <ThemePicker />
      </div>
    </>
  );
}
