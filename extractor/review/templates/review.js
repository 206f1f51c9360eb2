"use strict";
// The review page. Every piece of article text, id, label or message goes into the page as a DOM text node or an
// attribute value (h() below), never as markup. Spans in the data count Unicode code points (Python's string
// indices); the DOM counts UTF-16 units, so offsets are converted where the two meet (Offsets).
(() => {
const DATA = JSON.parse(document.getElementById("review-data").textContent);
const SERVED = DATA.api !== null;
const LOCAL = "extractor-review:" + DATA.key + ":";  // local storage: one key per article review
const GOLD_FIELDS = DATA.vocab.gold_fields;
const OTHER_LABELS = ["rescued", "evacuated", "displaced", "prisoners_exchanged", "bodies_returned",
  "buildings_damaged", "vehicles", "attacks", "strikes", "percent", "rate_per_day", "money", "distance_km"];
const $ = (id) => document.getElementById(id);
const articles = DATA.articles;
const byId = new Map(articles.map((a) => [a.id, a]));
const reviews = {};  // article id -> its review (the ArticleReview schema)
const checks = {};   // article id -> the checker's findings on the saved review (served page)
const pending = new Map();  // article id -> review waiting to be sent (served page)
let current = null, selected = null, editing = null, lastSelection = null, sending = false;

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

// ---- offsets: code points (the data) <-> UTF-16 units (the DOM) ---------------------------------------------------
function Offsets(text) {
  if (!/[\uD800-\uDFFF]/.test(text)) return {js: (i) => i, py: (i) => i};
  const js = [], py = new Array(text.length + 1);
  let u = 0;
  for (const ch of text) { py[u] = js.length; js.push(u); u += ch.length; }
  py[u] = js.length; js.push(u);
  for (let i = 1; i < py.length; i++) if (py[i] === undefined) py[i] = py[i - 1];  // inside a pair: its start
  return {js: (i) => js[i], py: (i) => py[i]};
}

// ---- the facts shown for an article: its review, or the extraction as it came ------------------------------------
function goldFields(row) {
  const f = {};
  for (const k of GOLD_FIELDS) f[k] = row[k] === undefined ? null : row[k];
  return f;
}
function shown(a) {
  const r = reviews[a.id];
  if (r) return r.facts.map((x) => ({...x, orig: x.origin === null ? null : a.facts[x.origin]}));
  return a.facts.map((f, i) => ({status: "open", origin: i, fact: goldFields(f), orig: f}));
}
function findingsOf(a, i, item) {
  // the extraction's findings on a fact as extracted ("unconfirmed" among them, which no re-check can give), and
  // once saved, the checker's on the review's facts: both, each once
  const original = item.origin !== null && (item.status === "open" || item.status === "accepted")
    ? a.findings.filter((f) => f.fact === item.origin) : [];
  if (!(checks[a.id] && !pending.has(a.id))) return original;
  const now = checks[a.id].filter((f) => f.fact === i);
  const seen = new Set(now.map((f) => f.rule + "\u0000" + f.message));
  return now.concat(original.filter((f) => !seen.has(f.rule + "\u0000" + f.message)));
}
function articleStats(a) {
  const r = reviews[a.id];
  return {
    unverified: a.facts.filter((f) => !f.verified).length,
    errors: a.findings.filter((f) => f.severity === "error").length,
    findings: a.findings.length,
    categories: new Set((r ? r.facts.map((x) => x.fact) : a.facts).map((f) => f.category)),
    done: !!(r && r.done), touched: !!r,
  };
}
function numberLabel(f) {
  const fmt = (x) => (x === null || x === undefined ? "?" : String(x));
  const ranged = f.value === null && (f.low !== null || f.high !== null);
  const core = ranged ? fmt(f.low) + "–" + fmt(f.high) : fmt(f.value);
  return (f.approximate ? "≈" : f.lower_bound ? "≥" : f.upper_bound ? "≤" : "") + core;
}

// ---- saving: local storage always (never lost on reload), and the server when there is one -----------------------
function status(message, kind) {
  const el = $("save-status");
  el.textContent = message;
  el.className = kind || "muted";
}
function save(a) {
  const r = reviews[a.id];
  r.reviewer = $("reviewer").value.trim() || r.reviewer;
  if (!SERVED) r.updated_at = new Date().toISOString();
  try { localStorage.setItem(LOCAL + a.id, JSON.stringify(r)); } catch (e) { status("not kept in this browser: " + e.message, "problem"); }
  if (SERVED) { pending.set(a.id, JSON.parse(JSON.stringify(r))); send(); }
  else status("saved in this browser (Download corrections to keep a file)");
  refreshListItem(a);
  progress();
}
async function send() {
  if (sending || !pending.size) return;
  sending = true;
  const [id, review] = pending.entries().next().value;
  status("saving…");
  let retry = false;
  try {
    const response = await fetch(DATA.api + "/reviews/" + encodeURIComponent(id), {
      method: "PUT", headers: {"Content-Type": "application/json"}, body: JSON.stringify(review)});
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      if (pending.get(id) === review) {
        pending.delete(id);
        localStorage.removeItem(LOCAL + id);
        reviews[id].updated_at = body.review.updated_at;
      }
      checks[id] = body.checks;
      status(pending.size ? "saving…" : "saved", "muted");
    } else if (response.status >= 500) {
      retry = true;
      status("not saved yet: the server answered " + response.status + "; retrying", "problem");
    } else {
      if (pending.get(id) === review) pending.delete(id);
      const detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
      status("not saved: " + detail + " (kept in this browser)", "problem");
    }
  } catch (e) {
    retry = true;
    status("not saved yet: the server cannot be reached; retrying (kept in this browser)", "problem");
  }
  sending = false;
  if (current && current.id === id) renderFacts();
  setTimeout(send, retry ? 3000 : 0);
}
window.addEventListener("beforeunload", (event) => { if (pending.size) event.preventDefault(); });

function loadReviews() {
  Object.assign(reviews, DATA.reviews);
  Object.assign(checks, DATA.checks);
  for (let i = 0; i < localStorage.length; i++) {
    const key = localStorage.key(i);
    if (!key.startsWith(LOCAL)) continue;
    const r = JSON.parse(localStorage.getItem(key));
    const a = byId.get(r.article_id);
    if (!a || (r.text_sha256 && r.text_sha256 !== a.sha256)) continue;
    const saved = reviews[r.article_id];
    if (SERVED) { reviews[r.article_id] = r; pending.set(r.article_id, r); }  // the server never got it
    else if (!saved || (r.updated_at || "") >= (saved.updated_at || "")) reviews[r.article_id] = r;
  }
  if (pending.size) send();
}
function ensureReview(a) {
  if (!reviews[a.id]) {
    reviews[a.id] = {article_id: a.id, text_sha256: a.sha256, done: false, reviewer: $("reviewer").value.trim(),
      notes: "", facts: a.facts.map((f, i) => ({status: "open", origin: i, fact: goldFields(f)})), updated_at: null};
  }
  return reviews[a.id];
}

// ---- the list of articles -----------------------------------------------------------------------------------------
const listItems = new Map();
function refreshListItem(a) {
  const s = articleStats(a), r = reviews[a.id];
  const li = listItems.get(a.id);
  const decided = r ? r.facts.filter((x) => x.status !== "open").length : 0;
  li.replaceChildren(...[
    h("span", {class: "id", dir: "auto"}, a.id),
    s.unverified ? h("span", {class: "count unverified", title: "unverified facts"}, String(s.unverified)) : null,
    s.errors ? h("span", {class: "count errors", title: "checker errors"}, String(s.errors)) : null,
    s.done ? h("span", {class: "count done", title: "reviewed"}, "✓")
      : r ? h("span", {class: "count progress", title: "facts decided"}, decided + "/" + r.facts.length) : null,
    a.problem ? h("span", {class: "count errors", title: a.problem}, "!") : null].filter(Boolean));
}
function buildList() {
  const ol = $("articles");
  for (const a of articles) {
    const li = h("li", {tabindex: "-1", onclick: () => open(a)});
    listItems.set(a.id, li);
    refreshListItem(a);
    ol.append(li);
  }
  for (const c of DATA.vocab.categories) $("category").append(h("option", {value: c}, c));
}
// ---- events: the incidents of these articles, each outlet's claims side by side ------------------------------------
const SVG = "http://www.w3.org/2000/svg";
function buildEvents() {
  const events = DATA.events || [];
  $("events-count").textContent = "(" + events.length + ")";
  const placed = events.filter((e) => e.place && e.place.latitude !== null);
  const xs = placed.map((e) => e.place.longitude), ys = placed.map((e) => e.place.latitude);
  const [x0, x1, y0, y1] = [Math.min(...xs) - 2, Math.max(...xs) + 2, Math.min(...ys) - 1, Math.max(...ys) + 1];
  const scale = Math.min(240 / (x1 - x0 || 1), 120 / (y1 - y0 || 1));
  for (const e of placed) {
    const dot = document.createElementNS(SVG, "circle");
    dot.setAttribute("cx", String((e.place.longitude - x0) * scale));
    dot.setAttribute("cy", String((y1 - e.place.latitude) * scale));
    dot.setAttribute("r", String(2 + Math.min(4, e.articles.length)));
    const title = document.createElementNS(SVG, "title");
    title.textContent = e.event_id + " " + (e.place.name || e.place.written);
    dot.append(title);
    $("events-map").append(dot);
  }
  for (const e of events) {
    const where = e.place ? (e.place.name || e.place.written) + (e.country ? " (" + e.country + ")" : "")
      : "place unknown";
    const sides = e.actor1 || e.actor2 ? (e.actor1 || "?") + " → " + (e.actor2 || "?") : null;
    const head = [e.event_id, e.event_date || "undated", where, e.sub_event_type, sides,
      e.articles.length + (e.articles.length === 1 ? " article" : " articles")].filter(Boolean).join(" · ");
    const claims = e.claims.filter((c) => c.category !== "other").map((c) => {
      const a = byId.get(c.article_id);
      const i = a ? a.facts.findIndex((f) => f.start === c.start && f.end === c.end) : -1;
      return h("li", {class: "claim", onclick: () => a && open(a, i >= 0 ? i : undefined)},
        c.article_id + ": " + c.role + " " + c.text + (c.source ? " (" + c.source + ")" : "") +
        (c.verified ? " ✓" : ""));
    });
    const summary = e.summary.map((s) => s.role + " " + (s.low === s.high ? s.low : s.low + "–" + s.high));
    $("events").append(h("li", {"data-event": e.event_id}, h("div", {dir: "auto"}, head),
      summary.length ? h("div", {class: "muted"}, summary.join(", ")) : null, h("ul", {}, claims)));
  }
}
function visible() {
  const query = $("search").value.trim().toLowerCase(), category = $("category").value;
  const onlyUnverified = $("unverified-only").checked, hideDone = $("hide-done").checked;
  const sort = $("sort").value;
  const rows = [];
  for (const a of articles) {
    const s = articleStats(a);
    if (query && !a.id.toLowerCase().includes(query)) continue;
    if (category && !s.categories.has(category)) continue;
    if (onlyUnverified && !s.unverified) continue;
    if (hideDone && s.done) continue;
    rows.push([a, s]);
  }
  const key = sort === "id" ? () => 0 : sort === "findings" ? (s) => s.findings : (s) => s.unverified;
  rows.sort((x, y) => key(y[1]) - key(x[1]) || (x[0].id < y[0].id ? -1 : x[0].id > y[0].id ? 1 : 0));
  return rows.map((row) => row[0]);
}
function applyList() {
  const shownArticles = visible(), ol = $("articles");
  const fragment = document.createDocumentFragment();
  for (const a of shownArticles) fragment.append(listItems.get(a.id));
  for (const li of listItems.values()) li.hidden = true;
  for (const a of shownArticles) listItems.get(a.id).hidden = false;
  ol.append(fragment);
  $("list-count").textContent = shownArticles.length + " of " + articles.length + " articles";
}
function progress() {
  const done = articles.filter((a) => reviews[a.id] && reviews[a.id].done).length;
  $("progress").textContent = done + " of " + articles.length + " articles reviewed";
}

// ---- one article: its text with the facts' spans, and the table of facts ----------------------------------------
function open(a, factIndex) {
  if (editing) closeEditor();
  current = a;
  selected = null;
  const was = $("articles").querySelector("li[aria-current=true]");
  if (was) was.setAttribute("aria-current", "false");
  listItems.get(a.id).setAttribute("aria-current", "true");
  listItems.get(a.id).scrollIntoView({block: "nearest"});
  history.replaceState(null, "", "#" + encodeURIComponent(a.id));
  $("article-title").textContent = a.id;
  $("article-title").dir = "auto";
  const meta = [a.published ? "published " + a.published : "no publication date",
    a.facts.length + " facts extracted", a.model ? "model " + a.model : null].filter(Boolean);
  $("article-meta").textContent = meta.join(" · ");
  $("article-problem").hidden = !a.problem;
  $("article-problem").textContent = a.problem || "";
  const r = reviews[a.id];
  $("notes").value = r ? r.notes : "";
  $("notes").disabled = a.text === null;
  $("done").disabled = a.text === null;
  render();
  if (factIndex !== undefined) select(factIndex);
}
function render() { renderText(); renderFacts(); }

// Bidi embeddings, overrides and isolates in an article would turn the text around it (a U+202E can show "12" as
// "21"): each is put in an isolate of its own, where it turns nothing, and named. The text itself is unchanged.
const CONTROLS = /([\u202A-\u202E\u2066-\u2069])/;
const CONTROL_NAMES = {"\u202A": "LRE", "\u202B": "RLE", "\u202C": "PDF", "\u202D": "LRO", "\u202E": "RLO",
  "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI"};
function words(text) {
  if (!CONTROLS.test(text)) return [text];
  return text.split(CONTROLS).filter((part) => part !== "").map((part) => CONTROL_NAMES[part]
    ? h("span", {class: "bidi", "data-name": CONTROL_NAMES[part], title: "a " + CONTROL_NAMES[part] + " bidi control in the article"}, part)
    : part);
}
function renderText() {
  const a = current, el = $("text");
  if (a.text === null) { el.replaceChildren(h("span", {class: "muted"}, "(no text to show)")); return; }
  const off = Offsets(a.text), items = shown(a);
  const spans = [];  // [start, end, kind, index] in UTF-16 units
  items.forEach((x, i) => {
    if (x.fact.start !== null && x.fact.end > x.fact.start) spans.push([off.js(x.fact.start), off.js(x.fact.end), "fact", i]);
  });
  const covered = (s, e) => spans.some(([a0, b0, kind]) => kind === "fact" && a0 < e && s < b0);
  a.findings.forEach((f, i) => {
    if (f.fact === null && f.start !== null && f.end > f.start && !covered(off.js(f.start), off.js(f.end)))
      spans.push([off.js(f.start), off.js(f.end), "hint", i]);
  });
  const cuts = new Set([0, a.text.length]);
  for (const [s, e] of spans) { cuts.add(s); cuts.add(e); }
  const points = [...cuts].sort((x, y) => x - y);
  const nodes = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const s = points[k], e = points[k + 1], piece = words(a.text.slice(s, e));
    const over = spans.filter(([a0, b0]) => a0 <= s && e <= b0);
    if (!over.length) { nodes.push(...piece); continue; }
    const facts = over.filter((x) => x[2] === "fact").sort((x, y) => (x[1] - x[0]) - (y[1] - y[0]));
    if (!facts.length) {
      const f = a.findings[over[0][3]];
      nodes.push(h("mark", {class: "hint", title: f.message + " — click to add it as a fact", "data-hint": over[0][3]}, piece));
      continue;
    }
    const top = items[facts[0][3]];
    const classes = [top.fact.category, top.status];
    if (top.status === "open" && top.orig && !top.orig.verified) classes.push("unverified");
    const severities = facts.flatMap(([, , , i]) => findingsOf(a, i, items[i]).map((f) => f.severity));
    if (severities.includes("error")) classes.push("error"); else if (severities.includes("warning")) classes.push("warning");
    const ending = facts.find(([, b0]) => b0 === e);
    if (ending) classes.push("end");
    if (selected !== null && facts.some((x) => x[3] === selected)) classes.push("selected");
    nodes.push(h("mark", {class: classes.join(" "), "data-facts": facts.map((x) => x[3]).join(" "),
      "data-tag": ending ? items[ending[3]].fact.role : null,
      title: facts.map(([, , , i]) => describe(items[i])).join("\n")}, piece));
  }
  el.replaceChildren(...nodes);
}
function describe(x) {
  const f = x.fact, orig = x.orig;
  return [x.status + ": " + f.category + "/" + f.role + (f.weapon_class ? " " + f.weapon_class : "") + " " + numberLabel(f),
    orig ? (orig.verified ? "verified" : "unverified") : "added by the reviewer"].join(" · ");
}

