/**
 * The discrete-event engine. A request is a chain of events (arrive at balancer,
 * arrive at server, finish, reply at balancer, reply at user); health checks, DNS
 * checks and scheduled commands are events too. `runUntil` is pure stepping: only
 * app/driver decides when to call it.
 */
import { actionSpec, describeCommand, type Command, type ScheduledCommand } from './commands';
import { before, EventFifo, EventQueue, type QueuedEvent } from './eventQueue';
import { LatencyHistogram } from './histogram';
import { createRandom, normaliseSeed } from './random';
import { FAILURE_REASONS, Series, type FailureReason, type SeriesBucket } from './series';
import {
  defaultSettings,
  flattenOverrides,
  getSetting,
  validateSetting,
  withSetting,
  type Settings,
  type SettingsOverrides,
} from './settings';
import type {
  ComponentView,
  LinkView,
  LogCategory,
  LogEntry,
  MessageView,
  Metrics,
  SeriesPoint,
  Snapshot,
  TargetView,
  UserGroupMetrics,
} from './snapshot';
import { sFromUs, US_PER_MS, US_PER_S, usFromMs, usFromS } from './time';
import {
  linkId,
  topologyComponents,
  topologyLinks,
  type ComponentInfo,
  type LinkInfo,
  type TopologySpec,
} from './topology';
import { requestAvailability } from './availability';
import { createAlertEvaluator, DEFAULT_ALERT_RULES, type AlertEvaluator } from './burnRateAlerts';
import { budgetBurntFraction, burnRate, errorRate } from './slo';
import { createUptimeTracker, type UptimeTracker } from './timeAvailability';

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
  /**
   * Action types that make sense on a component or link right now (e.g. `restore`
   * only when something is broken): menus offer exactly these.
   */
  actionsFor(target: string): Array<Exclude<Command['type'], 'set' | 'rate'>>;
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
const DROPPED = 10;
const FLAP_TOGGLE = 11;
const DNS_CHECK = 12;
const PROBE = 13;
const SECOND_TICK = 14;

/** Phase of scheduled commands: after all ordinary events of the same microsecond. */
const COMMAND_PHASE = 1;
/** Phase of the per-second tick: after everything else at that microsecond. */
const TICK_PHASE = 2;

/** Time a healthy server spends answering a health check (a cheap endpoint). */
const CHECK_PROCESSING_US = 200;

/**
 * DNS caches per user group. Each stands for a resolver or client population with
 * its own TTL clock; staggered expiry makes traffic move gradually over one TTL, as
 * it does for real users.
 */
const DNS_CACHES_PER_GROUP = 100;

interface SimEvent extends QueuedEvent {
  type: number;
  req?: Request;
  group?: UserGroupState;
  target?: TargetState;
  server?: ServerState;
  region?: RegionState;
  ok?: boolean;
  reason?: FailureReason;
  epoch?: number;
  probe?: number;
  command?: Command;
  /** Travelling messages: where and since when (for drawing). */
  from?: string;
  to?: string;
  sentUs?: number;
  /** Set on DROPPED: the kind of message that was lost. */
  lostKind?: MessageView['kind'];
}

interface LinkState {
  info: LinkInfo;
  /** Messages from `info.from` to `info.to` are lost. */
  cutForward: boolean;
  /** Messages from `info.to` back to `info.from` are lost. */
  cutBackward: boolean;
  addedLatencyMs: number;
  lossFraction: number;
}

interface Request {
  id: number;
  group: UserGroupState;
  balancer: BalancerState;
  /** The user-to-balancer link this request travels on. */
  userLink: LinkState;
  target: TargetState | null;
  startUs: number;
  done: boolean;
  /** A synthetic monitoring probe: measured for time-based availability, not counted as a user request. */
  probe: boolean;
  /** The balancer stopped waiting (client gave up) or already got the reply. */
  released: boolean;
}

interface DnsCache {
  region: RegionState;
  expiresUs: number;
}

interface UserGroupState {
  id: string;
  share: number;
  home: RegionState;
  /** Link from this group to each region's balancer, by region id. */
  links: Map<string, LinkState>;
  dnsCaches: DnsCache[];
  succeeded: number;
  failed: number;
  total: number;
  errorSeconds: number;
  lastErrorSecond: number;
  /** Results of this group's synthetic probes (time-based availability). */
  uptime: UptimeTracker;
}

