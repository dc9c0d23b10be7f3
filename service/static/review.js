/*
 * The review page: send the article to POST /v1/attributions, then show it with every
 * attribution highlighted (highlight.js), the speakers, the quotes with no speaker, filters,
 * details on hover and focus, and exports (exports.js). Text from the article and from the
 * service only ever enters the page as text, never as HTML.
 */

import { clear, element, renderArticle, resolvedSpeaker } from "./highlight.js";
import { download, toCsv, toJson } from "./exports.js";

const REQUEST_TIMEOUT_MS = 300000;

const state = { text: "", response: null, speakerId: null };
const $ = (id) => document.getElementById(id);

/* ---------- lookups over the response ---------- */

function speakersById() {
  return new Map(state.response.speakers.map((speaker) => [speaker.id, speaker]));
}

function visibleAttributions() {
  const types = new Set([...document.querySelectorAll('input[name="type"]:checked')]
    .map((box) => box.value));
  const minimum = Number($("min-confidence").value);
  return state.response.attributions.filter(
    (a) => types.has(a.type) && a.confidence >= minimum - 1e-9);
}

function showArticle() {
  renderArticle($("article"), state.text, visibleAttributions(), speakersById());
}

/* ---------- details on hover and focus ---------- */

function attributionsAt(node) {
  const ids = [];
  for (let at = node; at && at.id !== "article"; at = at.parentElement) {
    if (at.dataset && at.dataset.attr && !ids.includes(at.dataset.attr)) ids.push(at.dataset.attr);
  }
  return ids;
}

function detailRows(a, speakers) {
  const resolved = resolvedSpeaker(a, speakers);
  return [
    ["Speaker", a.speaker ? a.speaker.text : "none named — check the source"],
    ["Resolved to", resolved ? resolved.name : "—"],
    ["Anonymous", resolved ? (resolved.anonymous ? "yes" : "no") : "—"],
    ["Type", a.type],
    ["Cue", a.cue ? a.cue.text : "—"],
    ["Addressee", a.addressee ? a.addressee.text : "—"],
    ["Confidence", a.confidence.toFixed(2)],
    ["Rule", a.rule],
    ["Inside", a.nested_in || "—"],
  ];
}

function showDetails(ids) {
  const details = $("details");
  if (!ids.length) return;
  const speakers = speakersById();
  const byId = new Map(state.response.attributions.map((a) => [a.id, a]));
  clear(details);
  for (const id of ids) {
    const a = byId.get(id);
    if (!a) continue;
    const list = element("dl", "detail");
    list.appendChild(element("dt", "detail-id", id));
    list.appendChild(element("dd", "detail-content", a.content.text));
    for (const [name, value] of detailRows(a, speakers)) {
      list.appendChild(element("dt", "", name));
      list.appendChild(element("dd", "", value));
    }
    details.appendChild(list);
  }
}

function onPointOrFocus(event) {
  const target = event.target.closest ? event.target.closest(".hl") : null;
  if (target) showDetails(attributionsAt(target));
}

/* A content cut in pieces (two spans, or crossed by another mark) is ringed as a whole. */
function ringContent(id) {
  for (const node of $("article").querySelectorAll(".hl.focused")) {
    node.classList.remove("focused");
  }
  if (id === null) return;
  const pieces = `.hl-content[data-attr="${CSS.escape(id)}"]`;
  for (const node of $("article").querySelectorAll(pieces)) node.classList.add("focused");
}

function onFocusIn(event) {
  onPointOrFocus(event);
  ringContent(event.target.matches(".hl[tabindex]") ? event.target.dataset.attr : null);
}

/* ---------- speakers, speaker selection and the quote lists ---------- */

function countText(shown, total) {
  const noun = `attribution${total === 1 ? "" : "s"}`;
  return shown === total ? `${total} ${noun}` : `${shown} of ${total} ${noun} shown`;
}

