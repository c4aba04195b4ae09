import { z } from "zod";
import type { ToolDefinition } from "./define.js";
import { LISTED_AS } from "./params.js";

/*
 * The tools/list entries, built once per tool set and served as is: converting zod to JSON Schema on
 * every request is wasted work (a stateless HTTP server builds a server per request), and every token
 * here is paid in the model's context.
 */

type Json = Record<string, unknown>;

/**
 * Writes type unions as anyOf, and drops what a model does not need to call the tool or read its result: `$schema`, `additionalProperties`
 * (unknown arguments are still refused by validation), and `required` and `propertyNames` in outputs (what
 * the tools return is checked against the full schema by the tests: every call in test/support/mcp.ts).
 */
function compact(schema: Json, output: boolean, nested = false): Json {
  const out: Json = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "$schema" || key === "additionalProperties") continue;
    if (output && (key === "required" || key === "propertyNames")) continue;
    // In a nested output, `properties` already says "object" and `items` "array" (the top level keeps its type).
    if (output && nested && key === "type" && impliedType(schema) === value) continue;
    // {"type": ["string", "null"]} -> anyOf: some clients map schemas onto a single-type dialect.
    if (key === "type" && Array.isArray(value)) {
      out.anyOf = value.map((type) => ({ type }));
      continue;
    }
    if (Array.isArray(value)) out[key] = value.map((v) => (isObject(v) ? compact(v, output, true) : v));
    else out[key] = isObject(value) ? compact(value, output, true) : value;
  }
  return out;
}

function impliedType(schema: Json): string | undefined {
  if ("properties" in schema) return "object";
  if ("items" in schema) return "array";
  return undefined;
}

function isObject(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Replaces the generated JSON Schema of the schemas in LISTED_AS. */
function listedAs(ctx: { zodSchema: unknown; jsonSchema: Json }): void {
  const replacement = LISTED_AS.get(ctx.zodSchema as z.ZodType);
  if (!replacement) return;
  for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
  Object.assign(ctx.jsonSchema, replacement);
}

function toolListing(tool: ToolDefinition): Json {
  const input = z.toJSONSchema(tool.inputSchema, { target: "draft-7", io: "input", override: listedAs });
  return {
    name: tool.name,
    title: tool.title,
    description: tool.description,
    inputSchema: compact(input, false),
    outputSchema: compact(z.toJSONSchema(tool.outputSchema, { target: "draft-7", io: "output" }), true),
    annotations: tool.annotations,
  };
}

const cache = new WeakMap<readonly ToolDefinition[], Json[]>();

export function toolsListFor(tools: readonly ToolDefinition[]): Json[] {
  let listing = cache.get(tools);
  if (!listing) {
    listing = tools.map(toolListing);
    cache.set(tools, listing);
  }
  return listing;
}
