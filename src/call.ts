import {
  type CallToolResult,
  CLIENT_CAPABILITIES_META_KEY,
  type ClientCapabilities,
  type InputRequiredResult,
  inputRequired,
  inputResponse,
  PROTOCOL_VERSION_META_KEY,
  type Server,
  type ServerContext,
} from "@modelcontextprotocol/server";
import type { z } from "zod";
import { ArizeClient, type ArizeClientOptions, type Log, type WriteRequest } from "./arize/client.js";
import { type Resolved, Resolver } from "./arize/resolve.js";
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
import { GuardError, SpaceProtection } from "./guards.js";
import { LOGGER } from "./identity.js";
import { nodeCrypto } from "./node-crypto.js";
import { Redactor } from "./redact.js";
import type { ConfirmationSealer, ConfirmationState, ServerDeps } from "./server.js";
import type { Confirmation, ToolContext, ToolDefinition } from "./tools/define.js";
import { tools } from "./tools/index.js";
import { cleanText, visibleText } from "./untrusted.js";

/*
 * Running tool calls: everything a tools/call needs beyond the protocol, loaded by the server on the first
 * call (or while the client picks one, after tools/list), so that start-up does not load it.
 */

const CLIENT_API_KEY_HEADER = "x-arize-api-key";
/** How long a confirmation form waits for the user before the answer counts as no. */
const DEFAULT_CONFIRM_TIMEOUT_MS = 120_000;

const toolsByName = new Map(tools.map((t) => [t.name, t]));

/** The server a call came in through, and what it was built with. */
export interface CallSite {
  deps: ServerDeps;
  server: Server;
  sealer: ConfirmationSealer;
}

/** Everything one tools/call needs beyond the tool: the MCP request it came in, and the server's parts. */
interface CallEnv extends CallSite {
  client: ArizeClient;
  protection: SpaceProtection;
  /** Removes the server's key from whatever leaves the server. */
  redactor: Redactor;
}

const envs = new WeakMap<Server, CallEnv>();

/** The parts a server's calls share, made at its first call. */
function envOf(site: CallSite): CallEnv {
  let env = envs.get(site.server);
  if (!env) {
    env = {
      deps: site.deps,
      server: site.server,
      sealer: site.sealer,
      client: new ArizeClient(site.deps.api),
      protection: new SpaceProtection(site.deps.protect ?? []),
      redactor: new Redactor([site.deps.api.apiKey]),
    };
    envs.set(site.server, env);
  }
  return env;
}

/** Loads undici and opens the connection pool ahead of the first call; failures are left to that call. */
export function warmUp(api: Omit<ArizeClientOptions, "log">): void {
  new ArizeClient(api).warmUp();
}

/** One tools/call of a tool the server offers. */
export async function callTool(
  site: CallSite,
  name: string,
  args: unknown,
  ctx: ServerContext,
): Promise<CallToolResult | InputRequiredResult> {
  const tool = toolsByName.get(name) as ToolDefinition;
  // Invalid arguments are a tool result, so the model can correct itself; nothing reaches the API.
  const parsed = tool.inputSchema.safeParse(args);
  if (!parsed.success) {
    return {
      isError: true,
      content: [
        { type: "text", text: `Invalid arguments for ${tool.name}: ${describeIssues(parsed.error)}` },
      ],
    };
  }
  const result = await runTool(envOf(site), tool, parsed.data as Record<string, unknown>, ctx);
  // A cancelled call gets no answer; a 2025 session's stream for it is closed now, not when the client gives up.
  if (ctx.mcpReq.signal.aborted) ctx.http?.closeSSE?.();
  return result;
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

/**
 * Runs one tool request: result -> formatted text + structuredContent, a question for a 2026-07-28
 * client -> input_required, any failure -> one error text. Whatever leaves here is visible text with no
 * key in it; raw details and stacks go to the operator's log only.
 */
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
