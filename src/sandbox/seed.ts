import { type ContentIdType, encodeId } from "./ids.js";
import type {
  AccountRole,
  ContentRecord,
  OrganizationRecord,
  RoleRecord,
  SandboxState,
  SpaceRecord,
  SpaceRole,
  UserRecord,
  UserStatus,
} from "./records.js";
import { STATE_VERSION } from "./records.js";

/** "demo": a small realistic account. "empty": the same organizations, users and roles, but no spaces. */
export type SeedName = "demo" | "empty";

function organization(seq: number, name: string, description: string, createdAt: string): OrganizationRecord {
  return { id: encodeId("Organization", seq), name, description, createdAt };
}

function user(
  seq: number,
  name: string,
  email: string,
  extra: { role?: AccountRole; status?: UserStatus; isDeveloper?: boolean; createdAt: string },
): UserRecord {
  return {
    id: encodeId("User", seq),
    name,
    email,
    createdAt: extra.createdAt,
    status: extra.status ?? "ACTIVE",
    role: extra.role ?? "MEMBER",
    isDeveloper: extra.isDeveloper ?? false,
  };
}

function role(seq: number, name: string, description: string, permissions: string[]): RoleRecord {
  const createdAt = "2025-02-10T15:00:00Z";
  return { id: encodeId("Role", seq), name, description, permissions, createdAt, updatedAt: createdAt };
}

function space(
  seq: number,
  org: OrganizationRecord,
  name: string,
  extra: { description?: string; isPrivate?: boolean; createdAt: string },
): SpaceRecord {
  return {
    id: encodeId("Space", seq),
    name,
    description: extra.description ?? "",
    createdAt: extra.createdAt,
    isPrivate: extra.isPrivate ?? false,
    organizationId: org.id,
  };
}

const organizations = {
  acmeMl: organization(1, "Acme ML", "Production machine learning at Acme", "2025-01-06T09:00:00Z"),
  acmeResearch: organization(2, "Acme Research", "Applied research and prototypes", "2025-01-20T09:30:00Z"),
  globex: organization(3, "Globex", "", "2025-02-03T14:00:00Z"),
};

const users = {
  alice: user(1, "Alice Chen", "alice.chen@acme.example", {
    role: "ADMIN",
    isDeveloper: true,
    createdAt: "2025-01-06T09:05:00Z",
  }),
  bob: user(2, "Bob Martinez", "bob.martinez@acme.example", {
    isDeveloper: true,
    createdAt: "2025-01-07T10:12:00Z",
  }),
  carol: user(3, "Carol Nguyen", "carol.nguyen@acme.example", { createdAt: "2025-01-08T16:40:00Z" }),
  dan: user(4, "Dan Okafor", "dan.okafor@acme.example", {
    role: "ANNOTATOR",
    createdAt: "2025-01-10T11:00:00Z",
  }),
  erin: user(5, "Erin Walsh", "erin.walsh@acme.example", {
    status: "INVITED",
    createdAt: "2025-01-15T08:30:00Z",
  }),
  farid: user(6, "Farid Haddad", "farid.haddad@acme.example", {
    isDeveloper: true,
    createdAt: "2025-01-21T13:15:00Z",
  }),
  grace: user(7, "Grace Kim", "grace.kim@globex.example", {
    role: "ADMIN",
    isDeveloper: true,
    createdAt: "2025-02-03T14:05:00Z",
  }),
  hank: user(8, "Hank Patel", "hank.patel@acme.example", {
    status: "EXPIRED",
    createdAt: "2025-02-20T09:00:00Z",
  }),
};

const roles = {
  modelReviewer: role(1, "Model Reviewer", "Reads models, monitors and dashboards.", [
    "SPACE_READ",
    "ML_MODEL_READ",
    "MONITOR_READ",
    "DASHBOARD_READ",
  ]),
  promptEngineer: role(2, "Prompt Engineer", "Builds and tests prompts.", [
    "SPACE_READ",
    "PROMPT_READ",
    "PROMPT_CREATE",
    "PROMPT_UPDATE",
    "PLAYGROUND_RUN",
    "EXPERIMENT_READ",
  ]),
};

