// Shared pieces of the benchmarks: spawning servers, a minimal stdio JSON-RPC client, the sandbox,
// /proc readings and statistics. Loopback only; every child is killed by the code that spawned it.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("..", import.meta.url));
/**
 * The build under test; BENCH_DIST points at another copy (e.g. to compare two builds). The Claude Desktop
 * bundle is always packed from this checkout's dist/ (cold-start.mjs).
 */
export const DIST = (process.env.BENCH_DIST ?? `${ROOT}dist`).replace(/\/$/, "");
export const CLI = `${DIST}/cli.js`;
/** The smallest useful server on the v1 SDK (`@modelcontextprotocol/sdk`, 2025 only) and on the v2 SDK. */
export const REFERENCE_V1 = `${ROOT}bench/fixtures/one-tool-server.mjs`;
export const REFERENCE_V2 = `${ROOT}bench/fixtures/one-tool-server-v2.mjs`;
export const BARE = `${ROOT}bench/fixtures/bare-responder.mjs`;

/**
 * The two protocol eras the server speaks. "modern" (2026-07-28): no handshake, every request carries the
 * `_meta` envelope, a client starts with `server/discover`. "legacy" (2025-11-25): `initialize` first.
 */
export const ERAS = ["modern", "legacy"];
export const ERA_VERSION = { modern: "2026-07-28", legacy: "2025-11-25" };
export const PROTOCOL_VERSION = ERA_VERSION.legacy;
const CLIENT_INFO = { name: "arize-bench", version: "1.0.0" };
export const INITIALIZE = { protocolVersion: PROTOCOL_VERSION, capabilities: {}, clientInfo: CLIENT_INFO };
/** The per-request envelope of a 2026-07-28 request (what the v2 SDK client sends, byte for byte). */
export const MODERN_META = {
  "io.modelcontextprotocol/protocolVersion": ERA_VERSION.modern,
  "io.modelcontextprotocol/clientInfo": CLIENT_INFO,
  "io.modelcontextprotocol/clientCapabilities": {},
};

/** `params` as a client of `era` sends them: with the 2026-07-28 envelope, or as they are. */
export function paramsFor(era, params = {}) {
  return era === "modern" ? { ...params, _meta: { ...params._meta, ...MODERN_META } } : params;
}

/** A small, fixed environment: nothing from the caller's shell (NODE_OPTIONS, a real key) leaks in. */
export function benchEnv(extra = {}) {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: process.env.HOME ?? "/tmp", ...extra };
}

/** Spawns `node script ...args`; stderr is always drained (a full pipe would stall the child). */
export function spawnNode(script, args = [], env = benchEnv()) {
  const child = spawn(process.execPath, [script, ...args], { stdio: ["pipe", "pipe", "pipe"], env });
  let tail = "";
  const stderrListeners = new Set();
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk) => {
    tail = (tail + chunk).slice(-4000);
    for (const listener of stderrListeners) listener(chunk);
  });
  child.stdin.on("error", () => {});
  return {
    child,
    stderrTail: () => tail,
    onStderr: (listener) => stderrListeners.add(listener),
    kill: () => stop(child),
  };
}

/** SIGTERM, then SIGKILL if the child is still there after a second. */
export function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 1000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}

