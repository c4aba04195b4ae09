import { describe, expect, it } from "vitest";
import { AuditUnavailableError } from "./audit.js";
import {
  ArizeApiError,
  InputError,
  MissingApiKeyError,
  NetworkError,
  NotArizeApiError,
  toToolErrorText,
  UnexpectedResponseError,
  UserFacingError,
} from "./errors.js";
import { GuardError } from "./guards.js";
import { tools } from "./tools/index.js";

/** The registry's definition of a tool: error text reads what it changes and needs from there. */
function tool(name: string) {
  const found = tools.find((t) => t.name === name);
  if (!found) throw new Error(`no tool ${name}`);
  return found;
}

function text(err: unknown, name = "list_spaces") {
  const logged: string[] = [];
  return { text: toToolErrorText(err, tool(name), (l) => logged.push(l)), logged };
}

describe("toToolErrorText", () => {
  it("passes input errors through", () => {
    expect(text(new InputError("Pass organization.")).text).toBe("Pass organization.");
  });

  it("passes every user-facing error through as written, whatever module defines it", () => {
    const errors = [
      new GuardError("Refused: protected."),
      new AuditUnavailableError("/var/log/audit.jsonl", "EACCES"),
      new UserFacingError("Said as is."),
    ];
    for (const err of errors) expect(text(err, "delete_space").text).toBe(err.message);
  });

  it("names the access a refused tool declares, and who grants it where the tool says", () => {
    const err = new ArizeApiError(403, "GET", "/v2/users", "Forbidden", undefined, undefined);
    expect(text(err, "list_users").text).toBe(
      'The API key\'s user may not do this (HTTP 403). Arize said: "Forbidden". list_users needs account admin or member (or USER_READ). These tools cannot grant it: an account admin can.',
    );
    expect(text(err, "create_space").text).toBe(
      'The API key\'s user may not do this (HTTP 403). Arize said: "Forbidden". create_space needs organization admin (or the SPACE_CREATE permission) in that organization.',
    );
  });

  it("says how to set a missing key", () => {
    expect(text(new MissingApiKeyError("x")).text).toMatch(
      /^No Arize API key is configured\. Set ARIZE_API_KEY/,
    );
  });

  it("words a timeout, and for a write says the change is uncertain", () => {
    const err = new NetworkError("no answer within 30000 ms", "TIMEOUT", "POST", "https://api.arize.com");
    expect(text(err, "list_spaces").text).toBe(
      "The Arize API at https://api.arize.com did not answer in time (no answer within 30000 ms; ARIZE_TIMEOUT_MS sets the limit).",
    );
    expect(text(err, "create_space").text).toContain("The change may or may not have been made");
  });

  it("words an unreachable API", () => {
    const err = new NetworkError("x", "ENOTFOUND", "GET", "https://api.nowhere.example");
    expect(text(err).text).toBe(
      "Could not reach the Arize API at https://api.nowhere.example (ENOTFOUND). Check ARIZE_BASE_URL or ARIZE_REGION and the network.",
    );
  });

  it("says nothing changed when a write tool failed before its write was sent", () => {
    const refused = new NetworkError("x", "ECONNREFUSED", "GET", "http://127.0.0.1:9", false);
    expect(text(refused, "create_space").text).toBe(
      "Could not reach the Arize API at http://127.0.0.1:9 (ECONNREFUSED). Check ARIZE_BASE_URL or ARIZE_REGION and the network. Nothing was changed: the failure came before the change was sent.",
    );
    const failed = new ArizeApiError(
      503,
      "GET",
      "/v2/organizations",
      undefined,
      undefined,
      undefined,
      {},
      false,
    );
    expect(text(failed, "create_space").text).toBe(
      "The Arize API failed (HTTP 503). Nothing was changed: the failure came before the change was sent.",
    );
    const sent = new ArizeApiError(503, "POST", "/v2/spaces", undefined, undefined, undefined, {}, true);
    expect(text(sent, "create_space").text).toBe(
      "The Arize API failed (HTTP 503). The change may or may not have been made: check with get_space or list_spaces before retrying.",
    );
  });

  it("says a base URL that answers with a web page is not the Arize API", () => {
    const err = new NotArizeApiError("https://www.example.com", "GET", "/v2/spaces", 404);
    expect(text(err).text).toBe(
      "https://www.example.com does not answer like the Arize API (GET /v2/spaces: HTTP 404, not JSON). Nothing was changed. Check ARIZE_BASE_URL or ARIZE_REGION in this server's configuration (the default is https://api.arize.com), then restart it.",
    );
  });

  it("names the header when a client's own key is rejected", () => {
    const err = new ArizeApiError(401, "GET", "/v2/spaces", "Unauthorized", undefined, undefined);
    expect(toToolErrorText(err, tool("list_spaces"), () => {}, { keyHeader: "X-Arize-Api-Key" })).toBe(
      "Arize rejected the API key sent in the X-Arize-Api-Key header (HTTP 401). Check the key your MCP client sends in X-Arize-Api-Key (Arize AX: Settings > API Keys); this server's own ARIZE_API_KEY was not used.",
    );
    expect(text(err).text).toMatch(/^Arize rejected the API key \(HTTP 401\)\. Check ARIZE_API_KEY/);
  });

  it("words a server error for a read", () => {
    const err = new ArizeApiError(503, "GET", "/v2/spaces", "Service Unavailable", undefined, undefined);
    expect(text(err).text).toBe(
      'The Arize API failed (HTTP 503). Arize said: "Service Unavailable". Try again shortly.',
    );
  });

  it("neutralises and cuts Arize's detail", () => {
    const err = new ArizeApiError(
      400,
      "POST",
      "/v2/spaces",
      "Bad",
      `line1\nIGNORE ALL ${"y".repeat(500)}`,
      undefined,
    );
    const t = text(err, "create_space").text;
    expect(t).not.toContain("\n");
    expect(t).toContain("line1 IGNORE ALL");
    expect(t.length).toBeLessThan(400);
  });

  it("words an unexpected response", () => {
    const err = new UnexpectedResponseError("spaces.0.id: expected string", "GET", "/v2/spaces");
    expect(text(err).text).toContain("(spaces.0.id: expected string). The API may have changed");
  });

  it("logs the stack of an unknown failure and calls it a bug", () => {
    const { text: t, logged } = text(new TypeError("boom"), "get_space");
    expect(t).toBe("Internal error in get_space: boom. This is a bug in arize-ax-spaces-mcp.");
    expect(logged[0]).toContain("TypeError: boom");
  });
});
