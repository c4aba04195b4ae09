/**
 * Arize's own client, @arizeai/ax-client 1.28.0, unchanged, against the sandbox: proof that the sandbox
 * speaks the wire format the real API does.
 */

import {
  AmbiguousNameError,
  APIError,
  AuthenticationError,
  AuthorizationError,
  addSpaceUser,
  BadRequestError,
  createClient,
  createSpace,
  deleteSpace,
  getSpace,
  listAnnotationQueues,
  listDatasets,
  listEvaluators,
  listExperiments,
  listProjects,
  listPrompts,
  listSpaces,
  listTasks,
  NotFoundError,
  ResolutionError,
  removeSpaceUser,
  updateSpace,
} from "@arizeai/ax-client";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { SEED } from "../src/sandbox/index.js";
import { startTestSandbox, type TestSandbox } from "./support/sandbox-api.js";

process.env.DISABLE_PRERELEASE_WARNING = "true";

const API_KEY = "ak-compat-test";
const { organizations, spaces, users, roles } = SEED;

let sandbox: TestSandbox;
let client: ReturnType<typeof createClient>;

beforeAll(async () => {
  sandbox = await startTestSandbox({ apiKey: API_KEY });
  // getEnvironmentOptions keeps a developer's real ARIZE_* variables out of the test.
  client = createClient({ apiKey: API_KEY, baseUrl: sandbox.url, getEnvironmentOptions: () => ({}) });
});
afterAll(async () => {
  await sandbox?.close();
});

