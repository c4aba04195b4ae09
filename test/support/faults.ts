/** Injected failures for test sandboxes: the next matching requests get an error status instead of being handled. */

import type { InterceptReply } from "../../src/sandbox/server.js";

export interface Fault {
  status: number;
  /** How many matching requests fail; default 1. */
  times?: number;
  /** Seconds, sent as a Retry-After header. */
  retryAfter?: number;
  /** Only requests with this method match; default any. */
  method?: string;
  /** Only requests to this exact path (e.g. "/v2/datasets") match; default any. */
  path?: string;
}

interface PendingFault {
  status: number;
  remaining: number;
  retryAfter: number | undefined;
  method: string | undefined;
  path: string | undefined;
}

export class FaultQueue {
  private readonly pending: PendingFault[] = [];

  add(fault: Fault): void {
    const times = fault.times ?? 1;
    if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) {
      throw new RangeError(`failNext: status must be an HTTP error status (400-599), got ${fault.status}`);
    }
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`failNext: times must be a positive integer, got ${times}`);
    }
    this.pending.push({
      status: fault.status,
      remaining: times,
      retryAfter: fault.retryAfter,
      method: fault.method?.toUpperCase(),
      path: fault.path,
    });
  }

  /** The fault for a request with this method and path, consuming one use of it; undefined if none applies. */
  take(method: string, path: string): InterceptReply | undefined {
    const index = this.pending.findIndex(
      (f) => (f.method === undefined || f.method === method) && (f.path === undefined || f.path === path),
    );
    const fault = this.pending[index];
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.pending.splice(index, 1);
    const headers: Record<string, string> =
      fault.retryAfter === undefined ? {} : { "Retry-After": String(fault.retryAfter) };
    return { status: fault.status, headers };
  }
}
