/**
 * Test support: a tiny deterministic engine around the database model. An event queue
 * ordered like the real engine's, latency from placement (zone, region) with seeded
 * jitter, a liveness map for hosts, cut links, and a Poisson load generator that checks
 * every request is answered exactly once. Tests drive the model without the full
 * simulation.
 */
import { createDatabase } from './database';
import { DATABASE_DEFAULTS, type DatabaseOptions } from './options';
import type { Database, DatabaseCommand, DatabaseContext, DatabaseSpec, Place } from './types';
import { EventQueue, type QueuedEvent } from '../engine/eventQueue';
import type { LogCategory } from '../output/log';
import { createRandom } from '../engine/random';
import { US_PER_MS, US_PER_S, type SimTimeUs } from '../engine/time';

interface HarnessEvent extends QueuedEvent {
  fn: () => void;
}

export interface HarnessOptions {
  seed: number;
  /** Zone and region of every node and app server. */
  places: Record<string, Place>;
  /** One-way latency inside a zone. Default 0.5 ms (the engine's in-region latency). */
  sameZoneMs?: number;
  /** One-way latency between zones of a region. Default 1 ms. */
  sameRegionMs?: number;
  /** One-way latency between regions. Default 40 ms. */
  crossRegionMs?: number;
  /** Extra latency, uniform in [0, fraction x base). Default 0.1. */
  jitterFraction?: number;
  /** Monitoring switch at the start. Default on. */
  monitoring?: boolean;
}

export interface LogLine {
  atUs: number;
  type: string;
  target: string;
  category: LogCategory;
  message: string;
}

export interface DatabaseHarness {
  readonly ctx: DatabaseContext;
  readonly logs: LogLine[];
  now(): number;
  /** Processes every event due up to and including `timeUs`. */
  runUntil(timeUs: number): void;
  /** Runs `fn` at an absolute time (after ordinary events of that microsecond). */
  at(timeUs: number, fn: () => void): void;
  /** Host (and so the node or app server on it) up or down. */
  setAlive(id: string, alive: boolean): void;
  /** Cuts both directions between two places; `heal` undoes it. */
  cut(a: string, b: string): void;
  heal(a: string, b: string): void;
  setMonitoring(on: boolean): void;
  /** First log line whose message contains `text` (or matches it). */
  find(text: string | RegExp): LogLine | undefined;
}

/** Phase of `at` callbacks: after the model's own events of the same microsecond. */
const SCRIPT_PHASE = 1;

function createHarness(options: HarnessOptions): DatabaseHarness {
  const queue = new EventQueue<HarnessEvent>();
  const network = createRandom(options.seed, 'harness-network');
  const dead = new Set<string>();
  const cuts = new Set<string>();
  const logs: LogLine[] = [];
  let nowUs = 0;
  let monitoring = options.monitoring ?? true;
  const sameZoneMs = options.sameZoneMs ?? 0.5;
  const sameRegionMs = options.sameRegionMs ?? 1;
  const crossRegionMs = options.crossRegionMs ?? 40;
  const jitterFraction = options.jitterFraction ?? 0.1;
  const cutKey = (a: string, b: string): string => `${a}|${b}`;

  const push = (timeUs: number, phase: number, fn: () => void): void =>
    queue.push({ timeUs: timeUs as SimTimeUs, phase, seq: 0, fn });

  const ctx: DatabaseContext = {
    nowUs: () => nowUs as SimTimeUs,
    schedule(delayUs, fn) {
      if (!(delayUs >= 0)) throw new Error(`negative delay ${delayUs}`);
      push(nowUs + Math.round(delayUs), 0, fn);
    },
    random: createRandom(options.seed, 'database'),
    log(type, target, category, message) {
      logs.push({ atUs: nowUs, type, target, category, message });
    },
    hopUs(from, to) {
      if (dead.has(from) || dead.has(to) || cuts.has(cutKey(from, to))) return null;
      const a = options.places[from];
      const b = options.places[to];
      const baseMs =
        !a || !b || a.region !== b.region
          ? crossRegionMs
          : a.zone === b.zone
            ? sameZoneMs
            : sameRegionMs;
      const jitter = baseMs * jitterFraction * network.next();
      return Math.max(1, Math.round((baseMs + jitter) * US_PER_MS));
    },
    nodeAlive: (id) => !dead.has(id),
    monitoringEnabled: () => monitoring,
    placeOf: (id) => options.places[id],
  };

  return {
    ctx,
    logs,
    now: () => nowUs,
    runUntil(timeUs) {
      for (;;) {
        const next = queue.peek();
        if (!next || next.timeUs > timeUs) break;
        queue.pop();
        nowUs = next.timeUs;
        next.fn();
      }
      nowUs = Math.max(nowUs, timeUs);
    },
    at(timeUs, fn) {
      push(Math.max(timeUs, nowUs), SCRIPT_PHASE, fn);
    },
    setAlive(id, alive) {
      if (alive) dead.delete(id);
      else dead.add(id);
    },
    cut(a, b) {
      cuts.add(cutKey(a, b));
      cuts.add(cutKey(b, a));
    },
    heal(a, b) {
      cuts.delete(cutKey(a, b));
      cuts.delete(cutKey(b, a));
    },
    setMonitoring(on) {
      monitoring = on;
    },
    find(text) {
      return logs.find((line) =>
        typeof text === 'string' ? line.message.includes(text) : text.test(line.message),
      );
    },
  };
}

