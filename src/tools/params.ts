import { z } from "zod";
import type { WireRoleRequest } from "../arize/schemas.js";
import { InputError } from "../errors.js";

/*
 * Input fields shared by several tools, each telling the model where a valid value comes from.
 * Length limits are refinements: they are enforced (bad input never reaches the API) but kept out of the
 * JSON Schema, where every token is paid in the model's context and the error says the limit.
 */

/** A string of 1 to `max` characters. */
export function text(max: number) {
  return z.string().refine((s) => s.length > 0 && s.length <= max, `must be 1 to ${max} characters`);
}

export const space = text(1000).describe("Space ID or exact name");

export const organization = text(1000).describe("ID or exact name");

export const user = text(1000).describe("User ID or email");

/** The one range kept in the schema: a model picks a page size from it. Absent means DEFAULT_LIMIT. */
export const limit = z.number().int().min(1).max(100).optional();

export const cursor = text(4096).optional().describe("From the previous page");

export const DEFAULT_LIMIT = 25;

export const spaceName = z
  .string()
  .refine((s) => s.trim().length > 0 && s.length <= 255, "must be 1 to 255 characters, not only spaces");

export const description = z.string().refine((s) => s.length <= 1000, "must be at most 1000 characters");

const PREDEFINED_ROLES = ["ADMIN", "MEMBER", "READ_ONLY", "ANNOTATOR"] as const;

/**
 * Listed as the four values; any case, "read-only" and the older object form
 * {type: "predefined", name: "member"} are accepted too.
 */
export const role = z.union([text(100), z.object({ type: text(100), name: text(100) })]);

/** JSON Schema to list instead of the generated one, for schemas that accept more than they advertise. */
export const LISTED_AS = new Map<z.ZodType, Record<string, unknown>>([
  [role, { type: "string", enum: PREDEFINED_ROLES.map((r) => r.toLowerCase()) }],
]);

/** Any accepted spelling of a space role -> the wire form {"type":"PREDEFINED","name":"READ_ONLY"}. */
export function toWireRole(value: z.infer<typeof role>): WireRoleRequest {
  if (typeof value !== "string" && value.type.toLowerCase() !== "predefined") {
    throw new InputError(
      `role.type ${JSON.stringify(value.type)} is not supported here; for a custom role pass customRoleId.`,
    );
  }
  const raw = typeof value === "string" ? value : value.name;
  const name = raw
    .trim()
    .toUpperCase()
    .replace(/[-\s]+/g, "_");
  const known = PREDEFINED_ROLES.find((r) => r === name || r.replace("_", "") === name);
  if (!known) {
    throw new InputError(
      `Unknown role ${JSON.stringify(raw)}. Use one of admin, member, read_only, annotator, or pass customRoleId.`,
    );
  }
  return { type: "PREDEFINED", name: known };
}