const COLUMNS = [
  ["role", (f) => f.role],
  ["class", (f) => f.weapon_class || ""],
  ["number", (f) => numberLabel(f)],
  ["subject", (f) => f.subject || ""],
  ["source", (f) => f.source || ""],
  ["place", (f) => f.location || ""],
  ["date", (f) => (f.date ? f.date + (f.date_precision && f.date_precision !== "day" ? " (" + f.date_precision + ")" : "") : "")],
  ["part of", (f) => partLabel(f)],
];
// The total a fact is part of, as its number and role ("26 launched"); "?" when no fact kept here starts there
// (exported, such a part is a part of nothing: its part_of is null)
function partLabel(f) {
  if (f.part_of === null || f.part_of === undefined || !current) return "";
  const total = shown(current).find((x) => x.fact.start === f.part_of && x.status !== "rejected");
  return total ? numberLabel(total.fact) + " " + total.fact.role : "?";
}
const STATUS_MARK = {open: "·", accepted: "✓", corrected: "✎", rejected: "✗", added: "+"};
function renderFacts() {
  const a = current, items = shown(a), body = $("fact-table").tBodies[0];
  const rows = items.map((x, i) => {
    const cells = COLUMNS.map(([name, get]) => {
      const now = get(x.fact), was = x.orig && x.status === "corrected" ? get(goldFields(x.orig)) : now;
      return h("td", {dir: "auto"}, name === "role" ? h("span", {class: "cat swatch " + x.fact.category, title: x.fact.category}) : null, now,
        was !== now ? h("span", {class: "was", title: "as extracted"}, was) : null);
    });
    const findings = findingsOf(a, i, x);
    const checker = findings.length ? findings.map((f) => h("div", {class: "finding " + f.severity, title: f.message}, f.rule))
      : x.origin === null || x.status === "corrected" ? (SERVED ? "" : h("span", {class: "muted", title: "the checker runs on the served page and at export"}, "not checked")) : "";
    const act = (label, title, fn) => h("button", {type: "button", title, onclick: (e) => { e.stopPropagation(); select(i); fn(); }}, label);
    return h("tr", {class: (x.status === "rejected" ? "rejected " : "") + (selected === i ? "selected" : ""), "data-fact": i,
      onclick: () => select(i, true)},
      h("td", {}, String(i + 1)),
      h("td", {class: "status status-" + x.status, title: x.status}, STATUS_MARK[x.status]),
      ...cells,
      h("td", {}, x.orig ? (x.orig.verified ? "yes" : "no") : "–"),
      h("td", {}, checker),
      h("td", {class: "actions"}, act("✓", "accept (a)", () => decide("accepted")), act("✎", "correct (e)", () => edit(i)),
        act("✗", "reject (r)", () => decide("rejected"))));
  });
  if (!rows.length) rows.push(h("tr", {}, h("td", {colspan: 13, class: "muted"}, "no facts: select words in the text to add one")));
  body.replaceChildren(...rows);
  const r = reviews[a.id];
  $("done").textContent = r && r.done ? "Reopen article" : "Mark reviewed";
}