function speakerItem(speaker, visibleIds) {
  const button = element("button", "speaker");
  button.type = "button";
  button.dataset.speaker = speaker.id;
  button.setAttribute("aria-pressed", String(speaker.id === state.speakerId));
  button.appendChild(element("span", "speaker-name", speaker.name));
  button.appendChild(element("span", "speaker-kind", speaker.kind));
  const shown = speaker.attributions.filter((id) => visibleIds.has(id)).length;
  button.appendChild(element("span", "speaker-count",
    countText(shown, speaker.attributions.length)));
  if (speaker.anonymous) button.appendChild(element("span", "badge anonymous", "anonymous"));
  const item = element("li");
  item.appendChild(button);
  return item;
}

function renderSpeakers() {
  const list = $("speakers");
  const visibleIds = new Set(visibleAttributions().map((a) => a.id));
  clear(list);
  for (const speaker of state.response.speakers) {
    list.appendChild(speakerItem(speaker, visibleIds));
  }
  if (!state.response.speakers.length) list.appendChild(element("li", "muted", "No speakers."));
}

function quoteItem(a) {
  const item = element("li");
  const button = element("button", "quote-link");
  button.type = "button";
  button.dataset.attr = a.id;
  button.appendChild(element("span", "quote-meta",
    `${a.id} · ${a.type} · ${a.confidence.toFixed(2)}`));
  button.appendChild(element("span", "quote-text", a.content.text));
  item.appendChild(button);
  return item;
}

function fillQuotes(list, attributions, empty) {
  clear(list);
  for (const a of attributions) list.appendChild(quoteItem(a));
  if (!attributions.length) list.appendChild(element("li", "muted", empty));
}

function renderUnsourced() {
  const unsourced = visibleAttributions().filter((a) => !a.speaker);
  fillQuotes($("unsourced"), unsourced, "Every attribution shown has a speaker.");
}

function selectedIds() {
  const speaker = speakersById().get(state.speakerId);
  return speaker ? new Set(speaker.attributions) : null;
}

function applySelection() {
  const ids = selectedIds();
  $("article").classList.toggle("filtering", ids !== null);
  for (const node of $("article").querySelectorAll(".hl")) {
    node.classList.toggle("sel", ids !== null && ids.has(node.dataset.attr));
    node.classList.toggle("dim", ids !== null && !ids.has(node.dataset.attr));
  }
  for (const button of $("speakers").querySelectorAll("button.speaker")) {
    button.setAttribute("aria-pressed", String(button.dataset.speaker === state.speakerId));
  }
  $("clear-speaker").hidden = ids === null;
  renderSpeakerQuotes(ids);
}

function renderSpeakerQuotes(ids) {
  $("speaker-quotes").hidden = ids === null;
  if (ids === null) return;
  const speaker = speakersById().get(state.speakerId);
  $("speaker-quotes-heading").textContent = `What ${speaker.name} said`;
  const said = visibleAttributions().filter((a) => ids.has(a.id));
  fillQuotes($("speaker-quote-list"), said, "Nothing shown with the current filters.");
}

function chooseSpeaker(id) {
  state.speakerId = state.speakerId === id ? null : id;
  applySelection();
}

function focusAttribution(id) {
  const target = document.getElementById(`hl-${id}`);
  if (!target) return;
  target.scrollIntoView({ block: "center" });
  target.focus({ preventScroll: true });
  showDetails([id]);
}

/* ---------- whole result ---------- */

function summaryText() {
  const { attributions, speakers, meta } = state.response;
  const shown = visibleAttributions().length;
  const unsourced = attributions.filter((a) => !a.speaker).length;
  if (!attributions.length) return "No attributions were found in this text.";
  const model = meta && meta.model ? ` · model ${meta.model}` : "";
  const elapsed = meta && meta.elapsed_ms !== undefined ? ` · ${Math.round(meta.elapsed_ms)} ms` : "";
  return `${attributions.length} attributions (${shown} shown) · ${speakers.length} speakers · `
    + `${unsourced} with no speaker${model}${elapsed}`;
}

function renderAll() {
  $("min-confidence-value").textContent = Number($("min-confidence").value).toFixed(2);
  $("summary").textContent = summaryText();
  showArticle();
  renderSpeakers();
  renderUnsourced();
  applySelection();
}

function showResult(text, response) {
  state.text = text;
  state.response = response;
  state.speakerId = null;
  $("results").hidden = false;
  renderAll();
}

/* ---------- calling the API ---------- */

