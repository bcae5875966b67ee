// gaflight API reference: fetches the OpenAPI 3.1 document and renders it as a readable page.
// Plain DOM building (no innerHTML with document text, no inline styles) so a strict
// `Content-Security-Policy: default-src 'self'` holds.
"use strict";

(function () {
  const SPEC_URL = "/api/v1/openapi.json";
  const METHODS = ["get", "post", "put", "patch", "delete"];

  // ------------------------------------------------------------------------------------------
  // DOM helpers
  // ------------------------------------------------------------------------------------------

  // h("div.a.b#id", {attr: v}, child, "text", [children]) → element
  function h(tag, attrs, ...children) {
    const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/i.exec(tag);
    const el = document.createElement(m ? m[1] : tag);
    if (m && m[2]) {
      for (const part of m[2].match(/[.#][\w-]+/g)) {
        if (part[0] === ".") el.classList.add(part.slice(1));
        else el.id = part.slice(1);
      }
    }
    if (attrs && (typeof attrs !== "object" || attrs instanceof Node || Array.isArray(attrs))) {
      children.unshift(attrs);
      attrs = null;
    }
    if (attrs) {
      for (const [k, v] of Object.entries(attrs)) {
        if (v === null || v === undefined || v === false) continue;
        if (k === "text") el.textContent = v;
        else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
        else el.setAttribute(k, v === true ? "" : String(v));
      }
    }
    append(el, children);
    return el;
  }

  function append(el, children) {
    for (const c of children) {
      if (c === null || c === undefined || c === false) continue;
      if (Array.isArray(c)) append(el, c);
      else el.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return el;
  }

  function slug(s) {
    return String(s).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
  }

  // ------------------------------------------------------------------------------------------
  // A small, safe Markdown subset: headings, paragraphs, lists, fenced code, tables,
  // inline code, bold, italics and links. Produces DOM nodes, never HTML strings.
  // ------------------------------------------------------------------------------------------

  function inline(text) {
    const out = [];
    const re = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\[[^\]]+\]\([^)\s]+\))|(\*[^*\s][^*]*\*)/g;
    let last = 0;
    let m;
    while ((m = re.exec(text))) {
      if (m.index > last) out.push(text.slice(last, m.index));
      const t = m[0];
      if (m[1]) out.push(h("code", { text: t.slice(1, -1) }));
      else if (m[2]) out.push(h("strong", inline(t.slice(2, -2))));
      else if (m[3]) {
        const lm = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(t);
        const href = /^(https?:|\/|#)/.test(lm[2]) ? lm[2] : "#";
        out.push(h("a", { href }, inline(lm[1])));
      } else out.push(h("em", inline(t.slice(1, -1))));
      last = m.index + t.length;
    }
    if (last < text.length) out.push(text.slice(last));
    return out;
  }

  function splitRow(line) {
    return line.trim().replace(/^\|/, "").replace(/\|$/, "").split("|").map((c) => c.trim());
  }

  // Returns an array of block nodes. headingBase shifts "#" levels (## → h{2+shift}).
  function markdown(src, opts = {}) {
    const shift = opts.headingShift || 0;
    const lines = String(src || "").replace(/\r\n?/g, "\n").split("\n");
    const blocks = [];
    let i = 0;
    const isBlank = (l) => /^\s*$/.test(l);
    const startsBlock = (l) => /^(#{1,6}\s|```|\s*[-*]\s|\s*\d+\.\s|\|)/.test(l);
    while (i < lines.length) {
      const line = lines[i];
      if (isBlank(line)) { i++; continue; }
      let m;
      if ((m = /^```(\w*)\s*$/.exec(line))) {
        const code = [];
        i++;
        while (i < lines.length && !/^```\s*$/.test(lines[i])) code.push(lines[i++]);
        i++;
        blocks.push(codeBlock(code.join("\n"), m[1]));
        continue;
      }
      if ((m = /^(#{1,6})\s+(.*)$/.exec(line))) {
        const level = Math.min(6, m[1].length + shift);
        blocks.push(h("h" + level, { class: "md-heading" }, inline(m[2])));
        i++;
        continue;
      }
      if (/^\|/.test(line) && i + 1 < lines.length && /^\|?\s*:?-{2,}/.test(lines[i + 1])) {
        const head = splitRow(line);
        i += 2;
        const rows = [];
        while (i < lines.length && /^\|/.test(lines[i])) rows.push(splitRow(lines[i++]));
        if (opts.skipTables) continue;
        blocks.push(h("div.table-wrap", h("table.md-table",
          h("thead", h("tr", head.map((c) => h("th", inline(c))))),
          h("tbody", rows.map((r) => h("tr", r.map((c) => h("td", inline(c)))))))));
        continue;
      }
      if ((m = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(line))) {
        const ordered = /\d/.test(m[2]);
        const list = h(ordered ? "ol" : "ul");
        while (i < lines.length) {
          const lm = /^(\s*)([-*]|\d+\.)\s+(.*)$/.exec(lines[i]);
          if (!lm || /\d/.test(lm[2]) !== ordered) break;
          const itemLines = [lm[3]];
          i++;
          // continuation lines (indented, not a new item) and nested code fences
          const nested = [];
          while (i < lines.length && !isBlank(lines[i]) && /^\s+\S/.test(lines[i]) &&
                 !/^\s*([-*]|\d+\.)\s+/.test(lines[i])) {
            itemLines.push(lines[i].trim());
            i++;
          }
          while (i < lines.length && isBlank(lines[i]) && i + 1 < lines.length && /^```/.test(lines[i + 1])) {
            // a fenced block directly after an item belongs to it
            i++;
            const fm = /^```(\w*)/.exec(lines[i]);
            const code = [];
            i++;
            while (i < lines.length && !/^```\s*$/.test(lines[i])) code.push(lines[i++]);
            i++;
            nested.push(codeBlock(code.join("\n"), fm[1]));
          }
          list.appendChild(h("li", inline(itemLines.join(" ")), nested));
          if (i < lines.length && isBlank(lines[i]) && i + 1 < lines.length &&
              /^(\s*)([-*]|\d+\.)\s+/.test(lines[i + 1])) i++;
        }
        blocks.push(list);
        continue;
      }
      const para = [line.trim()];
      i++;
      while (i < lines.length && !isBlank(lines[i]) && !startsBlock(lines[i])) para.push(lines[i++].trim());
      blocks.push(h("p", inline(para.join(" "))));
    }
    return blocks;
  }

  function inlineMd(text) {
    return inline(String(text || "").replace(/\s*\n\s*/g, " "));
  }

  // ------------------------------------------------------------------------------------------
  // Code blocks with a copy button; light JSON/shell highlighting done with spans.
  // ------------------------------------------------------------------------------------------

  function highlightJson(text) {
    const frag = [];
    const re = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;
    let last = 0;
    let m;
    while ((m = re.exec(text))) {
      if (m.index > last) frag.push(text.slice(last, m.index));
      if (m[1]) {
        frag.push(h(m[2] ? "span.tok-key" : "span.tok-str", { text: m[1] }));
        if (m[2]) frag.push(m[2]);
      } else if (m[3]) frag.push(h("span.tok-lit", { text: m[3] }));
      else frag.push(h("span.tok-num", { text: m[4] }));
      last = m.index + m[0].length;
    }
    if (last < text.length) frag.push(text.slice(last));
    return frag;
  }

  function highlightShell(text) {
    const frag = [];
    const re = /(^|\s)(curl)(?=\s)|(\s-{1,2}[a-zA-Z-]+)|('(?:[^'\\]|'\\'')*'|"(?:[^"\\]|\\.)*")|(\$[A-Z_]+)/g;
    let last = 0;
    let m;
    while ((m = re.exec(text))) {
      if (m.index > last) frag.push(text.slice(last, m.index));
      if (m[2]) { frag.push(m[1]); frag.push(h("span.tok-cmd", { text: m[2] })); }
      else if (m[3]) frag.push(h("span.tok-flag", { text: m[3] }));
      else if (m[4]) frag.push(h("span.tok-str", { text: m[4] }));
      else frag.push(h("span.tok-var", { text: m[5] }));
      last = m.index + m[0].length;
    }
    if (last < text.length) frag.push(text.slice(last));
    return frag;
  }

  // A raw HTTP request: request line, "Name: value" headers, blank line, JSON body.
  function highlightHttp(text) {
    const frag = [];
    const split = text.indexOf("\n\n");
    const head = split < 0 ? text : text.slice(0, split);
    head.split("\n").forEach((line, i) => {
      if (i) frag.push("\n");
      const m = /^([A-Za-z0-9-]+):(.*)$/.exec(line);
      if (m && !/^[A-Z]+ \//.test(line)) frag.push(h("span.tok-key", { text: m[1] }), ":", h("span.tok-str", { text: m[2] }));
      else frag.push(h("span.tok-cmd", { text: line }));
    });
    if (split >= 0) frag.push("\n\n", ...highlightJson(text.slice(split + 2)));
    return frag;
  }

  function codeBlock(text, lang, label) {
    const code = h("code");
    if (lang === "json") append(code, highlightJson(text));
    else if (lang === "http") append(code, highlightHttp(text));
    else if (lang === "sh" || lang === "shell" || lang === "bash") append(code, highlightShell(text));
    else code.textContent = text;
    const btn = h("button.copy", { type: "button", "aria-label": "Copy to clipboard", text: "Copy" });
    btn.addEventListener("click", () => copyText(text, btn));
    return h("div.code", label ? h("div.code-label", label) : null, btn, h("pre", code));
  }

  function copyText(text, btn) {
    const done = (ok) => {
      btn.textContent = ok ? "Copied" : "Press Ctrl+C";
      btn.classList.toggle("copied", ok);
      setTimeout(() => { btn.textContent = "Copy"; btn.classList.remove("copied"); }, 1600);
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(() => done(true), () => done(false));
    } else {
      const pre = btn.parentElement.querySelector("pre");
      const range = document.createRange();
      range.selectNodeContents(pre);
      const sel = window.getSelection();
      sel.removeAllRanges();
      sel.addRange(range);
      done(false);
    }
  }

  // ------------------------------------------------------------------------------------------
  // Spec helpers
  // ------------------------------------------------------------------------------------------

  let spec = null;

  function resolve(obj) {
    let guard = 0;
    while (obj && obj.$ref && guard++ < 20) {
      const parts = obj.$ref.replace(/^#\//, "").split("/").map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"));
      let cur = spec;
      for (const p of parts) cur = cur ? cur[p] : undefined;
      obj = cur;
    }
    return obj || {};
  }

  function refName(obj) {
    return obj && obj.$ref ? obj.$ref.split("/").pop() : null;
  }

  // Unwraps "X or null" into {schema, nullable}.
  function unNull(schema) {
    if (!schema) return { schema: {}, nullable: false };
    const alts = schema.anyOf || schema.oneOf;
    if (alts && alts.length === 2 && alts.some((a) => a.type === "null")) {
      return { schema: alts.find((a) => a.type !== "null"), nullable: true };
    }
    if (Array.isArray(schema.type) && schema.type.includes("null")) {
      const rest = schema.type.filter((t) => t !== "null");
      return { schema: { ...schema, type: rest.length === 1 ? rest[0] : rest }, nullable: true };
    }
    return { schema, nullable: false };
  }

  function mergeAllOf(schema) {
    if (!schema.allOf) return schema;
    const out = { type: "object", properties: {}, required: [] };
    for (const part of schema.allOf) {
      const p = mergeAllOf(resolve(part));
      Object.assign(out.properties, p.properties || {});
      out.required.push(...(p.required || []));
    }
    return { ...schema, ...out, allOf: undefined };
  }

  const OBJECT_SCHEMAS = new Set();

  // A type label: text plus an optional link to a documented object.
  function typeLabel(schemaIn) {
    const { schema, nullable } = unNull(schemaIn);
    const parts = [];
    const name = refName(schema);
    if (name) {
      const target = resolve(schema);
      if (OBJECT_SCHEMAS.has(name)) parts.push(h("a.type-link", { href: "#schema-" + name, text: name }));
      else if (target["x-error-codes"]) parts.push(h("a.type-link", { href: "#intro-errors", text: name }));
      else if (target.enum) parts.push("string");
      else parts.push(typeLabelText(target));
    } else if ((schema.oneOf || schema.anyOf) && !schema.type) {
      (schema.oneOf || schema.anyOf).forEach((alt, i) => parts.push(i ? " | " : "", typeLabel(alt)));
    } else if (schema.type === "array") {
      const items = schema.items || {};
      const inner = typeLabel(items);
      parts.push("array of ", inner);
    } else {
      parts.push(typeLabelText(schema));
    }
    if (nullable) parts.push(h("span.nullable", " | null"));
    return h("span.type", parts);
  }

  function typeLabelText(schema) {
    let t = Array.isArray(schema.type) ? schema.type.join(" | ") : (schema.type || (schema.properties ? "object" : "any"));
    if (schema.format) t += " (" + schema.format + ")";
    return t;
  }

  function enumOf(schemaIn) {
    let { schema } = unNull(schemaIn);
    if (schema.type === "array") schema = unNull(schema.items || {}).schema;
    const target = resolve(schema);
    return target.enum || null;
  }

  function constraints(schemaIn) {
    const { schema: s0 } = unNull(schemaIn);
    const schema = refName(s0) && !OBJECT_SCHEMAS.has(refName(s0)) ? resolve(s0) : s0;
    const out = [];
    const en = enumOf(schemaIn);
    if (en) out.push(h("span.constraint", "one of ", en.map((v, i) => [i ? ", " : "", h("code", { text: v })])));
    if (schema.const !== undefined && !schema.description) out.push(h("span.constraint", "always ", h("code", { text: String(schema.const) })));
    if (schema.default !== undefined) out.push(h("span.constraint", "default ", h("code", { text: JSON.stringify(schema.default) })));
    if (schema.minimum !== undefined && schema.maximum !== undefined) out.push(h("span.constraint", `${schema.minimum}–${schema.maximum}`));
    else if (schema.minimum !== undefined) out.push(h("span.constraint", `≥ ${schema.minimum}`));
    else if (schema.maximum !== undefined) out.push(h("span.constraint", `≤ ${schema.maximum}`));
    if (schema.minLength !== undefined && schema.minLength > 1) out.push(h("span.constraint", `at least ${schema.minLength} characters`));
    if (schema.maxLength !== undefined) out.push(h("span.constraint", `at most ${schema.maxLength} characters`));
    if (schema.minItems !== undefined && schema.minItems > 0) out.push(h("span.constraint", `at least ${schema.minItems} item${schema.minItems > 1 ? "s" : ""}`));
    if (schema.pattern) out.push(h("span.constraint", "pattern ", h("code", { text: schema.pattern })));
    const ex = schema.examples || (schema.example !== undefined ? [schema.example] : null);
    if (ex && !en && schema.const === undefined && ex.length && typeof ex[0] !== "object") {
      out.push(h("span.constraint", "e.g. ", ex.slice(0, 3).map((v, i) => [i ? ", " : "", h("code", { text: String(v) })])));
    }
    return out;
  }

  function describe(schemaIn) {
    const { schema } = unNull(schemaIn);
    if (schemaIn && schemaIn.description) return schemaIn.description;
    if (schema.description) return schema.description;
    if (refName(schema)) {
      const target = resolve(schema);
      return target.description || "";
    }
    return "";
  }

  // Flattens an object schema into rows {name, schema, required, depth}; nested objects and arrays of
  // objects become dotted / [] names.
  function fieldRows(schemaIn, prefix = "", depth = 0, rows = [], expandRefs = true) {
    const schema = mergeAllOf(resolve(schemaIn));
    const required = new Set(schema.required || []);
    for (const [name, propSchema] of Object.entries(schema.properties || {})) {
      const full = prefix + name;
      rows.push({ name: full, schema: propSchema, required: required.has(name), depth });
      if (depth >= 3) continue;
      const { schema: inner } = unNull(propSchema);
      const innerName = refName(inner);
      const canExpand = (s) => expandRefs || !refName(s) || !OBJECT_SCHEMAS.has(refName(s));
      const target = resolve(inner);
      if ((target.properties || target.allOf) && canExpand(inner) && !(innerName && target.enum)) {
        fieldRows(inner, full + ".", depth + 1, rows, expandRefs);
      } else if (target.type === "array" && target.items) {
        const items = unNull(target.items).schema;
        const itemsTarget = resolve(items);
        if ((itemsTarget.properties || itemsTarget.allOf) && canExpand(items)) {
          fieldRows(items, full + "[].", depth + 1, rows, expandRefs);
        }
      }
    }
    return rows;
  }

  function fieldsTable(rows, opts = {}) {
    if (!rows.length) return null;
    return h("div.table-wrap", h("table.fields",
      h("thead", h("tr", h("th", "Field"), h("th", "Type"), h("th", "Description"))),
      h("tbody", rows.map((r) => h("tr", { class: r.depth ? "nested depth-" + r.depth : null },
        h("td.field-name",
          h("code", r.name),
          opts.showRequired ? (r.required ? h("span.req", "required") : h("span.opt", "optional")) : null),
        h("td", typeLabel(r.schema)),
        h("td", h("div.desc", inlineMd(describe(r.schema))), h("div.constraints", constraints(r.schema))))))));
  }

  // Builds an example value for a schema (used when the document has none).
  function exampleFor(schemaIn, depth = 0) {
    if (depth > 6) return null;
    if (schemaIn && schemaIn.examples && schemaIn.examples.length) return schemaIn.examples[0];
    if (schemaIn && schemaIn.example !== undefined) return schemaIn.example;
    const { schema: s0, nullable } = unNull(schemaIn);
    const schema = mergeAllOf(resolve(s0));
    if (schema.examples && schema.examples.length) return schema.examples[0];
    if (schema.example !== undefined) return schema.example;
    if (schema.const !== undefined) return schema.const;
    if (schema.default !== undefined) return schema.default;
    if (schema.enum) return schema.enum[0];
    const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
    if (schema.properties || type === "object") {
      const out = {};
      for (const [k, v] of Object.entries(schema.properties || {})) out[k] = exampleFor(v, depth + 1);
      return out;
    }
    if (type === "array") return [exampleFor(schema.items || {}, depth + 1)];
    if (nullable && !type) return null;
    switch (type) {
      case "integer": return schema.minimum !== undefined ? schema.minimum : 0;
      case "number": return 0;
      case "boolean": return true;
      case "string":
        if (schema.format === "date-time") return "2026-05-28T12:03:11Z";
        if (schema.format === "date") return "2026-05-28";
        if (schema.format === "uuid") return "5f0c6d1e-8a3b-4c2d-9e7f-1a2b3c4d5e6f";
        if (schema.format === "email") return "pilot@example.org";
        if (schema.format === "uri") return "https://example.com";
        return "string";
      default: return null;
    }
  }

  function mediaExample(media) {
    if (!media) return undefined;
    if (media.example !== undefined) return media.example;
    if (media.examples) {
      const first = Object.values(media.examples)[0];
      if (first) return resolve(first).value;
    }
    return exampleFor(media.schema || {});
  }

  // ------------------------------------------------------------------------------------------
  // Operation model
  // ------------------------------------------------------------------------------------------

  function operations() {
    const ops = [];
    for (const [path, item] of Object.entries(spec.paths || {})) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const params = [...(item.parameters || []), ...(op.parameters || [])].map(resolve);
        ops.push({ path, method, op, params, id: op.operationId || slug(method + "-" + path) });
      }
    }
    // OpenAPI 3.1 `webhooks`: requests the API sends to the reader's endpoint, keyed by name (the event type).
    for (const [name, item0] of Object.entries(spec.webhooks || {})) {
      const item = resolve(item0);
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        const params = [...(item.parameters || []), ...(op.parameters || [])].map(resolve);
        ops.push({ path: name, method, op, params, webhook: true, id: op.operationId || slug("webhook-" + name) });
      }
    }
    return ops;
  }

  function authKind(op) {
    const sec = op.security !== undefined ? op.security : (spec.security || []);
    if (!sec.length || sec.every((r) => Object.keys(r).length === 0)) return { kind: "none", schemes: [] };
    const schemes = Object.keys(sec[0]);
    if (schemes.includes("bearerAuth")) return { kind: "key", schemes };
    if (schemes.includes("csrfToken")) return { kind: "session-csrf", schemes };
    if (schemes.includes("sessionCookie")) return { kind: "session", schemes };
    return { kind: "other", schemes };
  }

  function authBadges(op) {
    const a = authKind(op);
    switch (a.kind) {
      case "none": return [h("span.badge.badge-auth-none", "No authentication")];
      case "key": return [h("span.badge.badge-auth", "API key (Bearer)"), h("span.badge.badge-auth", "X-Org-Id header")];
      case "session": return [h("span.badge.badge-auth", "Console session")];
      case "session-csrf": return [h("span.badge.badge-auth", "Console session"), h("span.badge.badge-auth", "X-CSRF-Token")];
      default: return a.schemes.map((s) => h("span.badge.badge-auth", s));
    }
  }

  function shellQuote(s) {
    return "'" + String(s).replace(/'/g, "'\\''") + "'";
  }

  function curlFor(o) {
    const base = window.location.origin && window.location.origin !== "null" ? window.location.origin : "http://127.0.0.1:8080";
    let path = o.path;
    for (const p of o.params.filter((p) => p.in === "path")) {
      const s = p.schema || {};
      let ex = s.examples && s.examples.length ? s.examples[0] : (p.example !== undefined ? p.example : null);
      if (typeof ex !== "string" || p.name === "org_id") ex = "$" + p.name.toUpperCase();
      path = path.replace("{" + p.name + "}", ex);
    }
    const query = o.params.filter((p) => p.in === "query" && p.name === "limit").map((p) => p.name + "=" + (p.schema && p.schema.default ? Math.min(p.schema.default, 20) : 20));
    const url = base + path + (query.length ? "?" + query.join("&") : "");
    const lines = [];
    const method = o.method.toUpperCase();
    const auth = authKind(o.op);
    const first = ["curl"];
    if (method !== "GET") first.push("-X " + method);
    if (o.op.operationId === "consoleLogin") first.push("-c cookies.txt");
    first.push(/[$?&]/.test(url) ? '"' + url + '"' : url);
    lines.push(first.join(" "));
    if (auth.kind === "key") {
      lines.push('-H "Authorization: Bearer $GAFLIGHT_API_KEY"');
      lines.push('-H "X-Org-Id: $GAFLIGHT_ORG_ID"');
    } else if (auth.kind === "session" || auth.kind === "session-csrf") {
      lines.push("-b cookies.txt");
      if (auth.kind === "session-csrf") lines.push('-H "X-CSRF-Token: $CSRF_TOKEN"');
    }
    const rb = o.op.requestBody ? resolve(o.op.requestBody) : null;
    if (rb && rb.content && rb.content["application/json"]) {
      const ex = mediaExample(rb.content["application/json"]);
      lines.push('-H "Content-Type: application/json"');
      lines.push("-d " + shellQuote(JSON.stringify(ex, null, 2).replace(/\n/g, "\n  ")));
    }
    return lines.join(" \\\n  ").replace(/\$ORG_ID/g, auth.kind === "key" ? "$GAFLIGHT_ORG_ID" : "$ORG_ID");
  }

  // ------------------------------------------------------------------------------------------
  // Rendering
  // ------------------------------------------------------------------------------------------

  function methodBadge(method) {
    return h("span.method.method-" + method, method.toUpperCase());
  }

  function pathNode(path) {
    return h("span.path", path.split(/(\{[^}]+\})/).filter(Boolean).map((seg) =>
      /^\{/.test(seg) ? h("span.path-param", seg) : seg));
  }

  function renderParams(params, title = "Parameters") {
    if (!params.length) return null;
    const order = { path: 0, header: 1, query: 2, cookie: 3 };
    const sorted = [...params].sort((a, b) => (order[a.in] ?? 9) - (order[b.in] ?? 9));
    return h("section.block",
      h("h4", title),
      h("div.table-wrap", h("table.fields",
        h("thead", h("tr", h("th", "Name"), h("th", "In"), h("th", "Type"), h("th", "Description"))),
        h("tbody", sorted.map((p) => h("tr",
          h("td.field-name", h("code", p.name), p.required ? h("span.req", "required") : h("span.opt", "optional")),
          h("td", h("span.in", p.in)),
          h("td", typeLabel(p.schema || {})),
          h("td", h("div.desc", inlineMd(p.description)), h("div.constraints", constraints(p.schema || {})))))))));
  }

  function renderRequestBody(op, title = "Request body") {
    if (!op.requestBody) return null;
    const rb = resolve(op.requestBody);
    const [ctype, media] = Object.entries(rb.content || {})[0] || [];
    if (!media) return null;
    const name = refName(media.schema);
    const target = resolve(media.schema);
    const rows = fieldRows(media.schema, "", 0, [], true);
    return h("section.block",
      h("h4", title + " ", h("span.muted", ctype), rb.required ? h("span.req", "required") : null),
      rb.description ? h("p", inlineMd(rb.description)) : null,
      target.description && name ? h("p.muted", inlineMd(target.description)) : null,
      fieldsTable(rows, { showRequired: true }));
  }

  function statusClass(code) {
    if (/^2/.test(code)) return "status-2xx";
    if (/^3/.test(code)) return "status-3xx";
    if (/^4/.test(code)) return "status-4xx";
    if (/^5/.test(code)) return "status-5xx";
    return "status-other";
  }

  function responseSchemaLabel(media) {
    if (!media || !media.schema) return null;
    const name = refName(media.schema);
    if (name && /List$/.test(name)) {
      const item = resolve(media.schema).properties.data.items;
      return h("span.type", "{ data: ", typeLabel({ type: "array", items: item }), ", cursor: string | null }");
    }
    return typeLabel(media.schema);
  }

  function renderResponses(op, title = "Responses") {
    const entries = Object.entries(op.responses || {});
    let successExample;
    const rows = entries.map(([code, r0]) => {
      const r = resolve(r0);
      const [ctype, media] = Object.entries(r.content || {})[0] || [];
      if (/^2/.test(code) && media && successExample === undefined && /json/.test(ctype)) {
        successExample = { code, value: mediaExample(media) };
      }
      if (/^2/.test(code) && media && successExample === undefined && /text\/plain/.test(ctype) && media.example) {
        successExample = { code, value: media.example, text: true };
      }
      const headers = Object.keys(r.headers || {});
      return h("li.response",
        h("div.response-head",
          h("span.status-code." + statusClass(code), code),
          h("span.response-desc", inlineMd(r.description))),
        h("div.response-meta",
          ctype ? h("span.ctype", ctype) : null,
          media ? responseSchemaLabel(media) : null,
          headers.length ? h("span.headers", "Headers: ", headers.map((n, i) => [i ? ", " : "", h("code", n)])) : null));
    });
    const out = [h("section.block", h("h4", title), h("ul.responses", rows))];
    if (successExample) {
      const text = successExample.text ? successExample.value : JSON.stringify(successExample.value, null, 2);
      out.push(codeBlock(text, successExample.text ? "" : "json", "Example response · " + successExample.code));
    }
    return out;
  }

  function renderWebhook(o) {
    const { op } = o;
    const event = op["x-event-type"] || o.path;
    return h("section.operation.webhook", { id: "op-" + o.id, "data-op": o.id },
      h("div.op-head",
        h("h3.op-title", h("a.anchor", { href: "#op-" + o.id, "aria-label": "Link to this webhook", text: "#" }), op.summary || o.path),
        h("div.op-line", methodBadge(o.method), h("span.path", h("span.path-param", "{your endpoint URL}")))),
      h("div.badges",
        h("span.badge.badge-webhook", "Sent by gaflight"),
        h("span.badge.badge-webhook", "Signed with HMAC-SHA256"),
        h("span.badge.badge-scope", "Event ", h("code", event)),
        op.deprecated ? h("span.badge.badge-deprecated", "Deprecated") : null),
      h("div.op-desc", markdown(op.description || "", { headingShift: 3 })),
      renderParams(o.params, "Headers"),
      renderRequestBody(op, "Payload"),
      renderResponses(op, "Your response"));
  }

  function renderOperation(o) {
    if (o.webhook) return renderWebhook(o);
    const { op } = o;
    const scope = op["x-required-scope"];
    const sec = h("section.operation", { id: "op-" + o.id, "data-op": o.id },
      h("div.op-head",
        h("h3.op-title", h("a.anchor", { href: "#op-" + o.id, "aria-label": "Link to this endpoint", text: "#" }), op.summary || o.id),
        h("div.op-line", methodBadge(o.method), pathNode(o.path))),
      h("div.badges", authBadges(op),
        scope ? h("span.badge.badge-scope", "Scope ", h("code", scope)) : null,
        op.deprecated ? h("span.badge.badge-deprecated", "Deprecated") : null),
      h("div.op-desc", markdown(op.description || "", { headingShift: 3 })),
      codeBlock(curlFor(o), "sh", "Example request"),
      renderParams(o.params),
      renderRequestBody(op),
      renderResponses(op));
    return sec;
  }

  function renderErrorTable() {
    const codes = resolve({ $ref: "#/components/schemas/ErrorCode" })["x-error-codes"];
    if (!codes) return null;
    return h("div.table-wrap", h("table.fields.error-table",
      h("thead", h("tr", h("th", "Code"), h("th", "Status"), h("th", "Title"), h("th", "When"))),
      h("tbody", codes.map((c) => h("tr", { id: "error-" + c.code },
        h("td.field-name", h("code", c.code)),
        h("td", h("span.status-code." + statusClass(String(c.status)), String(c.status))),
        h("td", c.title),
        h("td", h("div.desc", inlineMd(c.description))))))));
  }

  function renderScopes() {
    const scope = resolve({ $ref: "#/components/schemas/Scope" });
    if (!scope.enum) return null;
    const descs = scope["x-enum-descriptions"] || {};
    const used = new Set();
    for (const o of operations()) if (o.op["x-required-scope"]) used.add(o.op["x-required-scope"]);
    return h("section.section", { id: "scopes" },
      h("h2", "Scopes"),
      h("p", inlineMd(scope.description || "")),
      h("div.table-wrap", h("table.fields",
        h("thead", h("tr", h("th", "Scope"), h("th", "Grants"), h("th", "Endpoints"))),
        h("tbody", scope.enum.map((s) => h("tr",
          h("td.field-name", h("code", s)),
          h("td", inlineMd(descs[s] || "")),
          h("td", operations().filter((o) => o.op["x-required-scope"] === s).map((o, i) =>
            [i ? " " : "", h("a.endpoint-chip", { href: "#op-" + o.id }, h("code", o.method.toUpperCase() + " " + o.path.replace("/api/v1/public", "")))]),
            used.has(s) ? null : h("span.muted", "—"))))))));
  }

  // Splits info.description at "## " headings into intro sections.
  function introSections(description) {
    const sections = [];
    let current = { title: "Overview", lines: [] };
    for (const line of String(description || "").split("\n")) {
      const m = /^##\s+(.*)$/.exec(line);
      if (m) {
        if (current.lines.join("").trim()) sections.push(current);
        current = { title: m[1].trim(), lines: [] };
      } else current.lines.push(line);
    }
    if (current.lines.join("").trim()) sections.push(current);
    return sections.map((s) => ({ ...s, id: "intro-" + slug(s.title) }));
  }

  function renderSchemaSection(name) {
    const schema = resolve({ $ref: "#/components/schemas/" + name });
    const rows = fieldRows({ $ref: "#/components/schemas/" + name }, "", 0, [], false);
    const example = exampleFor({ $ref: "#/components/schemas/" + name });
    return h("section.schema", { id: "schema-" + name },
      h("h3.op-title", h("a.anchor", { href: "#schema-" + name, "aria-label": "Link to this object", text: "#" }), name),
      schema.description ? h("p", inlineMd(schema.description)) : null,
      fieldsTable(rows, { showRequired: false }),
      example && typeof example === "object" ? h("details.example",
        h("summary", "Example"), codeBlock(JSON.stringify(example, null, 2), "json")) : null);
  }

  function navLink(href, children, cls) {
    return h("li", h("a" + (cls ? "." + cls : ""), { href }, children));
  }

  function render() {
    const content = document.getElementById("content");
    const nav = document.getElementById("nav");
    content.textContent = "";
    nav.textContent = "";

    const info = spec.info || {};
    document.title = (info.title || "API") + " reference";
    document.getElementById("api-version").textContent = info.version ? "v" + info.version : "";

    // Which schemas get their own "Objects" entry: responses' objects, not request bodies or list envelopes.
    const allSchemas = Object.keys((spec.components || {}).schemas || {});
    for (const n of allSchemas) {
      const s = spec.components.schemas[n];
      if (/(List|Create|Update|Input|Request|Reject)$/.test(n) || s.enum || !(s.properties || s.allOf)) continue;
      OBJECT_SCHEMAS.add(n);
    }

    const ops = operations();
    const byTag = new Map();
    for (const o of ops) {
      const tag = (o.op.tags && o.op.tags[0]) || "Other";
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag).push(o);
    }
    const tagInfo = new Map((spec.tags || []).map((t) => [t.name, t]));
    let groups = spec["x-tagGroups"];
    if (!groups) groups = [{ name: "Endpoints", tags: [...byTag.keys()] }];
    const grouped = new Set(groups.flatMap((g) => g.tags));
    const leftovers = [...byTag.keys()].filter((t) => !grouped.has(t));
    if (leftovers.length) groups = [...groups, { name: "Other", tags: leftovers }];

    // ---- intro --------------------------------------------------------------------------
    const intro = introSections(info.description);
    const hero = h("section.hero", { id: "introduction" },
      h("h1", info.title || "API reference"),
      info.summary ? h("p.lead", inlineMd(info.summary)) : null,
      h("div.hero-meta",
        info.version ? h("span.badge", "Version " + info.version) : null,
        h("span.badge", "OpenAPI " + (spec.openapi || "")),
        h("a.badge.badge-link", { href: SPEC_URL }, "Download openapi.json")));
    content.appendChild(hero);

    const navIntro = h("ul.nav-list");
    for (const s of intro) {
      const isErrors = /^errors?$/i.test(s.title);
      const sec = h("section.section", { id: s.id },
        s.title !== "Overview" ? h("h2", s.title) : null,
        markdown(s.lines.join("\n"), { headingShift: 1, skipTables: isErrors }),
        isErrors ? renderErrorTable() : null);
      content.appendChild(sec);
      navIntro.appendChild(navLink("#" + s.id, s.title));
    }
    if (!intro.some((s) => /^errors?$/i.test(s.title))) {
      const table = renderErrorTable();
      if (table) {
        content.appendChild(h("section.section", { id: "intro-errors" }, h("h2", "Errors"), table));
        navIntro.appendChild(navLink("#intro-errors", "Errors"));
      }
    }
    const scopes = renderScopes();
    if (scopes) {
      content.appendChild(scopes);
      navIntro.appendChild(navLink("#scopes", "Scopes"));
    }
    nav.appendChild(h("div.nav-group", h("div.nav-group-title", "Introduction"), navIntro));

    // ---- endpoints ----------------------------------------------------------------------
    for (const g of groups) {
      const groupId = "group-" + slug(g.name);
      const groupSection = h("section.group", { id: groupId }, h("h2.group-title", g.name));
      const navGroup = h("div.nav-group", h("a.nav-group-title", { href: "#" + groupId }, g.name));
      for (const tag of g.tags) {
        const list = byTag.get(tag);
        if (!list) continue;
        const t = tagInfo.get(tag) || { name: tag };
        const tagId = "tag-" + slug(tag);
        const display = tag.replace(/^(Public|Console):\s*/, "");
        const tagSection = h("section.tag", { id: tagId },
          h("h2.tag-title", display, g.name !== display ? h("span.tag-group", g.name) : null),
          t.description ? h("div.tag-desc", markdown(t.description)) : null,
          list.map(renderOperation));
        groupSection.appendChild(tagSection);
        navGroup.appendChild(h("div.nav-tag",
          display !== g.name ? h("a.nav-tag-title", { href: "#" + tagId }, display) : null,
          h("ul.nav-list", list.map((o) => h("li", { "data-filter": (o.op.summary + " " + o.method + " " + o.path + (o.webhook ? " webhook" : "")).toLowerCase() },
            h("a.nav-op", { href: "#op-" + o.id }, h("span.nav-method.method-" + o.method, o.method === "delete" ? "DEL" : o.method.toUpperCase()),
              h("span.nav-op-name", o.op.summary || o.path)))))));
      }
      content.appendChild(groupSection);
      nav.appendChild(navGroup);
    }

    // ---- objects ------------------------------------------------------------------------
    const objects = [...OBJECT_SCHEMAS];
    if (objects.length) {
      content.appendChild(h("section.group", { id: "objects" },
        h("h2.group-title", "Objects"),
        h("p.muted", "Every field is always present in responses; optional values are ", h("code", "null"), "."),
        objects.map(renderSchemaSection)));
      nav.appendChild(h("div.nav-group", h("a.nav-group-title", { href: "#objects" }, "Objects"),
        h("ul.nav-list", objects.map((n) => h("li", { "data-filter": n.toLowerCase() }, h("a", { href: "#schema-" + n }, n))))));
    }

    setupFilter();
    setupScrollSpy();
    if (window.location.hash) {
      const target = document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
      if (target) target.scrollIntoView();
    }
  }

  // ------------------------------------------------------------------------------------------
  // Behaviour: filter, scroll spy, mobile menu
  // ------------------------------------------------------------------------------------------

  function setupFilter() {
    const input = document.getElementById("nav-filter");
    input.addEventListener("input", () => {
      const q = input.value.trim().toLowerCase();
      for (const li of document.querySelectorAll("#nav li[data-filter]")) {
        li.hidden = !!q && !li.getAttribute("data-filter").includes(q);
      }
      for (const tag of document.querySelectorAll("#nav .nav-tag")) {
        tag.hidden = !!q && !tag.querySelector("li[data-filter]:not([hidden])");
      }
    });
  }

  function setupScrollSpy() {
    if (!("IntersectionObserver" in window)) return;
    const links = new Map();
    for (const a of document.querySelectorAll("#nav a[href^='#']")) links.set(a.getAttribute("href").slice(1), a);
    let active = null;
    const observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        if (!e.isIntersecting) continue;
        const a = links.get(e.target.id);
        if (!a || a === active) continue;
        if (active) active.classList.remove("active");
        a.classList.add("active");
        active = a;
        const navBox = document.getElementById("sidebar");
        const r = a.getBoundingClientRect();
        const nb = navBox.getBoundingClientRect();
        if (r.top < nb.top + 60 || r.bottom > nb.bottom - 20) a.scrollIntoView({ block: "nearest" });
      }
    }, { rootMargin: "-72px 0px -70% 0px" });
    for (const id of links.keys()) {
      const el = document.getElementById(id);
      if (el) observer.observe(el);
    }
  }

  function setupMenu() {
    const btn = document.getElementById("menu-toggle");
    const sidebar = document.getElementById("sidebar");
    btn.addEventListener("click", () => {
      const open = sidebar.classList.toggle("open");
      btn.setAttribute("aria-expanded", open ? "true" : "false");
    });
    sidebar.addEventListener("click", (e) => {
      if (e.target.closest("a")) {
        sidebar.classList.remove("open");
        btn.setAttribute("aria-expanded", "false");
      }
    });
  }

  function showError(message) {
    const status = document.getElementById("status") || document.getElementById("content").appendChild(h("p.status"));
    status.classList.add("error");
    status.textContent = "";
    append(status, ["Could not load the API description: " + message + ". The raw document is at ",
      h("a", { href: SPEC_URL }, SPEC_URL), "."]);
  }

  function start() {
    setupMenu();
    fetch(SPEC_URL, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then((res) => {
        if (!res.ok) throw new Error("HTTP " + res.status);
        return res.json();
      })
      .then((doc) => {
        spec = doc;
        render();
      })
      .catch((err) => {
        console.error(err);
        showError(err && err.message ? err.message : String(err));
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
