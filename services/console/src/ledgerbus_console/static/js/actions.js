// Actions: each asks for confirmation, then writes an audit line with its outcome.
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
