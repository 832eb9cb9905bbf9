// Runs in a loaded page (scripts/pages_browser.py) at the current viewport width: what sticks out of
// the main column, and how the claims tables lay out (at this width, and re-laid at 720 px).
([scrollers, claimsWidth]) => {
  const out = {viewport: window.innerWidth, overflow: [], pageScroll: 0, claims: []};
  const col = document.querySelector("article.bd-article") || document.querySelector(".bd-article-container")
    || document.querySelector("main") || document.body;
  const box = col.getBoundingClientRect();
  out.column = Math.round(box.width);
  out.pageScroll = document.documentElement.scrollWidth - document.documentElement.clientWidth;
  for (const e of col.querySelectorAll("*")) {
    const outer = e.parentElement && e.parentElement.closest(scrollers);
    if (outer && col.contains(outer)) continue;           // inside a block that scrolls itself
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    if (getComputedStyle(e).position === "fixed") continue;
    const over = Math.max(r.right - box.right, box.left - r.left);
    if (over > 1.5) {
      const what = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && typeof e.className === "string" ? "." + e.className.trim().split(/\s+/).slice(0, 2).join(".") : "");
      out.overflow.push({what, over: Math.round(over), text: (e.textContent || "").trim().slice(0, 50)});
    }
  }
  out.overflow = out.overflow.slice(0, 8);
  for (const t of document.querySelectorAll("table.claims-table")) {
    const block = t.closest(".claims-block") || t.parentElement;
    const here = {height: Math.round(t.getBoundingClientRect().height), scroll: t.scrollWidth - block.clientWidth};
    // the same table re-laid in a column of claimsWidth px (the laptop column), then restored
    const saved = block.style.width;
    block.style.width = claimsWidth + "px";
    const rows = [...t.querySelectorAll("tbody tr")];
    const line = parseFloat(getComputedStyle(rows[0] || t).lineHeight) || 16;
    const lines = rows.map(r => Math.max(...[...r.cells].map(c => {
      const cs = getComputedStyle(c);
      return (c.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom)) / line; })));
    here.at720 = {height: Math.round(t.getBoundingClientRect().height), overflow: Math.round(t.getBoundingClientRect().width - claimsWidth),
                  scroll: t.scrollWidth - t.clientWidth, lines: lines.map(x => Math.round(x * 10) / 10)};
    block.style.width = saved;
    out.claims.push(here);
  }
  return out;
}
