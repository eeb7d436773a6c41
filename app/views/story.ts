/**
 * The story of a run in one plain sentence, for Present mode (issue 14): what the room
 * should notice now ("Users of users-eu are failing: eu is down and the traffic manager
 * has not noticed yet"), instead of alert names and burn rates. Derived from a snapshot
 * only, so it is always true of what the diagram shows; the most serious situation wins.
 * Parts are named as the diagram labels them ("zone b in eu", not the id "eu-b").
 */
import { componentIsDown, componentIsPlainUp, componentIsSlow } from '../sim';
import type { ComponentView, DatabaseView, Settings, Snapshot } from '../sim';

/** How the situation reads: all well, users hurt now, or recovered / being handled. */
export type StoryTone = 'calm' | 'failing' | 'handled';

export interface Story {
  tone: StoryTone;
  text: string;
}

/** "app-a1", "app-a1 and app-b1", "app-a1, app-b1 and 2 more". */
function names(ids: readonly string[]): string {
  if (ids.length <= 2) return ids.join(' and ');
  return `${ids.slice(0, 2).join(', ')} and ${ids.length - 2} more`;
}

/** A count with thousands separators, the same in every locale: "108,777". */
function count(n: number): string {
  return n.toLocaleString('en-US');
}

/** The name the diagram shows for a part: its label (ids only for parts not in the snapshot). */
function labelOf(snapshot: Snapshot, id: string): string {
  return snapshot.components.find((c) => c.id === id)?.label ?? id;
}

/**
 * A server as the diagram names it: its tile's short name where `tileNames` has one
 * ("a1", as Present's tiles show it), with its region's label when there are several
 * regions (each has an "a1"); else its label ("app-a1").
 */
function serverLabel(
  snapshot: Snapshot,
  server: ComponentView,
  tileNames: ReadonlyMap<string, string> | undefined,
): string {
  const short = tileNames?.get(server.id);
  if (short === undefined || short === server.id) return server.label;
  const regions = snapshot.components.filter((c) => c.kind === 'region');
  if (regions.length < 2 || !server.region) return short;
  return `${short} in ${labelOf(snapshot, server.region)}`;
}

/** A zone as the diagram shows it: "zone b", and its region's label when there are several. */
function zoneName(snapshot: Snapshot, zone: ComponentView): string {
  const regions = snapshot.components.filter((c) => c.kind === 'region');
  if (regions.length < 2 || !zone.region) return zone.label;
  return `${zone.label} in ${labelOf(snapshot, zone.region)}`;
}

/**
 * What `Metrics.window60s` covers at the snapshot's time, in words: the last 60 whole
 * seconds, or the whole seconds so far in the first minute ("in the first 10 s").
 */
function windowWords(snapshot: Snapshot): string {
  const wholeS = Math.floor(snapshot.nowUs / 1_000_000);
  return wholeS >= 60 ? 'in the last minute' : `in the first ${wholeS} s`;
}

/** The first letter in capitals, for a name that starts a sentence. */
function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether some balancer still sends to `server` (it has not marked it unhealthy). */
function stillSentTo(snapshot: Snapshot, server: string): boolean {
  return snapshot.targets.some((t) => t.server === server && t.healthy);
}

function regionStory(snapshot: Snapshot, region: ComponentView): Story {
  const groups = snapshot.components.filter((c) => c.kind === 'users');
  const withDns = groups.filter((g) => g.dnsShares !== undefined);
  if (withDns.length === 0) {
    return {
      tone: 'failing',
      text: `Region ${region.label} is down: its users have nowhere to go.`,
    };
  }
  const stuck = withDns.filter((g) => (g.dnsShares?.[region.id] ?? 0) > 0);
  if (stuck.length > 0) {
    const who = `Users of ${names(stuck.map((g) => g.label))} are failing`;
    // The traffic manager's view of the region: `healthy` is its health check verdict.
    return region.healthy
      ? {
          tone: 'failing',
          text: `${who}: ${region.label} is down and the traffic manager has not noticed yet.`,
        }
      : {
          tone: 'failing',
          text: `${who}: the traffic manager knows ${region.label} is down, but cached DNS answers still send them there.`,
        };
  }
  const moved = withDns.filter((g) => g.region === region.id).map((g) => g.label);
  const to = Object.entries(withDns[0]?.dnsShares ?? {})
    .filter(([, share]) => share > 0)
    .map(([id]) => labelOf(snapshot, id));
  const whom = moved.length > 0 ? `users of ${names(moved)}` : 'every user';
  return {
    tone: 'handled',
    text: `Failover done: ${region.label} is down and ${whom} are served from ${names(to)}.`,
  };
}

