import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tools } from "../src/tools/index.js";
import { TOOL_NAMES } from "../src/tools/names.js";
import { VERSION } from "../src/version.js";
import { connect } from "./support/mcp.js";

/** The tool contract: readOnly, destructive, idempotent (openWorld is true everywhere). */
const EXPECTED: Record<string, [boolean, boolean, boolean]> = {
  list_spaces: [true, false, true],
  get_space: [true, false, true],
  create_space: [false, false, false],
  update_space: [false, false, true],
  delete_space: [false, true, true],
  add_space_user: [false, false, true],
  remove_space_user: [false, true, true],
  list_organizations: [true, false, true],
  list_users: [true, false, true],
};

describe("tool registry", () => {
  it("has exactly the nine tools of the contract, in display order, with unique names", () => {
    expect(tools.map((t) => t.name)).toEqual(Object.keys(EXPECTED));
    expect(TOOL_NAMES).toEqual(Object.keys(EXPECTED));
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
      expect([a.readOnlyHint, a.destructiveHint, a.idempotentHint]).toEqual(EXPECTED[name]);
      expect(a.openWorldHint).toBe(true);
      expect(tool.description.length).toBeGreaterThan(20);
      expect(tool.description.length).toBeLessThan(1500);
    },
  );

  it("each tool declares what it changes, in line with its hints (the server acts on the declaration)", () => {
    for (const tool of tools) {
      expect(tool.changes === "nothing", tool.name).toBe(tool.annotations.readOnlyHint);
    }
    const changing = tools.filter((t) => t.changes === "resolved space").map((t) => t.name);
    expect(changing).toEqual(["update_space", "delete_space", "add_space_user", "remove_space_user"]);
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
