#!/usr/bin/env node
import { closeConnectionPools } from "./arize/client.js";
import { ConfigError, HELP, loadConfig } from "./config.js";
import { BETA_NOTICE, createServer } from "./server.js";
import { serveStdio } from "./transports/stdio.js";
import { USER_AGENT, VERSION } from "./version.js";

// The only file that reads process.env/argv or exits. stdout carries MCP frames only; logs go to stderr.

function logLine(line: string): void {
  process.stderr.write(`${line}\n`);
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig({ env: process.env, argv: process.argv.slice(2) });
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    logLine(`arize-ax-spaces-mcp: ${err.message}`);
    process.exit(2);
  }
  if (config.command === "help") {
    process.stdout.write(`${HELP}\n`);
    return;
  }
  if (config.command === "version") {
    process.stdout.write(`${VERSION}\n`);
    return;
  }

  for (const warning of config.warnings) logLine(`[arize-ax-spaces-mcp] warning: ${warning}`);
  logLine(`[arize-ax-spaces-mcp] notice: ${BETA_NOTICE}`);
  if (!config.apiKey) {
    logLine("[arize-ax-spaces-mcp] warning: ARIZE_API_KEY is not set; tools will answer with how to set it.");
  }

  const server = createServer({
    api: {
      baseUrl: config.baseUrl,
      apiKey: config.apiKey,
      timeoutMs: config.timeoutMs,
      userAgent: USER_AGENT,
    },
    logLine,
  });
  await serveStdio(server, async () => {
    await closeConnectionPools();
    process.exit(0);
  });
}

main().catch((err: unknown) => {
  logLine(`arize-ax-spaces-mcp: fatal: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