/** Waits for a line on stderr matching `pattern`; returns the match. */
export function waitForStderr(proc, pattern, timeoutMs = 15_000) {
  return new Promise((resolve, reject) => {
    let seen = "";
    const timer = setTimeout(() => {
      reject(new Error(`no ${pattern} on stderr within ${timeoutMs} ms; stderr: ${proc.stderrTail()}`));
    }, timeoutMs);
    proc.child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before ${pattern}; stderr: ${proc.stderrTail()}`));
    });
    proc.onStderr((chunk) => {
      seen += chunk;
      const match = pattern.exec(seen);
      if (match) {
        clearTimeout(timer);
        resolve(match);
      }
    });
  });
}

/**
 * Newline-delimited JSON-RPC over a child's stdin/stdout, as MCP's stdio transport frames it. Deliberately
 * minimal (no schema validation), so the client adds as little as possible to what is measured.
 */
export class StdioRpc {
  /** `era` "modern" adds the 2026-07-28 `_meta` envelope to every request; "legacy" sends params as given. */
  constructor(child, era = "legacy") {
    this.child = child;
    this.era = era;
    this.nextId = 1;
    this.pending = new Map();
    this.buffer = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk) => this.receive(chunk));
    child.once("exit", (code, signal) => {
      for (const { reject } of this.pending.values()) reject(new Error(`server exited (${code ?? signal})`));
      this.pending.clear();
    });
  }

  receive(chunk) {
    this.buffer += chunk;
    let newline = this.buffer.indexOf("\n");
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      newline = this.buffer.indexOf("\n");
      if (!line.trim()) continue;
      const message = JSON.parse(line);
      if (message.id === undefined || message.method !== undefined) continue; // notifications, requests
      const waiter = this.pending.get(message.id);
      if (!waiter) continue;
      this.pending.delete(message.id);
      if (message.error) waiter.reject(new Error(`${message.error.code}: ${message.error.message}`));
      else waiter.resolve(message.result);
    }
  }

  request(method, params) {
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
    const message = { jsonrpc: "2.0", id, method, params: paramsFor(this.era, params) };
    this.child.stdin.write(`${JSON.stringify(message)}\n`);
    return promise;
  }

  notify(method, params) {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: "2.0", method, params })}\n`);
  }

  /**
   * How a client of this era opens: 2025, initialize + notifications/initialized; 2026-07-28,
   * server/discover. Returns that first result (both carry the server's instructions).
   */
  async open() {
    if (this.era === "modern") return this.request("server/discover", {});
    const result = await this.request("initialize", INITIALIZE);
    this.notify("notifications/initialized");
    return result;
  }
}

/** An MCP server over stdio, opened by a client of `era` (see StdioRpc.open). */
export async function startStdioServer(script, args = [], env = benchEnv(), era = "legacy") {
  const proc = spawnNode(script, args, env);
  const rpc = new StdioRpc(proc.child, era);
  const init = await rpc.open();
  return { ...proc, rpc, init, pid: proc.child.pid };
}

export async function callTool(rpc, name, args) {
  const result = await rpc.request("tools/call", { name, arguments: args });
  if (result.isError) throw new Error(`${name} failed: ${result.content?.[0]?.text}`);
  return result;
}

/** `dist/cli.js sandbox`: the Arize-compatible API alone, on a free port, optionally from a data file. */
export async function startSandbox(dataFile) {
  const args = ["sandbox", "--port", "0"];
  if (dataFile) args.push("--sandbox-data", dataFile);
  const proc = spawnNode(CLI, args);
  const match = await waitForStderr(proc, /listening at (http:\/\/127\.0\.0\.1:\d+)/);
  return { ...proc, url: match[1], pid: proc.child.pid };
}

// --- /proc ---

/** Peak resident set size in KiB (VmHWM), or undefined if /proc is unavailable. */
export function peakRssKiB(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+) kB/m.exec(status);
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CPU time of a process in ms, all threads: the sum of /proc/PID/task/TID/schedstat (nanoseconds), or
 * utime+stime from /proc/PID/stat (10 ms ticks) where schedstat is missing.
 */
export function cpuMs(pid) {
  try {
    let ns = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8").split(" ")[0]);
    }
    if (Number.isFinite(ns) && ns > 0) return ns / 1e6;
  } catch {}
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime in ticks of 1/100 s
  } catch {
    return Number.NaN;
  }
}

// --- statistics and formatting ---

export function percentile(values, p) {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank];
}

export const median = (values) => percentile(values, 50);

export function hrMs(start) {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const ms = (v, digits = 1) => (Number.isFinite(v) ? `${v.toFixed(digits)} ms` : "n/a");
export const mib = (kib) => (Number.isFinite(kib) ? `${(kib / 1024).toFixed(1)} MiB` : "n/a");
export const fixed = (v, digits = 2) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a");

export function log(line) {
  process.stderr.write(`[bench] ${line}\n`);
}
