"""``kg load``: bounded load against ``kg serve`` or the app on the loopback interface."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .command import Command, dist_arg


def _cfg_load(p):
    p.add_argument("--target", choices=("serve", "app"), default="serve", help="what to load (default: serve)")
    p.add_argument("--clients", type=int, default=20, help="concurrent clients (threads)")
    p.add_argument("--requests", type=int, default=2000, help="stop after this many requests (0: no limit)")
    p.add_argument("--soak-seconds", type=float, default=0, help="stop after this many seconds (0: no limit)")
    p.add_argument("--rate", type=float, default=0, help="most requests per second over all clients (0: no cap)")
    dist_arg(p)
    p.add_argument("--host", default="127.0.0.1", help="loopback host to start the target on (127.0.0.1, "
                   "localhost, ::1)")
    p.add_argument("--url", default=None, help="attach to a running target on the loopback interface instead")
    p.add_argument("--pid", type=int, default=None, help="with --url: the target's process id (memory figures)")
    p.add_argument("--query-timeout", type=float, default=2.0, help="the started endpoint's query timeout (s)")
    p.add_argument("--hostile-share", type=float, default=0.05, help="share of hostile requests (serve)")
    p.add_argument("--hostile", default="update,service,cartesian",
                   help="comma-separated hostile requests to mix in (serve): update, service, cartesian; '' for none")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--json", action="store_true", help="print the figures as JSON")


def _run_load(args) -> int:
    from ..ops import loadtest

    try:
        res = loadtest.run_load(args.target, clients=args.clients, requests=args.requests,
                                soak_seconds=args.soak_seconds, url=args.url, pid=args.pid, dist=args.dist,
                                host=args.host, query_timeout=args.query_timeout, rate=args.rate,
                                hostile_share=args.hostile_share, seed=args.seed,
                                hostile=tuple(h.strip() for h in args.hostile.split(",") if h.strip()),
                                progress=lambda m: print(m, file=sys.stderr, flush=True))
    except loadtest.LoadError as exc:
        print(f"kg load: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps({**res.summary(), "environment": loadtest.environment()}, indent=2))
    else:
        print(loadtest.format_report(res))
    return 1 if res.errors else 0


#: the sub-commands of this module (kg.cli builds its table from these and kg.cli.commands.MODULES)
COMMANDS = (
    Command("load", "bounded load test of kg serve or the app on the loopback interface",
            _cfg_load, _run_load),
)
