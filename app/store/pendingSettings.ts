/**
 * Live setting changes the engine has not reported yet. The engine runs in a Web Worker
 * and its settings reach the page with its next report, a fraction of a second later:
 * a control drawn from the engine's value (a radio, a switch, a select, a number field)
 * would snap back to the old value right after the click, and a second click would
 * start from the old value. So the store holds the value the user chose and shows it in
 * place of the engine's, until the report after the engine accepted it (which carries
 * the engine's own value from then on), or until the engine refuses it (the control goes
 * back to the engine's value; the refusal is the notice the store already gives).
 */
import { getSetting, withSetting, type Settings } from '../sim';

/** One setting's value chosen by the user, not yet in a report. */
export interface PendingSetting {
  value: number | string;
  /** The request that sent it: only that request's answer settles it. */
  requestId: number;
  /** The engine accepted it, so the next report carries it. */
  accepted: boolean;
}

/** Pending changes by setting path (`database.replicationMode`). */
export type PendingSettings = Readonly<Record<string, PendingSetting>>;

/** No change waiting (one object, so an unchanged store keeps its identity). */
export const NO_PENDING_SETTINGS: PendingSettings = Object.freeze({});

/** The settings to show: the engine's, with each pending value on top. */
export function shownSettings(engine: Settings, pending: PendingSettings): Settings {
  let shown = engine;
  for (const [path, { value }] of Object.entries(pending)) {
    if (getSetting(shown, path) !== value) shown = withSetting(shown, path, value);
  }
  return shown;
}

/** A new value sent for `path` (a newer change of the same setting replaces an older). */
export function holdPending(
  pending: PendingSettings,
  path: string,
  value: number | string,
  requestId: number,
): PendingSettings {
  return { ...pending, [path]: { value, requestId, accepted: false } };
}

/**
 * The engine answered request `requestId` for `path`: accepted, the value waits for the
 * next report; refused, it is dropped, so the engine's value shows again. An answer to an
 * older request of the same setting changes nothing (a newer value is on its way).
 */
export function settlePending(
  pending: PendingSettings,
  path: string,
  requestId: number,
  accepted: boolean,
): PendingSettings {
  const held = pending[path];
  if (held?.requestId !== requestId) return pending;
  if (accepted) return { ...pending, [path]: { ...held, accepted: true } };
  return withoutPath(pending, path);
}

/** A report arrived: the values the engine accepted before it are in it now. */
export function pendingAfterReport(pending: PendingSettings): PendingSettings {
  let rest = pending;
  for (const [path, held] of Object.entries(pending)) {
    if (held.accepted) rest = withoutPath(rest, path);
  }
  return Object.keys(rest).length === 0 ? NO_PENDING_SETTINGS : rest;
}

function withoutPath(pending: PendingSettings, path: string): PendingSettings {
  const rest = { ...pending };
  delete rest[path];
  return Object.keys(rest).length === 0 ? NO_PENDING_SETTINGS : rest;
}
