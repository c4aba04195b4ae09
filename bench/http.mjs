// HTTP throughput: list_spaces calls per second over Streamable HTTP at 10 and 50 concurrent clients (each
// connected once, then calling in a loop), against a stateful and a stateless server, for 2026-07-28
// clients and for 2025 clients of the same servers. Windows of each mode alternate, so drift on a busy
// machine hits both alike. Loopback only, bounded in time.
//
// Two kinds of client: "lean" speaks the Streamable HTTP wire protocol with an undici keep-alive Pool
// (about 0.3 ms of client CPU per call), so the servers are what is measured; "sdk" is what real clients
// use: for 2026-07-28 the v2 SDK's Client pinned to that version, for 2025 the v1 SDK's Client (what 2025
// clients are built on). Either costs 2-5 ms of CPU per call itself, which on 2 cores caps the figure at
// what one benchmark process can send.
import {
  Client as ModernClient,
  StreamableHTTPClientTransport as ModernTransport,
} from "@modelcontextprotocol/client";
import { Client as LegacyClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as LegacyTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Pool } from "undici";
import {
  benchEnv,
  CLI,
  cpuMs,
  ERA_VERSION,
  ERAS,
  INITIALIZE,
  log,
  median,
  paramsFor,
  peakRssKiB,
  spawnNode,
  waitForStderr,
} from "./lib.mjs";

const MODES = ["stateful", "stateless"];
const CALL = { name: "list_spaces", arguments: { limit: 25 } };

/** The JSON-RPC response with `id` from a JSON or an SSE (text/event-stream) body. */
function responseIn(contentType, text, id) {
  if (contentType?.startsWith("application/json")) return JSON.parse(text);
  for (const line of text.split("\n")) {
    // Skips the priming event (an empty `data:` line) that 2025-11-25 streams start with.
    if (!line.startsWith("data:") || !line.slice(5).trim()) continue;
    const message = JSON.parse(line.slice(5));
    if (message.id === id) return message;
  }
  throw new Error(`no response to ${id} in: ${text.slice(0, 200)}`);
}

/**
 * One MCP client over Streamable HTTP without the SDK. 2025: initialize, then requests carry the session
 * ID it got. 2026-07-28: server/discover, then every request carries the `_meta` envelope and the
 * Mcp-Method (and Mcp-Name) headers, as the v2 SDK client sends them.
 */
function leanClient(pool, path, era) {
  let session;
  let nextId = 1;
  const post = async (message) => {
    const headers = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
    };
    if (era === "modern") {
      headers["mcp-method"] = message.method;
      if (message.method === "tools/call") headers["mcp-name"] = message.params.name;
    }
    if (era === "modern" || message.method !== "initialize")
      headers["mcp-protocol-version"] = ERA_VERSION[era];
    if (session) headers["mcp-session-id"] = session;
    const res = await pool.request({ method: "POST", path, headers, body: JSON.stringify(message) });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
    session ??= res.headers["mcp-session-id"];
    return message.id === undefined ? undefined : responseIn(res.headers["content-type"], text, message.id);
  };
  const request = async (method, params) => {
    const answer = await post({ jsonrpc: "2.0", id: nextId++, method, params: paramsFor(era, params) });
    if (answer.error) throw new Error(`${answer.error.code}: ${answer.error.message}`);
    return answer.result;
  };
  return {
    async connect() {
      if (era === "modern") return void (await request("server/discover", {}));
      await request("initialize", INITIALIZE);
      await post({ jsonrpc: "2.0", method: "notifications/initialized" });
    },
    callTool: (params) => request("tools/call", params),
    async close() {
      if (!session) return;
      const headers = { "mcp-session-id": session, "mcp-protocol-version": ERA_VERSION[era] };
      const res = await pool.request({ method: "DELETE", path, headers });
      await res.body.dump();
    },
  };
}

/** The SDK client of the era: v2 pinned to 2026-07-28, or v1 (2025-11-25). */
function sdkClient(url, i, era) {
  const info = { name: `bench-${i}`, version: "1.0.0" };
  const client =
    era === "modern"
      ? new ModernClient(info, { versionNegotiation: { mode: { pin: ERA_VERSION.modern } } })
      : new LegacyClient(info);
  const transport = era === "modern" ? new ModernTransport(new URL(url)) : new LegacyTransport(new URL(url));
  return {
    connect: () => client.connect(transport),
    callTool: (params) => client.callTool(params),
    async close() {
      if (transport.sessionId) await transport.terminateSession().catch(() => {});
      await client.close().catch(() => {});
    },
  };
}

async function startHttpServer(apiUrl, stateless) {
  // Every bench client comes from 127.0.0.1: lift the per-client limits along with the global ones.
  const args = ["--transport", "http", "--port", "0", "--rate-limit", "1000000", "--max-sessions", "1000"];
  args.push("--max-sessions-per-client", "1000", "--initialize-rate-limit", "1000000");
  if (stateless) args.push("--stateless");
  const proc = spawnNode(CLI, args, benchEnv({ ARIZE_BASE_URL: apiUrl, ARIZE_API_KEY: "bench-key" }));
  const match = await waitForStderr(proc, /MCP over Streamable HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/);
  return { ...proc, url: match[1], pid: proc.child.pid };
}

