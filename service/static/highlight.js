/*
 * Highlighting from character offsets, shared by the review page.
 *
 * Every content piece, cue, speaker and addressee of an attribution is a mark. The text is
 * split at every mark boundary, and each segment is wrapped in one element per active mark,
 * outermost first; a segment reuses the elements it shares with the one before, so a mark that
 * holds others (a quote with a nested quote, its cue and its speaker) is one element around
 * its whole text, and only marks that cross each other are cut into pieces. Nested and
 * overlapping attributions always give well-formed elements and stacked underlines. Offsets are Python string indices (code points), so the text is
 * indexed as an array of code points, never as UTF-16 units. Article text only ever enters the
 * page through createTextNode and textContent: nothing is parsed as HTML.
 */

const ROLES = ["content", "speaker", "addressee", "cue"];
// Content is labelled with its id and type; cue and speaker have their own shapes.
const ROLE_LABELS = { content: "", speaker: "", addressee: "to", cue: "" };

export function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
}

export function resolvedSpeaker(attribution, speakers) {
  const entity = attribution.speaker && attribution.speaker.entity;
  return entity ? speakers.get(entity) || null : null;
}

function marksOf(attributions, length) {
  const marks = [];
  const seen = new Set();
  const add = (attribution, role, start, end) => {
    start = Math.max(0, start);
    end = Math.min(length, end);
    const key = `${attribution.id}|${role}|${start}|${end}`;
    if (start >= end || seen.has(key)) return;
    seen.add(key);
    marks.push({ start, end, role, attribution });
  };
  for (const a of attributions) {
    for (const [start, end] of a.content.spans) add(a, "content", start, end);
    for (const role of ["cue", "speaker", "addressee"]) {
      if (a[role]) add(a, role, a[role].start, a[role].end);
    }
  }
  return marks.sort((x, y) => x.start - y.start || y.end - x.end
    || ROLES.indexOf(x.role) - ROLES.indexOf(y.role));
}

function segmentsOf(length, marks) {
  const cuts = new Set([0, length]);
  for (const mark of marks) { cuts.add(mark.start); cuts.add(mark.end); }
  const sorted = [...cuts].sort((x, y) => x - y);
  const segments = [];
  for (let i = 0; i + 1 < sorted.length; i += 1) {
    const start = sorted[i];
    const end = sorted[i + 1];
    segments.push({ start, end, active: marks.filter((m) => m.start <= start && end <= m.end) });
  }
  return segments;
}

function speakerWords(attribution, speakers) {
  if (!attribution.speaker) return "no speaker named";
  const resolved = resolvedSpeaker(attribution, speakers);
  let words = `speaker: ${attribution.speaker.text}`;
  if (resolved) words += ` = ${resolved.name}${resolved.anonymous ? " (anonymous)" : ""}`;
  return words;
}

export function describe(attribution, speakers) {
  return `${attribution.id} · ${attribution.type} · ${speakerWords(attribution, speakers)} · `
    + `confidence ${attribution.confidence.toFixed(2)} · rule ${attribution.rule}`;
}

function markElement(mark, segment, speakers) {
  const a = mark.attribution;
  const node = element("span", `hl hl-${mark.role} t-${a.type}`);
  if (!a.speaker) node.classList.add("unsourced");
  node.dataset.attr = a.id;
  node.dataset.role = mark.role;
  node.title = describe(a, speakers);
  if (segment.start === mark.start) {
    node.classList.add("first");
    const label = mark.role === "content"
      ? `${a.id} ${a.type}${a.speaker ? "" : " · no speaker"}` : ROLE_LABELS[mark.role];
    if (label) node.setAttribute("data-label", label);
    if (mark.role === "content" && mark.start === a.content.start) {
      node.tabIndex = 0;
      node.id = `hl-${a.id}`;
    }
  }
  return node;
}

function sharedPrefix(open, active) {
  let kept = 0;
  while (kept < open.length && kept < active.length && open[kept].mark === active[kept]) kept += 1;
  return kept;
}

/** Fill ``article`` with ``text``, every mark of ``attributions`` highlighted. */
export function renderArticle(article, text, attributions, speakers) {
  const chars = Array.from(text);
  const fragment = document.createDocumentFragment();
  const open = []; // { mark, node } around the current segment, outermost first
  const parent = () => (open.length ? open[open.length - 1].node : fragment);
  for (const segment of segmentsOf(chars.length, marksOf(attributions, chars.length))) {
    open.length = sharedPrefix(open, segment.active);
    for (const mark of segment.active.slice(open.length)) {
      const node = markElement(mark, segment, speakers);
      parent().appendChild(node);
      open.push({ mark, node });
    }
    parent().appendChild(document.createTextNode(chars.slice(segment.start, segment.end).join("")));
  }
  clear(article);
  article.appendChild(fragment);
}