/**
 * A single primary cut off from the other database nodes (an `isolate` fault) that app
 * servers still reach and that has not been fenced: it looks up, but replication has
 * stopped. Modes that wait for a replica's acknowledgement (sync, quorum, semi-sync until
 * it falls back) cannot acknowledge writes; the others acknowledge writes no replica has,
 * lost if a replica is promoted. Null when there is no such primary.
 */
function isolatedPrimaryStory(snapshot: Snapshot, database: DatabaseView): Story | null {
  if (database.conflictMode !== 'single-primary' || database.primaries.length !== 1) return null;
  const primary = database.nodes.find((n) => n.id === database.primaries[0]);
  if (!primary || primary.state !== 'isolated') return null;
  const name = labelOf(snapshot, primary.id);
  const waits =
    database.replicationMode === 'sync' ||
    database.replicationMode === 'quorum' ||
    (database.replicationMode === 'semi-sync' && !database.semiSyncFallback);
  if (waits) {
    return {
      tone: 'failing',
      text: `${name} is cut off from the other database nodes: writes wait for a replica's acknowledgement that cannot come.`,
    };
  }
  const missed = Math.max(
    0,
    ...database.streams.filter((st) => st.from === primary.id).map((st) => st.lagWrites),
  );
  const what =
    missed > 0
      ? `the last ${count(missed)} ${missed === 1 ? 'write' : 'writes'}`
      : 'every write from now on';
  return {
    tone: 'failing',
    text: `${name} is cut off from the other database nodes: it still takes writes, but its replicas miss ${what}, lost if one of them is promoted.`,
  };
}

/** The last minute's finished user requests (`Metrics.window60s`). */
export interface RecentRequests {
  succeeded: number;
  degraded: number;
  failed: number;
}

/** What a queue's wait is worked out from: the servers' workers and service time, the users' timeout. */
export type QueueSettings = Pick<Settings, 'server' | 'client'>;

/**
 * A queue worth telling the room about: its newest request waits at least this share of
 * the users' timeout. Below it queues come and go with random arrivals at any load under
 * capacity; above it they are long because requests have arrived faster than the servers
 * finish them, and the wait is on its way to the timeout.
 */
export const TELLING_WAIT_SHARE_OF_TIMEOUT = 0.1;

/**
 * How long the newest request in `server`'s queue waits before a worker takes it, in ms:
 * every request ahead of it is served `workers` at a time, each for the mean service
 * time (times the server's slow factor). The mean, so "about".
 */
export function queueWaitMs(server: ComponentView, settings: QueueSettings): number {
  const serviceMs = settings.server.serviceTimeMsMean * (server.slowFactor ?? 1);
  return (server.queued * serviceMs) / settings.server.workers;
}

/**
 * How many requests wait in `servers`' queues, and how many of those already timed out
 * ("6,837 requests wait in every server's queue, 1,388 of them already timed out"). The
 * snapshot's `queued` counts both; the headline's "still waiting" counts users in flight,
 * which the second figure would otherwise seem to contradict (issue 14): the requests
 * somebody still waits for are the first figure less the second.
 */
function waitingIn(servers: readonly ComponentView[], where: string): string {
  const waiting = servers.reduce((sum, s) => sum + s.queued, 0);
  const timedOut = servers.reduce((sum, s) => sum + (s.queuedTimedOut ?? 0), 0);
  const wait = `${count(waiting)} ${waiting === 1 ? 'request waits' : 'requests wait'} in ${where}`;
  if (timedOut === 0) return wait;
  if (waiting === 1) return `${wait}, and it already timed out`;
  return `${wait}, ${timedOut === waiting ? 'all' : count(timedOut)} of them already timed out`;
}

/**
 * Where `queued` servers' requests wait, in words: "every server's queue" when they are
 * every server up (more than two: shorter for the room, and just as true), else "the queues
 * of a1, a2 and 4 more" (a1 to c2 were every server, which the room had to work out).
 */