interface RegionState {
  info: ComponentInfo;
  index: number;
  down: boolean;
  balancer: BalancerState;
  zones: ZoneState[];
  /** The traffic manager's verdict on this region's endpoint. */
  dnsHealthy: boolean;
  dnsFails: number;
  dnsOks: number;
  dnsLink: LinkState | null;
}

interface ZoneState {
  info: ComponentInfo;
  region: RegionState;
  down: boolean;
  servers: ServerState[];
}

interface ServerState {
  info: ComponentInfo;
  zone: ZoneState;
  process: 'up' | 'crashed';
  hostUp: boolean;
  /** Service time multiplier (gray failure); 1 when healthy. */
  slowFactor: number;
  /** Flapping period, 0 when not flapping. */
  flapPeriodUs: number;
  /** Bumped to cancel pending flap toggles. */
  flapEpoch: number;
  /** Bumped on every crash or power loss so service completions from before it are ignored. */
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
  link: LinkState;
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
  region: RegionState;
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

  const topology = input.topology;
  const componentInfos = topologyComponents(topology);
  const linkInfos = topologyLinks(topology);
  const componentById = new Map(componentInfos.map((c) => [c.id, c]));
  const trafficManagerId = topology.trafficManager?.id ?? null;

  // Independent random streams (see random.ts for why).
  const arrivalRandom = createRandom(seed, 'arrivals');
  const serviceRandom = createRandom(seed, 'service');
  const networkRandom = createRandom(seed, 'network');
  const routingRandom = createRandom(seed, 'routing');
  const checkRandom = createRandom(seed, 'health-checks');
  const dnsRandom = createRandom(seed, 'dns');

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
  let errorSeconds = 0;
  let lastErrorSecond = -1;
  const failedBy: Record<FailureReason, number> = { refused: 0, timeout: 0 };

