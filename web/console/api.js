// The console API client: same-origin fetch, the session's CSRF token on every state-changing
// request, and problem+json errors turned into ApiError.

const BASE = '/api/v1/console';
let csrfToken = null;
let onUnauthenticated = () => {};

export class ApiError extends Error {
  constructor(status, problem) {
    super((problem && problem.detail) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem || {};
    this.code = this.problem.code || (status === 0 ? 'network' : 'internal');
    this.field = this.problem.field || null;
  }
}

export function setCsrfToken(token) { csrfToken = token; }
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

export async function request(method, path, { body, query } = {}) {
  let url = BASE + path;
  if (query) {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') qs.set(k, v);
    }
    const s = qs.toString();
    if (s) url += (url.includes('?') ? '&' : '?') + s;
  }
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && method !== 'HEAD') {
    if (csrfToken) headers['X-CSRF-Token'] = csrfToken;
  }
  const init = { method, headers, credentials: 'same-origin' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(url, init);
  } catch (e) {
    throw new ApiError(0, { code: 'network', detail: String(e && e.message) });
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  let payload = null;
  if (type.includes('json')) {
    try { payload = await res.json(); } catch { payload = null; }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, payload);
    if (res.status === 401 && err.code === 'not_logged_in') onUnauthenticated(err);
    throw err;
  }
  return payload;
}

// Follows cursors (200 rows a page) until the list ends or `maxPages` pages were read.
async function getAll(path, query = {}, maxPages = 10) {
  const out = [];
  let cursor = null;
  for (let i = 0; i < maxPages; i++) {
    const page = await request('GET', path, { query: { ...query, limit: 200, cursor } });
    out.push(...page.data);
    cursor = page.cursor;
    if (!cursor) break;
  }
  return out;
}

export const api = {
  get: (path, query) => request('GET', path, { query }),
  getAll,
  post: (path, body) => request('POST', path, { body: body === undefined ? {} : body }),
  patch: (path, body) => request('PATCH', path, { body }),
  del: (path) => request('DELETE', path),
};

export const org = (orgId) => `/orgs/${encodeURIComponent(orgId)}`;
