// Load driver for bench/webhooks/delivery_bench.sh (Node 18+, no dependencies).
//
// Talks to a running gaflight (console API) and to receiver.mjs, runs the phases, prints the
// summary table and writes the JSON result. Everything is configured through the environment
// that delivery_bench.sh sets (see the README). Times are CLOCK_MONOTONIC milliseconds
// (process.hrtime), the same clock the receiver stamps arrivals with.
import fs from "node:fs";
import http from "node:http";
import os from "node:os";

const env = process.env;
const num = (k, d) => (env[k] === undefined || env[k] === "" ? d : Number(env[k]));
const C = {
  base: new URL(env.GAF_BASE),
  org: env.GAF_ORG,
  email: env.GAF_EMAIL,
  password: env.GAF_PASSWORD,
  receiverPorts: env.RECEIVER_PORTS.split(",").map(Number),
  serverPid: Number(env.SERVER_PID),
  // Every node when several serve one database (delivery_bench.sh NODES > 1): CPU is their sum.
  serverPids: (env.SERVER_PIDS || env.SERVER_PID).split(",").map(Number),
  receiverPid: Number(env.RECEIVER_PID),
  latRate: num("LAT_RATE", 200),
  latSeconds: num("LAT_SECONDS", 10),
  latFanouts: (env.LAT_FANOUTS || "1,5").split(",").map(Number),
  rampRates: (env.RAMP_RATES ?? "500,1000").split(",").filter(Boolean).map(Number),
  rampSeconds: num("RAMP_SECONDS", 5),
  sustainFlights: num("SUSTAIN_FLIGHTS", 5000),
  sustainFanout: num("SUSTAIN_FANOUT", 10),
  sustainWorkers: num("SUSTAIN_WORKERS", 8),
  submitWorkers: num("SUBMIT_WORKERS", 8),
  drainTimeoutS: num("DRAIN_TIMEOUT", 60),
  outJson: env.OUT_JSON,
  selftest: env.RECEIVER_SELFTEST_JSON ? JSON.parse(env.RECEIVER_SELFTEST_JSON) : null,
  meta: env.BENCH_META_JSON ? JSON.parse(env.BENCH_META_JSON) : {},
};
// Issue 3's targets, and issue 10's stricter ones for one node (printed as well, so a run shows both).
const TARGET = { p95Ms: 50, deliveriesPerS: 2000, rssMb: 200 };
const TARGET_ISSUE10 = { p95Ms: 5, atRate: 1000, deliveriesPerS: 5000 };
const maxFanout = Math.max(C.sustainFanout, ...C.latFanouts, 1);
if (C.receiverPorts.length < maxFanout) throw new Error(`need ${maxFanout} receiver ports`);

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const sleep = (ms) => new Promise((r) => setTimeout(r, Math.max(0, ms)));
const log = (m) => process.stderr.write(`[driver] ${m}\n`);

// ---------------------------------------------------------------------------------------------
// HTTP
// ---------------------------------------------------------------------------------------------
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
function request(port, method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? null : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
    const h = { ...headers, "content-length": data ? data.length : 0 };
    if (data) h["content-type"] = "application/json";
    const req = http.request({ host: "127.0.0.1", port, method, path, agent, headers: h }, (res) => {
      const chunks = [];
      res.on("data", (c) => chunks.push(c));
      res.on("end", () => {
        const t = nowMs();
        const raw = Buffer.concat(chunks);
        let json = null;
        try {
          json = raw.length ? JSON.parse(raw) : null;
        } catch {
          json = { raw: raw.toString().slice(0, 300) };
        }
        resolve({ status: res.statusCode, json, headers: res.headers, t });
      });
      res.on("error", reject);
    });
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error(`timeout ${method} ${path}`)));
    if (data) req.write(data);
    req.end();
  });
}
const server = (m, p, b, h) => request(Number(C.base.port), m, p, b, h);
const receiver = (m, p, b) => request(C.receiverPorts[0], m, p, b);

