import type { IncomingMessage, ServerResponse } from "node:http";
import { bearerChecker, hostChecker, originChecker } from "./http-guards.js";
import { refuse } from "./http-refuse.js";
import { header } from "./http-reply.js";

const CORS_ALLOW_HEADERS =
  "Authorization, Content-Type, Accept, Mcp-Session-Id, Mcp-Protocol-Version, Mcp-Method, Mcp-Name, Last-Event-ID, X-Arize-Api-Key";
const CORS_EXPOSE_HEADERS = "Mcp-Session-Id, WWW-Authenticate, Retry-After";

export interface FrontDoor {
  /**
   * Whether the request may go on; when not, the refusal has been sent. Host and Origin are checked for
   * every path; the bearer token, and CORS preflights, only for the MCP endpoint (`mcp`).
   */
  admit(req: IncomingMessage, res: ServerResponse, mcp: boolean): boolean;
}

/** The checks in front of every request, whichever protocol era it speaks. */
export function frontDoor(options: {
  host: string;
  allowedHosts: string[];
  allowedOrigins: string[];
  authToken: string | undefined;
}): FrontDoor {
  const hostAllowed = hostChecker({ bindHost: options.host, allowedHosts: options.allowedHosts });
  const originAllowed = originChecker({ bindHost: options.host, allowedOrigins: options.allowedOrigins });
  const tokenMatches = options.authToken ? bearerChecker(options.authToken) : undefined;
  return {
    admit(req, res, mcp) {
      if (!hostAllowed(header(req, "host"))) {
        refuse(req, res, 403, "Forbidden: this Host is not allowed (see --allowed-hosts)");
        return false;
      }
      const origin = header(req, "origin");
      if (origin !== undefined) {
        if (!originAllowed(origin)) {
          refuse(req, res, 403, "Forbidden: this Origin is not allowed (see --allowed-origins)");
          return false;
        }
        res.setHeader("Access-Control-Allow-Origin", origin);
        res.setHeader("Access-Control-Expose-Headers", CORS_EXPOSE_HEADERS);
        res.setHeader("Vary", "Origin");
      }
      if (!mcp) return true;
      if (req.method === "OPTIONS") {
        // A browser's CORS preflight carries no credentials; the real request is checked as usual.
        res.writeHead(204, {
          "Access-Control-Allow-Methods": "GET, POST, DELETE",
          "Access-Control-Allow-Headers": CORS_ALLOW_HEADERS,
          "Access-Control-Max-Age": "600",
        });
        res.end();
        return false;
      }
      const authorization = header(req, "authorization");
      if (tokenMatches && !tokenMatches(authorization)) {
        const error = authorization ? ', error="invalid_token"' : "";
        refuse(req, res, 401, "Unauthorized: send Authorization: Bearer <token>", {
          headers: { "WWW-Authenticate": `Bearer realm="arize-ax-spaces-mcp"${error}` },
        });
        return false;
      }
      return true;
    },
  };
}
