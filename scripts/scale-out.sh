#!/usr/bin/env bash
# Scale-out proof: two `--stateless` replicas behind nginx (round robin, 127.0.0.1 only) serve a 2025 MCP
# client and a 2026-07-28 one through every tool, the 2026 client's deletes confirmed through
# input_required (asked by one replica, answered through the other: they share ARIZE_MCP_STATE_SECRET),
# and the replicas' access logs show calls landed on both.
#
#   bash scripts/scale-out.sh        (after npm run build; installs nginx with apt-get if it is missing)
#
# One shared sandbox API (`dist/cli.js sandbox`) stands in for Arize, so both replicas see the same data,
# as they would with a real account. Ends with "scale-out: PASS ..." and exit 0, or "scale-out: FAIL ..."
# and exit 1. Every process it starts is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
REPLICAS=2
STEP_TIMEOUT=20   # seconds to wait for any one process to come up
CLIENT_TIMEOUT=90 # seconds for the whole client run

WORK=$(mktemp -d "${TMPDIR:-/tmp}/arize-mcp-scale-out.XXXXXX")
chmod 755 "$WORK" # nginx workers (www-data when started as root) read the temp paths under it
PIDS=()

cleanup() {
  local status=$?
  if [[ -f "$WORK/nginx.pid" ]]; then kill -QUIT "$(cat "$WORK/nginx.pid")" 2>/dev/null || true; fi
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $status -ne 0 && -n "${KEEP_LOGS:-}" ]]; then
    echo "scale-out: logs kept in $WORK" >&2
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

