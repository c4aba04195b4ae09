import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tools } from "../src/tools/index.js";
import { VERSION } from "../src/version.js";
import { connect } from "./support/mcp.js";

describe("tool registry", () => {
  it("names each tool once", () => {
    const names = tools.map((t) => t.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it.each(tools.map((t) => [t.name, t] as const))(
    "%s: file, test, title, hints and description",
    (name, tool) => {
      expect(name).toMatch(/^[a-z][a-z0-9_]{0,63}$/);
      const file = new URL(`../src/tools/${name.replaceAll("_", "-")}.ts`, import.meta.url);
      expect(existsSync(file)).toBe(true);
      expect(existsSync(new URL(file.href.replace(/\.ts$/, ".test.ts")))).toBe(true);
      expect(tool.title.length).toBeGreaterThan(3);
      const a = tool.annotations;
      for (const hint of [a.readOnlyHint, a.destructiveHint, a.idempotentHint, a.openWorldHint]) {
        expect(typeof hint).toBe("boolean");
      }
      // The hints themselves are in the tools/list snapshot below; these are the rules between them.
      if (a.readOnlyHint) expect([a.destructiveHint, a.idempotentHint]).toEqual([false, true]);
      expect(a.openWorldHint).toBe(true);
      expect(tool.description.length).toBeGreaterThan(20);
      expect(tool.description.length).toBeLessThan(1500);
    },
  );

  it("each tool declares what it changes, in line with its hints (the server acts on the declaration)", () => {
    for (const tool of tools) {
      expect(tool.changes === "nothing", tool.name).toBe(tool.annotations.readOnlyHint);
    }
    // A write that takes a space changes that space; one that takes none makes a new one.
    for (const tool of tools.filter((t) => t.changes !== "nothing")) {
      const takesSpace = "space" in tool.inputSchema.shape;
      expect(tool.changes, tool.name).toBe(takesSpace ? "resolved space" : "new space");
    }
  });

  it("tools/list matches the committed snapshot (schema changes show in review)", async () => {
    const mcp = await connect();
    const { tools: listed } = await mcp.client.listTools();
    await mcp.close();
    expect(listed.every((t) => t.outputSchema && t.annotations && t.title)).toBe(true);
    await expect(`${JSON.stringify(listed, null, 2)}\n`).toMatchFileSnapshot(
      "./__snapshots__/tools-list.json",
    );
  });

  it("declares the same version as package.json", () => {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    expect(VERSION).toBe(pkg.version);
  });
});
