import type { Dispatcher } from "undici";
import type { z } from "zod";
import {
  ArizeApiError,
  CancelledError,
  type ErrorSubject,
  MissingApiKeyError,
  NetworkError,
  NotArizeApiError,
  NotInOrganizationError,
  type PersonRef,
  type SpaceRef,
  UnexpectedResponseError,
} from "../errors.js";
import { Redactor } from "../redact.js";
import { apiPath } from "./path.js";
import { poolFor } from "./pools.js";
import {
  type ApiSpace,
  type Membership,
  type Organization,
  type Page,
  type User,
  type WireRoleRequest,
  wireContentList,
  wireMembership,
  wireOrganization,
  wireOrganizationList,
  wireSpace,
  wireSpaceList,
  wireUser,
  wireUserList,
} from "./schemas.js";

export type LogLevel = "info" | "warning" | "error";
/** `operatorOnly`: the line may hold raw upstream text, for the server's own log and never the client. */
export type Log = (level: LogLevel, message: string, operatorOnly?: boolean) => void;

/** A request that changes something, about to be sent. */
export interface WriteRequest {
  method: "POST" | "PATCH" | "DELETE";
  /** The path without its query, e.g. /v2/spaces/U3BhY2U6MQ%3D%3D */
  path: string;
}

/** What one tool call adds to the client: its cancellation, where its log lines go, and hooks per request. */
export interface CallScope {
  /** Aborts the call's requests in flight; a request not yet sent is never sent. */
  signal?: AbortSignal;
  log?: Log;
  /** Called before each request is sent (retries included), e.g. to report progress. */
  onRequest?: (what: string) => void;
  /**
   * Awaited before a write request is sent (once per request, whatever its retries); when it throws,
   * the request is not sent and the error is the call's. The audit log writes its attempt line here.
   */
  beforeWrite?: (request: WriteRequest) => Promise<void>;
}

export interface ArizeClientOptions {
  /** API origin, e.g. https://api.arize.com */
  baseUrl: string;
  apiKey: string | undefined;
  timeoutMs: number;
  userAgent: string;
  /** Tests pass undici's MockAgent; by default one keep-alive Pool per origin is created on first use. */
  dispatcher?: Dispatcher;
  log?: Log;
  signal?: AbortSignal;
  onRequest?: (what: string) => void;
  beforeWrite?: (request: WriteRequest) => Promise<void>;
  /** Other keys to remove from upstream text besides apiKey (the server's own, under a client's key). */
  alsoRedact?: readonly string[];
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

type Method = "GET" | "POST" | "PATCH" | "DELETE";
type Query = Record<string, string | number | undefined>;

interface SendOptions<T> {
  method: Method;
  path: string;
  query?: Query;
  body?: unknown;
  schema?: z.ZodType<T>;
  /** What the request acts on, carried by its errors. */
  about?: ErrorSubject;
}

/** A list endpoint of what a space holds: GET <path>?space_id=... answering { <responseKey>: [...] }. */
export interface ContentEndpoint {
  path: string;
  responseKey: string;
}

export interface ListOptions {
  limit?: number;
  cursor?: string;
}

const MAX_RETRIES = 2;
/**
 * Longest Retry-After waited out before a retry (of a 429, or of a GET's 502-504); a longer wait goes back
 * to the model. A GET's 429 without Retry-After is retried with backoff.
 */
const MAX_RETRY_AFTER_S = 10;
const RETRYABLE_GET_STATUS = new Set([502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "EPIPE",
  "ETIMEDOUT",
  "EAI_AGAIN",
  "UND_ERR_SOCKET",
  "UND_ERR_CONNECT_TIMEOUT",
  "UND_ERR_CLOSED",
]);
const LOGGED_BODY_CHARS = 500;
/** Failures before a connection exists: the request never left this machine. */
const NEVER_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);
/** Statuses that the Arize API answers with a problem+json body; a web page instead means another server. */
const NOT_ARIZE_IF_NOT_JSON = new Set([404, 405]);

