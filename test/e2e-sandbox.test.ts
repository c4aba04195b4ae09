import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLI, runCli, spawnServer } from "./support/child.js";
import { textOf } from "./support/mcp.js";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "arize-mcp-e2e-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("--sandbox", () => {
  it("serves the tools on the embedded API and says so in instructions and on stderr", async () => {
    const { client, transport } = await spawnServer(["--sandbox"], {
      ARIZE_API_KEY: "ak-real-key-never-sent",
    });
    expect(client.getInstructions()).toContain("SANDBOX: this server talks to an embedded demo API");
    const r = await client.callTool({ name: "list_spaces", arguments: { name: "fraud" } });
    expect(textOf(r)).toContain("2 spaces:");
    await client.close();
    expect(transport.stderr).toMatch(
      /sandbox mode: demo API at http:\/\/127\.0\.0\.1:\d+; nothing reaches Arize/,
    );
  });

  it("keeps data across a restart with --sandbox-data", async () => {
    const file = join(dir, "state.json");
    const first = await spawnServer(["--sandbox", "--sandbox-data", file], {});
    const created = await first.client.callTool({
      name: "create_space",
      arguments: { name: "kept-across-restarts", organization: "Globex" },
    });
    expect(created.isError ?? false).toBe(false);
    await first.client.close();

    const second = await spawnServer(["--sandbox", "--sandbox-data", file], {});
    const got = await second.client.callTool({
      name: "get_space",
      arguments: { space: "kept-across-restarts" },
    });
    expect(got.structuredContent).toMatchObject({ name: "kept-across-restarts" });
    expect(second.client.getInstructions()).toContain(`changes are kept in ${file}`);
    await second.client.close();
  });

  it("refuses a corrupt data file with one clear line and exit code 2, leaving it untouched", async () => {
    const file = join(dir, "corrupt.json");
    await writeFile(file, "{not json");
    const { code, stderr, stdout } = await runCli(["--sandbox", "--sandbox-data", file]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(file);
    expect(stderr.trim().split("\n").at(-1)).toMatch(/^arize-ax-spaces-mcp: /);
    expect(await readFile(file, "utf8")).toBe("{not json");
  });
});

describe("sandbox command", () => {
  it("runs the API alone for other clients and stops on SIGTERM", async () => {
    const child = spawn(process.execPath, [CLI, "sandbox", "--port", "0"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.on("data", (c: Buffer) => {
        stderr += c.toString();
        const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(stderr);
        if (m?.[1]) resolve(m[1]);
      });
      child.on("exit", () => reject(new Error(`exited early: ${stderr}`)));
    });
    const res = await fetch(`${url}/v2/organizations`, { headers: { authorization: "Bearer anything" } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { organizations: unknown[] }).organizations).toHaveLength(3);
    const exited = new Promise<number | null>((resolve) => child.on("exit", resolve));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