let cookie = "";
let csrf = "";
async function login() {
  const r = await server("POST", "/api/v1/console/login", { email: C.email, password: C.password });
  if (r.status !== 200) throw new Error(`login -> ${r.status} ${JSON.stringify(r.json)}`);
  const sc = [].concat(r.headers["set-cookie"] || []).find((c) => c.startsWith("gaf_session="));
  if (!sc) throw new Error("login set no gaf_session cookie");
  cookie = sc.split(";")[0];
  csrf = r.json.csrf_token;
}
function consoleCall(method, path, body) {
  const h = { cookie };
  if (method !== "GET") h["x-csrf-token"] = csrf;
  return server(method, `/api/v1/console/orgs/${C.org}${path}`, body, h);
}
async function must(p, ok, what) {
  const r = await p;
  if (!ok.includes(r.status)) throw new Error(`${what} -> ${r.status} ${JSON.stringify(r.json)}`);
  return r;
}

// ---------------------------------------------------------------------------------------------
// /proc sampling
// ---------------------------------------------------------------------------------------------
const CLK_TCK = 100;
const NCPU = os.cpus().length;
function cpuTicks(pid) {
  try {
    const s = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = s.slice(s.lastIndexOf(")") + 2).split(" ");
    return Number(f[11]) + Number(f[12]);
  } catch {
    return 0;
  }
}
function machineTicks() {
  const f = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
  return { total: f.reduce((a, b) => a + b, 0), idle: f[3] + (f[4] || 0) };
}
function statusKb(pid, key) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/status`, "utf8").match(new RegExp(`^${key}:\\s+(\\d+) kB`, "m"));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}
function threadsOf(pid) {
  try {
    return Number(fs.readFileSync(`/proc/${pid}/status`, "utf8").match(/^Threads:\s+(\d+)/m)[1]);
  } catch {
    return 0;
  }
}
function threadTicks(pid) {
  const out = {};
  try {
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) out[tid] = cpuTicks(`${pid}/task/${tid}`);
  } catch { /* gone */ }
  return out;
}
function cpuSnap() {
  return { t: nowMs(), server: C.serverPids.reduce((s, p) => s + cpuTicks(p), 0), receiver: cpuTicks(C.receiverPid), driver: cpuTicks(process.pid),
           machine: machineTicks(), threads: threadTicks(C.serverPid) };
}
function cpuDelta(a, b) {
  const wall = (b.t - a.t) / 1000;
  const cores = (x, y) => +((y - x) / CLK_TCK / wall).toFixed(2);
  const busy = 1 - (b.machine.idle - a.machine.idle) / Math.max(1, b.machine.total - a.machine.total);
  const r = { server: cores(a.server, b.server), receiver: cores(a.receiver, b.receiver),
              driver: cores(a.driver, b.driver), machine_busy: +busy.toFixed(2) };
  // Cores busy with anything else on the host (other builds, other benches): noise.
  r.others = +Math.max(0, busy * NCPU - r.server - r.receiver - r.driver).toFixed(2);
  // The server's busiest threads (one at ~1.0 would be a single-threaded ceiling).
  r.server_threads_top = Object.entries(b.threads).map(([tid, v]) => cores(a.threads[tid] || 0, v))
    .sort((x, y) => y - x).slice(0, 3);
  return r;
}
let rssMaxKb = 0;
const rssTimer = setInterval(() => { rssMaxKb = Math.max(rssMaxKb, statusKb(C.serverPid, "VmRSS")); }, 200);

// ---------------------------------------------------------------------------------------------
// Stats
// ---------------------------------------------------------------------------------------------
function pct(sorted, p) {
  if (!sorted.length) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return +sorted[i].toFixed(2);
}
function summary(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: pct(s, 50), p95: pct(s, 95), p99: pct(s, 99), max: s.length ? +s[s.length - 1].toFixed(2) : null,
           min: s.length ? +s[0].toFixed(2) : null };
}

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------
let pilots = [];
let aircraft = [];
const hooks = []; // {id, secret, index}
let flightSeq = 0;

function flightBody() {
  const i = flightSeq++;
  const day = new Date(Date.now() - 86400_000 * (2 + (i % 20)));
  day.setUTCHours(0, 30, 0, 0);
  const off = new Date(day.getTime() + ((i * 37) % 1200) * 60_000);
  const t = (m) => new Date(off.getTime() + m * 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
  const hobbs = 1000 + (i % 5000);
  return {
    date: t(0).slice(0, 10), aircraft_id: aircraft[i % aircraft.length].id, pilot_id: pilots[(i * 7) % pilots.length].id,
    purpose: "rental", departure_icao: "LFPN", arrival_icao: "LFPT",
    off_block_at: t(0), takeoff_at: t(8), landing_at: t(62), on_block_at: t(70), landings_day: 1,
    hobbs_start_hours: hobbs, hobbs_end_hours: hobbs + 1.2, tach_start_hours: hobbs, tach_end_hours: hobbs + 1.0,
    remarks: `delivery bench #${i}`,
  };
}