export class ArizeClient {
  readonly origin: string;
  private readonly options: ArizeClientOptions;
  /** Set once a write may have reached the API; one client serves one tool call (forCall). */
  private readonly writes = { sent: false };
  /** Upstream text loses every key this client knows of as it arrives, before anything cuts or reads it. */
  private readonly redactor: Redactor;

  /**
   * `origin` and `redactor` are given by the copies below, so a client made per call does not parse the URL
   * or compile the key's patterns again.
   */
  constructor(
    options: ArizeClientOptions,
    origin = new URL(options.baseUrl).origin,
    redactor = new Redactor([options.apiKey, ...(options.alsoRedact ?? [])]),
  ) {
    this.options = options;
    this.origin = origin;
    this.redactor = redactor;
  }

  /** The per-request timeout, for work that must finish within one request's time. */
  get timeoutMs(): number {
    return this.options.timeoutMs;
  }

  /** Loads undici and creates the pool ahead of the first call (it costs ~100 ms); failures are left to that call. */
  warmUp(): void {
    if (!this.options.dispatcher) poolFor(this.origin).catch(() => {});
  }

  /** The same client with another key, sharing the connection pool (per-request keys over HTTP). */
  withApiKey(apiKey: string): ArizeClient {
    const alsoRedact = [
      ...(this.options.alsoRedact ?? []),
      ...(this.options.apiKey ? [this.options.apiKey] : []),
    ];
    return new ArizeClient({ ...this.options, apiKey, alsoRedact }, this.origin);
  }

  /** The same client for one tool call: cancelled with it, logging to it. */
  forCall(scope: CallScope): ArizeClient {
    // Object.assign, not a spread: on Node 20 `{ ...options, ...scope, log }` costs about 15 µs a call.
    const options = Object.assign({}, this.options, scope, { log: scope.log ?? this.options.log });
    return new ArizeClient(options, this.origin, this.redactor);
  }

  // --- spaces ---

  async listSpaces(o: ListOptions & { organizationId?: string; name?: string }): Promise<Page<ApiSpace>> {
    const query = { org_id: o.organizationId, name: o.name, limit: o.limit, cursor: o.cursor };
    return this.send({ method: "GET", path: "/v2/spaces", query, schema: wireSpaceList });
  }

  async getSpace(spaceId: string): Promise<ApiSpace> {
    return this.send({ method: "GET", path: apiPath`/v2/spaces/${spaceId}`, schema: wireSpace });
  }

  async createSpace(s: {
    name: string;
    organization: { id: string; name: string };
    description?: string;
    isPrivate?: boolean;
  }): Promise<ApiSpace> {
    const body = {
      name: s.name,
      organization_id: s.organization.id,
      description: s.description,
      is_private: s.isPrivate,
    };
    const about = { organization: s.organization };
    return this.send({ method: "POST", path: "/v2/spaces", body, schema: wireSpace, about });
  }

  async updateSpace(
    space: SpaceRef,
    change: { name?: string; description?: string | null; isPrivate?: boolean },
  ): Promise<ApiSpace> {
    const body = { name: change.name, description: change.description, is_private: change.isPrivate };
    const path = apiPath`/v2/spaces/${space.id}`;
    return this.send({ method: "PATCH", path, body, schema: wireSpace, about: { space } });
  }

  async deleteSpace(space: SpaceRef): Promise<void> {
    await this.send({ method: "DELETE", path: apiPath`/v2/spaces/${space.id}`, about: { space } });
  }

  /** Throws NotInOrganizationError when Arize answers that the user is not in the space's organization. */
  async addSpaceUser(space: SpaceRef, user: PersonRef, role: WireRoleRequest): Promise<Membership> {
    const body = { user_id: user.id, role };
    const path = apiPath`/v2/spaces/${space.id}/users`;
    try {
      return await this.send({ method: "POST", path, body, schema: wireMembership, about: { space } });
    } catch (err) {
      if (err instanceof ArizeApiError && err.status === 400 && /organi[sz]ation/i.test(err.detail ?? "")) {
        throw new NotInOrganizationError(user, space);
      }
      throw err;
    }
  }

