"""``/api/<service>/v1/...``: the caller's request, forwarded to the service that owns it.

The ``Authorization`` header goes on unchanged and the service decides what the token may
see; a request without one is answered 401 here and never forwarded. Only ``/v1`` paths
are reachable (no ``/docs``, no health, no sandbox), and only a few response headers come
back (no cookies).
"""

from __future__ import annotations

import logging

import httpx
from fastapi import APIRouter, HTTPException, Request, Response, status

from ledgerbus_console.api.deps import UpstreamsDep

router = APIRouter(tags=["proxy"])
audit = logging.getLogger("ledgerbus_console.audit")
_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
_REQUEST_HEADERS = ("authorization", "content-type", "accept", "traceparent")
_RESPONSE_HEADERS = ("content-type", "allow", "www-authenticate", "retry-after")


def _upstream_path(path: str) -> str:
    segments = path.split("/")
    if segments[0] != "v1" or any(s in ("", ".", "..") for s in segments[1:]):
        raise HTTPException(status.HTTP_404_NOT_FOUND, "the console forwards only /v1 paths")
    return "/" + path


@router.api_route("/api/{service}/{path:path}", methods=_METHODS, include_in_schema=False)
async def forward(service: str, path: str, request: Request, upstreams: UpstreamsDep) -> Response:
    """Forward one call with the caller's token; the service's answer comes back as it is."""
    client = upstreams.get(service)
    if client is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"the console knows no service {service!r}")
    target = _upstream_path(path)
    if "authorization" not in request.headers:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "missing Authorization: Bearer <token> header",
            headers={"WWW-Authenticate": "Bearer"},
        )
    headers = {k: v for k, v in request.headers.items() if k.lower() in _REQUEST_HEADERS}
    try:
        answer = await client.request(
            request.method,
            target,
            params=list(request.query_params.multi_items()),
            headers=headers,
            content=await request.body(),
        )
    except httpx.HTTPError as exc:
        raise HTTPException(
            status.HTTP_502_BAD_GATEWAY, f"{service} did not answer ({type(exc).__name__})"
        ) from exc
    if request.method != "GET":  # an action: one audit line (never the body or the token)
        audit.info("audit: %s %s %s -> %s", request.method, service, target, answer.status_code)
    kept = {k: v for k, v in answer.headers.items() if k.lower() in _RESPONSE_HEADERS}
    return Response(answer.content, status_code=answer.status_code, headers=kept)
