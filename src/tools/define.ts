import type { z } from "zod";
import type { ArizeClient } from "../arize/client.js";
import type { Resolver } from "../arize/resolve.js";
import type { Formatted } from "../format.js";

export interface ToolContext {
  client: ArizeClient;
  resolve: Resolver;
}

/** Every hint is required: an unset hint silently takes the spec's unsafe default. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

export interface ToolDefinition<In extends z.ZodObject = z.ZodObject, Value = unknown> {
  name: string;
  title: string;
  description: string;
  inputSchema: In;
  outputSchema: z.ZodObject;
  annotations: ToolAnnotations;
  /** Resolves inputs, calls the client, returns a plain value. Throws on failure; never catches. */
  handler: (args: z.infer<In>, ctx: ToolContext) => Promise<Value>;
  /** Value -> text for the model + structuredContent (from format.ts). */
  format: (value: Value, args: z.infer<In>) => Formatted;
}

/** Identity function that exists for type inference. */
export function defineTool<In extends z.ZodObject, Value>(
  tool: ToolDefinition<In, Value>,
): ToolDefinition<In, Value> {
  return tool;
}
