import { z } from "zod";
import type { WireRoleRequest } from "../arize/schemas.js";
import { InputError } from "../errors.js";

/** Input fields shared by several tools, each telling the model where a valid value comes from. */

export const space = z.string().min(1).max(1000).describe("Space ID or exact name (list_spaces shows both)");

export const organization = z
  .string()
  .min(1)
  .max(1000)
  .describe("Organization ID or exact name (list_organizations)");

export const user = z.string().min(1).max(1000).describe("User ID or email address (list_users)");

export const limit = z.number().int().min(1).max(100).optional().describe("Page size, 1-100 (default 25)");

export const cursor = z.string().min(1).max(4096).optional().describe("nextCursor from the previous page");

export const DEFAULT_LIMIT = 25;

export const spaceName = z
  .string()
  .max(255)
  .refine((s) => s.trim().length > 0, "must not be empty");

export const description = z.string().max(1000);

export const PREDEFINED_ROLES = ["ADMIN", "MEMBER", "READ_ONLY", "ANNOTATOR"] as const;

export const role = z
  .union([
    z.string().max(100),
    z.object({ type: z.string().max(100), name: z.string().max(100) }).describe("older form"),
  ])
  .describe("admin, member, read_only or annotator (any case)");

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
