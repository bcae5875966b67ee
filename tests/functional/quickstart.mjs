// Node 18+ quickstart, written the way integrators write it: global fetch, the two headers,
// body.data.length. ESM, no npm dependencies.
//
// Config (env): BASE_URL, ORG_ID, API_KEY.  Usage: node tests/functional/quickstart.mjs
import process from 'node:process';

const BASE_URL = (process.env.BASE_URL || '').replace(/\/+$/, '');
const ORG_ID = process.env.ORG_ID;
const API_KEY = process.env.API_KEY;
if (!BASE_URL || !ORG_ID || !API_KEY) {
  console.error('BASE_URL, ORG_ID and API_KEY are required');
  process.exit(2);
}
const API = `${BASE_URL}/api/v1/public`;
const headers = { Authorization: `Bearer ${API_KEY}`, 'X-Org-Id': ORG_ID };
const MAX_PAGES = 100;
const deadline = Date.now() + 120_000;

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) {
    passed++;
    console.log(`PASS  ${name}`);
  } else {
    failed++;
    console.log(`FAIL  ${name}${detail ? ': ' + detail : ''}`);
  }
  return ok;
}

async function get(path) {
  const res = await fetch(`${API}${path}`, { headers, signal: AbortSignal.timeout(10_000) });
  const text = await res.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { res, body, text };
}

async function run() {
  // 1. list pilots
  const { res, body } = await get('/pilots');
  check('GET /pilots → 200', res.status === 200, `status ${res.status}`);
  if (res.status !== 200) return;
  check('body.data.length === 50', body.data.length === 50, `got ${body.data.length}`);
  check('cursor is a non-empty string', typeof body.cursor === 'string' && body.cursor.length > 0);
  check('X-Request-Id header present', res.headers.has('x-request-id'));
  check('RateLimit-Remaining header present', res.headers.has('ratelimit-remaining'));

  // 2. paginate through every pilot
  const all = [...body.data];
  let cursor = body.cursor;
  let pages = 1;
  while (cursor !== null) {
    if (pages >= MAX_PAGES || Date.now() > deadline) {
      check('pagination terminates', false, `${pages} pages`);
      break;
    }
    const page = await get(`/pilots?cursor=${encodeURIComponent(cursor)}`);
    if (!check(`page ${pages + 1} → 200`, page.res.status === 200, `status ${page.res.status} ${page.text.slice(0, 200)}`)) break;
    check(`page ${pages + 1} has 1..50 items`, page.body.data.length >= 1 && page.body.data.length <= 50,
      `got ${page.body.data.length}`);
    all.push(...page.body.data);
    cursor = page.body.cursor;
    pages++;
  }
  const ids = all.map((p) => p.id);
  check('>= 200 pilots via pagination', ids.length >= 200, `got ${ids.length}`);
  check('no duplicate pilots across pages', new Set(ids).size === ids.length);
  check('pilot ids ascending', ids.every((id, i) => i === 0 || ids[i - 1] < id));

  // 3. detail
  const target = all[Math.floor(all.length / 2)];
  const one = await get(`/pilots/${encodeURIComponent(target.id)}`);
  check('GET /pilots/{id} → 200', one.res.status === 200, `status ${one.res.status}`);
  check('detail equals the list item', JSON.stringify(one.body) === JSON.stringify(target));

  // 4. fleet and flights, one page each, plus a flight detail
  const fleet = await get('/fleet?limit=200');
  check('GET /fleet?limit=200 → 200', fleet.res.status === 200);
  check('fleet has >= 15 aircraft', fleet.body?.data?.length >= 15, `got ${fleet.body?.data?.length}`);
  const flights = await get('/flights?status=submitted&limit=25');
  check('GET /flights?status=submitted&limit=25 → 25 items', flights.body?.data?.length === 25);
  check('every item is submitted', (flights.body?.data ?? []).every((f) => f.status === 'submitted'));
  if (flights.body?.data?.length) {
    const f = flights.body.data[0];
    const fd = await get(`/flights/${encodeURIComponent(f.id)}`);
    check('GET /flights/{id} equals the list item', JSON.stringify(fd.body) === JSON.stringify(f));
  }

  // 5. errors as a fetch client sees them
  const bad = await get('/pilots?limit=0');
  check('limit=0 → 400', bad.res.status === 400, `status ${bad.res.status}`);
  check('error content-type is application/problem+json',
    (bad.res.headers.get('content-type') || '').startsWith('application/problem+json'));
  check('error code invalid_parameter', bad.body?.code === 'invalid_parameter', bad.text.slice(0, 200));
  const noKey = await fetch(`${API}/pilots`, { headers: { 'X-Org-Id': ORG_ID }, signal: AbortSignal.timeout(10_000) });
  check('no Authorization → 401', noKey.status === 401, `status ${noKey.status}`);
  check('401 has WWW-Authenticate: Bearer', /^bearer/i.test(noKey.headers.get('www-authenticate') || ''));
  await noKey.text();
}

try {
  await run();
} catch (e) {
  failed++;
  console.log(`FAIL  aborted: ${e && e.stack ? e.stack : e}`);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
