// Formatting of dates, durations and counts in the page's language.
import { currentLanguage, t } from "./i18n.js";

function locale() { return currentLanguage() === "nl" ? "nl-NL" : "en-GB"; }

export function when(value) {
  if (!value) return t("never");
  return new Date(value).toLocaleString(locale(), { dateStyle: "medium", timeStyle: "short" });
}

export function duration(seconds) {
  if (seconds === null || seconds === undefined) return t("none");
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function counts(map) {
  const entries = Object.entries(map || {}).filter(([, n]) => n);
  if (!entries.length) return t("none");
  return entries.map(([type, n]) => `${type}: ${Number(n).toLocaleString(locale())}`).join(", ");
}

// A small DOM builder: el("td", {class: "x"}, "text", child) — text is never parsed as HTML.
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attributes)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}
