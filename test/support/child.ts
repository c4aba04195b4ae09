import { type ChildProcessWithoutNullStreams, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport, type StdioServerParameters } from "@modelcontextprotocol/sdk/client/stdio.js";
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { ClientCapabilities, JSONRPCMessage } from "@modelcontextprotocol/sdk/types.js";

export const CLI = fileURLToPath(new URL("../../dist/cli.js", import.meta.url));

export function requireBuild(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (npm test does it first)`);
}

/**
 * Stdio transport to a spawned dist/cli.js that keeps every raw stdout line and all of stderr, so a
 * test can check that stdout carries only MCP frames and that no secret reaches either stream.
 */
export class ChildTransport implements Transport {
  readonly stdoutLines: string[] = [];
  stderr = "";
  exitCode: number | null = null;
  onmessage?: (message: JSONRPCMessage) => void;
  onclose?: () => void;
  onerror?: (error: Error) => void;
  private child?: ChildProcessWithoutNullStreams;
  private buffer = "";

  constructor(
    private readonly args: string[],
    private readonly env: Record<string, string>,
    /** e.g. another user to run as (uid/gid), for permission tests. */
    private readonly spawnOptions: { uid?: number; gid?: number } = {},
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, [CLI, ...this.args], {
      env: { PATH: process.env.PATH ?? "", ...this.env },
      stdio: ["pipe", "pipe", "pipe"],
      ...this.spawnOptions,
    });
    this.child = child;
    child.stdout.setEncoding("utf8");
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => {
      this.stderr += chunk;
    });
    child.stdout.on("data", (chunk: string) => {
      this.buffer += chunk;
      let newline = this.buffer.indexOf("\n");
      while (newline >= 0) {
        const line = this.buffer.slice(0, newline);
        this.buffer = this.buffer.slice(newline + 1);
        this.stdoutLines.push(line);
        try {
          this.onmessage?.(JSON.parse(line) as JSONRPCMessage);
        } catch (err) {
          this.onerror?.(err as Error);
        }
        newline = this.buffer.indexOf("\n");
      }
    });
    child.on("exit", (code) => {
      this.exitCode = code;
      this.onclose?.();
    });
  }

  async send(message: JSONRPCMessage): Promise<void> {
    this.child?.stdin.write(`${JSON.stringify(message)}\n`);
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.stdin.end();
    await exited;
  }
}

export async function spawnServer(
  args: string[],
  env: Record<string, string>,
  o: { uid?: number; gid?: number; capabilities?: ClientCapabilities } = {},
) {
  requireBuild();
  const transport = new ChildTransport(args, env, { uid: o.uid, gid: o.gid });
  const client = new Client({ name: "e2e", version: "1.0.0" }, { capabilities: o.capabilities ?? {} });
  await client.connect(transport);
  return { client, transport };
}

/**
 * Runs the CLI to completion (for --help, --version and bad configuration), with stdin closed; killed
 * after 10 s if it serves instead.
 * `node` holds options for Node itself; `cwd`, `uid` and `gid` where and as whom it runs.
 */
export function runCli(
  args: string[],
  env: Record<string, string> = {},
  options: { node?: string[]; cwd?: string; uid?: number; gid?: number } = {},
) {
  requireBuild();
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const { node = [], ...spawnOptions } = options;
    const child = spawn(process.execPath, [...node, CLI, ...args], {
      ...spawnOptions,
      env: { PATH: process.env.PATH ?? "", ...env },
      timeout: 10_000,
      killSignal: "SIGKILL",
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => {
      stdout += c;
    });
    child.stderr.on("data", (c) => {
      stderr += c;
    });
    child.stdin.end();
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** An MCP client over stdio to a server started as `params` say, keeping the server's stderr. */
export async function connectStdio(params: StdioServerParameters, name: string) {
  const transport = new StdioClientTransport({ ...params, stderr: "pipe" });
  let stderr = "";
  transport.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const client = new Client({ name, version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}
