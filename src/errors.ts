/** Every failure the server can meet, as typed errors, and the one function that words them for the model. */

import { cleanText, quoted } from "./untrusted.js";

/**
 * An error whose message is written for the model and shown to it as is: a refusal, a wrong argument,
 * a declined confirmation. Other modules' errors of this kind (guards, the audit log) extend it too.
 */
export class UserFacingError extends Error {
  override readonly name: string = "UserFacingError";
}

export type ApiErrorKind =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "invalid"
  | "rate_limited"
  | "server"
  | "other";

function kindOfStatus(status: number): ApiErrorKind {
  if (status === 401) return "unauthenticated";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409) return "conflict";
  if (status === 400 || status === 422) return "invalid";
  if (status === 429) return "rate_limited";
  if (status >= 500) return "server";
  return "other";
}

/** Something with an ID and a name, as error text names it. */
export interface Named {
  id: string;
  name: string;
}
export interface SpaceRef extends Named {
  organization: Named;
}
export interface PersonRef extends Named {
  email: string;
}

/** What a request acted on, by name, so that an error about it can say who may act. */
export interface ErrorSubject {
  space?: SpaceRef;
  organization?: Named;
}

/** An HTTP error answer from the Arize API. `status` is the HTTP status, never the body's. */
export class ArizeApiError extends Error {
  override readonly name = "ArizeApiError";
  readonly kind: ApiErrorKind;
  constructor(
    readonly status: number,
    readonly method: string,
    readonly path: string,
    readonly title: string | undefined,
    readonly detail: string | undefined,
    readonly retryAfterSeconds: number | undefined,
    readonly subject: ErrorSubject = {},
    /** Whether a write of this tool call may have reached Arize (false: nothing was changed). */
    readonly writeSent = true,
  ) {
    super(`Arize API ${method} ${path} answered HTTP ${status}${title ? ` (${title})` : ""}`);
    this.kind = kindOfStatus(status);
  }
}

/** The request never got an HTTP answer: timeout, refused connection, DNS failure, reset. */
export class NetworkError extends Error {
  override readonly name = "NetworkError";
  constructor(
    message: string,
    readonly code: string,
    readonly method: string,
    readonly origin: string,
    /** Whether a write of this tool call may have reached Arize (false: nothing was changed). */
    readonly writeSent = true,
  ) {
    super(message);
  }
}

/** The base URL answered, but not as the Arize API does (a web page where an API answer belongs). */
export class NotArizeApiError extends Error {
  override readonly name = "NotArizeApiError";
  constructor(
    readonly origin: string,
    readonly method: string,
    readonly path: string,
    readonly status: number,
  ) {
    super(`${origin} answered ${method} ${path} with HTTP ${status} and a body that is not JSON`);
  }
}

/** The API answered 2xx but the body is not what the contract says (or it redirected). */
export class UnexpectedResponseError extends Error {
  override readonly name = "UnexpectedResponseError";
  constructor(
    message: string,
    readonly method: string,
    readonly path: string,
  ) {
    super(message);
  }
}

/** A tool argument is wrong, or a precondition failed before anything was sent. The message is for the model. */
export class InputError extends UserFacingError {
  override readonly name = "InputError";
}

/** Arize refused to add someone to a space because they are not in its organization (HTTP 400). */
export class NotInOrganizationError extends UserFacingError {
  override readonly name = "NotInOrganizationError";
  constructor(
    readonly user: PersonRef,
    readonly space: SpaceRef,
  ) {
    super(
      `Not added: ${person(user)} is not a member of the organization ${named(space.organization)}, which the space ${named(space)} belongs to, and Arize adds people to a space only from its organization. These tools cannot add anyone to an organization: an organization admin of ${named(space.organization)} must add them to it first. Nothing was changed.`,
    );
  }
}

/** The annotator rule, checked from the user's account role before anything is sent. */
export class AnnotatorRuleError extends UserFacingError {
  override readonly name = "AnnotatorRuleError";
  constructor(
    readonly user: PersonRef & { accountRole: string },
    readonly space: SpaceRef,
    readonly requestedRole: string,
  ) {
    const where = `the space ${named(space)} of the organization ${named(space.organization)}`;
    super(
      user.accountRole === "ANNOTATOR"
        ? `Not added: ${person(user)} has the account role ANNOTATOR, and Arize gives annotator accounts only the space role annotator, so they cannot get ${requestedRole} in ${where}. No argument of these tools changes an account role: an account admin must change theirs in Arize AX first. Giving them the annotator role instead is possible, but only if the user asks for it. Nothing was changed.`
        : `Not added: the space role annotator is only for annotator accounts, and ${person(user)} has the account role ${user.accountRole}, so they cannot get it in ${where}. Ask the user which of admin, member or read_only to give instead; only an account admin can make theirs an annotator account. Nothing was changed.`,
    );
  }
}

