/**
 * The discrete-event engine. A request is a chain of events (arrive at balancer,
 * arrive at server, finish, reply at balancer, reply at user); health checks and
 * scheduled commands are events too. `runUntil` is pure stepping: only app/driver
 * decides when to call it.
 */
import { ACTION_SPECS, describeCommand, type Command, type ScheduledCommand } from './commands';
import { before, EventFifo, EventQueue, type QueuedEvent } from './eventQueue';
import { LatencyHistogram } from './histogram';
import { createRandom, normaliseSeed } from './random';
import { FAILURE_REASONS, Series, type FailureReason, type SeriesBucket } from './series';
import {
  defaultSettings,
  flattenOverrides,
  validateSetting,
  withSetting,
  type Settings,
  type SettingsOverrides,
} from './settings';
import type {
  ComponentView,
  LogEntry,
  LogCategory,
  MessageView,
  Metrics,
  SeriesPoint,
  Snapshot,
  TargetView,
} from './snapshot';
import { US_PER_MS, US_PER_S, usFromMs } from './time';
import {
  linkId,
  topologyComponents,
  topologyLinks,
  type ComponentInfo,
  type LinkInfo,
  type TopologySpec,
} from './topology';
import { requestAvailability } from './availability';

/** What the engine needs to run: the cloud's shape, its settings and a fault script. */
export interface SimulationInput {
  topology: TopologySpec;
  settings?: SettingsOverrides;
  /** Commands to apply at set times (the fault script). */
  faults?: readonly ScheduledCommand[];
}

export interface SimulationOptions {
  /** Seed of every random draw in the run. */
  seed: number;
  /**
   * Keep the set of messages on the wire for drawing. Off in the CLI and benchmarks;
   * it never changes what happens, only what a snapshot can show.
   */
  trackMessages?: boolean;
  /** Oldest log entries are dropped past this count (memory stays flat). Default 5000. */
  maxLogEntries?: number;
}

export type ApplyResult = { ok: true } | { ok: false; error: string };

export interface Simulation {
  readonly seed: number;
  /** Current simulated time. */
  now(): number;
  /** Processes every event up to and including `timeUs`, then sets the clock there. */
  runUntil(timeUs: number): void;
  /** Applies a command now. Invalid commands change nothing and return an error. */
  apply(command: Command): ApplyResult;
  /** Schedules a command at a future time (as a fault script entry). */
  schedule(atUs: number, command: Command): ApplyResult;
  /** Current settings (after any `set` commands). */
  settings(): Settings;
  /** Components, links, balancer views and messages on the wire, for drawing. */
  snapshot(): Snapshot;
  /** Counters, percentiles, windows and the per-second series. */
  metrics(): Metrics;
  /** Event log entries with index >= `fromIndex` (indices count from the run's start). */
  log(fromIndex?: number): { entries: LogEntry[]; nextIndex: number };
  /** Commands applied so far with their times, for replay and share links. */
  appliedCommands(): ScheduledCommand[];
  /** Component and link descriptions (static for a run). */
  components(): readonly ComponentInfo[];
  links(): readonly LinkInfo[];
  /** Checks that a command could be applied to this run, without applying it. */
  validate(command: Command): string | null;
}

// Event types. Plain numbers keep dispatch a cheap switch.
const ARRIVAL = 0;
const AT_BALANCER = 1;
const AT_SERVER = 2;
const SERVICE_DONE = 3;
const REPLY_AT_BALANCER = 4;
const REPLY_AT_USER = 5;
const CLIENT_TIMEOUT = 6;
const CHECK_SEND = 7;
const CHECK_RESULT = 8;
const COMMAND = 9;

/** Phase of scheduled commands: after all ordinary events of the same microsecond. */
const COMMAND_PHASE = 1;

/** Time a healthy server spends answering a health check (a cheap endpoint). */
const CHECK_PROCESSING_US = 200;