async function submitMany(n) {
  const ids = [];
  let next = 0;
  const t0 = nowMs();
  await Promise.all(Array.from({ length: C.submitWorkers }, async () => {
    while (next < n) {
      next++;
      const r = await must(consoleCall("POST", "/flights", flightBody()), [201], "submit flight");
      ids.push(r.json.id);
    }
  }));
  const s = (nowMs() - t0) / 1000;
  log(`submitted ${n} flights in ${s.toFixed(1)}s (${(n / s).toFixed(0)}/s)`);
  return ids;
}

async function setup() {
  await login();
  pilots = (await must(consoleCall("GET", "/pilots?limit=200"), [200], "pilots")).json.data;
  aircraft = (await must(consoleCall("GET", "/fleet?limit=200"), [200], "fleet")).json.data;
  const secrets = {};
  for (let i = 0; i < maxFanout; i++) {
    const r = await must(consoleCall("POST", "/webhooks", {
      url: `http://127.0.0.1:${C.receiverPorts[i]}/hooks/${i}`, description: `bench receiver ${i}`,
      event_types: ["flight.approved"], active: false,
    }), [201], "create webhook");
    hooks.push({ id: r.json.id, index: i, active: r.json.active });
    secrets[String(i)] = r.json.secret;
  }
  await must(receiver("PUT", "/_secrets", secrets), [204], "receiver secrets");
}

async function setFanout(k) {
  for (const h of hooks) {
    const want = h.index < k;
    if (h.active === want) continue;
    await must(consoleCall("PATCH", `/webhooks/${h.id}`, { active: want }), [200], "patch webhook");
    h.active = want;
  }
}

async function waitDeliveries(expected, sinceMs) {
  const deadline = nowMs() + C.drainTimeoutS * 1000;
  let last = -1;
  let stable = 0;
  for (;;) {
    const st = (await receiver("GET", "/_stats")).json;
    if (st.received >= expected) return st;
    if (nowMs() > deadline) {
      log(`timed out waiting for deliveries: ${st.received}/${expected} after ${((nowMs() - sinceMs) / 1000).toFixed(1)}s`);
      return st;
    }
    stable = st.received === last ? stable + 1 : 0;
    last = st.received;
    await sleep(50);
  }
}

// Deliveries of the phase, deduplicated per (flight, endpoint) keeping the first arrival.
function analyse(records, sent, fanout) {
  const first = new Map();
  let dupes = 0;
  let foreign = 0;
  for (const [t, ep, fid, , , attempt] of records) {
    if (!sent.has(fid) || ep >= fanout) {
      foreign++;
      continue;
    }
    const k = `${fid}|${ep}`;
    if (first.has(k)) {
      dupes++;
      continue;
    }
    first.set(k, { t, ep, fid, attempt });
  }
  const lat = [];
  const e2e = [];
  const perFlightLast = new Map();
  let retried = 0;
  for (const d of first.values()) {
    const s = sent.get(d.fid);
    if (s.tr === undefined) continue;
    lat.push(d.t - s.tr);
    e2e.push(d.t - s.ts);
    if (d.attempt > 1) retried++;
    perFlightLast.set(d.fid, Math.max(perFlightLast.get(d.fid) ?? -Infinity, d.t - s.tr));
  }
  const allN = [...perFlightLast.entries()].filter(([fid]) => {
    let n = 0;
    for (let ep = 0; ep < fanout; ep++) if (first.has(`${fid}|${ep}`)) n++;
    return n === fanout;
  }).map(([, v]) => v);
  return { unique: first.size, dupes, foreign, retried, lat: summary(lat), sendToReceipt: summary(e2e),
           lastOfFanout: summary(allN), early: lat.filter((x) => x < 0).length, times: [...first.values()].map((d) => d.t) };
}