function queuesOf(
  queued: readonly ComponentView[],
  servers: readonly ComponentView[],
  serverName: (server: ComponentView) => string,
): string {
  const up = servers.filter((server) => !componentIsDown(server));
  const everyUp = up.length > 2 && up.every((server) => queued.includes(server));
  return everyUp ? "every server's queue" : `the queues of ${names(queued.map(serverName))}`;
}

/** Seconds to one decimal below 10 s ("1.8 s"), whole above ("12 s"). */
function seconds(ms: number): string {
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s).toString()} s`;
}

/**
 * The servers whose queues make users wait (`TELLING_WAIT_SHARE_OF_TIMEOUT`), as a clause:
 * how many requests wait where, the longest wait, and the users' timeout; null when none.
 */
function longQueues(
  servers: readonly ComponentView[],
  settings: QueueSettings,
  serverName: (server: ComponentView) => string,
): string | null {
  const tellingMs = TELLING_WAIT_SHARE_OF_TIMEOUT * settings.client.timeoutMs;
  const long = servers
    .map((server) => ({ server, waitMs: queueWaitMs(server, settings) }))
    .filter((q) => !componentIsDown(q.server) && q.waitMs >= tellingMs);
  if (long.length === 0) return null;
  const longestMs = Math.max(...long.map((q) => q.waitMs));
  const longServers = long.map((q) => q.server);
  const waiting = waitingIn(longServers, queuesOf(longServers, servers, serverName));
  return `${waiting}, the newest for about ${seconds(longestMs)}; users give up after ${seconds(settings.client.timeoutMs)}`;
}

/** What storyLine knows beyond the snapshot; each field may be left out. */
export interface StoryOptions {
  /**
   * The servers' names where the diagram shows tiles ("a1" for app-a1, Present), so the
   * story calls them what the diagram does. Default: their ids.
   */
  tileNames?: ReadonlyMap<string, string>;
  /**
   * The run's settings: with them the story sees queues long enough to make users wait
   * (`queueWaitMs`) before the first timeout. Default: none, no queue sentence.
   */
  settings?: QueueSettings;
  /**
   * The screen already shows the database's failover phase ("primary db-a1 lost: leader
   * lease expires in 12 s": Present's database card, or the diagram's database label), so
   * the story leaves it out and the room reads it once (it cost the story two lines at
   * 1280x720). Default: false, the sentence carries it.
   */
  failoverPhaseShown?: boolean;
}

/**
 * The sentence for the situation in `snapshot`. Pure. `recent` (the last minute's
 * requests) keeps the calm sentence honest: with no broken part to name, requests can
 * still fail (overload: queues grow until users time out), and then the story says how
 * many, never "Everything is up". `options`: StoryOptions.
 */
export function storyLine(
  snapshot: Snapshot,
  recent?: RecentRequests,
  { tileNames, settings, failoverPhaseShown = false }: StoryOptions = {},
): Story {
  const { components, database } = snapshot;
  /** A server as the diagram names it: its tile's name where tiles show one (Present). */
  const serverName = (server: ComponentView): string => serverLabel(snapshot, server, tileNames);
  const ofKind = (kind: ComponentView['kind']) => components.filter((c) => c.kind === kind);
  /** "1,204 requests wait in the queues of a1 and a2, the newest for about 1.8 s; users give up after 3.0 s", or null. */
  const queues = settings ? longQueues(ofKind('server'), settings, serverName) : null;

  // Data first: a split brain loses acknowledged writes even while every request succeeds.
  if (database && database.conflictMode === 'single-primary' && database.primaries.length > 1) {
    return {
      tone: 'failing',
      text: `Split brain: ${names(database.primaries.map((id) => labelOf(snapshot, id)))} both accept writes, and one side's writes will be lost.`,
    };
  }

  const cutOff = database && isolatedPrimaryStory(snapshot, database);
  if (cutOff) return cutOff;

  const downRegion = ofKind('region').find((r) => componentIsDown(r));
  if (downRegion) return regionStory(snapshot, downRegion);

  const failingOpen = snapshot.failingOpen[0];
  if (failingOpen) {
    return {
      tone: 'failing',
      text: `${labelOf(snapshot, failingOpen)} has no healthy server left: it fails open and sends to all of them.`,
    };
  }

  if (database && database.conflictMode === 'single-primary' && database.primaries.length === 0) {
    const phase =
      database.failoverPhase && !failoverPhaseShown ? ` (${database.failoverPhase})` : '';
    // Reads sent to the primary fail too; reads sent to replicas go to the nearest one up
    // and keep working (stale, perhaps) while any is. With manual failover nothing takes
    // over until someone promotes a replica.
    const replicaUp = database.nodes.some((n) => n.role === 'replica' && n.state === 'up');
    const text =
      database.readsFrom === 'replicas' && replicaUp
        ? 'writes fail until a replica is promoted; reads go to the replicas and still work'
        : 'writes fail, and so do reads (they go to the primary), until a replica is promoted';
    return { tone: 'failing', text: `The database has no primary${phase}: ${text}.` };
  }

  const downZones = ofKind('zone').filter((z) => componentIsDown(z));
  const downServers = ofKind('server').filter((s) => componentIsDown(s));
  const unseen = downServers.filter((s) => stillSentTo(snapshot, s.id)).map(serverName);
  if (downZones.length > 0) {
    const what = `${capitalised(names(downZones.map((z) => zoneName(snapshot, z))))} ${downZones.length > 1 ? 'are' : 'is'} down`;
    return unseen.length > 0
      ? {
          tone: 'failing',
          text: `${what}: the balancer has not noticed yet, so requests sent there fail.`,
        }
      : queues
        ? {
            tone: 'failing',
            text: `${what}: the balancer routes around it, but the other zones cannot keep up: ${queues}.`,
          }
        : {
            tone: 'handled',
            text: `${what}: the balancer routes around it; the other zones carry its load.`,
          };
  }
  if (unseen.length > 0) {
    return {
      tone: 'failing',
      text: `${names(unseen)} ${unseen.length > 1 ? 'are' : 'is'} down: the balancer has not noticed yet, so requests sent there fail.`,
    };
  }

  const dependency = ofKind('dependency')[0];
  const openBreakers = ofKind('server').filter((s) => s.breaker?.state === 'OPEN');
  if (dependency && !componentIsPlainUp(dependency)) {
    const guard =
      openBreakers.length > 0
        ? ` Circuit breakers are open on ${openBreakers.length} of ${ofKind('server').length} servers: their calls fail fast.`
        : '';
    return {
      tone: 'failing',
      text: `${dependency.label} is ${dependency.stateLabel}: requests that call it suffer.${guard}`,
    };
  }

  if (downServers.length > 0) {
    const ids = downServers.map(serverName);
    if (queues) {
      return {
        tone: 'failing',
        text: `${names(ids)} ${ids.length > 1 ? 'are' : 'is'} down and the balancer routes around, but the other servers cannot keep up: ${queues}.`,
      };
    }
    return {
      tone: 'handled',
      text: `${names(ids)} ${ids.length > 1 ? 'are' : 'is'} down: the balancer has marked ${ids.length > 1 ? 'them' : 'it'} unhealthy and routes around.`,
    };
  }

  const slow = ofKind('server').filter((s) => componentIsSlow(s));
  if (slow.length > 0) {
    return {
      tone: 'failing',
      text: `${names(slow.map(serverName))} ${slow.length > 1 ? 'are' : 'is'} slow: requests sent there wait longer.`,
    };
  }

  const returning = ofKind('server').filter((s) => !componentIsDown(s) && !s.healthy);
  if (returning.length > 0) {
    return {
      tone: 'handled',
      text: `${names(returning.map(serverName))} ${returning.length > 1 ? 'are' : 'is'} back up: the balancer waits for passing health checks before sending there again.`,
    };
  }

  if (recent && recent.failed > 0) {
    const finished = recent.succeeded + recent.degraded + recent.failed;
    const queued = ofKind('server').filter((s) => s.queued > 0);
    const where =
      queued.length > 0
        ? `; ${waitingIn(queued, queuesOf(queued, ofKind('server'), serverName))}`
        : '';
    return {
      tone: 'failing',
      text: `Every part is up, yet ${count(recent.failed)} of ${count(finished)} requests ${windowWords(snapshot)} failed${where}.`,
    };
  }

  if (queues) {
    return {
      tone: 'failing',
      text: `Every part is up, but requests have arrived faster than the servers finish them: ${queues}.`,
    };
  }

  return { tone: 'calm', text: 'Everything is up: every part serves as it should.' };
}
