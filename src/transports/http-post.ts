import type { IncomingMessage, ServerResponse } from "node:http";
import { describeBody, type McpBody, readBody } from "./http-body.js";
import { refuse } from "./http-refuse.js";
import { header } from "./http-reply.js";

/** JSON-RPC batches were removed in protocol 2025-06-18; older 2025 clients may still send them. */
const LAST_VERSION_WITH_BATCHES = "2025-03-26";

/**
 * Reads and checks a POST body: at most `maxBodyBytes`, JSON, and no batch where the protocol version
 * forbids one. Undefined when it was refused (the answer has been sent).
 */
export async function readMcpPost(
  req: IncomingMessage,
  res: ServerResponse,
  maxBodyBytes: number,
): Promise<{ body: McpBody; text: string } | undefined> {
  const read = await readBody(req, maxBodyBytes);
  if (!read.ok) {
    if (read.reason === "aborted") {
      res.destroy();
      return undefined;
    }
    // Answered at once; the rest of the body is drained (up to a bound) so that the client reads the 413.
    refuse(req, res, 413, `Payload Too Large: the request body must not exceed ${maxBodyBytes} bytes`);
    return undefined;
  }
  let body: McpBody;
  try {
    body = describeBody(JSON.parse(read.text));
  } catch {
    refuse(req, res, 400, "Parse error: the body is not valid JSON", { code: -32700 });
    return undefined;
  }
  // 2025-03-26 clients send no MCP-Protocol-Version header; later ones must, and may not batch.
  const version = body.claimsModern ? "2026-07-28" : header(req, "mcp-protocol-version");
  if (body.isBatch && version !== undefined && version > LAST_VERSION_WITH_BATCHES) {
    refuse(
      req,
      res,
      400,
      `Invalid Request: JSON-RPC batches are not supported by protocol ${version}; send one message per request`,
      { code: -32600 },
    );
    return undefined;
  }
  return { body, text: read.text };
}
