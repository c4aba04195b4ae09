import { createHash, timingSafeEqual } from "node:crypto";
import { networkInterfaces } from "node:os";
import { isLoopback } from "../config.js";

/**
 * Who may talk to the HTTP transport: the Host and Origin checks that stop DNS rebinding and foreign
 * web pages, and the bearer token check. Pure functions of the request headers.
 */

const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "[::1]"];
const WILDCARD_HOSTS = new Set(["0.0.0.0", "::", "[::]"]);
/** A Host header value: a DNS name, an IPv4 address or a bracketed IPv6 address, and an optional port. */
const HOST_HEADER = /^(\[[0-9a-f:.]+\]|[a-z0-9_.-]+)(?::(\d{1,5}))?$/;

/** "::1" -> "[::1]", lower case, as it appears in a Host header or URL; "name:port" is left as is. */
export function bracketHost(host: string): string {
  const h = host.trim().toLowerCase();
  return h.indexOf(":") !== h.lastIndexOf(":") && !h.startsWith("[") ? `[${h}]` : h;
}

function isLoopbackName(hostname: string): boolean {
  return isLoopback(hostname) || isLoopback(hostname.replace(/^\[|\]$/g, ""));
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces())
    .flat()
    .flatMap((nic) => (nic ? [bracketHost(nic.address)] : []));
}

export interface HostPolicy {
  /** The address the server is bound to, e.g. "127.0.0.1", "0.0.0.0" or "::1". */
  bindHost: string;
  /** Extra values: "name" accepts the name on any port, "name:port" only that port. */
  allowedHosts: string[];
}

/**
 * Builds the Host check. Accepted, on any port: the bound address; when it is a loopback address, also
 * localhost, 127.0.0.1 and [::1]; when it is a wildcard (0.0.0.0, ::), the machine's interface addresses
 * and the loopback names. Plus `allowedHosts`. A missing or malformed Host is refused. The port is not
 * what DNS rebinding forges (the name is), so built-in names match on any port, which lets a proxy on
 * the same machine forward its own Host.
 */
export function hostChecker(policy: HostPolicy): (hostHeader: string | undefined) => boolean {
  const anyPort = new Set<string>();
  const exact = new Set<string>();
  const bind = bracketHost(policy.bindHost);
  if (WILDCARD_HOSTS.has(bind)) {
    for (const name of [...LOOPBACK_NAMES, ...interfaceAddresses()]) anyPort.add(name);
  } else {
    anyPort.add(bind);
    if (isLoopbackName(bind)) for (const name of LOOPBACK_NAMES) anyPort.add(name);
  }
  for (const entry of policy.allowedHosts) {
    const m = HOST_HEADER.exec(bracketHost(entry));
    if (!m?.[1]) continue;
    if (m[2] === undefined) anyPort.add(m[1]);
    else exact.add(`${m[1]}:${Number(m[2])}`);
  }
  return (hostHeader) => {
    const m = HOST_HEADER.exec((hostHeader ?? "").trim().toLowerCase());
    if (!m?.[1]) return false;
    const hostname = m[1].replace(/\.$/, "");
    return anyPort.has(hostname) || (m[2] !== undefined && exact.has(`${hostname}:${Number(m[2])}`));
  };
}

/** "HTTP://Example.com:443/" -> "http://example.com:443"; undefined when it is not an http(s) origin. */
export function normalizeOrigin(value: string): string | undefined {
  try {
    const url = new URL(value.trim());
    if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

export interface OriginPolicy {
  bindHost: string;
  /** Exact origins (scheme, host, port) of browser pages allowed to call. */
  allowedOrigins: string[];
}

/**
 * Builds the Origin check, for requests that carry an Origin header (browsers do; other clients don't,
 * and are accepted). Accepted: an origin in `allowedOrigins`; and, only when the server is bound to a
 * loopback address, an http(s) page served from localhost, 127.0.0.1 or [::1] on any port (a local
 * tool's UI on the same machine). Everything else, including "null" (sandboxed frames, file://), is refused.
 */
export function originChecker(policy: OriginPolicy): (origin: string) => boolean {
  const allowed = new Set(policy.allowedOrigins.flatMap((o) => normalizeOrigin(o) ?? []));
  const loopbackBound = isLoopbackName(bracketHost(policy.bindHost));
  return (origin) => {
    const normalized = normalizeOrigin(origin);
    if (normalized === undefined) return false;
    if (allowed.has(normalized)) return true;
    return loopbackBound && isLoopbackName(new URL(normalized).hostname);
  };
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value, "utf8").digest();
}

/**
 * Builds the bearer check for `Authorization: Bearer <token>`. Both sides are hashed to equal-length
 * digests and compared with timingSafeEqual, so neither the token's content nor its length leaks
 * through timing.
 */
export function bearerChecker(token: string): (authorization: string | undefined) => boolean {
  const expected = digest(token);
  return (authorization) => {
    const m = /^Bearer +(\S+) *$/i.exec(authorization ?? "");
    const same = timingSafeEqual(digest(m?.[1] ?? ""), expected);
    return same && m !== null;
  };
}