function select(i, scroll) {
  const items = current ? shown(current) : [];
  if (i === null || i < 0 || i >= items.length) return;
  selected = i;
  for (const tr of $("fact-table").tBodies[0].rows) tr.classList.toggle("selected", tr.dataset.fact === String(i));
  for (const m of $("text").querySelectorAll("mark[data-facts]")) {
    m.classList.toggle("selected", m.dataset.facts.split(" ").includes(String(i)));
  }
  const row = $("fact-table").tBodies[0].rows[i];
  if (row) row.scrollIntoView({block: "nearest"});
  const mark = $("text").querySelector("mark.selected");
  if (mark && scroll) { mark.scrollIntoView({block: "center"}); mark.classList.remove("flash"); void mark.offsetWidth; mark.classList.add("flash"); }
}

// ---- actions ------------------------------------------------------------------------------------------------------
function decide(state) {
  if (selected === null || !current || current.text === null) return;
  const a = current, r = ensureReview(a), x = r.facts[selected];
  if (state === "open") {  // back to the fact as extracted (an added fact stays, unrejected)
    if (x.origin === null) x.status = "added";
    else { x.status = "open"; x.fact = goldFields(a.facts[x.origin]); }
    r.done = false;
  } else if (state === "rejected") {
    x.status = "rejected";
  } else if (x.status === "open" || x.status === "rejected") {
    if (x.fact.start === null) { status("this fact has no words in the text: correct it (e) and select its words", "problem"); return; }
    x.status = x.origin === null ? "added" : same(x.fact, goldFields(a.facts[x.origin])) ? "accepted" : "corrected";
  }
  save(a);
  render();
  select(selected);
}
function markDone() {
  if (!current || current.text === null) return;
  const r = ensureReview(current);
  if (r.done) { r.done = false; save(current); render(); return; }
  // marking reviewed never accepts a fact by itself: untouched facts stay out of the gold file unless the reviewer
  // says here that they read them and accept them as they are
  const untouched = r.facts.filter((x) => x.status === "open");
  if (untouched.length && confirm("Accept the " + untouched.length + " untouched fact" + (untouched.length === 1 ? "" : "s")
      + " as extracted?\n\nOK: accept them. Cancel: mark the article reviewed and leave them out of the gold file.")) {
    const unplaced = untouched.filter((x) => x.fact.start === null).length;
    if (unplaced) { status(unplaced + " untouched facts have no words in the text: correct or reject them first", "problem"); return; }
    for (const x of untouched) x.status = "accepted";
  }
  r.done = true;
  save(current);
  render();
  applyList();
}

