/**
 * The compact fault form shared by the CLI's `--fault`, share links and the timeline:
 * `AT:ACTION:TARGET[:ARG]`, e.g. `30:kill:app-b1`, `45:slow:app-a1:x10` (AT in seconds
 * from the start).
 */
import type { Command } from '../sim';
import { RUN_DURATION_S_MAX, type FaultEntry } from './scenario';

/** One accepted form, for `--list` and help text. */
export interface FaultForm {
  form: string;
  description: string;
}

export const FAULT_FORMS: readonly FaultForm[] = [
  {
    form: 'AT:kill:SERVER',
    description: 'crash the server process: connections refused at once (fast failure)',
  },
  {
    form: 'AT:host-down:SERVER',
    description: 'the host dies: no answer, callers wait for their timeout',
  },
  {
    form: 'AT:slow:SERVER:x10',
    description: 'gray failure: service time x10 (health checks still pass)',
  },
  {
    form: 'AT:flap:SERVER:PERIOD_S',
    description: 'crash and restart over and over, half a period each',
  },
  { form: 'AT:kill-zone:ZONE', description: 'zone outage: every server in the zone stops at once' },
  {
    form: 'AT:kill-region:REGION',
    description: 'region outage: its balancer and servers stop at once',
  },
  {
    form: 'AT:cut:FROM->TO',
    description: 'partition a link, both directions (FROM->ZONE: every link into a zone)',
  },
  { form: 'AT:cut-oneway:FROM->TO', description: 'lose messages from FROM to TO only' },
  {
    form: 'AT:latency:FROM->TO:+200ms',
    description: 'add one-way latency on a link, both directions',
  },
  {
    form: 'AT:loss:FROM->TO:20%',
    description: 'drop this share of messages on a link, both directions',
  },
  {
    form: 'AT:errors:SERVER:50%',
    description: 'gray failure: answer this share of requests with a fast 5xx (health checks pass)',
  },
  { form: 'AT:weight:SERVER:2', description: "the balancer's weight for a server (0 drains it)" },
  { form: 'AT:rate:500', description: 'change the arrival rate (req/s): a traffic spike' },
  { form: 'AT:set:PATH=VALUE', description: 'change a setting mid-run (paths as for --set)' },
  { form: 'AT:kill:DB_NODE', description: 'a database node stops (its disk survives)' },
  {
    form: 'AT:disk-fail:DB_NODE',
    description: "a database node's data is gone; it is rebuilt from a copy",
  },
  {
    form: 'AT:isolate:DB_NODE',
    description: 'cut a database node from the others and the failure detector',
  },
  { form: 'AT:promote:DB_NODE', description: 'manual failover: promote this replica' },
  {
    form: 'AT:restore:TARGET',
    description: 'undo every failure of a server, zone, region, link or database node',
  },
];

type Parsed = { fault: FaultEntry; error: null } | { fault: null; error: string };

const fail = (spec: string, why: string): Parsed => ({
  fault: null,
  error: `fault "${spec}": ${why}`,
});

/** Parses a number with an optional prefix/suffix (`x10`, `+200ms`, `20%`). */
function numberWith(text: string | undefined, prefix: RegExp, suffix: RegExp): number | null {
  if (text === undefined) return null;
  const core = text.trim().replace(prefix, '').replace(suffix, '');
  if (core === '' || !/^\d+(\.\d+)?$/.test(core)) return null;
  return Number(core);
}

/**
 * Parses `AT:ACTION:TARGET[:ARG]`. Checks the shape and the argument's range; whether
 * the target exists is the simulation's call (`Simulation.validate`).
 */
