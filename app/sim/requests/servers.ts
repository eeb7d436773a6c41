/**
 * App servers and the dependency as servers: workers, queue, replies, crashes, and the database step of a request.
 */
import { serverAlive, type World } from '../engine/world';
import {
  SERVICE_DONE,
  REPLY_AT_BALANCER,
  DEPENDENCY_DONE,
  DEPENDENCY_REPLY,
  type Outcome,
  type LinkState,
  type Try,
  type DependencyCall,
  type Work,
  type ServerState,
} from '../engine/types';
import { objectArray } from '../engine/arrays';
import { US_PER_MS } from '../engine/time';

import type { DatabaseTier } from './databaseTier';
import type { Events } from '../engine/events';
import type { Network } from './network';

/** What createServers needs from the engine's other parts. */
export interface ServersDeps {
  databaseTier: Pick<DatabaseTier, 'database'>;
  events: Pick<Events, 'pushAt'>;
  network: Pick<Network, 'regionHopMs' | 'send'>;
}

export function createServers(w: World, deps: ServersDeps) {
  const { serviceRandom, mixRandom, serverTimeHistogram, dependency, tracer } = w;
  const { database } = deps.databaseTier;
  const { pushAt } = deps.events;
  const { regionHopMs, send } = deps.network;

  const startWork = (server: ServerState, work: Work): void => {
    server.inService.push(work);
    tracer.workStarted(work, server.info.id, w.nowUs);
    const meanMs =
      server === dependency
        ? w.settings.dependency.serviceTimeMsMean
        : w.settings.server.serviceTimeMsMean;
    const serviceUs = Math.max(
      1,
      Math.round(serviceRandom.exponential(meanMs * US_PER_MS * server.slowFactor)),
    );
    if (server === dependency) {
      const e = pushAt(DEPENDENCY_DONE, serviceUs);
      e.server = server;
      e.epoch = server.epoch;
      e.call = work as DependencyCall;
    } else {
      const e = pushAt(SERVICE_DONE, serviceUs);
      e.server = server;
      e.epoch = server.epoch;
      e.try_ = work as Try;
    }
  };

  /** Removes `work` from a server's in-service list, keeping the others in order. */
  const removeInService = (inService: Work[], work: Work): void => {
    const last = inService.length - 1;
    let i = inService.indexOf(work);
    if (i < 0) return;
    for (; i < last; i++) inService[i] = inService[i + 1]!;
    inService.pop();
  };

  /** Frees a worker and starts the next queued work. */
  const releaseWorker = (server: ServerState, work: Work): void => {
    removeInService(server.inService, work);
    server.served++;
    const workers =
      server === dependency ? w.settings.dependency.workers : w.settings.server.workers;
    while (server.inService.length < workers && server.queueHead < server.queue.length) {
      startWork(server, server.queue[server.queueHead++]!);
    }
    if (server.queueHead > 1024 && server.queueHead * 2 > server.queue.length) {
      server.queue = server.queue.slice(server.queueHead);
      server.queueHead = 0;
    }
  };

  const admit = (server: ServerState, work: Work): void => {
    const workers =
      server === dependency ? w.settings.dependency.workers : w.settings.server.workers;
    if (server.inService.length < workers) startWork(server, work);
    else {
      server.queue.push(work);
      tracer.queued(work, server.info.id, w.nowUs);
    }
  };

  const replyFromServer = (try_: Try, outcome: Outcome): void => {
    const e = send(
      REPLY_AT_BALANCER,
      try_.attempt.user,
      try_.target.link,
      false,
      regionHopMs(),
      outcome,
    );
    if (e) e.try_ = try_;
    // A finished answer lost on the wire (one-way cut, loss) is work nobody receives.
    else if (outcome === 'ok' || outcome === 'degraded') try_.target.server.wastedWork++;
  };

  const replyFromDependency = (call: DependencyCall, outcome: Outcome): void => {
    const e = send(
      DEPENDENCY_REPLY,
      call.try_.attempt.user,
      dependencyLink(call.server),
      false,
      w.settings.dependency.latencyMs,
      outcome,
    );
    if (e) e.call = call;
    else if (outcome === 'ok') dependency!.wastedWork++;
  };

  const dependencyLink = (server: ServerState): LinkState => server.dependencyLink!;

  /**
   * Each request reads or writes one key (a write with probability `writeShare`);
   * the worker waits for the database. A degraded answer from the payments step stays
   * degraded when the database succeeds.
   */
  const databaseStep = (server: ServerState, try_: Try, outcome: 'ok' | 'degraded'): void => {
    if (!database) return completeTry(server, try_, outcome);
    const epoch = server.epoch;
    const key = mixRandom.int(w.settings.database.keys);
    const finish = (ok: boolean): void => {
      if (server.epoch !== epoch) return; // the server died meanwhile; its work is gone
      completeTry(server, try_, ok ? outcome : 'error');
    };
    // A probe writes whenever some users do (a journey through every step, see
    // `startUserRequest`), so a database that cannot take writes shows as down.
    const writes = try_.attempt.user.probe
      ? w.settings.database.writeShare > 0
      : mixRandom.chance(w.settings.database.writeShare);
    if (tracer.on(try_.attempt.user)) {
      const call = {};
      tracer.child(
        try_,
        'database',
        `${server.info.id} ${writes ? 'writes' : 'reads'} key ${key} in the database`,
        server.info.id,
        w.nowUs,
        null,
        null,
        call,
      );
      const epochAtCall = epoch;
      const done = (ok: boolean): void => {
        if (server.epoch === epochAtCall) tracer.end(call, w.nowUs, ok ? 'ok' : 'error');
        finish(ok);
      };
      if (writes) database.write(server.info.id, key, done);
      else database.read(server.info.id, key, done);
      return;
    }
    if (writes) {
      database.write(server.info.id, key, (ok) => finish(ok));
    } else {
      database.read(server.info.id, key, (ok) => finish(ok));
    }
  };

  const completeTry = (server: ServerState, try_: Try, outcome: Outcome): void => {
    if (try_.done) server.wastedWork++;
    serverTimeHistogram.record(w.nowUs - try_.atServerUs);
    releaseWorker(server, try_);
    replyFromServer(try_, outcome);
  };

  /** Drops the work on a server: with `reset`, callers get a connection reset at once. */
  const dropWork = (server: ServerState, reset: boolean): void => {
    server.epoch++;
    if (reset) {
      for (const work of server.inService) resetWork(server, work);
      for (let i = server.queueHead; i < server.queue.length; i++)
        resetWork(server, server.queue[i]!);
    }
    server.inService = objectArray();
    server.queue = objectArray();
    server.queueHead = 0;
  };

  const resetWork = (server: ServerState, work: Work): void => {
    if (server === dependency) replyFromDependency(work as DependencyCall, 'refused');
    else replyFromServer(work as Try, 'refused');
  };

  const crashProcess = (server: ServerState): void => {
    server.process = 'crashed';
    // A crashed process on a live host resets its connections: callers learn at once.
    // On a dead host nothing is sent; the work was already lost with the host.
    dropWork(server, serverAlive(server));
  };

  return {
    releaseWorker,
    admit,
    replyFromServer,
    replyFromDependency,
    dependencyLink,
    databaseStep,
    completeTry,
    dropWork,
    crashProcess,
  };
}

export type Servers = ReturnType<typeof createServers>;
