import {
  type CallToolRequest,
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  createRequestStateCodec,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  type JSONRPCRequest,
  PROTOCOL_VERSION_META_KEY,
  ProtocolError,
  ProtocolErrorCode,
  type RequestStateCodec,
  type Result,
  Server,
  type ServerContext,
  type Tool,
} from "@modelcontextprotocol/server";
import type { z } from "zod";
import { ArizeClient, type ArizeClientOptions, type Log, type WriteRequest } from "./arize/client.js";
import { type NameCaches, type Resolved, Resolver } from "./arize/resolve.js";
import {
  type AuditLog,
  type AuditOutcome,
  type AuditSubject,
  AuditUnavailableError,
  keyFingerprint,
} from "./audit.js";
import {
  ArizeApiError,
  CancelledError,
  DeclinedError,
  InputError,
  MissingClientKeyError,
  toToolErrorText,
} from "./errors.js";
import { formValidator } from "./form-validator.js";
import { GuardError, PROTECTED_MEANS, SpaceProtection } from "./guards.js";
import { SERVER_IDENTITY } from "./identity.js";
import { nodeCrypto } from "./node-crypto.js";
import { Redactor } from "./redact.js";
import type { Confirmation, ToolContext, ToolDefinition } from "./tools/define.js";
import { tools as allTools } from "./tools/index.js";
import { toolsListFor } from "./tools/listing.js";
import { cleanText, visibleText } from "./untrusted.js";

export const BETA_NOTICE =
  "The Arize AX spaces API is in beta: its behaviour may change without notice. Report surprises to the maintainers.";

const CLIENT_API_KEY_HEADER = "x-arize-api-key";
const LOGGER = "arize-ax-spaces-mcp";

/** How long a confirmation form waits for the user before the answer counts as no. */
const DEFAULT_CONFIRM_TIMEOUT_MS = 120_000;
/** A confirmation's sealed request state expires after this; the question is then asked again. */
const CONFIRMATION_TTL_SECONDS = 600;
/** tools/list changes only with the configuration, which lives as long as the process. */
const TOOLS_LIST_TTL_MS = 3_600_000;