// ---- the editor: correct a fact, or add one the extraction missed -------------------------------------------------
const FIELDS = ["weapon", "subject", "value", "low", "high", "approximate", "lower_bound", "upper_bound", "date",
  "date_precision", "location", "source"];
function fillSelect(select, values, blank) {
  select.replaceChildren(...(blank ? [h("option", {value: ""}, blank)] : []), ...values.map((v) => h("option", {value: v}, v)));
}
function setRoles(category, role) {
  const other = category === "other";
  $("f-role-select").hidden = other;
  $("f-role-label").hidden = !other;
  if (other) { $("f-role-label").value = role || ""; }
  else { fillSelect($("f-role-select"), DATA.vocab.roles[category]); if (role) $("f-role-select").value = role; }
  $("f-weapon_class").disabled = category !== "munitions";
  if (category !== "munitions") $("f-weapon_class").value = "";
  else if (!$("f-weapon_class").value) $("f-weapon_class").value = "other";
}
function edit(i, draft) {
  if (!current || current.text === null) return;
  const items = shown(current);
  const fact = draft || items[i].fact;
  editing = {index: draft ? null : i, fact: {...fact}};
  $("editor-title").textContent = draft ? "Add a fact the extraction missed" : "Correct fact " + (i + 1);
  $("f-category").value = fact.category;
  $("f-weapon_class").value = fact.weapon_class || "";
  setRoles(fact.category, fact.role);
  for (const k of FIELDS) {
    const input = $("f-" + k);
    if (input.type === "checkbox") input.checked = !!fact[k];
    else input.value = fact[k] === null || fact[k] === undefined ? "" : String(fact[k]);
  }
  // the totals it may be part of: the article's other facts kept, by where their words start
  const totals = items.filter((x, j) => j !== i && x.status !== "rejected" && x.fact.start !== null && x.fact.start !== fact.start);
  $("f-part_of").replaceChildren(h("option", {value: ""}, "none"),
    ...totals.map((x) => h("option", {value: String(x.fact.start)}, numberLabel(x.fact) + " " + x.fact.role + " (" + x.fact.text + ")")));
  $("f-part_of").value = fact.part_of === null || fact.part_of === undefined ? "" : String(fact.part_of);
  showWords();
  $("editor-error").hidden = true;
  $("editor").hidden = false;
  $("use-selection").hidden = false;
  $("editor").scrollIntoView({block: "nearest"});
  (draft ? $("f-category") : $("f-role-select").hidden ? $("f-role-label") : $("f-role-select")).focus();
}
function showWords() {
  $("f-text").textContent = editing.fact.text || "";
  $("f-span").textContent = editing.fact.start === null ? "(no span)" : editing.fact.start + "–" + editing.fact.end;
}
function closeEditor() {
  editing = null;
  $("editor").hidden = true;
  $("use-selection").hidden = true;
}
function readForm() {
  const f = {...editing.fact};
  f.category = $("f-category").value;
  f.role = f.category === "other" ? $("f-role-label").value.trim() : $("f-role-select").value;
  f.weapon_class = f.category === "munitions" ? $("f-weapon_class").value || "other" : null;
  for (const k of FIELDS) {
    const input = $("f-" + k);
    if (input.type === "checkbox") f[k] = input.checked;
    else if (["value", "low", "high"].includes(k)) {
      const text = input.value.replace(/[,\s]/g, "");
      f[k] = text === "" ? null : Number(text);
    } else f[k] = input.value.trim() === "" ? null : input.value.trim();
  }
  f.part_of = $("f-part_of").value === "" ? null : Number($("f-part_of").value);
  return f;
}
function problemsOf(f) {
  if (f.start === null) return "select the fact's words in the text";
  if (["value", "low", "high"].some((k) => f[k] !== null && !Number.isFinite(f[k]))) return "numbers are digits (1200, 2.5)";
  if (f.value === null && (f.low === null || f.high === null)) return "give the value, or low and high of a range";
  if (f.low !== null && f.high !== null && f.low > f.high) return "low is above high";
  if (f.category === "other" && !/^[a-z][a-z0-9_]*$/.test(f.role)) return "the role of an 'other' fact is a snake_case label such as displaced";
  if (!!f.date !== !!f.date_precision) return "a date needs its precision, and a precision its date";
  return null;
}
function same(f, g) { return GOLD_FIELDS.every((k) => (f[k] ?? null) === (g[k] ?? null)); }
function submitEditor(event) {
  if (event) event.preventDefault();
  const f = readForm(), problem = problemsOf(f);
  if (problem) { $("editor-error").textContent = problem; $("editor-error").hidden = false; return; }
  const a = current, r = ensureReview(a);
  let index = editing.index;
  if (index === null) {
    r.facts.push({status: "added", origin: null, fact: f});
    index = r.facts.length - 1;
  } else {
    const x = r.facts[index];
    x.fact = f;
    x.status = x.origin === null ? "added" : same(f, goldFields(a.facts[x.origin])) ? "accepted" : "corrected";
  }
  closeEditor();
  save(a);
  render();
  select(index);
}

