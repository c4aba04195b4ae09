// npm run bench: runs every benchmark against dist/ (build first), prints the results and writes
// BENCHMARKS.md. `node bench/run.mjs tokens resolve` runs only those (and does not write the file);
// `--check` exits 1 when a target is missed.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import os from "node:os";
import { coldStart } from "./cold-start.mjs";
import { httpThroughput } from "./http.mjs";
import { CLI, ERA_VERSION, ERAS, fixed, log, mib, ms, ROOT, startSandbox } from "./lib.mjs";
import { overhead } from "./overhead.mjs";
import { resolveNames, toolCosts } from "./resolve.mjs";
import { demoData, removeDir, writeSpaces } from "./seed.mjs";
import { tokens } from "./tokens.mjs";

const ALL = ["tokens", "resolve", "cold", "overhead", "http"];
const TARGETS = { startRatio: 0.75, bundleRatio: 1.1, tools: 1800, overheadMs: 0.5, statelessRatio: 0.8 };
/** How the report names a client of each era. */
const CLIENT = { modern: "2026-07-28 client", legacy: "2025-11-25 client" };

const args = process.argv.slice(2);
const check = args.includes("--check");
const names = args.filter((a) => !a.startsWith("--"));
const unknown = names.filter((n) => !ALL.includes(n));
if (unknown.length) {
  console.error(`unknown benchmark ${unknown.join(", ")}; choose from ${ALL.join(", ")}`);
  process.exit(2);
}
const selected = names.length ? names : ALL;
if (!existsSync(CLI)) {
  console.error(`${CLI} is missing: run npm run build first (npm run bench does).`);
  process.exit(2);
}

