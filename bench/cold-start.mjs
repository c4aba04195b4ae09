// Cold start: spawn -> complete tools/list answer over stdio, for a 2026-07-28 client and a 2025 client,
// interleaved round robin with the reference one-tool SDK servers, plus peak RSS (VmHWM) of the same runs.
// The Claude Desktop bundle is the real .mcpb (scripts/pack.mjs), unpacked with mcpb as a host installs it.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  BARE,
  benchEnv,
  CLI,
  ERAS,
  hrMs,
  log,
  median,
  peakRssKiB,
  percentile,
  REFERENCE_V1,
  REFERENCE_V2,
  ROOT,
  StdioRpc,
  spawnNode,
} from "./lib.mjs";

/** Packs the .mcpb from dist/ (no rebuild) and unpacks it into a temporary folder; returns its entry. */
function unpackedBundle() {
  const dir = mkdtempSync(join(tmpdir(), "arize-ax-spaces-mcp-bench-bundle-"));
  const mcpb = join(dirname(createRequire(import.meta.url).resolve("@anthropic-ai/mcpb")), "cli", "cli.js");
  const node = (args) => execFileSync(process.execPath, args, { cwd: ROOT, stdio: "ignore" });
  node(["scripts/pack.mjs", "--no-build", "--out", join(dir, "bundle.mcpb")]);
  node([mcpb, "unpack", join(dir, "bundle.mcpb"), join(dir, "extension")]);
  const manifest = JSON.parse(readFileSync(join(dir, "extension", "manifest.json"), "utf8"));
  // What the host runs: mcp_config's args are ["${__dirname}/<entry_point>"].
  return {
    entry: join(dir, "extension", manifest.server.entry_point),
    remove: () => rmSync(dir, { recursive: true }),
  };
}

/**
 * What is started. The budget compares dist/cli.js with "reference", the one-tool server on the SDK the
 * server is built on (v2), client era for client era; "reference-v1" (the v1 SDK, 2025 only) is the
 * reference earlier runs used, shown for continuity.
 */
export const SUBJECTS = [
  { key: "cli", label: "dist/cli.js (npm bin)", script: CLI, eras: ERAS },
  { key: "bundle", label: "Claude Desktop bundle (.mcpb, unpacked)", script: "bundle", eras: ERAS },
  { key: "reference", label: "one-tool v2 SDK server (reference)", script: REFERENCE_V2, eras: ERAS },
  { key: "reference-v1", label: "one-tool v1 SDK server", script: REFERENCE_V1, eras: ["legacy"] },
  { key: "bare", label: "dependency-free responder (Node floor)", script: BARE, eras: ERAS },
];

/** One cold start: ms from spawn() to the tools/list response, and the peak RSS at that moment. */
async function once(script, era) {
  const env = benchEnv({ ARIZE_API_KEY: "bench-key" });
  const start = process.hrtime.bigint();
  const proc = spawnNode(script, [], env);
  const rpc = new StdioRpc(proc.child, era);
  const exited = new Promise((resolve) => proc.child.once("exit", resolve));
  try {
    // As a client does: 2025, initialize, then (after its answer) initialized and tools/list; 2026-07-28,
    // server/discover (to learn the server offers the version), then tools/list.
    await rpc.open();
    const list = await rpc.request("tools/list", {});
    const elapsed = hrMs(start);
    return { ms: elapsed, rssKiB: peakRssKiB(proc.child.pid), tools: list.tools.length };
  } catch (err) {
    throw new Error(`${script} (${era}): ${err.message}; stderr: ${proc.stderrTail()}`);
  } finally {
    proc.child.kill("SIGKILL");
    await exited;
  }
}

/**
 * `subjects` must include one with key "reference" that serves every era. A subject whose script is "bundle"
 * runs the unpacked .mcpb and is compared with "cli" round by round: on a busy machine one start varies by
 * tens of percent, so `pairRounds` more rounds run only those two, for a 10% budget to be decided by more
 * than noise.
 */
export async function coldStart({ rounds = 16, warmup = 2, pairRounds = 24, subjects = SUBJECTS } = {}) {
  const bundle = subjects.some((s) => s.script === "bundle") ? unpackedBundle() : undefined;
  try {
    return await measure({
      rounds,
      warmup,
      pairRounds: bundle ? pairRounds : 0,
      subjects,
      bundleEntry: bundle?.entry,
    });
  } finally {
    bundle?.remove();
  }
}

async function measure({ rounds, warmup, pairRounds, subjects, bundleEntry }) {
  const runs = subjects.flatMap((subject) =>
    subject.eras.map((era) => ({
      ...subject,
      script: subject.script === "bundle" ? bundleEntry : subject.script,
      era,
    })),
  );
  const id = (run) => `${run.key}/${run.era}`;
  const samples = Object.fromEntries(runs.map((r) => [id(r), { ms: [], rssKiB: [], tools: 0 }]));
  const paired = runs.filter((run) => run.key === "cli" || run.key === "bundle");
  for (let round = 0; round < warmup + rounds + pairRounds; round++) {
    // Rotate the order each round so no subject always runs first (or right after another).
    const these = round < warmup + rounds ? runs : paired;
    const order = these.map((_, i) => these[(i + round) % these.length]);
    for (const run of order) {
      const r = await once(run.script, run.era);
      if (round < warmup) continue;
      const s = samples[id(run)];
      s.ms.push(r.ms);
      if (r.rssKiB !== undefined) s.rssKiB.push(r.rssKiB);
      s.tools = r.tools;
    }
  }
  const p50 = (key, era) => median(samples[`${key}/${era}`]?.ms ?? []);
  // The bundle's start time over dist/cli.js's in the same round (both ran in it), one ratio per round.
  const bundleRatios = (era) => {
    const bundle = samples[`bundle/${era}`]?.ms ?? [];
    const cli = samples[`cli/${era}`]?.ms ?? [];
    return bundle.map((v, i) => v / cli[i]);
  };
  const rows = runs.map((run) => {
    const s = samples[id(run)];
    const medianMs = median(s.ms);
    const perRound = run.key === "bundle" ? bundleRatios(run.era) : [];
    return {
      key: run.key,
      era: run.era,
      label: run.label,
      tools: s.tools,
      starts: s.ms.length,
      medianMs,
      p90Ms: percentile(s.ms, 90),
      ratio: medianMs / p50("reference", run.era),
      ratioV1: run.era === "legacy" ? medianMs / p50("reference-v1", "legacy") : Number.NaN,
      cliRatio: median(perRound),
      cliRatioP10: percentile(perRound, 10),
      cliRatioP90: percentile(perRound, 90),
      rssKiB: median(s.rssKiB),
    };
  });
  log(`cold start: ${rows.map((r) => `${r.key}/${r.era} ${r.medianMs.toFixed(1)} ms`).join(", ")}`);
  // Loading the same files costs the same for either client era, so the budget pools both.
  const all = paired.length ? [...new Set(paired.map((r) => r.era))].flatMap(bundleRatios) : [];
  const bundleVsCli = {
    n: all.length,
    median: median(all),
    p10: percentile(all, 10),
    p90: percentile(all, 90),
  };
  return { rounds, warmup, pairRounds, rows, bundleVsCli };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(JSON.stringify(await coldStart(), null, 2));
}