  /** False when the user was not a member: the API answers 404 for that (the space was resolved first). */
  async removeSpaceUser(space: SpaceRef, userId: string): Promise<boolean> {
    try {
      const path = apiPath`/v2/spaces/${space.id}/users/${userId}`;
      await this.send({ method: "DELETE", path, about: { space } });
      return true;
    } catch (err) {
      if (err instanceof ArizeApiError && err.status === 404) return false;
      throw err;
    }
  }

  /** One page of projects, datasets, ... of a space (only their IDs: they are counted, not shown). */
  async listSpaceContents(
    endpoint: ContentEndpoint,
    o: ListOptions & { spaceId: string },
  ): Promise<Page<{ id: string }>> {
    const query = { space_id: o.spaceId, limit: o.limit, cursor: o.cursor };
    const schema = wireContentList(endpoint.responseKey);
    return this.send({ method: "GET", path: endpoint.path, query, schema });
  }

  // --- organizations and users ---

  async listOrganizations(o: ListOptions & { name?: string }): Promise<Page<Organization>> {
    const query = { name: o.name, limit: o.limit, cursor: o.cursor };
    return this.send({ method: "GET", path: "/v2/organizations", query, schema: wireOrganizationList });
  }

  async getOrganization(organizationId: string): Promise<Organization> {
    return this.send({
      method: "GET",
      path: apiPath`/v2/organizations/${organizationId}`,
      schema: wireOrganization,
    });
  }

  async listUsers(o: ListOptions & { email?: string }): Promise<Page<User>> {
    const query = { email: o.email, limit: o.limit, cursor: o.cursor };
    return this.send({ method: "GET", path: "/v2/users", query, schema: wireUserList });
  }

  async getUser(userId: string): Promise<User> {
    return this.send({ method: "GET", path: apiPath`/v2/users/${userId}`, schema: wireUser });
  }

  // --- transport ---

  private async send<T>(req: SendOptions<T>): Promise<T> {
    const { apiKey } = this.options;
    if (!apiKey) throw new MissingApiKeyError("No Arize API key is configured.");
    const dispatcher = this.options.dispatcher ?? (await poolFor(this.origin));
    const path = req.path + queryString(req.query);
    const headers: Record<string, string> = {
      authorization: `Bearer ${apiKey}`,
      "user-agent": this.options.userAgent,
      accept: "application/json, application/problem+json",
    };
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    if (body !== undefined) headers["content-type"] = "application/json";
    if (req.method !== "GET") {
      this.throwIfCancelled(req.method);
      await this.options.beforeWrite?.({ method: req.method, path: req.path });
    }

    for (let attempt = 0; ; attempt++) {
      let answer: Answer;
      this.throwIfCancelled(req.method);
      this.options.onRequest?.(`${req.method} ${req.path}`);
      try {
        answer = await this.once(dispatcher, { method: req.method, path, headers, body });
      } catch (err) {
        if (
          err instanceof NetworkError &&
          req.method === "GET" &&
          RETRYABLE_NETWORK_CODES.has(err.code) &&
          attempt < MAX_RETRIES
        ) {
          await this.pause(attempt, this.backoff(attempt), `${req.method} ${req.path} failed (${err.code})`);
          continue;
        }
        throw err;
      }
      const { status } = answer;
      if (status >= 200 && status < 300) return this.parse(req, answer.text, status);
      if (NOT_ARIZE_IF_NOT_JSON.has(status) && !isJson(answer.text)) {
        this.logBody("warning", `${req.method} ${req.path} answered HTTP ${status}`, answer.text);
        throw new NotArizeApiError(this.origin, req.method, req.path, status);
      }
      if (status >= 300 && status < 400) {
        throw new UnexpectedResponseError(
          `the API redirected (HTTP ${status}); redirects are not followed so the API key is never sent elsewhere`,
          req.method,
          req.path,
        );
      }
      const error = this.toApiError(req, answer);
      const delay = this.retryDelay(req.method, error, attempt);
      if (delay !== undefined && attempt < MAX_RETRIES) {
        await this.pause(attempt, delay, `${req.method} ${req.path} answered HTTP ${status}`);
        continue;
      }
      throw error;
    }
  }

