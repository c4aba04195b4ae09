import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Tool } from "@modelcontextprotocol/sdk/types.js";
import { beforeAll, describe, expect, it } from "vitest";
import { runCli, spawnServer } from "./support/child.js";
import { mcpConfigFor as fill, MCPB_CLI, ROOT, readManifest } from "./support/mcpb.js";

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const manifest = readManifest();
const pkg = JSON.parse(read("package.json")) as {
  version: string;
  license: string;
  engines: { node: string };
};
const env = manifest.server.mcp_config.env ?? {};
const mcpConfigFor = (userConfig: Record<string, string | boolean>) => fill(manifest, userConfig);

const SYNC_HINT = "manifest.json is out of date: run `npm run build && node scripts/sync-manifest.mjs`";

describe("manifest.json", () => {
  let liveTools: Tool[];

  beforeAll(async () => {
    // A clean environment: no key, no read-only mode, no allowlist.
    const { client } = await spawnServer([], {});
    liveTools = (await client.listTools()).tools;
    await client.close();
  });

  it("passes `mcpb validate`", () => {
    const result = spawnSync(process.execPath, [MCPB_CLI, "validate", join(ROOT, "manifest.json")], {
      encoding: "utf8",
    });
    expect(result.status, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toContain("Manifest schema validation passes");
  });

  it("has package.json's version, strict x.y.z, and manifest_version 0.3", () => {
    expect(manifest.manifest_version).toBe("0.3");
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(manifest.version, SYNC_HINT).toBe(pkg.version);
    expect(manifest.license).toBe(pkg.license);
  });

  it("lists the live server's tools, names and descriptions, in order", () => {
    const live = liveTools.map(({ name, description }) => ({ name, description }));
    expect(manifest.tools, SYNC_HINT).toEqual(live);
  });

  it("runs the bundled entry with node from the bundle folder (__dirname)", () => {
    const { server } = manifest;
    expect(server.type).toBe("node");
    expect(server.mcp_config.command).toBe("node");
    expect(server.mcp_config.args).toEqual([`\${__dirname}/${server.entry_point}`]);
    expect(manifest.compatibility?.runtimes?.node).toBe(pkg.engines.node);
    expect(manifest.compatibility?.platforms).toEqual(["darwin", "win32", "linux"]);
  });

  it("asks for the API key as a required secret", () => {
    const keyOption = Object.entries(env).find(([name]) => name === "ARIZE_API_KEY")?.[1];
    const key = /^\$\{user_config\.(\w+)\}$/.exec(keyOption ?? "")?.[1] ?? "";
    expect(manifest.user_config[key]).toMatchObject({ type: "string", sensitive: true, required: true });
  });

  it("maps every user_config option to an environment variable the server reads", () => {
    const config = read("src/config.ts");
    const referenced = Object.values(env).flatMap((v) =>
      [...v.matchAll(/\$\{user_config\.(\w+)\}/g)].map((m) => m[1]),
    );
    expect(new Set(referenced)).toEqual(new Set(Object.keys(manifest.user_config)));
    for (const name of Object.keys(env)) {
      expect(config, `src/config.ts does not read ${name}`).toMatch(new RegExp(`env\\.${name}\\b`));
    }
  });

  it("gives every optional option a default, so an empty field reaches the server as an empty variable", async () => {
    // Hosts leave `${user_config.x}` in place when x has neither a value nor a default (mcpb issue #250),
    // and the server would read that text as a region, URL or pattern.
    for (const [key, option] of Object.entries(manifest.user_config)) {
      if (!option.required) expect(option.default, `user_config.${key}`).toBeDefined();
    }
    const { env: filled, args } = await mcpConfigFor({ api_key: "k" });
    expect(JSON.stringify([filled, args])).not.toContain("${");
    expect(filled).toMatchObject({ ARIZE_API_KEY: "k", ARIZE_REGION: "", ARIZE_BASE_URL: "" });
  });

  it("read_only: true reaches the server: only the read tools are listed", async () => {
    const { env: filled } = await mcpConfigFor({ api_key: "k", read_only: true });
    expect(filled.ARIZE_MCP_READ_ONLY).toBe("true");
    const { client } = await spawnServer([], filled);
    const { tools } = await client.listTools();
    await client.close();
    const readTools = liveTools.filter((t) => t.annotations?.readOnlyHint === true).map((t) => t.name);
    expect(readTools.length).toBeGreaterThan(0);
    expect(tools.map((t) => t.name)).toEqual(readTools);
  });

  it("protect reaches the server: it names the protected spaces in its instructions", async () => {
    const { env: filled } = await mcpConfigFor({ api_key: "k", protect: "prod-*" });
    const { client } = await spawnServer([], filled);
    const instructions = client.getInstructions();
    await client.close();
    expect(instructions).toContain("prod-*");
  });

  it("region and base_url both reach the server: setting both stops it with a clear error", async () => {
    const { env: filled } = await mcpConfigFor({
      api_key: "k",
      region: "eu-west-1a",
      base_url: "https://api.arize.com",
    });
    const result = await runCli([], filled);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("ARIZE_BASE_URL or ARIZE_REGION, not both");
  });
});
