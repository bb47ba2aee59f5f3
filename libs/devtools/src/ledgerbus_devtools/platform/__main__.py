"""`python -m ledgerbus_devtools.platform run|up|down|status`.

run   start everything in the foreground with prefixed logs, seed the demo (every declared
      package), follow the first full sync of demo-exact, then run each demo administration's
      first incremental sync after its full one; Ctrl-C stops everything this run started.
up    the same in the background (it returns once the demo's syncs have ended); `down` stops it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import signal
import sys
from pathlib import Path

from ledgerbus_contracts import declared_packages
from ledgerbus_devtools.platform import demo, traces
from ledgerbus_devtools.platform.processes import ProcessSpec, platform_processes
from ledgerbus_devtools.platform.supervisor import Supervisor, healthy, terminate

STATE_DIR = Path(os.environ.get("LEDGERBUS_STATE_DIR", ".local"))


def say(message: str) -> None:
    print(f"\x1b[1mledgerbus\x1b[0m | {message}", flush=True)


async def start_all(supervisor: Supervisor, specs: list[ProcessSpec]) -> dict[str, str]:
    width = max(len(s.name) for s in specs)
    for spec in specs:
        await supervisor.start(spec, width)
    await supervisor.wait_healthy()
    return {spec.name: spec.url for spec in specs}


async def seed(urls: dict[str, str]) -> list[str]:
    """Connect every declared package's demo, register its administration and ask for a
    full sync of each; returns their sync ids (the first, demo-exact's, is followed)."""
    say("seeding demo connections and administrations")
    await demo.connect_packages(urls)
    await demo.register_administrations(urls["scheduler"])
    await demo.set_recipients(urls["notifier"])
    sync_ids = [
        await demo.request_full_sync(urls["scheduler"], admin.id)
        for admin in demo.demo_administrations()
    ]
    for admin, sync_id in zip(demo.demo_administrations(), sync_ids, strict=True):
        say(f"requested a full sync of {admin.id}: {sync_id}")
    return sync_ids


async def incrementals(urls: dict[str, str], sync_ids: list[str]) -> None:
    """Each demo administration's first incremental sync, once its full one has ended."""
    admins = demo.demo_administrations()
    await asyncio.gather(
        *(demo.then_incremental(urls, a.id, s, say) for a, s in zip(admins, sync_ids, strict=True))
    )


def where_to_look(urls: dict[str, str]) -> None:
    say(f"operator token: {demo.OPERATOR_TOKEN}  (Authorization: Bearer {demo.OPERATOR_TOKEN})")
    say(f"console          {urls['console']}/  (sign in with the operator token)")
    connectors = [p.service for p in declared_packages().values()]
    for name in ("scheduler", "ledger-store", "notifier", *connectors):
        say(f"{name:<16} {urls[name]}/docs")
    say(f"sync status      {urls['ledger-store']}/v1/administrations/demo-exact/sync-status")
    say(f"traces           {traces.zipkin_url()}/zipkin/")
    say(f"metrics          {urls['scheduler']}/metrics (every service has /metrics)")
    say(f"mail sent        {STATE_DIR / 'mail'}/")
    say(f"logs             {STATE_DIR / 'logs'}/")


async def follow_and_link(ledger_store_url: str, sync_id: str) -> None:
    """Follow the demo sync to its end, then print the link to its trace."""
    await demo.follow_sync(ledger_store_url, sync_id, say)
    await asyncio.sleep(6)  # the services' span processors export every five seconds
    say(f"the demo sync's trace: {await traces.trace_link(sync_id)}")


async def run(foreground: bool) -> int:
    specs = platform_processes()
    supervisor = Supervisor(STATE_DIR, foreground=foreground)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        urls = await start_all(supervisor, specs)
        sync_ids = await seed(urls)
        sync_id = sync_ids[0]
        where_to_look(urls)
        if not foreground:
            say(f"the demo sync's traces: {traces.search_link(sync_id)}")
            await incrementals(urls, sync_ids)
            say("the platform runs in the background; `make down` stops it")
            return 0
        follower = asyncio.create_task(follow_and_link(urls["ledger-store"], sync_id))
        followers = asyncio.create_task(incrementals(urls, sync_ids))
        await stop.wait()
        follower.cancel()
        followers.cancel()
        return 0
    except Exception as exc:  # start-up failed: say why and stop what we started
        say(f"error: {exc}")
        await supervisor.stop()
        return 1
    finally:
        if foreground:
            say("stopping")
            await supervisor.stop()


async def down() -> int:
    pids = STATE_DIR / "pids"
    for spec in reversed(platform_processes()):
        pid_file = pids / f"{spec.name}.pid"
        if pid_file.exists():
            with contextlib.suppress(ValueError):
                say(f"stopping {spec.name}")
                await terminate(int(pid_file.read_text()), None)
            pid_file.unlink(missing_ok=True)
    return 0


async def status() -> int:
    for spec in platform_processes():
        state = "up" if await healthy(spec) else "down"
        print(f"{spec.name}: {state} on {spec.url}")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(prog="ledgerbus_devtools.platform")
    parser.add_argument("command", choices=["run", "up", "down", "status"])
    args = parser.parse_args()
    if args.command in ("run", "up"):
        code = asyncio.run(run(foreground=args.command == "run"))
    else:
        code = asyncio.run(down() if args.command == "down" else status())
    sys.exit(code)


if __name__ == "__main__":
    main()
