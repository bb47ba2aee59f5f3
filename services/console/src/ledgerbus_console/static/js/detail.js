// The selected administration: its facts, sync form, connection, runs and notifications.
import { call } from "./api.js";
import { act } from "./actions.js";
import { counts, duration, el, when } from "./format.js";
import { stateText, t } from "./i18n.js";
import { typesOf } from "./model.js";
import { reauthForm } from "./connections.js";

const $ = (id) => document.getElementById(id);
let shownFor = null;

function traceLink(config, syncId) {
  if (!config.trace_viewer_url) return null;
  const query = encodeURIComponent(`ledgerbus.sync_id=${syncId}`);
  return el("a", { href: `${config.trace_viewer_url}?annotationQuery=${query}`, target: "_blank", rel: "noopener" }, t("trace"));
}

function facts(a, dossier) {
  const pairs = [
    [t("id"), a.id], [t("externalId"), a.external_id], [t("connection"), a.connection_id || t("none")],
    [t("timezone"), a.timezone], [t("window"), `${a.nightly_window_start}–${a.nightly_window_end}`],
    [t("enabled"), a.enabled ? t("yes") : t("no")],
    [t("bookkeepingUntil"), dossier?.bookkeeping_updated_until || t("none")],
    [t("activePeriod"), dossier?.active_period || t("none")],
    [t("closedUntil"), dossier?.closed_until || t("none")],
    [t("counter"), dossier?.booking_proposal_counter ?? t("none")],
  ];
  $("detail-facts").replaceChildren(...pairs.flatMap(([k, v]) => [el("dt", {}, k), el("dd", {}, v)]));
}

function syncForm(a, refresh) {
  const box = $("sync-types");
  box.replaceChildren(el("legend", {}, t("entityTypes")), ...typesOf(a.package).map((type) =>
    el("label", {}, el("input", { type: "checkbox", name: "entity_type", value: type }), ` ${type}`)));
  $("sync-since").value = "";
  $("sync-form").onsubmit = async (event) => {
    event.preventDefault();
    const mode = $("sync-mode").value, since = $("sync-since").value || undefined;
    const types = [...box.querySelectorAll("input:checked")].map((c) => c.value);
    const question = t("confirmSync", { mode: t(`mode_${mode}`), name: a.name || a.id,
      types: types.length ? types.join(", ") : t("allTypes"), since: since ? t("sinceText", { date: since }) : "" });
    await act(question, `sync ${mode} ${a.id}`, () => call("scheduler",
      `/v1/administrations/${encodeURIComponent(a.id)}/syncs`, { method: "POST", body: { mode, entity_types: types, since } }));
    await refresh();
  };
}

async function connectionBox(a, refresh) {
  const box = $("connection-box");
  box.replaceChildren();
  if (!a.connection_id) return;
  let connection;
  try {
    connection = await call(`connector-${a.package}`, `/v1/connections/${encodeURIComponent(a.connection_id)}`);
  } catch (error) {
    box.append(el("p", { class: "error" }, `${t("connectionState")}: ${error.message}`));
    return;
  }
  box.append(el("p", {}, `${t("connectionState")} ${connection.id}: `, el("strong", { "data-connection-state": connection.state }, connection.state)));
  if (connection.state === "active") return;
  box.append(reauthForm(a.package, connection.id, () => connectionBox(a, refresh)));
}

function heldActions(model, run, refresh) {
  if (run.state !== "needs_attention") return null;
  // The ledger-store names what it holds (`held`); older runs only allow an estimate.
  const exact = run.held && Object.keys(run.held).length ? run.held : null;
  const estimate = exact ? {} : model.heldEstimate(run);
  const described = exact ? counts(exact)
    : Object.keys(estimate).length ? t("heldEstimate", { counts: counts(estimate) }) : t("none");
  const question = (key) => [t(key, { id: run.sync_id }), `${t("heldCounts")} ${described}`];
  const conclude = (what, key) => async () => {
    await act(question(key), `${what} ${run.sync_id}`, () => call("ledger-store",
      `/v1/syncs/${encodeURIComponent(run.sync_id)}/held-deletions:${what}`, { method: "POST" }));
    await refresh();
  };
  return [el("button", { type: "button", class: "danger", "data-action": "release", onclick: conclude("release", "confirmRelease") }, t("release")), " ",
    el("button", { type: "button", "data-action": "discard", onclick: conclude("discard", "confirmDiscard") }, t("discard"))];
}

