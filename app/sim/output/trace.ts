/**
 * Follow one request: an opt-in trace of a single user request, as a list of spans
 * (a waterfall). The engine records spans only for the one traced request, so a run
 * without a trace pays one pointer comparison per hook, and tracing never draws a
 * random number, takes a sequence number or pushes an event: a traced run produces the
 * same counters, log and snapshots as an untraced one.
 *
 * Spans nest: the request holds its DNS answers, attempts and the client's backoffs;
 * an attempt holds the balancer's tries and backoffs; a try holds the server's queue
 * wait, work, dependency calls (with their breaker decisions and backoffs) and the
 * database call. Instants (a timeout firing, a breaker decision, a lost message) are
 * spans with `endUs === startUs`.
 */
import type { Attempt, DependencyCall, Outcome, Try, UserRequest, Work } from '../engine/types';
import { US_PER_MS, type SimTimeUs } from '../engine/time';

/** What a span stands for (the waterfall's row kind). */
export type TraceSpanKind =
  | 'request'
  | 'dns'
  | 'attempt'
  | 'client-backoff'
  | 'try'
  | 'balancer-backoff'
  | 'queue'
  | 'work'
  | 'dependency-call'
  | 'server-backoff'
  | 'breaker'
  | 'database'
  | 'timeout'
  | 'lost'
  | 'no-answer'
  | 'fast-fail'
  | 'fallback'
  | 'gave-up';

/**
 * How a span ended: the outcome it carried, `abandoned` when nobody waited for it any
 * more (the caller timed out, the host died), or null for an instant.
 */
export type TraceOutcome = Outcome | 'abandoned';

export interface TraceSpan {
  id: number;
  /** The span it belongs to (null for the request itself). */
  parentId: number | null;
  /** Nesting level: 0 the request, 1 attempts, 2 tries, 3 the server's parts, 4 deeper. */
  depth: number;
  kind: TraceSpanKind;
  /** What happened, in words a learner can follow (the waterfall's row label). */
  label: string;
  /** The part it happened at (a component or user group id), if any. */
  target: string | null;
  startUs: SimTimeUs;
  /** Null while still open. Equal to `startUs` for an instant. */
  endUs: SimTimeUs | null;
  outcome: TraceOutcome | null;
}

/** A trace as views and tests read it: plain data, safe to clone to the page. */
export interface RequestTrace {
  /**
   * The user group whose next request is (or was) traced; '' while waiting for a
   * request by its number (`traceRequest` before it starts), until it starts.
   */
  from: string;
  /** `waiting` for the group's next request, `recording` it, or `done` with its outcome. */
  status: 'waiting' | 'recording' | 'done';
  /** When the trace was asked for. */
  armedUs: SimTimeUs;
  /**
   * Set when a request already in flight was picked (`traceRequest`): the instant
   * recording began. Its request, attempt, try, queue wait, payments calls and backoffs
   * then open are drawn from their records with their true starts; anything else that
   * happened to it before this instant (earlier attempts, DNS, finished work) was not
   * recorded. Null when the trace waited for the request and recorded it from its start.
   */
  followedFromUs: SimTimeUs | null;
  /**
   * Set by the page's session, not the engine: the request had finished when it was
   * picked (its dot replays a hop slowed down), so the run was replayed from 0:00 with
   * the same seed and commands to record it whole.
   */
  replayed?: boolean;
  requestId: number | null;
  startUs: SimTimeUs | null;
  endUs: SimTimeUs | null;
  outcome: Outcome | null;
  spans: TraceSpan[];
}

/**
 * What the engine holds of a request in flight when a trace starts mid-way
 * (`findInFlight`): enough to draw the spans still open with their true starts.
 */
export interface InFlightRequest {
  user: UserRequest;
  /** The attempt the client waits on, or null while it backs off before the next. */
  attempt: Attempt | null;
  /** When the client's pending retry is due (it is backing off), or null. */
  clientRetryUs: SimTimeUs | null;
  /** When the balancer's pending retry of `attempt` is due, or null. */
  balancerRetryUs: SimTimeUs | null;
  /** The balancer's try it waits on, or null. */
  try_: Try | null;
  /** The try waits in its server's queue for a worker (since it arrived there). */
  queued: boolean;
  /** The server's call to the dependency it waits on, or null. */
  call: DependencyCall | null;
  /** The dependency's id (payments), when the cloud has one. */
  dependencyId: string | null;
  /** When the server's pending retry of the dependency is due (for `try_`), or null. */
  serverRetryUs: SimTimeUs | null;
  /** The number of that retry's call (2 = the first retry). */
  serverRetryCall: number;
}

/** The user request a piece of server work is for. */
const userOfWork = (work: Work): UserRequest =>
  'attempt' in work ? work.attempt.user : work.try_.attempt.user;

/**
 * The engine's recorder. Hooks call `on(user)` first (a pointer comparison) and record
 * only for the traced request; spans of objects (attempt, try, call) are found by key.
 */
