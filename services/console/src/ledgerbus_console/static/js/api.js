// Calls the platform's APIs through the console (/api/<service>/v1/...) with the tab's token.
const KEY = "ledgerbus.token";

export function token() { return sessionStorage.getItem(KEY); }
export function setToken(value) {
  if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
}

export class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

function message(body, status) {
  const detail = body && body.detail;
  if (Array.isArray(detail)) return detail.map((d) => d.msg).join("; ");
  if (typeof detail === "string") return detail;
  return `HTTP ${status}`;
}

export async function call(service, path, { method = "GET", body, query } = {}) {
  const url = new URL(`api/${service}${path}`, document.baseURI);
  for (const [k, v] of Object.entries(query || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  const headers = { Authorization: `Bearer ${token()}`, Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(url, {
    method, headers, body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!response.ok) throw new ApiError(response.status, message(data, response.status));
  return data;
}

// Many calls at once; a failed one gives `fallback` instead of failing them all.
export async function settle(calls, fallback = null) {
  const results = await Promise.allSettled(calls);
  return results.map((r) => (r.status === "fulfilled" ? r.value : fallback));
}
