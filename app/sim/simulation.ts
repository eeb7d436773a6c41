/**
 * The discrete-event engine. A user request is a chain of events: the client's
 * attempts, the balancer's tries on servers, a server's calls to its dependency, and
 * the replies back. Health checks, DNS checks, probes, the per-second tick and
 * scheduled commands are events too. `runUntil` is pure stepping: only app/driver
 * decides when to call it.
 *
 * Layers, each with its own timeout, retries, backoff and budget:
 *   users --attempt--> balancer --try--> app server --call--> dependency (payments)
 */
import { requestAvailability } from './availability';
import {
  ARRIVAL,
  AT_BALANCER,
  AT_SERVER,
  SERVICE_DONE,
  REPLY_AT_BALANCER,
  REPLY_AT_USER,
  CHECK_SEND,
  CHECK_RESULT,
  COMMAND,
  DROPPED,
  FLAP_TOGGLE,
  DNS_CHECK,
  PROBE,
  SECOND_TICK,
  TRY_TIMEOUT,
  AT_DEPENDENCY,
  DEPENDENCY_DONE,
  DEPENDENCY_REPLY,
  DEPENDENCY_TIMEOUT,
  CLIENT_RETRY,
  BALANCER_RETRY,
  SERVER_RETRY,
  CALLBACK,
  COMMAND_PHASE,
  DNS_CACHES_PER_GROUP,
  DELIVERED_MAX,
  serverAlive,
  outlierOptions,
  createWorld,
  type SimEvent,
  type LinkState,
  type ServerState,
} from './engine/world';
import type {
  ActionType,
  ApplyResult,
  Simulation,
  SimulationInput,
  SimulationOptions,
} from './simulationTypes';
import { breakerState } from './circuitBreaker';
import { actionSpec, describeCommand, type Command } from './commands';
import { type Database, type DatabaseAction } from './database';
import { validateDatabaseOptions } from './databaseOptions';
import { entryBeforeEvent } from './eventQueue';
import { createOutlierDetector, outlierIsEjected } from './outlierDetection';
import { FAILURE_REASONS, type SeriesBucket } from './series';
import { getSetting, validateSetting, withSetting } from './settings';
import { budgetBurntFraction, burnRate, errorRate } from './slo';
import type {
  BreakerView,
  ComponentView,
  LinkView,
  MessageView,
  Metrics,
  SeriesPoint,
  Snapshot,
  TargetView,
  UserGroupMetrics,
} from './snapshot';
import { sFromUs, US_PER_MS, US_PER_S, usFromMs, usFromS } from './time';
import { linkId } from './topology';

import { createEvents } from './engine/events';
import { createLogWriter } from './output/logWriter';
import { createNetwork } from './requests/network';
import { createDatabaseTier } from './requests/databaseTier';
import { createRetries } from './mechanisms/retries';
import { createDns } from './requests/dns';
import { createClients } from './requests/clients';
import { createBalancers } from './requests/balancers';
import { createServers } from './requests/servers';
import { createBreakers } from './mechanisms/circuitBreakers';
import { createIdempotency } from './mechanisms/idempotency';
import { createDependencyCalls } from './requests/dependency';
import { createHealthChecks } from './mechanisms/healthChecks';
import { createMonitoring } from './mechanisms/monitoring';

export * from './simulationTypes';

