import { posix, win32 } from "node:path";
import { parseArgs } from "node:util";
import { catalog as registry } from "./tools/catalog.js";

/** Pure: environment and argv in, validated configuration out. Only cli.ts reads process.env and argv. */

export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

export interface Config {
  /** "sandbox": run the embedded Arize-compatible API alone (no MCP). */
  command: "serve" | "sandbox" | "help" | "version";
  apiKey: string | undefined;
  baseUrl: string;
  timeoutMs: number;
  /** Serve MCP against an in-process sandbox instead of Arize. */
  sandbox: boolean;
  /** Where the sandbox keeps its state across restarts. */
  sandboxData: string | undefined;
  transport: "stdio" | "http";
  /** Listening address (HTTP transport, sandbox command). */
  host: string;
  /** Listening port; undefined means the default of the command (HTTP 3000, sandbox 4010). */
  port: number | undefined;
  /** HTTP: a fresh server per request, no sessions. */
  stateless: boolean;
  /** HTTP: bearer token clients must send. */
  authToken: string | undefined;
  /** HTTP: every tool call must carry its own X-Arize-Api-Key; the server's key is never used for one. */
  requireClientKey: boolean;
  /** HTTP: Host header values accepted beyond the listening address (hostname or hostname:port). */
  allowedHosts: string[];
  /** HTTP: Origin header values accepted (browsers); requests without Origin are not browsers. */
  allowedOrigins: string[];
  /** HTTP: live sessions at most, and how long an idle one lives. */
  maxSessions: number;
  sessionIdleMs: number;
  /**
   * Secret that seals the state a confirmation hands to 2026-07-28 clients; replicas behind one load
   * balancer need the same one. Undefined: a random secret per process.
   */
  stateSecret: string | undefined;
  /** HTTP: tool calls per minute per client (an IPv4 address, or an IPv6 /64). */
  rateLimitPerMinute: number;
  /** HTTP: 2025 sessions one client may hold at once. */
  maxSessionsPerClient: number;
  /** HTTP: `initialize` requests per minute per client. */
  initializePerMinute: number;
  /** HTTP: open connections at most; more are refused at once. */
  maxConnections: number;
  /** HTTP: how long a client may take to send a request's headers, and the whole request. */
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  /** The sandbox command: the only bearer key it accepts (any when unset; required beyond loopback). */
  sandboxKey: string | undefined;
  /** Only the tools whose readOnlyHint is true. */
  readOnly: boolean;
  /** Allowlist of tool names; undefined means all. */
  tools: string[] | undefined;
  /** Glob patterns of names of spaces this server may not change in any way. */
  protect: string[];
  /** JSON lines for every call of a write tool: its attempt (before the write is sent) and outcome. */
  auditLog: string | undefined;
  /** Warnings to print at start-up (never fatal). */
  warnings: string[];
}