function named(x: Named): string {
  return x.id ? `${quoted(x.name)} (id ${cleanText(x.id)})` : cleanText(x.name);
}

function person(p: PersonRef): string {
  return `${quoted(p.name)} <${cleanText(p.email)}> (id ${cleanText(p.id)})`;
}

export type ConfirmOutcome = "declined" | "cancelled" | "timed out" | "failed";

/** The user did not accept the confirmation form; nothing was done. */
export class DeclinedError extends UserFacingError {
  override readonly name = "DeclinedError";
  constructor(
    readonly outcome: ConfirmOutcome,
    readonly what: string,
  ) {
    super(
      `Not done: the user ${outcome === "failed" ? "could not be asked (the confirmation failed)" : outcome === "timed out" ? "did not answer the confirmation in time" : `${outcome} the confirmation`}, so ${what} did not happen. Nothing was changed.`,
    );
  }
}

/** The client cancelled the call; nothing more was sent to Arize. */
export class CancelledError extends UserFacingError {
  override readonly name = "CancelledError";
  constructor(readonly method: string) {
    super(
      method === "GET"
        ? "Cancelled by the client; nothing was changed."
        : `Cancelled by the client before the ${method} request was sent; nothing was changed.`,
    );
  }
}

/** No API key configured; the message says how to set one. */
export class MissingApiKeyError extends Error {
  override readonly name = "MissingApiKeyError";
}

/** --require-client-key is on and the request carried no X-Arize-Api-Key (or a blank one). */
export class MissingClientKeyError extends UserFacingError {
  override readonly name = "MissingClientKeyError";
  constructor() {
    super(
      "Refused: this server requires each request to carry its own Arize API key in the X-Arize-Api-Key header, and this one carried none (or a blank one). Nothing was sent to Arize. Set the header in the MCP client's server config (keys are under Settings > API Keys in Arize AX).",
    );
  }
}

/** The Arize access a tool needs, as its definition declares it. */
export interface Access {
  /** What the key's user needs, as the tools reference states it: "space admin (or SPACE_DELETE) on that space". */
  needs: string;
  /** What a refusal (HTTP 403) says the call needed, where that differs from `needs`. */
  refused?: string;
  /** Who can grant it, named when a refused call concerned no particular space or organization. */
  grantedBy?: string;
}

/** What error text needs of the tool that failed; a tool's definition (tools/define.ts) is one. */
export interface FailedTool {
  name: string;
  /** Anything but "nothing" is a write, whose failure says whether the change may have been made. */
  changes: string;
  access: Access;
}

function arizeSaid(err: ArizeApiError): string {
  const text = err.detail ?? err.title;
  return text ? ` Arize said: ${quoted(text, 200)}.` : "";
}

/** A 403 no argument can fix: what is missing, on what, and who can grant it. */
function forbiddenText(err: ArizeApiError, tool: FailedTool): string {
  const head = `The API key's user may not do this (HTTP ${err.status}).${arizeSaid(err)} ${tool.name} needs ${tool.access.refused ?? tool.access.needs}`;
  const { space, organization } = err.subject;
  if (space) {
    return `${head}: the space ${named(space)} in the organization ${named(space.organization)}. These tools cannot grant it: a space admin of that space or an organization admin of ${named(space.organization)} can, or use an API key whose user has it. Nothing was changed.`;
  }
  if (organization) {
    return `${head}: the organization ${named(organization)}. These tools cannot grant it: an organization admin of ${named(organization)} can, or use an API key whose user has it. Nothing was changed.`;
  }
  const { grantedBy } = tool.access;
  return grantedBy ? `${head}. These tools cannot grant it: ${grantedBy} can.` : `${head}.`;
}

/** What a failed write tool can say about its change: unknown once a write was sent, else nothing happened. */
function changeNote(tool: FailedTool, writeSent: boolean): string {
  if (tool.changes === "nothing") return "";
  return writeSent
    ? " The change may or may not have been made: check with get_space or list_spaces before retrying."
    : " Nothing was changed: the failure came before the change was sent.";
}

