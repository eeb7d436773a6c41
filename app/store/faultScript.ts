/**
 * The run's fault script: a list of (time, command) that Replay runs from the start.
 * It holds the scenario's own faults, faults the user added on the timeline, and every
 * command the user applied by hand (diagram menus, settings), recorded at the instant
 * it was applied. The share link, the scenario export and the CLI line come from it.
 */
import { usFromS, type Command } from '../sim';
import type { FaultEntry, Scenario } from '../scenarios';

/** Where a script entry came from: Reset keeps the first two and drops recorded ones. */
export type ScriptOrigin = 'scenario' | 'added' | 'recorded';

export interface ScriptEntry {
  /** Stable for the page's lifetime: React keys, D3 joins, focus. */
  id: number;
  /** Simulated time at which the command is applied. */
  atUs: number;
  command: Command;
  origin: ScriptOrigin;
}

let nextEntryId = 1;

/** A new script entry with a fresh id. */
export function scriptEntry(atUs: number, command: Command, origin: ScriptOrigin): ScriptEntry {
  return { id: nextEntryId++, atUs, command, origin };
}

/**
 * A command as a canonical string (keys sorted), so records built by different code
 * (a menu, the fault-spec parser, a scenario literal) compare equal when they mean the
 * same thing.
 */
export function commandKey(command: Command): string {
  return JSON.stringify(command, Object.keys(command).sort());
}

const entryKey = (atUs: number, command: Command): string => `${atUs} ${commandKey(command)}`;

/**
 * Inserts an entry after every entry due at the same time or earlier. Entries due at
 * the same microsecond keep the order they were added in, which is the order the
 * engine applies them in (scheduled commands tie-break by sequence number).
 */
export function insertEntry(
  script: readonly ScriptEntry[],
  entry: ScriptEntry,
): readonly ScriptEntry[] {
  let at = script.length;
  while (at > 0 && script[at - 1]!.atUs > entry.atUs) at--;
  return [...script.slice(0, at), entry, ...script.slice(at)];
}

/** The script a scenario starts with: its own fault list, in time order. */
export function scenarioScript(scenario: Scenario): readonly ScriptEntry[] {
  let script: readonly ScriptEntry[] = [];
  for (const fault of scenario.faults) {
    script = insertEntry(script, scriptEntry(usFromS(fault.atS), fault.command, 'scenario'));
  }
  return script;
}

/**
 * A script from fault entries (a share link, a file): entries that are also in the
 * scenario's own script are marked as the scenario's, the others as added.
 */
export function scriptFromFaults(
  scenario: Scenario,
  faults: readonly FaultEntry[],
): readonly ScriptEntry[] {
  const own = new Map<string, number>();
  for (const f of scenario.faults) {
    const key = entryKey(usFromS(f.atS), f.command);
    own.set(key, (own.get(key) ?? 0) + 1);
  }
  const script = faults.map((fault) => {
    const atUs = usFromS(fault.atS);
    const key = entryKey(atUs, fault.command);
    const left = own.get(key) ?? 0;
    if (left > 0) own.set(key, left - 1);
    return scriptEntry(atUs, fault.command, left > 0 ? 'scenario' : 'added');
  });
  // A stable sort keeps entries at the same instant in the order given, as insertEntry
  // does, in n log n: inserting one by one took seconds for a link with 5,000 faults.
  return script.sort((a, b) => a.atUs - b.atUs);
}

/** The script as a scenario's fault list (seconds). */
export function scriptFaults(script: readonly ScriptEntry[]): FaultEntry[] {
  return script.map(({ atUs, command }) => ({ atS: atUs / 1_000_000, command }));
}

/**
 * How a script differs from its scenario's own: entries beyond the scenario's faults,
 * and the scenario's faults the user removed. Counted as multisets on (time, command).
 */
export function scriptDiff(
  scenario: Scenario,
  script: readonly ScriptEntry[],
): { extra: ScriptEntry[]; missing: FaultEntry[] } {
  const left = new Map<string, FaultEntry[]>();
  for (const f of scenario.faults) {
    const key = entryKey(usFromS(f.atS), f.command);
    left.set(key, [...(left.get(key) ?? []), f]);
  }
  const extra: ScriptEntry[] = [];
  for (const entry of script) {
    const same = left.get(entryKey(entry.atUs, entry.command));
    if (same && same.length > 0) same.shift();
    else extra.push(entry);
  }
  return { extra, missing: [...left.values()].flat() };
}

/** True when the script is exactly the scenario's own (nothing added or removed). */
export function isScenarioScript(scenario: Scenario, script: readonly ScriptEntry[]): boolean {
  const { extra, missing } = scriptDiff(scenario, script);
  return extra.length === 0 && missing.length === 0;
}
