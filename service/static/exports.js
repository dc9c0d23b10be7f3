/*
 * Exports of the current result: JSON, and CSV with one row per attribution (RFC 4180
 * quoting, CRLF rows, a UTF-8 byte-order mark for spreadsheets), downloaded from a Blob.
 */

import { element, resolvedSpeaker } from "./highlight.js";

const CSV_COLUMNS = ["speaker", "resolved name", "anonymous", "type", "cue", "content",
  "confidence", "start", "end"];

function csvCell(value) {
  let text = value === null || value === undefined ? "" : String(value);
  // A cell starting with = + - @ is a formula to a spreadsheet: keep it text.
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvRow(a, speakers) {
  const resolved = resolvedSpeaker(a, speakers);
  return [
    a.speaker ? a.speaker.text : "", resolved ? resolved.name : "",
    resolved ? String(resolved.anonymous) : "", a.type, a.cue ? a.cue.text : "",
    a.content.text, a.confidence, a.content.start, a.content.end,
  ].map(csvCell).join(",");
}

/** The CSV of ``attributions``: a header, then one row each. */
export function toCsv(attributions, speakers) {
  const rows = attributions.map((a) => csvRow(a, speakers));
  return `\ufeff${[CSV_COLUMNS.join(","), ...rows].join("\r\n")}\r\n`;
}

/** The JSON of the whole result, with the text its offsets index. */
export function toJson(text, response) {
  const { attributions, speakers, meta } = response;
  return JSON.stringify({ text, attributions, speakers, meta }, null, 2);
}

export function download(name, type, content) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const link = element("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