// ---------------------------------------------------------------------------------------------
// Phases
// ---------------------------------------------------------------------------------------------
const phases = [];

// Open loop: approve i is sent at t0 + i/rate whatever happened to the earlier ones.
async function pacedPhase(name, rate, seconds, fanout, ids) {
  await setFanout(fanout);
  await sleep(300);
  await must(receiver("POST", "/_reset"), [204], "receiver reset");
  const n = ids.length;
  const sent = new Map();
  const pending = new Set();
  let errors = 0;
  let maxLag = 0;
  const cpu0 = cpuSnap();
  const t0 = nowMs() + 10;
  for (let k = 0; k < n;) {
    const due = t0 + (k * 1000) / rate;
    const now = nowMs();
    if (now < due) {
      await sleep(due - now >= 2 ? due - now - 1 : 0);
      continue;
    }
    maxLag = Math.max(maxLag, now - due);
    const id = ids[k++];
    const rec = { ts: now };
    sent.set(id, rec);
    const p = consoleCall("POST", `/flights/${id}/approve`).then((r) => {
      if (r.status === 200) rec.tr = r.t;
      else { errors++; rec.err = r.status; }
    }, (e) => { errors++; rec.err = String(e); });
    pending.add(p);
    p.finally(() => pending.delete(p));
  }
  await Promise.all([...pending]);
  const tSent = nowMs();
  const okN = [...sent.values()].filter((r) => r.tr !== undefined).length;
  const st = await waitDeliveries(okN * fanout, tSent);
  const cpu1 = cpuSnap();
  const records = (await receiver("GET", "/_records")).json;
  const a = analyse(records, sent, fanout);
  const approve = summary([...sent.values()].filter((r) => r.tr !== undefined).map((r) => r.tr - r.ts));
  const sendSpan = (tSent - t0) / 1000;
  const ph = {
    name, kind: "paced", target_rate: rate, seconds, fanout, approvals: n, approve_errors: errors,
    achieved_rate: +(n / Math.max(0.001, Math.max(...[...sent.values()].map((r) => r.ts)) - t0) * 1000).toFixed(1),
    pacing_max_lag_ms: +maxLag.toFixed(1), send_span_s: +sendSpan.toFixed(2),
    deliveries_expected: okN * fanout, deliveries_unique: a.unique, duplicates: a.dupes, retried_deliveries: a.retried,
    missing: okN * fanout - a.unique, bad_signatures: st.bad_signature,
    latency_ms: a.lat, last_of_fanout_ms: a.lastOfFanout, send_to_receipt_ms: a.sendToReceipt,
    delivered_before_response: a.early, approve_ms: approve, cpu_cores: cpuDelta(cpu0, cpu1),
  };
  phases.push(ph);
  log(`${name}: ${ph.achieved_rate}/s x${fanout}: p50 ${a.lat.p50} p95 ${a.lat.p95} p99 ${a.lat.p99} ms; approve p50 ${approve.p50} p99 ${approve.p99} ms; missing ${ph.missing}`);
  return ph;
}

