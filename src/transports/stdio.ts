import type { Server } from "@modelcontextprotocol/server";
import { serveStdio as serveBothEras } from "@modelcontextprotocol/server/stdio";

/**
 * Serves one MCP client over stdin/stdout until stdin closes or a signal arrives; then calls `onClose`.
 * The client's first message decides the era: a 2025 `initialize` or a 2026-07-28 request.
 */
export function serveStdio(createServer: () => Server, onClose: () => Promise<void>): void {
  const handle = serveBothEras(createServer);
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await handle.close().catch(() => {});
    await onClose();
  };
  process.stdin.on("end", close);
  process.stdin.on("close", close);
  process.once("SIGINT", close);
  process.once("SIGTERM", close);
}
