import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { callApi, sandboxesForEachTest, spacePath } from "../../test/support/sandbox-api.js";
import { CONTENT_KINDS } from "./contents.js";
import { SEED } from "./seed.js";
import type { Sandbox } from "./server.js";

const { spaces } = SEED;
const start = sandboxesForEachTest();

const q = (params: Record<string, string>) => `?${new URLSearchParams(params)}`;

/** Every item of one list endpoint for a query, following next_cursor; also the number of pages read. */
async function readAll(sandbox: Sandbox, path: string, key: string, params: Record<string, string>) {
  const items: Array<Record<string, unknown>> = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await callApi(
      sandbox,
      "GET",
      path + q({ ...params, limit: "100", ...(cursor && { cursor }) }),
    );
    expect(res.status).toBe(200);
    items.push(...res.json[key]);
    pages += 1;
    cursor = res.json.pagination.has_more ? res.json.pagination.next_cursor : undefined;
  } while (cursor);
  return { items, pages };
}

describe("the list endpoints of what a space holds", () => {
  it.each(CONTENT_KINDS.map((k) => [k.segment, k] as const))(
    "/v2/%s lists the seeded items of one space by space_id",
    async (_segment, kind) => {
      const sandbox = await start();
      const { items } = await readAll(sandbox, `/v2/${kind.segment}`, kind.responseKey, {
        space_id: spaces.supportAgent.id,
      });
      expect(items).toHaveLength(SEED.contentCounts.supportAgent?.[kind.idType] ?? 0);
      expect(items[0]).toMatchObject({
        id: expect.any(String),
        name: expect.stringContaining("llm-support-agent"),
      });
      if (kind.segment !== "tasks") expect(items[0]?.space_id).toBe(spaces.supportAgent.id);
    },
  );

  it("pages through more than 500 datasets with the cursor, in creation order, without repeats", async () => {
    const sandbox = await start();
    const { items, pages } = await readAll(sandbox, "/v2/datasets", "datasets", {
      space_id: spaces.searchRanking.id,
    });
    expect(items).toHaveLength(612);
    expect(pages).toBe(7);
    expect(new Set(items.map((i) => i.id)).size).toBe(612);
    expect(items[0]?.name).toBe("search-ranking-eval-set-1");
    expect(items.at(-1)?.name).toBe("search-ranking-eval-set-612");
  });

  it("holds nothing for an empty space, and filters by space_name and name", async () => {
    const sandbox = await start();
    const empty = await callApi(sandbox, "GET", `/v2/projects${q({ space_id: spaces.playground.id })}`);
    expect(empty.json).toEqual({ projects: [], pagination: { has_more: false } });
    const byName = await readAll(sandbox, "/v2/projects", "projects", { space_name: "fraud-models" });
    // Both fraud-models spaces, Acme ML's (3) and Acme Research's (1).
    expect(byName.items).toHaveLength(4);
    const named = await callApi(sandbox, "GET", `/v2/prompts${q({ name: "rag-evals-prompt-7" })}`);
    expect(named.json.prompts.map((p: { name: string }) => p.name)).toEqual(["rag-evals-prompt-7"]);
  });

  it("answers problem+json for an unknown or malformed space_id and a limit over 100", async () => {
    const sandbox = await start();
    const unknown = await callApi(sandbox, "GET", `/v2/datasets${q({ space_id: "U3BhY2U6OTk5" })}`);
    expect(unknown.problem).toEqual([404, "application/problem+json", "resource-not-found"]);
    const malformed = await callApi(sandbox, "GET", `/v2/datasets${q({ space_id: "nope" })}`);
    expect(malformed.problem).toEqual([400, "application/problem+json", "invalid-request"]);
    const tooMany = await callApi(sandbox, "GET", `/v2/tasks${q({ limit: "101" })}`);
    expect(tooMany.status).toBe(400);
  });

  it("deletes what a space holds with the space, and keeps the rest across a restart", async () => {
    const dir = await mkdtemp(join(tmpdir(), "sandbox-contents-"));
    try {
      const file = join(dir, "state.json");
      const first = await start({ dataFile: file });
      await callApi(first, "DELETE", spacePath(spaces.fraudModels.id));
      await first.close();
      const second = await start({ dataFile: file });
      const gone = await callApi(
        second,
        "GET",
        `/v2/experiments${q({ space_id: spaces.recommendations.id })}`,
      );
      expect(gone.json.experiments).toHaveLength(12);
      expect(second.store.listContents("Experiment", { spaceIds: new Set([spaces.fraudModels.id]) })).toEqual(
        [],
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("fails only the path a fault names", async () => {
    const sandbox = await start();
    sandbox.failNext({ status: 403, path: "/v2/datasets", times: 2 });
    expect((await callApi(sandbox, "GET", "/v2/projects")).status).toBe(200);
    expect((await callApi(sandbox, "GET", "/v2/datasets")).problem).toEqual([
      403,
      "application/problem+json",
      "access-forbidden",
    ]);
  });
});