function runs(model, a, config, refresh) {
  $("runs").querySelector("tbody").replaceChildren(...model.runs(a.id).map((run) => el("tr", { "data-sync-id": run.sync_id },
    el("td", {}, when(run.started_at)), el("td", {}, t(`mode_${run.mode}`)), el("td", {}, run.trigger),
    el("td", {}, el("span", { class: `state state-${run.state}`, "data-state": run.state }, stateText(run.state))),
    el("td", {}, (run.entity_types || []).join(", ")), el("td", {}, duration(run.duration_seconds)),
    el("td", {}, counts(run.applied)), el("td", {}, counts(run.deleted)),
    el("td", {}, (run.errors || []).map((e) => el("div", { class: "error-message" }, `${e.entity_type ? `${e.entity_type}: ` : ""}${e.message}`))),
    el("td", {}, heldActions(model, run, refresh), " ", traceLink(config, run.sync_id)))));
}

async function notifications(a) {
  const list = $("notifications");
  let found;
  try {
    found = await call("notifier", "/v1/notifications", { query: { administration_id: a.id, limit: 20 } });
  } catch (error) {
    list.replaceChildren(el("li", { class: "error" }, error.message));
    return;
  }
  list.replaceChildren(...(found.length ? found.map((n) => el("li", {},
    [when(n.created_at), n.subject || n.kind, n.recipient, n.state].filter(Boolean).join(" · "),
    n.last_error ? el("span", { class: "error-message" }, n.last_error) : null)) : [el("li", { class: "muted" }, t("noNotifications"))]));
}

// The administration's postings (ledger-store), newest first: state with an error mark,
// what the package created, the error, and when it was queued and finished.
async function postings(a) {
  const body = $("postings").querySelector("tbody");
  let found;
  try {
    found = await call("ledger-store", `/v1/administrations/${encodeURIComponent(a.id)}/postings`, { query: { limit: 20 } });
  } catch (error) {
    body.replaceChildren(el("tr", {}, el("td", { colspan: 6, class: "error" }, error.status === 404 ? t("noPostings") : error.message)));
    return;
  }
  const failed = (state) => state === "failed" || state === "refused";
  body.replaceChildren(...(found.length ? found.map((p) => el("tr", { "data-posting-id": p.posting_id },
    el("td", {}, p.reference, el("div", { class: "muted" }, p.posting_id)), el("td", {}, t(`kind_${p.kind}`)),
    el("td", {}, el("span", { class: `state ${failed(p.state) ? "state-failed" : p.state === "succeeded" ? "state-succeeded" : "state-running"}`, "data-state": p.state },
      failed(p.state) ? el("span", { class: "error-mark", role: "img", "aria-label": t("errorMark") }, "⚠") : null, t(`posting_${p.state}`)),
    p.error ? el("span", { class: "error-message" }, typeof p.error === "string" ? p.error : p.error.message || JSON.stringify(p.error)) : null),
    el("td", {}, Object.entries(p.created || {}).map(([k, v]) => `${k}: ${Array.isArray(v) ? v.join(", ") : v}`).join("; ") || t("none")),
    el("td", { class: "when" }, when(p.queued_at)), el("td", { class: "when" }, p.finished_at ? when(p.finished_at) : t("none"))))
    : [el("tr", {}, el("td", { colspan: 6, class: "muted" }, t("noPostings")))]));
}

export function renderDetail(a, model, config, refresh) {
  $("detail-title").textContent = a.name || a.id;
  $("detail-title").tabIndex = -1;
  facts(a, model.dossiers.get(a.id));
  runs(model, a, config, refresh);
  notifications(a);
  postings(a);
  if (shownFor !== a.id || $("sync-types").children.length <= 1) {
    shownFor = a.id;
    syncForm(a, refresh);
    connectionBox(a, refresh);
  } else if (model.rounds % 5 === 0 && !$("connection-box").querySelector(".reauth-form")) {
    connectionBox(a, refresh);  // a sync may have found the connection needs re-authorising
  }
}
