/** RFC 9457 problem details, shaped like the Arize AX API's. */

const ERRORS_DOC = "https://arize.com/docs/ax/rest-reference/errors";

const KNOWN: Record<number, { slug: string; title: string }> = {
  400: { slug: "invalid-request", title: "Invalid request parameters" },
  401: { slug: "authentication-required", title: "Authentication required" },
  403: { slug: "access-forbidden", title: "Access forbidden" },
  404: { slug: "resource-not-found", title: "Resource not found" },
  405: { slug: "method-not-allowed", title: "Method not allowed" },
  409: { slug: "resource-conflict", title: "Resource conflict" },
  413: { slug: "payload-too-large", title: "Payload too large" },
  422: { slug: "unprocessable-entity", title: "Unprocessable Entity" },
  429: { slug: "rate-limit-exceeded", title: "Rate limit exceeded" },
  500: { slug: "internal-server-error", title: "Internal server error" },
  503: { slug: "service-unavailable", title: "Service Unavailable" },
};

export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
}

/** Thrown by request handling; the server turns it into a problem+json response. */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
    this.name = "ApiProblem";
  }
}

export function problemBody(status: number, detail: string, instance: string): ProblemBody {
  const known = KNOWN[status] ?? { slug: `http-${status}`, title: `HTTP ${status}` };
  return { type: `${ERRORS_DOC}#${known.slug}`, title: known.title, status, detail, instance };
}

export function defaultDetail(status: number): string {
  if (status === 429) return "You have exceeded the allowed number of requests. Please try again later.";
  if (status === 503) return "The service is temporarily unable to process this request. Please retry later.";
  return KNOWN[status]?.title ?? `HTTP ${status}`;
}
