// Webhook receiver for bench/webhooks/delivery_bench.sh: Node's http module on 127.0.0.1.
//
//   node receiver.mjs --ports K      listens on K loopback ports (port 0 of the OS each), prints
//                                    {"pid":…, "ports":[…]} on one line, serves until SIGTERM.
//
// Endpoint i of the bench is http://127.0.0.1:<ports[i]>/hooks/<i>: one port per endpoint, as if
// each subscriber were its own host (libcurl caps connections per host:port, and real fan-out goes
// to different hosts). Every delivery is verified like a third-party receiver would
// ("sha256=" + hex HMAC-SHA256(secret, raw body), crypto.timingSafeEqual), parsed, and recorded
// with its arrival time on CLOCK_MONOTONIC (process.hrtime), which the driver shares.
//
// Control API (any port): PUT /_secrets {"<i>": "whsec_…"} · POST /_reset · GET /_stats ·
// GET /_records → [[t_ms, endpoint, flight_id, event_id, delivery_id, attempt], …] since the last
// reset. The path /hooks/selftest accepts the secret "selftest" (for the wrk capacity check).
import crypto from "node:crypto";
import http from "node:http";

const args = process.argv.slice(2);
const nPorts = Number(args[args.indexOf("--ports") + 1] || 1);

const secrets = new Map([["selftest", Buffer.from("selftest", "utf8")]]);
let records = [];
let stats = { received: 0, bad_signature: 0, bad_json: 0, selftest: 0 };

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function verify(name, raw, header) {
  const key = secrets.get(name);
  if (!key || typeof header !== "string") return false;
  const expected = Buffer.from("sha256=" + crypto.createHmac("sha256", key).update(raw).digest("hex"), "utf8");
  const got = Buffer.from(header, "utf8");
  return got.length === expected.length && crypto.timingSafeEqual(got, expected);
}

function reply(res, status, body = "", type = "text/plain") {
  res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  res.end(body);
}

function handle(req, res) {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const t = nowMs();
    const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const url = req.url || "/";
    if (req.method === "POST" && url.startsWith("/hooks/")) {
      const name = url.slice(7);
      if (!verify(name, raw, req.headers["x-ga-webhook-signature"])) {
        stats.bad_signature++;
        return reply(res, 401, "bad signature");
      }
      if (name === "selftest") {
        stats.selftest++;
        return reply(res, 200);
      }
      let ev;
      try {
        ev = JSON.parse(raw);
      } catch {
        stats.bad_json++;
        return reply(res, 400, "bad json");
      }
      stats.received++;
      const obj = ev && ev.data && ev.data.object;
      records.push([t, Number(name), obj ? obj.id : null, ev.id, req.headers["x-ga-webhook-delivery"] || "",
                    Number(req.headers["x-ga-webhook-attempt"] || 0)]);
      return reply(res, 200);
    }
    if (req.method === "PUT" && url === "/_secrets") {
      for (const [k, v] of Object.entries(JSON.parse(raw))) secrets.set(k, Buffer.from(v, "utf8"));
      return reply(res, 204);
    }
    if (req.method === "POST" && url === "/_reset") {
      records = [];
      stats = { received: 0, bad_signature: 0, bad_json: 0, selftest: 0 };
      return reply(res, 204);
    }
    if (req.method === "GET" && url === "/_stats") return reply(res, 200, JSON.stringify(stats), "application/json");
    if (req.method === "GET" && url === "/_records") {
      return reply(res, 200, JSON.stringify(records), "application/json");
    }
    reply(res, 404, "not found");
  });
}

const servers = [];
const ports = [];
for (let i = 0; i < nPorts; i++) {
  const s = http.createServer({ keepAliveTimeout: 60_000, headersTimeout: 30_000, noDelay: true }, handle);
  s.maxRequestsPerSocket = 0;
  await new Promise((resolve) => s.listen(0, "127.0.0.1", resolve));
  servers.push(s);
  ports.push(s.address().port);
}
process.stdout.write(JSON.stringify({ pid: process.pid, ports }) + "\n");

const shutdown = () => {
  for (const s of servers) s.close();
  setTimeout(() => process.exit(0), 200).unref();
};
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
