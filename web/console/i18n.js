// Message catalogs and locale-aware formatting. Every visible string of the console goes
// through t(); dates, numbers and durations through the formatters below.

const LOCALES = ['en', 'fr'];
const STORAGE_KEY = 'gaf.locale';

let locale = 'en';
let catalog = {};
let timeZone = 'UTC';
const listeners = new Set();

export function supportedLocales() { return LOCALES.slice(); }
export function currentLocale() { return locale; }

function initialLocale() {
  const saved = localStorage.getItem(STORAGE_KEY);
  if (LOCALES.includes(saved)) return saved;
  const nav = (navigator.language || 'en').slice(0, 2).toLowerCase();
  return LOCALES.includes(nav) ? nav : 'en';
}

// The shell's catalog plus one per area (messages-<area>-<locale>.json), so each area's screens
// keep their strings beside them.
const AREAS = ['maintenance', 'compliance', 'planning', 'training', 'vtr', 'billing', 'audit'];

async function fetchCatalog(name) {
  const res = await fetch(`/console/${name}.json`, { credentials: 'same-origin' });
  if (!res.ok) throw new Error(`catalog ${name}: HTTP ${res.status}`);
  return res.json();
}

async function loadCatalog(loc) {
  const parts = await Promise.all([`messages-${loc}`, ...AREAS.map((a) => `messages-${a}-${loc}`)].map(fetchCatalog));
  return Object.assign({}, ...parts);
}

export async function initI18n() {
  await setLocale(initialLocale(), false);
}

export async function setLocale(loc, notify = true) {
  if (!LOCALES.includes(loc)) loc = 'en';
  catalog = await loadCatalog(loc);
  locale = loc;
  localStorage.setItem(STORAGE_KEY, loc);
  document.documentElement.lang = loc;
  document.title = t('app.title');
  if (notify) for (const fn of listeners) fn(loc);
}

export function onLocaleChange(fn) { listeners.add(fn); }

export function setTimeZone(tz) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    timeZone = tz;
  } catch {
    timeZone = 'UTC';
  }
}
export function currentTimeZone() { return timeZone; }

// t('key', {name: 'x'}) replaces {name}. A missing key shows the key itself (and warns),
// which the browser tests detect.
export function t(key, params) {
  let s = catalog[key];
  if (s === undefined) {
    console.warn(`[i18n] missing key ${key} (${locale})`);
    s = key;
  }
  if (params) {
    s = s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  }
  return s;
}

export function has(key) { return Object.prototype.hasOwnProperty.call(catalog, key); }

// Plural-aware lookup: key.one / key.other (per Intl.PluralRules), {count} formatted.
export function tp(key, count, params = {}) {
  const rule = new Intl.PluralRules(locale).select(count);
  const k = has(`${key}.${rule}`) ? `${key}.${rule}` : `${key}.other`;
  return t(k, { ...params, count: formatNumber(count) });
}

// Enum values (statuses, purposes, roles…) are translated through "<group>.<value>" keys.
export function tEnum(group, value) {
  if (value === null || value === undefined || value === '') return '—';
  const k = `${group}.${value}`;
  return has(k) ? catalog[k] : String(value);
}

const dtfCache = new Map();
function dtf(opts) {
  const key = locale + '|' + JSON.stringify(opts);
  let f = dtfCache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'fr-FR', opts);
    dtfCache.set(key, f);
  }
  return f;
}

// An RFC 3339 instant, shown in the organisation's time zone.
export function formatDateTime(iso, { seconds = false } = {}) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return dtf({ dateStyle: 'medium', timeStyle: seconds ? 'medium' : 'short', timeZone }).format(d);
}

export function formatTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return dtf({ hour: '2-digit', minute: '2-digit', timeZone }).format(d);
}

// A calendar date (YYYY-MM-DD): no time zone shift.
export function formatDate(ymd) {
  if (!ymd) return '—';
  const d = new Date(`${ymd}T00:00:00Z`);
  if (Number.isNaN(d.getTime())) return String(ymd);
  return dtf({ dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

export function formatNumber(n, opts = {}) {
  if (n === null || n === undefined || Number.isNaN(Number(n))) return '—';
  return new Intl.NumberFormat(locale, opts).format(Number(n));
}

export function formatHours(h) {
  return formatNumber(h, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

// Minutes as h:mm (block and air times).
export function formatMinutes(min) {
  if (min === null || min === undefined) return '—';
  const h = Math.floor(min / 60);
  const m = String(min % 60).padStart(2, '0');
  return `${formatNumber(h)}:${m}`;
}

export function formatRelative(iso) {
  if (!iso) return '';
  const diff = (new Date(iso).getTime() - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
  const abs = Math.abs(diff);
  if (abs < 60) return rtf.format(Math.round(diff), 'second');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86400), 'day');
}

// Offset (ms) of `zone` at instant `date`: wall-clock-as-UTC minus the real instant.
function zoneOffset(date, zone) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(date);
  const get = (type) => Number(parts.find((p) => p.type === type).value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(date.getTime() / 1000) * 1000;
}

// "YYYY-MM-DDTHH:MM" typed in the organisation's time zone → RFC 3339 UTC instant.
export function wallTimeToUtc(local) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(local || '');
  if (!m) return null;
  const guess = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
  let ts = guess - zoneOffset(new Date(guess), timeZone);
  ts = guess - zoneOffset(new Date(ts), timeZone);
  return new Date(ts).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

// An instant → "YYYY-MM-DDTHH:MM" wall time in the organisation's zone (for datetime-local inputs).
export function utcToWallTime(date) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).formatToParts(date);
  const g = (type) => parts.find((p) => p.type === type).value;
  return `${g('year')}-${g('month')}-${g('day')}T${g('hour')}:${g('minute')}`;
}
