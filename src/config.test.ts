import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.js";

const load = (env: Record<string, string> = {}, argv: string[] = []) => loadConfig({ env, argv });

describe("loadConfig", () => {
  it("has working defaults and no key", () => {
    expect(load()).toEqual({
      command: "serve",
      apiKey: undefined,
      baseUrl: "https://api.arize.com",
      timeoutMs: 30_000,
      sandbox: false,
      sandboxData: undefined,
      transport: "stdio",
      host: "127.0.0.1",
      port: undefined,
      stateless: false,
      authToken: undefined,
      requireClientKey: false,
      allowedHosts: [],
      allowedOrigins: [],
      maxSessions: 100,
      maxSessionsPerClient: 10,
      sessionIdleMs: 1_800_000,
      rateLimitPerMinute: 120,
      initializePerMinute: 30,
      maxConnections: 512,
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      sandboxKey: undefined,
      readOnly: false,
      tools: undefined,
      protect: [],
      auditLog: undefined,
      warnings: [],
    });
  });

  it("reads the environment", () => {
    const c = load({
      ARIZE_API_KEY: " k1 ",
      ARIZE_BASE_URL: "http://127.0.0.1:8080/",
      ARIZE_TIMEOUT_MS: "5000",
    });
    expect(c).toMatchObject({
      apiKey: "k1",
      baseUrl: "http://127.0.0.1:8080",
      timeoutMs: 5000,
      warnings: ["ARIZE_API_KEY had spaces or line breaks around it; they were removed."],
    });
  });

  it("maps a region to its host", () => {
    expect(load({ ARIZE_REGION: "eu-west-1a" }).baseUrl).toBe("https://api.eu-west-1a.arize.com");
    expect(load({}, ["--region", "ca-central-1a"]).baseUrl).toBe("https://api.ca-central-1a.arize.com");
  });

  it("takes a region in any case", () => {
    expect(load({ ARIZE_REGION: "EU-WEST-1A" }).baseUrl).toBe("https://api.eu-west-1a.arize.com");
    expect(load({}, ["--region", "Ca-Central-1A"]).baseUrl).toBe("https://api.ca-central-1a.arize.com");
  });

  it("strips one pair of matching quotes from the key and says so without the key", () => {
    for (const quoted of ['"ak-123"', "'ak-123'", ' "ak-123"\n']) {
      const c = load({ ARIZE_API_KEY: quoted });
      expect(c.apiKey).toBe("ak-123");
      expect(c.warnings).toContain(
        "ARIZE_API_KEY was wrapped in quotes; they were removed. Set the key without quotes to silence this.",
      );
      expect(c.warnings.join("\n")).not.toContain("ak-123");
    }
    expect(load({ ARIZE_API_KEY: '"ak-123' }).apiKey).toBe('"ak-123');
    expect(load({ ARIZE_API_KEY: "ak-123" }).warnings).toEqual([]);
  });

  it("lets flags win over the environment", () => {
    const c = load({ ARIZE_BASE_URL: "https://a.example", ARIZE_TIMEOUT_MS: "5000" }, [
      "--base-url",
      "https://b.example",
      "--timeout-ms",
      "7000",
    ]);
    expect(c).toMatchObject({ baseUrl: "https://b.example", timeoutMs: 7000 });
    expect(load({ ARIZE_BASE_URL: "https://a.example" }, ["--region", "eu-west-1a"]).baseUrl).toBe(
      "https://api.eu-west-1a.arize.com",
    );
  });

  it("warns about plain http to a remote host", () => {
    expect(load({ ARIZE_BASE_URL: "http://arize.internal" }).warnings).toEqual([
      "ARIZE_BASE_URL uses plain http to arize.internal: the API key travels unencrypted.",
    ]);
  });

  it.each([
    [
      { ARIZE_TIMEOUT_MS: "5" },
      [],
      "ARIZE_TIMEOUT_MS must be a whole number of milliseconds from 1000 to 600000",
    ],
    [{}, ["--timeout-ms", "1e4"], "--timeout-ms must be a whole number"],
    [{ ARIZE_BASE_URL: "api.arize.com" }, [], "ARIZE_BASE_URL must be an http(s) URL"],
    [{ ARIZE_BASE_URL: "ftp://x.example" }, [], "ARIZE_BASE_URL must use https:// or http://"],
    [{ ARIZE_BASE_URL: "https://api.arize.com/v2" }, [], "must be an origin only"],
    [
      { ARIZE_REGION: "Europe" },
      [],
      'ARIZE_REGION must be one of eu-west-1a, ca-central-1a; got "Europe". For any other Arize deployment set ARIZE_BASE_URL (--base-url) to its API origin instead',
    ],
    [
      { ARIZE_REGION: "eu-west-1" },
      [],
      'ARIZE_REGION must be one of eu-west-1a, ca-central-1a; got "eu-west-1" (did you mean eu-west-1a?).',
    ],
    [
      {},
      ["--region", "us-central-1a"],
      '--region must be one of eu-west-1a, ca-central-1a; got "us-central-1a".',
    ],
    [
      {},
      ["--api-key", "x"],
      "Unknown option --api-key: the API key is read from the ARIZE_API_KEY environment variable only",
    ],
    [{}, ["--api-key=x"], "Unknown option --api-key: the API key is read from"],
    [
      {},
      ["--port", "3001"],
      "--port applies only with --transport http; add --transport http, or remove it to serve over stdio",
    ],
    [
      {},
      ["--sandbox", "--stateless", "--auth-token", "t"],
      "--auth-token, --stateless apply only with --transport http; add --transport http, or remove them",
    ],
    [
      {},
      ["--sandbox", "--max-connections", "5", "--request-timeout-ms", "9000"],
      "--max-connections, --request-timeout-ms apply only with --transport http; add --transport http, or remove them",
    ],
    [
      {},
      ["sandbox", "--stateless"],
      "--stateless applies only to the MCP server over HTTP, not to the sandbox command; remove it",
    ],
    [
      { ARIZE_REGION: "eu-west-1a", ARIZE_BASE_URL: "https://x.example" },
      [],
      "Set either ARIZE_BASE_URL or ARIZE_REGION",
    ],
    [{}, ["--bogus"], "Unknown option --bogus. Run with --help"],
    [{}, ["serve"], 'Unexpected argument "serve"'],
    [{}, ["sandbox", "now"], 'Unexpected argument "now"'],
    [{}, ["sandbox", "--port", "70000"], "--port must be a whole number from 0 to 65535"],
    [{}, ["--sandbox", "--base-url", "https://x.example"], "--sandbox cannot be combined with --base-url"],
    [{}, ["--sandbox-data", "x.json"], "--sandbox-data goes with --sandbox or the sandbox command"],
    [{ ARIZE_API_KEY: "abc def" }, [], "ARIZE_API_KEY contains spaces or control characters"],
    [{}, ["--tools", "list_spaces,drop_db"], "--tools names unknown tool drop_db; the tools are list_spaces"],
    [{ ARIZE_MCP_TOOLS: "nuke,wipe" }, [], "ARIZE_MCP_TOOLS names unknown tools nuke, wipe"],
    [{ ARIZE_MCP_TOOLS: " , " }, [], "ARIZE_MCP_TOOLS lists no tools"],
    [{ ARIZE_MCP_READ_ONLY: "maybe" }, [], "ARIZE_MCP_READ_ONLY must be true or false"],
    [{}, ["--transport", "ws"], "--transport must be stdio or http"],
    [
      {},
      ["--transport", "http", "--host", "0.0.0.0"],
      "Refusing to serve HTTP on 0.0.0.0 without --auth-token",
    ],
    [{}, ["--rate-limit", "0"], "--rate-limit must be a whole number from 1"],
  ])("refuses %j %j with a readable message", (env, argv, message) => {
    let error: unknown;
    try {
      load(env as Record<string, string>, argv as string[]);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain("\n");
  });

  it("never echoes the key in its error", () => {
    expect(() => load({ ARIZE_API_KEY: "secret\tvalue" })).toThrow(/^(?!.*secret).*$/);
  });

  it("reads the safety options from flags and environment", () => {
    expect(
      load({
        ARIZE_MCP_READ_ONLY: "TRUE",
        ARIZE_MCP_PROTECT: "prod*, finance-*",
        ARIZE_MCP_AUDIT_LOG: "/tmp/a.log",
      }),
    ).toMatchObject({ readOnly: true, protect: ["prod*", "finance-*"], auditLog: "/tmp/a.log" });
    expect(load({ ARIZE_MCP_READ_ONLY: "true" }, ["--tools", "list_spaces, get_space"])).toMatchObject({
      readOnly: true,
      tools: ["list_spaces", "get_space"],
    });
    expect(load({ ARIZE_MCP_PROTECT: "a*" }, ["--protect", "b*", "--audit-log", "x.log"])).toMatchObject({
      protect: ["b*"],
      auditLog: "x.log",
    });
    expect(load({ ARIZE_MCP_READ_ONLY: "0" }).readOnly).toBe(false);
  });

  it("reads the HTTP options", () => {
    const c = load({ ARIZE_MCP_AUTH_TOKEN: "t0k" }, [
      "--transport",
      "http",
      "--host",
      "0.0.0.0",
      "--port",
      "8080",
      "--stateless",
      "--allowed-hosts",
      "mcp.example.com",
      "--allowed-origins",
      "https://app.example.com",
    ]);
    expect(c).toMatchObject({
      transport: "http",
      host: "0.0.0.0",
      port: 8080,
      stateless: true,
      authToken: "t0k",
      allowedHosts: ["mcp.example.com"],
      allowedOrigins: ["https://app.example.com"],
    });
    expect(load({}, ["--transport", "http", "--host", "127.0.0.2"]).authToken).toBeUndefined();
  });

  it("reads the sandbox options and command", () => {
    expect(load({}, ["--sandbox", "--sandbox-data", "/tmp/s.json"])).toMatchObject({
      command: "serve",
      sandbox: true,
      sandboxData: "/tmp/s.json",
    });
    expect(load({}, ["sandbox", "--port", "0", "--host", "::1"])).toMatchObject({
      command: "sandbox",
      port: 0,
      host: "::1",
    });
  });

  it("keeps a relative --sandbox-data file in the per-user data folder, whatever the working folder", () => {
    const data = (env: Record<string, string>, platform: string, file = "sandbox.json") =>
      loadConfig({ env, argv: ["--sandbox", "--sandbox-data", file], platform, homeDir: "/home/u" })
        .sandboxData;
    expect(data({}, "linux")).toBe("/home/u/.local/share/arize-ax-spaces-mcp/sandbox.json");
    expect(data({}, "linux", "./demo/s.json")).toBe("/home/u/.local/share/arize-ax-spaces-mcp/demo/s.json");
    expect(data({ HOME: "/h" }, "linux")).toBe("/h/.local/share/arize-ax-spaces-mcp/sandbox.json");
    expect(data({ XDG_DATA_HOME: "/x" }, "linux")).toBe("/x/arize-ax-spaces-mcp/sandbox.json");
    expect(data({}, "darwin")).toBe("/home/u/Library/Application Support/arize-ax-spaces-mcp/sandbox.json");
    expect(data({ LOCALAPPDATA: "C:\\Users\\u\\AppData\\Local" }, "win32")).toBe(
      "C:\\Users\\u\\AppData\\Local\\arize-ax-spaces-mcp\\sandbox.json",
    );
    expect(data({}, "linux", "/srv/s.json")).toBe("/srv/s.json");
    expect(() =>
      loadConfig({ env: {}, argv: ["sandbox", "--sandbox-data", "s.json"], platform: "linux" }),
    ).toThrow("--sandbox-data s.json is relative and this user has no home folder to keep it in");
  });

  it("recognises --help and --version", () => {
    expect(load({}, ["--help"]).command).toBe("help");
    expect(load({}, ["-v"]).command).toBe("version");
  });

  it("--require-client-key: HTTP against Arize only; without it, a server bound beyond loopback with a key warns", () => {
    const http = ["--transport", "http", "--host", "0.0.0.0", "--auth-token", "t0k"];
    expect(load({ ARIZE_MCP_REQUIRE_CLIENT_KEY: "true" }, http).requireClientKey).toBe(true);
    expect(load({ ARIZE_API_KEY: "k" }, [...http, "--require-client-key"]).warnings).toEqual([]);
    expect(load({ ARIZE_API_KEY: "k" }, http).warnings).toEqual([
      expect.stringContaining(
        "every tool call without its own X-Arize-Api-Key (missing or blank) acts with that key",
      ),
    ]);
    expect(load({ ARIZE_API_KEY: "k" }, ["--transport", "http"]).warnings).toEqual([]);
    expect(() => load({}, ["--require-client-key"])).toThrow(/goes with --transport http/);
    expect(() => load({}, ["--require-client-key", "--transport", "http", "--sandbox"])).toThrow(ConfigError);
  });

  it("refuses an auth token that could never be sent, and a base URL with credentials, without echoing them", () => {
    expect(() => load({ ARIZE_MCP_AUTH_TOKEN: "two words" }, ["--transport", "http"])).toThrow(
      /only visible ASCII characters/,
    );
    for (const url of ["https://user:s3cret@api.example.com", "https://user:s3cret@api example.com"]) {
      let message = "";
      try {
        load({ ARIZE_BASE_URL: url });
      } catch (err) {
        message = (err as Error).message;
      }
      expect(message).toMatch(/^ARIZE_BASE_URL must/);
      expect(message).not.toContain("s3cret");
    }
  });

  it("the sandbox command needs ARIZE_SANDBOX_API_KEY beyond loopback", () => {
    expect(() => load({}, ["sandbox", "--host", "0.0.0.0"])).toThrow(/without ARIZE_SANDBOX_API_KEY/);
    expect(load({ ARIZE_SANDBOX_API_KEY: "sk" }, ["sandbox", "--host", "0.0.0.0"]).sandboxKey).toBe("sk");
    expect(load({}, ["sandbox"]).sandboxKey).toBeUndefined();
  });
});
