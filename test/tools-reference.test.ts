import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tools } from "../src/tools/index.js";
import { toolsListFor } from "../src/tools/listing.js";
import { renderToolsReference, withPermissionsTable } from "../src/tools/reference.js";

// docs/TOOLS.md is generated from the registry (npm run docs); these tests keep the two from drifting.

const reference = new URL("../docs/TOOLS.md", import.meta.url);

describe("the tools reference", () => {
  it("docs/TOOLS.md is what the registry renders (run `npm run docs` after changing a tool)", () => {
    const committed = readFileSync(reference, "utf8");
    expect(committed === renderToolsReference(), "docs/TOOLS.md is stale: run npm run docs").toBe(true);
  });

  it.each(toolsListFor(tools).map((t) => [t.name, t] as const))(
    "%s: every parameter has a description and a row with its type and whether it is required",
    (name, listing) => {
      const input = listing.inputSchema as { properties?: Record<string, { description?: string }> };
      const required = new Set((listing.inputSchema as { required?: string[] }).required ?? []);
      const section =
        renderToolsReference()
          .split(`\n## ${String(name)}\n`)[1]
          ?.split("\n## ")[0] ?? "";
      for (const [param, schema] of Object.entries(input.properties ?? {})) {
        expect(schema.description, `${String(name)}.${param} has no description`).toMatch(/\S/);
        const row = section.split("\n").find((line) => line.startsWith(`| \`${param}\``));
        expect(row, `${String(name)}.${param} is missing from the reference`).toBeDefined();
        expect(row).toContain(` ${required.has(param) ? "yes" : "no "} `);
        expect(row).toContain(schema.description as string);
      }
    },
  );

  it("names the Arize access every tool needs", () => {
    for (const tool of tools) expect(tool.access.needs, tool.name).toMatch(/\S/);
  });

  it("README.md's permissions table is what the registry renders (run `npm run docs`)", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    expect(
      readme === withPermissionsTable(readme),
      "README.md's permissions table is stale: run npm run docs",
    ).toBe(true);
    for (const tool of tools) expect(readme).toContain(`| \`${tool.name}\``);
  });
});
