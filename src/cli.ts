import { homedir } from "node:os";
import { NameCaches } from "./arize/name-cache.js";
import { closeConnectionPools } from "./arize/pools.js";
import type { AuditLog } from "./audit.js";
import {
  type Config,
  ConfigError,
  DEFAULT_HTTP_PORT,
  DEFAULT_SANDBOX_PORT,
  HELP,
  loadConfig,
} from "./config.js";
import { BETA_NOTICE, confirmationSealer, createServer, selectTools } from "./server.js";
import { serveStdio } from "./transports/stdio.js";
import { USER_AGENT, VERSION } from "./version.js";

// The only file that reads process.env/argv or exits. stdout carries MCP frames only; logs go to stderr.

/** The key the MCP server and its in-process sandbox agree on; a real ARIZE_API_KEY is never sent there. */
const SANDBOX_KEY = "sandbox-local-key";

function logLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

/** One line on stderr, whatever the message holds, then the exit code. */
function fail(message: string, code: number): never {
  logLine(`arize-ax-spaces-mcp: ${message.replace(/\s*[\r\n]+\s*/g, " ")}`);
  process.exit(code);
}

/** A listening port that cannot be had stops start-up with what to do, instead of Node's raw error. */
async function listening<T>(start: Promise<T>, where: { host: string; port: number }): Promise<T> {
  try {
    return await start;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE") {
      fail(
        `port ${where.port} on ${where.host} is already in use; pass --port N for another port, or --port 0 for a free one`,
        2,
      );
    }
    if (code === "EACCES") {
      fail(
        `port ${where.port} on ${where.host} needs privileges this user lacks; pass --port 1024 or above`,
        2,
      );
    }
    if (code === "EADDRNOTAVAIL") {
      fail(`${where.host} is not an address of this machine; pass --host with one of its addresses`, 2);
    }
    throw err;
  }
}

/** Starts the embedded sandbox; imported only when asked for, so normal start-up never loads it. */
async function startEmbeddedSandbox(
  config: Config,
  options: {
    host: string;
    port: number;
    apiKey: string | undefined;
    allowedHosts?: string[];
    allowedOrigins?: string[];
  },
) {
  const { startSandbox, SandboxDataError } = await import("./sandbox/index.js");
  try {
    return await startSandbox({ ...options, dataFile: config.sandboxData });
  } catch (err) {
    if (err instanceof SandboxDataError) fail(err.message, 2);
    throw err;
  }
}

/** The audit log must be writable before the server offers any write. */
async function openAuditLog(file: string): Promise<AuditLog> {
  const { AuditLog, AuditUnavailableError } = await import("./audit.js");
  const audit = new AuditLog(file);
  try {
    await audit.ready();
  } catch (err) {
    const reason = err instanceof AuditUnavailableError ? err.reason : String(err);
    fail(`the audit log ${file} cannot be written (${reason}); fix the path or its permissions`, 2);
  }
  return audit;
}

function onSignal(handler: () => Promise<void>): void {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    await handler();
  };
  process.once("SIGINT", once);
  process.once("SIGTERM", once);
}

async function runSandboxOnly(config: Config): Promise<void> {
  // Without ARIZE_SANDBOX_API_KEY any bearer token is accepted (loopback only), as other clients bring their own.
  const where = { host: config.host, port: config.port ?? DEFAULT_SANDBOX_PORT };
  const sandbox = await listening(
    startEmbeddedSandbox(config, {
      ...where,
      apiKey: config.sandboxKey,
      allowedHosts: config.allowedHosts,
      allowedOrigins: config.allowedOrigins,
    }),
    where,
  );
  const kept = config.sandboxData ? `data kept in ${config.sandboxData}` : "data kept in memory until exit";
  logLine(`Arize-compatible sandbox API listening at ${sandbox.url} (${kept}).`);
  const key = config.sandboxKey ? "ARIZE_API_KEY set to ARIZE_SANDBOX_API_KEY's value" : "any ARIZE_API_KEY";
  logLine(`Point a client at it with ARIZE_BASE_URL=${sandbox.url} and ${key}. Ctrl+C stops it.`);
  onSignal(async () => {
    await sandbox.close();
    process.exit(0);
  });
}