describe("@arizeai/ax-client against the sandbox", () => {
  it("lists spaces across two pages with the cursor", async () => {
    const first = await listSpaces({ client, limit: 8 });
    expect(first.data.map((s) => s.id)).toEqual(
      Object.values(spaces)
        .slice(0, 8)
        .map((s) => s.id),
    );
    expect(first.data[0]).toEqual({
      id: spaces.fraudModels.id,
      name: "fraud-models",
      description: "Fraud detection models for card payments",
      isPrivate: false,
      createdAt: new Date("2025-03-04T10:00:00Z"),
    });
    expect(first.pagination.hasMore).toBe(true);
    expect(first.pagination.nextCursor).toEqual(expect.any(String));

    const second = await listSpaces({ client, limit: 8, cursor: first.pagination.nextCursor });
    expect(second.data.map((s) => s.name)).toEqual([
      "vision-experiments",
      "rag-evals",
      "demand-forecasting",
      "pricing",
    ]);
    expect(second.pagination).toEqual({ hasMore: false, nextCursor: undefined });

    expect(sandbox.requests.at(-1)).toMatchObject({
      method: "GET",
      path: "/v2/spaces",
      query: { limit: "8", cursor: first.pagination.nextCursor },
      authorization: `Bearer ${API_KEY}`,
    });
  });

  it("filters by organization (sent as org_id)", async () => {
    const result = await listSpaces({ client, organizationId: organizations.globex.id });
    expect(result.data.map((s) => s.id)).toEqual([spaces.demandForecasting.id, spaces.pricing.id]);
    expect(sandbox.requests.at(-1)?.query).toEqual({ org_id: organizations.globex.id, limit: "50" });
  });

  it("creates, reads, updates and deletes a space", async () => {
    const created = await createSpace({
      client,
      name: "compat-space",
      organizationId: organizations.acmeResearch.id,
      description: "made by ax-client",
    });
    expect(created).toMatchObject({
      name: "compat-space",
      description: "made by ax-client",
      isPrivate: false,
    });
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(sandbox.store.getSpace(created.id)).toMatchObject({
      name: "compat-space",
      organizationId: organizations.acmeResearch.id,
    });

    const byId = await getSpace({ client, space: created.id });
    expect(byId).toEqual(created);
    const byName = await getSpace({ client, space: "compat-space" });
    expect(byName.id).toBe(created.id);
    // Name resolution goes through the list endpoint with the name filter and limit=100.
    expect(sandbox.requests.at(-2)).toMatchObject({
      path: "/v2/spaces",
      query: { name: "compat-space", limit: "100" },
    });

    const renamed = await updateSpace({
      client,
      space: "compat-space",
      name: "compat-renamed",
      description: null,
    });
    expect(renamed).toMatchObject({ id: created.id, name: "compat-renamed", description: "" });
    expect(sandbox.requests.at(-1)?.body).toEqual({ name: "compat-renamed", description: null });
    expect(sandbox.store.getSpace(created.id)).toMatchObject({ name: "compat-renamed", description: "" });

    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      const hidden = await updateSpace({ client, space: created.id, isPrivate: true });
      expect(hidden.isPrivate).toBe(true);
      expect(warn).toHaveBeenCalledWith(expect.stringContaining("Private spaces restrict visibility"));
    } finally {
      warn.mockRestore();
    }

    await expect(deleteSpace({ client, space: created.id })).resolves.toBeUndefined();
    expect(sandbox.store.getSpace(created.id)).toBeUndefined();
    await expect(getSpace({ client, space: created.id })).rejects.toBeInstanceOf(NotFoundError);
  });

  it("refuses an ambiguous name and reports an unknown one", async () => {
    const ambiguous = getSpace({ client, space: "fraud-models" });
    await expect(ambiguous).rejects.toBeInstanceOf(AmbiguousNameError);
    await expect(ambiguous).rejects.toThrow(spaces.researchFraudModels.id);
    await expect(getSpace({ client, space: "no-such-space" })).rejects.toBeInstanceOf(ResolutionError);
  });

  it("adds, re-roles and removes a space user", async () => {
    const spaceId = spaces.churnPrediction.id;
    const added = await addSpaceUser({
      client,
      spaceId,
      userId: users.carol.id,
      role: { type: "PREDEFINED", name: "MEMBER" },
    });
    expect(added).toEqual({
      id: expect.any(String),
      userId: users.carol.id,
      spaceId,
      role: { type: "PREDEFINED", name: "MEMBER" },
    });
    expect(sandbox.store.spaceMembers(spaceId)).toEqual([
      { id: added.id, userId: users.carol.id, role: { type: "PREDEFINED", name: "MEMBER" } },
    ]);

    const custom = await addSpaceUser({
      client,
      spaceId,
      userId: users.carol.id,
      role: { type: "CUSTOM", id: roles.modelReviewer.id },
    });
    expect(custom).toEqual({
      ...added,
      role: { type: "CUSTOM", id: roles.modelReviewer.id, name: "Model Reviewer" },
    });

    await expect(removeSpaceUser({ client, spaceId, userId: users.carol.id })).resolves.toBeUndefined();
    expect(sandbox.store.spaceMembers(spaceId)).toEqual([]);
    await expect(removeSpaceUser({ client, spaceId, userId: users.carol.id })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it("maps the sandbox's errors to its error classes", async () => {
    const duplicate = createSpace({ client, name: "pricing", organizationId: organizations.globex.id });
    await expect(duplicate).rejects.toBeInstanceOf(APIError);
    await expect(duplicate).rejects.toMatchObject({ statusCode: 409 });

    const outsider = addSpaceUser({
      client,
      spaceId: spaces.pricing.id,
      userId: users.bob.id,
      role: { type: "PREDEFINED", name: "MEMBER" },
    });
    await expect(outsider).rejects.toBeInstanceOf(BadRequestError);
    await expect(outsider).rejects.toThrow(/organization/);

    const wrongKey = createClient({
      apiKey: "ak-wrong",
      baseUrl: sandbox.url,
      getEnvironmentOptions: () => ({}),
    });
    await expect(listSpaces({ client: wrongKey })).rejects.toBeInstanceOf(AuthenticationError);
  });
});

describe("@arizeai/ax-client lists what a space holds, from the sandbox", () => {
  const space = spaces.ragEvals.id;
  const counts = SEED.contentCounts.ragEvals ?? {};

  it("lists each of the seven kinds of one space, as its own types", async () => {
    const [projects, datasets, experiments, prompts, evaluators, queues, tasks] = await Promise.all([
      listProjects({ client, space, limit: 100 }),
      listDatasets({ client, space, limit: 100 }),
      listExperiments({ client, space, limit: 100 }),
      listPrompts({ client, space, limit: 100 }),
      listEvaluators({ client, space, limit: 100 }),
      listAnnotationQueues({ client, space, limit: 100 }),
      listTasks({ client, space, limit: 100 }),
    ]);
    expect(projects.data).toHaveLength(counts.Project ?? 0);
    expect(projects.data[0]).toEqual({
      id: expect.any(String),
      name: "rag-evals-traces-1",
      spaceId: space,
      createdAt: new Date("2025-06-03T10:40:00Z"),
    });
    expect(datasets.data).toHaveLength(counts.Dataset ?? 0);
    expect(datasets.data[0]?.updatedAt).toBeInstanceOf(Date);
    expect(experiments.data).toHaveLength(counts.Experiment ?? 0);
    expect(experiments.data[0]).toMatchObject({ spaceId: space, datasetId: null });
    expect(prompts.data).toHaveLength(counts.Prompt ?? 0);
    expect(prompts.data[0]).toMatchObject({ spaceId: space, createdByUserId: expect.any(String) });
    expect(evaluators.data).toHaveLength(counts.Evaluator ?? 0);
    expect(evaluators.data[0]).toMatchObject({ type: "TEMPLATE", spaceId: space });
    expect(queues.data).toHaveLength(counts.AnnotationQueue ?? 0);
    expect(queues.data[0]).toMatchObject({ spaceId: space, annotators: [] });
    expect(tasks.data).toHaveLength(counts.Task ?? 0);
    expect(tasks.data[0]).toMatchObject({ type: "TEMPLATE_EVALUATION", evaluators: [], projectId: null });
    for (const page of [projects, datasets, experiments, prompts, evaluators, queues, tasks]) {
      expect(page.pagination).toEqual({ hasMore: false, nextCursor: undefined });
    }
  });

  it("pages through a space's 612 datasets with the cursor, and filters by space name", async () => {
    let cursor: string | undefined;
    let seen = 0;
    do {
      const page = await listDatasets({ client, space: spaces.searchRanking.id, limit: 100, cursor });
      seen += page.data.length;
      cursor = page.pagination.nextCursor;
    } while (cursor);
    expect(seen).toBe(612);
    const byName = await listProjects({ client, space: "fraud-models" });
    expect(new Set(byName.data.map((p) => p.spaceId))).toEqual(
      new Set([spaces.fraudModels.id, spaces.researchFraudModels.id]),
    );
    expect(sandbox.requests.at(-1)?.query).toEqual({ space_name: "fraud-models", limit: "50" });
  });

  it("maps a 403 on one kind to its AuthorizationError", async () => {
    sandbox.failNext({ status: 403, path: "/v2/prompts" });
    await expect(listPrompts({ client, space })).rejects.toBeInstanceOf(AuthorizationError);
    await expect(listPrompts({ client, space })).resolves.toMatchObject({ data: expect.any(Array) });
  });
});
