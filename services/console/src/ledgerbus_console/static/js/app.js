// The console page: sign in with a token, then the administrations, live.
import { ApiError, call, setToken, token } from "./api.js";
import { renderDetail } from "./detail.js";
import { el } from "./format.js";
import { currentLanguage, setLanguage, t } from "./i18n.js";
import { Model } from "./model.js";
import { renderTable } from "./table.js";
import { packageTitle, packagesOf, setPackages, setupConnections } from "./connections.js";
import { setupImport } from "./importing.js";

const POLL_MS = Number(new URLSearchParams(window.location.search).get("poll")) || 2000;
const $ = (id) => document.getElementById(id);
const model = new Model();
const view = { selected: null, config: { trace_viewer_url: null }, timer: null, connections: null };

function filtered() {
  const tenant = $("filter-tenant").value, pkg = $("filter-package").value;
  const state = $("filter-state").value, query = $("search").value.trim().toLowerCase();
  return model.administrations.filter((a) =>
    (!tenant || a.tenant_id === tenant) && (!pkg || a.package === pkg)
    && (!state || model.stateOf(a) === state)
    && (!query || a.id.toLowerCase().includes(query) || (a.name || "").toLowerCase().includes(query)));
}

function tenantOptions() {
  const select = $("filter-tenant"), current = select.value;
  const tenants = [...new Set(model.administrations.map((a) => a.tenant_id))].sort();
  select.replaceChildren(el("option", { value: "", "data-t": "all" }, t("all")),
    ...tenants.map((id) => el("option", { value: id }, id)));
  select.value = tenants.includes(current) ? current : "";
}

export function render() {
  tenantOptions();
  const shown = filtered();
  renderTable(document.querySelector("#administrations tbody"), model, shown, view.selected, select);
  $("empty").hidden = shown.length > 0;
  const selected = model.administrations.find((a) => a.id === view.selected);
  $("detail").hidden = !selected;
  if (selected) renderDetail(selected, model, view.config, refresh);
}

function select(id) {
  view.selected = id;
  render();
  $("detail-title").focus();
}

async function refresh() {
  clearTimeout(view.timer);
  try {
    await model.refresh();
    $("status-line").textContent = t("updated", { time: new Date().toLocaleTimeString(currentLanguage()) });
    render();
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) { signOut(t("tokenRefused")); return; }
    $("status-line").textContent = error.message;
  }
  if (token()) view.timer = setTimeout(refresh, POLL_MS);
}

function signOut(message = "") {
  clearTimeout(view.timer);
  setToken(null);
  model.administrations = [];
  document.querySelector("#administrations tbody").replaceChildren();
  $("main").hidden = true; $("sign-out").hidden = true; $("sign-in").hidden = false;
  $("sign-in-error").textContent = message;
  $("token").value = ""; $("token").focus();
}

async function signIn(value) {
  setToken(value);
  try {
    await call("scheduler", "/v1/administrations", { query: { limit: 1 } });
  } catch (error) {
    signOut(error instanceof ApiError && error.status === 401 ? t("tokenRefused") : error.message);
    return;
  }
  $("sign-in").hidden = true; $("main").hidden = false; $("sign-out").hidden = false;
  $("sign-in-error").textContent = "";
  $("token").value = "";
  await refresh();
  $("main").focus();
  if (view.connections) view.connections();  // in the background: it takes no focus
}

async function start() {
  $("language").value = currentLanguage();
  setLanguage(currentLanguage());
  $("language").addEventListener("change", (e) => { setLanguage(e.target.value); render(); });
  const config = await fetch("console/config").then((r) => r.json());
  view.config = config;
  setPackages(config.packages);
  const filter = $("filter-package");
  filter.replaceChildren(filter.firstElementChild,
    ...packagesOf(config).map((pkg) => el("option", { value: pkg }, packageTitle(pkg))));
  $("sign-in").addEventListener("submit", (e) => { e.preventDefault(); signIn($("token").value.trim()); });
  $("sign-out").addEventListener("click", () => signOut());
  for (const id of ["filter-tenant", "filter-package", "filter-state"]) $(id).addEventListener("change", render);
  $("search").addEventListener("input", render);
  view.connections = setupConnections(config, setupImport(config, refresh));
  if (token()) await signIn(token());
  document.body.dataset.ready = "true";
}

start();
