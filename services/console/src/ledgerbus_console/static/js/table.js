// The administrations table: one row per administration, with live progress bars.
import { duration, el, when } from "./format.js";
import { stateText, t } from "./i18n.js";

const opened = new Set();  // administrations whose per-type bars the user opened or closed
const closed = new Set();

// One overall bar, and the bars per entity type (open while the sync runs).
export function progress(id, items, running) {
  if (!items.length) return el("span", { class: "muted" }, t("none"));
  const known = items.map((i) => i.percent ?? 0);
  const overall = Math.round(known.reduce((a, b) => a + b, 0) / known.length);
  const done = items.filter((i) => i.percent === 100).length;
  const summary = el("summary", {}, el("span", { class: "bar overall", role: "progressbar",
    "aria-label": t("typesDone", { done, total: items.length }), "aria-valuemin": 0,
    "aria-valuemax": 100, "aria-valuenow": overall }, el("span")),
  ` ${t("typesDone", { done, total: items.length })}`);
  summary.querySelector(".bar > span").style.width = `${overall}%`;
  const open = opened.has(id) || (running && !closed.has(id));
  const details = el("details", { open }, summary, progressBars(items));
  details.addEventListener("toggle", () => {
    if (details.open === open) return;  // the toggle event of the element's creation
    if (details.open) { opened.add(id); closed.delete(id); } else { closed.add(id); opened.delete(id); }
  });
  return details;
}

function progressBars(items) {
  const box = el("div", { class: "bars" });
  for (const item of items) {
    const label = `${item.type}: ${item.records}${item.expected ? ` / ${item.expected}` : ""} ${t("records")}`;
    const bar = el("div", {
      class: item.percent === null ? "bar indeterminate" : "bar", role: "progressbar", "aria-label": label, "data-type": item.type,
      "aria-valuemin": 0, "aria-valuemax": 100,
      "aria-valuenow": item.percent ?? undefined, "aria-valuetext": label,
    }, el("span"));
    bar.firstChild.style.width = `${item.percent ?? 0}%`;
    box.append(el("span", {}, item.type), bar,
      el("span", {}, item.percent === null ? String(item.records) : `${item.percent}%`));
  }
  const eta = items.map((i) => i.eta).filter(Boolean).sort().pop();
  if (eta) box.append(el("span", { class: "eta" }, `${t("eta")}: ${when(eta)}`));
  return box;
}

function stateCell(model, administration) {
  const state = model.stateOf(administration);
  const error = model.lastError(administration.id);
  return el("td", {},
    el("span", { class: `state state-${state}`, "data-state": state },
      (state === "failed" || state === "needs_attention")
        ? el("span", { class: "error-mark", role: "img", "aria-label": t("errorMark") }, "⚠") : null,
      stateText(state)),
    error ? el("span", { class: "error-message" }, error) : null);
}

function nextCell(run) {
  if (!run) return el("td", { class: "muted" }, t("none"));
  const monthly = run.mode === "full";
  return el("td", { class: "when" }, when(run.at), monthly
    ? el("span", { class: "muted", "data-full": "true" }, ` (${run.trigger === "monthly-full" ? t("monthlyFull") : t("fullSync")})`)
    : null);
}

function dossierCell(dossier) {
  if (!dossier || !(dossier.bookkeeping_updated_until || dossier.active_period)) {
    return el("td", { class: "muted" }, t("none"));
  }
  return el("td", {},
    dossier.bookkeeping_updated_until ? `${t("bookkeepingUntil")} ${dossier.bookkeeping_updated_until}` : "",
    dossier.active_period ? el("span", { class: "muted" }, ` · ${t("activePeriod")} ${dossier.active_period}`) : "");
}

export function renderTable(body, model, shown, selectedId, onSelect) {
  const focused = document.activeElement?.dataset?.select;
  body.replaceChildren(...shown.map((a) => {
    const success = model.lastSuccess(a.id);
    const row = el("tr", { "data-id": a.id, class: a.id === selectedId ? "selected" : undefined },
      el("td", {}, el("button", { class: "link", type: "button", "data-select": a.id, onclick: () => onSelect(a.id) }, a.name || a.id),
        el("div", { class: "muted" }, a.id)),
      el("td", {}, a.package),
      el("td", {}, a.tenant_id),
      stateCell(model, a),
      el("td", { class: "when" }, when(success?.finished_at)),
      el("td", {}, duration(success?.duration_seconds)),
      nextCell(model.next.get(a.id)),
      dossierCell(model.dossiers.get(a.id)),
      el("td", { class: "progress" }, progress(a.id, model.progress(a.id), model.stateOf(a) === "running")));
    return row;
  }));
  if (focused) body.querySelector(`[data-select="${CSS.escape(focused)}"]`)?.focus();
}
