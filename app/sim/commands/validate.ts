/**
 * Whether a command is valid for a configuration: a pure function of the command, the
 * topology and the settings in force, built from the registry's declarations. The
 * engine asks it first (then the database adds what depends on the moment, such as a
 * promotion already under way); scenario files, share links and the CLI ask it before
 * any run exists, so no throwaway engine is built to check a fault script.
 */
import { DATABASE_DEFAULTS, validateDatabaseOptions } from '../database/options';
import { validateSetting, withSetting, type Settings } from '../settings';
import { linkId, topologyComponents, topologyLinks, type TopologySpec } from '../topology';
import { commandSpec, parameterRange, type CommandParameter } from './registry';
import type { Command, TargetKind } from './types';

/** What a topology offers as command targets. */
export interface CommandTargets {
  /** The kind of a part or link id (`link` for `FROM->TO` either way, or `BALANCER->ZONE`). */
  kindOf(target: string): TargetKind | null;
}

const TARGETS = new WeakMap<TopologySpec, CommandTargets>();

/** The targets of a topology (computed once per topology object). */
export function commandTargets(topology: TopologySpec): CommandTargets {
  const known = TARGETS.get(topology);
  if (known) return known;
  const kinds = new Map<string, TargetKind>(
    topologyComponents(topology).map((c) => [c.id, c.kind]),
  );
  const links = new Set(topologyLinks(topology).map((l) => l.id));
  // A balancer's links into one of its own zones, named together as `BALANCER->ZONE`.
  const zoneLinks = new Set(
    topology.regions.flatMap((region) =>
      region.zones
        .filter((zone) => zone.servers.length > 0)
        .map((zone) => linkId(region.balancer, zone.id)),
    ),
  );
  const targets: CommandTargets = {
    kindOf(target) {
      const kind = kinds.get(target);
      if (kind) return kind;
      const [from, to, ...rest] = target.split('->');
      if (from === undefined || to === undefined || rest.length > 0) return null;
      const isLink = links.has(target) || links.has(linkId(to, from)) || zoneLinks.has(target);
      return isLink ? 'link' : null;
    },
  };
  TARGETS.set(topology, targets);
  return targets;
}

const numberProblem = (parameter: CommandParameter, value: unknown): string | null =>
  typeof value === 'number' &&
  Number.isFinite(value) &&
  value >= parameter.min &&
  value <= parameter.max
    ? null
    : `${parameter.name} must be a number ${parameterRange(parameter)} (got ${JSON.stringify(value)})`;

/**
 * Whether setting `path` to `value` is allowed from `settings`: the value in its
 * range, and the whole configuration it leads to (the database's rules between its
 * settings apply when the topology has a database).
 */
export function settingChangeProblem(
  path: string,
  value: unknown,
  settings: Settings,
  topology: TopologySpec,
): string | null {
  const checked = validateSetting(path, value);
  if (checked.error !== null || !path.startsWith('database.')) return checked.error;
  if (path === 'database.conflictMode') {
    return 'database.conflictMode is fixed for a run: choose it in the scenario (or with --set before the run)';
  }
  if (!topology.database) return null;
  const next = withSetting(settings, path, checked.value).database;
  return validateDatabaseOptions(
    { ...DATABASE_DEFAULTS, ...next, fencing: next.fencing === 'on' },
    topology.database.nodes.length,
  );
}

/**
 * The problem with `command` in this configuration, in one sentence naming the
 * command, its target or number and what is allowed; null when it is valid. Safe on
 * any data (a file, a link): wrong types give a sentence, never a throw.
 */
export function validateCommand(
  command: unknown,
  topology: TopologySpec,
  settings: Settings,
): string | null {
  if (command === null || typeof command !== 'object') return 'a command must be a record';
  const record = command as Record<string, unknown>;
  const spec = typeof record.type === 'string' ? commandSpec(record.type) : undefined;
  if (!spec) return `unknown command type "${String(record.type)}"`;
  const type = spec.type;
  if (spec.targets === 'setting') {
    if (typeof record.path !== 'string') return `${type} needs a setting path`;
    return settingChangeProblem(record.path, record.value, settings, topology);
  }
  if (spec.targets !== 'none') {
    const target = record.target;
    if (typeof target !== 'string') return `${type} needs a target`;
    const kind = commandTargets(topology).kindOf(target);
    if (kind === null) {
      return target.includes('->') ? `unknown link "${target}"` : `unknown target "${target}"`;
    }
    if (!spec.targets.includes(kind)) {
      return `cannot ${type} ${kind} ${target} (${type} applies to a ${spec.targets.join(' or ')})`;
    }
  }
  if (spec.parameter) {
    const problem = numberProblem(spec.parameter, record[spec.parameter.field]);
    if (problem) return problem;
  }
  return spec.check?.(command as Command, { topology, settings }) ?? null;
}
