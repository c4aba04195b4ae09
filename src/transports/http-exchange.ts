import type { IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { clientGroup } from "./client-group.js";

/** One HTTP request being served: what its access-log line says, and what ends with it. */
export interface Exchange {
  started: number;
  method: string;
  path: string;
  client: string;
  /** The client as per-client limits count it: its IPv4 address, or its IPv6 /64. */
  group: string;
  session: string | undefined;
  rpc: string | undefined;
  era: "legacy" | "modern" | undefined;
  /** Aborts when the response is finished or the client went away: how a 2026-07-28 call is cancelled. */
  aborted: AbortController;
  /** Runs `listener` when the response closes, however it ends. */
  onEnd(listener: () => void): void;
}

/** Starts the exchange for `req`; when `res` closes, its listeners run, then `onClose`. */
export function startExchange(req: IncomingMessage, res: ServerResponse, onClose: () => void): Exchange {
  const listeners: Array<() => void> = [];
  const exchange: Exchange = {
    started: performance.now(),
    method: req.method ?? "",
    path: (req.url ?? "/").split("?")[0] ?? "/",
    client: req.socket.remoteAddress ?? "",
    group: clientGroup(req.socket.remoteAddress ?? ""),
    session: undefined,
    rpc: undefined,
    era: undefined,
    aborted: new AbortController(),
    onEnd: (listener) => listeners.push(listener),
  };
  res.once("close", () => {
    exchange.aborted.abort();
    for (const listener of listeners) listener();
    onClose();
  });
  return exchange;
}

/** The access-log line: no headers, no bodies, no secrets. */
export function accessLine(exchange: Exchange, res: ServerResponse): string {
  const line: Record<string, unknown> = {
    time: new Date().toISOString(),
    method: exchange.method,
    path: exchange.path,
    status: res.headersSent ? res.statusCode : 0,
    ms: Math.round(performance.now() - exchange.started),
    client: exchange.client,
  };
  if (exchange.era) line.era = exchange.era;
  if (exchange.session) line.session = exchange.session.slice(0, 8);
  if (exchange.rpc) line.rpc = exchange.rpc;
  if (!res.writableFinished) line.aborted = true;
  return JSON.stringify(line);
}