function flattenErrors(errors, path = []) {
  if (Array.isArray(errors)) {
    return errors.flatMap((e) => (typeof e === "string"
      ? [`${path.filter((p) => p !== "json").join(".") || "request"}: ${e}`]
      : flattenErrors(e, path)));
  }
  if (errors && typeof errors === "object") {
    return Object.entries(errors).flatMap(([key, value]) => flattenErrors(value, [...path, key]));
  }
  return [];
}

async function errorMessage(response) {
  let body = null;
  try { body = await response.json(); } catch (ignored) { /* not JSON */ }
  const status = `${response.status} ${response.statusText}`.trim();
  if (!body || typeof body.message !== "string") {
    return `The service answered ${status} without an explanation.`;
  }
  const details = flattenErrors(body.errors || {});
  return [`The service could not attribute this text (${status}): ${body.message}`, ...details]
    .join("\n");
}

function showError(message) {
  const box = $("error");
  box.textContent = message;
  box.hidden = !message;
}

function setBusy(busy) {
  $("attribute").disabled = busy;
  $("progress").hidden = !busy;
  $("results").setAttribute("aria-busy", String(busy));
}

async function postText(text) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    return await fetch("v1/attributions", {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({ text }),
      signal: controller.signal,
    });
  } finally {
    clearTimeout(timer);
  }
}

async function attributeText() {
  const text = $("text").value;
  if (!text.trim()) {
    showError("Paste an article (or drop a .txt file) first: the text is empty.");
    return;
  }
  showError("");
  setBusy(true);
  try {
    const response = await postText(text);
    if (!response.ok) {
      showError(await errorMessage(response));
      return;
    }
    showResult(text, await response.json());
    $("article").focus({ preventScroll: false });
  } catch (error) {
    showError(error.name === "AbortError"
      ? "The service took too long to answer. Try a shorter text."
      : "The service could not be reached. Check that it is running, then try again.");
  } finally {
    setBusy(false);
  }
}

/* ---------- .txt files ---------- */

function isTextFile(file) {
  return file.type === "text/plain" || /\.txt$/i.test(file.name);
}

async function loadFile(file) {
  if (!file) return;
  if (!isTextFile(file)) {
    showError(`“${file.name}” is not a plain-text .txt file.`);
    return;
  }
  $("text").value = await file.text();
  showError("");
}

function onDrop(event) {
  event.preventDefault();
  $("text").classList.remove("dragging");
  loadFile(event.dataTransfer.files[0]);
}

/* ---------- wiring ---------- */

function onQuoteClick(event) {
  const button = event.target.closest("button.quote-link");
  if (button) focusAttribution(button.dataset.attr);
}

function wire() {
  $("attribute").addEventListener("click", attributeText);
  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) attributeText();
  });
  $("text").addEventListener("dragover", (event) => {
    event.preventDefault();
    $("text").classList.add("dragging");
  });
  $("text").addEventListener("dragleave", () => $("text").classList.remove("dragging"));
  $("text").addEventListener("drop", onDrop);
  $("file").addEventListener("change", (event) => loadFile(event.target.files[0]));
  $("filters").addEventListener("input", renderAll);
  $("filters").addEventListener("submit", (event) => event.preventDefault());
  $("export-json").addEventListener("click",
    () => download("attributions.json", "application/json",
      toJson(state.text, state.response)));
  $("export-csv").addEventListener("click",
    () => download("attributions.csv", "text/csv;charset=utf-8",
      toCsv(state.response.attributions, speakersById())));
  $("article").addEventListener("mouseover", onPointOrFocus);
  $("article").addEventListener("focusin", onFocusIn);
  $("article").addEventListener("focusout", () => ringContent(null));
  $("speakers").addEventListener("click", (event) => {
    const button = event.target.closest("button.speaker");
    if (button) chooseSpeaker(button.dataset.speaker);
  });
  $("clear-speaker").addEventListener("click", () => chooseSpeaker(null));
  $("unsourced").addEventListener("click", onQuoteClick);
  $("speaker-quote-list").addEventListener("click", onQuoteClick);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.speakerId !== null) chooseSpeaker(null);
  });
}

document.addEventListener("DOMContentLoaded", wire);
