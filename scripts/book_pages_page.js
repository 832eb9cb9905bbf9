// Runs in a loaded page (scripts/pages_browser.py): waits for MathJax and the images, then reports
// what it sees: math, images (with their figure captions), references, links, launch links, the claims
// section and its rows, the findings page's entries, figure cells.
async ([mathjaxTimeout]) => {
  const out = {};
  const mj = window.MathJax;
  out.mathjaxLoaded = !!(mj && mj.startup && mj.startup.promise);
  out.mathjaxTimedOut = false;
  if (out.mathjaxLoaded) {
    const timer = new Promise(r => setTimeout(() => r("timeout"), mathjaxTimeout));
    out.mathjaxTimedOut = (await Promise.race([mj.startup.promise.then(() => "done"), timer])) === "timeout";
    out.mathjaxVersion = mj.version || null;
  }
  const imgs = [...document.images];
  imgs.forEach(i => { if (i.loading === "lazy") i.loading = "eager"; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(r => {
    i.addEventListener("load", r); i.addEventListener("error", r); setTimeout(r, 10000); })));
  out.images = imgs.map(i => ({src: i.getAttribute("src") || "", ok: i.complete && i.naturalWidth > 0}));
  // the images of the page's content: each inside a <figure> whose caption carries a number
  const article = document.querySelector("article") || document.body;
  out.contentImages = [...article.querySelectorAll("img")].map(i => {
    const fig = i.closest("figure");
    const cap = fig ? fig.querySelector("figcaption") : null;
    const num = cap ? cap.querySelector(".caption-number") : null;
    return {src: i.getAttribute("src") || "", alt: (i.getAttribute("alt") || "").trim(),
            caption: cap ? cap.textContent.replace(/\s+/g, " ").trim().slice(0, 80) : null,
            number: num ? num.textContent.trim() : null, id: fig ? fig.id : null};
  });

  const skip = new Set(["PRE", "CODE", "SCRIPT", "STYLE", "TEXTAREA", "NOSCRIPT", "MJX-CONTAINER"]);
  const texts = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT, {acceptNode(n) {
    for (let e = n.parentElement; e; e = e.parentElement) if (skip.has(e.tagName)) return NodeFilter.FILTER_REJECT;
    return NodeFilter.FILTER_ACCEPT; }});
  while (walker.nextNode()) texts.push(walker.currentNode.nodeValue);
  const text = texts.join(" ");
  out.rawMath = [];
  for (const m of text.matchAll(/\\\(|\\\[|\$\$/g)) {
    if (out.rawMath.length < 5) out.rawMath.push(text.slice(Math.max(0, m.index - 30), m.index + 50).replace(/\s+/g, " "));
  }
  out.doubleQuestion = [];
  for (const m of text.matchAll(/\?\?/g)) {
    if (out.doubleQuestion.length < 5) out.doubleQuestion.push(text.slice(Math.max(0, m.index - 40), m.index + 10).replace(/\s+/g, " "));
  }
  const math = [...document.querySelectorAll(".math")];
  out.mathElements = math.length;
  out.untypeset = math.filter(e => !e.querySelector("mjx-container")).map(e => e.textContent.trim().slice(0, 60));
  out.typeset = math.length - out.untypeset.length;
  out.mjxContainers = document.querySelectorAll("mjx-container").length;
  out.texErrors = [...new Set([...document.querySelectorAll("mjx-merror")].map(
    e => (e.getAttribute("data-mjx-error") || e.textContent).slice(0, 80)))];
  // MathJax's noundefined: an unknown macro is typeset as its name in red (mathcolor in the MathML)
  out.undefinedMacros = [...document.querySelectorAll("mjx-container")].filter(
    c => c.querySelector('mjx-mtext[style*="color: red"]')).map(c => {
      const m = c.querySelector('mjx-assistive-mml mtext[mathcolor="red"]');
      return m ? m.textContent.trim() : "(a red unknown macro)"; });

  // a resolved reference is a link (domain indices keep class xref inside it); an unresolved one is
  // plain text of class xref, or MyST's link to nowhere (<a><span class="xref myst">)
  out.xrefs = [...document.querySelectorAll(".xref")].filter(e => !e.closest("a[href]") || e.matches(".xref.myst"))
    .map(e => e.className + ": " + e.textContent.trim().slice(0, 60));
  out.emptyCitations = [...document.querySelectorAll(".bibtex-citation")].filter(e => /^\[\s*\]$/.test(e.textContent.trim())).length;

  const here = location.href.split("#")[0];
  out.ids = [...document.querySelectorAll("[id]")].map(e => e.id);
  out.links = [];
  for (const a of document.querySelectorAll("a[href]")) {
    const href = a.getAttribute("href");
    if (!href || href.startsWith("javascript:") || href.startsWith("mailto:")) continue;
    let u; try { u = new URL(href, location.href); } catch (e) { out.links.push({bad: href}); continue; }
    if (u.origin !== location.origin) continue;
    out.links.push({url: u.href.split("#")[0], hash: decodeURIComponent(u.hash.slice(1)), same: u.href.split("#")[0] === here});
  }

  out.launch = [...document.querySelectorAll("a[href]")].map(a => a.href).filter(h => /^https?:/.test(h) && !h.startsWith(location.origin));
  const sections = [...document.querySelectorAll("article section")].filter(s => s.querySelector(":scope > h2"));
  const last = sections[sections.length - 1];
  out.lastSection = last ? last.querySelector(":scope > h2").textContent.replace(/#$/, "").trim() : null;
  out.claimsRows = -1; out.claimsVisible = false;
  // every claims row of the page (table.claims-table), with the verdict its badge shows
  out.claims = [...document.querySelectorAll("table.claims-table tbody tr")].map(tr => {
    const badge = tr.querySelector(".verdict-badge");
    const verdict = badge ? [...badge.classList].find(c => c.startsWith("verdict-") && c !== "verdict-badge") : null;
    return {id: tr.id, verdict: verdict ? verdict.slice("verdict-".length) : null,
            checks: !!(tr.id && document.getElementById(tr.id + "-checks"))};
  });
  // the findings page: each entry's link and verdict
  out.findings = [...document.querySelectorAll("li.finding")].map(li => {
    const a = li.querySelector("a.verdict-badge");
    let url = null, hash = null;
    if (a) { const u = new URL(a.getAttribute("href"), location.href); url = u.href.split("#")[0]; hash = decodeURIComponent(u.hash.slice(1)); }
    return {verdict: li.dataset.verdict, badge: a ? [...a.classList].find(c => c.startsWith("verdict-") && c !== "verdict-badge") : null,
            url, hash};
  });
  if (last) {
    const t = [...last.querySelectorAll("table")].find(t => {
      const heads = [...t.querySelectorAll("thead th")].map(th => th.textContent.trim().toLowerCase());
      return heads[0] === "claim" && heads.includes("verdict"); });
    if (t) { out.claimsRows = t.querySelectorAll("tbody tr").length; out.claimsVisible = t.getBoundingClientRect().height > 0; }
  }
  out.figureCells = [];
  for (const cell of document.querySelectorAll("div.cell")) {
    const input = cell.querySelector(".cell_input");
    if (!input || !input.textContent.includes("plt.show()")) continue;
    const shown = [...cell.querySelectorAll(".cell_output img")];
    out.figureCells.push({code: input.textContent.trim().split("\n")[0].slice(0, 70),
                          images: shown.length, loaded: shown.filter(i => i.complete && i.naturalWidth > 0).length});
  }
  return out;
}