interface SimEvent extends QueuedEvent {
  type: number;
  req?: Request;
  group?: UserGroupState;
  target?: TargetState;
  server?: ServerState;
  ok?: boolean;
  reason?: FailureReason;
  epoch?: number;
  probe?: number;
  command?: Command;
  /** Travelling messages: where and since when (for drawing). */
  from?: string;
  to?: string;
  sentUs?: number;
}

interface Request {
  id: number;
  group: UserGroupState;
  target: TargetState | null;
  startUs: number;
  done: boolean;
  /** The balancer stopped waiting (client gave up) or already got the reply. */
  released: boolean;
}

interface UserGroupState {
  id: string;
  share: number;
  balancer: BalancerState;
  linkId: string;
}

interface ServerState {
  info: ComponentInfo;
  process: 'up' | 'crashed';
  /** Bumped on every crash so that service completions from before it are ignored. */
  epoch: number;
  inService: Set<Request>;
  queue: Request[];
  queueHead: number;
  /** Requests finished after their user had already given up (work nobody receives). */
  wastedWork: number;
  served: number;
}

interface TargetState {
  server: ServerState;
  balancer: BalancerState;
  linkId: string;
  healthy: boolean;
  consecutiveFails: number;
  consecutiveOks: number;
  /** Requests sent and not yet answered or abandoned (least-outstanding uses it). */
  outstanding: number;
  probeSeq: number;
  lastCheckOk: boolean | null;
  /** Requests routed here, for the share each server gets. */
  routed: number;
}

interface BalancerState {
  info: ComponentInfo;
  targets: TargetState[];
  roundRobinIndex: number;
  failingOpen: boolean;
  /** Cached routing candidates; null when a health verdict changed. */
  eligible: TargetState[] | null;
}