  /** A cancelled call sends nothing more; what it already sent cannot be called back. */
  private throwIfCancelled(method: Method): void {
    if (this.options.signal?.aborted) throw new CancelledError(method);
  }

  private async once(
    dispatcher: Dispatcher,
    r: { method: Method; path: string; headers: Record<string, string>; body: string | undefined },
  ): Promise<Answer> {
    const stop: Stop = { reason: undefined };
    try {
      const request = {
        origin: this.origin,
        path: r.path,
        method: r.method,
        headers: r.headers,
        body: r.body,
      };
      const answer = await exchange(dispatcher, request, this.options, stop);
      if (r.method !== "GET") this.writes.sent = true;
      answer.text = this.redactor.redact(answer.text);
      return answer;
    } catch (err) {
      this.throwIfCancelled(r.method);
      if (stop.reason === "timeout") {
        if (r.method !== "GET") this.writes.sent = true;
        throw new NetworkError(
          `no answer within ${this.options.timeoutMs} ms`,
          "TIMEOUT",
          r.method,
          this.origin,
          this.writes.sent,
        );
      }
      const code = errorCode(err);
      if (r.method !== "GET" && !NEVER_SENT_CODES.has(code)) this.writes.sent = true;
      throw new NetworkError(
        `could not reach ${this.origin} (${code})`,
        code,
        r.method,
        this.origin,
        this.writes.sent,
      );
    }
  }

  private parse<T>(req: SendOptions<T>, text: string, status: number): T {
    if (!req.schema) return undefined as T;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      this.logBody("warning", `${req.method} ${req.path} answered with a body that is not JSON`, text);
      // A web page where a read's JSON belongs: the base URL is not the Arize API. After a write, say less.
      if (req.method === "GET") throw new NotArizeApiError(this.origin, req.method, req.path, status);
      throw new UnexpectedResponseError("the body is not JSON", req.method, req.path);
    }
    const parsed = req.schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? issue.path.join(".") : "body";
      this.logBody("warning", `${req.method} ${req.path} answered with an unexpected shape`, text);
      throw new UnexpectedResponseError(`${where}: ${issue?.message ?? "invalid"}`, req.method, req.path);
    }
    return parsed.data;
  }

  private toApiError(req: SendOptions<unknown>, answer: Answer): ArizeApiError {
    let title: string | undefined;
    let detail: string | undefined;
    try {
      const problem: unknown = JSON.parse(answer.text);
      if (problem && typeof problem === "object") {
        const p = problem as Record<string, unknown>;
        if (typeof p.title === "string") title = p.title;
        if (typeof p.detail === "string") detail = p.detail;
      }
    } catch {
      // Not JSON (a proxy's HTML page, say): the status alone carries the meaning.
    }
    this.logBody("warning", `${req.method} ${req.path} answered HTTP ${answer.status}`, answer.text);
    const retryAfter = parseRetryAfter(answer.headers["retry-after"]);
    return new ArizeApiError(
      answer.status,
      req.method,
      req.path,
      title,
      detail,
      retryAfter,
      req.about,
      this.writes.sent,
    );
  }

  private retryDelay(method: Method, error: ArizeApiError, attempt: number): number | undefined {
    const after = error.retryAfterSeconds;
    if (error.status === 429) {
      if (after !== undefined) return after <= MAX_RETRY_AFTER_S ? after * 1000 : undefined;
      return method === "GET" ? this.backoff(attempt) : undefined;
    }
    if (method === "GET" && RETRYABLE_GET_STATUS.has(error.status)) {
      if (after !== undefined) return after <= MAX_RETRY_AFTER_S ? after * 1000 : undefined;
      return this.backoff(attempt);
    }
    return undefined;
  }

  /** Exponential backoff with full jitter: 0-250 ms, then 0-500 ms. */
  private backoff(attempt: number): number {
    return Math.round((this.options.random ?? Math.random)() * 250 * 2 ** attempt);
  }

  private async pause(attempt: number, ms: number, why: string): Promise<void> {
    this.options.log?.("warning", `${why}; retry ${attempt + 1} of ${MAX_RETRIES} in ${ms} ms`);
    await (this.options.sleep ?? sleep)(ms, this.options.signal);
  }

  private logBody(level: LogLevel, what: string, body: string): void {
    if (!this.options.log) return;
    // Redacted before it is cut, so that no part of a key survives at the cut.
    const clean = this.redactor.redact(body);
    const text =
      clean.length > LOGGED_BODY_CHARS
        ? `${clean.slice(0, LOGGED_BODY_CHARS)}… (${clean.length} chars)`
        : clean;
    this.options.log(level, `${what}: ${JSON.stringify(text)}`, true);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function queryString(query: Query | undefined): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** Retry-After is delta-seconds or an HTTP date. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (v === undefined || v.trim() === "") return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim());
  const date = Date.parse(v);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - now) / 1000));
}

