/** The theme control in the top bar: system, light, dark or high contrast (theme.ts). */
import { useId } from 'react';
import { chooseTheme, isTheme, THEME_LABELS, useTheme, type ThemeChoice } from './theme';

export function ThemePicker() {
  const id = useId();
  const { choice, fromUrl } = useTheme();
  return (
    <div className="field theme-picker">
      <label htmlFor={id}>Theme</label>
      <select
        id={id}
        value={fromUrl ?? choice}
        onChange={(event) => {
          const value = event.target.value;
          chooseTheme(isTheme(value) ? value : 'system');
        }}
      >
        {(Object.keys(THEME_LABELS) as ThemeChoice[]).map((key) => (
          <option key={key} value={key}>
            {THEME_LABELS[key]}
          </option>
        ))}
      </select>
    </div>
  );
}
