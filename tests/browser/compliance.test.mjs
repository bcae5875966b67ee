// Compliance screens: a pilot's compliance page (documents and computed currency), the expiring list,
// and adding a medical whose validity the server computes — in English and French.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openConsole, demo, tid, catalog, waitFor, BASE } from './support.mjs';

let s;
let pilotId;
let aircraftId;
let examDate; // YYYY-MM-DD, chosen in before()
let validUntil; // its EASA class 2 validity below 40: 60 months
const en = catalog('en');
const fr = catalog('fr');

// Console API calls from inside the page (same session cookie, CSRF token from /me).
async function consoleApi(method, path, body) {
  return s.page.evaluate(async ({ method, path, body }) => {
    const me = await (await fetch('/api/v1/console/me')).json();
    const res = await fetch(`/api/v1/console${path}`, {
      method, headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': me.csrf_token },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: res.status === 204 ? null : await res.json() };
  }, { method, path, body });
}

before(async () => {
  s = await openConsole();
  await s.login();
  const base = `/orgs/${demo.org_id}`;
  // Approving a flight computes its pilot's currency: use that pilot.
  const queue = await consoleApi('GET', `${base}/flights?status=submitted&limit=1`);
  assert.equal(queue.json.data.length, 1, 'the demo has flights awaiting review');
  pilotId = queue.json.data[0].pilot_id;
  const approved = await consoleApi('POST', `${base}/flights/${queue.json.data[0].id}/approve`);
  assert.equal(approved.status, 200, JSON.stringify(approved.json));
  // The pilot's medical summary follows the newest examination, and the demo's dates move with the
  // calendar: examine after the pilot's newest seeded medical (and not past the 28th, so that the
  // 60 months land on the same day of the month).
  const seeded = await consoleApi('GET', `${base}/pilots/${pilotId}/compliance?type=medical&limit=100`);
  assert.equal(seeded.status, 200, JSON.stringify(seeded.json));
  let exam = new Date(Date.now() - 86400000);
  for (const r of seeded.json.data) {
    if (r.issued_on) exam = new Date(Math.max(exam.getTime(), Date.parse(`${r.issued_on}T00:00:00Z`) + 86400000));
  }
  if (exam.getUTCDate() > 28) exam = new Date(Date.UTC(exam.getUTCFullYear(), exam.getUTCMonth() + 1, 1));
  examDate = exam.toISOString().slice(0, 10);
  validUntil = `${exam.getUTCFullYear() + 5}${examDate.slice(4)}`;
  // Medical validity depends on the age at examination: 33 or 34 here.
  const dob = await consoleApi('PATCH', `${base}/pilots/${pilotId}`,
    { date_of_birth: `${exam.getUTCFullYear() - 34}-05-20` });
  assert.equal(dob.status, 200, JSON.stringify(dob.json));
  const fleet = await consoleApi('GET', `${base}/fleet?limit=5`);
  aircraftId = fleet.json.data[0].id;
  // One aircraft document expiring in 10 days, one expired yesterday.
  const day = (n) => new Date(Date.now() + n * 86400000).toISOString().slice(0, 10);
  for (const [type, code, until] of [['insurance', 'HULL-TEST', day(10)], ['radio_licence', 'RADIO-TEST', day(-1)]]) {
    const r = await consoleApi('POST', `${base}/compliance`, { aircraft_id: aircraftId, type, code, valid_until: until });
    assert.equal(r.status, 201, JSON.stringify(r.json));
  }
});

after(async () => { if (s) await s.close(); });

for (const [loc, m] of [['en', en], ['fr', fr]]) {
  test(`expiring list and aircraft compliance (${loc})`, async () => {
    await s.go('/compliance');
    await s.setLocale(loc);
    await s.go('/compliance');
    assert.equal(await s.page.textContent('#page-title'), m['compliance.title']);
    const rows = s.page.locator('.paged-body tbody tr');
    await waitFor(async () => (await rows.count()) >= 2);
    const text = await s.page.textContent('.paged-body');
    assert.match(text, /HULL-TEST/);
    assert.match(text, /RADIO-TEST/);
    assert.match(text, new RegExp(m['cstatus.expiring']));
    assert.match(text, new RegExp(m['cstatus.expired']));
    await s.shot(`compliance-expiring-${loc}`);
    await s.page.selectOption(tid('compliance-go-aircraft'), aircraftId);
    await s.page.waitForFunction((id) => location.hash === `#/fleet/${id}/compliance`, aircraftId);
    await s.page.waitForSelector('.compliance-body table');
    assert.match(await s.page.textContent('.compliance-body'), /HULL-TEST/);
    s.assertNoProblems();
  });

  test(`pilot compliance: add a medical with computed validity (${loc})`, async () => {
    await s.go(`/pilots/${pilotId}/compliance`);
    await s.setLocale(loc);
    await s.go(`/pilots/${pilotId}/compliance`);
    await s.page.waitForSelector('.compliance-body');
    const body = await s.page.textContent('.compliance-body');
    assert.match(body, new RegExp(m['compliance.currency'].replace(/[()]/g, '.')));
    assert.ok(body.includes(m['crule.EASA_FCL060_B1_PAX']), 'the passenger currency rule is shown');
    await s.page.click(tid('compliance-add'));
    await s.page.selectOption(tid('compliance-type'), 'medical');
    await s.page.selectOption(tid('compliance-medical-code'), 'EASA-MED-CLASS2');
    await s.page.fill(tid('compliance-issued'), examDate);
    assert.equal(await s.page.isVisible(tid('compliance-medical-hint')), true);
    await s.page.click(tid('compliance-save'));
    const toast = await s.page.waitForSelector('.toast');
    const expected = new Intl.DateTimeFormat(loc === 'en' ? 'en-GB' : 'fr-FR', { dateStyle: 'medium', timeZone: 'UTC' })
      .format(new Date(`${validUntil}T00:00:00Z`));
    assert.match(await toast.textContent(), new RegExp(expected));
    await s.page.waitForSelector('tr.row-new');
    assert.match(await s.page.textContent('tr.row-new'), /EASA-MED-CLASS2/);
    assert.match(await s.page.textContent('tr.row-new'), new RegExp(m['cstatus.valid']));
    await s.shot(`compliance-pilot-${loc}`);
    // The pilot's medical summary follows the latest medical record.
    const pilot = await consoleApi('GET', `/orgs/${demo.org_id}/pilots/${pilotId}`);
    assert.equal(pilot.json.medical.valid_until, validUntil);
    s.assertNoProblems();
  });
}
