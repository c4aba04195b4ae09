/** Untrusted request input (path IDs, query parameters, JSON bodies) -> typed values, or an ApiProblem. */

import { decodeId } from "./ids.js";
import { decodeCursor, type PageRequest } from "./pagination.js";
import { ApiProblem } from "./problem.js";

export type JsonObject = Record<string, unknown>;

export const DEFAULT_LIMIT = 50;
const MAX_LIMIT = 100;
const MAX_FILTER_LENGTH = 255;
const SYSTEM_MANAGED = new Set(["id", "created_at"]);

/**
 * 400 unless `raw` is a well-formed global ID. Its type is not checked here: an ID of another type is
 * simply not found by the lookup that follows, which is the API's 404.
 */
export function idOf(raw: string, field: string): string {
  if (!decodeId(raw)) throw new ApiProblem(400, `'${field}' is not a valid ID: '${raw}'.`);
  return raw;
}

/** `limit` and `cursor` of a list endpoint. */
export function pageRequest(query: URLSearchParams): PageRequest {
  const rawLimit = lastValue(query, "limit");
  let limit = DEFAULT_LIMIT;
  if (rawLimit !== undefined) {
    limit = /^\d{1,4}$/.test(rawLimit) ? Number(rawLimit) : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_LIMIT)) {
      throw new ApiProblem(400, `Query parameter 'limit' must be an integer between 1 and ${MAX_LIMIT}.`);
    }
  }
  const rawCursor = lastValue(query, "cursor");
  if (rawCursor === undefined || rawCursor === "") return { limit, after: 0 };
  const after = decodeCursor(rawCursor);
  if (after === undefined)
    throw new ApiProblem(400, "Query parameter 'cursor' is not a valid pagination cursor.");
  return { limit, after };
}

/** A free-text filter such as `name` or `email`. */
export function textFilter(query: URLSearchParams, key: string): string | undefined {
  const value = lastValue(query, key);
  if (value !== undefined && value.length > MAX_FILTER_LENGTH) {
    throw new ApiProblem(400, `Query parameter '${key}' must be at most ${MAX_FILTER_LENGTH} characters.`);
  }
  return value;
}

/** A repeatable enum parameter (`?status=ACTIVE&status=INVITED`). */
export function enumFilter<T extends string>(
  query: URLSearchParams,
  key: string,
  allowed: readonly T[],
): T[] {
  return query.getAll(key).map((value) => {
    if (!(allowed as readonly string[]).includes(value)) {
      throw new ApiProblem(
        400,
        `Query parameter '${key}' must be one of ${allowed.join(", ")}; got '${value}'.`,
      );
    }
    return value as T;
  });
}

export function booleanFilter(query: URLSearchParams, key: string): boolean | undefined {
  const value = lastValue(query, key);
  if (value === undefined) return undefined;
  if (value === "true" || value === "false") return value === "true";
  throw new ApiProblem(400, `Query parameter '${key}' must be true or false.`);
}

function lastValue(query: URLSearchParams, key: string): string | undefined {
  return query.getAll(key).at(-1);
}

export function parseJsonObject(raw: string): JsonObject {
  if (raw.trim() === "") throw new ApiProblem(400, "A JSON request body is required.");
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new ApiProblem(400, "The request body is not valid JSON.");
  }
  return objectAt(parsed, "request body");
}

export function objectAt(value: unknown, field: string): JsonObject {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ApiProblem(400, `The ${field} must be a JSON object.`);
  }
  return value as JsonObject;
}

/** 400 for system-managed fields and for any key not in `allowed`; `prefix` names nested objects. */
export function onlyKeys(body: JsonObject, allowed: readonly string[], prefix = ""): void {
  for (const key of Object.keys(body)) {
    if (prefix === "" && SYSTEM_MANAGED.has(key)) {
      throw new ApiProblem(400, `'${key}' is system-managed and cannot be provided.`);
    }
    if (!allowed.includes(key)) throw new ApiProblem(400, `Unknown field '${prefix}${key}'.`);
  }
}

export function requiredString(body: JsonObject, key: string, field = key): string {
  if (!(key in body)) throw new ApiProblem(400, `The '${field}' field is required.`);
  return stringAt(body[key], field);
}

export function optionalString(body: JsonObject, key: string): string | undefined {
  return key in body ? stringAt(body[key], key) : undefined;
}

export function optionalBoolean(body: JsonObject, key: string): boolean | undefined {
  if (!(key in body)) return undefined;
  const value = body[key];
  if (typeof value !== "boolean") throw new ApiProblem(400, `'${key}' must be a boolean.`);
  return value;
}

function stringAt(value: unknown, field: string): string {
  if (typeof value !== "string") throw new ApiProblem(400, `'${field}' must be a string.`);
  return value;
}
