import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import type { RequestHandlerExtra } from "@modelcontextprotocol/sdk/shared/protocol.js";
import {
  CallToolRequestSchema,
  type CallToolResult,
  ListToolsRequestSchema,
  type ServerNotification,
  type ServerRequest,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { z } from "zod";
import { ArizeClient, type ArizeClientOptions, type LogLevel } from "./arize/client.js";
import { type NameCache, type Resolved, Resolver } from "./arize/resolve.js";
import type { Space } from "./arize/schemas.js";
import {
  type AuditEntry,
  type AuditLog,
  type AuditOutcome,
  AuditUnavailableError,
  keyFingerprint,
} from "./audit.js";
import { ArizeApiError, DeclinedError, InputError, toToolErrorText } from "./errors.js";
import { formValidator } from "./form-validator.js";
import { GuardError, SpaceProtection } from "./guards.js";
import type { Confirmation, ToolContext, ToolDefinition } from "./tools/define.js";
import { tools as allTools } from "./tools/index.js";
import { toolsListFor } from "./tools/listing.js";
import { VERSION } from "./version.js";

type RequestExtra = RequestHandlerExtra<ServerRequest, ServerNotification>;

export const BETA_NOTICE =
  "The Arize AX spaces API is in beta: its behaviour may change without notice. Report surprises to the maintainers.";

const CLIENT_API_KEY_HEADER = "x-arize-api-key";

/** How long a confirmation form waits for the user before the answer counts as no. */
const DEFAULT_CONFIRM_TIMEOUT_MS = 120_000;

export interface ServerDeps {
  /** How to reach Arize; the server builds its own client so that retries are logged to this client. */
  api: Omit<ArizeClientOptions, "log">;
  /** Receives every log line; the CLI writes them to stderr. */
  logLine: (line: string) => void;
  /** A sentence appended to the instructions, e.g. that this is the sandbox. */
  notice?: string;
  /** The tools to offer (see selectTools); all by default. Others are neither listed nor callable. */
  tools?: readonly ToolDefinition[];
  /** HTTP: a request may carry its own Arize key in X-Arize-Api-Key, used for that request only. */
  acceptClientApiKey?: boolean;
  /** Glob patterns of protected space names. */
  protect?: readonly string[];
  audit?: AuditLog;
  confirmTimeoutMs?: number;
  /** Name lookups shared by the servers of one process (stateless HTTP builds a server per request). */
  nameCache?: NameCache;
}

/** Read-only mode keeps exactly the tools whose readOnlyHint is true; an allowlist keeps the named ones. */
export function selectTools(
  options: { readOnly?: boolean; tools?: readonly string[] },
  registry: readonly ToolDefinition[] = allTools,
): ToolDefinition[] {
  return registry.filter(
    (t) =>
      (!options.readOnly || t.annotations.readOnlyHint) && (!options.tools || options.tools.includes(t.name)),
  );
}

function instructions(deps: ServerDeps, offered: readonly ToolDefinition[]): string {
  const lines = [
    "Manage Arize AX spaces and who can use them.",
    "Spaces and organizations are given by ID or exact name, users by ID or email; list_spaces, list_organizations and list_users show IDs.",
  ];
  if (offered.some((t) => t.name === "delete_space")) {
    lines.push(
      "delete_space needs confirm equal to the space's exact name, given only after the user agreed; dryRun shows what would go.",
    );
  }
  if (offered.every((t) => t.annotations.readOnlyHint))
    lines.push("This server is read-only: it cannot change anything.");
  if (deps.protect?.length)
    lines.push(
      `Protected spaces (not deletable, renamable, made private, or losing users): ${deps.protect.join(", ")}.`,
    );
  lines.push(BETA_NOTICE);
  if (deps.notice) lines.push(deps.notice);
  return lines.join("\n");
}

function headerValue(headers: Record<string, string | string[] | undefined> | undefined, name: string) {
  const value = headers?.[name];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim() || undefined;
}

function outcomeOf(err: unknown): { outcome: AuditOutcome; reason?: string; status?: number } {
  if (err instanceof DeclinedError) return { outcome: "declined", reason: err.outcome };
  if (err instanceof GuardError || err instanceof InputError)
    return { outcome: "refused", reason: err.message };
  if (err instanceof ArizeApiError)
    return { outcome: "error", status: err.status, reason: err.title ?? err.kind };
  return { outcome: "error", reason: err instanceof Error ? err.name : "unknown" };
}

/** "limit: Invalid input: expected number, received string; Unrecognized key: \"x\"" */
function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/**
 * Builds an MCP server offering the tools. No I/O, and cheap enough to build one per HTTP request: tools
 * are served from definitions built once (tools/listing.ts), not registered afresh, and the confirmation
 * forms are checked without the SDK's Ajv instance.
 */
export function createServer(deps: ServerDeps): Server {
  const offered = deps.tools ?? allTools;
  const byName = new Map(offered.map((t) => [t.name, t]));
  const mcp = new Server(
    { name: "arize-ax-spaces-mcp", title: "Arize AX Spaces", version: VERSION },
    {
      capabilities: { logging: {}, tools: {} },
      instructions: instructions(deps, offered),
      jsonSchemaValidator: formValidator,
    },
  );

  const log = (level: LogLevel, message: string) => {
    deps.logLine(`[arize-ax-spaces-mcp] ${level}: ${message}`);
    if (mcp.transport) {
      mcp.sendLoggingMessage({ level, logger: "arize-ax-spaces-mcp", data: message }).catch(() => {});
    }
  };
  const client = new ArizeClient({ ...deps.api, log });
  const resolver = new Resolver(client, Date.now, deps.nameCache);
  const protection = new SpaceProtection(deps.protect ?? []);

  const confirm = async (question: Confirmation, extra: RequestExtra): Promise<void> => {
    if (!mcp.getClientCapabilities()?.elicitation?.form) return;
    let action: string;
    let agreed = false;
    try {
      const answer = await mcp.elicitInput(
        {
          mode: "form",
          message: question.message,
          requestedSchema: {
            type: "object",
            properties: { confirm: { type: "boolean", title: question.agree, default: false } },
            required: ["confirm"],
          },
        },
        { relatedRequestId: extra.requestId, timeout: deps.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS },
      );
      action = answer.action;
      agreed = answer.action === "accept" && answer.content?.confirm === true;
    } catch (err) {
      const timedOut = /timed? ?out/i.test(err instanceof Error ? err.message : String(err));
      throw new DeclinedError(timedOut ? "timed out" : "failed", question.agree.toLowerCase());
    }
    if (!agreed) {
      throw new DeclinedError(action === "cancel" ? "cancelled" : "declined", question.agree.toLowerCase());
    }
  };

  /** Per call: the key to use (a client's own over HTTP), and a resolver that notes what it resolved. */
  const contextFor = (extra: RequestExtra, onResolved: (r: Resolved) => void) => {
    const ownKey = deps.acceptClientApiKey
      ? headerValue(extra.requestInfo?.headers, CLIENT_API_KEY_HEADER)
      : undefined;
    const callClient = ownKey ? client.withApiKey(ownKey) : client;
    // A client's own key gets its own resolver cache, so nothing resolved with one key serves another.
    const resolve = (ownKey ? new Resolver(callClient) : resolver).observe(onResolved);
    const ctx: ToolContext = { client: callClient, resolve, protection, confirm: (q) => confirm(q, extra) };
    return { ctx, apiKey: ownKey ?? deps.api.apiKey };
  };

  /** Runs one tool: result -> formatted text + structuredContent, any failure -> one error text. */
  const run = async (
    tool: ToolDefinition,
    args: Record<string, unknown>,
    extra: RequestExtra,
  ): Promise<CallToolResult> => {
    const audited = deps.audit && !tool.annotations.readOnlyHint ? deps.audit : undefined;
    const resolved: Partial<Record<Resolved["kind"], Resolved["value"]>> = {};
    const { ctx, apiKey } = contextFor(extra, (r) => {
      resolved[r.kind] = r.value;
    });
    let outcome: ReturnType<typeof outcomeOf> = { outcome: "done" };
    let auditable = audited !== undefined;
    try {
      await audited?.ready();
      const value = await tool.handler(args as never, ctx);
      if (args.dryRun) outcome = { outcome: "dry_run" };
      // A created space is not resolved, it is the result.
      resolved.space ??= (value as { space?: Space }).space;
      const { text, structured } = tool.format(value, args as never);
      return { content: [{ type: "text", text }], structuredContent: structured };
    } catch (err) {
      if (err instanceof AuditUnavailableError) auditable = false;
      outcome = outcomeOf(err);
      const text = toToolErrorText(err, tool.name, (line) => log("error", line));
      return { isError: true, content: [{ type: "text", text }] };
    } finally {
      if (audited && auditable) {
        const entry: AuditEntry = {
          time: new Date().toISOString(),
          tool: tool.name,
          ...outcome,
          ...describeResolved(resolved),
          args,
          keyFingerprint: keyFingerprint(apiKey),
        };
        await audited
          .write(entry)
          .catch((err: unknown) => log("error", `audit log write failed: ${String(err)}`));
      }
    }
  };

  mcp.oninitialized = () => {
    mcp
      .sendLoggingMessage({ level: "notice", logger: "arize-ax-spaces-mcp", data: BETA_NOTICE })
      .catch(() => {});
  };

  mcp.setRequestHandler(ListToolsRequestSchema, () => {
    // A client that lists tools is about to call one: get the connection pool ready meanwhile.
    setImmediate(() => client.warmUp());
    return { tools: toolsListFor(offered) as Tool[] };
  });

  mcp.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      const names = offered.map((t) => t.name).join(", ");
      return toolError(`Tool ${request.params.name} not found. This server offers: ${names}.`);
    }
    // Invalid arguments are a tool result, so the model can correct itself; nothing reaches the API.
    const parsed = tool.inputSchema.safeParse(request.params.arguments ?? {});
    if (!parsed.success)
      return toolError(`Invalid arguments for ${tool.name}: ${describeIssues(parsed.error)}`);
    return run(tool, parsed.data as Record<string, unknown>, extra);
  });
  return mcp;
}

function toolError(text: string): CallToolResult {
  return { isError: true, content: [{ type: "text", text }] };
}

function describeResolved(r: Partial<Record<Resolved["kind"], Resolved["value"]>>) {
  const space = r.space as { id: string; name: string } | undefined;
  const user = r.user as { id: string; email: string } | undefined;
  const organization = r.organization as { id: string; name: string } | undefined;
  return {
    ...(space && { space: { id: space.id, name: space.name } }),
    ...(user && { user: { id: user.id, email: user.email } }),
    ...(organization && { organization: { id: organization.id, name: organization.name } }),
  };
}
