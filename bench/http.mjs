// HTTP throughput: list_spaces calls per second over Streamable HTTP at 10 and 50 concurrent clients (each
// initialized once, then calling in a loop), against a stateful and a stateless server. Windows of each
// mode alternate, so drift on a busy machine hits both alike. Loopback only, bounded in time.
//
// Two kinds of client: "lean" speaks the Streamable HTTP wire protocol with an undici keep-alive Pool
// (about 0.3 ms of client CPU per call), so the servers are what is measured; "sdk" is the SDK's
// Client + StreamableHTTPClientTransport, what real clients use, which costs 2-5 ms of CPU per call
// itself and on 2 cores caps the figure at what one benchmark process can send.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { Pool } from "undici";
import {
  benchEnv,
  CLI,
  cpuMs,
  INITIALIZE,
  log,
  median,
  PROTOCOL_VERSION,
  spawnNode,
  waitForStderr,
} from "./lib.mjs";

const MODES = ["stateful", "stateless"];
const CALL = { name: "list_spaces", arguments: { limit: 25 } };

/** The JSON-RPC response with `id` from a JSON or an SSE (text/event-stream) body. */
function responseIn(contentType, text, id) {
  if (contentType?.startsWith("application/json")) return JSON.parse(text);
  for (const line of text.split("\n")) {
    if (!line.startsWith("data:")) continue;
    const message = JSON.parse(line.slice(5));
    if (message.id === id) return message;
  }
  throw new Error(`no response to ${id} in: ${text.slice(0, 200)}`);
}

/** One MCP client over Streamable HTTP without the SDK: POSTs JSON-RPC, keeps the session ID. */
function leanClient(pool, path) {
  let session;
  let nextId = 1;
  const post = async (message) => {
    const headers = {
      "content-type": "application/json",
      accept: "application/json, text/event-stream",
      "mcp-protocol-version": PROTOCOL_VERSION,
    };
    if (session) headers["mcp-session-id"] = session;
    const res = await pool.request({ method: "POST", path, headers, body: JSON.stringify(message) });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`);
    session ??= res.headers["mcp-session-id"];
    return message.id === undefined ? undefined : responseIn(res.headers["content-type"], text, message.id);
  };
  const request = async (method, params) => {
    const answer = await post({ jsonrpc: "2.0", id: nextId++, method, params });
    if (answer.error) throw new Error(answer.error.message);
    return answer.result;
  };
  return {
    async connect() {
      await request("initialize", INITIALIZE);
      await post({ jsonrpc: "2.0", method: "notifications/initialized" });
    },
    callTool: (params) => request("tools/call", params),
    async close() {
      if (!session) return;
      const headers = { "mcp-session-id": session, "mcp-protocol-version": PROTOCOL_VERSION };
      const res = await pool.request({ method: "DELETE", path, headers });
      await res.body.dump();
    },
  };
}

function sdkClient(url, i) {
  const client = new Client({ name: `bench-${i}`, version: "1.0.0" });
  const transport = new StreamableHTTPClientTransport(new URL(url));
  return {
    connect: () => client.connect(transport),
    callTool: (params) => client.callTool(params),
    async close() {
      await transport.terminateSession().catch(() => {});
      await client.close().catch(() => {});
    },
  };
}

async function startHttpServer(apiUrl, stateless) {
  const args = ["--transport", "http", "--port", "0", "--rate-limit", "1000000", "--max-sessions", "1000"];
  if (stateless) args.push("--stateless");
  const proc = spawnNode(CLI, args, benchEnv({ ARIZE_BASE_URL: apiUrl, ARIZE_API_KEY: "bench-key" }));
  const match = await waitForStderr(proc, /MCP over Streamable HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/);
  return { ...proc, url: match[1], pid: proc.child.pid };
}

async function connectClients(kind, url, count) {
  const pool = kind === "lean" ? new Pool(new URL(url).origin, { connections: count }) : undefined;
  const clients = Array.from({ length: count }, (_, i) =>
    pool ? leanClient(pool, new URL(url).pathname) : sdkClient(url, i),
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
  let errors = 0;
  const latencies = [];
  await Promise.all(
    clients.map(async (client) => {
      while (performance.now() < deadline) {
        const t = performance.now();
        try {
          const result = await client.callTool(CALL);
          if (result.isError) errors++;
          else calls++;
        } catch {
          errors++;
        }
        latencies.push(performance.now() - t);
      }
    }),
  );
  return { calls, errors, seconds: (performance.now() - start) / 1000, latencies };
}

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
  try {
    // Steady state first: a fresh server spends its first few thousand calls compiling its own code.
    for (const mode of MODES) {
      const warm = await connectClients("lean", servers[mode].url, 10);
      await window(warm.clients, warmupMs);
      await warm.close();
    }
    for (const [kind, concurrency] of kinds.flatMap((k) => concurrencies.map((c) => [k, c]))) {
      const sets = {};
      for (const mode of MODES) sets[mode] = await connectClients(kind, servers[mode].url, concurrency);
      const clients = Object.fromEntries(MODES.map((m) => [m, sets[m].clients]));
      const totals = Object.fromEntries(
        MODES.map((m) => [m, { calls: 0, errors: 0, seconds: 0, cpu: 0, latencies: [] }]),
      );
      for (const mode of MODES) await window(clients[mode], 300); // these clients' first calls
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? MODES : [...MODES].reverse();
        for (const mode of order) {
          const cpuBefore = cpuMs(servers[mode].pid);
          const r = await window(clients[mode], windowMs);
          const t = totals[mode];
          t.cpu += cpuMs(servers[mode].pid) - cpuBefore;
          t.calls += r.calls;
          t.errors += r.errors;
          t.seconds += r.seconds;
          t.latencies.push(...r.latencies);
        }
      }
      for (const mode of MODES) await sets[mode].close();
      const row = { client: kind, concurrency };
      for (const mode of MODES) {
        const t = totals[mode];
        row[mode] = {
          callsPerSec: t.calls / t.seconds,
          errors: t.errors,
          p50: median(t.latencies),
          serverCpuMsPerCall: t.cpu / t.calls,
        };
      }
      row.ratio = row.stateless.callsPerSec / row.stateful.callsPerSec;
      log(
        `http ${kind} c=${concurrency}: stateful ${row.stateful.callsPerSec.toFixed(0)}/s, ` +
          `stateless ${row.stateless.callsPerSec.toFixed(0)}/s (x${row.ratio.toFixed(2)})`,
      );
      rows.push(row);
    }
  } finally {
    for (const mode of MODES) await servers[mode].kill();
  }
  return { windowMs, rounds, warmupMs, rows };
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