async function serve(config: Config): Promise<void> {
  // Printed once the server is up, so a start-up that fails prints its one line and nothing else.
  const startup = config.warnings.map((warning) => `[arize-ax-spaces-mcp] warning: ${warning}`);
  startup.push(`[arize-ax-spaces-mcp] notice: ${BETA_NOTICE}`);
  const announce = () => {
    for (const line of startup) logLine(line);
  };

  let api = { baseUrl: config.baseUrl, apiKey: config.apiKey };
  let notice: string | undefined;
  let closeSandbox = async () => {};
  if (config.sandbox) {
    const sandbox = await startEmbeddedSandbox(config, { host: "127.0.0.1", port: 0, apiKey: SANDBOX_KEY });
    api = { baseUrl: sandbox.url, apiKey: SANDBOX_KEY };
    const kept = config.sandboxData ? `kept in ${config.sandboxData}` : "lost when the server stops";
    notice = `SANDBOX: this server talks to an embedded demo API at ${sandbox.url}, not to a real Arize account. Its data is made up and changes are ${kept}.`;
    startup.push(
      `[arize-ax-spaces-mcp] notice: sandbox mode: demo API at ${sandbox.url}; nothing reaches Arize; changes are ${kept}.`,
    );
    closeSandbox = () => sandbox.close();
  } else if (!config.apiKey) {
    startup.push(
      "[arize-ax-spaces-mcp] warning: ARIZE_API_KEY is not set; tools will answer with how to set it.",
    );
  }

  const audit = config.auditLog ? await openAuditLog(config.auditLog) : undefined;
  const tools = selectTools({ readOnly: config.readOnly, tools: config.tools });
  const nameCaches = new NameCaches();
  const sealer = confirmationSealer(config.stateSecret);
  const makeServer = () =>
    createServer({
      nameCaches,
      sealer,
      api: { ...api, timeoutMs: config.timeoutMs, userAgent: USER_AGENT },
      logLine,
      notice,
      tools,
      protect: config.protect,
      audit,
      acceptClientApiKey: config.transport === "http" && !config.sandbox,
      requireClientKey: config.requireClientKey,
    });
  const shutdown = async (stopTransport: () => Promise<void>) => {
    await stopTransport();
    await closeConnectionPools();
    await closeSandbox();
    process.exit(0);
  };

  if (config.transport === "http") {
    // Loaded only for HTTP, so stdio start-up never pays for it.
    const { serveHttp } = await import("./transports/http.js");
    const where = { host: config.host, port: config.port ?? DEFAULT_HTTP_PORT };
    const http = await listening(
      serveHttp({ ...config, createServer: makeServer, ...where, logLine }),
      where,
    );
    announce();
    logLine(`[arize-ax-spaces-mcp] notice: MCP over Streamable HTTP at ${http.url}/mcp`);
    onSignal(() => shutdown(() => http.close()));
    return;
  }
  announce();
  serveStdio(makeServer, () => shutdown(async () => {}));
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig({
      env: process.env,
      argv: process.argv.slice(2),
      platform: process.platform,
      homeDir: homedir(),
    });
  } catch (err) {
    if (err instanceof ConfigError) fail(err.message, 2);
    throw err;
  }
  if (config.command === "help") process.stdout.write(`${HELP}\n`);
  else if (config.command === "version") process.stdout.write(`${VERSION}\n`);
  else if (config.command === "sandbox") await runSandboxOnly(config);
  else await serve(config);
}

main().catch((err: unknown) => fail(`fatal: ${err instanceof Error ? err.message : String(err)}`, 1));