// ---- selecting words in the text ----------------------------------------------------------------------------------
function selectionSpan() {
  const sel = window.getSelection(), el = $("text");
  if (!current || current.text === null || !sel.rangeCount || sel.isCollapsed) return null;
  const range = sel.getRangeAt(0);
  if (!el.contains(range.startContainer) || !el.contains(range.endContainer)) return null;
  const before = document.createRange();
  before.selectNodeContents(el);
  before.setEnd(range.startContainer, range.startOffset);
  const text = current.text;
  let start = before.toString().length, end = start + range.toString().length;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  const word = /[\p{L}\p{N}]/u;  // grow to whole words: the checker holds words at word boundaries
  while (start > 0 && word.test(text[start - 1]) && word.test(text[start])) start--;
  while (end < text.length && word.test(text[end]) && word.test(text[end - 1])) end++;
  if (start >= end) return null;
  const off = Offsets(text);
  return snap(off.py(start), off.py(end));
}
function snap(start, end) {
  // Words that hold a number code reads take exactly that number's words (its hedge included), and its reading.
  const number = current.numbers.find((n) => n.start < end && start < n.end);
  if (number) return {start: number.start, end: number.end, number};
  const off = Offsets(current.text);
  return {start, end, number: null, text: current.text.slice(off.js(start), off.js(end))};
}
function wordsOf(span) { return span.number ? span.number.text : span.text; }
function onSelection() {
  lastSelection = selectionSpan();
  $("selection-bar").hidden = !lastSelection;
  if (lastSelection) $("selection-words").textContent = "“" + wordsOf(lastSelection) + "” " + lastSelection.start + "–" + lastSelection.end;
}
function addFact(span) {
  span = span || lastSelection;
  if (!span || !current) return;
  const n = span.number || {};
  const near = selected !== null ? shown(current)[selected].fact : null;  // a fact of the same event, for context
  const draft = {category: near ? near.category : "casualties", role: near ? near.role : "killed",
    weapon_class: near ? near.weapon_class : null, weapon: null, subject: null,
    value: n.value ?? null, low: n.low ?? null, high: n.high ?? null, approximate: !!n.approximate,
    lower_bound: !!n.lower_bound, upper_bound: !!n.upper_bound, date: near ? near.date : null,
    date_precision: near ? near.date_precision : null, location: near ? near.location : null,
    source: near ? near.source : null, text: wordsOf(span), start: span.start, end: span.end};
  window.getSelection().removeAllRanges();
  $("selection-bar").hidden = true;
  edit(null, draft);
}
function useSelection() {
  if (!editing || !lastSelection) return;
  const n = lastSelection.number;
  Object.assign(editing.fact, {text: wordsOf(lastSelection), start: lastSelection.start, end: lastSelection.end});
  if (n) {
    for (const k of ["value", "low", "high"]) $("f-" + k).value = n[k] === null ? "" : String(n[k]);
    for (const k of ["approximate", "lower_bound", "upper_bound"]) $("f-" + k).checked = !!n[k];
  }
  showWords();
  window.getSelection().removeAllRanges();
  $("selection-bar").hidden = true;
}

