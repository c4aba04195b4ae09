// Cold start: spawn -> complete tools/list answer over stdio, interleaved round robin with the reference
// one-tool SDK server, plus peak RSS (VmHWM) of the same runs.
import {
  BARE,
  BUNDLE,
  benchEnv,
  CLI,
  hrMs,
  INITIALIZE,
  log,
  median,
  peakRssKiB,
  percentile,
  REFERENCE,
  StdioRpc,
  spawnNode,
} from "./lib.mjs";

export const SUBJECTS = [
  { key: "cli", label: "dist/cli.js (npm bin)", script: CLI },
  { key: "bundle", label: "dist/bundle/server.js (Desktop bundle)", script: BUNDLE },
  { key: "reference", label: "one-tool SDK server (reference)", script: REFERENCE },
  { key: "bare", label: "dependency-free responder (Node floor)", script: BARE },
];

/** One cold start: ms from spawn() to the tools/list response, and the peak RSS at that moment. */
async function once(script) {
  const env = benchEnv({ ARIZE_API_KEY: "bench-key" });
  const start = process.hrtime.bigint();
  const proc = spawnNode(script, [], env);
  const rpc = new StdioRpc(proc.child);
  const exited = new Promise((resolve) => proc.child.once("exit", resolve));
  try {
    // As a client does: initialize, then (after its answer) initialized and tools/list.
    await rpc.request("initialize", INITIALIZE);
    rpc.notify("notifications/initialized");
    const list = await rpc.request("tools/list", {});
    const elapsed = hrMs(start);
    return { ms: elapsed, rssKiB: peakRssKiB(proc.child.pid), tools: list.tools.length };
  } catch (err) {
    throw new Error(`${script}: ${err.message}; stderr: ${proc.stderrTail()}`);
  } finally {
    proc.child.kill("SIGKILL");
    await exited;
  }
}

/** `subjects` must include one with key "reference". */
export async function coldStart({ rounds = 20, warmup = 2, subjects = SUBJECTS } = {}) {
  const samples = Object.fromEntries(subjects.map((s) => [s.key, { ms: [], rssKiB: [], tools: 0 }]));
  for (let round = 0; round < warmup + rounds; round++) {
    // Rotate the order each round so no subject always runs first (or right after another).
    const order = subjects.map((_, i) => subjects[(i + round) % subjects.length]);
    for (const subject of order) {
      const r = await once(subject.script);
      if (round < warmup) continue;
      const s = samples[subject.key];
      s.ms.push(r.ms);
      if (r.rssKiB !== undefined) s.rssKiB.push(r.rssKiB);
      s.tools = r.tools;
    }
  }
  const reference = median(samples.reference.ms);
  const rows = subjects.map((subject) => {
    const s = samples[subject.key];
    const p50 = median(s.ms);
    return {
      key: subject.key,
      label: subject.label,
      tools: s.tools,
      medianMs: p50,
      p90Ms: percentile(s.ms, 90),
      ratio: p50 / reference,
      rssKiB: median(s.rssKiB),
    };
  });
  log(`cold start: ${rows.map((r) => `${r.key} ${r.medianMs.toFixed(1)} ms`).join(", ")}`);
  return { rounds, warmup, rows };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await coldStart(), null, 2));
}
