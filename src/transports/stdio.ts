import type { Server } from "@modelcontextprotocol/sdk/server/index.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";

/** Serves one MCP client over stdin/stdout until stdin closes or a signal arrives; then calls `onClose`. */
export async function serveStdio(server: Server, onClose: () => Promise<void>): Promise<void> {
  const transport = new StdioServerTransport();
  let closing = false;
  const close = async () => {
    if (closing) return;
    closing = true;
    await server.close().catch(() => {});
    await onClose();
  };
  process.stdin.on("end", close);
  process.stdin.on("close", close);
  process.once("SIGINT", close);
  process.once("SIGTERM", close);
  await server.connect(transport);
}
