// Part of the post-build (scripts/inline-style.mjs): splits the page's stylesheet in two, the
// rules an element of the start can match, written into the page, and the rest, which only the
// deferred part's views use (the graphs, the panels built after the first paint, the dialogs),
// loaded with the deferred part (scripts/split-wasm.mjs).
//
// Which elements the start can make is read from what it is made of: every class name an
// element of the start can carry is text in the page's body, in the first part of its wasm (the
// `view!` macros' attributes, the core's HTML), or in the glue. A rule stays with the start when,
// for one of its selectors, every class it names is found there, a class ending in digits also
// by the name before them (`columns-3` from `format!("options columns-{}", n)`). A text that
// merely holds a class name keeps its rules: the start keeps more of the sheet than it uses,
// never less.

/** The rules of `sheet` (a minified stylesheet) that an element of the start can match
 * (`start`), and the others (`rest`), each a stylesheet. `startText` holds what the start is
 * made of. Rules inside `@media` and `@container` are sorted one by one; other at-rules
 * (`@keyframes`, `@font-face`) stay with the start. */
export function splitSheet(sheet, startText) {
  const ofStart = (selectors) => selectors.split(",").some((selector) => classesOf(selector).every((name) => startHas(startText, name)));
  let start = "";
  let rest = "";
  for (const block of blocks(sheet)) {
    if (/^@(media|container)\b/.test(block.prelude)) {
      const inner = { start: "", rest: "" };
      for (const rule of blocks(block.body)) inner[ofStart(rule.prelude) ? "start" : "rest"] += rule.text;
      if (inner.start) start += `${block.prelude}{${inner.start}}`;
      if (inner.rest) rest += `${block.prelude}{${inner.rest}}`;
    } else if (block.prelude.startsWith("@") || ofStart(block.prelude)) {
      start += block.text;
    } else {
      rest += block.text;
    }
  }
  return { start, rest };
}

/** The class names a selector names. */
function classesOf(selector) {
  return [...selector.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)].map(([, name]) => name);
}

function startHas(startText, name) {
  return startText.includes(name) || (/\d$/.test(name) && startText.includes(name.replace(/\d+$/, "")));
}

/** The top-level blocks of `css`: each `prelude { body }`, and its whole text. A minified
 * sheet's strings hold no braces (`inline-style.mjs` checks). */
function blocks(css) {
  const found = [];
  for (let at = 0; at < css.length; ) {
    const open = css.indexOf("{", at);
    if (open < 0) break;
    let depth = 1;
    let end = open + 1;
    for (; depth > 0 && end < css.length; end++) depth += css[end] === "{" ? 1 : css[end] === "}" ? -1 : 0;
    found.push({ prelude: css.slice(at, open).trim(), body: css.slice(open + 1, end - 1), text: css.slice(at, end) });
    at = end;
  }
  return found;
}