const { acmeMl, acmeResearch, globex } = organizations;

const spaces = {
  fraudModels: space(1, acmeMl, "fraud-models", {
    description: "Fraud detection models for card payments",
    createdAt: "2025-03-04T10:00:00Z",
  }),
  recommendations: space(2, acmeMl, "recommendations", {
    description: "Homepage and email recommendation models",
    createdAt: "2025-03-05T11:30:00Z",
  }),
  churnPrediction: space(3, acmeMl, "churn-prediction", { createdAt: "2025-03-11T09:15:00Z" }),
  searchRanking: space(4, acmeMl, "search-ranking", {
    description: "Learning-to-rank models for site search",
    createdAt: "2025-03-18T14:45:00Z",
  }),
  supportAgent: space(5, acmeMl, "llm-support-agent", {
    description: "Customer support assistant: traces and evals",
    createdAt: "2025-04-01T08:00:00Z",
  }),
  hrAnalytics: space(6, acmeMl, "hr-analytics", {
    description: "Restricted: attrition and compensation models",
    isPrivate: true,
    createdAt: "2025-04-09T16:20:00Z",
  }),
  playground: space(7, acmeMl, "playground", { createdAt: "2025-04-22T12:00:00Z" }),
  researchFraudModels: space(8, acmeResearch, "fraud-models", {
    description: "Research prototypes for fraud detection",
    createdAt: "2025-05-02T10:10:00Z",
  }),
  visionExperiments: space(9, acmeResearch, "vision-experiments", { createdAt: "2025-05-14T15:00:00Z" }),
  ragEvals: space(10, acmeResearch, "rag-evals", {
    description: "Retrieval-augmented generation evaluation runs",
    createdAt: "2025-06-03T09:40:00Z",
  }),
  demandForecasting: space(11, globex, "demand-forecasting", {
    description: "Weekly demand forecasts by region",
    createdAt: "2025-06-16T13:25:00Z",
  }),
  pricing: space(12, globex, "pricing", { createdAt: "2025-07-01T10:00:00Z" }),
};

type ContentCounts = Partial<Record<ContentIdType, number>>;

/**
 * What each demo space holds: a believable spread, with some spaces empty and one holding more than 500
 * datasets (so paging and a capped count are exercised). Spaces not listed hold nothing.
 */
const contentCounts: Partial<Record<keyof typeof spaces, ContentCounts>> = {
  fraudModels: { Project: 3, Dataset: 14, Experiment: 41, Evaluator: 6, AnnotationQueue: 2, Task: 5 },
  recommendations: { Project: 2, Dataset: 8, Experiment: 12, Evaluator: 3, Task: 2 },
  searchRanking: { Project: 1, Dataset: 612, Experiment: 130, Evaluator: 4, AnnotationQueue: 1, Task: 3 },
  supportAgent: {
    Project: 4,
    Dataset: 9,
    Experiment: 23,
    Prompt: 12,
    Evaluator: 8,
    AnnotationQueue: 3,
    Task: 6,
  },
  hrAnalytics: { Project: 1, Dataset: 2 },
  researchFraudModels: { Project: 1, Dataset: 3, Experiment: 7, Prompt: 2, Evaluator: 1, Task: 1 },
  visionExperiments: { Dataset: 5, Experiment: 18, AnnotationQueue: 1 },
  ragEvals: { Project: 2, Dataset: 6, Experiment: 34, Prompt: 7, Evaluator: 9, AnnotationQueue: 2, Task: 4 },
  demandForecasting: { Project: 1 },
};

const CONTENT_NAMES: Record<ContentIdType, string> = {
  Project: "traces",
  Dataset: "eval-set",
  Experiment: "run",
  Prompt: "prompt",
  Evaluator: "judge",
  AnnotationQueue: "review-queue",
  Task: "eval-task",
};