type Answer = { status: number; headers: Dispatcher.ResponseData["headers"]; text: string };
/** Why a request was stopped before its answer: its time ran out, or its tool call was cancelled. */
type Stop = { reason: "timeout" | "cancelled" | undefined };

/**
 * One request and its whole answer, through undici's dispatch() rather than request(): no body stream,
 * AbortSignal or async resource per request (about 25 µs less each). It is stopped when `timeoutMs` runs out
 * or `signal` aborts, whatever it is waiting for (a connection, the headers, the rest of the body).
 */
function exchange(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  limits: { timeoutMs: number; signal?: AbortSignal },
  stop: Stop,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let abort: ((reason: Error) => void) | undefined;
    const halt = (reason: "timeout" | "cancelled") => {
      stop.reason ??= reason;
      const error = new Error(`request ${reason === "timeout" ? "timed out" : "cancelled"}`);
      if (abort) abort(error);
      else {
        // Still waiting for a connection: answered now, and stopped when it starts, before it is sent.
        settle();
        reject(error);
      }
    };
    const timer = setTimeout(() => halt("timeout"), limits.timeoutMs);
    const cancel = () => halt("cancelled");
    limits.signal?.addEventListener("abort", cancel, { once: true });
    const settle = () => {
      clearTimeout(timer);
      limits.signal?.removeEventListener("abort", cancel);
    };
    let status = 0;
    let headers: Answer["headers"] = {};
    const chunks: Buffer[] = [];
    try {
      dispatcher.dispatch(options, {
        onRequestStart(controller) {
          abort = (reason) => controller.abort(reason);
          if (stop.reason) controller.abort(new Error(`request ${stop.reason} before it started`));
        },
        onResponseStart(_controller, statusCode, responseHeaders) {
          status = statusCode;
          headers = responseHeaders;
        },
        onResponseData(_controller, chunk) {
          chunks.push(chunk);
        },
        onResponseEnd() {
          settle();
          resolve({ status, headers, text: Buffer.concat(chunks).toString("utf8") });
        },
        onResponseError(_controller, err) {
          settle();
          reject(err);
        },
      });
    } catch (err) {
      settle();
      reject(err);
    }
  });
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === "string") return e.code;
  if (typeof e?.cause?.code === "string") return e.cause.code;
  return "UNKNOWN";
}

/** Resolves after `ms`, or at once when the call is cancelled (the next attempt then sends nothing). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    }
  });
}