/** Where the API key of a call came from, when not from ARIZE_API_KEY (an HTTP client's own key). */
export interface ErrorContext {
  keyHeader?: string;
}

function apiErrorText(err: ArizeApiError, tool: FailedTool, context: ErrorContext): string {
  const http = `(HTTP ${err.status})`;
  switch (err.kind) {
    case "unauthenticated":
      return context.keyHeader
        ? `Arize rejected the API key sent in the ${context.keyHeader} header ${http}. Check the key your MCP client sends in ${context.keyHeader} (Arize AX: Settings > API Keys); this server's own ARIZE_API_KEY was not used.`
        : `Arize rejected the API key ${http}. Check ARIZE_API_KEY (Arize AX: Settings > API Keys) and that ARIZE_BASE_URL or ARIZE_REGION matches the account's region.`;
    case "forbidden":
      return forbiddenText(err, tool);
    case "not_found":
      return `Not found ${http}.${arizeSaid(err)} Call list_spaces, list_organizations or list_users to see what this key can access.`;
    case "conflict":
      return `A space with that name already exists in that organization ${http}.${arizeSaid(err)} Choose another name, or use the existing space (get_space).`;
    case "invalid":
      return `Arize refused the request as invalid ${http}.${arizeSaid(err)} Correct the arguments and call ${tool.name} again.`;
    case "rate_limited":
      return err.retryAfterSeconds !== undefined
        ? `Arize is rate limiting this key ${http}. Retry after ${err.retryAfterSeconds} s.`
        : `Arize is rate limiting this key ${http}. Wait a little before retrying.`;
    case "server":
      return `The Arize API failed ${http}.${arizeSaid(err)}${tool.changes === "nothing" ? " Try again shortly." : changeNote(tool, err.writeSent)}`;
    default:
      return `The Arize API answered ${http}.${arizeSaid(err)}`;
  }
}

/** File paths and file URLs in a message, which a client has no business seeing. */
const PATHS = /(?:file:\/\/)?(?:[A-Za-z]:)?(?:[\\/][^\s'"`:,;()[\]{}<>\\/]+){2,}[\\/]?(?::\d+)*/g;

/** An unexpected error's message as a client may read it: no paths, one short line. */
function safeMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return quoted(message.replace(PATHS, "[path]"), 200).slice(1, -1);
}

/**
 * The only place where error text for the model is written: one short, actionable message per cause.
 * `log` receives what the model is not shown (stack traces of unexpected failures); it must go to the
 * operator's log only, never to the client.
 */
export function toToolErrorText(
  err: unknown,
  tool: FailedTool,
  log: (message: string) => void,
  context: ErrorContext = {},
): string {
  if (err instanceof UserFacingError) return err.message;
  if (err instanceof MissingApiKeyError) {
    return "No Arize API key is configured. Set ARIZE_API_KEY in this server's environment (the env block of the MCP client's server config; keys are under Settings > API Keys in Arize AX), then restart the server.";
  }
  if (err instanceof ArizeApiError) return apiErrorText(err, tool, context);
  if (err instanceof NotArizeApiError) {
    return `${err.origin} does not answer like the Arize API (${err.method} ${err.path}: HTTP ${err.status}, not JSON). Nothing was changed. Check ARIZE_BASE_URL or ARIZE_REGION in this server's configuration (the default is https://api.arize.com), then restart it.`;
  }
  if (err instanceof NetworkError) {
    const unsure = changeNote(tool, err.writeSent);
    if (err.code === "TIMEOUT") {
      return `The Arize API at ${err.origin} did not answer in time (${err.message}; ARIZE_TIMEOUT_MS sets the limit).${unsure}`;
    }
    return `Could not reach the Arize API at ${err.origin} (${err.code}). Check ARIZE_BASE_URL or ARIZE_REGION and the network.${unsure}`;
  }
  if (err instanceof UnexpectedResponseError) {
    return `The Arize API answered ${err.method} ${err.path} with something this server does not understand (${cleanText(err.message)}). The API may have changed; details are in the server log.`;
  }
  log(`internal error in ${tool.name}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  return `Internal error in ${tool.name}: ${safeMessage(err)}. This is a bug in arize-ax-spaces-mcp.`;
}