function git(...a) {
  try {
    return execFileSync("git", a, {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return "";
  }
}

const machine = {
  cpu: os.cpus()[0]?.model ?? "unknown CPU",
  cores: os.availableParallelism?.() ?? os.cpus().length,
  ramGiB: os.totalmem() / 2 ** 30,
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
  // BENCHMARKS.md itself does not count: it is this run's output, often left from the run before.
  commit: `${git("rev-parse", "--short", "HEAD") || "unknown"}${git("status", "--porcelain", "--", ".", ":!BENCHMARKS.md") ? " (with uncommitted changes)" : ""}`,
  loadBefore: os.loadavg()[0],
};

const started = performance.now();
const results = {};
const { dir, demo } = await demoData();
try {
  const files = {};
  for (const n of [10, 120, 1000, 10_000]) files[n] = await writeSpaces(dir, demo, n);
  for (const name of selected) {
    log(`running ${name}...`);
    if (name === "tokens") results.tokens = await tokens({ dataFile: files[120] });
    if (name === "resolve") {
      results.resolve = await resolveNames({ dataFiles: [10, 1000, 10_000].map((n) => [n, files[n]]) });
      results.costs = await toolCosts({ dataFile: files[120] });
    }
    if (name === "cold") results.cold = await coldStart();
    if (name === "overhead") results.overhead = await overhead({ dataFile: files[120] });
    if (name === "http") {
      const sandbox = await startSandbox(files[120]);
      try {
        results.http = await httpThroughput({ apiUrl: sandbox.url });
      } finally {
        await sandbox.kill();
      }
    }
  }
} finally {
  await removeDir(dir);
}
machine.loadAfter = os.loadavg()[0];
machine.seconds = (performance.now() - started) / 1000;

// --- targets ---

const verdicts = [];
const verdict = (name, pass, figure, target) => verdicts.push({ name, pass, figure, target });
if (results.cold) {
  for (const era of ERAS) {
    const row = (key) => results.cold.rows.find((r) => r.key === key && r.era === era);
    const cli = row("cli");
    const v1 = era === "legacy" ? ` (${fixed(cli.ratioV1)}x the v1 SDK server)` : "";
    verdict(
      `Cold start, dist/cli.js vs one-tool v2 SDK server, ${CLIENT[era]}`,
      cli.ratio <= TARGETS.startRatio,
      `${fixed(cli.ratio)}x: ${ms(cli.medianMs)} vs ${ms(row("reference").medianMs)}${v1}`,
      `<= ${TARGETS.startRatio}x`,
    );
  }
  const b = results.cold.bundleVsCli;
  if (b.n > 0) {
    const row = (era) => results.cold.rows.find((r) => r.key === "bundle" && r.era === era);
    verdict(
      "Cold start, Claude Desktop bundle vs dist/cli.js (median of per-round ratios, both client eras)",
      b.median <= TARGETS.bundleRatio,
      `${fixed(b.median)}x (${b.n} rounds, p10-p90 ${fixed(b.p10)}x-${fixed(b.p90)}x; ${ERAS.map((era) => `${ERA_VERSION[era]} ${fixed(row(era).cliRatio)}x`).join(", ")})`,
      `<= ${TARGETS.bundleRatio}x`,
    );
  }
}
if (results.tokens) {
  const t = results.tokens;
  verdict(
    `tools/list tokens (${t.toolCount} tools, either era${t.sameTools ? ": the same tools" : ": THE TOOLS DIFFER"})`,
    t.total <= TARGETS.tools && t.sameTools,
    ERAS.map((era) => `${t.eras[era].total}`).join(" / "),
    `<= ${TARGETS.tools}`,
  );
}
if (results.overhead) {
  for (const era of ERAS) {
    const o = results.overhead.eras[era].sequential.overheadP50;
    verdict(
      `Per-call overhead over raw undici, p50 (warm, sequential), ${CLIENT[era]}`,
      o <= TARGETS.overheadMs,
      ms(o, 3),
      `<= ${TARGETS.overheadMs} ms`,
    );
  }
}
if (results.http) {
  for (const era of ERAS) {
    const rows = results.http.rows.filter((r) => r.era === era);
    const worst = rows.reduce((a, b) => (b.ratio < a.ratio ? b : a));
    verdict(
      `Stateless vs stateful HTTP calls/s (worst configuration), ${CLIENT[era]}s`,
      worst.ratio >= TARGETS.statelessRatio,
      `${fixed(worst.ratio)}x (${worst.client === "lean" ? "lean" : "SDK"} clients, ${worst.concurrency} concurrent)`,
      `>= ${TARGETS.statelessRatio}x`,
    );
  }
}
if (results.resolve) {
  const rows = results.resolve.rows;
  const oneRequest = rows.every((r) => r.listed === 1 && r.cached === 1 && r.uniqueParts.lookup === 1);
  const noScan = rows.every((r) => r.commonParts.lookup <= Math.max(1, Math.ceil(r.commonContaining / 100)));
  verdict(
    "Name resolution: 1 filtered request once the organization is known, cached 1 GET, no scan",
    oneRequest && noScan,
    rows.map((r) => `${r.spaces}: ${r.listed}/${r.cached}/${r.commonParts.lookup}`).join(", "),
    "1 / 1 / pages of matches only",
  );
  const fresh = rows.every((r) => r.afterRename.outcome !== "stale");
  verdict(
    "Cached name after a rename by another client",
    fresh,
    rows[0].afterRename.outcome,
    "not the renamed space",
  );
}

// --- report ---

function table(headers, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

const sections = [];
sections.push(`# Benchmarks

Written by \`npm run bench\` (bench/run.mjs); do not edit by hand. Reproduce with \`npm ci && npm run bench\`
(this run took ${Math.round(machine.seconds)} s after the build; loopback only).

| | |
|---|---|
| Date | ${machine.date} |
| Commit | ${machine.commit} |
| Machine | ${machine.cpu}, ${machine.cores} cores, ${machine.ramGiB.toFixed(1)} GiB RAM (${machine.os}) |
| Node | ${machine.node} |
| Load average (1 min) | ${machine.loadBefore.toFixed(2)} before, ${machine.loadAfter.toFixed(2)} after: figures from a busier machine are slower and noisier |`);

if (verdicts.length) {
  sections.push(`## Targets

${table(
  ["Target", "Result", "Goal", ""],
  verdicts.map((v) => [v.name, v.figure, v.target, v.pass ? "pass" : "**FAIL**"]),
)}`);
}

if (results.cold) {
  const c = results.cold;
  sections.push(`## Cold start: spawn to a complete \`tools/list\` over stdio

${table(
  [
    "Server",
    "Client",
    "Tools",
    "Starts",
    "Median",
    "p90",
    "Ratio to v2 reference",
    "Ratio to v1",
    "Ratio to dist/cli.js (rounds p10-p90)",
    "Peak RSS",
  ],
  c.rows.map((r) => [
    r.label,
    ERA_VERSION[r.era],
    r.tools,
    r.starts,
    ms(r.medianMs),
    ms(r.p90Ms),
    `${fixed(r.ratio)}x`,
    r.era === "legacy" ? `${fixed(r.ratioV1)}x` : "",
    r.key === "bundle" ? `${fixed(r.cliRatio)}x (${fixed(r.cliRatioP10)}-${fixed(r.cliRatioP90)})` : "",
    mib(r.rssKiB),
  ]),
)}

Each run spawns \`node <server>\` and opens it as a client of its era does: a 2025-11-25 client sends
\`initialize\`, then (after its answer) \`notifications/initialized\` and \`tools/list\`; a 2026-07-28 client
sends \`server/discover\`, then (after its answer) \`tools/list\` with the \`_meta\` envelope. The clock stops at
the \`tools/list\` answer; then the process's peak RSS (VmHWM in /proc/PID/status) is read and it is killed.
Every server and client era runs one at a time, round robin, in a rotating order: ${c.warmup} warm-up rounds
(page cache) and ${c.rounds} measured. The budget compares \`dist/cli.js\` with
\`bench/fixtures/one-tool-server-v2.mjs\`, one \`McpServer\` tool on the v2 SDK (\`@modelcontextprotocol/server\`,
which the server is built on) served by its \`serveStdio\` (both eras), unbundled, client era for client era.
\`bench/fixtures/one-tool-server.mjs\` is the same on the v1 SDK (\`@modelcontextprotocol/sdk\`, 2025 only), the
reference of earlier runs. The floor is \`bench/fixtures/bare-responder.mjs\` (Node's start-up plus a
dependency-free JSON-RPC loop). The Claude Desktop bundle is the \`.mcpb\` that \`npm run pack\` makes from the
same dist/, unpacked with mcpb into a temporary folder and started as its manifest says (\`node
<folder>/<entry_point>\`); its budget (at most ${TARGETS.bundleRatio}x) is the median, over the rounds, of its start time over
\`dist/cli.js\`'s in the same round, pooled over both client eras, with the 10th to 90th percentile of those
ratios beside it; one start varies by tens of percent on a busy machine, so ${c.pairRounds} more rounds run only those
two.`);
}

if (results.overhead) {
  const o = results.overhead;
  const row = (label, era, r) => [
    label,
    ERA_VERSION[era],
    r.concurrency,
    ms(r.mcp.p50, 3),
    ms(r.mcp.p99, 2),
    ms(r.direct.p50, 3),
    ms(r.direct.p99, 2),
    `**${ms(r.overheadP50, 3)}**`,
    ms(r.serverCpuMsPerCall, 3),
    fixed(r.mcp.callsPerSec, 0),
  ];
  const rows = [];
  for (const [label, phase] of [
    [`fresh servers, calls 2-${o.freshCalls}`, "early"],
    [`warm (after ${o.warmup.toLocaleString("en")} calls)`, "sequential"],
    ["warm", "concurrent"],
  ]) {
    for (const era of ERAS) rows.push(row(label, era, o.eras[era][phase]));
  }
  const first = (era) => o.eras[era].firstCall;
  sections.push(`## Per-call overhead: \`list_spaces\` (limit ${o.limit}) over stdio vs the same request with undici

${table(
  [
    "Phase",
    "Client",
    "Concurrency",
    "MCP p50",
    "MCP p99",
    "undici p50",
    "undici p99",
    "Overhead p50",
    "Server CPU/call",
    "MCP calls/s",
  ],
  rows,
)}

First \`list_spaces\` call of a fresh server, ${o.thinkMs} ms after its \`tools/list\` (median, min to max of
${o.freshServers} servers): ${ERAS.map((era) => `${ERA_VERSION[era]} ${ms(first(era).median)} (${ms(first(era).min)} to ${ms(first(era).max)})`).join(", ")}.
Peak RSS of the warm server: ${ERAS.map((era) => `${ERA_VERSION[era]} ${mib(o.eras[era].steadyRssKiB)}`).join(", ")}.
Server CPU per call while the pair warms, the two servers in turns of ${o.warmupStep.toLocaleString("en")} calls (V8 optimizes
the server's code for some thousands of calls, so the steady state is measured after ${o.warmup.toLocaleString("en")}): ${ERAS.map((era) => `${ERA_VERSION[era]} ${o.eras[era].warmingCpuMsPerCall.map((v) => fixed(v)).join(", ")} ms`).join("; ")}.

Two servers (\`dist/cli.js\` over stdio), one opened by a 2026-07-28 client and one by a 2025-11-25 client, and
this process's undici \`Pool\` (the server's own pool settings) call the same sandbox API (\`dist/cli.js
sandbox\`, 120 spaces); the MCP client is a minimal newline-JSON-RPC client (2026-07-28 requests carry the
\`_meta\` envelope), so its own cost stays small. Each era's calls and direct calls alternate call by call on
${o.freshServers} pairs of fresh servers, then in ${o.calls / o.blocks}-call blocks in a rotating order
(${o.calls} of each) on the warm pair. Overhead is the difference of the p50s. Server CPU is user+system time
of the server process over its MCP calls (sum of /proc/PID/task/*/schedstat). With 10 concurrent calls the
single-threaded server queues them, so latency there measures throughput rather than overhead.`);
}

if (results.http) {
  const h = results.http;
  const clientLabel = (r) =>
    r.client === "lean" ? "lean (undici)" : r.era === "modern" ? "v2 SDK, pinned" : "v1 SDK";
  sections.push(`## HTTP: \`list_spaces\` calls per second over Streamable HTTP

${table(
  [
    "Protocol",
    "Clients",
    "Concurrent",
    "Stateful calls/s",
    "Stateless calls/s",
    "Stateless / stateful",
    "Server CPU/call stateful",
    "stateless",
    "Errors",
  ],
  h.rows.map((r) => [
    ERA_VERSION[r.era],
    clientLabel(r),
    r.concurrency,
    fixed(r.stateful.callsPerSec, 0),
    fixed(r.stateless.callsPerSec, 0),
    `${fixed(r.ratio)}x`,
    ms(r.stateful.serverCpuMsPerCall, 3),
    ms(r.stateless.serverCpuMsPerCall, 3),
    r.stateful.errors + r.stateless.errors,
  ]),
)}

Two servers (\`dist/cli.js --transport http --port 0 --rate-limit 1000000\`, one with \`--stateless\`) call the
sandbox API; each serves both eras at the same URL. Each server is first warmed for ${h.warmupMs / 1000} s (5
clients of each era); then, per client kind and concurrency, one set of clients per era and server is
connected once (2025: \`initialize\`, and a session on the stateful server; 2026-07-28: \`server/discover\`,
no session on either) and the four sets call in a loop: ${h.rounds} windows of ${h.windowMs / 1000} s each, in a
rotating order. "lean" clients speak the Streamable HTTP wire protocol over one undici keep-alive pool per
set (little client CPU, so the servers are what is measured). SDK clients are what real clients use: the
v2 SDK's \`Client\` pinned to 2026-07-28 (\`@modelcontextprotocol/client\`) and the v1 SDK's \`Client\`
(\`@modelcontextprotocol/sdk\`, 2025-11-25), each with its \`StreamableHTTPClientTransport\`; their own 2-5 ms of
CPU per call caps what one process can send. Everything shares the machine's ${machine.cores} cores. Peak RSS
after the run: stateful ${mib(h.peakRssKiB.stateful)}, stateless ${mib(h.peakRssKiB.stateless)}.`);
}

if (results.tokens) {
  const t = results.tokens;
  const e = t.eras;
  sections.push(`## Tokens (o200k_base)

\`tools/list\`: **${t.total}** tokens for ${t.toolCount} tools (JSON of the \`tools\` array), ${t.sameTools ? "the same tools for a 2026-07-28 and a 2025-11-25 client" : "**the tools differ between the eras**"} (${ERAS.map((era) => `${ERA_VERSION[era]} ${e[era].total}`).join(", ")}); instructions: ${t.instructions}.

${table(
  ["Tool", "Tokens", "of which description"],
  [...t.perTool].sort((a, b) => b.tokens - a.tokens).map((p) => [p.name, p.tokens, p.descriptionTokens]),
)}

${table(
  ["list_spaces", "Text tokens", "Text per space", "structuredContent per space"],
  t.lists.map((l) => [
    `limit ${l.limit}`,
    l.textTokens,
    fixed(l.perSpace, 1),
    fixed(l.structuredPerSpace, 1),
  ]),
)}

${table(
  ["Bytes on the wire (JSON result)", ...ERAS.map((era) => ERA_VERSION[era])],
  [
    ["`tools/list`", ...ERAS.map((era) => e[era].listBytes)],
    ["of which the `tools` array", ...ERAS.map((era) => e[era].toolsBytes)],
    ["of which `_meta` (server identity)", ...ERAS.map((era) => e[era].metaBytes)],
    ["`list_spaces` (limit 25)", ...ERAS.map((era) => e[era].callBytes)],
  ],
)}

Counted with js-tiktoken's o200k_base on what the server sends: each listed tool as JSON, and the text
content of a \`list_spaces\` answer (a table) divided by the spaces in it. Some clients also pass
\`structuredContent\` to the model; its JSON is shown for comparison. 2026-07-28 results also carry
\`resultType\`, caching hints (\`tools/list\`: ${e.modern.cache ? `ttlMs ${e.modern.cache.ttlMs}, cacheScope ${e.modern.cache.scope}` : "none"}) and the server's identity in \`_meta\` (on every result), which clients do not show the model.`);
}

if (results.resolve) {
  const r = results.resolve;
  sections.push(`## Name resolution: API requests per \`get_space {space: NAME}\`

${table(
  [
    "Spaces",
    `"${r.uniqueName}" (unique, first call)`,
    "Same name again (cached)",
    `"${r.listedName}" after list_spaces showed it`,
    `"${r.commonName}"`,
    `Names containing "${r.commonName}"`,
    "Old name after a rename elsewhere",
  ],
  r.rows.map((x) => [
    x.spaces.toLocaleString("en"),
    `${x.unique} (lookup ${x.uniqueParts.lookup}, organizations ${x.uniqueParts.orgs}, placing ${x.uniqueParts.placing})`,
    x.cached,
    x.listed,
    `${x.common} (lookup ${x.commonParts.lookup}, placing ${x.commonParts.placing})`,
    x.commonContaining,
    `${x.afterRename.outcome} (${x.afterRename.requests} request${x.afterRename.requests === 1 ? "" : "s"})`,
  ]),
)}

A counting proxy between the server and the sandbox records every request while one fresh server per size
resolves names: ${r.uniqueName} (no other name contains it) as the server's first call (so it also reads the
organization list and places the space, one filtered request per organization), the same name within the
30 s cache, ${r.listedName} after \`list_spaces\` showed it (its organization known), and
"${r.commonName}" (about one generated name in ten contains it, so the API's substring filter returns pages
of candidates). Then another client renames the cached space straight at the API and the old name is
resolved again: "stale" means the server answered with the renamed space.`);
}

if (results.costs) {
  const c = results.costs;
  sections.push(`## Request cost per tool call

${table(
  ["Call", "Requests", "lookup", "organization list", "placing", "writes", "Note"],
  c.rows.map((x) => [
    `\`${x.tool} ${JSON.stringify(x.args)}\`${x.error ? " (error)" : ""}`,
    x.total,
    x.lookup,
    x.orgs,
    x.placing,
    x.writes,
    x.note,
  ]),
)}

The calls run in this order on one fresh server against the sandbox with 120 spaces in three organizations,
through the counting proxy. "lookup" is every request that is not the organization list or placing a
space in its organization (name and ID lookups, pages, counts, writes). The organization list is cached
for 5 minutes; which organization a space is in is remembered for the life of the process, so a space
already listed or resolved costs nothing to place. A space never seen before costs one filtered
request per organization to place (in parallel). \`delete_space\` and \`get_space {contents: true}\` add one
request per kind of content (seven, in parallel) and up to five pages per kind.`);
}

const report = `${sections.join("\n\n")}\n`;
console.log(report);
if (selected.length === ALL.length) {
  await writeFile(new URL("../BENCHMARKS.md", import.meta.url), report);
  log(`wrote BENCHMARKS.md in ${machine.seconds.toFixed(0)} s`);
} else {
  log(
    `ran ${selected.join(", ")} in ${machine.seconds.toFixed(0)} s (BENCHMARKS.md is written by a full run only)`,
  );
}
if (check && verdicts.some((v) => !v.pass)) process.exit(1);
