// What the page knows: administrations with their syncs, schedule, dossier and live status.
import { call, settle } from "./api.js";
import { t } from "./i18n.js";

const ACTIVE = new Set(["running", "queued", "waiting_for_rate_limit", "paused"]);
export const ENTITY_TYPES = ["gl_account", "vat_code", "daybook", "cost_center", "cost_unit",
  "project", "contact", "fiscal_period", "payment_term", "transaction_line"];
// The capability matrix (ledgerbus_contracts): what each package cannot read.
const UNSUPPORTED = { exact: [], twinfield: ["cost_unit"], snelstart: ["cost_unit", "project", "payment_term"] };

export function typesOf(pkg) { return ENTITY_TYPES.filter((t) => !(UNSUPPORTED[pkg] || []).includes(t)); }
export function isActive(state) { return ACTIVE.has(state); }

async function allAdministrations() {
  const out = [];
  let after;
  for (;;) {
    const page = await call("scheduler", "/v1/administrations", { query: { limit: 1000, after } });
    out.push(...page);
    if (page.length < 1000) return out;
    after = page[page.length - 1].id;
  }
}

function isoDate(date) { return date.toISOString().slice(0, 10); }

async function nextRuns(now) {
  const tomorrow = new Date(now.getTime() + 86400000);
  const days = await settle([now, tomorrow].map((d) =>
    call("scheduler", "/v1/schedule", { query: { date: isoDate(d), limit: 10000 } })), { runs: [] });
  const next = new Map();
  for (const day of days) {
    for (const run of day.runs) {
      if (new Date(run.at) > now && !next.has(run.administration_id)) next.set(run.administration_id, run);
    }
  }
  return next;
}

export class Model {
  constructor() {
    this.administrations = []; this.syncs = new Map(); this.next = new Map();
    this.dossiers = new Map(); this.status = new Map(); this.rounds = 0;
  }

  async refresh() {
    const now = new Date();
    const [administrations, syncs, next] = await Promise.all([
      allAdministrations(),
      call("ledger-store", "/v1/syncs", { query: { limit: 1000 } }),
      nextRuns(now),
    ]);
    this.administrations = administrations;
    this.syncs = new Map();
    for (const run of syncs) {
      if (!this.syncs.has(run.administration_id)) this.syncs.set(run.administration_id, []);
      this.syncs.get(run.administration_id).push(run);
    }
    this.next = next;
    const ids = administrations.map((a) => a.id);
    if (this.rounds % 5 === 0) {
      const dossiers = await settle(ids.map((id) => call("ledger-store", `/v1/administrations/${id}/dossier`)));
      this.dossiers = new Map(ids.map((id, i) => [id, dossiers[i]]));
    }
    const running = ids.filter((id) => isActive(this.latest(id)?.state));
    const statuses = await settle(running.map((id) => call("ledger-store", `/v1/administrations/${id}/sync-status`)));
    this.status = new Map(running.map((id, i) => [id, statuses[i]]));
    this.rounds += 1;
  }

  latest(id) { return (this.syncs.get(id) || [])[0]; }
  runs(id) { return this.syncs.get(id) || []; }
  lastSuccess(id) { return this.runs(id).find((r) => r.state === "succeeded"); }

  stateOf(administration) {
    if (!administration.enabled) return "disabled";
    const latest = this.latest(administration.id);
    if (!latest) return "never";
    return isActive(latest.state) ? "running" : latest.state;
  }

  lastError(id) {
    const latest = this.latest(id);
    if (!latest || !["failed", "needs_attention"].includes(latest.state)) return null;
    const errors = latest.errors || [];
    if (errors.length) return errors[errors.length - 1].message;
    return latest.state === "needs_attention" ? t("heldMessage") : null;
  }

  // Estimated held deletions per type, for a run the ledger-store gives no `held` counts for:
  // the previous succeeded full sync's records less this snapshot's.
  heldEstimate(run) {
    const runs = this.runs(run.administration_id);
    const before = runs.slice(runs.indexOf(run) + 1).find((r) => r.state === "succeeded" && r.mode === "full");
    if (!before) return {};
    const estimate = {};
    for (const type of run.entity_types) {
      const gone = Number((before.applied || {})[type] || 0) - Number((run.applied || {})[type] || 0);
      if (gone > 0) estimate[type] = gone;
    }
    return estimate;
  }

  // Per entity type of a running or just succeeded sync: records, expected and percent
  // (null while the package gives no total); nothing for a sync that failed or is held.
  progress(id) {
    const latest = this.latest(id);
    if (!latest || !(isActive(latest.state) || latest.state === "succeeded")) return [];
    const live = this.status.get(id)?.entity_types || {};
    return latest.entity_types.map((type) => {
      const p = (latest.progress || {})[type] || {};
      const records = Number(p.records ?? (latest.applied || {})[type] ?? 0);
      const expected = p.expected ?? null;
      // A succeeded sync read everything there was, whether or not the package gave a total.
      const percent = latest.state === "succeeded" ? 100
        : expected ? Math.min(100, Math.round((records / expected) * 1000) / 10) : null;
      return { type, records, expected, percent, eta: live[type]?.eta || null };
    });
  }
}
