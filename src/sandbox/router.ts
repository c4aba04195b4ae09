/** Maps a method and path to a handler; distinguishes an unknown path (404) from a wrong method (405). */

import { CONTENT_KINDS } from "./contents.js";
import type { Handler } from "./handlers.js";
import * as handlers from "./handlers.js";
import { ApiProblem } from "./problem.js";

type Method = "GET" | "POST" | "PATCH" | "DELETE";

interface Route {
  /** Path segments; ":name" marks a parameter. */
  pattern: string[];
  methods: Partial<Record<Method, Handler>>;
}

const ROUTES: Route[] = [
  { pattern: ["v2", "spaces"], methods: { GET: handlers.listSpaces, POST: handlers.createSpace } },
  {
    pattern: ["v2", "spaces", ":space_id"],
    methods: { GET: handlers.getSpace, PATCH: handlers.updateSpace, DELETE: handlers.deleteSpace },
  },
  { pattern: ["v2", "spaces", ":space_id", "users"], methods: { POST: handlers.addSpaceUser } },
  {
    pattern: ["v2", "spaces", ":space_id", "users", ":user_id"],
    methods: { DELETE: handlers.removeSpaceUser },
  },
  { pattern: ["v2", "organizations"], methods: { GET: handlers.listOrganizations } },
  { pattern: ["v2", "organizations", ":org_id"], methods: { GET: handlers.getOrganization } },
  { pattern: ["v2", "users"], methods: { GET: handlers.listUsers } },
  { pattern: ["v2", "users", ":user_id"], methods: { GET: handlers.getUser } },
  { pattern: ["v2", "roles"], methods: { GET: handlers.listRoles } },
  { pattern: ["v2", "roles", ":role_id"], methods: { GET: handlers.getRole } },
  ...CONTENT_KINDS.map((kind) => ({
    pattern: ["v2", kind.segment],
    methods: { GET: handlers.listContents(kind) },
  })),
];

export interface RouteMatch {
  handler: Handler;
  params: string[];
}

/** `pathname` is raw (percent-encoded); parameters come back decoded. Throws 404 or 405 problems. */
export function route(method: string, pathname: string): RouteMatch {
  const segments = pathname.split("/").slice(1);
  for (const candidate of ROUTES) {
    const params = matchPattern(candidate.pattern, segments);
    if (!params) continue;
    const handler = candidate.methods[method as Method];
    if (!handler) throw new MethodNotAllowed(method, pathname, Object.keys(candidate.methods));
    return { handler, params: params.map(decodeSegment) };
  }
  throw new ApiProblem(404, `No endpoint matches ${method} ${pathname}.`);
}

export class MethodNotAllowed extends ApiProblem {
  constructor(
    method: string,
    pathname: string,
    readonly allowed: string[],
  ) {
    super(405, `${method} is not allowed on ${pathname}; allowed: ${allowed.join(", ")}.`);
  }
}

function matchPattern(pattern: string[], segments: string[]): string[] | undefined {
  if (pattern.length !== segments.length) return undefined;
  const params: string[] = [];
  for (const [index, part] of pattern.entries()) {
    const segment = segments[index] ?? "";
    if (part.startsWith(":")) {
      if (segment === "") return undefined;
      params.push(segment);
    } else if (part !== segment) {
      return undefined;
    }
  }
  return params;
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new ApiProblem(400, `The path segment '${segment}' is not valid percent-encoding.`);
  }
}