fail() {
  echo "scale-out: FAIL: $*" >&2
  for log in "$WORK"/*.log; do
    [[ -f "$log" ]] || continue
    echo "--- $(basename "$log") (last lines)" >&2
    tail -n 15 "$log" >&2
  done
  exit 1
}

# Waits until FILE contains a match for REGEX, prints the first match of its first group.
wait_for() {
  local file=$1 regex=$2 pid=$3
  for _ in $(seq 1 $((STEP_TIMEOUT * 10))); do
    if [[ -f "$file" ]] && grep -Eq "$regex" "$file"; then
      grep -Eo "$regex" "$file" | head -n 1 | sed -E "s#$regex#\\1#"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || fail "process $pid exited early (see $(basename "$file"))"
    sleep 0.1
  done
  fail "timed out waiting for $(basename "$file") to match $regex"
}

free_port() {
  node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

[[ -f dist/cli.js ]] || fail "dist/cli.js is missing: run npm run build first"

# --- nginx (Debian's package) ------------------------------------------------------------------------
NGINX=$(command -v nginx || true)
[[ -z "$NGINX" && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
if [[ -z "$NGINX" ]]; then
  [[ $(id -u) -eq 0 ]] || fail "nginx is not installed; run: sudo apt-get install nginx"
  echo "scale-out: installing nginx with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  timeout 300 apt-get update -qq >"$WORK/apt.log" 2>&1 || fail "apt-get update failed"
  timeout 300 apt-get install -y -qq --no-install-recommends nginx >>"$WORK/apt.log" 2>&1 ||
    fail "apt-get install nginx failed"
  # The package starts its own service on port 80 where it can; this script needs only the binary.
  if command -v systemctl >/dev/null 2>&1; then systemctl stop nginx >/dev/null 2>&1 || true; fi
  if [[ -f /run/nginx.pid ]]; then kill -QUIT "$(cat /run/nginx.pid)" 2>/dev/null || true; fi
  NGINX=/usr/sbin/nginx
fi
echo "scale-out: $("$NGINX" -v 2>&1)"

# --- one shared sandbox API ------------------------------------------------------------------------
node dist/cli.js sandbox --port 0 2>"$WORK/sandbox.log" &
PIDS+=($!)
SANDBOX_URL=$(wait_for "$WORK/sandbox.log" 'listening at (http://127\.0\.0\.1:[0-9]+)' "${PIDS[-1]}")
echo "scale-out: sandbox API at $SANDBOX_URL"

# --- the replicas ------------------------------------------------------------------------------------
# Every replica seals confirmation state with the same secret, so any of them can take the answer.
STATE_SECRET=$(node -e 'console.log(require("node:crypto").randomBytes(32).toString("hex"))')
UPSTREAMS=""
for i in $(seq 1 "$REPLICAS"); do
  ARIZE_BASE_URL=$SANDBOX_URL ARIZE_API_KEY=scale-out-key ARIZE_MCP_STATE_SECRET=$STATE_SECRET \
    node dist/cli.js --transport http --stateless --host 127.0.0.1 --port 0 2>"$WORK/replica-$i.log" &
  PIDS+=($!)
  url=$(wait_for "$WORK/replica-$i.log" 'MCP over Streamable HTTP at http://(127\.0\.0\.1:[0-9]+)/mcp' "${PIDS[-1]}")
  echo "scale-out: replica $i at http://$url/mcp (pid ${PIDS[-1]})"
  UPSTREAMS+="server $url max_fails=0; "
done

# --- nginx, round robin, loopback only -------------------------------------------------------------
NGINX_PORT=$(free_port)
mkdir -p "$WORK/tmp"
sed -e "s#@WORK@#$WORK#g" -e "s#@LISTEN@#127.0.0.1:$NGINX_PORT#g" -e "s#@UPSTREAMS@#$UPSTREAMS#g" \
  scripts/nginx-scale-out.conf.template >"$WORK/nginx.conf"
"$NGINX" -t -q -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/error.log" 2>"$WORK/nginx-test.log" ||
  fail "nginx rejected the configuration: $(cat "$WORK/nginx-test.log")"
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/error.log" -g "daemon off;" 2>>"$WORK/error.log" &
PIDS+=($!)
LB_URL="http://127.0.0.1:$NGINX_PORT/mcp"
for _ in $(seq 1 $((STEP_TIMEOUT * 10))); do
  curl -fsS "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null 2>&1 && break
  kill -0 "${PIDS[-1]}" 2>/dev/null || fail "nginx exited early"
  sleep 0.1
done
curl -fsS "http://127.0.0.1:$NGINX_PORT/healthz" >/dev/null 2>&1 || fail "nginx did not come up on $NGINX_PORT"
echo "scale-out: nginx round robin at $LB_URL"

# --- a client of each era through every tool -----------------------------------------------------------
# Bare imports resolve from the repository's node_modules (the client runs with the repo as cwd).
timeout "$CLIENT_TIMEOUT" node --input-type=module - "$LB_URL" >"$WORK/client.out" 2>"$WORK/client.log" <<'EOF' ||
import { Client } from "@modelcontextprotocol/client";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/client";
import { Client as LegacyClient } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport as LegacyTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const url = new URL(process.argv[2]);
function expect(ok, what) {
  if (!ok) throw new Error(`unexpected result: ${what}`);
}

/** A 2025 client (SDK 1.x) or a 2026-07-28 one (SDK 2.x, pinned); both say yes to every confirmation. */
async function connect(era) {
  const asked = [];
  const answer = async (request) => {
    asked.push(request.params.message);
    return { action: "accept", content: { confirm: true } };
  };
  const capabilities = { elicitation: { form: {} } };
  if (era === "2025") {
    const client = new LegacyClient({ name: "scale-out-2025", version: "1.0.0" }, { capabilities });
    client.setRequestHandler(ElicitRequestSchema, answer);
    const transport = new LegacyTransport(url);
    await client.connect(transport);
    if (transport.sessionId !== undefined) throw new Error("a stateless replica returned a session ID");
    return { client, asked };
  }
  const client = new Client(
    { name: "scale-out-2026", version: "1.0.0" },
    { capabilities, versionNegotiation: { mode: { pin: "2026-07-28" } } },
  );
  client.setRequestHandler("elicitation/create", answer);
  await client.connect(new StreamableHTTPClientTransport(url));
  expect(client.getProtocolEra() === "modern", "2026-07-28 negotiated");
  return { client, asked };
}

async function allTools(era) {
  const { client, asked } = await connect(era);
  const called = [];
  async function call(name, args) {
    const r = await client.callTool({ name, arguments: args });
    const text = r.content?.[0]?.text ?? "";
    if (r.isError) throw new Error(`${era}: ${name} failed: ${text}`);
    called.push(name);
    return { text, structured: r.structuredContent ?? {} };
  }
  const { tools } = await client.listTools();
  expect(tools.length > 0, "tools listed");
  const space = `scale-out-${era}-${Date.now()}`;
  expect((await call("list_organizations", {})).text.includes("Globex"), "list_organizations");
  expect((await call("list_spaces", { organization: "Acme ML", limit: 3 })).text.includes("3 spaces"), "list_spaces");
  expect((await call("get_space", { space: "fraud-models", organization: "Acme Research" })).structured.id, "get_space");
  const created = await call("create_space", { name: space, organization: "Globex", description: "scale-out" });
  const spaceId = created.structured.id;
  expect(spaceId, "create_space");
  // Created through one replica, found by name through the other: the state lives in the API only.
  expect((await call("update_space", { space, name: `${space}-b`, description: null })).text.includes(`${space}-b`), "update_space");
  expect((await call("list_users", { email: "grace" })).text.includes("grace.kim@globex.example"), "list_users");
  await call("add_space_user", { space: spaceId, user: "grace.kim@globex.example", role: "read-only" });
  await call("remove_space_user", { space: spaceId, user: "grace.kim@globex.example" });
  expect((await call("delete_space", { space: spaceId, confirm: `${space}-b` })).structured.deleted === true, "delete_space");
  // A stateless 2025 request has no session to ask over; a 2026-07-28 one asks in band, on any replica.
  const confirmations = era === "2025" ? 0 : 2;
  expect(asked.length === confirmations, `${era}: ${asked.length} confirmations asked, expected ${confirmations}`);
  await client.close();
  return { called, confirmations };
}

const runs = [await allTools("2025"), await allTools("2026")];
const called = runs.flatMap((r) => r.called);
// Each confirmation is answered by calling the tool again, with the answer: one more tools/call each.
const answers = runs.reduce((n, r) => n + r.confirmations, 0);
console.log(JSON.stringify({ tools: called, answers }));
EOF
  fail "the client failed: $(tail -n 5 "$WORK/client.log")"

read -r CALLED DISTINCT ANSWERS < <(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(r.tools.length, new Set(r.tools).size, r.answers);' "$WORK/client.out")
[[ "$CALLED" -gt 0 ]] || fail "the clients called no tools"
EXPECTED=$((CALLED + ANSWERS))

# --- where did the calls land? -------------------------------------------------------------------------
# A replica writes its access-log line when the response closes: give the last one a moment.
for _ in $(seq 1 20); do
  [[ $(cat "$WORK"/replica-*.log | grep -c '"rpc":"tools/call ') -ge "$EXPECTED" ]] && break
  sleep 0.1
done
TOTAL=0
SUMMARY=""
for i in $(seq 1 "$REPLICAS"); do
  n=$(grep -c '"rpc":"tools/call ' "$WORK/replica-$i.log" || true)
  tools=$(grep -o '"rpc":"tools/call [a-z_]*' "$WORK/replica-$i.log" | sed 's/.*tools\/call //' | paste -sd, - || true)
  echo "scale-out: replica $i served $n tool calls: ${tools:-none}"
  [[ "$n" -gt 0 ]] || fail "replica $i served no tool calls: round robin did not spread the load"
  TOTAL=$((TOTAL + n))
  SUMMARY+="${SUMMARY:+ + }$n"
done
# Every call, plus one per answered confirmation (the 2026 client calls again with the answer).
[[ "$TOTAL" -eq "$EXPECTED" ]] || fail "the replicas logged $TOTAL tool calls, not $EXPECTED"
grep -q 'scale-out-key' "$WORK"/replica-*.log && fail "a replica logged the API key"

echo "scale-out: PASS: $DISTINCT tools for a 2025 and a 2026-07-28 client through nginx round robin, calls split $SUMMARY across $REPLICAS stateless replicas"