/** Creates a simulation of `input` seeded with `options.seed`. */
export function createSimulation(input: SimulationInput, options: SimulationOptions): Simulation {
  const seed = normaliseSeed(options.seed);
  const trackMessages = options.trackMessages ?? true;
  const maxLogEntries = options.maxLogEntries ?? 5000;

  let settings = defaultSettings();
  for (const [path, raw] of flattenOverrides(input.settings ?? {})) {
    const checked = validateSetting(path, raw);
    if (checked.error !== null) throw new Error(`settings: ${checked.error}`);
    settings = withSetting(settings, path, checked.value);
  }

  const componentInfos = topologyComponents(input.topology);
  const linkInfos = topologyLinks(input.topology);
  const componentById = new Map(componentInfos.map((c) => [c.id, c]));

  // Independent random streams (see random.ts for why).
  const arrivalRandom = createRandom(seed, 'arrivals');
  const serviceRandom = createRandom(seed, 'service');
  const networkRandom = createRandom(seed, 'network');
  const routingRandom = createRandom(seed, 'routing');
  const checkRandom = createRandom(seed, 'health-checks');

  const queue = new EventQueue<SimEvent>();
  const timeouts = new EventFifo<SimEvent>();
  const inTransit = new Set<SimEvent>();
  const inFlight = new Map<number, Request>();
  const series = new Series();
  const latency = new LatencyHistogram(16);
  const logEntries: LogEntry[] = [];
  let logDropped = 0;
  const applied: ScheduledCommand[] = [];

  let nowUs = 0;
  let nextRequestId = 1;
  let total = 0;
  let succeeded = 0;
  let failed = 0;
  const failedBy: Record<FailureReason, number> = { refused: 0, timeout: 0 };

  // ---- state from topology ----
  const servers = new Map<string, ServerState>();
  const balancers = new Map<string, BalancerState>();
  const targetsByServer = new Map<string, TargetState[]>();
  for (const region of input.topology.regions) {
    const balancer: BalancerState = {
      info: componentById.get(region.balancer)!,
      targets: [],
      roundRobinIndex: 0,
      failingOpen: false,
      eligible: null,
    };
    balancers.set(balancer.info.id, balancer);
    for (const zone of region.zones) {
      for (const serverId of zone.servers) {
        const server: ServerState = {
          info: componentById.get(serverId)!,
          process: 'up',
          epoch: 0,
          inService: new Set(),
          queue: [],
          queueHead: 0,
          wastedWork: 0,
          served: 0,
        };
        servers.set(serverId, server);
        const target: TargetState = {
          server,
          balancer,
          linkId: linkId(balancer.info.id, serverId),
          // Targets start healthy: the run begins with a warmed-up, passing fleet.
          healthy: true,
          consecutiveFails: 0,
          consecutiveOks: 0,
          outstanding: 0,
          probeSeq: 0,
          lastCheckOk: null,
          routed: 0,
        };
        balancer.targets.push(target);
        targetsByServer.set(serverId, [...(targetsByServer.get(serverId) ?? []), target]);
      }
    }
  }
  const groups: UserGroupState[] = input.topology.users.map((group) => {
    const region = input.topology.regions.find((r) => r.id === group.region)!;
    return {
      id: group.id,
      share: group.share,
      balancer: balancers.get(region.balancer)!,
      linkId: linkId(group.id, region.balancer),
    };
  });
  const shareTotal = groups.reduce((sum, g) => sum + g.share, 0);

  // ---- helpers ----
  /** Every event has the same fields in the same order, so V8 keeps one hidden class. */
  const makeEvent = (type: number, timeUs: number): SimEvent => ({
    timeUs,
    phase: 0,
    seq: 0,
    type,
    req: undefined,
    group: undefined,
    target: undefined,
    server: undefined,
    ok: undefined,
    reason: undefined,
    epoch: undefined,
    probe: undefined,
    command: undefined,
    from: undefined,
    to: undefined,
    sentUs: undefined,
  });
  const push = (event: SimEvent): void => {
    queue.push(event);
  };

  /** Sends a message about `req` from one component to another, arriving after `latencyUs`. */
  const send = (
    type: number,
    req: Request,
    from: string,
    to: string,
    latencyUs: number,
    ok?: boolean,
    reason?: FailureReason,
  ): SimEvent => {
    const e = makeEvent(type, nowUs + latencyUs);
    e.req = req;
    e.ok = ok;
    e.reason = reason;
    e.from = from;
    e.to = to;
    e.sentUs = nowUs;
    push(e);
    if (trackMessages) inTransit.add(e);
    return e;
  };

  const hopUs = (baseMs: number): number => {
    const jitter = baseMs * settings.network.jitterFraction * networkRandom.next();
    return Math.max(1, Math.round((baseMs + jitter) * US_PER_MS));
  };
  const userHopUs = (): number => hopUs(settings.network.userLatencyMs);
  const regionHopUs = (): number => hopUs(settings.network.inRegionLatencyMs);

  const log = (type: string, target: string, category: LogCategory, message: string): void => {
    logEntries.push({
      index: logDropped + logEntries.length,
      atUs: nowUs,
      type,
      target,
      category,
      message,
    });
    if (logEntries.length > maxLogEntries) {
      logEntries.shift();
      logDropped++;
    }
  };

  const finish = (req: Request, reason: FailureReason | null): void => {
    // Conservation: a request leaves the in-flight set exactly once.
    if (!inFlight.delete(req.id)) throw new Error(`invariant: request ${req.id} finished twice`);
    req.done = true;
    const bucket = series.at(nowUs);
    if (reason === null) {
      succeeded++;
      bucket.succeeded++;
      const latencyUs = nowUs - req.startUs;
      latency.record(latencyUs);
      bucket.latency.record(latencyUs);
    } else {
      failed++;
      failedBy[reason]++;
      bucket.failed++;
      bucket.failedBy[reason]++;
    }
  };

  const releaseAtBalancer = (req: Request): void => {
    if (req.released) return;
    req.released = true;
    if (req.target) req.target.outstanding--;
  };

  const scheduleNextArrival = (group: UserGroupState): void => {
    const ratePerS = (settings.traffic.arrivalRatePerS * group.share) / shareTotal;
    const gapUs = Math.max(1, Math.round(arrivalRandom.exponential(US_PER_S / ratePerS)));
    const e = makeEvent(ARRIVAL, nowUs + gapUs);
    e.group = group;
    push(e);
  };

  /** Healthy targets, recomputed only when a health verdict changes. */
  const eligibleTargets = (balancer: BalancerState): TargetState[] => {
    if (balancer.eligible) return balancer.eligible;
    const healthy = balancer.targets.filter((t) => t.healthy);
    const failOpen = healthy.length === 0;
    if (failOpen !== balancer.failingOpen) {
      balancer.failingOpen = failOpen;
      if (failOpen) {
        log(
          'fail-open',
          balancer.info.id,
          'detection',
          `${balancer.info.id} has no healthy targets: failing open, routing to all ${balancer.targets.length} (as AWS ALB does)`,
        );
      } else {
        log(
          'fail-open-ended',
          balancer.info.id,
          'detection',
          `${balancer.info.id} has healthy targets again`,
        );
      }
    }
    balancer.eligible = failOpen ? balancer.targets : healthy;
    return balancer.eligible;
  };

  const pickTarget = (balancer: BalancerState): TargetState => {
    const eligible = eligibleTargets(balancer);
    if (settings.balancer.algorithm === 'least-outstanding') {
      let best: TargetState[] = [];
      let fewest = Infinity;
      for (const t of eligible) {
        if (t.outstanding < fewest) {
          fewest = t.outstanding;
          best = [t];
        } else if (t.outstanding === fewest) {
          best.push(t);
        }
      }
      return best.length === 1 ? best[0]! : best[routingRandom.int(best.length)]!;
    }
    const target = eligible[balancer.roundRobinIndex % eligible.length]!;
    balancer.roundRobinIndex = (balancer.roundRobinIndex + 1) % 1_000_000_007;
    return target;
  };

  const startService = (server: ServerState, req: Request): void => {
    server.inService.add(req);
    const serviceUs = Math.max(
      1,
      Math.round(serviceRandom.exponential(settings.server.serviceTimeMsMean * US_PER_MS)),
    );
    const e = makeEvent(SERVICE_DONE, nowUs + serviceUs);
    e.req = req;
    e.server = server;
    e.epoch = server.epoch;
    push(e);
  };

  const refuse = (req: Request, server: ServerState): void => {
    send(
      REPLY_AT_BALANCER,
      req,
      server.info.id,
      req.group.balancer.info.id,
      regionHopUs(),
      false,
      'refused',
    );
  };

  // ---- health checks ----
  const scheduleCheck = (target: TargetState, delayUs: number): void => {
    const e = makeEvent(CHECK_SEND, nowUs + delayUs);
    e.target = target;
    push(e);
  };

  const sendCheck = (target: TargetState): void => {
    const probe = ++target.probeSeq;
    const timeoutUs = usFromMs(settings.healthCheck.timeoutMs);
    const rttUs = regionHopUs() + regionHopUs();
    const server = target.server;
    // The probe's fate is known when it leaves: refused by a crashed process, or
    // answered by a live one. A reply slower than the timeout counts as a timeout.
    let replyUs: number;
    let reason: FailureReason | undefined;
    if (server.process === 'crashed') {
      replyUs = rttUs;
      reason = 'refused';
    } else {
      replyUs = rttUs + CHECK_PROCESSING_US;
    }
    const timedOut = replyUs > timeoutUs;
    const e = makeEvent(CHECK_RESULT, nowUs + (timedOut ? timeoutUs : replyUs));
    e.target = target;
    e.probe = probe;
    e.ok = !timedOut && reason === undefined;
    e.reason = timedOut ? 'timeout' : reason;
    push(e);
    scheduleCheck(target, usFromMs(settings.healthCheck.intervalMs));
  };

  const checkResult = (
    target: TargetState,
    ok: boolean,
    reason: FailureReason | undefined,
  ): void => {
    target.lastCheckOk = ok;
    const lb = target.balancer.info.id;
    const id = target.server.info.id;
    if (ok) {
      target.consecutiveFails = 0;
      target.consecutiveOks++;
      if (!target.healthy && target.consecutiveOks >= settings.healthCheck.healthyThreshold) {
        target.healthy = true;
        target.balancer.eligible = null;
        log(
          'marked-healthy',
          id,
          'detection',
          `${lb} marked ${id} healthy after ${target.consecutiveOks} passed checks`,
        );
      }
    } else {
      target.consecutiveOks = 0;
      target.consecutiveFails++;
      if (target.healthy && target.consecutiveFails >= settings.healthCheck.unhealthyThreshold) {
        target.healthy = false;
        target.balancer.eligible = null;
        const why =
          reason === 'refused'
            ? 'connection refused'
            : `no answer within ${settings.healthCheck.timeoutMs} ms`;
        log(
          'marked-unhealthy',
          id,
          'detection',
          `${lb} marked ${id} unhealthy after ${target.consecutiveFails} failed checks (${why})`,
        );
      }
    }
  };

  // ---- commands ----
  const validate = (command: Command): string | null => {
    if (command === null || typeof command !== 'object') return 'a command must be a record';
    switch (command.type) {
      case 'kill':
      case 'restore': {
        const info = componentById.get(command.target);
        if (!info) return `unknown target "${command.target}"`;
        const spec = ACTION_SPECS.find((a) => a.type === command.type)!;
        if (!spec.kinds.includes(info.kind))
          return `cannot ${command.type} ${info.kind} ${info.id}`;
        return null;
      }
      case 'set': {
        const checked = validateSetting(command.path, command.value);
        return checked.error;
      }
      default:
        return `unknown command type "${(command as { type: unknown }).type}"`;
    }
  };

  const execute = (command: Command): void => {
    applied.push({ atUs: nowUs, command });
    switch (command.type) {
      case 'kill': {
        const server = servers.get(command.target)!;
        if (server.process === 'crashed') {
          log('kill', server.info.id, 'info', `${server.info.id} is already crashed`);
          return;
        }
        server.process = 'crashed';
        server.epoch++;
        // A crashed process resets its open connections: callers learn at once.
        for (const req of server.inService) refuse(req, server);
        server.inService.clear();
        for (let i = server.queueHead; i < server.queue.length; i++)
          refuse(server.queue[i]!, server);
        server.queue = [];
        server.queueHead = 0;
        log(
          'kill',
          server.info.id,
          'fault',
          `${server.info.id} process crashed: connections are refused at once`,
        );
        return;
      }
      case 'restore': {
        const server = servers.get(command.target)!;
        if (server.process === 'up') {
          log('restore', server.info.id, 'info', `${server.info.id} is already up`);
          return;
        }
        server.process = 'up';
        log(
          'restore',
          server.info.id,
          'recovery',
          `${server.info.id} restored: the process accepts connections again`,
        );
        return;
      }
      case 'set': {
        const checked = validateSetting(command.path, command.value);
        const previous = command.path
          .split('.')
          .reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], settings);
        settings = withSetting(settings, command.path, checked.value!);
        log(
          'set',
          command.path,
          'info',
          `setting ${command.path} = ${checked.value} (was ${String(previous)})`,
        );
        return;
      }
    }
  };

  // ---- the event loop ----
  const handle = (e: SimEvent): void => {
    switch (e.type) {
      case ARRIVAL: {
        const group = e.group!;
        const req: Request = {
          id: nextRequestId++,
          group,
          target: null,
          startUs: nowUs,
          done: false,
          released: false,
        };
        total++;
        series.at(nowUs).arrived++;
        inFlight.set(req.id, req);
        const timeout = makeEvent(CLIENT_TIMEOUT, nowUs + usFromMs(settings.client.timeoutMs));
        timeout.req = req;
        timeout.seq = queue.takeSeq();
        timeouts.push(timeout);
        send(AT_BALANCER, req, group.id, group.balancer.info.id, userHopUs());
        scheduleNextArrival(group);
        return;
      }
      case AT_BALANCER: {
        const req = e.req!;
        if (req.done) {
          // The user already gave up and closed the connection; nothing to route.
          req.released = true;
          return;
        }
        const target = pickTarget(req.group.balancer);
        req.target = target;
        target.outstanding++;
        target.routed++;
        send(
          AT_SERVER,
          req,
          req.group.balancer.info.id,
          target.server.info.id,
          regionHopUs(),
        ).server = target.server;
        return;
      }
      case AT_SERVER: {
        const req = e.req!;
        const server = e.server!;
        if (server.process === 'crashed') {
          refuse(req, server);
          return;
        }
        if (server.inService.size < settings.server.workers) startService(server, req);
        else server.queue.push(req);
        return;
      }
      case SERVICE_DONE: {
        const server = e.server!;
        if (e.epoch !== server.epoch) return; // the process crashed meanwhile
        const req = e.req!;
        server.inService.delete(req);
        server.served++;
        if (req.done) server.wastedWork++;
        send(
          REPLY_AT_BALANCER,
          req,
          server.info.id,
          req.group.balancer.info.id,
          regionHopUs(),
          true,
        );
        while (
          server.inService.size < settings.server.workers &&
          server.queueHead < server.queue.length
        ) {
          const next = server.queue[server.queueHead++]!;
          startService(server, next);
        }
        if (server.queueHead > 1024 && server.queueHead * 2 > server.queue.length) {
          server.queue = server.queue.slice(server.queueHead);
          server.queueHead = 0;
        }
        return;
      }
      case REPLY_AT_BALANCER: {
        const req = e.req!;
        releaseAtBalancer(req);
        if (req.done) return; // nobody is waiting for it any more
        send(
          REPLY_AT_USER,
          req,
          req.group.balancer.info.id,
          req.group.id,
          userHopUs(),
          e.ok,
          e.reason,
        );
        return;
      }
      case REPLY_AT_USER: {
        const req = e.req!;
        if (!req.done) finish(req, e.ok ? null : (e.reason ?? 'refused'));
        return;
      }
      case CLIENT_TIMEOUT: {
        const req = e.req!;
        if (req.done) return;
        finish(req, 'timeout');
        // The user closes the connection, so the balancer stops counting it.
        if (req.target) releaseAtBalancer(req);
        return;
      }
      case CHECK_SEND:
        sendCheck(e.target!);
        return;
      case CHECK_RESULT:
        if (e.probe === e.target!.probeSeq) checkResult(e.target!, e.ok!, e.reason);
        return;
      case COMMAND:
        execute(e.command!);
        return;
    }
  };

  const runUntil = (timeUs: number): void => {
    for (;;) {
      const fromHeap = queue.peek();
      const fromFifo = timeouts.peek();
      const next = fromFifo && (!fromHeap || before(fromFifo, fromHeap)) ? fromFifo : fromHeap;
      if (!next || next.timeUs > timeUs) break;
      if (next === fromFifo) timeouts.pop();
      else queue.pop();
      nowUs = next.timeUs;
      if (trackMessages && next.from !== undefined) inTransit.delete(next);
      handle(next);
    }
    if (timeUs > nowUs) nowUs = timeUs;
  };

  // ---- start ----
  for (const group of groups) scheduleNextArrival(group);
  for (const balancer of balancers.values()) {
    for (const target of balancer.targets) {
      // Stagger first checks over one interval, as real checkers do.
      scheduleCheck(target, checkRandom.int(usFromMs(settings.healthCheck.intervalMs)) + 1);
    }
  }

  const schedule = (atUs: number, command: Command): ApplyResult => {
    const error = validate(command);
    if (error) return { ok: false, error };
    if (!Number.isFinite(atUs) || atUs < nowUs)
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
  const serverState = (server: ServerState): string =>
    server.process === 'crashed' ? 'crashed' : 'up';

  const snapshot = (): Snapshot => {
    const components: ComponentView[] = componentInfos.map((info) => {
      const server = servers.get(info.id);
      if (server) {
        const targets = targetsByServer.get(info.id) ?? [];
        return {
          ...info,
          state: serverState(server),
          healthy: targets.every((t) => t.healthy),
          inService: server.inService.size,
          queued: server.queue.length - server.queueHead,
          served: server.served,
        };
      }
      return { ...info, state: 'up', healthy: true, inService: 0, queued: 0, served: 0 };
    });
    const targets: TargetView[] = [];
    for (const balancer of balancers.values()) {
      for (const t of balancer.targets) {
        targets.push({
          balancer: balancer.info.id,
          server: t.server.info.id,
          healthy: t.healthy,
          consecutiveFails: t.consecutiveFails,
          consecutiveOks: t.consecutiveOks,
          lastCheckOk: t.lastCheckOk,
          outstanding: t.outstanding,
          routed: t.routed,
        });
      }
    }
    const messages: MessageView[] = [];
    for (const e of inTransit) {
      const req = e.req!;
      messages.push({
        id: `${req.id}:${e.type}`,
        requestId: req.id,
        from: e.from!,
        to: e.to!,
        sentUs: e.sentUs!,
        arrivesUs: e.timeUs,
        kind: e.type === AT_BALANCER || e.type === AT_SERVER ? 'request' : e.ok ? 'reply' : 'error',
        late: req.done,
      });
    }
    return Object.freeze({
      nowUs,
      seed,
      components: Object.freeze(components),
      links: linkInfos,
      targets: Object.freeze(targets),
      failingOpen: [...balancers.values()].filter((b) => b.failingOpen).map((b) => b.info.id),
      messages: Object.freeze(messages),
    });
  };

  const pointOf = (b: SeriesBucket): SeriesPoint => ({
    startS: b.startS,
    arrived: b.arrived,
    succeeded: b.succeeded,
    failed: b.failed,
    p50Ms: b.latency.quantileUs(0.5) / US_PER_MS,
    p99Ms: b.latency.quantileUs(0.99) / US_PER_MS,
  });

  const metrics = (): Metrics => {
    const window = series.window(nowUs - 60 * US_PER_S, nowUs);
    let wastedWork = 0;
    for (const s of servers.values()) wastedWork += s.wastedWork;
    // The bucket still filling is left out of the chart so its last point is not a dip.
    const completeBuckets = series.buckets.slice(0, Math.floor(nowUs / US_PER_S));
    return {
      nowUs,
      requests: {
        total,
        succeeded,
        failed,
        inFlight: inFlight.size,
        failedBy: { ...failedBy },
      },
      availability: requestAvailability(succeeded, failed),
      latencyMs: {
        p50: latency.quantileUs(0.5) / US_PER_MS,
        p99: latency.quantileUs(0.99) / US_PER_MS,
      },
      window60s: {
        succeeded: window.succeeded,
        failed: window.failed,
        availability: requestAvailability(window.succeeded, window.failed),
        p50Ms: window.latency.quantileUs(0.5) / US_PER_MS,
        p99Ms: window.latency.quantileUs(0.99) / US_PER_MS,
      },
      wastedWork,
      series: completeBuckets.map(pointOf),
    };
  };

  return {
    seed,
    now: () => nowUs,
    runUntil,
    apply(command) {
      const error = validate(command);
      if (error) return { ok: false, error };
      execute(command);
      return { ok: true };
    },
    schedule,
    settings: () => settings,
    snapshot,
    metrics,
    log(fromIndex = 0) {
      const start = Math.max(0, fromIndex - logDropped);
      return { entries: logEntries.slice(start), nextIndex: logDropped + logEntries.length };
    },
    appliedCommands: () => applied.slice(),
    components: () => componentInfos,
    links: () => linkInfos,
    validate,
  };
}

/** Failure reasons in display order (re-exported for views and the CLI). */
export { FAILURE_REASONS };