// ---- files --------------------------------------------------------------------------------------------------------
function download() {
  const document_ = {format: DATA.format, title: DATA.title, key: DATA.key, reviews: Object.values(reviews)};
  const url = URL.createObjectURL(new Blob([JSON.stringify(document_, null, 1)], {type: "application/json"}));
  const link = h("a", {href: url, download: "corrections-" + DATA.key + ".json"});
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}
async function load(file) {
  let loaded = 0, skipped = 0;
  try {
    const document_ = JSON.parse(await file.text());
    if (document_.format !== DATA.format) throw new Error("not a corrections file");
    for (const r of document_.reviews) {
      const a = byId.get(r.article_id);
      if (!a || a.text === null || (r.text_sha256 && r.text_sha256 !== a.sha256)) { skipped++; continue; }
      reviews[a.id] = r;
      save(a);
      loaded++;
    }
  } catch (e) { status(file.name + ": " + e.message, "problem"); return; }
  status("loaded " + loaded + " reviews" + (skipped ? ", left out " + skipped + " of other articles or texts" : ""));
  applyList();
  if (current) open(current);
}

// ---- keyboard and events ------------------------------------------------------------------------------------------
function step(delta) {
  const list = visible();
  const at = current ? list.indexOf(current) : -1;
  const next = list[at + delta] || (at < 0 ? list[0] : null);
  if (next) open(next);
}
function moveFact(delta) {
  const n = current ? shown(current).length : 0;
  if (!n) return;
  select(selected === null ? (delta > 0 ? 0 : n - 1) : Math.min(n - 1, Math.max(0, selected + delta)), true);
}
document.addEventListener("keydown", (event) => {
  const t = event.target;  // keys go to what takes text; a ticked filter box leaves them to the page
  const typing = /^(TEXTAREA|SELECT)$/.test(t.tagName) || (t.tagName === "INPUT" && !["checkbox", "file"].includes(t.type));
  if (event.key === "Escape") {
    if (!$("help").hidden) $("help").hidden = true;
    else if (editing) closeEditor();
    else if (typing) event.target.blur();
    return;
  }
  if (editing && event.key === "Enter" && (event.ctrlKey || event.metaKey)) { submitEditor(event); return; }
  if (typing || event.ctrlKey || event.metaKey || event.altKey) return;
  const actions = {
    j: () => moveFact(1), ArrowDown: () => moveFact(1), k: () => moveFact(-1), ArrowUp: () => moveFact(-1),
    n: () => step(1), p: () => step(-1), a: () => decide("accepted"), r: () => decide("rejected"),
    o: () => decide("open"), e: () => selected !== null && edit(selected), Enter: () => selected !== null && edit(selected),
    "+": () => addFact(), d: () => markDone(), "/": () => $("search").focus(), "?": () => { $("help").hidden = !$("help").hidden; },
  };
  if (actions[event.key]) { event.preventDefault(); actions[event.key](); }
});
$("text").addEventListener("click", (event) => {
  if (!window.getSelection().isCollapsed) return;  // the reviewer is selecting words
  const mark = event.target.closest("mark");
  if (!mark) return;
  if (mark.dataset.hint !== undefined) {
    const f = current.findings[Number(mark.dataset.hint)];
    addFact(snap(f.start, f.end));
    return;
  }
  const facts = mark.dataset.facts.split(" ").map(Number);
  const at = facts.indexOf(selected);  // overlapping facts: each click takes the next
  select(facts[(at + 1) % facts.length], false);
});
document.addEventListener("selectionchange", onSelection);
$("add-fact").addEventListener("click", () => addFact());
$("use-selection").addEventListener("click", useSelection);
$("editor").addEventListener("submit", submitEditor);
$("cancel").addEventListener("click", closeEditor);
$("f-category").addEventListener("change", () => setRoles($("f-category").value, null));
$("done").addEventListener("click", markDone);
$("download").addEventListener("click", download);
$("load").addEventListener("change", (event) => { if (event.target.files[0]) load(event.target.files[0]); event.target.value = ""; });
$("help-button").addEventListener("click", () => { $("help").hidden = !$("help").hidden; });
$("help-close").addEventListener("click", () => { $("help").hidden = true; });
for (const id of ["search", "sort", "category", "unverified-only", "hide-done"]) $(id).addEventListener("input", applyList);
let notesTimer = null;
$("notes").addEventListener("input", () => {
  clearTimeout(notesTimer);
  const a = current, value = $("notes").value;
  notesTimer = setTimeout(() => { ensureReview(a).notes = value; save(a); }, 400);
});
$("reviewer").value = localStorage.getItem("extractor-review:reviewer") || "";
$("reviewer").addEventListener("change", () => localStorage.setItem("extractor-review:reviewer", $("reviewer").value.trim()));

// ---- start --------------------------------------------------------------------------------------------------------
fillSelect($("f-category"), DATA.vocab.categories);
fillSelect($("f-weapon_class"), DATA.vocab.weapon_classes, "—");
fillSelect($("f-date_precision"), DATA.vocab.date_precisions, "—");
const labels = new Set(OTHER_LABELS);
for (const a of articles) for (const f of a.facts) if (f.category === "other") labels.add(f.role);
$("other-labels").replaceChildren(...[...labels].sort().map((l) => h("option", {value: l})));
loadReviews();
buildList();
applyList();
buildEvents();
progress();
status(SERVED ? "saved on the server as you go" : "kept in this browser as you go");
let wanted = null;
try { wanted = byId.get(decodeURIComponent(location.hash.slice(1))); } catch (e) { /* not an article's id */ }
const first = wanted || visible()[0];
if (first) open(first);
document.body.dataset.ready = "1";
window.reviewReady = performance.now();
})();
