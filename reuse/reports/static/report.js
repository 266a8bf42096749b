"use strict";
// The HTML report's views, drawn from the JSON data block (see reuse/reports/page_data.py).
// Text from the corpus only ever enters the page as text nodes and attribute values, never as
// markup, so nothing in it can run.
(function () {
  const D = JSON.parse(document.getElementById("newsreuse-data").textContent);
  // articles: [id, outlet index (-1 none), published, inferred, title, chars, reused chars]
  // stories: [id, carriers (earliest first), outlets, wire, source, source article, earliest,
  //           cluster, core article, quoted, purity, confidence (-1 none), evidence, excerpt,
  //           carriers the dates cannot put after the earliest]
  // clusters: [[article, start, end], ...]; derivations: [source, target, copied, confidence,
  // shared chars, evidence]; matches: [a, a start, a end, b, b start, b end, kind, quoted,
  // similarity]; texts[article]: [[start, text], ...] or null
  const A = D.articles, S = D.stories, C = D.clusters, T = D.texts, O = D.outlets;
  const PAGE = 50;
  const KINDS = ["verbatim", "near-verbatim", "paraphrase"];

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v === true ? "" : v);
    }
    for (const kid of kids) {
      if (kid === null || kid === undefined || kid === false) continue;
      e.append(typeof kid === "string" || typeof kid === "number" ? document.createTextNode(String(kid)) : kid);
    }
    return e;
  }
  const SVG = "http://www.w3.org/2000/svg";
  function sv(tag, attrs, ...kids) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const kid of kids) if (kid) e.append(typeof kid === "string" ? document.createTextNode(kid) : kid);
    return e;
  }
  const $ = (id) => document.getElementById(id);
  const fmt = (n) => n.toLocaleString("en");
  const pct = (a, b) => (b ? Math.round((100 * a) / b) + "%" : "-");
  const flat = (t) => t.replace(/\s+/g, " ").trim();
  const cut = (t, n) => (t.length <= n ? t : t.slice(0, n - 1).trimEnd() + "…");
  const outletOf = (i) => (A[i][1] >= 0 ? O[A[i][1]] : "");
  const when = (i) => (A[i][2] ? A[i][2].replace("T", " ").slice(0, 16) + (A[i][3] ? " (inferred)" : "") : "no date");
  const label = (i) => (outletOf(i) ? outletOf(i) + ", " : "") + when(i);

  // Which clusters each article carries, for the pairs.
  const inClusters = A.map(() => []);
  C.forEach((ps, c) => ps.forEach((p) => { if (inClusters[p[0]].at(-1) !== c) inClusters[p[0]].push(c); }));
  const storyOfCluster = new Map(S.map((s, k) => [s[7], k]));
  const derivOf = new Map(D.derivations.map((d) => [Math.min(d[0], d[1]) + "|" + Math.max(d[0], d[1]), d]));

  function textAt(i, s, e) {
    let out = "";
    for (const [s0, t] of T[i] || []) {
      const a = Math.max(s, s0), b = Math.min(e, s0 + t.length);
      if (b > a) out += t.slice(a - s0, b - s0);
    }
    return out;
  }
  const excerpts = new Map();
  function excerpt(k) {
    if (excerpts.has(k)) return excerpts.get(k);
    const st = S[k];
    let text = st[13];
    if (!text) {
      const core = (C[st[7]] || []).find((p) => p[0] === st[8]);
      text = core ? textAt(core[0], core[1], Math.min(core[2], core[1] + 160)) : "";
      if (core && core[2] - core[1] > text.length) text += "…";
    }
    text = flat(text);
    excerpts.set(k, text);
    return text;
  }
  // Carriers per day, or per hour when every carrier has a time of day (as Story.spread).
  function spread(st) {
    const times = st[1].map((i) => A[i][2]).filter(Boolean);
    const hourly = times.length === st[1].length && times.every((t) => t.length > 10);
    const counts = new Map();
    for (const t of times) {
      const p = hourly ? t.slice(0, 13) : t.slice(0, 10);
      counts.set(p, (counts.get(p) || 0) + 1);
    }
    return [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
  function dayNumber(p) { const t = Date.parse(p.slice(0, 10) + "T00:00:00Z"); return isNaN(t) ? null : t / 864e5; }
  function spreadChart(st) {
    const sp = spread(st);
    if (!sp.length) return el("span", { class: "muted" }, "no dates");
    const first = dayNumber(sp[0][0]), last = dayNumber(sp.at(-1)[0]);
    const daily = sp[0][0].length === 10 && first !== null && last !== null && last - first < 92;
    const slots = daily ? last - first + 1 : sp.length;
    const max = Math.max(...sp.map((x) => x[1]));
    const w = Math.max(40, Math.min(160, slots * 6)), bw = w / slots;
    const svg = sv("svg", { class: "spark", width: w, height: 22, viewBox: `0 0 ${w} 22`, role: "img",
      "aria-label": sp.map((x) => `${x[0]}: ${x[1]}`).join(", ") });
    sp.forEach(([p, n], k) => {
      const x = daily ? (dayNumber(p) - first) * bw : k * bw, h = 2 + (18 * n) / max;
      svg.append(sv("rect", { x: x.toFixed(1), y: (22 - h).toFixed(1), width: Math.max(1, bw - 1).toFixed(1), height: h.toFixed(1) },
        sv("title", {}, `${p.replace("T", " ")}: ${n} carrier${n === 1 ? "" : "s"}`)));
    });
    const span = sp[0][0] === sp.at(-1)[0] ? sp[0][0] : `${sp[0][0]} – ${sp.at(-1)[0]}`;
    return el("span", { class: "spread" }, svg, el("br"), el("span", { class: "muted small" }, span.replace(/T/g, " ")));
  }
  const lead = (st) => (st[6] >= 0 ? st[6] : st[1][0]);

  // ---- filters shared by the stories and the graph ----
  const wires = new Map();
  S.forEach((s) => { if (s[3]) wires.set(s[3], (wires.get(s[3]) || 0) + 1); });
  function fillWires(select) {
    select.append(el("option", { value: "" }, "any"), el("option", { value: "*" }, "credited to a wire"),
      el("option", { value: "-" }, "no wire credited"));
    for (const [w, n] of [...wires.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)))
      select.append(el("option", { value: "=" + w }, `${w} (${fmt(n)})`));
  }
  const wireOk = (st, w) => !w || (w === "*" ? !!st[3] : w === "-" ? !st[3] : st[3] === w.slice(1));
  const hay = new Map();
  function haystack(k) {
    if (!hay.has(k)) {
      const st = S[k];
      hay.set(k, (st[0] + " " + excerpt(k) + " " + st[1].map(outletOf).join(" ")).toLowerCase());
    }
    return hay.get(k);
  }

  // ---- stories ----
  let storyList = [], storyShown = 0;
  function storyFilter() {
    const q = $("story-q").value.trim().toLowerCase(), min = Math.max(2, +$("story-min").value || 2);
    const w = $("story-wire").value;
    storyList = [];
    S.forEach((st, k) => {
      if (st[1].length < min || !wireOk(st, w)) return;
      if (q && !(st[0].toLowerCase() === q || haystack(k).includes(q))) return;
      storyList.push(k);
    });
    storyShown = 0;
    $("story-rows").replaceChildren();
    storyMore();
  }
  function storyMore() {
    const body = $("story-rows"), end = Math.min(storyList.length, storyShown + PAGE);
    const rows = [];
    for (let n = storyShown; n < end; n++) rows.push(storyRow(storyList[n], n));
    body.append(...rows);
    storyShown = end;
    const all = D.kept.stories[1];
    $("story-count").textContent = `Showing ${fmt(storyShown)} of ${fmt(storyList.length)} stories` +
      (storyList.length < all ? ` (${fmt(all)} in all${S.length < all ? `; this page holds the ${fmt(S.length)} largest, the JSON report all` : ""})` : "") + ".";
    $("story-more").hidden = storyShown >= storyList.length;
  }
  function storyRow(k, n) {
    const st = S[k], first = lead(st);
    const open = el("button", { type: "button", class: "linkish", "aria-expanded": "false",
      "data-story": st[0], onclick: () => toggleStory(k, tr, open) }, excerpt(k) || st[0]);
    const tr = el("tr", { class: "story", "data-story": st[0] },
      el("td", { class: "num" }, String(n + 1)),
      el("td", { class: "passage", dir: "auto" }, open, st[9] ? el("span", { class: "badge quote" }, "quote") : null),
      el("td", { class: "num" }, fmt(st[1].length)),
      el("td", { class: "num" }, fmt(st[2])),
      el("td", {}, st[3] || el("span", { class: "muted" }, "-")),
      st[6] < 0 ? el("td", { class: "muted" }, "unknown (no dates)")
        : el("td", {}, outletOf(first) || A[first][0], el("br"), el("span", { class: "muted small" }, when(first)),
          st[14] > 0 ? el("span", { class: "muted small" }, `, one of ${fmt(st[14] + 1)} the dates do not order`) : null),
      el("td", {}, spreadChart(st)));
    return tr;
  }
  function toggleStory(k, tr, button) {
    const next = tr.nextElementSibling;
    if (next && next.classList.contains("detail")) {
      next.remove();
      button.setAttribute("aria-expanded", "false");
      return;
    }
    button.setAttribute("aria-expanded", "true");
    tr.after(el("tr", { class: "detail" }, el("td", { colspan: "7" }, storyDetail(k))));
  }
  function storyDetail(k) {
    const st = S[k], first = lead(st);
    const base = st[4] === "in-corpus" && st[5] >= 0 ? st[5] : first;
    const source = st[4] === "in-corpus" ? `in the corpus: ${st[5] >= 0 ? A[st[5]][0] + " (" + label(st[5]) + ")" : "?"}`
      : st[4] === "unseen" ? `not in the corpus${st[3] ? " (" + st[3] + ")" : ""}` : "unknown";
    const facts = el("dl", { class: "facts" },
      el("dt", {}, "story"), el("dd", {}, st[0]),
      el("dt", {}, "source"), el("dd", {}, source),
      el("dt", {}, "purity"), el("dd", {}, st[10].toFixed(2)));
    if (st[11] >= 0) facts.append(el("dt", {}, "confidence"), el("dd", {}, st[11].toFixed(2)));
    if (st[12].length) facts.append(el("dt", {}, "evidence"), el("dd", {}, el("ul", {}, ...st[12].map((e) => el("li", {}, e)))));
    const list = el("ol", { class: "carriers" });
    for (const i of st[1]) {
      const other = i === base ? st[1].find((j) => j !== i) : base;
      list.append(el("li", { "data-article": A[i][0] }, el("span", { class: "nowrap" }, when(i)), " · ", outletOf(i) || el("span", { class: "muted" }, "unknown outlet"),
        " · ", el("span", { class: "muted" }, A[i][0]), " ", i === base ? el("span", { class: "badge" }, st[4] === "in-corpus" && st[5] === i ? "source" : st[6] >= 0 && !(st[14] > 0) ? "first" : "listed first") : null, " ",
        other === undefined ? null : el("button", { type: "button", class: "compare", "data-a": A[i][0], "data-b": A[other][0],
          onclick: () => compare(i, other, st[7]) }, `compare with ${outletOf(other) || A[other][0]}`)));
    }
    return el("div", { class: "story-detail" }, facts, timeline(st), el("h4", {}, "Carriers, earliest first"), list);
  }
  // A story's carriers on a time axis: one dot per carrier, stacked by day.
  function timeline(st) {
    const days = st[1].map((i) => (A[i][2] ? dayNumber(A[i][2]) : null));
    const known = days.filter((d) => d !== null);
    if (known.length < 2) return el("span");
    const d0 = Math.min(...known), d1 = Math.max(...known), span = Math.max(1, d1 - d0);
    // Up to 8 dots a column; a busier day gets more columns, side by side.
    const W = 640, H0 = 26, R = 5, ROWS = 8, stack = new Map();
    const dots = [];
    st[1].forEach((i, n) => {
      if (days[n] === null) return;
      const level = stack.get(days[n]) || 0;
      stack.set(days[n], level + 1);
      const x = 20 + ((days[n] - d0) / span) * (W - 60) + Math.floor(level / ROWS) * (2 * R + 1);
      dots.push(sv("circle", { cx: x.toFixed(1), cy: (H0 - (level % ROWS) * (2 * R + 1)).toFixed(1), r: R, class: n === 0 ? "dot first" : "dot" },
        sv("title", {}, `${label(i)} · ${A[i][0]}`)));
    });
    const tall = Math.min(ROWS, Math.max(...stack.values()));
    const H = H0 + (tall - 1) * (2 * R + 1);
    const svg = sv("svg", { class: "timeline", viewBox: `0 ${H0 - H - 8} ${W} ${H + 28}`, width: W, role: "img",
      "aria-label": `carriers over time, ${new Date(d0 * 864e5).toISOString().slice(0, 10)} to ${new Date(d1 * 864e5).toISOString().slice(0, 10)}` });
    svg.append(sv("line", { x1: 20, x2: W - 20, y1: H0 + R + 3, y2: H0 + R + 3, class: "axis" }));
    for (let d = 0; d <= span; d += Math.max(1, Math.ceil(span / 8))) {
      const x = 20 + (d / span) * (W - 60);
      svg.append(sv("text", { x: x.toFixed(1), y: H0 + R + 16, class: "tick" }, new Date((d0 + d) * 864e5).toISOString().slice(5, 10)));
    }
    svg.append(...dots);
    return el("div", { class: "timeline-wrap" }, svg);
  }

  // ---- graph: outlets linked by the stories they share ----
  function graphFilter() {
    const min = Math.max(2, +$("graph-min").value || 3), w = $("graph-wire").value;
    const q = $("graph-q").value.trim().toLowerCase(), max = +$("graph-max").value || 60;
    const links = new Map(), size = new Map();
    S.forEach((st, k) => {
      if (st[1].length < min || !wireOk(st, w)) return;
      const os = [...new Set(st[1].map((i) => A[i][1]).filter((o) => o >= 0))].sort((a, b) => a - b);
      for (const o of os) size.set(o, (size.get(o) || 0) + 1);
      for (let x = 0; x < os.length; x++)
        for (let y = x + 1; y < os.length; y++) {
          const key = os[x] * 65536 + os[y];
          const l = links.get(key);
          if (l) l.push(k); else links.set(key, [k]);
        }
    });
    let all = [...links.entries()].map(([key, ks]) => [Math.floor(key / 65536), key % 65536, ks]);
    if (q) all = all.filter(([a, b]) => O[a].toLowerCase().includes(q) || O[b].toLowerCase().includes(q));
    all.sort((x, y) => y[2].length - x[2].length || x[0] - y[0] || x[1] - y[1]);
    const shown = all.slice(0, max);
    $("graph-count").textContent = all.length
      ? `${fmt(shown.length)} of ${fmt(all.length)} links drawn (the strongest), between ${fmt(new Set(shown.flatMap((l) => [l[0], l[1]])).size)} outlets.`
      : "No two outlets share a story at these settings.";
    drawGraph(shown, size, q);
  }
  function layout(n, edges) {
    // Force-directed (Fruchterman-Reingold) from a circle: the same input, the same drawing.
    const W = 1000, H = 640, k = Math.sqrt((W * H) / Math.max(1, n)) * 0.9;
    const x = new Float64Array(n), y = new Float64Array(n);
    for (let i = 0; i < n; i++) { x[i] = W / 2 + (W / 3) * Math.cos((2 * Math.PI * i) / n); y[i] = H / 2 + (H / 3) * Math.sin((2 * Math.PI * i) / n); }
    const dx = new Float64Array(n), dy = new Float64Array(n), ITER = 220;
    for (let it = 0; it < ITER; it++) {
      dx.fill(0); dy.fill(0);
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          let ex = x[i] - x[j], ey = y[i] - y[j], d2 = ex * ex + ey * ey || 0.01;
          const f = (k * k) / d2;
          dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
        }
      for (const [i, j, w] of edges) {
        const ex = x[i] - x[j], ey = y[i] - y[j], d = Math.sqrt(ex * ex + ey * ey) || 0.01;
        const f = (d / k) * (0.6 + 0.2 * Math.log(w));
        dx[i] -= ex * f; dy[i] -= ey * f; dx[j] += ex * f; dy[j] += ey * f;
      }
      const temp = (W / 10) * (1 - it / ITER) + 1;
      for (let i = 0; i < n; i++) {
        dx[i] += (W / 2 - x[i]) * 0.08; dy[i] += (H / 2 - y[i]) * 0.08;
        const d = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1;
        x[i] += (dx[i] / d) * Math.min(d, temp); y[i] += (dy[i] / d) * Math.min(d, temp);
      }
    }
    // Fit into the box, leaving room for labels on the right. Positions are blended with their
    // ranks, so a dense core opens up while every node keeps its order along each axis.
    const spreadOut = (v, lo, span) => {
      const min = Math.min(...v), max = Math.max(...v), order = [...v.keys()].sort((a, b) => v[a] - v[b] || a - b);
      const rank = new Float64Array(n);
      order.forEach((i, r) => { rank[i] = n > 1 ? r / (n - 1) : 0.5; });
      for (let i = 0; i < n; i++) v[i] = lo + span * (0.35 * ((v[i] - min) / (max - min || 1)) + 0.65 * rank[i]);
    };
    spreadOut(x, 30, W - 220);
    spreadOut(y, 30, H - 60);
    return [x, y, W, H];
  }
  function drawGraph(links, size, q) {
    const view = $("graph-view");
    view.replaceChildren();
    $("graph-detail").replaceChildren();
    if (!links.length) return;
    const nodes = [...new Set(links.flatMap((l) => [l[0], l[1]]))].sort((a, b) => (size.get(b) || 0) - (size.get(a) || 0) || a - b);
    const at = new Map(nodes.map((o, i) => [o, i]));
    const edges = links.map((l) => [at.get(l[0]), at.get(l[1]), l[2].length]);
    const [x, y, W, H] = layout(nodes.length, edges);
    const wmax = Math.max(...edges.map((e) => e[2]));
    const smax = Math.max(...nodes.map((o) => size.get(o) || 1));
    const svg = sv("svg", { class: "outlets", viewBox: `0 0 ${W} ${H}`, role: "group", "aria-label": `${nodes.length} outlets and ${links.length} links` });
    const g1 = sv("g", { class: "links" }), g2 = sv("g", { class: "nodes" });
    links.forEach((l, n) => {
      const [i, j, w] = edges[n];
      const line = sv("line", { x1: x[i].toFixed(1), y1: y[i].toFixed(1), x2: x[j].toFixed(1), y2: y[j].toFixed(1),
        "stroke-width": (1 + 6 * Math.sqrt(w / wmax)).toFixed(1), tabindex: "0", class: "link",
        "data-a": O[l[0]], "data-b": O[l[1]], onclick: () => linkDetail(l), onkeydown: (e) => { if (e.key === "Enter") linkDetail(l); } },
      sv("title", {}, `${O[l[0]]} – ${O[l[1]]}: ${w} stor${w === 1 ? "y" : "ies"}`));
      g1.append(line);
    });
    nodes.forEach((o, i) => {
      const r = 4 + 10 * Math.sqrt((size.get(o) || 1) / smax);
      const hit = q && O[o].toLowerCase().includes(q);
      g2.append(sv("g", { class: hit ? "node hit" : "node", tabindex: "0", "data-outlet": O[o],
        onclick: () => { $("graph-q").value = O[o]; graphFilter(); }, onkeydown: (e) => { if (e.key === "Enter") { $("graph-q").value = O[o]; graphFilter(); } } },
      sv("title", {}, `${O[o]}: ${size.get(o) || 0} stories`),
      sv("circle", { cx: x[i].toFixed(1), cy: y[i].toFixed(1), r: r.toFixed(1) }),
      sv("text", { x: (x[i] + r + 3).toFixed(1), y: (y[i] + 4).toFixed(1) }, cut(O[o], 28))));
    });
    svg.append(g1, g2);
    view.append(svg);
  }
  function linkDetail(l) {
    const box = $("graph-detail");
    const items = l[2].slice(0, 25).map((k) => el("li", {}, el("button", { type: "button", class: "linkish", onclick: () => showStory(k) },
      cut(excerpt(k), 140) || S[k][0]), el("span", { class: "muted" }, ` · ${S[k][1].length} carriers`)));
    box.replaceChildren(el("h3", {}, `${O[l[0]]} and ${O[l[1]]} share ${fmt(l[2].length)} stor${l[2].length === 1 ? "y" : "ies"}`),
      el("ul", { class: "shared-stories" }, ...items), l[2].length > 25 ? el("p", { class: "muted" }, `… and ${fmt(l[2].length - 25)} more.`) : null);
  }
  function showStory(k) {
    $("story-q").value = S[k][0];
    $("story-min").value = 2;
    $("story-wire").value = "";
    storyFilter();
    const tr = $("story-rows").querySelector("tr.story");
    if (tr) { tr.querySelector("button").click(); tr.scrollIntoView({ block: "start" }); }
  }

  // ---- side by side ----
  function marksFor(a, b, focus) {
    // The passages of every cluster both articles carry, and the matches no cluster tells.
    const mine = new Set(inClusters[a]);
    const spans = { a: [], b: [] }, listed = [];
    for (const c of inClusters[b]) {
      if (!mine.has(c)) continue;
      const pa = C[c].filter((p) => p[0] === a), pb = C[c].filter((p) => p[0] === b);
      for (const p of pa) spans.a.push([p[1], p[2], c === focus, "shared", c]);
      for (const p of pb) spans.b.push([p[1], p[2], c === focus, "shared", c]);
      listed.push([c, pa, pb]);
    }
    for (const m of D.matches) {
      if (m[0] === a && m[3] === b) { spans.a.push([m[1], m[2], false, KINDS[m[6]], -1]); spans.b.push([m[4], m[5], false, KINDS[m[6]], -1]); }
      if (m[0] === b && m[3] === a) { spans.a.push([m[4], m[5], false, KINDS[m[6]], -1]); spans.b.push([m[1], m[2], false, KINDS[m[6]], -1]); }
    }
    return [spans, listed];
  }
  function gap(n) { return el("span", { class: "gap" }, `[… ${fmt(n)} characters not in this page …]`); }
  function marked(i, spans) {
    // dir=auto: Arabic or Hebrew text runs right to left, each text by its own first letters.
    const box = el("div", { class: "text", tabindex: "0", dir: "auto" });
    const segs = T[i];
    if (!segs) { box.append(el("span", { class: "muted" }, "(the text of this article is not in this page)")); return box; }
    let pos = 0;
    for (const [s0, t] of segs) {
      if (s0 > pos) box.append(gap(s0 - pos));
      const e0 = s0 + t.length;
      const cuts = new Set([s0, e0]);
      for (const [s, e] of spans) { if (s > s0 && s < e0) cuts.add(s); if (e > s0 && e < e0) cuts.add(e); }
      const bounds = [...cuts].sort((p, q) => p - q);
      for (let n = 0; n + 1 < bounds.length; n++) {
        const lo = bounds[n], hi = bounds[n + 1], piece = t.slice(lo - s0, hi - s0);
        const cover = spans.filter(([s, e]) => s <= lo && hi <= e);
        if (!cover.length) { box.append(piece); continue; }
        const kind = cover.find((c) => c[3] !== "shared");
        const cls = "shared" + (kind ? " " + kind[3] : "") + (cover.some((c) => c[2]) ? " focus" : "");
        box.append(el("mark", { class: cls, "data-start": String(lo) }, piece));
      }
      pos = e0;
    }
    if (A[i][5] > pos) box.append(gap(A[i][5] - pos));
    return box;
  }
  function side(i, spans, which) {
    return el("section", { class: "side side-" + which, "data-article": A[i][0], "aria-label": A[i][0] },
      el("h3", {}, outletOf(i) || A[i][0]),
      el("p", { class: "meta" }, when(i), " · ", A[i][0], A[i][4] ? el("br") : null, A[i][4] || null),
      marked(i, spans));
  }
  function compare(a, b, focus) {
    if (a > b) [a, b] = [b, a];
    const [spans, listed] = marksFor(a, b, focus);
    const d = derivOf.get(a + "|" + b);
    let relation = null;
    if (d) relation = d[2]
      ? el("p", {}, el("span", { class: "badge copied" }, "copied"), ` ${A[d[1]][0]} (${label(d[1])}) took text from ${A[d[0]][0]} (${label(d[0])}), confidence ${d[3].toFixed(2)}.`)
      : el("p", {}, el("span", { class: "badge common" }, "common source"), ` both took text from a source they share, confidence ${d[3].toFixed(2)}.`);
    const view = $("compare-view");
    const items = listed.map(([c, pa, pb]) => {
      const k = storyOfCluster.get(c);
      return el("li", {}, k === undefined ? `cluster ${c}` : `story ${S[k][0]} (${S[k][1].length} carriers)`, ": ",
        pa.map((p) => `${fmt(p[1])}–${fmt(p[2])}`).join(", "), " ↔ ", pb.map((p) => `${fmt(p[1])}–${fmt(p[2])}`).join(", "));
    });
    view.replaceChildren(...[
      el("h3", { class: "pair-title", tabindex: "-1" }, `${A[a][0]} ↔ ${A[b][0]}`),
      relation,
      el("div", { class: "pair" }, side(a, spans.a, "a"), side(b, spans.b, "b")),
      items.length ? el("ol", { class: "passages" }, ...items) : null].filter(Boolean));
    view.dataset.pair = A[a][0] + "|" + A[b][0];
    $("compare").scrollIntoView({ block: "start" });
    view.querySelector(".pair-title").focus({ preventScroll: true });
    for (const box of view.querySelectorAll(".text")) {
      const m = box.querySelector("mark.focus") || box.querySelector("mark");
      if (m) box.scrollTop = Math.max(0, m.offsetTop - 48); // the box is the marks' offsetParent
    }
  }

  // ---- derivations ----
  let derivList = [], derivShown = 0;
  function derivFilter() {
    const q = $("deriv-q").value.trim().toLowerCase(), rel = $("deriv-rel").value;
    derivList = D.derivations.filter((d) => (rel === "" || String(d[2]) === rel) &&
      (!q || [d[0], d[1]].some((i) => A[i][0].toLowerCase().includes(q) || outletOf(i).toLowerCase().includes(q))));
    derivShown = 0;
    $("deriv-rows").replaceChildren();
    derivMore();
  }
  function derivMore() {
    const end = Math.min(derivList.length, derivShown + PAGE), rows = [];
    for (let n = derivShown; n < end; n++) {
      const d = derivList[n];
      rows.push(el("tr", {},
        el("td", {}, A[d[0]][0], el("br"), el("span", { class: "muted small" }, label(d[0])), el("div", {}, d[2] ? "→ " : "– ", A[d[1]][0]),
          el("span", { class: "muted small" }, label(d[1])), el("br"),
          el("button", { type: "button", class: "compare", "data-a": A[d[0]][0], "data-b": A[d[1]][0], onclick: () => compare(d[0], d[1], -1) }, "side by side")),
        el("td", {}, d[2] ? el("span", { class: "badge copied" }, "copied") : el("span", { class: "badge common" }, "common source")),
        el("td", { class: "num" }, d[3].toFixed(2)),
        el("td", { class: "num" }, fmt(d[4])),
        el("td", { class: "num" }, pct(d[4], A[d[1]][5])),
        el("td", {}, d[5].length ? el("ul", {}, ...d[5].map((e) => el("li", {}, e))) : el("span", { class: "muted" }, "in the JSON report"))));
    }
    $("deriv-rows").append(...rows);
    derivShown = end;
    const all = D.kept.derivations[1], held = D.derivations.length;
    $("deriv-count").textContent = `Showing ${fmt(derivShown)} of ${fmt(derivList.length)} derivations` +
      (held < all ? ` (this page holds the ${fmt(held)} that share the most text of ${fmt(all)}; the JSON report has all).` : ".");
    $("deriv-more").hidden = derivShown >= derivList.length;
  }

  // ---- start ----
  fillWires($("story-wire"));
  fillWires($("graph-wire"));
  $("outlet-names").append(...O.map((o) => el("option", { value: o })));
  for (const f of ["story-filters", "graph-filters", "deriv-filters"]) $(f).addEventListener("submit", (e) => e.preventDefault());
  for (const id of ["story-q", "story-min", "story-wire"]) $(id).addEventListener("input", storyFilter);
  for (const id of ["graph-q", "graph-min", "graph-wire", "graph-max"]) $(id).addEventListener("change", graphFilter);
  $("graph-q").addEventListener("input", graphFilter);
  for (const id of ["deriv-q", "deriv-rel"]) $(id).addEventListener("input", derivFilter);
  $("story-more").addEventListener("click", storyMore);
  $("deriv-more").addEventListener("click", derivMore);
  storyFilter();
  document.documentElement.dataset.ready = "stories";
  performance.mark("newsreuse-stories");
  graphFilter();
  derivFilter();
  document.documentElement.dataset.ready = "all";
  performance.mark("newsreuse-ready");
})();