// Closed loop: W workers approve as fast as the server answers; the receiver's arrival rate over
// the steady window is the delivery throughput.
async function sustainedPhase(name, fanout, workers, ids) {
  await setFanout(fanout);
  await sleep(300);
  await must(receiver("POST", "/_reset"), [204], "receiver reset");
  const sent = new Map();
  let next = 0;
  let errors = 0;
  const cpu0 = cpuSnap();
  const t0 = nowMs();
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < ids.length) {
      const id = ids[next++];
      const rec = { ts: nowMs() };
      sent.set(id, rec);
      try {
        const r = await consoleCall("POST", `/flights/${id}/approve`);
        if (r.status === 200) rec.tr = r.t;
        else errors++;
      } catch {
        errors++;
      }
    }
  }));
  const tApproved = nowMs();
  const okN = [...sent.values()].filter((r) => r.tr !== undefined).length;
  const st = await waitDeliveries(okN * fanout, tApproved);
  const tDrained = nowMs();
  const cpu1 = cpuSnap();
  const records = (await receiver("GET", "/_records")).json;
  const a = analyse(records, sent, fanout);
  const times = a.times.sort((x, y) => x - y);
  const first = times[0];
  const last = times[times.length - 1];
  // Steady window: drop the first and the last second (ramp-up, tail).
  const w0 = first + 1000;
  const w1 = last - 1000;
  const inWindow = times.filter((t) => t >= w0 && t <= w1).length;
  const steady = w1 > w0 ? inWindow / ((w1 - w0) / 1000) : a.unique / Math.max(0.001, (last - first) / 1000);
  const perSecond = [];
  for (let s = first; s < last; s += 1000) perSecond.push(times.filter((t) => t >= s && t < s + 1000).length);
  const approveRate = okN / ((tApproved - t0) / 1000);
  // After the last approve the engine drains the backlog alone (no competing writers).
  const d0 = tApproved + 500;
  const d1 = last - 500;
  const drainOnly = d1 - d0 >= 2000 ? times.filter((t) => t >= d0 && t <= d1).length / ((d1 - d0) / 1000) : null;
  const ph = {
    name, kind: "sustained", fanout, workers, approvals: ids.length, approve_errors: errors,
    approve_rate: +approveRate.toFixed(1), offered_deliveries_per_s: +(approveRate * fanout).toFixed(0),
    approve_span_s: +((tApproved - t0) / 1000).toFixed(2),
    deliveries_expected: okN * fanout, deliveries_unique: a.unique, duplicates: a.dupes, missing: okN * fanout - a.unique,
    bad_signatures: st.bad_signature, retried_deliveries: a.retried,
    delivery_span_s: +((last - first) / 1000).toFixed(2), drain_after_last_approve_s: +((last - tApproved) / 1000).toFixed(2),
    sustained_deliveries_per_s: +steady.toFixed(0),
    backlog_only_deliveries_per_s: drainOnly === null ? null : +drainOnly.toFixed(0), overall_deliveries_per_s: +(a.unique / ((last - t0) / 1000)).toFixed(0),
    per_second: perSecond, latency_ms: a.lat, approve_ms: summary([...sent.values()].filter((r) => r.tr).map((r) => r.tr - r.ts)),
    cpu_cores: cpuDelta(cpu0, cpu1), wait_s: +((tDrained - tApproved) / 1000).toFixed(2),
  };
  phases.push(ph);
  log(`${name}: approvals ${ph.approve_rate}/s x${fanout} = offered ${ph.offered_deliveries_per_s}/s; delivered steady ${ph.sustained_deliveries_per_s}/s; drain ${ph.drain_after_last_approve_s}s after the last approve`);
  return ph;
}

// ---------------------------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------------------------
const fmt = (v, w = 8) => String(v === null || v === undefined ? "-" : v).padStart(w);