export interface ServerDeps {
  /** How to reach Arize, without `log`: each call's client logs to that call's MCP client and to logLine. */
  api: Omit<ArizeClientOptions, "log">;
  /** Receives every log line; the CLI writes them to stderr. */
  logLine: (line: string) => void;
  /** A sentence appended to the instructions, e.g. that this is the sandbox. */
  notice?: string;
  /** The tools to offer (see selectTools); all by default. Others are neither listed nor callable. */
  tools?: readonly ToolDefinition[];
  /** HTTP: a request may carry its own Arize key in X-Arize-Api-Key, used for that request only. */
  acceptClientApiKey?: boolean;
  /** HTTP: every tool call must carry its own key; the server's key is never used for one. */
  requireClientKey?: boolean;
  /** Glob patterns of protected space names. */
  protect?: readonly string[];
  audit?: AuditLog;
  /** 2025 sessions: how long the confirmation form waits for the user. */
  confirmTimeoutMs?: number;
  /**
   * Seals the state a confirmation hands to the client (2026-07-28 `input_required`). Every replica that
   * may receive the answer needs the same secret; see confirmationSealer().
   */
  sealer?: ConfirmationSealer;
  /**
   * Name lookups shared by the servers of one process (stateless HTTP builds a server per request), one
   * cache per API key. Without it each call looks names up afresh.
   */
  nameCaches?: NameCaches;
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

/**
 * What a confirmation's request state carries back: which call asked which question. Signed, not
 * encrypted, so it holds hashes only.
 */
interface ConfirmationState {
  /** The tool, its arguments and the key it acts with, hashed. */
  call: string;
  /** The question the user saw (it names the space and user by name and ID), hashed. */
  question: string;
  /** Progress reported so far, so that the next round keeps counting up. */
  progress: number;
}

export type ConfirmationSealer = RequestStateCodec<ConfirmationState>;

/**
 * An HMAC sealer for confirmation state; without a secret, a random one that only this process knows.
 * Made on first use: the codec takes Web Crypto, and loading crypto costs start-up several milliseconds.
 */
export function confirmationSealer(secret?: string): ConfirmationSealer {
  let codec: ConfirmationSealer | undefined;
  const sealer = () => {
    codec ??= createRequestStateCodec<ConfirmationState>({
      key: secret ?? nodeCrypto().randomBytes(32),
      ttlSeconds: CONFIRMATION_TTL_SECONDS,
    });
    return codec;
  };
  return {
    mint: (payload, ctx) => sealer().mint(payload, ctx),
    verify: (state, ctx) => sealer().verify(state, ctx),
  };
}

let randomSealer: ConfirmationSealer | undefined;

/** Without a configured secret, one random secret for the whole process: its servers share it. */
function processSealer(): ConfirmationSealer {
  randomSealer ??= confirmationSealer();
  return randomSealer;
}

function instructions(deps: ServerDeps, offered: readonly ToolDefinition[]): string {
  const lines = [
    "Manage Arize AX spaces and who can use them.",
    "Spaces and organizations are given by ID or exact name, users by ID or email; list_spaces, list_organizations and list_users show IDs.",
    "Every space names its organization; when a space name exists in several organizations, pass organization or the space ID.",
    "Space members cannot be listed: the Arize API has no endpoint for it, so say so and suggest checking the space's members in Arize AX or asking the user who should have access; list_users finds people by part of their email or name.",
  ];
  if (offered.some((t) => t.name === "delete_space")) {
    lines.push(
      "delete_space needs confirm equal to the space's exact name, given only after the user agreed; dryRun shows what would go.",
    );
  }
  if (offered.every((t) => t.annotations.readOnlyHint))
    lines.push("This server is read-only: it cannot change anything.");
  if (deps.protect?.length) lines.push(`Protected spaces (${PROTECTED_MEANS}): ${deps.protect.join(", ")}.`);
  lines.push(BETA_NOTICE);
  if (deps.notice) lines.push(deps.notice);
  return lines.join("\n");
}

type Outcome = { outcome: AuditOutcome; reason?: string; status?: number };

function outcomeOf(err: unknown): Outcome {
  if (err instanceof DeclinedError) return { outcome: "declined", reason: err.outcome };
  if (err instanceof CancelledError) return { outcome: "cancelled" };
  if (err instanceof GuardError || err instanceof InputError || err instanceof MissingClientKeyError)
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

const sha256 = (text: string) => nodeCrypto().createHash("sha256").update(text).digest("base64url");

/** Thrown by ToolContext.confirm when a 2026-07-28 client must ask the user; the call answers input_required. */
class ConfirmationNeeded {
  constructor(readonly question: Confirmation) {}
}

/** Thrown by ToolContext.confirm when a 2025 client's user accepted: the tool runs again from the top. */
class Accepted {
  constructor(readonly question: string) {}
}

/** After this many accepted answers whose question changed before it could be acted on, the call gives up. */
const MAX_CONFIRMATION_ROUNDS = 3;

const CONFIRM_FORM = (question: Confirmation) => ({
  mode: "form" as const,
  message: question.message,
  requestedSchema: {
    type: "object" as const,
    properties: { confirm: { type: "boolean" as const, title: question.agree, default: false } },
    required: ["confirm"],
  },
});

function envelopeOf(ctx: ServerContext): Record<string, unknown> | undefined {
  return ctx.mcpReq.envelope as Record<string, unknown> | undefined;
}

/** Whether the client declared that it can show a form (a bare `elicitation: {}` means form). */
function canShowForm(ctx: ServerContext, server: Server): boolean {
  const declared = envelopeOf(ctx)?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
  const elicitation = (declared ?? server.getClientCapabilities())?.elicitation;
  return elicitation !== undefined && (elicitation.form !== undefined || elicitation.url === undefined);
}

function headerValue(ctx: ServerContext, name: string): string | undefined {
  return ctx.http?.req?.headers.get(name)?.trim() || undefined;
}

/** Everything one tools/call needs beyond the tool: the MCP request it came in, and the server's parts. */
interface CallEnv {
  deps: ServerDeps;
  server: Server;
  client: ArizeClient;
  protection: SpaceProtection;
  sealer: ConfirmationSealer;
  /** Removes the server's key from whatever leaves the server. */
  redactor: Redactor;
}

/** The question as the user sees it: one clean line, no key. */
function shownQuestion(question: Confirmation, redactor: Redactor): Confirmation {
  return { ...question, message: redactor.redact(cleanText(question.message, 4000)) };
}

/**
 * ToolContext.confirm for one round of a call. Whatever the era, the tool acts only after an explicit
 * accept of the very question it asks now: a confirmed call runs again from the top, so the space is read
 * again and every rule re-applied, and a question that changed meanwhile (a rename, say) is asked anew.
 * - 2026-07-28: the question goes out as input_required with sealed state bound to the call; the
 *   answer comes back in a new request, which runs the tool again.
 * - 2025 session: elicitation/create, then the tool runs again in the same request.
 */
function confirmFor(
  env: CallEnv,
  ctx: ServerContext,
  call: { hash: string; accepted: string | undefined; redactor: Redactor },
): (question: Confirmation) => Promise<void> {
  return async (original) => {
    if (!canShowForm(ctx, env.server)) return;
    const question = shownQuestion(original, call.redactor);
    const asked = sha256(question.message);
    if (call.accepted === asked) return;
    if (!envelopeOf(ctx)?.[PROTOCOL_VERSION_META_KEY]) {
      const timeout = env.deps.confirmTimeoutMs ?? DEFAULT_CONFIRM_TIMEOUT_MS;
      let answer: Awaited<ReturnType<typeof ctx.mcpReq.elicitInput>>;
      try {
        answer = await ctx.mcpReq.elicitInput(CONFIRM_FORM(question), { timeout });
      } catch (err) {
        const timedOut = /timed? ?out/i.test(err instanceof Error ? err.message : String(err));
        throw new DeclinedError(timedOut ? "timed out" : "failed", question.agree.toLowerCase());
      }
      if (answer.action === "accept" && answer.content?.confirm === true) throw new Accepted(asked);
      throw new DeclinedError(
        answer.action === "cancel" ? "cancelled" : "declined",
        question.agree.toLowerCase(),
      );
    }
    const state = ctx.mcpReq.requestState<ConfirmationState>();
    if (state && state.call !== call.hash) {
      throw new InputError(
        "Not done: the confirmation answered belongs to another call. Nothing was changed; call the tool again to ask the user.",
      );
    }
    const answer = inputResponse(ctx.mcpReq.inputResponses, "confirm");
    if (answer.kind === "missing" || state?.question !== asked) throw new ConfirmationNeeded(question);
    if (answer.kind === "elicit" && answer.action === "accept") {
      if ((answer.content as { confirm?: unknown } | undefined)?.confirm === true) return;
    }
    const cancelled = answer.kind === "elicit" && answer.action === "cancel";
    throw new DeclinedError(cancelled ? "cancelled" : "declined", question.agree.toLowerCase());
  };
}

/**
 * Runs one tool request: result -> formatted text + structuredContent, a question for a 2026-07-28
 * client -> input_required, any failure -> one error text. Whatever leaves here is visible text with no
 * key in it; raw details and stacks go to the operator's log only.
 */
/** The key a call uses (a client's own, sent in X-Arize-Api-Key, or the server's) and its log lines. */
function callerOf(env: CallEnv, ctx: ServerContext) {
  const { deps } = env;
  const ownKey = deps.acceptClientApiKey ? headerValue(ctx, CLIENT_API_KEY_HEADER) : undefined;
  const redactor = env.redactor.with(ownKey);
  const operatorLog = (level: string, message: string) =>
    deps.logLine(redactor.redact(`[${LOGGER}] ${level}: ${message}`));
  const log: Log = (level, message, operatorOnly) => {
    operatorLog(level, message);
    if (!operatorOnly) ctx.mcpReq.log(level, redactor.redact(message), LOGGER).catch(() => {});
  };
  const apiKey = deps.requireClientKey ? ownKey : (ownKey ?? deps.api.apiKey);
  return { ownKey, apiKey, redactor, operatorLog, log };
}

/** The audit log's lines for one call: an attempt before each write, and how the call ended. */
function auditTrail(
  audit: AuditLog | undefined,
  call: {
    tool: ToolDefinition;
    args: Record<string, unknown>;
    apiKey: string | undefined;
    redactor: Redactor;
  },
) {
  const id = audit ? nodeCrypto().randomUUID() : "";
  /** What the call resolved so far, to name it in its lines. */
  const resolved: Partial<Record<Resolved["kind"], Resolved["value"]>> = {};
  let wrote = false;
  const subject = (): AuditSubject =>
    call.redactor.redactDeep({
      tool: call.tool.name,
      ...describeResolved(resolved),
      args: call.args,
      keyFingerprint: keyFingerprint(call.apiKey),
    });
  return {
    resolved,
    get wrote() {
      return wrote;
    },
    ready: () => audit?.ready(),
    // Write-ahead: the attempt is on disk before the request leaves; if it cannot be, the request never does.
    beforeWrite: async (request: WriteRequest) => {
      if (!audit) return;
      const line = {
        time: now(),
        call: id,
        phase: "attempt" as const,
        request: `${request.method} ${request.path}`,
      };
      await audit.append({ ...line, ...subject() });
      wrote = true;
    },
    /** A failure to write the outcome goes to `onError`: the call's answer stands. */
    finish: async (outcome: Outcome | undefined, onError: (err: unknown) => void) => {
      if (!audit || !outcome) return;
      await audit
        .append({ time: now(), call: id, phase: "outcome", ...outcome, ...subject() })
        .catch(onError);
    },
  };
}

const now = () => new Date().toISOString();

async function runTool(
  env: CallEnv,
  tool: ToolDefinition,
  args: Record<string, unknown>,
  ctx: ServerContext,
): Promise<CallToolResult | InputRequiredResult> {
  const { deps } = env;
  const { ownKey, apiKey, redactor, operatorLog, log } = callerOf(env, ctx);
  let hash: string | undefined;
  const call = {
    /** Binds a confirmation to this call; computed only when one is asked for or answered. */
    get hash() {
      hash ??= sha256(JSON.stringify([tool.name, args, keyFingerprint(apiKey) ?? ""]));
      return hash;
    },
    accepted: undefined as string | undefined,
    redactor,
  };
  const progress = progressReporter(ctx, ctx.mcpReq.requestState<ConfirmationState>()?.progress ?? 0);
  const trail = auditTrail(tool.changes === "nothing" ? undefined : deps.audit, {
    tool,
    args,
    apiKey,
    redactor,
  });

  const keyed = ownKey ? env.client.withApiKey(ownKey) : env.client;
  const client = keyed.forCall({
    signal: ctx.mcpReq.signal,
    log,
    onRequest: progress.onRequest,
    beforeWrite: trail.beforeWrite,
  });
  // A client's own key gets its own cache, so nothing resolved with one key serves another.
  const cache = deps.nameCaches?.for(ownKey ? sha256(ownKey) : "");
  const observed = new Resolver(client, Date.now, cache).observe((r) => {
    trail.resolved[r.kind] = r.value;
  });
  // Protection, in one place: a tool that changes the space it resolves never gets a protected one.
  const resolve =
    tool.changes === "resolved space"
      ? observed.guard((space) => env.protection.assertUnchanged(space))
      : observed;
  const toolCtx: ToolContext = { client, resolve, confirm: confirmFor(env, ctx, call) };

  let outcome: Outcome | undefined = { outcome: "done" };
  try {
    if (!apiKey && deps.requireClientKey) throw new MissingClientKeyError();
    await trail.ready();
    const value = await runConfirmed(() => tool.handler(args as never, toolCtx), call);
    if (!trail.wrote) outcome = { outcome: "no_write" };
    const { text, structured } = tool.format(value, args as never);
    return {
      content: [{ type: "text", text: redactor.redact(visibleText(text)) }],
      structuredContent: redactor.redactDeep(structured),
    };
  } catch (err) {
    if (err instanceof ConfirmationNeeded) {
      // Nothing was attempted yet: the audit line is written when the user has answered.
      outcome = undefined;
      return askToConfirm(env, err.question, { call: call.hash, progress: progress.count() });
    }
    outcome = err instanceof AuditUnavailableError ? undefined : outcomeOf(err);
    const text = toToolErrorText(err, tool, (line) => operatorLog("error", line), {
      keyHeader: ownKey ? "X-Arize-Api-Key" : undefined,
    });
    return { isError: true, content: [{ type: "text", text: redactor.redact(visibleText(text)) }] };
  } finally {
    await trail.finish(outcome, (err) => operatorLog("error", `audit log write failed: ${String(err)}`));
  }
}

/** Runs the handler again after each accepted confirmation (2025 sessions), a bounded number of times. */
async function runConfirmed<T>(
  handler: () => Promise<T>,
  call: { accepted: string | undefined },
): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await handler();
    } catch (err) {
      if (!(err instanceof Accepted)) throw err;
      if (round >= MAX_CONFIRMATION_ROUNDS) {
        throw new InputError(
          "Not done: what the user was asked to confirm kept changing before it could be done. Nothing was changed.",
        );
      }
      call.accepted = err.question;
    }
  }
}

