/**
 * Applies commands to the engine: faults, restores, weights, rates and settings; and the actions a menu may offer on a target now.
 */
import { outlierOptions, type World } from '../engine/world';
import { FLAP_TOGGLE, type ServerState } from '../engine/types';
import type { ActionType } from '../simulationTypes';
import { type Command } from '../commands';
import { type DatabaseAction } from '../database';
import { createOutlierDetector } from '../mechanisms/models/outlierDetection';
import { getSetting, validateSetting, withSetting } from '../settings';
import { usFromS } from '../engine/time';

import type { Servers } from '../requests/servers';
import type { DatabaseTier } from '../requests/databaseTier';
import type { Targets } from './targets';
import type { LogWriter } from '../output/logWriter';
import type { Events } from '../engine/events';
import type { Monitoring } from '../mechanisms/monitoring';
import type { Validation } from './engineChecks';

/** What createCommandApplier needs from the engine's other parts. */
export interface CommandApplierDeps {
  servers: Pick<Servers, 'crashProcess' | 'dropWork'>;
  databaseTier: Pick<DatabaseTier, 'database' | 'databaseNodes' | 'databaseOptionsOf'>;
  targets: Pick<
    Targets,
    'linkFaulty' | 'resolveLinks' | 'serverBroken' | 'serverLike' | 'targetKind'
  >;
  logWriter: Pick<LogWriter, 'log'>;
  events: Pick<Events, 'pushAt'>;
  monitoring: Pick<Monitoring, 'rebuildAlertEvaluator'>;
  validation: Pick<Validation, 'setProblem'>;
}

