import { ArizeApiError, NetworkError } from "../errors.js";
import type { ArizeClient, ContentEndpoint } from "./client.js";

/*
 * What a space holds, counted from the list endpoints filtered by space_id (the API has no count
 * endpoint). Bounded, so a preview stays quick: at most COUNT_CAP per kind, every kind in parallel, and
 * all of it within one request's timeout.
 */

const PAGE = 100;
/** Counted up to this many per kind; beyond it the count reads "500+". */
const COUNT_CAP = 500;
const MAX_PAGES = COUNT_CAP / PAGE;

export interface ContentKind extends ContentEndpoint {
  key: string;
  one: string;
  many: string;
}

/** The order in which counts are shown. */
export const CONTENT_KINDS: readonly ContentKind[] = [
  { key: "projects", path: "/v2/projects", responseKey: "projects", one: "project", many: "projects" },
  { key: "datasets", path: "/v2/datasets", responseKey: "datasets", one: "dataset", many: "datasets" },
  {
    key: "experiments",
    path: "/v2/experiments",
    responseKey: "experiments",
    one: "experiment",
    many: "experiments",
  },
  { key: "prompts", path: "/v2/prompts", responseKey: "prompts", one: "prompt", many: "prompts" },
  {
    key: "evaluators",
    path: "/v2/evaluators",
    responseKey: "evaluators",
    one: "evaluator",
    many: "evaluators",
  },
  {
    key: "annotationQueues",
    path: "/v2/annotation-queues",
    responseKey: "annotation_queues",
    one: "annotation queue",
    many: "annotation queues",
  },
  { key: "tasks", path: "/v2/tasks", responseKey: "tasks", one: "task", many: "tasks" },
];

/** What the API has no list endpoint for, so no preview can count it. */
export const UNCOUNTABLE = "models, monitors and dashboards";

/** A count, "500+" past the cap, or why the kind was not counted ("not readable (403)"). */
export type ContentCount = number | string;
/** Keyed by ContentKind.key, in CONTENT_KINDS order. */
export type SpaceContents = Record<string, ContentCount>;

export async function countSpaceContents(client: ArizeClient, spaceId: string): Promise<SpaceContents> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), client.timeoutMs);
  });
  try {
    const counts = await Promise.all(
      CONTENT_KINDS.map(async (kind) => {
        const count = await Promise.race([countKind(client, kind, spaceId), deadline]);
        return [kind.key, count === "late" ? "not counted (no answer in time)" : count] as const;
      }),
    );
    return Object.fromEntries(counts);
  } finally {
    clearTimeout(timer);
  }
}

async function countKind(client: ArizeClient, kind: ContentKind, spaceId: string): Promise<ContentCount> {
  let count = 0;
  let cursor: string | undefined;
  try {
    for (let page = 0; page < MAX_PAGES; page++) {
      const result = await client.listSpaceContents(kind, { spaceId, limit: PAGE, cursor });
      count += result.items.length;
      cursor = result.pagination.hasMore ? result.pagination.nextCursor : undefined;
      if (!cursor) return count;
    }
    return `${count}+`;
  } catch (err) {
    if (err instanceof ArizeApiError) {
      return err.status === 403 ? "not readable (403)" : `not counted (HTTP ${err.status})`;
    }
    if (err instanceof NetworkError) return "not counted (no answer)";
    return "not counted (unexpected answer)";
  }
}
