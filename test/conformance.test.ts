import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, requireBuild } from "./support/child.js";

// The MCP conformance suite (@modelcontextprotocol/conformance 0.1.13, pinned in package.json) against
// dist/cli.js --sandbox --transport http, stateful and stateless. The binary is the one
// `npx conformance server --url URL --scenario NAME` runs, called directly so npm does not go online.
// Only the scenarios that apply to a server without the suite's fixture tools are run (see
// ../shared/mcp-notes.md); server-sse-multiple-streams needs sessions, so it is stateful only.

const CONFORMANCE = fileURLToPath(new URL("../node_modules/.bin/conformance", import.meta.url));
const COMMON = ["server-initialize", "ping", "tools-list", "logging-set-level", "dns-rebinding-protection"];
const SCENARIOS = [
  ...COMMON.map((scenario) => ({ mode: "stateful", scenario })),
  { mode: "stateful", scenario: "server-sse-multiple-streams" },
  ...COMMON.map((scenario) => ({ mode: "stateless", scenario })),
] as const;

interface Check {
  id: string;
  status: string;
  errorMessage?: string;
}

const servers = new Map<string, { child: ChildProcess; url: string }>();
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

function runScenario(url: string, scenario: string, dir: string) {
  return new Promise<{ code: number; output: string }>((resolve) => {
    execFile(
      CONFORMANCE,
      ["server", "--url", url, "--scenario", scenario, "--output-dir", dir],
      { timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, output: `${stdout}${stderr}` });
      },
    );
  });
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
  await rm(outDir, { recursive: true, force: true });
});

describe.concurrent("MCP conformance suite 0.1.13", () => {
  it.each(SCENARIOS)("$scenario ($mode)", { timeout: 90_000 }, async ({ mode, scenario }) => {
    const server = servers.get(mode);
    if (!server) throw new Error(`no ${mode} server`);
    const dir = join(outDir, `${mode}-${scenario}`);
    const { code, output } = await runScenario(server.url, scenario, dir);
    const [runDir] = await readdir(dir);
    const checks = JSON.parse(await readFile(join(dir, runDir ?? "", "checks.json"), "utf8")) as Check[];
    expect(checks.length, output).toBeGreaterThan(0);
    // Every check a SUCCESS: no FAILURE, and no WARNING either.
    expect(
      checks.filter((c) => c.status !== "SUCCESS"),
      output,
    ).toEqual([]);
    expect(code, output).toBe(0);
  });
});
