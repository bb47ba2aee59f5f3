// Actions: each asks for confirmation, then writes an audit line with its outcome.
import { call } from "./api.js";
import { el, when } from "./format.js";
import { t } from "./i18n.js";

const $ = (id) => document.getElementById(id);

export function confirmAction(text) {
  const dialog = $("confirm");
  $("confirm-text").replaceChildren(...[text].flat().map((line) => el("p", {}, line)));
  dialog.returnValue = "";
  dialog.showModal();
  $("confirm-cancel").focus();
  return new Promise((resolve) => {
    dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true });
  });
}

export function audit(action, outcome, ok) {
  $("audit").prepend(el("li", { class: ok ? undefined : "error", "data-ok": String(ok) },
    `${when(new Date().toISOString())} · ${action} · ${outcome}`));
}

// Confirm, run, audit; the returned promise resolves to the result (null when refused or failed).
export async function act(question, action, run) {
  if (!(await confirmAction(question))) return null;
  try {
    const result = await run();
    audit(action, t("done"), true);
    return result ?? true;
  } catch (error) {
    audit(action, `${t("failedAction")}: ${error.message}`, false);
    return null;
  }
}

export function setupImport(refresh) {
  const form = $("import-form"), list = $("import-list");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const pkg = $("import-package").value, connection = $("import-connection").value.trim();
    list.replaceChildren();
    let found;
    try {
      found = await call(`connector-${pkg}`, `/v1/connections/${encodeURIComponent(connection)}/administrations`);
    } catch (error) {
      list.append(el("p", { class: "error", role: "alert" }, [404, 405].includes(error.status) && !error.message.includes("connection") ? t("noListing") : error.message));
      return;
    }
    const boxes = found.map((d) => el("label", {}, el("input", { type: "checkbox", value: d.code, "data-name": d.name }), ` ${d.code} ${d.name}`));
    const button = el("button", { type: "button", class: "primary" }, t("importSelected"));
    list.append(el("fieldset", {}, el("legend", {}, t("administrations")), ...boxes), button);
    button.addEventListener("click", async () => {
      const chosen = boxes.map((b) => b.firstChild).filter((c) => c.checked);
      if (!chosen.length) return;
      const tenant = $("import-tenant").value.trim() || undefined;
      await act(t("confirmImport", { n: chosen.length, id: connection }), `import ${connection}`, async () => {
        for (const box of chosen) {
          await call("scheduler", "/v1/administrations", { method: "POST", body: {
            id: `${pkg}-${box.value}`, tenant_id: tenant, package: pkg, connection_id: connection,
            external_id: box.value, name: box.dataset.name || box.value,
          } });
        }
      });
      await refresh();
    });
  });
}