async function connectClients(kind, era, url, count) {
  const pool = kind === "lean" ? new Pool(new URL(url).origin, { connections: count }) : undefined;
  const clients = Array.from({ length: count }, (_, i) =>
    pool ? leanClient(pool, new URL(url).pathname, era) : sdkClient(url, i, era),
  );
  await Promise.all(clients.map((c) => c.connect()));
  return {
    clients,
    async close() {
      await Promise.all(clients.map((c) => c.close().catch(() => {})));
      await pool?.close();
    },
  };
}

/** Every client calls list_spaces in a loop until `ms` have passed; returns calls, errors, seconds. */
async function window(clients, ms) {
  const deadline = performance.now() + ms;
  const start = performance.now();
  let calls = 0;
  const errors = [];
  const latencies = [];
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          const result = await client.callTool(CALL);
          if (result.isError) errors.push(`isError: ${result.content?.[0]?.text ?? ""}`.slice(0, 200));
          else calls++;
        } catch (err) {
          errors.push(String(err?.message ?? err).slice(0, 200));
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { calls, errors, seconds: (performance.now() - start) / 1000, latencies };
}

/**
 * Per client kind and concurrency, one set of clients per era and mode (four sets), connected once; then
 * `rounds` rounds in which each set calls for `windowMs`, in a rotating order. One row per era.
 */
export async function httpThroughput({
  apiUrl,
  kinds = ["lean", "sdk"],
  concurrencies = [10, 50],
  windowMs = 2000,
  rounds = 2,
  warmupMs = 2500,
}) {
  const servers = {};
  for (const mode of MODES) servers[mode] = await startHttpServer(apiUrl, mode === "stateless");
  const rows = [];
  let peakRss = {};
  const combos = ERAS.flatMap((era) => MODES.map((mode) => ({ era, mode, key: `${era}/${mode}` })));
  try {
    // Steady state first: a fresh server spends its first few thousand calls compiling its own code.
    for (const mode of MODES) {
      const warm = await Promise.all(ERAS.map((era) => connectClients("lean", era, servers[mode].url, 5)));
      await window(
        warm.flatMap((w) => w.clients),
        warmupMs,
      );
      for (const w of warm) await w.close();
    }
    for (const [kind, concurrency] of kinds.flatMap((k) => concurrencies.map((c) => [k, c]))) {
      const sets = {};
      for (const c of combos)
        sets[c.key] = await connectClients(kind, c.era, servers[c.mode].url, concurrency);
      const totals = Object.fromEntries(
        combos.map((c) => [c.key, { calls: 0, errors: [], seconds: 0, cpu: 0, latencies: [] }]),
      );
      for (const c of combos) await window(sets[c.key].clients, 300); // these clients' first calls
      for (let round = 0; round < rounds; round++) {
        const order = combos.map((_, i) => combos[(i + round) % combos.length]);
        for (const c of round % 2 === 0 ? order : order.reverse()) {
          const pid = servers[c.mode].pid;
          const cpuBefore = cpuMs(pid);
          const r = await window(sets[c.key].clients, windowMs);
          const t = totals[c.key];
          t.cpu += cpuMs(pid) - cpuBefore;
          t.calls += r.calls;
          t.errors.push(...r.errors);
          t.seconds += r.seconds;
          t.latencies.push(...r.latencies);
        }
      }
      for (const c of combos) await sets[c.key].close();
      for (const era of ERAS) {
        const row = { era, client: kind, concurrency };
        for (const mode of MODES) {
          const t = totals[`${era}/${mode}`];
          row[mode] = {
            callsPerSec: t.calls / t.seconds,
            errors: t.errors.length,
            errorSamples: [...new Set(t.errors)].slice(0, 3),
            p50: median(t.latencies),
            serverCpuMsPerCall: t.cpu / t.calls,
          };
        }
        row.ratio = row.stateless.callsPerSec / row.stateful.callsPerSec;
        log(
          `http ${era} ${kind} c=${concurrency}: stateful ${row.stateful.callsPerSec.toFixed(0)}/s, ` +
            `stateless ${row.stateless.callsPerSec.toFixed(0)}/s (x${row.ratio.toFixed(2)})` +
            (row.stateful.errors + row.stateless.errors
              ? `, errors: ${[...row.stateful.errorSamples, ...row.stateless.errorSamples].join(" | ")}`
              : ""),
        );
        rows.push(row);
      }
    }
  } finally {
    peakRss = Object.fromEntries(MODES.map((m) => [m, peakRssKiB(servers[m].pid)]));
    for (const mode of MODES) await servers[mode].kill();
  }
  return { windowMs, rounds, warmupMs, rows, peakRssKiB: peakRss };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { demoData, writeSpaces, removeDir } = await import("./seed.mjs");
  const { startSandbox } = await import("./lib.mjs");
  const { dir, demo } = await demoData();
  const sandbox = await startSandbox(await writeSpaces(dir, demo, 120));
  try {
    console.log(JSON.stringify(await httpThroughput({ apiUrl: sandbox.url }), null, 2));
  } finally {
    await sandbox.kill();
    await removeDir(dir);
  }
}
