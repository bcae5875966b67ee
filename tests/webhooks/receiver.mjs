#!/usr/bin/env node
// A gaflight webhook receiver written the way a partner would write one (SPEC §5), used by
// webhooks_test.py.  It verifies EVERY delivery it gets:
//   - X-GA-Webhook-Signature (and, during a rotation, -Primary / -Secondary) against
//     "sha256=" + hex(HMAC-SHA256(UTF-8 bytes of the secret, raw body)), compared with
//     crypto.timingSafeEqual, for each configured secret;
//   - the Standard Webhooks headers (webhook-id / webhook-timestamp / webhook-signature) with the
//     npm `standardwebhooks` package: new Webhook(secret).verify(rawBody, headers), for each
//     configured secret, accepted if any verifies;
//   - JSON.parse of the body.
// and records it.  A delivery is answered 2xx only when both signature schemes verified and the
// body parsed (a real receiver would refuse the rest), unless a failure was requested.
//
// Usage: node receiver.mjs [PORT]      (PORT 0 or absent: any free port)
//   prints {"port": N} on one line of stdout once listening on 127.0.0.1.
// Secrets: env WEBHOOK_SECRETS (JSON array or comma-separated) or WEBHOOK_SECRET, or the control
// endpoint below.
//
// Control (loopback only, JSON):
//   POST /__control {secrets?: [...], fail_next?: N, status?: S, location?: URL, delay_ms?: N,
//                    reject_unverified?: bool, clear?: bool}
//        fail_next N: the next N deliveries are answered with `status` (default 500; a 3xx gets a
//        Location header, `location` or "/redirected"); delay_ms: every delivery waits that long
//        before being answered (0 = none); clear: forget recorded deliveries (connection counters keep counting).
//   GET  /__deliveries → {port, connections, foreign_connections, max_in_flight, in_flight, deliveries}
//        connections counts every TCP connection accepted; foreign_connections leaves out the ones
//        that carried a /__control or /__deliveries request (so a TLS handshake or any request from
//        the server under test shows up there even when it is not a valid HTTP delivery)
//        each delivery: {seq, method, path, headers (lower-case names), body (raw text),
//        body_sha256, received_at_ms, answered_status, verified: {hmac, standard, json, all},
//        hmac_matches: {header: [secret indexes]}, standard_matches: [secret indexes], errors}
import http from "node:http";
import crypto from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { Webhook } = require("standardwebhooks");

function parseSecrets(text) {
  if (!text) return [];
  const t = text.trim();
  if (t.startsWith("[")) return JSON.parse(t).map(String);
  return t.split(",").map((s) => s.trim()).filter(Boolean);
}

const state = {
  secrets: parseSecrets(process.env.WEBHOOK_SECRETS || process.env.WEBHOOK_SECRET || ""),
  failNext: 0,
  failStatus: 500,
  location: "/redirected",
  delayMs: 0,
  rejectUnverified: true,
  deliveries: [],
  connections: 0,
  controlConnections: 0,
  inFlight: 0,
  maxInFlight: 0,
  seq: 0,
};

const SIG_HEADERS = ["x-ga-webhook-signature", "x-ga-webhook-signature-primary", "x-ga-webhook-signature-secondary"];

function hmacHex(secret, raw) {
  return "sha256=" + crypto.createHmac("sha256", Buffer.from(secret, "utf8")).update(raw).digest("hex");
}

function constantTimeEquals(a, b) {
  const ab = Buffer.from(a, "utf8");
  const bb = Buffer.from(b, "utf8");
  if (ab.length !== bb.length) {
    crypto.timingSafeEqual(ab, ab);  // spend the same time either way
    return false;
  }
  return crypto.timingSafeEqual(ab, bb);
}

function verifyDelivery(raw, headers) {
  const errors = [];
  const hmacMatches = {};
  for (const h of SIG_HEADERS) {
    const got = headers[h];
    if (typeof got !== "string") continue;
    hmacMatches[h] = [];
    state.secrets.forEach((secret, i) => {
      if (constantTimeEquals(hmacHex(secret, raw), got)) hmacMatches[h].push(i);
    });
  }
  // X-GA-Webhook-Signature carries the primary (newest) secret; during a rotation a receiver that
  // still only knows the old secret finds it in X-GA-Webhook-Signature-Secondary.
  const hmacOk = (hmacMatches["x-ga-webhook-signature"] || []).length > 0 ||
    (hmacMatches["x-ga-webhook-signature-secondary"] || []).length > 0;
  if (!hmacOk) errors.push("no configured secret matches X-GA-Webhook-Signature(-Secondary)");

  const standardMatches = [];
  state.secrets.forEach((secret, i) => {
    try {
      new Webhook(secret).verify(raw.toString("utf8"), headers);
      standardMatches.push(i);
    } catch (e) {
      errors.push(`standardwebhooks with secret #${i}: ${e.message}`);
    }
  });
  const standardOk = standardMatches.length > 0;

  let json = null;
  let jsonOk = false;
  try {
    json = JSON.parse(raw.toString("utf8"));
    jsonOk = json !== null && typeof json === "object";
  } catch (e) {
    errors.push("body is not JSON: " + e.message);
  }
  return { hmacOk, standardOk, jsonOk, hmacMatches, standardMatches, errors, json };
}

