import { expect, it } from "vitest";
import { DEFAULT_ORG, problem, wire } from "../../test/support/mock-api.js";
import { mockApiForEachTest } from "../../test/support/tool-test.js";

const t = mockApiForEachTest();
const enc = encodeURIComponent;

const S = wire.space(1, "risk");
const PATH = `/v2/spaces/${enc(S.id)}`;

function deletes() {
  return t.api.requests.filter((q) => q.method === "DELETE");
}

it("dry run deletes nothing and shows the exact confirming call", async () => {
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
  const r = await t.mcp.call("delete_space", { space: "risk", dryRun: true });
  expect(deletes()).toHaveLength(0);
  expect(r.isError).toBe(false);
  expect(r.text).toContain("Dry run: nothing was deleted.");
  expect(r.text).toContain(`call delete_space with {"space":"${S.id}","confirm":"risk"}`);
  expect(r.structured).toEqual({
    deleted: false,
    space: expect.objectContaining({ id: S.id, name: "risk" }),
    contents: {
      projects: 0,
      datasets: 0,
      experiments: 0,
      prompts: 0,
      evaluators: 0,
      annotationQueues: 0,
      tasks: 0,
    },
  });
});

it.each([[undefined], ["Risk"], ["risk "]])(
  "refuses confirm %j that is not the exact name",
  async (confirm) => {
    t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
    const r = await t.mcp.call("delete_space", {
      space: "risk",
      ...(confirm === undefined ? {} : { confirm }),
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Not deleted\. confirm must equal the space's exact current name/);
    expect(deletes()).toHaveLength(0);
  },
);

it("deletes with the exact name, checked against the current space", async () => {
  t.api.on("GET", PATH, { body: S });
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
  t.api.on("DELETE", PATH, { status: 204 });
  const r = await t.mcp.call("delete_space", { space: S.id, confirm: "risk" });
  expect(deletes()).toHaveLength(1);
  expect(r.text).toBe(
    `Deleted space "risk" (id ${S.id}) of the organization "Acme ML" (id ${DEFAULT_ORG.id}) and everything in it. It held 0 projects, 0 datasets, 0 experiments, 0 prompts, 0 evaluators, 0 annotation queues, 0 tasks. Its models, monitors and dashboards cannot be counted through the API. This cannot be undone.`,
  );
  expect(r.structured).toMatchObject({ deleted: true, space: { id: S.id } });
});

it("shows invisible characters of a name escaped in the confirming call", async () => {
  const odd = wire.space(2, "prod\u202e");
  t.api.on("GET", `/v2/spaces/${enc(odd.id)}`, { body: odd });
  const r = await t.mcp.call("delete_space", { space: odd.id, dryRun: true });
  expect(r.text).toContain('"confirm":"prod\\u202e"');
});

it("reports a failed delete as an error naming who can grant the permission", async () => {
  t.api.on("GET", PATH, { body: S });
  t.api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
  t.api.on("DELETE", PATH, problem(403, "Forbidden"));
  const r = await t.mcp.call("delete_space", { space: S.id, confirm: "risk" });
  expect(r.isError).toBe(true);
  expect(r.text).toBe(
    `The API key's user may not do this (HTTP 403). Arize said: "Forbidden". delete_space needs space admin (or SPACE_DELETE) on that space: the space "risk" (id ${S.id}) in the organization "Acme ML" (id ${DEFAULT_ORG.id}). These tools cannot grant it: a space admin of that space or an organization admin of "Acme ML" (id ${DEFAULT_ORG.id}) can, or use an API key whose user has it. Nothing was changed.`,
  );
});
