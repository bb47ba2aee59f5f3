// Import administrations from a connection: list what the connection reaches, choose, and
// register the chosen ones with the scheduler, each answered created or refused and why.
import { call } from "./api.js";
import { audit, confirmAction } from "./actions.js";
import { packageTitle, packagesOf } from "./connections.js";
import { el } from "./format.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

// The scheduler's bulk import: one call, each choice answered created or refused and why.
// null when the scheduler has no such call (or no tenant is known): then one by one.
async function imported(pkg, connection, tenant, chosen) {
  if (!tenant) return null;
  try {
    const report = await call("scheduler", `/v1/connections/${encodeURIComponent(connection)}/imports`, { method: "POST", body: {
      tenant_id: tenant, package: pkg, administrations: chosen.map(({ code, name }) => ({ external_id: code, name: name || undefined })),
    } });
    return report.results.map((r) => ({ code: r.external_id, id: r.id || r.external_id, created: r.outcome === "created",
      reason: [r.reason, r.message].filter(Boolean).join(": ") }));
  } catch (error) {
    if ([404, 405].includes(error.status)) return null;
    return chosen.map(({ code }) => ({ code, id: code, created: false, reason: error.message }));
  }
}

// One registration per chosen administration; a refusal does not stop the others.
async function oneByOne(pkg, connection, tenant, chosen) {
  const outcomes = [];
  for (const { code, name } of chosen) {
    const id = `${pkg}-${code}`.replace(/[^\w.-]/g, "-").slice(0, 100);
    try {
      await call("scheduler", "/v1/administrations", { method: "POST", body: {
        id, tenant_id: tenant, package: pkg, connection_id: connection, external_id: code, name: name || code,
      } });
      outcomes.push({ code, id, created: true, reason: "" });
    } catch (error) {
      outcomes.push({ code, id, created: false, reason: error.message });
    }
  }
  return outcomes;
}

async function register(pkg, connection, tenant, chosen) {
  return (await imported(pkg, connection, tenant, chosen)) ?? oneByOne(pkg, connection, tenant, chosen);
}

function noListing(error) {
  return error.status === 501 || ([404, 405].includes(error.status) && !error.message.includes("connection"));
}

export function setupImport(config, refresh) {
  const form = $("import-form"), list = $("import-list"), select = $("import-package");
  select.replaceChildren(...packagesOf(config).map((pkg) => el("option", { value: pkg }, packageTitle(pkg))));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const pkg = select.value, connection = $("import-connection").value.trim();
    list.replaceChildren();
    let found;
    try {
      found = await call(`connector-${pkg}`, `/v1/connections/${encodeURIComponent(connection)}/administrations`);
    } catch (error) {
      list.append(el("p", { class: "error", role: "alert" }, noListing(error) ? t("noListing") : error.message));
      return;
    }
    const boxes = found.map((d) => el("label", {}, el("input", { type: "checkbox", value: d.code, "data-name": d.name }),
      ` ${d.code} ${d.name}`, d.current ? el("span", { class: "muted" }, ` (${t("current")})`) : null));
    const button = el("button", { type: "button", class: "primary", id: "import-selected" }, t("importSelected"));
    const results = el("ul", { id: "import-results", class: "plain", "aria-live": "polite" });
    list.append(el("fieldset", {}, el("legend", {}, t("administrationsOf", { id: connection })),
      ...(boxes.length ? boxes : [el("p", { class: "muted" }, t("noneReached"))])), button, results);
    button.addEventListener("click", async () => {
      const chosen = boxes.map((b) => b.firstChild).filter((c) => c.checked)
        .map((c) => ({ code: c.value, name: c.dataset.name }));
      if (!chosen.length) return;
      const tenant = $("import-tenant").value.trim() || undefined;
      if (!(await confirmAction(t("confirmImport", { n: chosen.length, id: connection })))) return;
      const outcomes = await register(pkg, connection, tenant, chosen);
      results.replaceChildren(...outcomes.map((o) => el("li", { "data-code": o.code, "data-outcome": o.created ? "created" : "refused", class: o.created ? undefined : "error" },
        o.created ? t("importCreated", { id: o.id }) : t("importRefused", { id: o.id, reason: o.reason }))));
      const created = outcomes.filter((o) => o.created).length;
      audit(`import ${connection}`, t("importSummary", { created, refused: outcomes.length - created }), created === outcomes.length);
      await refresh();
    });
  });
  // From the connections list: this connection, its package and tenant, listed at once.
  return (connection) => {
    select.value = connection.package;
    $("import-connection").value = connection.id;
    $("import-tenant").value = connection.tenant_id || "";
    form.requestSubmit();
    $("import-title").scrollIntoView();
  };
}
