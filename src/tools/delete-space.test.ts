import { afterEach, expect, it } from "vitest";
import { connect } from "../../test/support/mcp.js";
import { mockApi, problem, wire } from "../../test/support/mock-api.js";

let api: ReturnType<typeof mockApi>;
let mcp: Awaited<ReturnType<typeof connect>>;
async function setup() {
  api = mockApi();
  mcp = await connect({ dispatcher: api.agent });
}
afterEach(async () => {
  await mcp.close();
  await api.agent.close();
});
const enc = encodeURIComponent;

const S = wire.space(1, "risk");
const PATH = `/v2/spaces/${enc(S.id)}`;

function deletes() {
  return api.requests.filter((q) => q.method === "DELETE");
}

it("dry run deletes nothing and shows the exact confirming call", async () => {
  await setup();
  api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
  const r = await mcp.call("delete_space", { space: "risk", dryRun: true });
  expect(deletes()).toHaveLength(0);
  expect(r.isError).toBe(false);
  expect(r.text).toContain("Dry run: nothing was deleted.");
  expect(r.text).toContain(`call delete_space with {"space":"${S.id}","confirm":"risk"}`);
  expect(r.structured).toEqual({
    deleted: false,
    space: expect.objectContaining({ id: S.id, name: "risk" }),
  });
});

it.each([[undefined], ["Risk"], ["risk "]])(
  "refuses confirm %j that is not the exact name",
  async (confirm) => {
    await setup();
    api.on("GET", "/v2/spaces", { body: wire.page("spaces", [S]) });
    const r = await mcp.call("delete_space", {
      space: "risk",
      ...(confirm === undefined ? {} : { confirm }),
    });
    expect(r.isError).toBe(true);
    expect(r.text).toMatch(/^Not deleted\. confirm must equal the space's exact current name/);
    expect(deletes()).toHaveLength(0);
  },
);

it("deletes with the exact name, checked against the current space", async () => {
  await setup();
  api.on("GET", PATH, { body: S });
  api.on("DELETE", PATH, { status: 204 });
  const r = await mcp.call("delete_space", { space: S.id, confirm: "risk" });
  expect(deletes()).toHaveLength(1);
  expect(r.text).toBe(`Deleted space "risk" (id ${S.id}) and everything in it. This cannot be undone.`);
  expect(r.structured).toMatchObject({ deleted: true, space: { id: S.id } });
});

it("shows invisible characters of a name escaped in the confirming call", async () => {
  await setup();
  const odd = wire.space(2, "prod\u202e");
  api.on("GET", `/v2/spaces/${enc(odd.id)}`, { body: odd });
  const r = await mcp.call("delete_space", { space: odd.id, dryRun: true });
  expect(r.text).toContain('"confirm":"prod\\u202e"');
});

it("reports a failed delete as an error", async () => {
  await setup();
  api.on("GET", PATH, { body: S });
  api.on("DELETE", PATH, problem(403, "Forbidden"));
  const r = await mcp.call("delete_space", { space: S.id, confirm: "risk" });
  expect(r.isError).toBe(true);
  expect(r.text).toContain("delete_space needs space admin");
});
