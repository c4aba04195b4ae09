import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tools as registry } from "../src/tools/index.js";
import { CLI, requireBuild } from "./support/child.js";

// The MCP Inspector CLI (@modelcontextprotocol/inspector 2.12.0, pinned in package.json) against
// dist/cli.js over stdio, stateful Streamable HTTP and stateless Streamable HTTP, in both protocol eras
// (`--protocol-era modern`: 2026-07-28; `legacy`: 2025-11-25). The binary is the one
// `npx @modelcontextprotocol/inspector` runs, called directly so npm does not go online. `--strict` lints
// every tool schema for client portability; with `--format json` its findings come back as
// `schemaFindings` beside the result.

const INSPECTOR = fileURLToPath(new URL("../node_modules/.bin/mcp-inspector", import.meta.url));
const TOKEN = "tok-inspector-5a7c-secret";

interface Finding {
  toolName: string;
  findings: Array<{ path?: string; severity?: string; issue?: string; message?: string }>;
}

interface InspectorRun {
  code: number;
  stdout: string;
  stderr: string;
  // biome-ignore lint/suspicious/noExplicitAny: the inspector's JSON envelope
  json: any;
}

let home: string;
const servers: ChildProcess[] = [];
const urls: Record<string, string> = {};

function inspect(args: string[]): Promise<InspectorRun> {
  return new Promise((resolve) => {
    execFile(
      INSPECTOR,
      ["--cli", "--format", "json", ...args],
      {
        timeout: 60_000,
        // Its catalog and secret store go to a throwaway home, not the developer's.
        env: {
          PATH: process.env.PATH ?? "",
          HOME: home,
          MCP_INSPECTOR_SECRET_STORE: "memory",
          NO_COLOR: "1",
        },
      },
      (err, stdout, stderr) => {
        let json: unknown;
        try {
          json = JSON.parse(stdout);
        } catch {
          json = undefined;
        }
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        resolve({ code, stdout, stderr, json });
      },
    );
  });
}

function describeFindings(findings: Finding[] | undefined): string {
  return JSON.stringify(findings ?? [], null, 2);
}

async function startHttp(flags: string[]): Promise<string> {
  const child = spawn(process.execPath, [CLI, "--sandbox", "--transport", "http", "--port", "0", ...flags], {
    env: { PATH: process.env.PATH ?? "" },
    stdio: ["ignore", "ignore", "pipe"],
  });
  servers.push(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  return new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const m = /MCP over Streamable HTTP at (http:\/\/127\.0\.0\.1:\d+\/mcp)/.exec(stderr);
      if (m?.[1]) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`server exited with ${code}: ${stderr}`)));
  });
}

beforeAll(async () => {
  requireBuild();
  home = await mkdtemp(join(tmpdir(), "arize-mcp-inspector-"));
  [urls.stateful, urls.stateless] = await Promise.all([
    startHttp(["--auth-token", TOKEN]),
    startHttp(["--stateless"]),
  ]);
});

afterAll(async () => {
  for (const child of servers) child.kill("SIGTERM");
  await rm(home, { recursive: true, force: true });
});

const targets = {
  stdio: () => [process.execPath, CLI, "--sandbox"],
  "http (stateful, bearer token)": () => [
    "--transport",
    "http",
    "--server-url",
    urls.stateful ?? "",
    "--header",
    `Authorization: Bearer ${TOKEN}`,
  ],
  "http (stateless)": () => ["--transport", "http", "--server-url", urls.stateless ?? ""],
};

// `modern` pins 2026-07-28 (server/discover, no initialize) and fails when the server does not offer it;
// `legacy` is the 2025-11-25 initialize handshake (a session over stateful HTTP).
const ERAS = ["modern", "legacy"] as const;
const MATRIX = ERAS.flatMap((era) =>
  Object.entries(targets).map(([transport, target]) => ({ era, transport, target })),
);
const SERVER_INFO = "io.modelcontextprotocol/serverInfo";

describe.concurrent("MCP Inspector CLI 2.12.0", () => {
  it.each(MATRIX)(
    "--strict --protocol-era $era tools/list over $transport: every tool, no schema findings",
    { timeout: 60_000 },
    async ({ era, target }) => {
      const run = await inspect(["--strict", "--protocol-era", era, "--method", "tools/list", ...target()]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.json?.result?.tools, run.stdout).toHaveLength(registry.length);
      expect(run.json?.schemaFindings, describeFindings(run.json?.schemaFindings)).toBeUndefined();
      expect(run.stderr).not.toMatch(/^(Warning|Error): tool /m);
    },
  );

  it.each(MATRIX)(
    "--protocol-era $era tools/call list_spaces over $transport succeeds",
    { timeout: 60_000 },
    async ({ era, target }) => {
      const run = await inspect([
        "--protocol-era",
        era,
        "--method",
        "tools/call",
        "--tool-name",
        "list_spaces",
        "--tool-args-json",
        '{"name":"fraud"}',
        ...target(),
      ]);
      expect(run.code, run.stderr).toBe(0);
      expect(run.json?.result?.isError ?? false).toBe(false);
      expect(run.json?.result?.content?.[0]?.text).toContain("2 spaces:");
      expect(run.json?.result?.structuredContent?.spaces).toHaveLength(2);
      // The era really spoken: 2026-07-28 results name the server in _meta, 2025 results do not.
      if (era === "modern") {
        expect(run.json?.result?._meta?.[SERVER_INFO]?.name, run.stdout).toBe("arize-ax-spaces-mcp");
      } else {
        expect(run.json?.result?._meta?.[SERVER_INFO], run.stdout).toBeUndefined();
      }
      expect(`${run.stdout}${run.stderr}`).not.toContain(TOKEN);
    },
  );
});