async function main() {
  const tStart = nowMs();
  await setup();
  const q0 = cpuSnap();
  await sleep(1000);
  const background = cpuDelta(q0, cpuSnap());
  if (background.others > 0.25) log(`WARNING: ${background.others} of ${NCPU} cores busy with other processes before the bench: figures will be noisy`);
  const rssIdleKb = statusKb(C.serverPid, "VmRSS");
  const latN = Math.round(C.latRate * C.latSeconds);
  const plan = [
    { name: "warm-up", rate: 100, seconds: 1, fanout: 1, n: 100 },
    ...C.latFanouts.map((f) => ({ name: `latency ${C.latRate}/s fan-out ${f}`, rate: C.latRate, seconds: C.latSeconds, fanout: f, n: latN })),
    ...C.rampRates.map((r) => ({ name: `ramp ${r}/s fan-out 1`, rate: r, seconds: C.rampSeconds, fanout: 1, n: Math.round(r * C.rampSeconds) })),
  ];
  const total = plan.reduce((s, p) => s + p.n, 0) + C.sustainFlights;
  log(`pre-submitting ${total} flights`);
  const ids = await submitMany(total);
  let off = 0;
  const take = (n) => ids.slice(off, (off += n));
  for (const p of plan) {
    const ph = await pacedPhase(p.name, p.rate, p.seconds, p.fanout, take(p.n));
    if (p.name === "warm-up") phases.pop();
  }
  await sustainedPhase(`sustained fan-out ${C.sustainFanout}`, C.sustainFanout, C.sustainWorkers, take(C.sustainFlights));
  await setFanout(0);

  const rss = { idle_mb: +(rssIdleKb / 1024).toFixed(1), max_sampled_mb: +(rssMaxKb / 1024).toFixed(1),
                hwm_mb: +(statusKb(C.serverPid, "VmHWM") / 1024).toFixed(1), threads: threadsOf(C.serverPid) };
  clearInterval(rssTimer);
  const metricsText = await new Promise((resolve) => {
    http.get({ host: "127.0.0.1", port: Number(C.base.port), path: "/metrics" }, (res) => {
      let s = "";
      res.on("data", (c) => (s += c));
      res.on("end", () => resolve(s));
    }).on("error", () => resolve(""));
  });
  const webhookMetrics = metricsText.split("\n").filter((l) => l.startsWith("gaflight_webhook"));

  // ---- report ----
  const lat = phases.filter((p) => p.kind === "paced");
  const sus = phases.find((p) => p.kind === "sustained");
  console.log("");
  console.log("phase                          target/s achieved/s fan-out deliveries missing  dup   p50 ms   p95 ms   p99 ms   max ms  approve p50/p99 ms  cpu srv/recv/drv/other");
  for (const p of lat) {
    console.log(`${p.name.padEnd(30)} ${fmt(p.target_rate)} ${fmt(p.achieved_rate, 10)} ${fmt(p.fanout, 7)} ${fmt(p.deliveries_unique, 10)} ${fmt(p.missing, 7)} ${fmt(p.duplicates, 4)} ${fmt(p.latency_ms.p50)} ${fmt(p.latency_ms.p95)} ${fmt(p.latency_ms.p99)} ${fmt(p.latency_ms.max)} ${fmt(`${p.approve_ms.p50}/${p.approve_ms.p99}`, 19)} ${fmt(`${p.cpu_cores.server}/${p.cpu_cores.receiver}/${p.cpu_cores.driver}/${p.cpu_cores.others}`, 23)}`);
  }
  if (sus) {
    console.log(`${sus.name.padEnd(30)} ${fmt("max")} ${fmt(sus.approve_rate, 10)} ${fmt(sus.fanout, 7)} ${fmt(sus.deliveries_unique, 10)} ${fmt(sus.missing, 7)} ${fmt(sus.duplicates, 4)} ${fmt(sus.latency_ms.p50)} ${fmt(sus.latency_ms.p95)} ${fmt(sus.latency_ms.p99)} ${fmt(sus.latency_ms.max)} ${fmt(`${sus.approve_ms.p50}/${sus.approve_ms.p99}`, 19)} ${fmt(`${sus.cpu_cores.server}/${sus.cpu_cores.receiver}/${sus.cpu_cores.driver}/${sus.cpu_cores.others}`, 23)}`);
    console.log(`  sustained: approvals ${sus.approve_rate}/s x ${sus.fanout} endpoints = ${sus.offered_deliveries_per_s} deliveries/s offered; ` +
      `received ${sus.sustained_deliveries_per_s}/s over the steady window (${sus.overall_deliveries_per_s}/s overall), ` +
      `last delivery ${sus.drain_after_last_approve_s}s after the last approve; per second: ${sus.per_second.join(" ")}`);
    console.log(`  sustained: server's busiest threads (cores): ${sus.cpu_cores.server_threads_top.join(", ")}; ` +
      `backlog drained after the last approve at ${sus.backlog_only_deliveries_per_s ?? "-"}/s (engine alone, no concurrent approvals)`);
  }
  console.log(`  latency = receipt at the receiver - the approve response (CLOCK_MONOTONIC, same host); negative = delivered before the response arrived (${lat.map((p) => p.delivered_before_response).join("/")} per phase)`);
  console.log(`  cpu = cores used during the phase by gaflight / the receiver / this driver / every other process on the host (${NCPU} cores; before the bench: ${background.others} busy elsewhere)`);
  console.log(`  server RSS: idle ${rss.idle_mb} MB, max sampled ${rss.max_sampled_mb} MB, VmHWM ${rss.hwm_mb} MB; threads ${rss.threads}`);
  if (C.selftest) {
    console.log(`  receiver self-test (wrk, signed POSTs, ${C.selftest.connections} connections): ${C.selftest.rps} req/s, ` +
      `p99 ${C.selftest.p99_ms} ms` + (sus ? ` = ${(C.selftest.rps / Math.max(1, sus.sustained_deliveries_per_s)).toFixed(1)}x the sustained delivery rate` : ""));
  }
  const fanLat = (f) => lat.find((p) => p.target_rate === C.latRate && p.fanout === f && p.name.startsWith("latency"));
  const targets = [];
  for (const f of C.latFanouts) {
    const p = fanLat(f);
    const v = p ? p.latency_ms.p95 : null;
    const ok = v !== null && v <= TARGET.p95Ms && p.missing === 0;
    targets.push({ name: `p95 <= ${TARGET.p95Ms} ms at ${C.latRate} events/s, fan-out ${f}`, value: v, unit: "ms", pass: ok });
  }
  if (sus) {
    targets.push({ name: `sustained >= ${TARGET.deliveriesPerS} deliveries/s`, value: sus.sustained_deliveries_per_s, unit: "/s",
                   pass: sus.sustained_deliveries_per_s >= TARGET.deliveriesPerS && sus.missing === 0 });
  }
  const at1000 = lat.find((p) => p.target_rate === TARGET_ISSUE10.atRate && p.fanout === 1);
  if (at1000) {
    targets.push({ name: `issue 10: p95 <= ${TARGET_ISSUE10.p95Ms} ms at ${TARGET_ISSUE10.atRate} events/s`, value: at1000.latency_ms.p95,
                   unit: "ms", pass: at1000.latency_ms.p95 <= TARGET_ISSUE10.p95Ms && at1000.missing === 0 });
  }
  if (sus) {
    targets.push({ name: `issue 10: sustained >= ${TARGET_ISSUE10.deliveriesPerS} deliveries/s`, value: sus.sustained_deliveries_per_s,
                   unit: "/s", pass: sus.sustained_deliveries_per_s >= TARGET_ISSUE10.deliveriesPerS && sus.missing === 0 });
  }
  targets.push({ name: `server RSS (VmHWM) <= ${TARGET.rssMb} MB`, value: rss.hwm_mb, unit: "MB", pass: rss.hwm_mb > 0 && rss.hwm_mb <= TARGET.rssMb });
  console.log("");
  for (const t of targets) console.log(`target ${t.name.padEnd(46)}: ${fmt(t.value, 8)} ${t.unit.padEnd(3)} ${t.pass ? "PASS" : "MISS"}`);
  const problems = phases.filter((p) => p.missing > 0 || p.approve_errors > 0 || p.bad_signatures > 0);
  const valid = problems.length === 0;
  console.log(`RESULT: ${valid ? "valid" : "INVALID (" + problems.map((p) => `${p.name}: missing ${p.missing}, approve errors ${p.approve_errors}, bad signatures ${p.bad_signatures}`).join("; ") + ")"}`);

  const out = {
    bench: "webhook_delivery", generated_at: new Date().toISOString(), duration_s: +((nowMs() - tStart) / 1000).toFixed(1),
    host: { cpus: os.cpus().length, cpu_model: os.cpus()[0]?.model, mem_mb: Math.round(os.totalmem() / 2 ** 20), node: process.version },
    config: { lat_rate: C.latRate, lat_seconds: C.latSeconds, lat_fanouts: C.latFanouts, ramp_rates: C.rampRates,
              ramp_seconds: C.rampSeconds, sustain_flights: C.sustainFlights, sustain_fanout: C.sustainFanout,
              sustain_workers: C.sustainWorkers },
    meta: C.meta, background_cpu_before: background, receiver_selftest: C.selftest, phases, rss, targets, valid, server_webhook_metrics: webhookMetrics,
  };
  fs.writeFileSync(C.outJson, JSON.stringify(out, null, 2) + "\n");
  console.log(`JSON: ${C.outJson}`);
  agent.destroy();
  process.exit(valid ? 0 : 2);
}

main().catch((e) => {
  log(`ERROR: ${e.stack || e}`);
  process.exit(1);
});
