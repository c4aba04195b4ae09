import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { callApi, spacePath } from "../../test/support/sandbox-api.js";
import { encodeId } from "./ids.js";
import { SandboxDataError } from "./persist.js";
import { SEED } from "./seed.js";
import { startSandbox } from "./server.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "sandbox-persist-"));
  file = join(dir, "sandbox.json");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readJson(path: string) {
  return JSON.parse(await readFile(path, "utf8"));
}

describe("a data file that does not exist", () => {
  it("is created from the seed", async () => {
    const sandbox = await startSandbox({ dataFile: file });
    await sandbox.close();
    const saved = await readJson(file);
    expect(saved.version).toBe(1);
    expect(saved.spaces).toHaveLength(12);
    expect(saved.spaces[0]).toMatchObject({ id: SEED.spaces.fraudModels.id, name: "fraud-models" });
  });

  it("is created together with missing parent directories", async () => {
    const nested = join(dir, "a", "b", "data.json");
    const sandbox = await startSandbox({ dataFile: nested, seed: "empty" });
    await sandbox.close();
    expect((await readJson(nested)).spaces).toEqual([]);
  });
});

describe("restarting with the same data file", () => {
  it("keeps every change made over HTTP", async () => {
    const first = await startSandbox({ dataFile: file });
    const created = await callApi(first, "POST", "/v2/spaces", {
      body: { name: "persisted", organization_id: SEED.organizations.globex.id, is_private: true },
    });
    await callApi(first, "PATCH", spacePath(SEED.spaces.pricing.id), { body: { name: "pricing-v2" } });
    await callApi(first, "DELETE", spacePath(SEED.spaces.playground.id));
    await callApi(first, "POST", spacePath(created.json.id, "users"), {
      body: { user_id: SEED.users.grace.id, role: { type: "PREDEFINED", name: "ADMIN" } },
    });
    await first.close();

    const second = await startSandbox({ dataFile: file });
    try {
      const read = await callApi(second, "GET", spacePath(created.json.id));
      expect(read.json).toEqual(created.json);
      expect(second.store.getSpace(SEED.spaces.pricing.id)?.name).toBe("pricing-v2");
      expect(second.store.getSpace(SEED.spaces.playground.id)).toBeUndefined();
      expect(second.store.spaceMembers(created.json.id).map((m) => m.userId)).toEqual([SEED.users.grace.id]);
      const duplicate = await callApi(second, "POST", "/v2/spaces", {
        body: { name: "persisted", organization_id: SEED.organizations.globex.id },
      });
      expect(duplicate.status).toBe(409);
    } finally {
      await second.close();
    }
  });

  it("ignores the seed option once the file exists", async () => {
    await (await startSandbox({ dataFile: file, seed: "empty" })).close();
    const again = await startSandbox({ dataFile: file, seed: "demo" });
    expect(again.store.listSpaces()).toEqual([]);
    await again.close();
  });

  it("keeps changes made directly on the store", async () => {
    const first = await startSandbox({ dataFile: file });
    for (let i = 0; i < 500; i += 1) {
      first.store.createSpace({ name: `direct-${i}`, organizationId: SEED.organizations.acmeMl.id });
    }
    await first.close();
    expect((await readJson(file)).spaces).toHaveLength(512);
  });

  it("never reuses the ID of a deleted space", async () => {
    const first = await startSandbox({ dataFile: file });
    const created = await callApi(first, "POST", "/v2/spaces", {
      body: { name: "short-lived", organization_id: SEED.organizations.acmeMl.id },
    });
    await callApi(first, "DELETE", spacePath(created.json.id));
    await first.close();
    const second = await startSandbox({ dataFile: file });
    const next = await callApi(second, "POST", "/v2/spaces", {
      body: { name: "next", organization_id: SEED.organizations.acmeMl.id },
    });
    await second.close();
    expect(next.json.id).not.toBe(created.json.id);
    expect(next.json.id).toBe(encodeId("Space", 14));
  });
});

describe("atomic writes", () => {
  it("saves concurrent writes completely and leaves no temp files", async () => {
    const sandbox = await startSandbox({ dataFile: file });
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        callApi(sandbox, "POST", "/v2/spaces", {
          body: { name: `parallel-${i}`, organization_id: SEED.organizations.acmeResearch.id },
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(25).fill(201));
    // A write response is sent only after its state is on disk.
    const onDisk = await readJson(file);
    expect(onDisk.spaces.filter((s: { name: string }) => s.name.startsWith("parallel-"))).toHaveLength(25);
    await sandbox.close();
    expect(await readdir(dir)).toEqual(["sandbox.json"]);
  });
});

describe("an unusable data file", () => {
  async function expectRejected(expected: RegExp): Promise<SandboxDataError> {
    const error = await startSandbox({ dataFile: file }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SandboxDataError);
    const message = (error as SandboxDataError).message;
    expect(message).toContain(file);
    expect(message).toMatch(/fix the file, or remove it/i);
    expect(message).toMatch(expected);
    return error as SandboxDataError;
  }

  it("that is not JSON rejects with SandboxDataError and is left unchanged", async () => {
    await writeFile(file, "{not json");
    await expectRejected(/not valid JSON/);
    expect(await readFile(file, "utf8")).toBe("{not json");
    expect(await readdir(dir)).toEqual(["sandbox.json"]);
  });

  it("that cannot be read rejects with SandboxDataError", async () => {
    await mkdir(file); // reading a directory fails even as root, unlike chmod 000
    await expectRejected(/cannot be read/);
  });

  it("with the wrong shape names the field, and is left unchanged", async () => {
    const sandbox = await startSandbox({ dataFile: file });
    await sandbox.close();
    const saved = await readJson(file);
    saved.spaces[3].name = 42;
    const text = JSON.stringify(saved);
    await writeFile(file, text);
    await expectRejected(/spaces\.3\.name/);
    expect(await readFile(file, "utf8")).toBe(text);
  });

  it("of another version rejects", async () => {
    await writeFile(file, JSON.stringify({ version: 99 }));
    await expectRejected(/version 99/);
  });

  it("whose records do not fit together rejects", async () => {
    const sandbox = await startSandbox({ dataFile: file });
    await sandbox.close();
    const saved = await readJson(file);
    saved.spaces[0].organizationId = encodeId("Organization", 55);
    await writeFile(file, JSON.stringify(saved));
    await expectRejected(/Organization with ID/);
  });

  it("with a duplicate space name in one organization rejects", async () => {
    const sandbox = await startSandbox({ dataFile: file });
    await sandbox.close();
    const saved = await readJson(file);
    saved.spaces[1].name = saved.spaces[0].name;
    await writeFile(file, JSON.stringify(saved));
    await expectRejected(/already exists/);
  });
});
