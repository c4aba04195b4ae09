import { parseArgs } from "node:util";

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
  /** Listening address of the sandbox command. */
  host: string;
  port: number;
  /** Warnings to print at start-up (never fatal). */
  warnings: string[];
}

export const DEFAULT_BASE_URL = "https://api.arize.com";
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_SANDBOX_PORT = 4010;

export const HELP = `arize-ax-spaces-mcp: an MCP server (stdio) that manages Arize AX spaces.

Usage: arize-ax-spaces-mcp [options]             MCP server over stdio
       arize-ax-spaces-mcp --sandbox [options]   the same, on an embedded demo API (no account needed)
       arize-ax-spaces-mcp sandbox [--port N]    only the embedded Arize-compatible API, for other clients

Options (flags win over environment variables):
  --base-url URL      Arize API origin             env ARIZE_BASE_URL  (default ${DEFAULT_BASE_URL})
  --region REGION     e.g. eu-west-1a -> https://api.<region>.arize.com   env ARIZE_REGION
  --timeout-ms N      per-request timeout in ms    env ARIZE_TIMEOUT_MS (default ${DEFAULT_TIMEOUT_MS})
  --sandbox           use the embedded Arize-compatible API with demo data (nothing reaches Arize)
  --sandbox-data FILE keep the sandbox's data in FILE across restarts
  --host HOST         sandbox command: address to listen on (default 127.0.0.1)
  --port N            sandbox command: port to listen on (default ${DEFAULT_SANDBOX_PORT})
  -h, --help          show this help
  -v, --version       show the version

The API key is read from ARIZE_API_KEY only (never a flag, so it stays out of process lists).
Without it the server starts and lists its tools; each call then says how to set it.`;

const REGION = /^[a-z]{2,}-[a-z]+-\d+[a-z]?$/;
const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

function parseBaseUrl(value: string, source: string, warnings: string[]): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(
      `${source} must be an http(s) URL such as ${DEFAULT_BASE_URL}; got ${JSON.stringify(value)}`,
    );
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ConfigError(`${source} must use https:// or http://; got ${JSON.stringify(url.protocol)}`);
  }
  if (
    url.username ||
    url.password ||
    url.search ||
    url.hash ||
    (url.pathname !== "/" && url.pathname !== "")
  ) {
    throw new ConfigError(
      `${source} must be an origin only, such as ${DEFAULT_BASE_URL} (the /v2/... paths are added)`,
    );
  }
  if (url.protocol === "http:" && !LOOPBACK.has(url.hostname)) {
    warnings.push(`${source} uses plain http to ${url.hostname}: the API key travels unencrypted.`);
  }
  return url.origin;
}

function parseRegion(value: string, source: string): string {
  if (!REGION.test(value)) {
    throw new ConfigError(
      `${source} must look like eu-west-1a or us-central-1a; got ${JSON.stringify(value)}`,
    );
  }
  return `https://api.${value}.arize.com`;
}

function parseTimeout(value: string, source: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < 1000 || n > 600_000) {
    throw new ConfigError(
      `${source} must be a whole number of milliseconds from 1000 to 600000; got ${JSON.stringify(value)}`,
    );
  }
  return n;
}

function resolveBaseUrl(
  url: { value: string | undefined; source: string },
  region: { value: string | undefined; source: string },
  warnings: string[],
): string | undefined {
  if (url.value && region.value)
    throw new ConfigError(`Set either ${url.source} or ${region.source}, not both`);
  if (url.value) return parseBaseUrl(url.value, url.source, warnings);
  if (region.value) return parseRegion(region.value, region.source);
  return undefined;
}

export function loadConfig(input: { env: Record<string, string | undefined>; argv: string[] }): Config {
  const { env } = input;
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(input.argv);
  } catch (err) {
    const message = (err as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    throw new ConfigError(
      `${unknown ? `Unknown option ${unknown}` : message}. Run with --help for the options.`,
    );
  }
  const flags = parsed.values;
  const [subcommand, ...extra] = parsed.positionals;
  const unexpected = subcommand === "sandbox" ? extra[0] : subcommand;
  if (unexpected !== undefined) {
    throw new ConfigError(
      `Unexpected argument ${JSON.stringify(unexpected)}. Run with --help for the options.`,
    );
  }

  const warnings: string[] = [];
  const baseUrl =
    resolveBaseUrl(
      { value: nonEmpty(flags["base-url"]), source: "--base-url" },
      { value: nonEmpty(flags.region), source: "--region" },
      warnings,
    ) ??
    resolveBaseUrl(
      { value: nonEmpty(env.ARIZE_BASE_URL), source: "ARIZE_BASE_URL" },
      { value: nonEmpty(env.ARIZE_REGION), source: "ARIZE_REGION" },
      warnings,
    ) ??
    DEFAULT_BASE_URL;

  const timeoutFlag = nonEmpty(flags["timeout-ms"]);
  const timeoutEnv = nonEmpty(env.ARIZE_TIMEOUT_MS);
  const timeoutMs = timeoutFlag
    ? parseTimeout(timeoutFlag, "--timeout-ms")
    : timeoutEnv
      ? parseTimeout(timeoutEnv, "ARIZE_TIMEOUT_MS")
      : DEFAULT_TIMEOUT_MS;

  const apiKey = nonEmpty(env.ARIZE_API_KEY);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: a key with control characters is refused
  if (apiKey && /[\s\u0000-\u001f\u007f]/.test(apiKey)) {
    // The key itself is never echoed, only where it came from.
    throw new ConfigError("ARIZE_API_KEY contains spaces or control characters; copy the key again");
  }

  const sandbox = flags.sandbox === true;
  if (sandbox && (flags["base-url"] || flags.region)) {
    throw new ConfigError("--sandbox cannot be combined with --base-url or --region");
  }
  const sandboxData = nonEmpty(flags["sandbox-data"]);
  if (sandboxData && !sandbox && subcommand !== "sandbox") {
    throw new ConfigError("--sandbox-data goes with --sandbox or the sandbox command");
  }
  const port = flags.port === undefined ? DEFAULT_SANDBOX_PORT : parsePort(flags.port);

  const command = flags.help
    ? "help"
    : flags.version
      ? "version"
      : subcommand === "sandbox"
        ? "sandbox"
        : "serve";
  const host = nonEmpty(flags.host) ?? "127.0.0.1";
  return { command, apiKey, baseUrl, timeoutMs, sandbox, sandboxData, host, port, warnings };
}

function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65_535) {
    throw new ConfigError(`--port must be a whole number from 0 to 65535; got ${JSON.stringify(value)}`);
  }
  return n;
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
      sandbox: { type: "boolean" },
      "sandbox-data": { type: "string" },
      host: { type: "string" },
      port: { type: "string" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
