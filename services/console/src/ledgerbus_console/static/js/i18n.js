// Dutch and English texts of the console; t(key) in the current language.
const TEXTS = {
  en: {
    skip: "Skip to content", title: "ledgerbus console", language: "Language", signOut: "Sign out",
    signInTitle: "Sign in", signIn: "Sign in", token: "Token",
    signInHelp: "Enter the operator token or a tenant token. It stays in this tab only.",
    tokenRefused: "The token was refused.", administrations: "Administrations",
    filterTenant: "Tenant", filterPackage: "Package", filterState: "State", all: "All",
    search: "Search (name or id)", colName: "Name", colPackage: "Package", colTenant: "Tenant",
    colState: "State", colLastSync: "Last successful sync", colDuration: "Duration",
    colNext: "Next sync", colDossier: "Dossier", colProgress: "Progress", empty: "No administrations to show.",
    state_running: "running", state_queued: "queued", state_succeeded: "succeeded",
    state_failed: "failed", state_needs_attention: "needs attention", state_never: "never synced",
    state_disabled: "disabled", state_waiting_for_rate_limit: "waiting (rate limit)",
    state_paused: "paused", syncNow: "Sync now", mode: "Mode", mode_incremental: "incremental",
    mode_full: "full", entityTypes: "Entity types (none: all)", since: "From date (optional)",
    startSync: "Start sync", runs: "Sync runs", colStarted: "Started", trigger: "Trigger",
    colTypes: "Entity types", colApplied: "Applied", colDeleted: "Deleted", colErrors: "Errors",
    colActions: "Actions", notifications: "Notifications", noNotifications: "No notifications.",
    importTitle: "Import administrations from a connection", connection: "Connection",
    tenantForImport: "Tenant (operator only)", listAdministrations: "List administrations",
    importSelected: "Import selected", noListing: "This connector does not list administrations.",
    audit: "Audit", confirmTitle: "Are you sure?", cancel: "Cancel", confirm: "Confirm",
    monthlyFull: "monthly full", fullSync: "full", errorMark: "Error", trace: "trace",
    release: "Release deletions", discard: "Discard deletions", eta: "ETA", records: "records",
    heldTitle: "Held deletions", heldCounts: "Records that would be deleted:",
    heldEstimate: "about {counts} (the previous full sync's records less this one's)",
    heldMessage: "A full sync would delete more records than the mass-deletion guard allows: release or discard the held deletions.",
    bookkeepingUntil: "bookkeeping until", activePeriod: "active period",
    closedUntil: "closed until", counter: "booking proposals", connectionState: "Connection",
    reauthorise: "Re-authorise", reauthCode: "Authorisation code", reauthKey: "Client key",
    reauthNeeded: "This connection needs to be re-authorised.", id: "Id", externalId: "External id",
    timezone: "Time zone", window: "Nightly window", enabled: "Enabled", yes: "yes", no: "no",
    confirmSync: "Start a {mode} sync of {name} ({types}){since}?", allTypes: "all entity types",
    sinceText: " from {date}", confirmRelease: "Release the held deletions of sync {id}?",
    confirmDiscard: "Discard the held deletions of sync {id} and keep the records?",
    confirmReauth: "Re-authorise connection {id}?", confirmImport: "Register {n} administration(s) from connection {id}?",
    done: "done", failedAction: "failed", updated: "Updated {time}", unreachable: "{service} did not answer",
    never: "never", none: "–", operator: "operator", tenant: "tenant {id}",
    typesDone: "{done} of {total} entity types complete",
    connectionsTitle: "Connections", refresh: "Refresh", connectionsEmpty: "No connections to show.",
    connectionsMissing: "Not listed:", connection_active: "active",
    connection_reauthorization_required: "needs re-authorisation", current: "current",
    administrationsOf: "Administrations connection {id} reaches", noneReached: "The connection reaches no administrations.",
    importCreated: "{id}: registered", importRefused: "{id}: refused ({reason})",
    importSummary: "{created} registered, {refused} refused",
    postings: "Postings", noPostings: "No postings.", colReference: "Reference", colKind: "Kind",
    colCreated: "Created in the package", colQueued: "Queued", colFinished: "Finished",
    kind_journal_entry: "journal entry", kind_sales_invoice: "sales invoice",
    kind_purchase_invoice: "purchase invoice", posting_queued: "queued", posting_sending: "sending", posting_refused: "refused",
    posting_succeeded: "booked", posting_failed: "failed",
  },
  nl: {
    skip: "Naar de inhoud", title: "ledgerbus-console", language: "Taal", signOut: "Afmelden",
    signInTitle: "Aanmelden", signIn: "Aanmelden", token: "Token",
    signInHelp: "Voer het beheerderstoken of een tenant-token in. Het blijft alleen in dit tabblad.",
    tokenRefused: "Het token is geweigerd.", administrations: "Administraties",
    filterTenant: "Tenant", filterPackage: "Pakket", filterState: "Status", all: "Alle",
    search: "Zoeken (naam of id)", colName: "Naam", colPackage: "Pakket", colTenant: "Tenant",
    colState: "Status", colLastSync: "Laatste geslaagde synchronisatie", colDuration: "Duur",
    colNext: "Volgende synchronisatie", colDossier: "Dossier", colProgress: "Voortgang",
    empty: "Geen administraties om te tonen.", state_running: "bezig", state_queued: "in de wachtrij",
    state_succeeded: "geslaagd", state_failed: "mislukt", state_needs_attention: "actie nodig",
    state_never: "nooit gesynchroniseerd", state_disabled: "uitgeschakeld",
    state_waiting_for_rate_limit: "wacht (limiet)", state_paused: "gepauzeerd",
    syncNow: "Nu synchroniseren", mode: "Soort", mode_incremental: "incrementeel", mode_full: "volledig",
    entityTypes: "Soorten gegevens (geen: alle)", since: "Vanaf datum (optioneel)",
    startSync: "Synchronisatie starten", runs: "Synchronisaties", colStarted: "Gestart",
    trigger: "Aanleiding", colTypes: "Soorten gegevens", colApplied: "Verwerkt",
    colDeleted: "Verwijderd", colErrors: "Fouten", colActions: "Acties",
    notifications: "Meldingen", noNotifications: "Geen meldingen.",
    importTitle: "Administraties importeren uit een koppeling", connection: "Koppeling",
    tenantForImport: "Tenant (alleen beheerder)", listAdministrations: "Administraties tonen",
    importSelected: "Geselecteerde importeren", noListing: "Deze connector toont geen administraties.",
    audit: "Logboek", confirmTitle: "Weet u het zeker?", cancel: "Annuleren", confirm: "Bevestigen",
    monthlyFull: "maandelijks volledig", fullSync: "volledig", errorMark: "Fout", trace: "trace",
    release: "Verwijderingen doorvoeren", discard: "Verwijderingen negeren", eta: "Verwacht klaar",
    records: "records", heldTitle: "Tegengehouden verwijderingen",
    heldCounts: "Records die verwijderd zouden worden:",
    heldEstimate: "ongeveer {counts} (de records van de vorige volledige synchronisatie min die van deze)",
    heldMessage: "Een volledige synchronisatie zou meer records verwijderen dan de beveiliging tegen massaal verwijderen toestaat: voer de tegengehouden verwijderingen door of negeer ze.",
    bookkeepingUntil: "boekhouding bijgewerkt t/m", activePeriod: "actieve periode",
    closedUntil: "afgesloten t/m", counter: "boekingsvoorstellen", connectionState: "Koppeling",
    reauthorise: "Opnieuw autoriseren", reauthCode: "Autorisatiecode", reauthKey: "Koppelingssleutel",
    reauthNeeded: "Deze koppeling moet opnieuw geautoriseerd worden.", id: "Id",
    externalId: "Extern id", timezone: "Tijdzone", window: "Nachtelijk venster",
    enabled: "Ingeschakeld", yes: "ja", no: "nee",
    confirmSync: "Een {mode} synchronisatie van {name} starten ({types}){since}?",
    allTypes: "alle soorten gegevens", sinceText: " vanaf {date}",
    confirmRelease: "De tegengehouden verwijderingen van synchronisatie {id} doorvoeren?",
    confirmDiscard: "De tegengehouden verwijderingen van synchronisatie {id} negeren en de records houden?",
    confirmReauth: "Koppeling {id} opnieuw autoriseren?",
    confirmImport: "{n} administratie(s) uit koppeling {id} registreren?",
    done: "gelukt", failedAction: "mislukt", updated: "Bijgewerkt {time}",
    unreachable: "{service} antwoordt niet", never: "nooit", none: "–", operator: "beheerder",
    typesDone: "{done} van {total} soorten gegevens compleet",
    tenant: "tenant {id}",
    connectionsTitle: "Koppelingen", refresh: "Vernieuwen", connectionsEmpty: "Geen koppelingen om te tonen.",
    connectionsMissing: "Niet getoond:", connection_active: "actief",
    connection_reauthorization_required: "opnieuw autoriseren", current: "huidige",
    administrationsOf: "Administraties die koppeling {id} bereikt", noneReached: "De koppeling bereikt geen administraties.",
    importCreated: "{id}: geregistreerd", importRefused: "{id}: geweigerd ({reason})",
    importSummary: "{created} geregistreerd, {refused} geweigerd",
    postings: "Boekingen", noPostings: "Geen boekingen.", colReference: "Kenmerk", colKind: "Soort",
    colCreated: "Aangemaakt in het pakket", colQueued: "In de wachtrij", colFinished: "Klaar",
    kind_journal_entry: "memoriaalboeking", kind_sales_invoice: "verkoopfactuur",
    kind_purchase_invoice: "inkoopfactuur", posting_queued: "in de wachtrij", posting_sending: "wordt verstuurd", posting_refused: "geweigerd",
    posting_succeeded: "geboekt", posting_failed: "mislukt",
  },
};

let language = localStorage.getItem("ledgerbus.language")
  || ((navigator.language || "en").toLowerCase().startsWith("nl") ? "nl" : "en");

export function currentLanguage() { return language; }

export function setLanguage(value) {
  language = value in TEXTS ? value : "en";
  localStorage.setItem("ledgerbus.language", language);
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll("[data-t]")) {
    node.textContent = t(node.dataset.t);
  }
}

export function t(key, values = {}) {
  const text = TEXTS[language][key] ?? TEXTS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

export function stateText(state) { return t(`state_${state}`); }
