import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT, readManifest } from "./support/mcpb.js";

// Checked against the MCP registry's server.json schema 2025-12-11 and its official-registry rules
// (name in reverse-DNS form, description at most 100 characters, exact package versions, mcpName in package.json).
const SCHEMA = "https://static.modelcontextprotocol.io/schemas/2025-12-11/server.schema.json";

interface EnvironmentVariable {
  name: string;
  description?: string;
  isRequired?: boolean;
  isSecret?: boolean;
  format?: string;
  default?: string;
}

interface ServerJson {
  $schema: string;
  name: string;
  title?: string;
  description: string;
  version: string;
  repository?: { url: string; source: string };
  websiteUrl?: string;
  packages: Array<{
    registryType: string;
    registryBaseUrl?: string;
    identifier: string;
    version: string;
    runtimeHint?: string;
    transport: { type: string };
    environmentVariables: EnvironmentVariable[];
  }>;
}

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const server = JSON.parse(read("server.json")) as ServerJson;
const pkg = JSON.parse(read("package.json")) as {
  name: string;
  version: string;
  mcpName?: string;
  repository?: { url?: string };
};

describe("server.json (MCP registry)", () => {
  it("has the fields the registry requires, in their allowed forms", () => {
    expect(server.$schema).toBe(SCHEMA);
    expect(server.name).toMatch(/^[a-zA-Z0-9.-]+\/[a-zA-Z0-9._-]+$/);
    expect(server.name.length).toBeLessThanOrEqual(200);
    expect(server.description.length).toBeGreaterThan(0);
    expect(server.description.length).toBeLessThanOrEqual(100);
    expect((server.title ?? "").length).toBeLessThanOrEqual(100);
    expect(server.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(server.repository).toEqual({
      url: expect.stringMatching(/^https:\/\/github\.com\//),
      source: "github",
    });
  });

  it("matches package.json: mcpName, package name and version", () => {
    expect(pkg.mcpName, 'package.json needs "mcpName" equal to server.json "name"').toBe(server.name);
    expect(server.version).toBe(pkg.version);
    expect(server.packages).toHaveLength(1);
    expect(server.packages[0]).toMatchObject({
      registryType: "npm",
      registryBaseUrl: "https://registry.npmjs.org",
      identifier: pkg.name,
      version: pkg.version,
      transport: { type: "stdio" },
    });
  });

  it("names the same repository as manifest.json (and package.json, where set)", () => {
    const manifest = readManifest();
    expect(server.repository?.url).toBe(manifest.repository?.url);
    expect(server.name).toBe(`io.github.${server.repository?.url.split("/")[3]}/${pkg.name}`);
    if (pkg.repository?.url)
      expect(pkg.repository.url.replace(/^git\+|\.git$/g, "")).toBe(server.repository?.url);
  });

  it("describes only environment variables the server reads, the API key as a required secret", () => {
    const config = read("src/config.ts");
    const variables = server.packages[0]?.environmentVariables ?? [];
    expect(new Set(variables.map((v) => v.name)).size).toBe(variables.length);
    for (const v of variables) {
      expect(config, `src/config.ts does not read ${v.name}`).toMatch(new RegExp(`env\\.${v.name}\\b`));
      expect(v.description, v.name).toBeTruthy();
      expect(typeof v.isRequired, v.name).toBe("boolean");
      expect(typeof v.isSecret, v.name).toBe("boolean");
    }
    expect(variables.find((v) => v.name === "ARIZE_API_KEY")).toMatchObject({
      isRequired: true,
      isSecret: true,
    });
    expect(variables.filter((v) => v.isSecret).map((v) => v.name)).toEqual(["ARIZE_API_KEY"]);
    // A default here would be set by clients and conflict with the other one ("not both").
    for (const name of ["ARIZE_REGION", "ARIZE_BASE_URL"]) {
      expect(variables.find((v) => v.name === name)?.default, name).toBeUndefined();
    }
  });
});
