import type { z } from "zod";
import type { ArizeClient } from "../arize/client.js";
import type { Resolver } from "../arize/resolve.js";
import type { Access } from "../errors.js";
import type { Formatted } from "../format.js";

/** What a destructive tool asks the user to confirm, where the client can show a form. */
export interface Confirmation {
  /** One sentence: what will happen, to which space and user, by name and ID. */
  message: string;
  /** The label of the checkbox the user ticks to agree. */
  agree: string;
}

export interface ToolContext {
  client: ArizeClient;
  /**
   * Resolves names, emails and IDs. For a tool that declares `changes: "resolved space"`, resolving a
   * protected space throws (the server applies --protect here, in one place).
   */
  resolve: Resolver;
  /**
   * Asks the user, where the client declared form elicitation; resolves only on an explicit accept and
   * throws DeclinedError otherwise. Resolves without asking when the client cannot show a form.
   */
  confirm: (question: Confirmation) => Promise<void>;
}

/** Every hint is required: an unset hint silently takes the spec's unsafe default. */
export interface ToolAnnotations {
  readOnlyHint: boolean;
  destructiveHint: boolean;
  idempotentHint: boolean;
  openWorldHint: boolean;
}

/**
 * What a tool changes, which the server acts on (protection, the audit log):
 * - "nothing": it only reads;
 * - "new space": it creates a space, and changes no existing one;
 * - "resolved space": it changes the space it resolves (the space itself, or who is in it).
 */
export type Changes = "nothing" | "new space" | "resolved space";

export interface ToolDefinition<In extends z.ZodObject = z.ZodObject, Value = unknown> {
  name: string;
  title: string;
  description: string;
  inputSchema: In;
  outputSchema: z.ZodObject;
  annotations: ToolAnnotations;
  changes: Changes;
  /** The Arize access the key's user needs: the tools reference lists it, and a refusal (HTTP 403) names it. */
  access: Access;
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
