import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Sandbox, SEED, startSandbox } from "../src/sandbox/index.js";
import { connectStdio, requireBuild } from "./support/child.js";
import { filesUnder, nodeModulesAbove } from "./support/files.js";
import { textOf } from "./support/mcp.js";
import { type Manifest, MCPB_CLI, mcpConfigFor, ROOT, readManifest } from "./support/mcpb.js";

const KEY = "ak-bundle-7d2e4f1c9b-secret";

function node(args: string[]) {
  const result = spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 45_000 });
  if (result.status !== 0)
    throw new Error(`node ${args.join(" ")} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout + result.stderr;
}

describe("the packed .mcpb, unzipped into an empty folder", () => {
  let work: string;
  let unpacked: string;
  let manifest: Manifest;
  let sandbox: Sandbox;
  let client: Client;
  let stderr: () => string;

  beforeAll(async () => {
    requireBuild();
    work = mkdtempSync(join(tmpdir(), "arize-ax-spaces-mcp-bundle-test-"));
    const mcpb = join(work, "arize-ax-spaces-mcp.mcpb");
    // The build is the one this test run made (npm test builds first); rebuilding here would race other tests.
    node(["scripts/pack.mjs", "--no-build", "--out", mcpb]);
    unpacked = join(work, "extension");
    mkdirSync(unpacked);
    node([MCPB_CLI, "unpack", mcpb, unpacked]);
    manifest = readManifest(unpacked);

    sandbox = await startSandbox({ apiKey: KEY });
    // Exactly what a host runs: mcp_config with ${__dirname} and the user_config env filled in by mcpb's code.
    const config = await mcpConfigFor(manifest, { api_key: KEY, base_url: sandbox.url }, unpacked);
    expect(config.command).toBe("node");
    ({ client, stderr } = await connectStdio(
      {
        command: process.execPath,
        args: config.args,
        env: { PATH: process.env.PATH ?? "", ...config.env },
        cwd: work,
      },
      "bundle-test",
    ));
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await sandbox?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("holds the manifest, the icon, the license and the npm package's dist/: entry, lazy chunks, notices", () => {
    const dist = filesUnder(join(ROOT, "dist")).map((file) => `dist/${file}`);
    expect(dist).toEqual(expect.arrayContaining(["dist/cli.js", "dist/THIRD_PARTY_NOTICES.txt"]));
    expect(dist.some((file) => file.startsWith("dist/chunks/"))).toBe(true);
    expect(filesUnder(unpacked)).toEqual(["LICENSE", ...dist, "icon.png", "manifest.json"].sort());
    expect(manifest.server.entry_point).toBe("dist/cli.js");
    expect(nodeModulesAbove(unpacked)).toEqual([]);
  });

  it("runs the very files the npm bin runs, byte for byte", () => {
    for (const file of filesUnder(join(ROOT, "dist"))) {
      expect(
        readFileSync(join(unpacked, "dist", file)).equals(readFileSync(join(ROOT, "dist", file))),
        file,
      ).toBe(true);
    }
  });

  it("starts on a Node that does not guess module syntax (before 20.19): dist/ says it is ES modules", () => {
    const entry = join(unpacked, manifest.server.entry_point);
    const result = spawnSync(process.execPath, ["--no-experimental-detect-module", entry, "--version"], {
      encoding: "utf8",
    });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(readManifest().version);
  });

  it("answers tools/list with the manifest's tools", async () => {
    const { tools } = await client.listTools();
    expect(tools.map(({ name, description }) => ({ name, description }))).toEqual(manifest.tools);
  });

  it("calls list_spaces against the sandbox with the configured key and base URL", async () => {
    const result = await client.callTool({ name: "list_spaces", arguments: { organization: "Acme ML" } });
    expect(result.isError ?? false, textOf(result)).toBe(false);
    expect(textOf(result)).toContain(SEED.spaces.fraudModels.id);
    expect(stderr()).not.toContain(KEY);
  });
});
