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
import { usFromMs, usFromS, type SimTimeUs } from './engine/time';

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
import { findInFlight } from './output/traceFind';

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

  // Each part gets the earlier parts' records it uses; its `…Deps` type picks the
  // functions it may call from each.
  const events = createEvents(w);
  const { makeEvent, push, pushAt } = events;
  const logWriter = createLogWriter(w);
  const network = createNetwork(w, { events });
  const databaseTier = createDatabaseTier(w, { network, logWriter, events });
  const retries = createRetries(w);
  const dns = createDns(w, { logWriter, events });
  const { dnsAnswer } = dns;
  const idempotency = createIdempotency(w);
  const clients = createClients(w, { retries, events, dns, network, idempotency });
  const { scheduleNextArrival } = clients;
  const balancerPart = createBalancers(w, { retries, logWriter, events, network });
  const serverPart = createServers(w, { databaseTier, events, network });
  const breakers = createBreakers(w, { logWriter });
  const dependencyCalls = createDependencyCalls(w, {
    breakers,
    retries,
    servers: serverPart,
    events,
    network,
  });
  const healthChecks = createHealthChecks(w, { network, logWriter, events });
  const { scheduleCheck } = healthChecks;
  const monitoring = createMonitoring(w, { logWriter, events });
  const { pushSecondTick } = monitoring;
  const messages = createMessages(w, { network });
  const { deliveredSince } = messages;
  const targets = createTargets(w);
  const validation = createValidation(w, { databaseTier });
  const { validate, validateScheduled } = validation;
  const commandApplier = createCommandApplier(w, {
    servers: serverPart,
    databaseTier,
    targets,
    logWriter,
    events,
    monitoring,
    validation,
  });
  const { execute, actionsFor } = commandApplier;
  const chaos = createChaos(w, { events, logWriter, commandApplier, validation });
  const eventLoop = createEventLoop(w, {
    servers: serverPart,
    clients,
    dependencyCalls,
    idempotency,
    healthChecks,
    dns,
    commandApplier,
    messages,
    events,
    monitoring,
    balancers: balancerPart,
  });
  const { runUntil } = eventLoop;
  const snapshotView = createSnapshotView(w, { databaseTier, messages, targets });
  const { snapshot } = snapshotView;
  const metricsReport = createMetricsReport(w, { snapshotView, databaseTier, monitoring });
  const { metrics, seriesTiers } = metricsReport;

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
        group.dnsCaches.push({ region: answer, expiresUs: dnsRandom.int(ttlUs + 1) as SimTimeUs });
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
    seriesTiers,
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
    traceRequest(requestId) {
      if (!Number.isSafeInteger(requestId) || requestId < 1) {
        return {
          ok: false,
          error: `no request #${requestId}: a request number is a whole number from 1`,
        };
      }
      if (requestId >= w.nextRequestId) {
        w.tracer.awaitRequest(requestId, w.nowUs);
        return { ok: true };
      }
      const found = findInFlight(w, requestId);
      if (!found) {
        return {
          ok: false,
          error: `request #${requestId} has already finished: only a request still in flight can be followed from now on`,
        };
      }
      w.tracer.follow(found, w.nowUs);
      return { ok: true };
    },
    trace: () => w.tracer.view(),
  };
}
