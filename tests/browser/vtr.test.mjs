// Verified training records: issue a VTR from the console, open its verify page, drop the pack (match)
// and a copy with one changed byte (mismatch) — in English and French. Needs the demo's training data
// (enrolments with signed lessons).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openConsole, demo, tid, catalog, waitFor, BASE } from './support.mjs';

let s;
let dir;
const en = catalog('en');
const fr = catalog('fr');

async function consoleApi(method, p, body) {
  return s.page.evaluate(async ({ method, p, body }) => {
    const me = await (await fetch('/api/v1/console/me')).json();
    const res = await fetch(`/api/v1/console${p}`, {
      method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: res.status === 204 ? null : await res.json() };
  }, { method, p, body });
}

before(async () => {
  s = await openConsole();
  await s.login();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gaf-vtr-'));
});

after(async () => {
  if (s) await s.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

// Issues through the console's dialog and returns the new VTR id (from the detail page it lands on).
async function issueFromConsole(m) {
  await s.go('/training/vtr');
  assert.equal(await s.page.textContent('#page-title'), m['vtr.title']);
  await s.page.click(tid('vtr-issue'));
  await s.page.waitForSelector(tid('vtr-enrollment'));
  await s.page.click(tid('vtr-issue-submit'));
  await s.page.waitForSelector(tid('vtr-detail'));
  const id = await s.page.getAttribute(tid('vtr-detail'), 'data-id');
  assert.match(id, /^vtr_/);
  assert.equal((await s.page.textContent(tid('vtr-status'))).trim(), m['vtr.status.verified']);
  return id;
}

// The pack bytes through the console route (same session), written to disk with a tampered copy.
async function savePacks(id) {
  const b64 = await s.page.evaluate(async (p) => {
    const buf = new Uint8Array(await (await fetch(p)).arrayBuffer());
    let bin = '';
    for (const b of buf) bin += String.fromCharCode(b);
    return btoa(bin);
  }, `/api/v1/console/orgs/${demo.org_id}/vtr/${id}/pack`);
  const bytes = Buffer.from(b64, 'base64');
  const good = path.join(dir, `${id}.zip`);
  const bad = path.join(dir, `${id}-changed.zip`);
  fs.writeFileSync(good, bytes);
  const changed = Buffer.from(bytes);
  changed[Math.floor(changed.length / 2)] ^= 0x01;
  fs.writeFileSync(bad, changed);
  return { good, bad };
}

async function dropAndRead(file) {
  await s.page.setInputFiles('#pack', file);
  await s.page.waitForFunction(() => ['match', 'mismatch', 'unavailable'].includes(document.getElementById('result').dataset.state));
  return { state: await s.page.getAttribute('#result', 'data-state'), text: (await s.page.textContent('#result')).trim() };
}

for (const [loc, m, status, match, mismatch] of [
  ['en', en, 'Verified', 'Integrity match', 'Integrity Mismatch'],
  ['fr', fr, 'Vérifiée', 'Intégrité confirmée', 'Intégrité non conforme (Integrity Mismatch)'],
]) {
  test(`issue a VTR and verify its pack in the browser (${loc})`, async () => {
    await s.go('/training/vtr');
    await s.setLocale(loc);
    const eligible = await consoleApi('GET', `/orgs/${demo.org_id}/vtr/eligible-enrollments`);
    assert.equal(eligible.status, 200);
    assert.ok(eligible.json.data.length > 0, 'the demo has enrolments with signed lessons');
    const id = await issueFromConsole(m);
    await s.shot(`vtr-detail-${loc}`);
    const detail = await consoleApi('GET', `/orgs/${demo.org_id}/vtr/${id}`);
    const { good, bad } = await savePacks(id);

    await s.page.goto(`${BASE}/verify/${id}?lang=${loc}`);
    assert.equal((await s.page.textContent('#status')).trim(), status);
    assert.equal((await s.page.textContent('#expected')).trim(), detail.json.pack_sha256);
    let r = await dropAndRead(good);
    assert.deepEqual(r, { state: 'match', text: match });
    assert.equal((await s.page.textContent('#actual')).trim(), detail.json.pack_sha256);
    r = await dropAndRead(bad);
    assert.deepEqual(r, { state: 'mismatch', text: mismatch });
    await s.shot(`vtr-verify-${loc}`);
    s.assertNoProblems();
  });
}

test('the VTR list shows status badges and the revoke dialog works (en)', async () => {
  await s.go('/training/vtr');
  await s.setLocale('en');
  await s.go('/training/vtr');
  const links = s.page.locator(tid('vtr-link'));
  assert.ok(await waitFor(async () => (await links.count()) > 0, { timeout: 5000 }), 'the demo has VTRs listed');
  const verified = await consoleApi('GET', `/orgs/${demo.org_id}/vtr?status=verified&limit=1`);
  assert.ok(verified.json.data.length > 0, 'a verified VTR is left to revoke');
  const id = verified.json.data[0].id;
  await s.go(`/training/vtr/${id}`);
  await s.page.click(tid('vtr-revoke'));
  await s.page.fill(tid('vtr-revoke-reason'), 'Browser test revocation');
  await s.page.click(tid('vtr-revoke-submit'));
  await waitFor(async () => (await s.page.textContent(tid('vtr-status'))).trim() === en['vtr.status.revoked']);
  assert.equal((await s.page.textContent(tid('vtr-status'))).trim(), en['vtr.status.revoked']);
  await s.page.goto(`${BASE}/verify/${id}`);
  assert.equal((await s.page.textContent('#status')).trim(), 'Revoked');
  await s.go('/training/vtr');
  await s.shot('vtr-list-en');
  s.assertNoProblems();
});