function sendJson(res, status, obj) {
  const text = JSON.stringify(obj);
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function control(body, res) {
  let c;
  try {
    c = JSON.parse(body.toString("utf8") || "{}");
  } catch (e) {
    return sendJson(res, 400, { error: "bad json" });
  }
  if (Array.isArray(c.secrets)) state.secrets = c.secrets.map(String);
  if (Number.isInteger(c.fail_next)) state.failNext = c.fail_next;
  if (Number.isInteger(c.status)) state.failStatus = c.status;
  if (typeof c.location === "string") state.location = c.location;
  if (Number.isInteger(c.delay_ms)) state.delayMs = c.delay_ms;
  if (typeof c.reject_unverified === "boolean") state.rejectUnverified = c.reject_unverified;
  if (c.clear) {
    state.deliveries = [];
    state.maxInFlight = state.inFlight;
  }
  sendJson(res, 200, { ok: true, secrets: state.secrets.length, fail_next: state.failNext, delay_ms: state.delayMs });
}

function deliver(req, raw, res) {
  const receivedAt = Date.now();
  state.inFlight += 1;
  state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
  let counted = true;
  const done = () => {
    if (counted) {
      counted = false;
      state.inFlight -= 1;
    }
  };
  res.on("close", done);
  res.on("finish", done);

  const headers = {};
  for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(", ") : v;
  const v = verifyDelivery(raw, headers);
  const allOk = v.hmacOk && v.standardOk && v.jsonOk;
  let status = 200;
  let text = "ok";
  const extra = {};
  if (state.failNext > 0) {
    state.failNext -= 1;
    status = state.failStatus;
    text = `failing on purpose with ${status}`;
    if (status >= 300 && status < 400) extra.Location = state.location;
  } else if (!allOk && state.rejectUnverified) {
    status = 401;
    text = "signature verification failed: " + v.errors.join("; ");
  }
  const rec = {
    seq: ++state.seq,
    method: req.method,
    path: req.url,
    headers,
    body: raw.toString("utf8"),
    body_sha256: crypto.createHash("sha256").update(raw).digest("hex"),
    received_at_ms: receivedAt,
    answered_status: status,
    verified: { hmac: v.hmacOk, standard: v.standardOk, json: v.jsonOk, all: allOk },
    hmac_matches: v.hmacMatches,
    standard_matches: v.standardMatches,
    errors: allOk ? [] : v.errors,
  };
  state.deliveries.push(rec);
  const answer = () => {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { "Content-Type": "text/plain", "Content-Length": Buffer.byteLength(text), ...extra });
    res.end(text);
  };
  if (state.delayMs > 0) setTimeout(answer, state.delayMs);
  else answer();
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    const raw = Buffer.concat(chunks);
    const path = (req.url || "/").split("?")[0];
    if ((path === "/__control" || path === "/__deliveries") && !req.socket.gafControl) {
      req.socket.gafControl = true;  // the test's own connection: not counted as foreign traffic
      state.controlConnections += 1;
    }
    if (path === "/__control" && req.method === "POST") return control(raw, res);
    if (path === "/__deliveries" && req.method === "GET") {
      return sendJson(res, 200, {
        port: server.address().port,
        connections: state.connections,
        foreign_connections: state.connections - state.controlConnections,
        in_flight: state.inFlight,
        max_in_flight: state.maxInFlight,
        deliveries: state.deliveries,
      });
    }
    if (req.method !== "POST") return sendJson(res, 405, { error: "deliveries are POSTs" });
    deliver(req, raw, res);
  });
});
server.on("connection", () => {
  state.connections += 1;
});
server.on("clientError", (err, socket) => {
  // e.g. a TLS ClientHello sent to this plain-http port: counted as a connection, never a delivery
  socket.destroy();
});
server.keepAliveTimeout = 30000;
server.headersTimeout = 35000;
server.requestTimeout = 0;

const port = Number.parseInt(process.argv[2] || "0", 10) || 0;
server.listen(port, "127.0.0.1", () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + "\n");
});
for (const sig of ["SIGTERM", "SIGINT"]) process.on(sig, () => process.exit(0));