/**
 * Sum of the counts that open the log lines of one type ("12 acknowledged writes lost
 * ..."): what a reader of the event log is told was lost.
 */
export function loggedCount(h: DatabaseHarness, type: string): number {
  let sum = 0;
  for (const line of h.logs) {
    if (line.type !== type) continue;
    const count = /^(\d+) /.exec(line.message);
    if (!count) throw new Error(`${type} line without a count: ${line.message}`);
    sum += Number(count[1]);
  }
  return sum;
}

// ---- standard clusters ----

/** Three zones of one region, a node and an app server in each; db-a1 is the primary. */
export const THREE_ZONES: { spec: DatabaseSpec; places: Record<string, Place> } = {
  spec: {
    nodes: [
      { id: 'db-a1', zone: 'eu-a', region: 'eu' },
      { id: 'db-b1', zone: 'eu-b', region: 'eu' },
      { id: 'db-c1', zone: 'eu-c', region: 'eu' },
    ],
    primary: 'db-a1',
  },
  places: {
    'db-a1': { zone: 'eu-a', region: 'eu' },
    'db-b1': { zone: 'eu-b', region: 'eu' },
    'db-c1': { zone: 'eu-c', region: 'eu' },
    'app-a1': { zone: 'eu-a', region: 'eu' },
    'app-b1': { zone: 'eu-b', region: 'eu' },
    'app-c1': { zone: 'eu-c', region: 'eu' },
  },
};

/** Two regions with two nodes each; db-a1 (eu) is the primary; app servers in both. */
export const TWO_REGIONS: { spec: DatabaseSpec; places: Record<string, Place> } = {
  spec: {
    nodes: [
      { id: 'db-a1', zone: 'eu-a', region: 'eu' },
      { id: 'db-b1', zone: 'eu-b', region: 'eu' },
      { id: 'db-c1', zone: 'us-a', region: 'us' },
      { id: 'db-d1', zone: 'us-b', region: 'us' },
    ],
    primary: 'db-a1',
  },
  places: {
    'db-a1': { zone: 'eu-a', region: 'eu' },
    'db-b1': { zone: 'eu-b', region: 'eu' },
    'db-c1': { zone: 'us-a', region: 'us' },
    'db-d1': { zone: 'us-b', region: 'us' },
    'app-a1': { zone: 'eu-a', region: 'eu' },
    'app-c1': { zone: 'us-a', region: 'us' },
  },
};

/** A harness and a database on one of the standard clusters. */
export function setupDatabase(
  cluster: { spec: DatabaseSpec; places: Record<string, Place> },
  options: Partial<DatabaseOptions>,
  seed: number,
  harness: Partial<HarnessOptions> = {},
): { h: DatabaseHarness; db: Database } {
  const h = createHarness({ seed, places: cluster.places, ...harness });
  const db = createDatabase(cluster.spec, { ...DATABASE_DEFAULTS, ...options }, h.ctx);
  return { h, db };
}

