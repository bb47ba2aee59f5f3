// Connections: each connector's list of the caller's connections (GET /v1/connections), an
// error mark on one that is not active, re-authorisation, and the way into the import.
import { call } from "./api.js";
import { act } from "./actions.js";
import { el } from "./format.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);
// The declared packages (/console/config): each one's title and credential kind.
let declared = {};

export function setPackages(packages) { declared = packages || {}; }
export function packageTitle(pkg) { return declared[pkg]?.title || pkg; }

// The packages whose connector the console reaches (connector-<package> in its services).
export function packagesOf(config) {
  return (config.services || []).filter((s) => s.startsWith("connector-")).map((s) => s.slice("connector-".length));
}

// The form that re-authorises a connection: a new code (or key), confirmed and audited.
// The secret is never kept: the field is emptied whatever the outcome.
export function reauthForm(pkg, connectionId, done) {
  const secret = declared[pkg]?.credential_kind === "api_key" ? "client_key" : "code";
  const fieldId = `reauth-secret-${pkg}-${connectionId}`.replace(/[^\w-]/g, "_");
  const input = el("input", { id: fieldId, class: "reauth-secret", type: "password", required: true, autocomplete: "off", spellcheck: "false" });
  const form = el("form", { class: "reauth-form", "data-connection": connectionId },
    el("p", { role: "alert" }, t("reauthNeeded")),
    el("label", { for: fieldId }, t(secret === "code" ? "reauthCode" : "reauthKey")), " ", input, " ",
    el("button", { type: "submit", class: "primary" }, t("reauthorise")));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const result = await act(t("confirmReauth", { id: connectionId }), `re-authorise ${connectionId}`, () =>
      call(`connector-${pkg}`, `/v1/connections/${encodeURIComponent(connectionId)}`, { method: "PUT", body: { [secret]: input.value } }));
    input.value = "";
    if (result) await done();
  });
  return form;
}

async function listed(pkg) {
  const found = [];
  let pageToken;
  do {
    const page = await call(`connector-${pkg}`, "/v1/connections", { query: { limit: 500, page_token: pageToken } });
    found.push(...page.items.map((c) => ({ ...c, package: pkg })));
    pageToken = page.next_page_token;
  } while (pageToken);
  return found;
}

function stateCell(connection) {
  const active = connection.state === "active";
  return el("span", { class: `state ${active ? "state-succeeded" : "state-failed"}`, "data-connection-state": connection.state },
    active ? null : el("span", { class: "error-mark", role: "img", "aria-label": t("errorMark") }, "⚠"),
    t(`connection_${connection.state}`) === `connection_${connection.state}` ? connection.state : t(`connection_${connection.state}`));
}

export function setupConnections(config, chooseForImport) {
  const body = document.querySelector("#connections tbody"), note = $("connections-note");
  const packages = packagesOf(config);
  async function show() {
    const results = await Promise.allSettled(packages.map(listed));
    const rows = [], missing = [];
    results.forEach((r, i) => (r.status === "fulfilled" ? rows.push(...r.value) : missing.push(`${packageTitle(packages[i])}: ${r.reason.message}`)));
    body.replaceChildren(...rows.map((c) => {
      const reauth = c.state === "active" ? null : reauthForm(c.package, c.id, show);
      return el("tr", { "data-connection": c.id, "data-package": c.package },
        el("td", {}, c.id), el("td", {}, packageTitle(c.package)), el("td", {}, c.tenant_id || t("none")),
        el("td", {}, stateCell(c), reauth),
        el("td", {}, el("button", { type: "button", "data-import": c.id, "aria-label": `${t("listAdministrations")}: ${c.id}`, onclick: () => chooseForImport(c) }, t("listAdministrations"))));
    }));
    $("connections-empty").hidden = rows.length > 0;
    note.textContent = missing.length ? `${t("connectionsMissing")} ${missing.join("; ")}` : "";
  }
  $("connections-refresh").addEventListener("click", show);
  return show;
}
