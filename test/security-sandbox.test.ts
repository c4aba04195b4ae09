import { type ChildProcess, spawn } from "node:child_process";
import { request as httpRequest } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { SEED } from "../src/sandbox/index.js";
import { CLI, requireBuild } from "./support/child.js";

// The standalone sandbox API (dist/cli.js sandbox) against DNS
// rebinding, foreign pages, and an open bind.

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
});

async function startSandboxCli(env: Record<string, string> = {}, args: string[] = []): Promise<string> {
  requireBuild();
  const child = spawn(process.execPath, [CLI, "sandbox", "--port", "0", ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  children.push(child);
  let stderr = "";
  child.stderr?.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (chunk: string) => {
      stderr += chunk;
      const m = /listening at (http:\/\/[^\s]+:\d+)/.exec(stderr);
      if (m?.[1]) {
        if (!m[1].startsWith("http://127.0.0.1:")) child.kill("SIGKILL");
        resolve(m[1]);
      }
    });
    child.on("exit", (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
}

/** A request with the headers a browser under DNS rebinding, or a foreign page, would send. */
function send(url: string, method: string, headers: Record<string, string>) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      let text = "";
      res.on("data", (c) => {
        text += c;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the standalone sandbox", () => {
  it("refuses a foreign Host (DNS rebinding) and a foreign Origin, changing nothing", async () => {
    const base = await startSandboxCli();
    const space = `${base}/v2/spaces/${encodeURIComponent(SEED.spaces.playground.id)}`;
    const bearer = { authorization: "Bearer anything" };
    const rebound = await send(space, "DELETE", { ...bearer, host: "attacker.example:4010" });
    expect(rebound.status).toBe(403);
    const foreign = await send(space, "DELETE", { ...bearer, origin: "https://attacker.example" });
    expect(foreign.status).toBe(403);
    // Still there, for a local client.
    expect((await send(space, "GET", bearer)).status).toBe(200);
    expect((await send(space, "GET", { ...bearer, origin: "http://localhost:5173" })).status).toBe(200);
  });

  it("refuses to bind beyond loopback without ARIZE_SANDBOX_API_KEY", async () => {
    // Should it start anyway, it is killed at once (afterEach), and the test fails.
    const started = startSandboxCli({}, ["--host", "0.0.0.0"]);
    await expect(started).rejects.toThrow(
      /exited with 2: .*Refusing to serve the sandbox on 0\.0\.0\.0 without ARIZE_SANDBOX_API_KEY/,
    );
  });

  it("with ARIZE_SANDBOX_API_KEY accepts only that bearer key", async () => {
    const base = await startSandboxCli({ ARIZE_SANDBOX_API_KEY: "sandbox-key-0123" });
    const url = `${base}/v2/spaces`;
    expect((await send(url, "GET", { authorization: "Bearer other" })).status).toBe(401);
    expect((await send(url, "GET", { authorization: "Bearer sandbox-key-0123" })).status).toBe(200);
  });
});