  // ---- state from topology ----
  const links = new Map<string, LinkState>();
  for (const info of linkInfos) {
    links.set(info.id, {
      info,
      cutForward: false,
      cutBackward: false,
      addedLatencyMs: 0,
      lossFraction: 0,
    });
  }
  const servers = new Map<string, ServerState>();
  const zones = new Map<string, ZoneState>();
  const regions = new Map<string, RegionState>();
  const balancers = new Map<string, BalancerState>();
  const targetsByServer = new Map<string, TargetState[]>();
  topology.regions.forEach((regionSpec, index) => {
    const region = {
      info: componentById.get(regionSpec.id)!,
      index,
      down: false,
      zones: [],
      dnsHealthy: true,
      dnsFails: 0,
      dnsOks: 0,
      dnsLink: trafficManagerId ? links.get(linkId(trafficManagerId, regionSpec.balancer))! : null,
    } as unknown as RegionState;
    const balancer: BalancerState = {
      info: componentById.get(regionSpec.balancer)!,
      region,
      targets: [],
      roundRobinIndex: 0,
      failingOpen: false,
      eligible: null,
    };
    region.balancer = balancer;
    regions.set(region.info.id, region);
    balancers.set(balancer.info.id, balancer);
    for (const zoneSpec of regionSpec.zones) {
      const zone: ZoneState = {
        info: componentById.get(zoneSpec.id)!,
        region,
        down: false,
        servers: [],
      };
      zones.set(zone.info.id, zone);
      region.zones.push(zone);
      for (const serverId of zoneSpec.servers) {
        const server: ServerState = {
          info: componentById.get(serverId)!,
          zone,
          process: 'up',
          hostUp: true,
          slowFactor: 1,
          flapPeriodUs: 0,
          flapEpoch: 0,
          epoch: 0,
          inService: new Set(),
          queue: [],
          queueHead: 0,
          wastedWork: 0,
          served: 0,
        };
        zone.servers.push(server);
        servers.set(serverId, server);
        const target: TargetState = {
          server,
          balancer,
          link: links.get(linkId(balancer.info.id, serverId))!,
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
  });
  const regionList = [...regions.values()];
  const groups: UserGroupState[] = topology.users.map((spec) => {
    const groupLinks = new Map<string, LinkState>();
    for (const region of regionList) {
      const link = links.get(linkId(spec.id, region.balancer.info.id));
      if (link) groupLinks.set(region.info.id, link);
    }
    return {
      id: spec.id,
      share: spec.share,
      home: regions.get(spec.region)!,
      links: groupLinks,
      dnsCaches: [],
      succeeded: 0,
      failed: 0,
      total: 0,
      errorSeconds: 0,
      lastErrorSecond: -1,
      uptime: createUptimeTracker(),
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
    region: undefined,
    ok: undefined,
    reason: undefined,
    epoch: undefined,
    probe: undefined,
    command: undefined,
    from: undefined,
    to: undefined,
    sentUs: undefined,
    lostKind: undefined,
  });
  const push = (event: SimEvent): void => {
    queue.push(event);
  };

  const hopUs = (baseMs: number, random = networkRandom): number => {
    const jitter = baseMs * settings.network.jitterFraction * random.next();
    return Math.max(1, Math.round((baseMs + jitter) * US_PER_MS));
  };
  const regionHopMs = (): number => settings.network.inRegionLatencyMs;
  const userHopMs = (link: LinkState): number =>
    link.info.scope === 'cross-region'
      ? settings.network.crossRegionLatencyMs
      : settings.network.userLatencyMs;

  /** Whether a message crossing `link` in this direction is lost (cut, or unlucky under loss). */
  const lostOn = (link: LinkState, forward: boolean, random = networkRandom): boolean =>
    (forward ? link.cutForward : link.cutBackward) || random.chance(link.lossFraction);

  /**
   * Sends a message about `req` across `link` (forward = from the link's `from` end).
   * A message lost on the way is drawn up to the link's middle, then vanishes.
   */
  const send = (
    type: number,
    req: Request,
    link: LinkState,
    forward: boolean,
    baseMs: number,
    ok?: boolean,
    reason?: FailureReason,
  ): SimEvent | null => {
    const latencyUs = hopUs(baseMs + link.addedLatencyMs);
    const from = forward ? link.info.from : link.info.to;
    const to = forward ? link.info.to : link.info.from;
    const kind: MessageView['kind'] = forward ? 'request' : ok ? 'reply' : 'error';
    if (lostOn(link, forward)) {
      if (trackMessages) {
        const lost = makeEvent(DROPPED, nowUs + Math.max(1, latencyUs >> 1));
        lost.req = req;
        lost.from = from;
        lost.to = to;
        lost.sentUs = nowUs;
        lost.lostKind = kind;
        push(lost);
        inTransit.add(lost);
      }
      return null;
    }
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

  const serverAlive = (server: ServerState): boolean =>
    server.hostUp && !server.zone.down && !server.zone.region.down;

  const finish = (req: Request, reason: FailureReason | null): void => {
    if (req.probe) {
      // Probes are measured apart from user requests: the service "answered" or not.
      req.done = true;
      req.group.uptime.recordProbe(nowUs, reason === null);
      return;
    }
    // Conservation: a request leaves the in-flight set exactly once.
    if (!inFlight.delete(req.id)) throw new Error(`invariant: request ${req.id} finished twice`);
    req.done = true;
    const bucket = series.at(nowUs);
    const group = req.group;
    if (reason === null) {
      succeeded++;
      group.succeeded++;
      bucket.succeeded++;
      const latencyUs = nowUs - req.startUs;
      latency.record(latencyUs);
      bucket.latency.record(latencyUs);
    } else {
      failed++;
      group.failed++;
      failedBy[reason]++;
      bucket.failed++;
      bucket.failedBy[reason]++;
      const second = bucket.startS;
      if (second !== lastErrorSecond) {
        lastErrorSecond = second;
        errorSeconds++;
      }
      if (second !== group.lastErrorSecond) {
        group.lastErrorSecond = second;
        group.errorSeconds++;
      }
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

  /** Creates a request (or probe) from a user group and sends it to its region's balancer. */
  const startRequest = (group: UserGroupState, probe: boolean): Request => {
    const region = regionFor(group);
    const req: Request = {
      id: nextRequestId++,
      group,
      balancer: region.balancer,
      userLink: group.links.get(region.info.id)!,
      target: null,
      startUs: nowUs,
      done: false,
      probe,
      released: false,
    };
    const timeout = makeEvent(CLIENT_TIMEOUT, nowUs + usFromMs(settings.client.timeoutMs));
    timeout.req = req;
    timeout.seq = queue.takeSeq();
    timeouts.push(timeout);
    send(AT_BALANCER, req, req.userLink, true, userHopMs(req.userLink));
    return req;
  };

  // ---- monitoring: SLO burn-rate alerts on completed seconds ----
  const newAlertEvaluator = (): AlertEvaluator =>
    createAlertEvaluator({
      rules: DEFAULT_ALERT_RULES,
      target: settings.slo.target,
      windowScale: settings.alerts.windowScale,
    });
  let alertEvaluator = newAlertEvaluator();
  let firingAlerts = new Set<string>();
  /** Seconds fed to the alert evaluator so far. */
  let secondsObserved = 0;

  const observeSecond = (second: number): void => {
    const bucket = series.at(second * US_PER_S);
    alertEvaluator.observeSecond(second, bucket.succeeded, bucket.failed);
    secondsObserved = second + 1;
  };

  /** After a change of SLO or window scale, rebuild the evaluator from the series so far. */
  const rebuildAlertEvaluator = (): void => {
    alertEvaluator = newAlertEvaluator();
    const observed = secondsObserved;
    secondsObserved = 0;
    firingAlerts = new Set();
    for (let second = 0; second < observed; second++) observeSecond(second);
  };

  const secondTick = (): void => {
    const second = Math.round(nowUs / US_PER_S) - 1;
    observeSecond(second);
    if (settings.monitoring.enabled === 'on') {
      const firing = new Set(alertEvaluator.evaluate(second + 1).map((rule) => rule.name));
      for (const status of alertEvaluator.ruleStatuses(second + 1)) {
        const name = status.rule.name;
        if (firing.has(name) && !firingAlerts.has(name)) {
          log(
            'alert-fired',
            name,
            'detection',
            `ALERT ${name} (${status.rule.severity}): error budget burning at ${status.longBurnRate.toFixed(1)}x over ${status.longWindowS} s and ${status.shortBurnRate.toFixed(1)}x over ${status.shortWindowS} s (threshold ${status.rule.burnRate}x)`,
          );
        } else if (!firing.has(name) && firingAlerts.has(name)) {
          log(
            'alert-resolved',
            name,
            'recovery',
            `alert ${name} resolved: the short window is back under ${status.rule.burnRate}x`,
          );
        }
      }
      firingAlerts = firing;
    } else if (firingAlerts.size > 0) {
      firingAlerts = new Set();
    }
    const next = makeEvent(SECOND_TICK, nowUs + US_PER_S);
    next.phase = TICK_PHASE;
    push(next);
  };

  // ---- DNS: which region a user group is sent to ----
  /**
   * The traffic manager's answer for a group: its home region (active-active) or the
   * first region (active-passive) while healthy, else the next healthy one; if none
   * is healthy it answers as if all were (Route 53 does the same).
   */
  const dnsAnswer = (group: UserGroupState): RegionState => {
    const preferred = settings.regions.mode === 'active-passive' ? regionList[0]! : group.home;
    if (preferred.dnsHealthy) return preferred;
    for (const region of regionList)
      if (region.dnsHealthy && group.links.has(region.info.id)) return region;
    return preferred;
  };

  /**
   * Where a new request goes. Active-active: every region is already in the clients'
   * answer (multi-value DNS / anycast), so a region the traffic manager withdraws
   * stops getting traffic at once. Active-passive: the standby is not in anyone's
   * cached answer, so clients move only as their cached answers expire (TTL).
   */
  const regionFor = (group: UserGroupState): RegionState => {
    if (!trafficManagerId) return group.home;
    if (settings.regions.mode === 'active-active') return dnsAnswer(group);
    const cache = group.dnsCaches[dnsRandom.int(group.dnsCaches.length)]!;
    if (nowUs >= cache.expiresUs) {
      cache.region = dnsAnswer(group);
      cache.expiresUs = nowUs + usFromS(settings.trafficManager.dnsTtlS);
    }
    return cache.region;
  };

  const dnsCheck = (region: RegionState): void => {
    const link = region.dnsLink!;
    const reachable =
      !region.down &&
      !link.cutForward &&
      !link.cutBackward &&
      !checkRandom.chance(link.lossFraction);
    // Route 53 alias records "evaluate target health": the endpoint is healthy while
    // its balancer has at least one target it considers healthy.
    const ok = reachable && region.balancer.targets.some((t) => t.healthy);
    const threshold = settings.trafficManager.failureThreshold;
    const id = region.info.id;
    if (ok) {
      region.dnsFails = 0;
      region.dnsOks++;
      if (!region.dnsHealthy && region.dnsOks >= threshold) {
        region.dnsHealthy = true;
        log(
          'dns-healthy',
          id,
          'detection',
          `${trafficManagerId} marked region ${id} healthy after ${region.dnsOks} passed checks; new DNS answers may send users there again`,
        );
      }
    } else {
      region.dnsOks = 0;
      region.dnsFails++;
      if (region.dnsHealthy && region.dnsFails >= threshold) {
        region.dnsHealthy = false;
        log(
          'dns-unhealthy',
          id,
          'detection',
          settings.regions.mode === 'active-active'
            ? `${trafficManagerId} marked region ${id} unhealthy after ${region.dnsFails} failed checks and withdrew it: its users go to another region now`
            : `${trafficManagerId} marked region ${id} unhealthy after ${region.dnsFails} failed checks; clients move as their cached DNS answers expire (TTL ${settings.trafficManager.dnsTtlS} s)`,
        );
      }
    }
    const next = makeEvent(DNS_CHECK, nowUs + usFromMs(settings.trafficManager.intervalMs));
    next.region = region;
    push(next);
  };

  // ---- balancing ----
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

  // ---- servers ----
  const startService = (server: ServerState, req: Request): void => {
    server.inService.add(req);
    const meanUs = settings.server.serviceTimeMsMean * US_PER_MS * server.slowFactor;
    const serviceUs = Math.max(1, Math.round(serviceRandom.exponential(meanUs)));
    const e = makeEvent(SERVICE_DONE, nowUs + serviceUs);
    e.req = req;
    e.server = server;
    e.epoch = server.epoch;
    push(e);
  };

  const replyFromServer = (req: Request, ok: boolean, reason?: FailureReason): void => {
    send(REPLY_AT_BALANCER, req, req.target!.link, false, regionHopMs(), ok, reason);
  };

  /** Drops all work on a server: with `reset`, callers get a connection reset at once. */
  const dropWork = (server: ServerState, reset: boolean): void => {
    server.epoch++;
    if (reset) {
      for (const req of server.inService) replyFromServer(req, false, 'refused');
      for (let i = server.queueHead; i < server.queue.length; i++)
        replyFromServer(server.queue[i]!, false, 'refused');
    }
    server.inService.clear();
    server.queue = [];
    server.queueHead = 0;
  };

  const crashProcess = (server: ServerState): void => {
    server.process = 'crashed';
    // A crashed process on a live host resets its connections: callers learn at once.
    // On a dead host nothing is sent; the work was already lost with the host.
    dropWork(server, serverAlive(server));
  };

  // ---- health checks ----
  const scheduleCheck = (target: TargetState, delayUs: number): void => {
    const e = makeEvent(CHECK_SEND, nowUs + delayUs);
    e.target = target;
    push(e);
  };

  const sendCheck = (target: TargetState): void => {
    scheduleCheck(target, usFromMs(settings.healthCheck.intervalMs));
    if (target.balancer.region.down) return; // a dead balancer checks nothing
    const probe = ++target.probeSeq;
    const timeoutUs = usFromMs(settings.healthCheck.timeoutMs);
    const server = target.server;
    const link = target.link;
    const hopMs = regionHopMs() + link.addedLatencyMs;
    const rttUs = hopUs(hopMs, checkRandom) + hopUs(hopMs, checkRandom);
    // The probe's fate is known when it leaves: lost, unanswered, refused by a crashed
    // process, or answered. A reply slower than the timeout counts as a timeout.
    let replyUs = Infinity;
    let reason: FailureReason | undefined;
    const lost = lostOn(link, true, checkRandom) || lostOn(link, false, checkRandom);
    if (!lost && serverAlive(server)) {
      if (server.process === 'crashed') {
        replyUs = rttUs;
        reason = 'refused';
      } else {
        // A slow server answers its cheap health endpoint slowly too, but usually well
        // within the timeout: that is what makes a gray failure gray.
        replyUs = rttUs + CHECK_PROCESSING_US * server.slowFactor;
      }
    }
    const timedOut = replyUs > timeoutUs;
    const e = makeEvent(CHECK_RESULT, nowUs + (timedOut ? timeoutUs : replyUs));
    e.target = target;
    e.probe = probe;
    e.ok = !timedOut && reason === undefined;
    e.reason = timedOut ? 'timeout' : reason;
    push(e);
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

  const numberIn = (value: unknown, min: number, max: number, what: string): string | null =>
    typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max
      ? null
      : `${what} must be a number from ${min} to ${max} (got ${JSON.stringify(value)})`;

  const validate = (command: Command): string | null => {
    if (command === null || typeof command !== 'object') return 'a command must be a record';
    if (command.type === 'set') return validateSetting(command.path, command.value).error;
    if (command.type === 'rate') return numberIn(command.perS, 1, 5000, 'the arrival rate (req/s)');
    const spec = actionSpec(command.type);
    if (!spec) return `unknown command type "${(command as { type: unknown }).type}"`;
    const target = (command as { target?: unknown }).target;
    if (typeof target !== 'string') return `${command.type} needs a target`;
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
      default:
        return null;
    }
  };

  const linkFaulty = (link: LinkState): boolean =>
    link.cutForward || link.cutBackward || link.addedLatencyMs > 0 || link.lossFraction > 0;

  const execute = (command: Command): void => {
    applied.push({ atUs: nowUs, command });
    switch (command.type) {
      case 'kill': {
        const server = servers.get(command.target)!;
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
        const server = servers.get(command.target)!;
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
        const server = servers.get(command.target)!;
        server.slowFactor = command.factor;
        return log(
          'slow',
          server.info.id,
          'fault',
          `${server.info.id} is slow: requests take ${command.factor}x longer (health checks still pass)`,
        );
      }
      case 'flap': {
        const server = servers.get(command.target)!;
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
        const was = settings.traffic.arrivalRatePerS;
        settings = withSetting(settings, 'traffic.arrivalRatePerS', command.perS);
        return log(
          'rate',
          'users',
          'fault',
          `arrival rate is now ${command.perS} req/s (was ${was})`,
        );
      }
      case 'restore':
        return restore(command.target);
      case 'set': {
        const checked = validateSetting(command.path, command.value);
        const previous = getSetting(settings, command.path);
        settings = withSetting(settings, command.path, checked.value!);
        if (command.path === 'slo.target' || command.path === 'alerts.windowScale')
          rebuildAlertEvaluator();
        return log(
          'set',
          command.path,
          'info',
          `setting ${command.path} = ${checked.value} (was ${previous})`,
        );
      }
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
    const e = makeEvent(FLAP_TOGGLE, nowUs + Math.max(1, server.flapPeriodUs >> 1));
    e.server = server;
    e.epoch = server.flapEpoch;
    push(e);
  };

  const restore = (target: string): void => {
    const server = servers.get(target);
    if (server) {
      const wasBroken =
        server.process === 'crashed' ||
        !server.hostUp ||
        server.slowFactor !== 1 ||
        server.flapPeriodUs > 0;
      server.flapEpoch++;
      server.flapPeriodUs = 0;
      server.slowFactor = 1;
      server.process = 'up';
      server.hostUp = true;
      if (!wasBroken) return log('restore', target, 'info', `${target} is already up`);
      return log(
        'restore',
        target,
        'recovery',
        `${target} restored: the process accepts connections again`,
      );
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

  const actionsFor: Simulation['actionsFor'] = (target) => {
    const kind = targetKind(target);
    const server = servers.get(target);
    if (server) {
      const actions: ReturnType<Simulation['actionsFor']> = [];
      if (server.process === 'up' && server.flapPeriodUs === 0) actions.push('kill');
      if (server.hostUp) actions.push('host-down');
      if (server.slowFactor === 1) actions.push('slow');
      if (server.flapPeriodUs === 0) actions.push('flap');
      if (
        server.process === 'crashed' ||
        !server.hostUp ||
        server.slowFactor !== 1 ||
        server.flapPeriodUs > 0
      ) {
        actions.push('restore');
      }
      return actions;
    }
    const zone = zones.get(target);
    if (zone) return zone.down ? ['restore'] : ['kill-zone'];
    const region = regions.get(target);
    if (region) return region.down ? ['restore'] : ['kill-region'];
    if (kind === 'link') {
      const resolved = resolveLinks(target);
      const actions: ReturnType<Simulation['actionsFor']> = [];
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
        const req = startRequest(group, false);
        total++;
        group.total++;
        series.at(nowUs).arrived++;
        inFlight.set(req.id, req);
        scheduleNextArrival(group);
        return;
      }
      case PROBE: {
        const group = e.group!;
        startRequest(group, true);
        const next = makeEvent(PROBE, nowUs + usFromMs(settings.monitoring.probeIntervalMs));
        next.group = group;
        push(next);
        return;
      }
      case SECOND_TICK:
        secondTick();
        return;
      case AT_BALANCER: {
        const req = e.req!;
        if (req.balancer.region.down) return; // nothing answers in a dead region
        if (req.done) {
          // The user already gave up and closed the connection; nothing to route.
          req.released = true;
          return;
        }
        const target = pickTarget(req.balancer);
        req.target = target;
        target.outstanding++;
        target.routed++;
        const sent = send(AT_SERVER, req, target.link, true, regionHopMs());
        if (sent) sent.server = target.server;
        return;
      }
      case AT_SERVER: {
        const req = e.req!;
        const server = e.server!;
        if (!serverAlive(server)) return; // a dead host answers nothing
        if (server.process === 'crashed') {
          replyFromServer(req, false, 'refused');
          return;
        }
        if (server.inService.size < settings.server.workers) startService(server, req);
        else server.queue.push(req);
        return;
      }
      case SERVICE_DONE: {
        const server = e.server!;
        if (e.epoch !== server.epoch) return; // the process or host died meanwhile
        const req = e.req!;
        server.inService.delete(req);
        server.served++;
        if (req.done) server.wastedWork++;
        replyFromServer(req, true);
        while (
          server.inService.size < settings.server.workers &&
          server.queueHead < server.queue.length
        ) {
          startService(server, server.queue[server.queueHead++]!);
        }
        if (server.queueHead > 1024 && server.queueHead * 2 > server.queue.length) {
          server.queue = server.queue.slice(server.queueHead);
          server.queueHead = 0;
        }
        return;
      }
      case REPLY_AT_BALANCER: {
        const req = e.req!;
        if (req.balancer.region.down) return;
        releaseAtBalancer(req);
        if (req.done) return; // nobody is waiting for it any more
        send(REPLY_AT_USER, req, req.userLink, false, userHopMs(req.userLink), e.ok, e.reason);
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
      case DROPPED:
        return; // only drawn
      case FLAP_TOGGLE:
        if (e.epoch === e.server!.flapEpoch) flapToggle(e.server!);
        return;
      case DNS_CHECK:
        dnsCheck(e.region!);
        return;
    }
  };

  const runUntil = (untilUs: number): void => {
    // The clock is whole microseconds: a driver's fractional frame time is floored, so
    // a command applied live lands on the same microsecond a replay schedules it at.
    const timeUs = Math.floor(untilUs);
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
  for (const group of groups) {
    const probe = makeEvent(
      PROBE,
      checkRandom.int(usFromMs(settings.monitoring.probeIntervalMs)) + 1,
    );
    probe.group = group;
    push(probe);
  }
  const firstTick = makeEvent(SECOND_TICK, US_PER_S);
  firstTick.phase = TICK_PHASE;
  push(firstTick);
  for (const balancer of balancers.values()) {
    for (const target of balancer.targets) {
      // Stagger first checks over one interval, as real checkers do.
      scheduleCheck(target, checkRandom.int(usFromMs(settings.healthCheck.intervalMs)) + 1);
    }
  }
  if (trafficManagerId) {
    const ttlUs = usFromS(settings.trafficManager.dnsTtlS);
    for (const group of groups) {
      const answer = dnsAnswer(group);
      for (let i = 0; i < DNS_CACHES_PER_GROUP; i++) {
        group.dnsCaches.push({ region: answer, expiresUs: dnsRandom.int(ttlUs + 1) });
      }
    }
    for (const region of regionList) {
      const e = makeEvent(
        DNS_CHECK,
        checkRandom.int(usFromMs(settings.trafficManager.intervalMs)) + 1,
      );
      e.region = region;
      push(e);
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
  const serverStateWord = (server: ServerState): string => {
    if (server.zone.region.down) return 'down (region)';
    if (server.zone.down) return 'down (zone)';
    if (!server.hostUp) return 'host down';
    const words: string[] = [];
    if (server.flapPeriodUs > 0)
      words.push(`flapping, ${server.process === 'crashed' ? 'crashed' : 'up'}`);
    else if (server.process === 'crashed') words.push('crashed');
    if (server.slowFactor !== 1) words.push(`slow x${server.slowFactor}`);
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

  const snapshot = (): Snapshot => {
    const activeRegion = settings.regions.mode === 'active-passive' ? regionList[0] : undefined;
    const components: ComponentView[] = componentInfos.map((info) => {
      const base = { ...info, healthy: true, inService: 0, queued: 0, served: 0 };
      const server = servers.get(info.id);
      if (server) {
        const targets = targetsByServer.get(info.id) ?? [];
        return {
          ...base,
          state: serverStateWord(server),
          healthy: targets.every((t) => t.healthy),
          inService: server.inService.size,
          queued: server.queue.length - server.queueHead,
          served: server.served,
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
          role: trafficManagerId ? role : undefined,
        };
      }
      const balancer = balancers.get(info.id);
      if (balancer) return { ...base, state: balancer.region.down ? 'down' : 'up' };
      const group = groups.find((g) => g.id === info.id);
      if (group && trafficManagerId && settings.regions.mode === 'active-active') {
        return { ...base, state: 'up', dnsShares: { [dnsAnswer(group).info.id]: 1 } };
      }
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
      const lost = e.type === DROPPED;
      messages.push({
        id: `${req.id}:${e.type}:${e.from}`,
        requestId: req.id,
        from: e.from!,
        to: e.to!,
        sentUs: e.sentUs!,
        arrivesUs: lost ? e.sentUs! + 2 * (e.timeUs - e.sentUs!) : e.timeUs,
        kind: lost
          ? e.lostKind!
          : e.type === AT_BALANCER || e.type === AT_SERVER
            ? 'request'
            : e.ok
              ? 'reply'
              : 'error',
        late: req.done,
        lost,
      });
    }
    return Object.freeze({
      nowUs,
      seed,
      components: Object.freeze(components),
      links: Object.freeze(linkViews),
      targets: Object.freeze(targets),
      failingOpen: [...balancers.values()].filter((b) => b.failingOpen).map((b) => b.info.id),
      messages: Object.freeze(messages),
      regionMode: settings.regions.mode,
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
    const userGroups: UserGroupMetrics[] = groups.map((g) => ({
      id: g.id,
      total: g.total,
      succeeded: g.succeeded,
      failed: g.failed,
      availability: requestAvailability(g.succeeded, g.failed),
      errorSeconds: g.errorSeconds,
      timeAvailability: g.uptime.uptimeFraction(0, nowUs),
    }));
    // Time-based availability across groups, weighted by their share of the users.
    const uptime = (fromUs: number): number =>
      groups.reduce(
        (sum, g) => sum + g.share * g.uptime.uptimeFraction(Math.max(0, fromUs), nowUs),
        0,
      ) / shareTotal;
    const window10m = series.window(nowUs - 600 * US_PER_S, nowUs);
    const scale = settings.alerts.windowScale;
    const periodS = (settings.slo.periodDays * 86400) / scale;
    const valid = succeeded + failed;
    return {
      nowUs,
      requests: { total, succeeded, failed, inFlight: inFlight.size, failedBy: { ...failedBy } },
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
      window10m: {
        succeeded: window10m.succeeded,
        failed: window10m.failed,
        availability: requestAvailability(window10m.succeeded, window10m.failed),
      },
      timeAvailability: {
        sinceStart: uptime(0),
        window1m: uptime(nowUs - 60 * US_PER_S),
        window10m: uptime(nowUs - 600 * US_PER_S),
      },
      slo: {
        target: settings.slo.target,
        periodDays: settings.slo.periodDays,
        windowScale: scale,
        budgetTimeS: (1 - settings.slo.target) * periodS,
        budgetRequestsSoFar: (1 - settings.slo.target) * valid,
        budgetBurntFraction: budgetBurntFraction(
          failed,
          valid,
          settings.slo.target,
          sFromUs(nowUs),
          periodS,
        ),
        burnRateLastMinute: burnRate(
          errorRate(window.failed, window.succeeded + window.failed),
          settings.slo.target,
        ),
      },
      monitoring: settings.monitoring.enabled === 'on',
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
      errorSeconds,
      userGroups,
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
    actionsFor,
  };
}

/** Failure reasons in display order (re-exported for views and the CLI). */
export { FAILURE_REASONS };