export function createTracer() {
  let trace: RequestTrace | null = null;
  let traced: UserRequest | null = null;
  /** The request number a waiting trace waits for (`awaitRequest`), or null: the group's next. */
  let wantedId: number | null = null;
  /** Span of each traced attempt, try and dependency call (and of the request). */
  const spanOf = new Map<object, TraceSpan>();
  /** Queue and work spans by the piece of work (a try or a call). */
  const queueOf = new Map<Work, TraceSpan>();
  const workOf = new Map<Work, TraceSpan>();
  /** Open spans, newest last: a lost message belongs to the newest. */
  const open: TraceSpan[] = [];

  const reset = (): void => {
    traced = null;
    wantedId = null;
    spanOf.clear();
    queueOf.clear();
    workOf.clear();
    open.length = 0;
  };

  /** Starts waiting for the next request from `groupId` (replacing any trace). */
  const arm = (groupId: string, nowUs: SimTimeUs): void => {
    reset();
    trace = {
      from: groupId,
      status: 'waiting',
      armedUs: nowUs,
      followedFromUs: null,
      requestId: null,
      startUs: null,
      endUs: null,
      outcome: null,
      spans: [],
    };
  };

  /** Starts waiting for request number `requestId` (not started yet), replacing any trace. */
  const awaitRequest = (requestId: number, nowUs: SimTimeUs): void => {
    arm('', nowUs);
    wantedId = requestId;
  };

  const clear = (): void => {
    reset();
    trace = null;
  };

  /** Whether `user` is the request being recorded. */
  const on = (user: UserRequest): boolean => user === traced;

  const add = (
    parent: TraceSpan | null,
    kind: TraceSpanKind,
    label: string,
    target: string | null,
    startUs: SimTimeUs,
    endUs: SimTimeUs | null,
    outcome: TraceOutcome | null = null,
  ): TraceSpan => {
    const span: TraceSpan = {
      id: trace!.spans.length,
      parentId: parent ? parent.id : null,
      depth: parent ? parent.depth + 1 : 0,
      kind,
      label,
      target,
      startUs,
      endUs,
      outcome,
    };
    trace!.spans.push(span);
    if (endUs === null) open.push(span);
    return span;
  };

  const close = (span: TraceSpan | undefined, nowUs: SimTimeUs, outcome: TraceOutcome): void => {
    if (!span || span.endUs !== null) return;
    span.endUs = nowUs;
    span.outcome = outcome;
    const i = open.indexOf(span);
    if (i >= 0) open.splice(i, 1);
  };

  /** A new user request started: it is traced if it is the one the trace waits for. */
  const started = (user: UserRequest, nowUs: SimTimeUs): void => {
    if (!trace || trace.status !== 'waiting') return;
    if (wantedId !== null ? user.id !== wantedId : user.probe || user.group.id !== trace.from)
      return;
    traced = user;
    trace.from = user.group.id;
    trace.status = 'recording';
    trace.requestId = user.id;
    trace.startUs = nowUs;
    const kind = user.probe ? 'probe' : user.needsDependency ? 'checkout' : 'request';
    spanOf.set(
      user,
      add(null, 'request', `${kind} #${user.id} from ${user.group.id}`, user.group.id, nowUs, null),
    );
  };

  /**
   * Starts recording a request already in flight (replacing any trace): its request
   * span and the spans open now (attempt, client or balancer backoff, try, queue wait,
   * payments call, server backoff) from their records' start times; what is already
   * over was not recorded (`followedFromUs` says from when). Reads only: draws no random
   * number and changes nothing in the run.
   */
  const follow = (found: InFlightRequest, nowUs: SimTimeUs): void => {
    reset();
    const user = found.user;
    const backoffStartUs = (dueUs: SimTimeUs, lastMs: number): SimTimeUs =>
      (dueUs - Math.round(lastMs * US_PER_MS)) as SimTimeUs;
    trace = {
      from: user.group.id,
      status: 'recording',
      armedUs: nowUs,
      followedFromUs: nowUs,
      requestId: user.id,
      startUs: user.startUs,
      endUs: null,
      outcome: null,
      spans: [],
    };
    traced = user;
    const kind = user.probe ? 'probe' : user.needsDependency ? 'checkout' : 'request';
    spanOf.set(
      user,
      add(
        null,
        'request',
        `${kind} #${user.id} from ${user.group.id}`,
        user.group.id,
        user.startUs,
        null,
      ),
    );
    if (found.clientRetryUs !== null) {
      const startUs = backoffStartUs(found.clientRetryUs, user.lastBackoffMs);
      child(
        user,
        'client-backoff',
        `the client backs off ${formatMs(found.clientRetryUs - startUs)} before attempt ${user.attempts + 1}`,
        user.group.id,
        startUs,
        found.clientRetryUs,
      );
    }
    const attempt = found.attempt;
    if (!attempt) return;
    const balancer = attempt.balancer.info.id;
    child(
      user,
      'attempt',
      `attempt ${user.attempts} to ${balancer}`,
      balancer,
      attempt.startUs,
      null,
      null,
      attempt,
    );
    if (found.balancerRetryUs !== null) {
      const startUs = backoffStartUs(found.balancerRetryUs, attempt.lastBackoffMs);
      child(
        attempt,
        'balancer-backoff',
        `${balancer} backs off ${formatMs(found.balancerRetryUs - startUs)} before try ${attempt.tries + 1}`,
        balancer,
        startUs,
        found.balancerRetryUs,
      );
    }
    const try_ = found.try_;
    if (!try_) return;
    const target = try_.target.id;
    child(
      attempt,
      'try',
      `try ${attempt.tries}: ${balancer} sent it to ${target}`,
      target,
      try_.startUs,
      null,
      null,
      try_,
    );
    if (found.queued) {
      queueOf.set(
        try_,
        add(
          spanOf.get(try_)!,
          'queue',
          `waits in ${target}'s queue for a worker`,
          target,
          try_.atServerUs,
          null,
        ),
      );
    }
    const call = found.call;
    if (call) {
      const server = call.server.info.id;
      const dependency = found.dependencyId;
      child(
        try_,
        'dependency-call',
        `${server} calls ${dependency} (call ${call.n})`,
        dependency,
        call.startUs,
        null,
        null,
        call,
      );
    }
    if (found.serverRetryUs !== null) {
      const server = try_.target.id;
      const startUs = backoffStartUs(found.serverRetryUs, try_.dependencyBackoffMs);
      child(
        try_,
        'server-backoff',
        `${server} backs off ${formatMs(found.serverRetryUs - startUs)} before call ${found.serverRetryCall}`,
        server,
        startUs,
        found.serverRetryUs,
      );
    }
  };

  /** A span under the span of `parentKey` (the request, an attempt, try or call). */
  const child = (
    parentKey: object,
    kind: TraceSpanKind,
    label: string,
    target: string | null,
    startUs: SimTimeUs,
    endUs: SimTimeUs | null,
    outcome: TraceOutcome | null = null,
    key: object | null = null,
  ): void => {
    const parent = spanOf.get(parentKey);
    if (!parent || !trace || trace.status !== 'recording') return;
    const span = add(parent, kind, label, target, startUs, endUs, outcome);
    if (key) spanOf.set(key, span);
  };

  /** Closes the span of an attempt, try or call with its outcome. */
  const end = (key: object, nowUs: SimTimeUs, outcome: TraceOutcome): void => {
    close(spanOf.get(key), nowUs, outcome);
  };

  /** Server work: queued (waiting for a worker) or started. */
  const queued = (work: Work, server: string, nowUs: SimTimeUs): void => {
    if (traced === null) return;
    if (!on(userOfWork(work))) return;
    const parent = spanOf.get(work);
    if (!parent) return;
    queueOf.set(
      work,
      add(parent, 'queue', `waits in ${server}'s queue for a worker`, server, nowUs, null),
    );
  };

  const workStarted = (work: Work, server: string, nowUs: SimTimeUs): void => {
    if (traced === null) return;
    if (!on(userOfWork(work))) return;
    const parent = spanOf.get(work);
    if (!parent) return;
    close(queueOf.get(work), nowUs, 'ok');
    workOf.set(work, add(parent, 'work', `${server} works on it`, server, nowUs, null));
  };

  const workDone = (work: Work, nowUs: SimTimeUs): void => {
    if (traced === null) return;
    if (!on(userOfWork(work))) return;
    close(workOf.get(work), nowUs, 'ok');
  };

  /** A message of the traced request was lost on the wire (a cut link or loss). */
  const lost = (user: UserRequest, from: string, to: string, nowUs: SimTimeUs): void => {
    if (!on(user) || open.length === 0) return;
    const parent = open[open.length - 1]!;
    add(parent, 'lost', `message ${from} → ${to} lost on the wire`, to, nowUs, nowUs);
  };

  /** The traced request is over: every span still open ends here, abandoned. */
  const finished = (user: UserRequest, outcome: Outcome, nowUs: SimTimeUs): void => {
    if (!on(user) || !trace) return;
    const request = spanOf.get(user)!;
    for (const span of open.slice()) if (span !== request) close(span, nowUs, 'abandoned');
    // A server's backoff can outlast the request (its caller stopped waiting, the server
    // does not know): the trace ends with the request, so it is cut there.
    for (const span of trace.spans) {
      if (span.endUs !== null && span.endUs > nowUs) {
        span.endUs = nowUs;
        span.outcome = 'abandoned';
      }
    }
    close(request, nowUs, outcome);
    trace.status = 'done';
    trace.endUs = nowUs;
    trace.outcome = outcome;
    traced = null;
  };

  /** A copy of the trace (spans copied: the engine keeps mutating open ones). */
  const view = (): RequestTrace | null =>
    trace ? { ...trace, spans: trace.spans.map((s) => ({ ...s })) } : null;

  return {
    arm,
    awaitRequest,
    follow,
    clear,
    on,
    started,
    child,
    end,
    queued,
    workStarted,
    workDone,
    lost,
    finished,
    view,
  };
}

export type Tracer = ReturnType<typeof createTracer>;

/** A span's duration for a label: whole milliseconds, one decimal under 10 ms. */
export function formatMs(us: number): string {
  const ms = us / 1000;
  return `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
}
