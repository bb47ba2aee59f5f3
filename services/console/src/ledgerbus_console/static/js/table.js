// The administrations table: one row per administration, with live progress bars.
import { duration, el, when } from "./format.js";
import { stateText, t } from "./i18n.js";

export function progressBars(items) {
  if (!items.length) return el("span", { class: "muted" }, t("none"));
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
  return el("td", {}, when(run.at), monthly
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
      el("td", {}, when(success?.finished_at)),
      el("td", {}, duration(success?.duration_seconds)),
      nextCell(model.next.get(a.id)),
      dossierCell(model.dossiers.get(a.id)),
      el("td", { class: "progress" }, progressBars(model.progress(a.id))));
    return row;
  }));
  if (focused) body.querySelector(`[data-select="${CSS.escape(focused)}"]`)?.focus();
}