async function askToConfirm(
  env: CallEnv,
  question: Confirmation,
  state: Omit<ConfirmationState, "question">,
): Promise<InputRequiredResult> {
  return inputRequired({
    inputRequests: { confirm: inputRequired.elicit(CONFIRM_FORM(question)) },
    requestState: await env.sealer.mint({ ...state, question: sha256(question.message) }),
  });
}

/**
 * Progress for a call that makes more than one request to Arize: reported before each request after the
 * first, when the client asked for progress. Counting continues across confirmation rounds.
 */
function progressReporter(ctx: ServerContext, start: number) {
  const token = ctx.mcpReq._meta?.progressToken;
  let sent = 0;
  let reported = start;
  return {
    count: () => reported,
    onRequest: (what: string) => {
      sent++;
      if (token === undefined || sent < 2) return;
      reported++;
      ctx.mcpReq
        .notify({
          method: "notifications/progress",
          params: { progressToken: token, progress: reported, message: `Arize request ${sent}: ${what}` },
        })
        .catch(() => {});
    },
  };
}

/** A schema failure the SDK reports as a raw list of issues, as one line: "params.level: Invalid option …". */
function readableIssues(message: string): string | undefined {
  const start = message.indexOf("[");
  if (start < 0) return undefined;
  try {
    const issues = JSON.parse(message.slice(start)) as Array<{ path?: unknown[]; message?: string }>;
    if (!Array.isArray(issues) || !issues.every((i) => typeof i?.message === "string")) return undefined;
    return issues.map((i) => (i.path?.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
  } catch {
    return undefined;
  }
}

/**
 * The SDK's low-level server, except that a request whose params fail the protocol's schema is answered
 * -32602 with one readable line (the SDK answers some of them -32603, with the raw issue list).
 */
class ArizeMcpServer extends Server {
  protected override _wrapHandler(
    method: string,
    handler: (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>,
  ): (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result> {
    const wrapped = super._wrapHandler(method, handler);
    return async (request, ctx) => {
      try {
        return await wrapped(request, ctx);
      } catch (err) {
        const isProtocolError = err instanceof ProtocolError;
        if (isProtocolError && err.code !== ProtocolErrorCode.InvalidParams) throw err;
        const issues = err instanceof Error ? readableIssues(err.message) : undefined;
        if (issues === undefined) throw err;
        throw new ProtocolError(ProtocolErrorCode.InvalidParams, `Invalid params for ${method}: ${issues}`);
      }
    };
  }
}

/**
 * Builds an MCP server offering the tools, for either protocol era. No I/O, and cheap enough to build one
 * per HTTP request: the tools/list entries are built once per tool set (tools/listing.ts), and the confirmation
 * forms are checked without the SDK's Ajv instance.
 */
export function createServer(deps: ServerDeps): Server {
  const offered = deps.tools ?? allTools;
  const byName = new Map(offered.map((t) => [t.name, t]));
  const listing = toolsListFor(offered);
  const sealer = deps.sealer ?? processSealer();
  const server = new ArizeMcpServer(SERVER_IDENTITY, {
    capabilities: { logging: {}, tools: {} },
    instructions: instructions(deps, offered),
    jsonSchemaValidator: formValidator,
    cacheHints: { "tools/list": { ttlMs: TOOLS_LIST_TTL_MS, cacheScope: "public" } },
    requestState: { verify: sealer.verify },
  });
  const env: CallEnv = {
    deps,
    server,
    client: new ArizeClient(deps.api),
    protection: new SpaceProtection(deps.protect ?? []),
    sealer,
    redactor: new Redactor([deps.api.apiKey]),
  };

  // After the messages already read (the client's tools/list, usually), which the notice need not delay.
  server.oninitialized = () => {
    setImmediate(() => {
      server.sendLoggingMessage({ level: "notice", logger: LOGGER, data: BETA_NOTICE }).catch(() => {});
    });
  };

  server.setRequestHandler("tools/list", () => {
    // A client that lists tools is about to call one: get the connection pool ready meanwhile.
    setImmediate(() => env.client.warmUp());
    return { tools: listing as Tool[] };
  });

  server.setRequestHandler("tools/call", async (request: CallToolRequest, ctx) => {
    const { name } = request.params;
    const tool = byName.get(name);
    if (!tool) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown tool ${JSON.stringify(name.slice(0, 100))}. This server offers: ${offered.map((t) => t.name).join(", ")}.`,
      );
    }
    // Invalid arguments are a tool result, so the model can correct itself; nothing reaches the API.
    const parsed = tool.inputSchema.safeParse(request.params.arguments ?? {});
    if (!parsed.success) {
      return {
        isError: true,
        content: [
          { type: "text", text: `Invalid arguments for ${tool.name}: ${describeIssues(parsed.error)}` },
        ],
      };
    }
    const result = await runTool(env, tool, parsed.data as Record<string, unknown>, ctx);
    // A cancelled call gets no answer; a 2025 session's stream for it is closed now, not when the client gives up.
    if (ctx.mcpReq.signal.aborted) ctx.http?.closeSSE?.();
    return result;
  });
  return server;
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
