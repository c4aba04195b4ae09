/** Validation of the space endpoints' JSON bodies, with the API's split between 400 (shape) and 422 (values). */

import {
  idOf,
  type JsonObject,
  objectAt,
  onlyKeys,
  optionalBoolean,
  optionalString,
  requiredString,
} from "./input.js";
import { ApiProblem } from "./problem.js";
import { SPACE_ROLE_NAMES, type SpaceRole, type SpaceRoleName } from "./records.js";
import type { NewSpace, SpacePatch } from "./store.js";

const MAX_NAME_LENGTH = 255;
const MAX_DESCRIPTION_LENGTH = 1000;

export function parseCreateSpace(body: JsonObject): NewSpace {
  onlyKeys(body, ["name", "organization_id", "description", "is_private"]);
  const name = requiredString(body, "name");
  const organizationId = idOf(requiredString(body, "organization_id"), "organization_id");
  const description = optionalString(body, "description");
  const isPrivate = optionalBoolean(body, "is_private");
  checkName(name);
  if (description !== undefined) checkDescription(description);
  return { name, organizationId, description, isPrivate };
}

export function parseUpdateSpace(body: JsonObject): SpacePatch {
  onlyKeys(body, ["name", "description", "is_private"]);
  if (!("name" in body || "description" in body || "is_private" in body)) {
    throw new ApiProblem(400, "At least one of 'name', 'description' or 'is_private' must be provided.");
  }
  const name = optionalString(body, "name");
  const description = body.description === null ? null : optionalString(body, "description");
  const isPrivate = optionalBoolean(body, "is_private");
  if (name !== undefined) checkName(name);
  if (typeof description === "string") checkDescription(description);
  return { name, description, isPrivate };
}

export function parseAddSpaceUser(body: JsonObject): { userId: string; role: SpaceRole } {
  onlyKeys(body, ["user_id", "role"]);
  const userId = idOf(requiredString(body, "user_id"), "user_id");
  if (!("role" in body)) throw new ApiProblem(400, "The 'role' field is required.");
  return { userId, role: parseRole(objectAt(body.role, "'role' field")) };
}

function parseRole(role: JsonObject): SpaceRole {
  onlyKeys(role, ["type", "name", "id"], "role.");
  const type = requiredString(role, "type", "role.type");
  if (type === "PREDEFINED") {
    if ("id" in role) throw new ApiProblem(400, "Unknown field 'role.id' for a PREDEFINED role.");
    const name = requiredString(role, "name", "role.name");
    if (!(SPACE_ROLE_NAMES as readonly string[]).includes(name)) {
      throw new ApiProblem(422, `'role.name' must be one of ${SPACE_ROLE_NAMES.join(", ")}; got '${name}'.`);
    }
    return { type, name: name as SpaceRoleName };
  }
  if (type === "CUSTOM") {
    const id = idOf(requiredString(role, "id", "role.id"), "role.id");
    if ("name" in role) {
      throw new ApiProblem(
        422,
        "'role.name' must not be sent with a CUSTOM role; send only 'type' and 'id'.",
      );
    }
    return { type, id };
  }
  throw new ApiProblem(422, `'role.type' must be PREDEFINED or CUSTOM; got '${type}'.`);
}

function checkName(name: string): void {
  if (name.trim() === "") throw new ApiProblem(422, "'name' must not be empty.");
  if (name.length > MAX_NAME_LENGTH) {
    throw new ApiProblem(422, `'name' must be at most ${MAX_NAME_LENGTH} characters (got ${name.length}).`);
  }
}

function checkDescription(description: string): void {
  if (description.length > MAX_DESCRIPTION_LENGTH) {
    throw new ApiProblem(
      422,
      `'description' must be at most ${MAX_DESCRIPTION_LENGTH} characters (got ${description.length}).`,
    );
  }
}