export function parseFaultSpec(spec: string): Parsed {
  const parts = spec.split(':');
  const [atText, action, target, arg, ...rest] = parts;
  if (atText === undefined || action === undefined || action === '') {
    return fail(spec, 'must look like AT:ACTION:TARGET, e.g. 30:kill:app-b1');
  }
  const atS = Number(atText);
  if (atText.trim() === '' || !Number.isFinite(atS) || atS < 0 || atS > RUN_DURATION_S_MAX) {
    return fail(
      spec,
      `time "${atText}" must be a number of seconds from 0 to ${RUN_DURATION_S_MAX} (a week)`,
    );
  }
  if (rest.length > 0) return fail(spec, `unexpected ":${rest.join(':')}"`);
  const done = (command: Command): Parsed => ({ fault: { atS, command }, error: null });
  const needTarget = (): string | null =>
    target === undefined || target === '' ? 'missing target' : null;
  const noArg = (): string | null => (arg !== undefined ? `unexpected ":${arg}"` : null);

  switch (action) {
    case 'kill':
    case 'host-down':
    case 'kill-zone':
    case 'kill-region':
    case 'disk-fail':
    case 'isolate':
    case 'promote':
    case 'restore': {
      const problem = needTarget() ?? noArg();
      return problem ? fail(spec, problem) : done({ type: action, target: target! });
    }
    case 'cut':
    case 'cut-oneway': {
      const problem = needTarget() ?? noArg();
      if (problem) return fail(spec, problem);
      if (!target!.includes('->'))
        return fail(spec, `"${target}" must be a link FROM->TO, e.g. lb-1->app-a1`);
      return done({ type: 'cut', target: target!, oneWay: action === 'cut-oneway' });
    }
    case 'slow': {
      const problem = needTarget();
      if (problem) return fail(spec, problem);
      const factor = numberWith(arg, /^x/i, /$^/);
      if (factor === null || factor < 1 || factor > 1000) {
        return fail(spec, `slowdown "${arg ?? ''}" must look like x10 (a factor from 1 to 1000)`);
      }
      return done({ type: 'slow', target: target!, factor });
    }
    case 'flap': {
      const problem = needTarget();
      if (problem) return fail(spec, problem);
      const periodS = numberWith(arg, /$^/, /s$/i);
      if (periodS === null || periodS < 0.1 || periodS > 3600) {
        return fail(spec, `period "${arg ?? ''}" must be seconds from 0.1 to 3600, e.g. 20`);
      }
      return done({ type: 'flap', target: target!, periodS });
    }
    case 'latency': {
      const problem = needTarget();
      if (problem) return fail(spec, problem);
      const addedMs = numberWith(arg, /^\+/, /ms$/i);
      if (addedMs === null || addedMs > 60000) {
        return fail(spec, `latency "${arg ?? ''}" must look like +200ms (0 to 60000 ms)`);
      }
      return done({ type: 'latency', target: target!, addedMs });
    }
    case 'loss': {
      const problem = needTarget();
      if (problem) return fail(spec, problem);
      const percent = numberWith(arg, /$^/, /%$/);
      if (percent === null || percent > 100) {
        return fail(spec, `loss "${arg ?? ''}" must be a percentage from 0 to 100, e.g. 20%`);
      }
      return done({ type: 'loss', target: target!, percent });
    }
    case 'errors': {
      const problem = needTarget();
      if (problem) return fail(spec, problem);
      const percent = numberWith(arg, /$^/, /%$/);
      if (percent === null || percent > 100) {
        return fail(spec, `errors "${arg ?? ''}" must be a percentage from 0 to 100, e.g. 50%`);
      }
      return done({ type: 'errors', target: target!, percent });
    }
    case 'weight': {
      const problem = needTarget();
      if (problem) return fail(spec, problem);
      const weight = numberWith(arg, /$^/, /$^/);
      if (weight === null || weight > 100) {
        return fail(spec, `weight "${arg ?? ''}" must be a number from 0 to 100, e.g. 2`);
      }
      return done({ type: 'weight', target: target!, weight });
    }
    case 'rate': {
      if (arg !== undefined) return fail(spec, `unexpected ":${arg}"`);
      const perS = numberWith(target, /$^/, /(req)?\/s$/);
      if (perS === null || perS < 1 || perS > 5000) {
        return fail(spec, `rate "${target ?? ''}" must be requests per second from 1 to 5000`);
      }
      return done({ type: 'rate', perS });
    }
    case 'set': {
      if (arg !== undefined) return fail(spec, `unexpected ":${arg}"`);
      const at = (target ?? '').indexOf('=');
      if (at <= 0) return fail(spec, 'must look like AT:set:PATH=VALUE');
      const path = target!.slice(0, at);
      const raw = target!.slice(at + 1);
      const value = raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
      return done({ type: 'set', path, value });
    }
    default: {
      const known = FAULT_FORMS.map((f) => f.form.split(':')[1]).join(', ');
      return fail(spec, `unknown action "${action}" (known: ${known})`);
    }
  }
}

/** The compact form of a fault entry, the inverse of `parseFaultSpec`. */
export function formatFaultSpec(fault: FaultEntry): string {
  const { command } = fault;
  const at = Number(fault.atS.toFixed(6)).toString();
  switch (command.type) {
    case 'slow':
      return `${at}:slow:${command.target}:x${command.factor}`;
    case 'flap':
      return `${at}:flap:${command.target}:${command.periodS}`;
    case 'cut':
      return `${at}:${command.oneWay ? 'cut-oneway' : 'cut'}:${command.target}`;
    case 'latency':
      return `${at}:latency:${command.target}:+${command.addedMs}ms`;
    case 'loss':
      return `${at}:loss:${command.target}:${command.percent}%`;
    case 'errors':
      return `${at}:errors:${command.target}:${command.percent}%`;
    case 'weight':
      return `${at}:weight:${command.target}:${command.weight}`;
    case 'rate':
      return `${at}:rate:${command.perS}`;
    case 'set':
      return `${at}:set:${command.path}=${command.value}`;
    default:
      return `${at}:${command.type}:${command.target}`;
  }
}