export function createCommandApplier(w: World, deps: CommandApplierDeps) {
  const { applied, servers, zones, regions, balancers, targetsByServer, dependency } = w;
  const { crashProcess, dropWork } = deps.servers;
  const { database, databaseNodes, databaseOptionsOf } = deps.databaseTier;
  const { linkFaulty, resolveLinks, serverBroken, serverLike, targetKind } = deps.targets;
  const { log } = deps.logWriter;
  const { pushAt } = deps.events;
  const { rebuildAlertEvaluator } = deps.monitoring;
  const { setProblem } = deps.validation;

  /** Parts that follow a setting live (chaos mode), told after each change is applied. */
  const settingListeners: Array<(path: string) => void> = [];
  /** Calls `listener` with a setting's path each time a `set` changes it. */
  const onSettingChanged = (listener: (path: string) => void): void => {
    settingListeners.push(listener);
  };

  const execute = (command: Command): void => {
    applied.push({ atUs: w.nowUs, command });
    const target = (command as { target?: string }).target;
    if (database && target !== undefined && databaseNodes.has(target)) {
      const error = database.apply({ type: command.type as DatabaseAction, target });
      if (error) log(command.type, target, 'info', `${target}: ${error}`);
      return;
    }
    applyToEngine(command);
    if (
      database &&
      (command.type === 'host-down' ||
        command.type === 'kill-zone' ||
        command.type === 'kill-region' ||
        command.type === 'restore')
    ) {
      // Hosts, zones or regions changed: the database reacts at this instant.
      database.hostsChanged();
    }
  };

  /** Commands on servers, zones, regions, links and settings (database ones are routed away). */
  const applyToEngine = (command: Command): void => {
    switch (command.type) {
      case 'kill': {
        const server = serverLike(command.target)!;
        if (server.process === 'crashed')
          return log('kill', server.info.id, 'info', `${server.info.id} is already crashed`);
        crashProcess(server);
        return log(
          'kill',
          server.info.id,
          'fault',
          `${server.info.id} process crashed: connections are refused at once`,
        );
      }
      case 'host-down': {
        const server = serverLike(command.target)!;
        if (!server.hostUp)
          return log('host-down', server.info.id, 'info', `${server.info.id} host is already down`);
        server.hostUp = false;
        dropWork(server, false);
        return log(
          'host-down',
          server.info.id,
          'fault',
          `${server.info.id} host went down: nothing answers, callers wait for their timeout`,
        );
      }
      case 'slow': {
        const server = serverLike(command.target)!;
        server.slowFactor = command.factor;
        return log(
          'slow',
          server.info.id,
          'fault',
          `${server.info.id} is slow: requests take ${command.factor}x longer (health checks still pass)`,
        );
      }
      case 'errors': {
        const server = serverLike(command.target)!;
        server.errorFraction = command.percent / 100;
        return log(
          'errors',
          server.info.id,
          'fault',
          `${server.info.id} answers ${command.percent}% of requests with a fast error (health checks still pass)`,
        );
      }
      case 'flap': {
        const server = serverLike(command.target)!;
        server.flapPeriodUs = usFromS(command.periodS);
        server.flapEpoch++;
        log(
          'flap',
          server.info.id,
          'fault',
          `${server.info.id} starts flapping: crashes and restarts every ${command.periodS / 2} s`,
        );
        return flapToggle(server);
      }
      case 'weight': {
        for (const target of targetsByServer.get(command.target) ?? []) {
          target.weight = command.weight;
          target.balancer.eligible = null;
          target.balancer.weighted = { currentWeights: {} };
        }
        return log(
          'weight',
          command.target,
          'info',
          `${command.target} now has weight ${command.weight}`,
        );
      }
      case 'kill-zone': {
        const zone = zones.get(command.target)!;
        if (zone.down)
          return log('kill-zone', zone.info.id, 'info', `zone ${zone.info.id} is already down`);
        zone.down = true;
        for (const server of zone.servers) dropWork(server, false);
        return log(
          'kill-zone',
          zone.info.id,
          'fault',
          `zone ${zone.info.id} is down: its ${zone.servers.length} servers stop answering at once`,
        );
      }
      case 'kill-region': {
        const region = regions.get(command.target)!;
        if (region.down)
          return log(
            'kill-region',
            region.info.id,
            'info',
            `region ${region.info.id} is already down`,
          );
        region.down = true;
        for (const zone of region.zones) for (const server of zone.servers) dropWork(server, false);
        return log(
          'kill-region',
          region.info.id,
          'fault',
          `region ${region.info.id} is down: ${region.balancer.info.id} and every server in it stop at once`,
        );
      }
      case 'cut': {
        for (const { link, forward } of resolveLinks(command.target)) {
          if (!command.oneWay || forward) link.cutForward = true;
          if (!command.oneWay || !forward) link.cutBackward = true;
        }
        const how = command.oneWay
          ? 'one way: messages in that direction are lost'
          : 'both ways: a partition';
        return log('cut', command.target, 'fault', `link ${command.target} cut ${how}`);
      }
      case 'latency': {
        for (const { link } of resolveLinks(command.target)) link.addedLatencyMs = command.addedMs;
        return log(
          'latency',
          command.target,
          'fault',
          `link ${command.target} has +${command.addedMs} ms latency`,
        );
      }
      case 'loss': {
        for (const { link } of resolveLinks(command.target))
          link.lossFraction = command.percent / 100;
        return log(
          'loss',
          command.target,
          'fault',
          `link ${command.target} drops ${command.percent}% of messages`,
        );
      }
      case 'rate': {
        const was = w.settings.traffic.arrivalRatePerS;
        w.settings = withSetting(w.settings, 'traffic.arrivalRatePerS', command.perS);
        return log(
          'rate',
          'users',
          'fault',
          `arrival rate is now ${command.perS} req/s (was ${was})`,
        );
      }
      case 'restore':
        return restore(command.target);
      case 'disk-fail':
      case 'isolate':
      case 'promote':
        return; // database commands are routed in execute
      case 'set': {
        // Checked again now: a scheduled `set` was checked against the settings of its
        // scheduling, and the commands before it may have made it invalid. Refused, the
        // setting keeps its value, so settings and database options never disagree.
        const problem = setProblem(command.path, command.value);
        if (problem) {
          return log(
            'set',
            command.path,
            'info',
            `setting ${command.path} = ${String(command.value)} not applied: ${problem}`,
          );
        }
        const checked = validateSetting(command.path, command.value);
        const previous = getSetting(w.settings, command.path);
        w.settings = withSetting(w.settings, command.path, checked.value!);
        settingChanged(command.path);
        return log(
          'set',
          command.path,
          'info',
          `setting ${command.path} = ${checked.value} (was ${previous})`,
        );
      }
    }
  };

  /** Mechanisms built from settings start afresh when their settings change. */
  const settingChanged = (path: string): void => {
    if (
      path === 'slo.target' ||
      path === 'alerts.windowScale' ||
      path === 'degradation.countsAsAvailable'
    ) {
      rebuildAlertEvaluator();
    }
    if (path.startsWith('breaker.')) {
      for (const server of servers.values()) server.breaker = null;
    }
    if (path.startsWith('outlier.')) {
      for (const balancer of balancers.values())
        balancer.outliers = createOutlierDetector(outlierOptions(w.settings));
    }
    if (path.startsWith('database.') && database) {
      // Checked by setProblem before the change, so it cannot be refused here; if it
      // were, the screen would show settings the database does not run.
      const refused = database.setOptions(databaseOptionsOf(w.settings.database));
      if (refused) throw new Error(`database options out of step with ${path}: ${refused}`);
    }
    if (path === 'balancer.panicThresholdPercent') {
      for (const balancer of balancers.values()) balancer.eligible = null;
    }
    for (const listener of settingListeners) listener(path);
  };

  const flapToggle = (server: ServerState): void => {
    if (server.process === 'up') {
      crashProcess(server);
      log('flap-down', server.info.id, 'info', `${server.info.id} (flapping) crashed`);
    } else {
      server.process = 'up';
      log('flap-up', server.info.id, 'info', `${server.info.id} (flapping) restarted`);
    }
    // Division, not `>> 1`: periods up to an hour exceed 32 bits of microseconds.
    const e = pushAt(FLAP_TOGGLE, Math.max(1, Math.floor(server.flapPeriodUs / 2)));
    e.server = server;
    e.epoch = server.flapEpoch;
  };

  const restore = (target: string): void => {
    const server = serverLike(target);
    if (server) {
      const wasBroken = serverBroken(server);
      // Say what actually changed: a slow or erroring server never refused connections.
      const changes: string[] = [];
      if (!server.hostUp) changes.push('the host is up again');
      if (server.flapPeriodUs > 0) changes.push('it stops flapping');
      if (server.process === 'crashed' || !server.hostUp)
        changes.push('the process accepts connections again');
      if (server.slowFactor !== 1) changes.push('it serves at normal speed again');
      if (server.errorFraction > 0) changes.push('it stops answering with errors');
      server.flapEpoch++;
      server.flapPeriodUs = 0;
      server.slowFactor = 1;
      server.errorFraction = 0;
      server.process = 'up';
      server.hostUp = true;
      if (!wasBroken) return log('restore', target, 'info', `${target} is already up`);
      return log('restore', target, 'recovery', `${target} restored: ${changes.join(', ')}`);
    }
    const zone = zones.get(target);
    if (zone) {
      if (!zone.down) return log('restore', target, 'info', `zone ${target} is already up`);
      zone.down = false;
      return log(
        'restore',
        target,
        'recovery',
        `zone ${target} restored: health checks decide when traffic returns`,
      );
    }
    const region = regions.get(target);
    if (region) {
      if (!region.down) return log('restore', target, 'info', `region ${target} is already up`);
      region.down = false;
      return log(
        'restore',
        target,
        'recovery',
        `region ${target} restored: health checks decide when traffic returns`,
      );
    }
    const resolved = resolveLinks(target);
    const wasFaulty = resolved.some(({ link }) => linkFaulty(link));
    for (const { link } of resolved) {
      link.cutForward = false;
      link.cutBackward = false;
      link.addedLatencyMs = 0;
      link.lossFraction = 0;
    }
    if (!wasFaulty) return log('restore', target, 'info', `link ${target} is already healthy`);
    log('restore', target, 'recovery', `link ${target} restored`);
  };

  const actionsFor = (target: string): ActionType[] => {
    if (database && databaseNodes.has(target)) return database.actionsFor(target);
    const server = serverLike(target);
    if (server) {
      const actions: ActionType[] = [];
      if (server.process === 'up' && server.flapPeriodUs === 0) actions.push('kill');
      if (server.hostUp) actions.push('host-down');
      if (server.slowFactor === 1) actions.push('slow');
      if (server.errorFraction === 0) actions.push('errors');
      if (server.flapPeriodUs === 0 && server !== dependency) actions.push('flap');
      if (serverBroken(server)) actions.push('restore');
      return actions;
    }
    const zone = zones.get(target);
    if (zone) return zone.down ? ['restore'] : ['kill-zone'];
    const region = regions.get(target);
    if (region) return region.down ? ['restore'] : ['kill-region'];
    if (targetKind(target) === 'link') {
      const resolved = resolveLinks(target);
      const actions: ActionType[] = [];
      if (!resolved.every(({ link }) => link.cutForward && link.cutBackward)) actions.push('cut');
      actions.push('latency', 'loss');
      if (resolved.some(({ link }) => linkFaulty(link))) actions.push('restore');
      return actions;
    }
    return [];
  };

  return { execute, flapToggle, actionsFor, onSettingChanged };
}

export type CommandApplier = ReturnType<typeof createCommandApplier>;
