/** What a space holds, as the API's list endpoints serve it: one entry per kind, in one table. */

import type { ContentIdType } from "./ids.js";
import type { ContentRecord } from "./records.js";

export interface ContentKind {
  idType: ContentIdType;
  /** The list endpoint's last path segment: /v2/<segment>. */
  segment: string;
  /** The key of the item array in the list response. */
  responseKey: string;
  /** Whether the list endpoint accepts the space_name filter (experiments take only space_id). */
  spaceNameFilter: boolean;
  toWire: (record: ContentRecord) => Record<string, unknown>;
}

function common(record: ContentRecord) {
  return { id: record.id, name: record.name, space_id: record.spaceId, created_at: record.createdAt };
}

function updated(record: ContentRecord) {
  return { ...common(record), updated_at: record.createdAt };
}

export const CONTENT_KINDS: readonly ContentKind[] = [
  { idType: "Project", segment: "projects", responseKey: "projects", spaceNameFilter: true, toWire: common },
  { idType: "Dataset", segment: "datasets", responseKey: "datasets", spaceNameFilter: true, toWire: updated },
  {
    idType: "Experiment",
    segment: "experiments",
    responseKey: "experiments",
    spaceNameFilter: false,
    toWire: (r) => ({ ...updated(r), dataset_id: null, dataset_version_id: null }),
  },
  {
    idType: "Prompt",
    segment: "prompts",
    responseKey: "prompts",
    spaceNameFilter: true,
    toWire: (r) => ({ ...updated(r), description: null, created_by_user_id: r.createdByUserId ?? "" }),
  },
  {
    idType: "Evaluator",
    segment: "evaluators",
    responseKey: "evaluators",
    spaceNameFilter: true,
    toWire: (r) => ({
      ...updated(r),
      description: null,
      type: "TEMPLATE",
      created_by_user_id: r.createdByUserId,
    }),
  },
  {
    idType: "AnnotationQueue",
    segment: "annotation-queues",
    responseKey: "annotation_queues",
    spaceNameFilter: true,
    toWire: (r) => ({ ...updated(r), instructions: null, annotators: [] }),
  },
  {
    idType: "Task",
    segment: "tasks",
    responseKey: "tasks",
    spaceNameFilter: true,
    // A task names no space: the API filters tasks by space but does not return it.
    toWire: (r) => ({
      id: r.id,
      name: r.name,
      type: "TEMPLATE_EVALUATION",
      project_id: null,
      dataset_id: null,
      is_continuous: false,
      query_filter: null,
      evaluators: [],
      experiment_ids: [],
      last_run_at: null,
      created_at: r.createdAt,
      updated_at: r.createdAt,
      created_by_user_id: r.createdByUserId,
    }),
  },
];