/** The demo seed's records, so tests import IDs and names instead of hard-coding them. */
export const SEED = { organizations, users, roles, spaces, contentCounts };

const { alice, bob, carol, dan, erin, farid, grace, hank } = users;

const organizationMembers: Array<[OrganizationRecord, UserRecord[]]> = [
  [acmeMl, [alice, bob, carol, dan, erin, hank]],
  [acmeResearch, [alice, bob, farid]],
  [globex, [alice, grace]],
];

const admin: SpaceRole = { type: "PREDEFINED", name: "ADMIN" };
const member: SpaceRole = { type: "PREDEFINED", name: "MEMBER" };
const readOnly: SpaceRole = { type: "PREDEFINED", name: "READ_ONLY" };
const annotator: SpaceRole = { type: "PREDEFINED", name: "ANNOTATOR" };
const modelReviewer: SpaceRole = { type: "CUSTOM", id: roles.modelReviewer.id };

const spaceMemberships: Array<[SpaceRecord, UserRecord, SpaceRole]> = [
  [spaces.fraudModels, alice, admin],
  [spaces.fraudModels, bob, member],
  [spaces.fraudModels, carol, readOnly],
  [spaces.fraudModels, dan, annotator],
  [spaces.recommendations, bob, admin],
  [spaces.recommendations, carol, member],
  [spaces.supportAgent, alice, admin],
  [spaces.supportAgent, dan, annotator],
  [spaces.supportAgent, carol, modelReviewer],
  [spaces.hrAnalytics, alice, admin],
  [spaces.researchFraudModels, farid, admin],
  [spaces.researchFraudModels, bob, member],
  [spaces.demandForecasting, grace, admin],
];

/** Every kind numbered on its own, in creation order; items are an hour apart from their space's creation. */
function seedContents(): ContentRecord[] {
  const admins = new Map(spaceMemberships.filter(([, , r]) => r === admin).map(([s, u]) => [s.id, u.id]));
  const records: ContentRecord[] = [];
  for (const kind of Object.keys(CONTENT_NAMES) as ContentIdType[]) {
    let seq = 0;
    for (const [key, counts] of Object.entries(contentCounts)) {
      const owner = spaces[key as keyof typeof spaces];
      for (let n = 1; n <= (counts[kind] ?? 0); n++) {
        seq += 1;
        records.push({
          id: encodeId(kind, seq),
          kind,
          spaceId: owner.id,
          name: `${owner.name}-${CONTENT_NAMES[kind]}-${n}`,
          createdAt: new Date(Date.parse(owner.createdAt) + n * 3_600_000)
            .toISOString()
            .replace(".000Z", "Z"),
          createdByUserId: admins.get(owner.id) ?? null,
        });
      }
    }
  }
  return records;
}

/** A fresh state for the named seed; the same IDs on every call. */
export function seedState(seed: SeedName): SandboxState {
  const withSpaces = seed === "demo";
  const memberships = withSpaces ? spaceMemberships : [];
  return {
    version: STATE_VERSION,
    lastSequence: {
      Organization: Object.keys(organizations).length,
      User: Object.keys(users).length,
      Role: Object.keys(roles).length,
      Space: withSpaces ? Object.keys(spaces).length : 0,
      SpaceMembership: memberships.length,
    },
    organizations: Object.values(organizations).map((o) => ({ ...o })),
    users: Object.values(users).map((u) => ({ ...u })),
    roles: Object.values(roles).map((r) => ({ ...r, permissions: [...r.permissions] })),
    organizationMembers: organizationMembers.flatMap(([org, members]) =>
      members.map((m) => ({ organizationId: org.id, userId: m.id })),
    ),
    spaces: withSpaces ? Object.values(spaces).map((s) => ({ ...s })) : [],
    spaceMemberships: memberships.map(([s, u, r], index) => ({
      id: encodeId("SpaceMembership", index + 1),
      spaceId: s.id,
      userId: u.id,
      role: { ...r },
    })),
    contents: withSpaces ? seedContents() : [],
  };
}
