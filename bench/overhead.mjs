// Per-call overhead: list_spaces (limit 25) through the MCP server over stdio, from a 2026-07-28 client and
// from a 2025 client, against the same request made with undici directly from this process, all against
// the same sandbox API. The two eras' calls and the direct calls take turns (call by call, or in blocks)
// so that drift on a busy machine hits them alike.
//
// Measured on fresh servers (what a conversation mostly sees: the first call loads the HTTP client and
// V8 is still compiling the server's code for the next few hundred) and at steady state. V8 keeps
// optimizing the server's code for some thousands of calls (the run records the server's CPU per call in
// steps of WARMUP_STEP calls while it warms), so the steady state is measured after WARMUP calls.
import { setTimeout as sleep } from "node:timers/promises";
import { Pool } from "undici";
import {
  benchEnv,
  CLI,
  callTool,
  cpuMs,
  ERAS,
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
/** Calls before the steady state is measured, and the steps in which the server's CPU is recorded meanwhile. */
const WARMUP = 8000;
const WARMUP_STEP = 1000;
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

/** Per-subject latencies, wall time and (for servers) CPU, filled in by `measure`. */
function tally(keys) {
  return Object.fromEntries(keys.map((k) => [k, { lat: [], wall: 0, cpu: 0 }]));
}

/** Runs `count` calls of `subject` (concurrency `c`) into its tally, with the server's CPU if it has one. */
async function measure(t, subject, count, concurrency) {
  const cpuBefore = subject.pid ? cpuMs(subject.pid) : 0;
  const start = process.hrtime.bigint();
  t.lat.push(...(await timed(subject.call, count, concurrency)));
  t.wall += hrMs(start);
  if (subject.pid) t.cpu += cpuMs(subject.pid) - cpuBefore;
}

/** Each era's row: its MCP latencies against the direct calls made alongside. */
function summary(tallies, concurrency) {
  const d = tallies.direct;
  const direct = { ...stats(d.lat), callsPerSec: (d.lat.length / d.wall) * 1000 };
  const rows = {};
  for (const era of ERAS) {
    const t = tallies[era];
    const m = stats(t.lat);
    rows[era] = {
      concurrency,
      mcp: { ...m, callsPerSec: (t.lat.length / t.wall) * 1000 },
      direct,
      overheadP50: m.p50 - direct.p50,
      overheadP99: m.p99 - direct.p99,
      serverCpuMsPerCall: t.cpu / t.lat.length,
    };
  }
  return rows;
}

/** Alternating blocks of each era's MCP calls and direct calls, in a rotating order. */
async function compare({ subjects, calls, blocks, concurrency }) {
  const keys = [...ERAS, "direct"];
  const tallies = tally(keys);
  const perBlock = Math.ceil(calls / blocks);
  for (let block = 0; block < blocks; block++) {
    const order = keys.map((_, i) => keys[(i + block) % keys.length]);
    for (const key of order) await measure(tallies[key], subjects[key], perBlock, concurrency);
  }
  return summary(tallies, concurrency);
}

export async function overhead({
  dataFile,
  calls = 1000,
  blocks = 10,
  freshServers = 4,
  freshCalls = 100,
  warmup = WARMUP,
} = {}) {
  const sandbox = await startSandbox(dataFile);
  // The same pool settings as the server's own client (src/arize/pool.ts).
  const pool = new Pool(sandbox.url, { connections: 16, keepAliveTimeout: 30_000 });
  const env = benchEnv({ ARIZE_BASE_URL: sandbox.url, ARIZE_API_KEY: KEY });
  const direct = {
    call: async () => {
      const res = await pool.request({
        method: "GET",
        path: `/v2/spaces?limit=${LIMIT}`,
        headers: { authorization: `Bearer ${KEY}`, accept: "application/json", "user-agent": "arize-bench" },
      });
      const body = await res.body.json();
      if (res.statusCode !== 200 || body.spaces.length !== LIMIT)
        throw new Error(`direct: ${res.statusCode}`);
    },
  };
  const subjectOf = (server) => ({
    pid: server.pid,
    call: async () => {
      const result = await callTool(server.rpc, "list_spaces", { limit: LIMIT });
      if (result.structuredContent.spaces.length !== LIMIT) throw new Error("list_spaces: short page");
    },
  });
  /** One server per era, each opened by a client of its era. */
  let servers = {};
  const killAll = () => Promise.all(Object.values(servers).map((s) => s.kill()));
  try {
    await timed(direct.call, 500, 1); // warms this process and the sandbox, not the servers under test

    // Fresh servers: the first call after tools/list and a pause, then calls 2..freshCalls, call by call,
    // each era's call followed by a direct one.
    const firstCalls = Object.fromEntries(ERAS.map((era) => [era, []]));
    const fresh = tally([...ERAS, "direct"]);
    for (let run = 0; run < freshServers; run++) {
      await killAll();
      servers = {};
      for (const era of ERAS) servers[era] = await startStdioServer(CLI, [], env, era);
      for (const era of ERAS) await servers[era].rpc.request("tools/list", {});
      await sleep(THINK_MS);
      // Alternate which era goes first, so neither always has the other's first call just before it.
      const eras = run % 2 === 0 ? ERAS : [...ERAS].reverse();
      for (const era of eras) firstCalls[era].push((await timed(subjectOf(servers[era]).call, 1, 1))[0]);
      for (let i = 1; i < freshCalls; i++) {
        for (const era of eras) {
          await measure(fresh[era], subjectOf(servers[era]), 1, 1);
          await measure(fresh.direct, direct, 1, 1);
        }
      }
    }
    const early = summary(fresh, 1);

    // Steady state, on the last fresh servers, once warm. The eras warm in turns, so that neither sits
    // idle for seconds just before it is measured (a server is slower for a while after an idle spell).
    const subjects = { direct };
    const warming = {};
    for (const era of ERAS) {
      subjects[era] = subjectOf(servers[era]);
      warming[era] = [];
    }
    for (let done = 0; done < warmup; done += WARMUP_STEP) {
      for (const era of ERAS) {
        const before = cpuMs(servers[era].pid);
        await timed(subjects[era].call, WARMUP_STEP, 1);
        warming[era].push((cpuMs(servers[era].pid) - before) / WARMUP_STEP);
      }
    }
    const sequential = await compare({ subjects, calls, blocks, concurrency: 1 });
    const concurrent = await compare({ subjects, calls, blocks, concurrency: 10 });

    const eras = {};
    for (const era of ERAS) {
      const first = firstCalls[era];
      eras[era] = {
        firstCall: { median: median(first), min: Math.min(...first), max: Math.max(...first) },
        early: early[era],
        sequential: sequential[era],
        concurrent: concurrent[era],
        warmingCpuMsPerCall: warming[era],
        steadyRssKiB: peakRssKiB(servers[era].pid),
      };
      log(
        `overhead ${era}: first call ${eras[era].firstCall.median.toFixed(1)} ms (median of ${freshServers}); ` +
          `server CPU per call while warming, per ${WARMUP_STEP}: ${warming[era].map((v) => v.toFixed(2)).join(" ")} ms`,
      );
      for (const [phase, r] of [
        ["calls 2-100", early[era]],
        ["warm", sequential[era]],
        ["warm", concurrent[era]],
      ]) {
        log(
          `overhead ${era} ${phase} c=${r.concurrency}: mcp p50 ${r.mcp.p50.toFixed(3)} ms, direct p50 ${r.direct.p50.toFixed(3)} ms, ` +
            `overhead ${r.overheadP50.toFixed(3)} ms, server CPU ${r.serverCpuMsPerCall.toFixed(3)} ms/call`,
        );
      }
    }
    return {
      limit: LIMIT,
      calls,
      blocks,
      freshServers,
      freshCalls,
      thinkMs: THINK_MS,
      warmup,
      warmupStep: WARMUP_STEP,
      eras,
    };
  } finally {
    await killAll();
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
