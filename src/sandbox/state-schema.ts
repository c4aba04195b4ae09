/** Validation of the data file's JSON against the shape of SandboxState. */

import { z } from "zod";
import { type ContentIdType, decodeId, type IdType, idSequence } from "./ids.js";
import {
  ACCOUNT_ROLES,
  type SandboxState,
  SPACE_ROLE_NAMES,
  STATE_VERSION,
  USER_STATUSES,
} from "./records.js";

/** A sandbox-minted ID: base64 of `<type>:<positive integer>`. */
function idOfType(type: IdType) {
  return z.string().refine((id) => decodeId(id)?.type === type && idSequence(id) > 0, {
    message: `expected a ${type} ID`,
  });
}

/** Lists are in creation order, which pagination relies on. */
function creationOrdered<T extends z.ZodType<{ id: string }>>(item: T) {
  return z.array(item).superRefine((items, context) => {
    for (let index = 1; index < items.length; index += 1) {
      const previous = items[index - 1];
      const current = items[index];
      if (previous && current && idSequence(current.id) <= idSequence(previous.id)) {
        context.addIssue({ code: "custom", path: [index, "id"], message: "IDs must be in ascending order" });
      }
    }
  });
}

const timestamp = z.iso.datetime();
const sequence = z.number().int().nonnegative();

const CONTENT_ID_TYPES = [
  "Project",
  "Dataset",
  "Experiment",
  "Prompt",
  "Evaluator",
  "AnnotationQueue",
  "Task",
] as const satisfies readonly ContentIdType[];

const contentItem = z
  .object({
    id: z.string(),
    kind: z.enum(CONTENT_ID_TYPES),
    spaceId: idOfType("Space"),
    name: z.string().min(1),
    createdAt: timestamp,
    createdByUserId: idOfType("User").nullable(),
  })
  .refine((item) => decodeId(item.id)?.type === item.kind && idSequence(item.id) > 0, {
    message: "expected an ID of the item's kind",
    path: ["id"],
  });

const spaceRole = z.discriminatedUnion("type", [
  z.object({ type: z.literal("PREDEFINED"), name: z.enum(SPACE_ROLE_NAMES) }),
  z.object({ type: z.literal("CUSTOM"), id: idOfType("Role") }),
]);

const stateSchema = z.object({
  version: z.literal(STATE_VERSION),
  lastSequence: z.object({
    Organization: sequence,
    User: sequence,
    Role: sequence,
    Space: sequence,
    SpaceMembership: sequence,
  }),
  organizations: creationOrdered(
    z.object({
      id: idOfType("Organization"),
      name: z.string().min(1),
      description: z.string(),
      createdAt: timestamp,
    }),
  ),
  users: creationOrdered(
    z.object({
      id: idOfType("User"),
      name: z.string(),
      email: z.string().min(1),
      createdAt: timestamp,
      status: z.enum(USER_STATUSES),
      role: z.enum(ACCOUNT_ROLES),
      isDeveloper: z.boolean(),
    }),
  ),
  roles: creationOrdered(
    z.object({
      id: idOfType("Role"),
      name: z.string().min(1),
      description: z.string(),
      permissions: z.array(z.string()),
      createdAt: timestamp,
      updatedAt: timestamp,
    }),
  ),
  organizationMembers: z.array(
    z.object({ organizationId: idOfType("Organization"), userId: idOfType("User") }),
  ),
  spaces: creationOrdered(
    z.object({
      id: idOfType("Space"),
      name: z.string().min(1),
      description: z.string(),
      createdAt: timestamp,
      isPrivate: z.boolean(),
      organizationId: idOfType("Organization"),
    }),
  ),
  spaceMemberships: z.array(
    z.object({
      id: idOfType("SpaceMembership"),
      spaceId: idOfType("Space"),
      userId: idOfType("User"),
      role: spaceRole,
    }),
  ),
  contents: z.array(contentItem).optional(),
});

/** Throws an Error naming the first problem, e.g. "spaces.3.name: expected string, received number". */
export function parseState(json: unknown): SandboxState {
  if (typeof json === "object" && json !== null && "version" in json && json.version !== STATE_VERSION) {
    throw new Error(`version ${JSON.stringify(json.version)} is not supported (expected ${STATE_VERSION})`);
  }
  const result = stateSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
  throw new Error(`${where}${issue?.message ?? "invalid"}`);
}