/** Creates a simulation of `input` seeded with `options.seed`. */
export function createSimulation(input: SimulationInput, options: SimulationOptions): Simulation {
  const w = createWorld(input, options);
  const {
    seed,
    trackMessages,
    componentInfos,
    linkInfos,
    componentById,
    trafficManagerId,
    checkRandom,
    dnsRandom,
    faultRandom,
    queue,
    clientTimeouts,
    inTransit,
    delivered,
    series,
    latency,
    serverTimeHistogram,
    dependencyTimeHistogram,
    logEntries,
    applied,
    failedBy,
    retriesBy,
    links,
    servers,
    zones,
    regions,
    balancers,
    targetsByServer,
    dependency,
    regionList,
    groups,
    shareTotal,
  } = w;

  const events = createEvents(w);
  const { releaseEvent, makeEvent, push, pushAt } = events;
  const logWriter = createLogWriter(w);
  const { log } = logWriter;
  const network = createNetwork(w, { makeEvent, push });
  const { hopUs, regionHopMs, userHopMs, lostOn, kindOf, send } = network;
  const databaseTier = createDatabaseTier(w, { hopUs, log, pushAt });
  const { databaseOptionsOf, databaseNodes, database } = databaseTier;
  const retries = createRetries(w);
  const { budgetRequest, budgetOutcome, retryDelayUs } = retries;
  const dns = createDns(w, { log, pushAt, send });
  const { dnsAnswer, regionFor, dnsCheck } = dns;
  const clients = createClients(w, {
    budgetOutcome,
    budgetRequest,
    retryDelayUs,
    pushAt,
    regionFor,
    send,
    userHopMs,
  });
  const { scheduleNextArrival, startUserRequest, startAttempt, attemptFinished, clientTimeout } =
    clients;
  const balancers_ = createBalancers(w, {
    budgetOutcome,
    budgetRequest,
    retryDelayUs,
    log,
    pushAt,
    regionHopMs,
    send,
    userHopMs,
  });
  const { startTry, tryFinished } = balancers_;
  const servers_ = createServers(w, { database, pushAt, regionHopMs, send });
  const {
    releaseWorker,
    admit,
    replyFromServer,
    replyFromDependency,
    dependencyLink,
    databaseStep,
    completeTry,
    dropWork,
    crashProcess,
  } = servers_;
  const breakers = createBreakers(w, { log });
  const { breakerFor, logBreaker } = breakers;
  const idempotency = createIdempotency(w);
  const { chargeCard, forgetCharges } = idempotency;
  const dependencyCalls = createDependencyCalls(w, {
    breakerFor,
    logBreaker,
    budgetOutcome,
    budgetRequest,
    retryDelayUs,
    completeTry,
    databaseStep,
    dependencyLink,
    pushAt,
    send,
  });
  const { serviceDone, callDependency, dependencyResult } = dependencyCalls;
  const healthChecks = createHealthChecks(w, { hopUs, lostOn, regionHopMs, log, pushAt });
  const { scheduleCheck, sendCheck, checkResult } = healthChecks;
  const monitoring = createMonitoring(w, { forgetCharges, log, makeEvent, push });
  const { rebuildAlertEvaluator, secondTick, pushSecondTick } = monitoring;
  // ---- the parts above are wired in dependency order ----

  // ---- helpers ----

  /**
   * Handled events, cleared, for `makeEvent` to reuse: a request makes about seven
   * events, and allocating them was most of the engine's garbage. Reuse is safe because
   * nothing keeps an event once it has been handled: the queue has popped it, the
   * in-transit set has dropped it (message views are copies), and handlers only read
   * the event they are given (they keep its payload, never the event). `runUntil`
   * releases each event right after handling it.
   */

  const countsAsGood = (outcome: 'ok' | 'degraded'): boolean =>
    outcome === 'ok' || w.settings.degradation.countsAsAvailable === 'on';

  // ---- retries: policy, backoff and budgets, shared by the three layers ----

  // ---- users (client layer) ----

  // ---- balancers ----

  // ---- app servers and the dependency ----

  // ---- health checks ----

  // ---- monitoring: SLO burn-rate alerts on completed seconds ----

  // ---- DNS: which region a user group is sent to ----

  // ---- commands ----
  /**
   * Resolves a link target: `FROM->TO` names a link (either direction), and
   * `BALANCER->ZONE` every link from that balancer into the zone. `forward` says
   * whether the named direction is the link's own.
   */
  const resolveLinks = (target: string): Array<{ link: LinkState; forward: boolean }> => {
    const direct = links.get(target);
    if (direct) return [{ link: direct, forward: true }];
    const [from, to] = target.split('->');
    if (from === undefined || to === undefined) return [];
    const reverse = links.get(linkId(to, from));
    if (reverse) return [{ link: reverse, forward: false }];
    const zone = zones.get(to);
    const balancer = balancers.get(from);
    if (zone && balancer) {
      return zone.servers
        .map((s) => links.get(linkId(from, s.info.id)))
        .filter((l): l is LinkState => l !== undefined)
        .map((link) => ({ link, forward: true }));
    }
    return [];
  };

  const targetKind = (target: string): string | null => {
    const info = componentById.get(target);
    if (info) return info.kind;
    return resolveLinks(target).length > 0 ? 'link' : null;
  };

  /** The app server or the dependency with this id. */
  const serverLike = (id: string): ServerState | undefined =>
    servers.get(id) ?? (dependency && dependency.info.id === id ? dependency : undefined);

  const numberIn = (value: unknown, min: number, max: number, what: string): string | null =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? null
      : `${what} must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`;

  /**
   * Whether setting `path` to `value` is allowed now: the value in its range, and the
   * whole configuration it leads to from the settings in force at this moment (a
   * scheduled `set` is checked again when it runs, after the commands before it).
   */
  const setProblem = (path: string, value: unknown): string | null => {
    const error = validateSetting(path, value).error;
    if (error || !path.startsWith('database.')) return error;
    if (path === 'database.conflictMode') {
      return 'database.conflictMode is fixed for a run: choose it in the scenario (or with --set before the run)';
    }
    const next = withSetting(w.settings, path, validateSetting(path, value).value!);
    return database
      ? validateDatabaseOptions(databaseOptionsOf(next.database), databaseNodes.size)
      : null;
  };

  const validate = (command: Command): string | null => {
    if (command === null || typeof command !== 'object') return 'a command must be a record';
    if (command.type === 'set') return setProblem(command.path, command.value);
    if (command.type === 'rate') return numberIn(command.perS, 1, 5000, 'the arrival rate (req/s)');
    if (command.type === 'weight') {
      if (!servers.has(command.target)) return `unknown server "${command.target}"`;
      return numberIn(command.weight, 0, 100, 'the weight');
    }
    const spec = actionSpec(command.type);
    if (!spec) return `unknown command type "${(command as { type: unknown }).type}"`;
    const target = (command as { target?: unknown }).target;
    if (typeof target !== 'string') return `${command.type} needs a target`;
    if (database && databaseNodes.has(target)) {
      if (!(spec.kinds as readonly string[]).includes('database')) {
        return `cannot ${command.type} database ${target} (${command.type} applies to a ${spec.kinds.join(' or ')})`;
      }
      return database.validate({ type: command.type as DatabaseAction, target });
    }
    const kind = targetKind(target);
    if (kind === null) {
      return target.includes('->') ? `unknown link "${target}"` : `unknown target "${target}"`;
    }
    if (!(spec.kinds as readonly string[]).includes(kind)) {
      const where = spec.kinds.join(' or ');
      return `cannot ${command.type} ${kind} ${target} (${command.type} applies to a ${where})`;
    }
    switch (command.type) {
      case 'slow':
        return numberIn(command.factor, 1, 1000, 'the slowdown factor');
      case 'flap':
        return numberIn(command.periodS, 0.1, 3600, 'the flapping period (s)');
      case 'latency':
        return numberIn(command.addedMs, 0, 60000, 'the added latency (ms)');
      case 'loss':
        return numberIn(command.percent, 0, 100, 'the loss percentage');
      case 'errors':
        return numberIn(command.percent, 0, 100, 'the error percentage');
      default:
        return null;
    }
  };

  const linkFaulty = (link: LinkState): boolean =>
    link.cutForward || link.cutBackward || link.addedLatencyMs > 0 || link.lossFraction > 0;

  const serverBroken = (server: ServerState): boolean =>
    server.process === 'crashed' ||
    !server.hostUp ||
    server.slowFactor !== 1 ||
    server.flapPeriodUs > 0 ||
    server.errorFraction > 0;

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

  // ---- the event loop ----
  const handle = (e: SimEvent): void => {
    switch (e.type) {
      case ARRIVAL: {
        const group = e.group!;
        w.total++;
        group.total++;
        series.at(w.nowUs).arrived++;
        const user = startUserRequest(group, false);
        w.inFlight++;
        if (user.needsDependency) w.usersNeedingDependency++;
        scheduleNextArrival(group);
        return;
      }
      case PROBE: {
        const group = e.group!;
        startUserRequest(group, true);
        pushAt(PROBE, usFromMs(w.settings.monitoring.probeIntervalMs)).group = group;
        return;
      }
      case SECOND_TICK:
        return secondTick();
      case CLIENT_RETRY:
        if (!e.user!.done) startAttempt(e.user!);
        return;
      case AT_BALANCER: {
        const attempt = e.attempt!;
        if (attempt.balancer.region.down) return; // nothing answers in a dead region
        if (attempt.done) return; // the user gave up and closed the connection
        return startTry(attempt);
      }
      case BALANCER_RETRY: {
        const attempt = e.attempt!;
        if (attempt.done || attempt.balancer.region.down) return;
        return startTry(attempt);
      }
      case AT_SERVER: {
        const try_ = e.try_!;
        const server = try_.target.server;
        if (!serverAlive(server)) return; // a dead host answers nothing
        if (server.process === 'crashed') return replyFromServer(try_, 'refused');
        if (server.errorFraction > 0 && faultRandom.chance(server.errorFraction)) {
          return replyFromServer(try_, 'error');
        }
        if (
          w.settings.server.shedding === 'on' &&
          server.inService.length >= w.settings.server.workers &&
          server.queue.length - server.queueHead >= w.settings.server.queueLimit
        ) {
          // Reject at once (503) rather than queue work that would time out anyway.
          return replyFromServer(try_, 'shed');
        }
        try_.atServerUs = w.nowUs;
        return admit(server, try_);
      }
      case SERVICE_DONE: {
        const server = e.server!;
        if (e.epoch !== server.epoch) return; // the process or host died meanwhile
        return serviceDone(server, e.try_!);
      }
      case SERVER_RETRY: {
        const server = e.server!;
        if (e.epoch !== server.epoch) return;
        return callDependency(server, e.try_!, e.probe!);
      }
      case AT_DEPENDENCY: {
        const call = e.call!;
        const dep = dependency!;
        if (!serverAlive(dep)) return;
        if (dep.process === 'crashed') return replyFromDependency(call, 'refused');
        if (dep.errorFraction > 0 && faultRandom.chance(dep.errorFraction))
          return replyFromDependency(call, 'error');
        return admit(dep, call);
      }
      case DEPENDENCY_DONE: {
        const dep = e.server!;
        if (e.epoch !== dep.epoch) return;
        const call = e.call!;
        // The side effect happens here, whether or not anyone still waits for the answer.
        chargeCard(call.try_.attempt.user);
        if (call.done) dep.wastedWork++;
        releaseWorker(dep, call);
        return replyFromDependency(call, 'ok');
      }
      case DEPENDENCY_REPLY: {
        const call = e.call!;
        if (call.done || call.epoch !== call.server.epoch) return; // too late, or the caller died
        return dependencyResult(call, e.outcome!);
      }
      case DEPENDENCY_TIMEOUT: {
        const call = e.call!;
        if (call.done || call.epoch !== call.server.epoch) return;
        return dependencyResult(call, 'timeout');
      }
      case REPLY_AT_BALANCER: {
        const try_ = e.try_!;
        if (try_.attempt.balancer.region.down || try_.done) return;
        return tryFinished(try_, e.outcome!);
      }
      case TRY_TIMEOUT: {
        const try_ = e.try_!;
        if (try_.done) return;
        // Envoy answers 504 when its per-try timeout fires and no retry is left.
        return tryFinished(try_, 'timeout');
      }
      case REPLY_AT_USER: {
        const attempt = e.attempt!;
        if (!attempt.done) attemptFinished(attempt, e.outcome!);
        return;
      }
      case CHECK_SEND:
        return sendCheck(e.target!);
      case CHECK_RESULT:
        if (e.probe === e.target!.probeSeq) checkResult(e.target!, e.outcome!);
        return;
      case COMMAND:
        return execute(e.command!);
      case DROPPED:
        return; // only drawn
      case FLAP_TOGGLE:
        if (e.epoch === e.server!.flapEpoch) flapToggle(e.server!);
        return;
      case DNS_CHECK:
        return dnsCheck(e.region!);
      case CALLBACK:
        return e.fn!();
    }
  };

  const runUntil = (untilUs: number): void => {
    // The clock is whole microseconds: a driver's fractional frame time is floored, so
    // a command applied live lands on the same microsecond a replay schedules it at.
    const timeUs = Math.floor(untilUs);
    for (;;) {
      // A timeout whose attempt is over would do nothing when due (`done` never goes
      // back to false), so it is dropped now: only live timeouts are ever handled.
      while (clientTimeouts.size > 0 && clientTimeouts.first().done) clientTimeouts.shift();
      const next = queue.peek();
      if (
        clientTimeouts.size > 0 &&
        (next === undefined ||
          entryBeforeEvent(clientTimeouts.firstTimeUs(), clientTimeouts.firstSeq(), next))
      ) {
        if (clientTimeouts.firstTimeUs() > timeUs) break;
        w.nowUs = clientTimeouts.firstTimeUs();
        clientTimeout(clientTimeouts.shift());
        continue;
      }
      if (next === undefined || next.timeUs > timeUs) break;
      queue.pop();
      w.nowUs = next.timeUs;
      if (trackMessages && next.from !== undefined) {
        inTransit.delete(next);
        const view = messageView(next);
        if (delivered.length < DELIVERED_MAX) delivered.push(view);
        else delivered[w.deliveredNext] = view;
        w.deliveredNext = (w.deliveredNext + 1) % DELIVERED_MAX;
      }
      handle(next);
      releaseEvent(next); // handled: nothing refers to it any more (see eventPool)
    }
    if (timeUs > w.nowUs) w.nowUs = timeUs;
  };

  // ---- the database tier (a sub-model with its own events, through CALLBACK) ----

  // ---- start ----
  for (const group of groups) scheduleNextArrival(group);
  for (const group of groups) {
    pushAt(PROBE, checkRandom.int(usFromMs(w.settings.monitoring.probeIntervalMs)) + 1).group =
      group;
  }
  pushSecondTick();
  for (const balancer of balancers.values()) {
    for (const target of balancer.targets) {
      // Stagger first checks over one interval, as real checkers do.
      scheduleCheck(target, checkRandom.int(usFromMs(w.settings.healthCheck.intervalMs)) + 1);
    }
  }
  if (trafficManagerId) {
    const ttlUs = usFromS(w.settings.trafficManager.dnsTtlS);
    for (const group of groups) {
      const answer = dnsAnswer(group);
      for (let i = 0; i < DNS_CACHES_PER_GROUP; i++) {
        group.dnsCaches.push({ region: answer, expiresUs: dnsRandom.int(ttlUs + 1) });
      }
    }
    for (const region of regionList) {
      pushAt(
        DNS_CHECK,
        checkRandom.int(usFromMs(w.settings.trafficManager.intervalMs)) + 1,
      ).region = region;
    }
  }

  const schedule = (atUs: number, command: Command): ApplyResult => {
    const error = validate(command);
    if (error) return { ok: false, error };
    if (!Number.isFinite(atUs) || atUs < w.nowUs)
      return { ok: false, error: 'a command cannot be scheduled in the past' };
    const e = makeEvent(COMMAND, Math.round(atUs));
    e.phase = COMMAND_PHASE;
    e.command = command;
    push(e);
    return { ok: true };
  };

  for (const fault of input.faults ?? []) {
    const result = schedule(fault.atUs, fault.command);
    if (!result.ok)
      throw new Error(`fault script: ${describeCommand(fault.command)}: ${result.error}`);
  }

  // ---- read-only views ----
  /** A travelling (or just delivered) message as views see it. */
  const messageView = (e: SimEvent): MessageView => {
    const user = e.user!;
    const lost = e.type === DROPPED;
    const forward = e.type === AT_BALANCER || e.type === AT_SERVER || e.type === AT_DEPENDENCY;
    const late = e.attempt?.done ?? e.try_?.done ?? e.call?.done ?? user.done;
    return {
      id: `${user.id}:${e.seq}`,
      requestId: user.id,
      from: e.from!,
      to: e.to!,
      sentUs: e.sentUs!,
      arrivesUs: lost ? e.sentUs! + 2 * (e.timeUs - e.sentUs!) : e.timeUs,
      kind: lost ? e.lostKind! : kindOf(forward, e.outcome),
      late,
      lost,
      probe: user.probe,
    };
  };

  const deliveredSince = (fromUs: number): MessageView[] => {
    const ordered =
      delivered.length < DELIVERED_MAX
        ? delivered
        : [...delivered.slice(w.deliveredNext), ...delivered.slice(0, w.deliveredNext)];
    // A lost message "ends" at its drop point, the middle of sentUs..arrivesUs.
    const endOf = (m: MessageView): number => (m.lost ? (m.sentUs + m.arrivesUs) / 2 : m.arrivesUs);
    return ordered.filter((m) => endOf(m) > fromUs);
  };

  const serverStateWord = (server: ServerState): string => {
    if (server.zone?.region.down) return 'down (region)';
    if (server.zone?.down) return 'down (zone)';
    if (!server.hostUp) return 'host down';
    const words: string[] = [];
    if (server.flapPeriodUs > 0)
      words.push(`flapping, ${server.process === 'crashed' ? 'crashed' : 'up'}`);
    else if (server.process === 'crashed') words.push('crashed');
    if (server.slowFactor !== 1) words.push(`slow x${server.slowFactor}`);
    if (server.errorFraction > 0)
      words.push(`failing ${Number((server.errorFraction * 100).toFixed(2))}%`);
    return words.length > 0 ? words.join(', ') : 'up';
  };

  const linkStateWord = (link: LinkState): string => {
    const words: string[] = [];
    if (link.cutForward && link.cutBackward) words.push('cut');
    else if (link.cutForward) words.push(`cut one way (${link.info.from} to ${link.info.to})`);
    else if (link.cutBackward) words.push(`cut one way (${link.info.to} to ${link.info.from})`);
    if (link.addedLatencyMs > 0) words.push(`+${link.addedLatencyMs} ms`);
    if (link.lossFraction > 0) words.push(`${Number((link.lossFraction * 100).toFixed(2))}% loss`);
    return words.length > 0 ? words.join(', ') : 'ok';
  };

  const breakerView = (server: ServerState): BreakerView | undefined =>
    w.settings.breaker.enabled === 'on' && dependency
      ? {
          state: server.breaker ? breakerState(server.breaker, w.nowUs) : 'CLOSED',
          transitions: server.breakerTransitions,
        }
      : undefined;

  const snapshot = (): Snapshot => {
    const databaseView = database?.view();
    // Active-passive: the active region is the one the traffic manager now answers with
    // (the first it considers healthy), so after a failover the old standby is active.
    const activeRegion =
      w.settings.regions.mode === 'active-passive'
        ? (regionList.find((r) => r.dnsHealthy) ?? regionList[0])
        : undefined;
    const components: ComponentView[] = componentInfos.map((info) => {
      const base = { ...info, healthy: true, inService: 0, queued: 0, served: 0 };
      const server = serverLike(info.id);
      if (server) {
        const targets = targetsByServer.get(info.id) ?? [];
        return {
          ...base,
          state: serverStateWord(server),
          healthy: targets.every((t) => t.healthy),
          inService: server.inService.length,
          queued: server.queue.length - server.queueHead,
          served: server.served,
          breaker: breakerView(server),
          weight: targets[0]?.weight,
        };
      }
      const node = databaseView?.nodes.find((n) => n.id === info.id);
      if (node) {
        return {
          ...base,
          state: node.state,
          healthy: node.role !== 'down',
          databaseRole: node.role,
          lagMs: node.lagMs,
          lagWrites: node.lagWrites,
          appliedWrites: node.appliedWrites,
        };
      }
      const zone = zones.get(info.id);
      if (zone) return { ...base, state: zone.down || zone.region.down ? 'down' : 'up' };
      const region = regions.get(info.id);
      if (region) {
        const role =
          activeRegion === undefined ? 'active' : region === activeRegion ? 'active' : 'standby';
        return {
          ...base,
          state: region.down ? 'down' : 'up',
          healthy: region.dnsHealthy,
          // A dead region has no role worth naming: "down" says it all.
          role: trafficManagerId && !region.down ? role : undefined,
        };
      }
      const balancer = balancers.get(info.id);
      if (balancer) return { ...base, state: balancer.region.down ? 'down' : 'up' };
      const group = groups.find((g) => g.id === info.id);
      if (group && trafficManagerId) {
        const counts: Record<string, number> = {};
        for (const cache of group.dnsCaches)
          counts[cache.region.info.id] = (counts[cache.region.info.id] ?? 0) + 1;
        const dnsShares = Object.fromEntries(
          Object.entries(counts).map(([region, n]) => [region, n / group.dnsCaches.length]),
        );
        return { ...base, state: 'up', dnsShares };
      }
      return { ...base, state: 'up' };
    });
    const linkViews: LinkView[] = linkInfos.map((info) => {
      const link = links.get(info.id)!;
      return {
        ...info,
        state: linkStateWord(link),
        cutForward: link.cutForward,
        cutBackward: link.cutBackward,
        addedLatencyMs: link.addedLatencyMs,
        lossPercent: link.lossFraction * 100,
      };
    });
    const targets: TargetView[] = [];
    for (const balancer of balancers.values()) {
      for (const t of balancer.targets) {
        targets.push({
          balancer: balancer.info.id,
          server: t.server.info.id,
          healthy: t.healthy,
          ejected:
            w.settings.outlier.enabled === 'on' &&
            outlierIsEjected(balancer.outliers, t.id, w.nowUs),
          weight: t.weight,
          consecutiveFails: t.consecutiveFails,
          consecutiveOks: t.consecutiveOks,
          lastCheckOk: t.lastCheckOk,
          outstanding: t.outstanding,
          routed: t.routed,
        });
      }
    }
    const messages: MessageView[] = [];
    for (const e of inTransit) messages.push(messageView(e));
    return Object.freeze({
      nowUs: w.nowUs,
      seed,
      components: Object.freeze(components),
      links: Object.freeze(linkViews),
      targets: Object.freeze(targets),
      failingOpen: [...balancers.values()].filter((b) => b.failingOpen).map((b) => b.info.id),
      messages: Object.freeze(messages),
      regionMode: w.settings.regions.mode,
      database: databaseView,
    });
  };

  const pointOf = (b: SeriesBucket): SeriesPoint =>
    Object.freeze({
      startS: b.startS,
      arrived: b.arrived,
      succeeded: b.succeeded,
      degraded: b.degraded,
      failed: b.failed,
      p50Ms: b.latency.quantileUs(0.5) / US_PER_MS,
      p95Ms: b.latency.quantileUs(0.95) / US_PER_MS,
      p99Ms: b.latency.quantileUs(0.99) / US_PER_MS,
    });

  /**
   * Chart points of the completed seconds, made once each: a second that has ended
   * never changes (everything is recorded at the current time), so a report only
   * converts the seconds completed since the previous one and its cost stays flat as
   * the run grows (it was a point per second of the whole run on every report).
   */
  const seriesPoints: SeriesPoint[] = [];
  /** Seconds of per-second latency kept: the longest window a report reads (10 min). */
  const LATENCY_KEPT_S = 600;
  /** The last series handed out: shared while no second has completed since. */
  let publishedSeries: readonly SeriesPoint[] = Object.freeze([]);
  const completedSeries = (): readonly SeriesPoint[] => {
    // The bucket still filling is left out of the chart so its last point is not a dip.
    const complete = Math.min(series.buckets.length, Math.floor(w.nowUs / US_PER_S));
    for (let i = seriesPoints.length; i < complete; i++) {
      seriesPoints.push(pointOf(series.buckets[i]!));
    }
    // Seconds with a point and out of the 10-minute window need no latency histogram.
    series.releaseLatencyBefore(
      Math.min(seriesPoints.length, Math.floor(w.nowUs / US_PER_S) - LATENCY_KEPT_S),
    );
    if (publishedSeries.length !== seriesPoints.length) {
      // A copy of references (frozen points), not of points: each report keeps its own
      // series, which later seconds do not lengthen.
      publishedSeries = Object.freeze(seriesPoints.slice());
    }
    return publishedSeries;
  };

  /** Request-based availability, with degraded answers counted as the user chose. */
  const availabilityOf = (ok: number, deg: number, bad: number): number =>
    countsAsGood('degraded')
      ? requestAvailability(ok + deg, bad)
      : requestAvailability(ok, deg + bad);

  const dataMetrics = (db: Database): Metrics['data'] => {
    const m = db.metrics();
    return {
      writesIssued: m.writesIssued,
      writesAcked: m.writesAcked,
      writesFailed: m.writesFailed,
      writesLost: m.writesLost,
      readsServed: m.readsServed,
      readsFailed: m.readsFailed,
      staleReads: m.staleReads,
      lostUpdates: m.lostUpdates,
      splitBrainWrites: m.splitBrainWrites,
      failovers: m.failovers,
    };
  };

  const metrics = (): Metrics => {
    const {
      evaluator: alertEvaluator,
      firing: firingAlerts,
      secondsObserved,
    } = monitoring.alertState();
    const window = series.window(w.nowUs - 60 * US_PER_S, w.nowUs);
    // Counts only: the 10-minute window shows no latency, and summing 600 histograms
    // was most of a report's cost.
    const window10m = series.window(w.nowUs - 600 * US_PER_S, w.nowUs, false);
    let wastedWork = dependency?.wastedWork ?? 0;
    for (const s of servers.values()) wastedWork += s.wastedWork;
    const userGroups: UserGroupMetrics[] = groups.map((g) => ({
      id: g.id,
      total: g.total,
      succeeded: g.succeeded,
      degraded: g.degraded,
      failed: g.failed,
      availability: availabilityOf(g.succeeded, g.degraded, g.failed),
      errorSeconds: g.errorSeconds,
      timedOut: g.timedOut,
      timeAvailability: g.uptime.uptimeFraction(0, w.nowUs),
    }));
    // Time-based availability across groups, weighted by their share of the users.
    const uptime = (fromUs: number): number =>
      groups.reduce(
        (sum, g) => sum + g.share * g.uptime.uptimeFraction(Math.max(0, fromUs), w.nowUs),
        0,
      ) / shareTotal;
    const scale = w.settings.alerts.windowScale;
    const periodS = (w.settings.slo.periodDays * 86400) / scale;
    const good = countsAsGood('degraded') ? w.succeeded + w.degraded : w.succeeded;
    const valid = w.succeeded + w.degraded + w.failed;
    const windowGood = countsAsGood('degraded')
      ? window.succeeded + window.degraded
      : window.succeeded;
    const windowValid = window.succeeded + window.degraded + window.failed;
    const breakers = [...servers.values()]
      .filter((s) => breakerView(s) !== undefined)
      .map((s) => ({ id: s.info.id, ...breakerView(s)! }));
    return {
      nowUs: w.nowUs,
      requests: {
        total: w.total,
        succeeded: w.succeeded,
        degraded: w.degraded,
        failed: w.failed,
        inFlight: w.inFlight,
        failedBy: { ...failedBy },
      },
      availability: availabilityOf(w.succeeded, w.degraded, w.failed),
      latencyMs: {
        p50: latency.quantileUs(0.5) / US_PER_MS,
        p99: latency.quantileUs(0.99) / US_PER_MS,
      },
      window60s: {
        succeeded: window.succeeded,
        degraded: window.degraded,
        failed: window.failed,
        availability: availabilityOf(window.succeeded, window.degraded, window.failed),
        p50Ms: window.latency.quantileUs(0.5) / US_PER_MS,
        p99Ms: window.latency.quantileUs(0.99) / US_PER_MS,
      },
      window10m: {
        succeeded: window10m.succeeded,
        degraded: window10m.degraded,
        failed: window10m.failed,
        availability: availabilityOf(window10m.succeeded, window10m.degraded, window10m.failed),
      },
      timeAvailability: {
        sinceStart: uptime(0),
        window1m: uptime(w.nowUs - 60 * US_PER_S),
        window10m: uptime(w.nowUs - 600 * US_PER_S),
      },
      slo: {
        target: w.settings.slo.target,
        periodDays: w.settings.slo.periodDays,
        windowScale: scale,
        budgetTimeS: (1 - w.settings.slo.target) * periodS,
        budgetRequestsSoFar: (1 - w.settings.slo.target) * valid,
        budgetBurntFraction: budgetBurntFraction(
          valid - good,
          valid,
          w.settings.slo.target,
          sFromUs(w.nowUs),
          periodS,
        ),
        burnRateLastMinute: burnRate(
          errorRate(windowValid - windowGood, windowValid),
          w.settings.slo.target,
        ),
      },
      monitoring: w.settings.monitoring.enabled === 'on',
      alerts: alertEvaluator.alerts(),
      alertRules: alertEvaluator.ruleStatuses(secondsObserved).map((status) => ({
        name: status.rule.name,
        severity: status.rule.severity,
        burnRateThreshold: status.rule.burnRate,
        longWindowS: status.longWindowS,
        shortWindowS: status.shortWindowS,
        longBurnRate: status.longBurnRate,
        shortBurnRate: status.shortBurnRate,
        firing: firingAlerts.has(status.rule.name),
      })),
      defences: {
        usersNeedingDependency: w.usersNeedingDependency,
        usersReachingDependency: w.usersReachingDependency,
        dependencyAttempts: w.dependencyAttempts,
        probeDependencyAttempts: w.probeDependencyAttempts,
        loadAmplification:
          w.usersReachingDependency === 0 ? 0 : w.dependencyAttempts / w.usersReachingDependency,
        serverTries: w.serverTries,
        sideEffects: w.sideEffects,
        duplicateSideEffects: w.duplicateSideEffects,
        idempotentReplays: w.idempotentReplays,
        retries: { ...retriesBy },
        retriesDeniedByBudget: w.retriesDeniedByBudget,
        breakers,
        hopLatencyMs: {
          serverP99: serverTimeHistogram.quantileUs(0.99) / US_PER_MS,
          dependencyP50: dependencyTimeHistogram.quantileUs(0.5) / US_PER_MS,
          dependencyP99: dependencyTimeHistogram.quantileUs(0.99) / US_PER_MS,
        },
      },
      data: database ? dataMetrics(database) : null,
      errorSeconds: w.errorSeconds,
      userGroups,
      wastedWork,
      series: completedSeries(),
    };
  };

  return {
    seed,
    now: () => w.nowUs,
    runUntil,
    apply(command) {
      const error = validate(command);
      if (error) return { ok: false, error };
      execute(command);
      return { ok: true };
    },
    schedule,
    settings: () => w.settings,
    snapshot,
    metrics,
    deliveredSince,
    log(fromIndex = 0) {
      const start = Math.max(0, fromIndex - w.logDropped);
      return { entries: logEntries.slice(start), nextIndex: w.logDropped + logEntries.length };
    },
    appliedCommands: () => applied.slice(),
    components: () => componentInfos,
    links: () => linkInfos,
    validate,
    actionsFor,
  };
}

/** Failure reasons in display order (re-exported for views and the CLI). */
export { FAILURE_REASONS };