/** Applies a command at an absolute time; a rejected command fails the test. */
export function commandAt(
  h: DatabaseHarness,
  db: Database,
  atUs: number,
  command: DatabaseCommand,
): void {
  h.at(atUs, () => {
    const error = db.apply(command);
    if (error) throw new Error(`${command.type} ${command.target}: ${error}`);
  });
}

/** A host goes down or up at an absolute time, and the engine tells the model (as the engine will). */
export function hostAt(
  h: DatabaseHarness,
  db: Database,
  atUs: number,
  id: string,
  alive: boolean,
): void {
  h.at(atUs, () => {
    h.setAlive(id, alive);
    db.hostsChanged();
  });
}

// ---- load ----

export interface LoadOptions {
  /** App servers issuing requests (chosen uniformly). */
  clients: string[];
  writesPerS: number;
  readsPerS: number;
  /** Keys are 0 .. keys - 1, chosen uniformly. */
  keys: number;
  startUs?: number;
  /** No request starts after this time. */
  stopUs: number;
  /** Seed of the load's own random stream. */
  seed: number;
}

export interface LoadTally {
  writes: number;
  writesOk: number;
  writesFailed: number;
  reads: number;
  readsOk: number;
  readsStale: number;
  readsFailed: number;
  /** Failures by reason. */
  failures: Record<string, number>;
  /** Requests whose `done` ran more than once: must stay 0. */
  doubleDone: number;
  /** Issue times of acknowledged writes. */
  ackedIssueUs: number[];
  /** Requests not answered yet. */
  outstanding(): number;
}

/** Starts open-loop Poisson reads and writes against a database. */
export function startLoad(h: DatabaseHarness, db: Database, load: LoadOptions): LoadTally {
  const random = createRandom(load.seed, 'load');
  const tally: LoadTally = {
    writes: 0,
    writesOk: 0,
    writesFailed: 0,
    reads: 0,
    readsOk: 0,
    readsStale: 0,
    readsFailed: 0,
    failures: {},
    doubleDone: 0,
    ackedIssueUs: [],
    outstanding: () => tally.writes + tally.reads - answered,
  };
  let answered = 0;
  const fail = (reason: string | undefined): void => {
    const key = reason ?? 'unknown';
    tally.failures[key] = (tally.failures[key] ?? 0) + 1;
  };
  const client = (): string => load.clients[random.int(load.clients.length)];
  const gapUs = (perS: number): number =>
    Math.max(1, Math.round(random.exponential(US_PER_S / perS)));

  const nextWrite = (): void => {
    if (h.now() > load.stopUs) return;
    tally.writes++;
    const issuedUs = h.now();
    let calls = 0;
    db.write(client(), random.int(load.keys), (ok, reason) => {
      if (++calls > 1) return void tally.doubleDone++;
      answered++;
      if (ok) {
        tally.writesOk++;
        tally.ackedIssueUs.push(issuedUs);
      } else {
        tally.writesFailed++;
        fail(reason);
      }
    });
    h.ctx.schedule(gapUs(load.writesPerS), nextWrite);
  };
  const nextRead = (): void => {
    if (h.now() > load.stopUs) return;
    tally.reads++;
    let calls = 0;
    db.read(client(), random.int(load.keys), (ok, stale, reason) => {
      if (++calls > 1) return void tally.doubleDone++;
      answered++;
      if (ok) {
        tally.readsOk++;
        if (stale) tally.readsStale++;
      } else {
        tally.readsFailed++;
        fail(reason);
      }
    });
    h.ctx.schedule(gapUs(load.readsPerS), nextRead);
  };
  const startUs = load.startUs ?? 0;
  if (load.writesPerS > 0) h.at(startUs + gapUs(load.writesPerS), nextWrite);
  if (load.readsPerS > 0) h.at(startUs + gapUs(load.readsPerS), nextRead);
  return tally;
}
