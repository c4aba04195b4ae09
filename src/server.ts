import {
  type CallToolRequest,
  createRequestStateCodec,
  type JSONRPCRequest,
  ProtocolError,
  ProtocolErrorCode,
  type RequestStateCodec,
  type Result,
  Server,
  type ServerContext,
  type Tool,
} from "@modelcontextprotocol/server";
import type { ArizeClientOptions } from "./arize/client.js";
import type { NameCaches } from "./arize/name-cache.js";
import type { AuditLog } from "./audit.js";
import { formValidator } from "./form-validator.js";
import { PROTECTED_MEANS } from "./guards.js";
import { LOGGER, SERVER_IDENTITY } from "./identity.js";
import { nodeCrypto } from "./node-crypto.js";
import { catalog, type ToolSummary } from "./tools/catalog.js";

export const BETA_NOTICE =
  "The Arize AX spaces API is in beta: its behaviour may change without notice. Report surprises to the maintainers.";

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
  tools?: readonly ToolSummary[];
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
  registry: readonly ToolSummary[] = catalog,
): ToolSummary[] {
  return registry.filter(
    (t) =>
      (!options.readOnly || t.annotations.readOnlyHint) && (!options.tools || options.tools.includes(t.name)),
  );
}

/**
 * What a confirmation's request state carries back: which call asked which question. Signed, not
 * encrypted, so it holds hashes only.
 */
export interface ConfirmationState {
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

let callModule: Promise<typeof import("./call.js")> | undefined;

/**
 * call.ts, loaded on first use (start-up does not need it) and then held: an `import()` of a loaded
 * module still goes through the module loader, which costs every call some microseconds.
 */
function loadCalls(): Promise<typeof import("./call.js")> {
  callModule ??= import("./call.js");
  return callModule;
}

/** Without a configured secret, one random secret for the whole process: its servers share it. */
function processSealer(): ConfirmationSealer {
  randomSealer ??= confirmationSealer();
  return randomSealer;
}

function instructions(deps: ServerDeps, offered: readonly ToolSummary[]): string {
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
 * per HTTP request: the tools/list entries come computed (tools/catalog.ts), tool calls run in call.ts,
 * loaded when first needed, and the confirmation forms are checked without the SDK's Ajv instance.
 */
export function createServer(deps: ServerDeps): Server {
  const offered = deps.tools ?? catalog;
  const listing = offered.map((t) => t.listing);
  const sealer = deps.sealer ?? processSealer();
  const server = new ArizeMcpServer(SERVER_IDENTITY, {
    capabilities: { logging: {}, tools: {} },
    instructions: instructions(deps, offered),
    jsonSchemaValidator: formValidator,
    cacheHints: { "tools/list": { ttlMs: TOOLS_LIST_TTL_MS, cacheScope: "public" } },
    requestState: { verify: sealer.verify },
  });
  // After the messages already read (the client's tools/list, usually), which the notice need not delay.
  server.oninitialized = () => {
    setImmediate(() => {
      server.sendLoggingMessage({ level: "notice", logger: LOGGER, data: BETA_NOTICE }).catch(() => {});
    });
  };

  server.setRequestHandler("tools/list", () => {
    // A client that lists tools is about to call one: load what calls need (the tools, the HTTP client,
    // its connection pool) meanwhile, instead of during the first call.
    setImmediate(() => {
      loadCalls()
        .then((call) => call.warmUp(deps.api))
        .catch(() => {});
    });
    return { tools: listing as Tool[] };
  });

  server.setRequestHandler("tools/call", async (request: CallToolRequest, ctx) => {
    const { name } = request.params;
    if (!offered.some((t) => t.name === name)) {
      throw new ProtocolError(
        ProtocolErrorCode.InvalidParams,
        `Unknown tool ${JSON.stringify(name.slice(0, 100))}. This server offers: ${offered.map((t) => t.name).join(", ")}.`,
      );
    }
    // Loaded on the first call, or while the client picks one after tools/list.
    const { callTool } = await loadCalls();
    return callTool({ deps, server, sealer }, name, request.params.arguments ?? {}, ctx);
  });
  return server;
}
