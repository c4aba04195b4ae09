// Per-call overhead: list_spaces (limit 25) through the MCP server over stdio, against the same request
// made with undici directly from this process, both against the same sandbox API. MCP calls and direct
// calls alternate (call by call, or in blocks) so that drift on a busy machine hits both alike.
//
// Measured on fresh servers (what a conversation mostly sees: the first call loads the HTTP client and
// V8 is still compiling the server's code for the next few hundred) and at steady state, after some
// thousands of calls.
import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";
import {
  benchEnv,
  CLI,
  callTool,
  cpuMs,
  hrMs,
  log,
  median,
  peakRssKiB,
  percentile,
  startSandbox,
  startStdioServer,
} from "./lib.mjs";

const LIMIT = 25;
const KEY = "bench-key";
/** Between tools/list and the first call, as a model would take to pick a tool (and a server may use). */
const THINK_MS = 500;

/** Runs `call` `count` times with `concurrency` workers; returns each call's latency in ms. */
async function timed(call, count, concurrency) {
  const latencies = [];
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started++;
      const t = process.hrtime.bigint();
      await call();
      latencies.push(hrMs(t));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies;
}

const stats = (v) => ({ p50: median(v), p99: percentile(v, 99), n: v.length });

/** Alternating blocks of MCP and direct calls; latencies, calls/s and the server's CPU per MCP call. */
async function compare({ mcp, direct, serverPid, calls, blocks, concurrency }) {
  const perBlock = Math.ceil(calls / blocks);
  const lat = { mcp: [], direct: [] };
  const wall = { mcp: 0, direct: 0 };
  let cpu = 0;
  for (let block = 0; block < blocks; block++) {
    const order = block % 2 === 0 ? ["mcp", "direct"] : ["direct", "mcp"];
    for (const which of order) {
      const cpuBefore = which === "mcp" ? cpuMs(serverPid) : 0;
      const t = process.hrtime.bigint();
      lat[which].push(...(await timed(which === "mcp" ? mcp : direct, perBlock, concurrency)));
      wall[which] += hrMs(t);
      if (which === "mcp") cpu += cpuMs(serverPid) - cpuBefore;
    }
  }
  return summary(lat, wall, cpu, concurrency);
}

function summary(lat, wall, cpu, concurrency) {
  const m = stats(lat.mcp);
  const d = stats(lat.direct);
  return {
    concurrency,
    mcp: { ...m, callsPerSec: (lat.mcp.length / wall.mcp) * 1000 },
    direct: { ...d, callsPerSec: (lat.direct.length / wall.direct) * 1000 },
    overheadP50: m.p50 - d.p50,
    overheadP99: m.p99 - d.p99,
    serverCpuMsPerCall: cpu / lat.mcp.length,
  };
}

export async function overhead({
  dataFile,
  calls = 1000,
  blocks = 10,
  freshServers = 5,
  freshCalls = 100,
  warmup = 3000,
} = {}) {
  const sandbox = await startSandbox(dataFile);
  // The same pool settings as the server's own client (src/arize/pool.ts).
  const pool = new Pool(sandbox.url, { connections: 16, keepAliveTimeout: 30_000 });
  const env = benchEnv({ ARIZE_BASE_URL: sandbox.url, ARIZE_API_KEY: KEY });
  const direct = async () => {
    const res = await pool.request({
      method: "GET",
      path: `/v2/spaces?limit=${LIMIT}`,
      headers: { authorization: `Bearer ${KEY}`, accept: "application/json", "user-agent": "arize-bench" },
    });
    const body = await res.body.json();
    if (res.statusCode !== 200 || body.spaces.length !== LIMIT) throw new Error(`direct: ${res.statusCode}`);
  };
  const mcpOn = (server) => async () => {
    const result = await callTool(server.rpc, "list_spaces", { limit: LIMIT });
    if (result.structuredContent.spaces.length !== LIMIT) throw new Error("list_spaces: short page");
  };
  let server;
  try {
    await timed(direct, 500, 1); // warms this process and the sandbox, not the servers under test

    // Fresh servers: the first call after tools/list and a pause, then calls 2..freshCalls, call by call
    // alternating with direct calls.
    const firstCalls = [];
    const fresh = { mcp: [], direct: [] };
    const freshWall = { mcp: 0, direct: 0 };
    let freshCpu = 0;
    for (let run = 0; run < freshServers; run++) {
      await server?.kill();
      server = await startStdioServer(CLI, [], env);
      await server.rpc.request("tools/list", {});
      await sleep(THINK_MS);
      const mcp = mcpOn(server);
      firstCalls.push((await timed(mcp, 1, 1))[0]);
      const cpuBefore = cpuMs(server.pid);
      for (let i = 1; i < freshCalls; i++) {
        const t = process.hrtime.bigint();
        fresh.mcp.push(...(await timed(mcp, 1, 1)));
        freshWall.mcp += hrMs(t);
        const u = process.hrtime.bigint();
        fresh.direct.push(...(await timed(direct, 1, 1)));
        freshWall.direct += hrMs(u);
      }
      freshCpu += cpuMs(server.pid) - cpuBefore;
    }
    const early = summary(fresh, freshWall, freshCpu, 1);

    // Steady state, on the last fresh server.
    const mcp = mcpOn(server);
    await timed(mcp, warmup, 1);
    const sequential = await compare({ mcp, direct, serverPid: server.pid, calls, blocks, concurrency: 1 });
    const concurrent = await compare({ mcp, direct, serverPid: server.pid, calls, blocks, concurrency: 10 });
    const steadyRssKiB = peakRssKiB(server.pid);

    const firstCall = {
      median: median(firstCalls),
      min: Math.min(...firstCalls),
      max: Math.max(...firstCalls),
    };
    log(`overhead: first call ${firstCall.median.toFixed(1)} ms (median of ${freshServers} fresh servers)`);
    for (const [phase, r] of [
      ["calls 2-100", early],
      ["warm", sequential],
      ["warm", concurrent],
    ]) {
      log(
        `overhead ${phase} c=${r.concurrency}: mcp p50 ${r.mcp.p50.toFixed(3)} ms, direct p50 ${r.direct.p50.toFixed(3)} ms, ` +
          `overhead ${r.overheadP50.toFixed(3)} ms, server CPU ${r.serverCpuMsPerCall.toFixed(3)} ms/call`,
      );
    }
    return {
      limit: LIMIT,
      calls,
      freshServers,
      freshCalls,
      thinkMs: THINK_MS,
      warmup,
      firstCall,
      early,
      sequential,
      concurrent,
      steadyRssKiB,
    };
  } finally {
    await server?.kill();
    await pool.close();
    await sandbox.kill();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { demoData, writeSpaces, removeDir } = await import("./seed.mjs");
  const { dir, demo } = await demoData();
  try {
    console.log(JSON.stringify(await overhead({ dataFile: await writeSpaces(dir, demo, 120) }), null, 2));
  } finally {
    await removeDir(dir);
  }
}
