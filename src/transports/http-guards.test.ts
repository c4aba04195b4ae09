import { describe, expect, it } from "vitest";
import { bearerChecker, hostChecker, normalizeOrigin, originChecker } from "./http-guards.js";

describe("hostChecker", () => {
  it("on loopback accepts the loopback names on any port and nothing else", () => {
    const ok = hostChecker({ bindHost: "127.0.0.1", allowedHosts: [] });
    for (const host of [
      "127.0.0.1",
      "127.0.0.1:3000",
      "localhost:3000",
      "LOCALHOST",
      "[::1]:8080",
      "localhost.",
    ]) {
      expect(ok(host), host).toBe(true);
    }
    for (const host of [
      undefined,
      "",
      "evil.example",
      "evil.example:3000",
      "127.0.0.1.evil.example",
      "evil.example@127.0.0.1",
      "127.0.0.1/x",
      "localhost:abc",
      "[::2]:3000",
      "10.0.0.1",
    ]) {
      expect(ok(host), String(host)).toBe(false);
    }
  });

  it("binds to IPv6 loopback with brackets", () => {
    const ok = hostChecker({ bindHost: "::1", allowedHosts: [] });
    expect(ok("[::1]:3000")).toBe(true);
    expect(ok("localhost:3000")).toBe(true);
    expect(ok("::1")).toBe(false);
  });

  it("on a specific address accepts only it and --allowed-hosts", () => {
    const ok = hostChecker({
      bindHost: "10.1.2.3",
      allowedHosts: ["mcp.example.com", "lb.example.com:8443"],
    });
    expect(ok("10.1.2.3:3000")).toBe(true);
    expect(ok("10.1.2.3")).toBe(true);
    expect(ok("mcp.example.com")).toBe(true);
    expect(ok("MCP.example.com:443")).toBe(true);
    expect(ok("lb.example.com:8443")).toBe(true);
    expect(ok("lb.example.com")).toBe(false);
    expect(ok("lb.example.com:443")).toBe(false);
    expect(ok("localhost:3000")).toBe(false);
    expect(ok("127.0.0.1:3000")).toBe(false);
  });

  it("on a wildcard address accepts loopback and this machine's addresses", () => {
    const ok = hostChecker({ bindHost: "0.0.0.0", allowedHosts: [] });
    expect(ok("127.0.0.1:3000")).toBe(true);
    expect(ok("localhost")).toBe(true);
    expect(ok("evil.example:3000")).toBe(false);
  });
});

describe("originChecker", () => {
  it("on loopback accepts local pages and the allowed list, refuses the rest", () => {
    const ok = originChecker({ bindHost: "127.0.0.1", allowedOrigins: ["https://app.example.com"] });
    for (const origin of [
      "http://localhost:6274",
      "http://127.0.0.1:3000",
      "https://[::1]:8443",
      "https://app.example.com",
      "https://APP.example.com:443",
    ]) {
      expect(ok(origin), origin).toBe(true);
    }
    for (const origin of [
      "https://evil.example",
      "http://app.example.com",
      "https://app.example.com:8443",
      "null",
      "file://",
      "chrome-extension://abc",
      "http://localhost.evil.example",
      "",
    ]) {
      expect(ok(origin), origin).toBe(false);
    }
  });

  it("on another address accepts only the allowed list, not local pages", () => {
    const ok = originChecker({ bindHost: "0.0.0.0", allowedOrigins: ["https://app.example.com/"] });
    expect(ok("https://app.example.com")).toBe(true);
    expect(ok("http://localhost:6274")).toBe(false);
  });

  it("normalizes origins as browsers send them", () => {
    expect(normalizeOrigin("HTTPS://Example.COM:443/")).toBe("https://example.com");
    expect(normalizeOrigin("http://example.com:8080")).toBe("http://example.com:8080");
    expect(normalizeOrigin("null")).toBeUndefined();
    expect(normalizeOrigin("ftp://example.com")).toBeUndefined();
  });
});

describe("bearerChecker", () => {
  const ok = bearerChecker("s3cret-token");
  it("accepts exactly the token, any case of the scheme", () => {
    expect(ok("Bearer s3cret-token")).toBe(true);
    expect(ok("bearer s3cret-token")).toBe(true);
  });
  it("refuses everything else", () => {
    for (const value of [
      undefined,
      "",
      "Bearer",
      "Bearer ",
      "s3cret-token",
      "Basic s3cret-token",
      "Bearer s3cret-token2",
      "Bearer s3cret-toke",
      "Bearer S3CRET-TOKEN",
      "Bearer s3cret-token extra",
    ]) {
      expect(ok(value), String(value)).toBe(false);
    }
  });
});
