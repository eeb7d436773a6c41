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
import { createWorld } from './engine/world';
import { COMMAND, DNS_CHECK, PROBE, COMMAND_PHASE, DNS_CACHES_PER_GROUP } from './engine/types';
import type {
  ApplyResult,
  Simulation,
  SimulationInput,
  SimulationOptions,
} from './simulationTypes';
import { describeCommand, type Command } from './commands';
import { usFromMs, usFromS } from './engine/time';

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
import { createChaos } from './chaos/chaosPart';

import { createMessages } from './output/messages';
import { createTargets } from './commands/targets';
import { createValidation } from './commands/engineChecks';
import { createCommandApplier } from './commands/apply';
import { createEventLoop } from './engine/loop';
import { createSnapshotView } from './output/snapshotView';
import { createMetricsReport } from './output/metricsReport';

export * from './simulationTypes';

/** Creates a simulation of `input` seeded with `options.seed`. */
export function createSimulation(input: SimulationInput, options: SimulationOptions): Simulation {
  const w = createWorld(input, options);
  const {
    seed,
    componentInfos,
    linkInfos,
    trafficManagerId,
    checkRandom,
    dnsRandom,
    logEntries,
    applied,
    balancers,
    regionList,
    groups,
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
  const balancerPart = createBalancers(w, {
    budgetOutcome,
    budgetRequest,
    retryDelayUs,
    log,
    pushAt,
    regionHopMs,
    send,
    userHopMs,
  });
  const { startTry, tryFinished } = balancerPart;
  const serverPart = createServers(w, { database, pushAt, regionHopMs, send });
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
  } = serverPart;
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
  const { rebuildAlertEvaluator, secondTick, pushSecondTick, alertState } = monitoring;
  const messages = createMessages(w, { kindOf });
  const { messageView, deliveredSince } = messages;
  const targets = createTargets(w);
  const { resolveLinks, targetKind, serverLike, linkFaulty, serverBroken } = targets;
  const validation = createValidation(w, { database, databaseNodes });
  const { setProblem, validate, validateScheduled } = validation;
  const commandApplier = createCommandApplier(w, {
    crashProcess,
    dropWork,
    database,
    databaseNodes,
    databaseOptionsOf,
    linkFaulty,
    resolveLinks,
    serverBroken,
    serverLike,
    targetKind,
    log,
    pushAt,
    rebuildAlertEvaluator,
    setProblem,
  });
  const { execute, flapToggle, actionsFor } = commandApplier;
  const chaos = createChaos(w, { execute, validate, log, pushAt });
  const eventLoop = createEventLoop(w, {
    admit,
    releaseWorker,
    replyFromDependency,
    replyFromServer,
    attemptFinished,
    clientTimeout,
    scheduleNextArrival,
    startAttempt,
    startUserRequest,
    callDependency,
    dependencyResult,
    serviceDone,
    chargeCard,
    checkResult,
    sendCheck,
    dnsCheck,
    execute,
    flapToggle,
    messageView,
    pushAt,
    releaseEvent,
    secondTick,
    startTry,
    tryFinished,
  });
  const { runUntil } = eventLoop;
  const snapshotView = createSnapshotView(w, { database, messageView, serverLike });
  const { breakerView, snapshot } = snapshotView;
  const metricsReport = createMetricsReport(w, { breakerView, database, alertState });
  const { metrics } = metricsReport;

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

  // Chaos mode (off by default: then it schedules and draws nothing).
  chaos.start();

  const schedule = (atUs: number, command: Command): ApplyResult => {
    const error = validateScheduled(command);
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
    traceNext(from) {
      if (from === null) {
        w.tracer.clear();
        return { ok: true };
      }
      if (!groups.some((g) => g.id === from)) {
        const ids = groups.map((g) => g.id).join(', ');
        return { ok: false, error: `no user group ${from} to trace from (groups: ${ids})` };
      }
      w.tracer.arm(from, w.nowUs);
      return { ok: true };
    },
    trace: () => w.tracer.view(),
  };
}