/** The regions the Arize AX REST API documents (its OpenAPI servers list); others need ARIZE_BASE_URL. */
const ARIZE_REGIONS = ["eu-west-1a", "ca-central-1a"] as const;
const DEFAULT_BASE_URL = "https://api.arize.com";
const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_HTTP_PORT = 3000;
export const DEFAULT_SANDBOX_PORT = 4010;
const DEFAULT_MAX_SESSIONS = 100;
export const DEFAULT_MAX_SESSIONS_PER_CLIENT = 10;
const DEFAULT_RATE_LIMIT = 120;
export const DEFAULT_INITIALIZE_RATE_LIMIT = 30;
/** Below the usual 1024-descriptor limit, with room for upstream connections and files. */
export const DEFAULT_MAX_CONNECTIONS = 512;
/** MCP requests are small JSON bodies: a client that needs longer is stalled or hostile. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

export const HELP = `arize-ax-spaces-mcp: an MCP server that manages Arize AX spaces.

Usage: arize-ax-spaces-mcp [options]             MCP over stdio (or --transport http)
       arize-ax-spaces-mcp --sandbox [options]   the same, on an embedded demo API (no account needed)
       arize-ax-spaces-mcp sandbox [--port N]    only the embedded Arize-compatible API, for other clients

Arize API (flags win over environment variables):
  --base-url URL          API origin                 env ARIZE_BASE_URL (default ${DEFAULT_BASE_URL})
  --region REGION         ${ARIZE_REGIONS.join(" or ")} -> https://api.<region>.arize.com   env ARIZE_REGION
  --timeout-ms N          per-request timeout in ms  env ARIZE_TIMEOUT_MS (default ${DEFAULT_TIMEOUT_MS})
  The API key is read from ARIZE_API_KEY only (never a flag, so it stays out of process lists).

Safety:
  --read-only             list only the read tools   env ARIZE_MCP_READ_ONLY=true
  --tools a,b             list only these tools      env ARIZE_MCP_TOOLS
  --protect PATTERN,...   space names (globs, e.g. prod*) this server may not change in any way
                          (delete, rename, visibility, description, members)   env ARIZE_MCP_PROTECT
  --audit-log FILE        JSON lines: each write's attempt (flushed before it is sent) and outcome;
                          a write whose line cannot be written is refused   env ARIZE_MCP_AUDIT_LOG

Sandbox:
  --sandbox               use the embedded Arize-compatible API with demo data (nothing reaches Arize)
  --sandbox-data FILE     keep the sandbox's data in FILE across restarts; a relative FILE is kept in
                          the per-user data folder (~/.local/share/arize-ax-spaces-mcp on Linux)
  The sandbox command accepts any bearer key, or only ARIZE_SANDBOX_API_KEY when it is set; binding
  another address than loopback (--host) needs ARIZE_SANDBOX_API_KEY.

HTTP transport (Streamable HTTP at /mcp):
  --transport stdio|http  default stdio
  --host HOST             default 127.0.0.1; another address needs --auth-token
  --port N                default ${DEFAULT_HTTP_PORT} (sandbox command: ${DEFAULT_SANDBOX_PORT})
  --auth-token TOKEN      bearer token clients must send   env ARIZE_MCP_AUTH_TOKEN
  --require-client-key    every tool call must carry its own X-Arize-Api-Key; ARIZE_API_KEY is never
                          used for one   env ARIZE_MCP_REQUIRE_CLIENT_KEY=true
  --allowed-hosts a,b     extra Host values accepted (behind a proxy)
  --allowed-origins a,b   Origin values accepted (browser clients)
  --stateless             no sessions: any replica can serve any request
  --max-sessions N        default ${DEFAULT_MAX_SESSIONS}
  --max-sessions-per-client N   2025 sessions one client may hold, default ${DEFAULT_MAX_SESSIONS_PER_CLIENT}
  --session-idle-ms N     default 1800000 (30 min)
  --rate-limit N          tool calls per minute per client, default ${DEFAULT_RATE_LIMIT}
  --initialize-rate-limit N   initialize requests per minute per client, default ${DEFAULT_INITIALIZE_RATE_LIMIT}
                          (a client is an IPv4 address or an IPv6 /64)
  --max-connections N     open connections at most, default ${DEFAULT_MAX_CONNECTIONS}
  --headers-timeout-ms N  time to send a request's headers, default ${DEFAULT_HEADERS_TIMEOUT_MS}
  --request-timeout-ms N  time to send a whole request, default ${DEFAULT_REQUEST_TIMEOUT_MS}
  --state-secret SECRET   seals confirmation state (2026-07-28 clients); give every replica the same
                          one, at least 32 characters   env ARIZE_MCP_STATE_SECRET (default: random)

  -h, --help              show this help
  -v, --version           show the version

Without ARIZE_API_KEY the server starts and lists its tools; each call then says how to set it.`;

const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "::1", "[::1]"]);

export function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

/** The flag if given, else the environment variable, with the name of whichever was used. */
function pick(flag: string | undefined, flagName: string, env: string | undefined, envName: string) {
  const f = nonEmpty(flag);
  if (f !== undefined) return { value: f, source: flagName };
  const e = nonEmpty(env);
  return e !== undefined ? { value: e, source: envName } : undefined;
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** A URL as it may be echoed: any user:password@ masked. */
function withoutCredentials(value: string): string {
  return value.replace(/^([^:/?#]*:?\/\/)[^/?#]*@/, "$1***@");
}

function parseBaseUrl(value: string, source: string, warnings: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `${source} must be an http(s) URL such as ${DEFAULT_BASE_URL}; got ${JSON.stringify(withoutCredentials(value))}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`${source} must use https:// or http://; got ${JSON.stringify(url.protocol)}`);
  }
  if (url.username || url.password) {
    throw new ConfigError(
      `${source} must not carry a user name or password; the API key goes in ARIZE_API_KEY`,
    );
  }
  if (url.search || url.hash || (url.pathname !== "/" && url.pathname !== "")) {
    throw new ConfigError(
      `${source} must be an origin only, such as ${DEFAULT_BASE_URL} (the /v2/... paths are added)`,
    );
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    warnings.push(`${source} uses plain http to ${url.hostname}: the API key travels unencrypted.`);
  }
  return url.origin;
}

function parseRegion(value: string, source: string): string {
  const region = value.toLowerCase();
  if (!(ARIZE_REGIONS as readonly string[]).includes(region)) {
    const near = ARIZE_REGIONS.find((r) => r.startsWith(region) || region.startsWith(r.slice(0, -1)));
    throw new ConfigError(
      `${source} must be one of ${ARIZE_REGIONS.join(", ")}; got ${JSON.stringify(value)}${near ? ` (did you mean ${near}?)` : ""}. For any other Arize deployment set ARIZE_BASE_URL (--base-url) to its API origin instead`,
    );
  }
  return `https://api.${region}.arize.com`;
}

/** Flags that mean something only to the HTTP transport (--port and --host also to the sandbox command). */
const HTTP_ONLY_FLAGS = [
  "host",
  "port",
  "auth-token",
  "allowed-hosts",
  "allowed-origins",
  "stateless",
  "max-sessions",
  "max-sessions-per-client",
  "session-idle-ms",
  "rate-limit",
  "initialize-rate-limit",
  "max-connections",
  "headers-timeout-ms",
  "request-timeout-ms",
] as const;
const SANDBOX_COMMAND_FLAGS = new Set<string>(["host", "port"]);

/** Options people reach for that this server does not have, with what to do instead. */
const MISTAKEN_OPTIONS: Record<string, string> = {
  "--api-key":
    "the API key is read from the ARIZE_API_KEY environment variable only, so it stays out of process lists: set it in the env block of your MCP client's server config",
};
MISTAKEN_OPTIONS["--apikey"] = MISTAKEN_OPTIONS["--api-key"] as string;
MISTAKEN_OPTIONS["--key"] = MISTAKEN_OPTIONS["--api-key"] as string;
MISTAKEN_OPTIONS["--api_key"] = MISTAKEN_OPTIONS["--api-key"] as string;

/**
 * The key as pasted, less what a copy often brings along: surrounding whitespace and one pair of
 * matching quotes. Each removal is reported without the key.
 */
function cleanApiKey(raw: string | undefined, warnings: string[]): string | undefined {
  if (raw === undefined) return undefined;
  let key = raw.trim();
  if (key !== raw && key)
    warnings.push("ARIZE_API_KEY had spaces or line breaks around it; they were removed.");
  const quote = key[0];
  if (key.length >= 2 && (quote === '"' || quote === "'") && key.endsWith(quote)) {
    key = key.slice(1, -1).trim();
    warnings.push(
      "ARIZE_API_KEY was wrapped in quotes; they were removed. Set the key without quotes to silence this.",
    );
  }
  return key || undefined;
}

/**
 * Where a relative --sandbox-data FILE goes: the per-user data folder, so the file does not depend on the
 * folder an MCP client happens to start the server in (often / or the client's own install folder).
 */
function userDataDir(env: Env, platform: string, homeDir: string | undefined): string | undefined {
  const app = "arize-ax-spaces-mcp";
  if (platform === "win32") {
    const base = nonEmpty(env.LOCALAPPDATA) ?? nonEmpty(env.APPDATA);
    return base ? win32.join(base, app) : homeDir && win32.join(homeDir, "AppData", "Local", app);
  }
  const home = nonEmpty(env.HOME) ?? homeDir;
  if (platform === "darwin") return home && posix.join(home, "Library", "Application Support", app);
  const xdg = nonEmpty(env.XDG_DATA_HOME);
  if (xdg && posix.isAbsolute(xdg)) return posix.join(xdg, app);
  return home && posix.join(home, ".local", "share", app);
}

function resolveSandboxData(
  file: string | undefined,
  input: { env: Env; platform?: string; homeDir?: string },
): string | undefined {
  if (file === undefined) return undefined;
  const platform = input.platform ?? "linux";
  const path = platform === "win32" ? win32 : posix;
  if (path.isAbsolute(file)) return path.normalize(file);
  const dir = userDataDir(input.env, platform, input.homeDir);
  if (!dir) {
    throw new ConfigError(
      `--sandbox-data ${file} is relative and this user has no home folder to keep it in; pass an absolute path`,
    );
  }
  return path.join(dir, file);
}

function parseWhole(value: string, source: string, min: number, max: number, unit = ""): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) {
    throw new ConfigError(
      `${source} must be a whole number${unit} from ${min} to ${max}; got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function parseBoolean(value: string, source: string): boolean {
  const v = value.toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  throw new ConfigError(`${source} must be true or false; got ${JSON.stringify(value)}`);
}

function resolveBaseUrl(values: Values, env: Env, warnings: string[]): string {
  const levels = [
    { url: [values["base-url"], "--base-url"], region: [values.region, "--region"] },
    { url: [env.ARIZE_BASE_URL, "ARIZE_BASE_URL"], region: [env.ARIZE_REGION, "ARIZE_REGION"] },
  ] as const;
  for (const { url, region } of levels) {
    const u = nonEmpty(url[0]);
    const r = nonEmpty(region[0]);
    if (u && r) throw new ConfigError(`Set either ${url[1]} or ${region[1]}, not both`);
    if (u) return parseBaseUrl(u, url[1], warnings);
    if (r) return parseRegion(r, region[1]);
  }
  return DEFAULT_BASE_URL;
}

function parseTools(value: { value: string; source: string } | undefined): string[] | undefined {
  if (!value) return undefined;
  const names = list(value.value);
  const known = registry.map((t) => t.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new ConfigError(
      `${value.source} names unknown tool${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}; the tools are ${known.join(", ")}`,
    );
  }
  if (names.length === 0) throw new ConfigError(`${value.source} lists no tools`);
  return names;
}

type Env = Record<string, string | undefined>;
type Values = ReturnType<typeof parse>["values"];

/** A whole-number flag: its value checked against the range, or `fallback` when it is not given. */
function wholeFlag(
  flags: Values,
  name: keyof Values,
  o: { min: number; max: number; fallback: number; unit?: string },
): number {
  const value = flags[name];
  return typeof value === "string" ? parseWhole(value, `--${name}`, o.min, o.max, o.unit) : o.fallback;
}

/** argv as flags and a subcommand; an unknown option or a stray argument is refused. */
function readArgs(argv: string[]): { flags: Values; subcommand: string | undefined } {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (err) {
    const message = (err as Error).message;
    const unknown = /Unknown option '([^'=]+)/.exec(message)?.[1];
    const instead = unknown ? MISTAKEN_OPTIONS[unknown.toLowerCase()] : undefined;
    if (unknown && instead) throw new ConfigError(`Unknown option ${unknown}: ${instead}`);
    throw new ConfigError(
      `${unknown ? `Unknown option ${unknown}` : message}. Run with --help for the options.`,
    );
  }
  const [subcommand, ...extra] = parsed.positionals;
  const unexpected = subcommand === "sandbox" ? extra[0] : subcommand;
  if (unexpected !== undefined) {
    throw new ConfigError(
      `Unexpected argument ${JSON.stringify(unexpected)}. Run with --help for the options.`,
    );
  }
  return { flags: parsed.values, subcommand };
}

/** Where the Arize API is, how long a request may take, and the key. */
function arizeApi(
  flags: Values,
  env: Env,
  warnings: string[],
): Pick<Config, "apiKey" | "baseUrl" | "timeoutMs"> {
  const baseUrl = resolveBaseUrl(flags, env, warnings);
  const timeout = pick(flags["timeout-ms"], "--timeout-ms", env.ARIZE_TIMEOUT_MS, "ARIZE_TIMEOUT_MS");
  const timeoutMs = timeout
    ? parseWhole(timeout.value, timeout.source, 1000, 600_000, " of milliseconds")
    : DEFAULT_TIMEOUT_MS;

  const apiKey = cleanApiKey(env.ARIZE_API_KEY, warnings);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a key with control characters is refused
  if (apiKey && /[\s\u0000-\u001f\u007f]/.test(apiKey)) {
    // The key itself is never echoed, only where it came from.
    throw new ConfigError("ARIZE_API_KEY contains spaces or control characters; copy the key again");
  }
  return { apiKey, baseUrl, timeoutMs };
}

function sandboxOptions(
  flags: Values,
  subcommand: string | undefined,
  input: { env: Env; platform?: string; homeDir?: string },
): Pick<Config, "sandbox" | "sandboxData"> {
  const sandbox = flags.sandbox === true;
  if (sandbox && (flags["base-url"] || flags.region)) {
    throw new ConfigError("--sandbox cannot be combined with --base-url or --region");
  }
  const sandboxFile = nonEmpty(flags["sandbox-data"]);
  if (sandboxFile && !sandbox && subcommand !== "sandbox") {
    throw new ConfigError("--sandbox-data goes with --sandbox or the sandbox command");
  }
  return { sandbox, sandboxData: resolveSandboxData(sandboxFile, input) };
}

/** The transport, where it listens, and its bearer token: refused where anyone on the network could call. */
function listening(flags: Values, env: Env): Pick<Config, "transport" | "host" | "port" | "authToken"> {
  const transport = flags.transport ?? "stdio";
  if (transport !== "stdio" && transport !== "http") {
    throw new ConfigError(`--transport must be stdio or http; got ${JSON.stringify(transport)}`);
  }
  const host = nonEmpty(flags.host) ?? "127.0.0.1";
  const port = flags.port === undefined ? undefined : parseWhole(flags.port, "--port", 0, 65_535);
  const authToken = pick(
    flags["auth-token"],
    "--auth-token",
    env.ARIZE_MCP_AUTH_TOKEN,
    "ARIZE_MCP_AUTH_TOKEN",
  )?.value;
  if (transport === "http" && !isLoopback(host) && !authToken) {
    throw new ConfigError(
      `Refusing to serve HTTP on ${host} without --auth-token (or ARIZE_MCP_AUTH_TOKEN): anyone who can reach it could manage your spaces`,
    );
  }
  // A bearer token is one run of visible characters; one with spaces could never be sent back.
  if (authToken && !/^[!-~]+$/.test(authToken)) {
    throw new ConfigError(
      "--auth-token (or ARIZE_MCP_AUTH_TOKEN) may hold only visible ASCII characters, no spaces: clients could never send it",
    );
  }
  return { transport, host, port, authToken };
}

/** Whose keys calls carry, and the secret that seals confirmations. */
function keys(
  flags: Values,
  env: Env,
  o: {
    subcommand: string | undefined;
    sandbox: boolean;
    apiKey: string | undefined;
    transport: Config["transport"];
    host: string;
    warnings: string[];
  },
): Pick<Config, "requireClientKey" | "sandboxKey" | "stateSecret"> {
  const { transport, host } = o;
  const requireValue = flags["require-client-key"]
    ? { value: "true", source: "--require-client-key" }
    : pick(undefined, "", env.ARIZE_MCP_REQUIRE_CLIENT_KEY, "ARIZE_MCP_REQUIRE_CLIENT_KEY");
  const requireClientKey = requireValue ? parseBoolean(requireValue.value, requireValue.source) : false;
  if (requireClientKey && (transport !== "http" || o.sandbox)) {
    throw new ConfigError(
      `${requireValue?.source} goes with --transport http against Arize (not stdio or --sandbox): only HTTP requests carry X-Arize-Api-Key`,
    );
  }
  if (transport === "http" && !o.sandbox && !isLoopback(host) && o.apiKey && !requireClientKey) {
    o.warnings.push(
      `serving HTTP on ${host} with ARIZE_API_KEY set: every tool call without its own X-Arize-Api-Key (missing or blank) acts with that key. Pass --require-client-key (ARIZE_MCP_REQUIRE_CLIENT_KEY=true) so that each caller must bring theirs.`,
    );
  }
  const sandboxKey = nonEmpty(env.ARIZE_SANDBOX_API_KEY);
  if (o.subcommand === "sandbox" && !isLoopback(host) && !sandboxKey) {
    throw new ConfigError(
      `Refusing to serve the sandbox on ${host} without ARIZE_SANDBOX_API_KEY: anyone who can reach it could change its data`,
    );
  }

  const stateSecret = pick(
    flags["state-secret"],
    "--state-secret",
    env.ARIZE_MCP_STATE_SECRET,
    "ARIZE_MCP_STATE_SECRET",
  );
  if (stateSecret && Buffer.byteLength(stateSecret.value) < 32) {
    throw new ConfigError(
      `${stateSecret.source} must be at least 32 characters (e.g. the output of: openssl rand -hex 32)`,
    );
  }
  return { requireClientKey, sandboxKey, stateSecret: stateSecret?.value };
}

/** The HTTP server's other settings: accepted hosts and origins, sessions, and its limits. */
function httpSettings(
  flags: Values,
): Pick<
  Config,
  | "stateless"
  | "allowedHosts"
  | "allowedOrigins"
  | "maxSessions"
  | "maxSessionsPerClient"
  | "initializePerMinute"
  | "maxConnections"
  | "headersTimeoutMs"
  | "requestTimeoutMs"
  | "sessionIdleMs"
  | "rateLimitPerMinute"
> {
  const ms = " of milliseconds";
  return {
    stateless: flags.stateless === true,
    allowedHosts: list(flags["allowed-hosts"]),
    allowedOrigins: list(flags["allowed-origins"]),
    maxSessions: wholeFlag(flags, "max-sessions", { min: 1, max: 100_000, fallback: DEFAULT_MAX_SESSIONS }),
    maxSessionsPerClient: wholeFlag(flags, "max-sessions-per-client", {
      min: 1,
      max: 100_000,
      fallback: DEFAULT_MAX_SESSIONS_PER_CLIENT,
    }),
    initializePerMinute: wholeFlag(flags, "initialize-rate-limit", {
      min: 1,
      max: 1_000_000,
      fallback: DEFAULT_INITIALIZE_RATE_LIMIT,
    }),
    maxConnections: wholeFlag(flags, "max-connections", {
      min: 1,
      max: 1_000_000,
      fallback: DEFAULT_MAX_CONNECTIONS,
    }),
    headersTimeoutMs: wholeFlag(flags, "headers-timeout-ms", {
      min: 100,
      max: 600_000,
      fallback: DEFAULT_HEADERS_TIMEOUT_MS,
      unit: ms,
    }),
    requestTimeoutMs: wholeFlag(flags, "request-timeout-ms", {
      min: 100,
      max: 3_600_000,
      fallback: DEFAULT_REQUEST_TIMEOUT_MS,
      unit: ms,
    }),
    sessionIdleMs: wholeFlag(flags, "session-idle-ms", {
      min: 1000,
      max: 86_400_000,
      fallback: 1_800_000,
      unit: ms,
    }),
    rateLimitPerMinute: wholeFlag(flags, "rate-limit", {
      min: 1,
      max: 1_000_000,
      fallback: DEFAULT_RATE_LIMIT,
    }),
  };
}

/** What the server may do: read-only, which tools, protected spaces, and the audit log. */
function safety(flags: Values, env: Env): Pick<Config, "readOnly" | "tools" | "protect" | "auditLog"> {
  const readOnlyValue = flags["read-only"]
    ? { value: "true", source: "--read-only" }
    : pick(undefined, "", env.ARIZE_MCP_READ_ONLY, "ARIZE_MCP_READ_ONLY");
  return {
    readOnly: readOnlyValue ? parseBoolean(readOnlyValue.value, readOnlyValue.source) : false,
    tools: parseTools(pick(flags.tools, "--tools", env.ARIZE_MCP_TOOLS, "ARIZE_MCP_TOOLS")),
    protect: list(pick(flags.protect, "--protect", env.ARIZE_MCP_PROTECT, "ARIZE_MCP_PROTECT")?.value),
    auditLog: pick(flags["audit-log"], "--audit-log", env.ARIZE_MCP_AUDIT_LOG, "ARIZE_MCP_AUDIT_LOG")?.value,
  };
}

/**
 * `platform` and `homeDir` (default: linux, none) place a relative --sandbox-data file in the per-user
 * data folder; cli.ts passes the real ones. Sections are checked in order, so the first wrong value
 * named is always the same one.
 */
export function loadConfig(input: { env: Env; argv: string[]; platform?: string; homeDir?: string }): Config {
  const { env } = input;
  const { flags, subcommand } = readArgs(input.argv);
  const warnings: string[] = [];
  const api = arizeApi(flags, env, warnings);
  const sandbox = sandboxOptions(flags, subcommand, input);
  const where = listening(flags, env);
  const calls = keys(flags, env, {
    ...where,
    subcommand,
    sandbox: sandbox.sandbox,
    apiKey: api.apiKey,
    warnings,
  });
  const http = httpSettings(flags);
  const allowed = safety(flags, env);
  const command = flags.help
    ? "help"
    : flags.version
      ? "version"
      : subcommand === "sandbox"
        ? "sandbox"
        : "serve";
  // After every value is checked, so a wrong value is named before a misplaced flag.
  if (command === "serve" && where.transport !== "http") assertNoHttpFlags(flags);
  if (command === "sandbox") assertNoHttpFlags(flags, SANDBOX_COMMAND_FLAGS);
  return { command, ...api, ...sandbox, ...where, ...calls, ...http, ...allowed, warnings };
}

/** An HTTP flag without --transport http would be silently ignored: say so instead. */
function assertNoHttpFlags(flags: Values, allowed: ReadonlySet<string> = new Set()): void {
  const given = HTTP_ONLY_FLAGS.filter((f) => flags[f] !== undefined && !allowed.has(f)).map((f) => `--${f}`);
  if (given.length === 0) return;
  const list = given.join(", ");
  const them = given.length > 1 ? "them" : "it";
  throw new ConfigError(
    allowed.size > 0
      ? `${list} ${given.length > 1 ? "apply" : "applies"} only to the MCP server over HTTP, not to the sandbox command; remove ${them}`
      : `${list} ${given.length > 1 ? "apply" : "applies"} only with --transport http; add --transport http, or remove ${them} to serve over stdio`,
  );
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    strict: true,
    allowPositionals: true,
    options: {
      "base-url": { type: "string" },
      region: { type: "string" },
      "timeout-ms": { type: "string" },
      "read-only": { type: "boolean" },
      tools: { type: "string" },
      protect: { type: "string" },
      "audit-log": { type: "string" },
      sandbox: { type: "boolean" },
      "sandbox-data": { type: "string" },
      transport: { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      "auth-token": { type: "string" },
      "require-client-key": { type: "boolean" },
      "max-sessions-per-client": { type: "string" },
      "initialize-rate-limit": { type: "string" },
      "max-connections": { type: "string" },
      "headers-timeout-ms": { type: "string" },
      "request-timeout-ms": { type: "string" },
      "allowed-hosts": { type: "string" },
      "allowed-origins": { type: "string" },
      stateless: { type: "boolean" },
      "max-sessions": { type: "string" },
      "session-idle-ms": { type: "string" },
      "rate-limit": { type: "string" },
      "state-secret": { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
