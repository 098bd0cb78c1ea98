"""``kg entitlements``: the advocate's answer for one victim profile, from command-line flags or a profile file.

The profile's flags are built here (not in :mod:`kg.answers.profile`, which knows nothing of argparse). Every value is
checked against the graph before an answer is given: a value the graph does not know exits with status 2 and a
bilingual message naming the field and the nearest accepted values; ``--values KIND`` lists the accepted values.
"""
from __future__ import annotations

import sys
from pathlib import Path

from .command import Command
from .commands_query import add_store_args, store_from_args
from ..answers.profile import BOOL_FIELDS, ProfileError, parse_profile

#: flag -> (profile field, help text)
FLAGS = {
    "--sex": ("sex", "female or male (perempuan, laki-laki)"),
    "--age": ("age", "age in whole years (or child / adult when not known)"),
    "--birth-date": ("birth_date", "date of birth, YYYY-MM-DD (gives the age at exploitation and on --as-of)"),
    "--exploitation-date": ("exploitation_date", "when the exploitation took place, YYYY-MM-DD"),
    "--nationality": ("nationality", "indonesian, foreign or a country (malaysia)"),
    "--abroad": ("exploited_abroad", "country of exploitation (malaysia, Arab Saudi, region/malaysia) or yes/no"),
    "--sector": ("sector", "sector of work (fishing, domestic-work, spa, ...; see --values sector)"),
    "--landing": ("landing", "place of landing in Indonesia on return (entikong, kota-pontianak, dki-jakarta)"),
    "--province": ("province", "province of return (jawa-barat, West Java)"),
    "--regency": ("regency", "regency or city of return (indramayu, kabupaten-indramayu, kota-bandung)"),
}
PROFILE_KEYS = [f for f, _ in FLAGS.values()] + ["exploitation_forms", "groups"] + [
    b for b in BOOL_FIELDS if b != "victim"]


def add_profile_arguments(parser) -> None:
    """The profile's flags (``--sex male --age 34 --abroad malaysia --regency indramayu ...``)."""
    g = parser.add_argument_group("profile")
    for flag, (dest, help_text) in FLAGS.items():
        g.add_argument(flag, dest=dest, default=None, help=help_text)
    g.add_argument("--form", dest="exploitation_forms", action="append", default=[],
                   help="form of exploitation (labour, sexual, ...; repeatable for several)")
    for name in BOOL_FIELDS:
        if name == "victim":
            continue
        g.add_argument("--" + name.replace("_", "-"), dest=name, metavar="YES|NO", default=None)
    g.add_argument("--group", dest="groups", action="append", default=[],
                   help="a further group no fact decides (victim-families, ...; repeatable)")


def profile_from_args(args):
    """The :class:`kg.answers.profile.Profile` the flags describe (form checked; graph values are checked by the finder)."""
    data = {}
    for name in PROFILE_KEYS:
        value = getattr(args, name, None)
        if value not in (None, []):
            data[name] = value
    return parse_profile(data)


def _cfg_entitlements(p):
    add_store_args(p)
    add_profile_arguments(p)
    p.add_argument("--as-of", dest="as_of", default=None, help="date (YYYY-MM-DD; default today)")
    p.add_argument("--region", default=None, help="region of return when not given as --province/--regency")
    p.add_argument("--format", choices=("json", "md", "html"), default="md")
    p.add_argument("--lang", choices=("id", "en"), default="en")
    p.add_argument("--profile", type=Path, default=None, help="read the profile from a JSON or YAML file")
    p.add_argument("--values", metavar="KIND", default=None,
                   help="list the accepted values of KIND (sex, age, nationality, form, sector, country, province, "
                        "regency, landing, group) and exit")
    p.add_argument("--gaps", action="store_true", help="compute the coverage gaps if they are not cached yet (slow)")
    p.add_argument("--no-gaps", action="store_true", help="leave the coverage gaps out")


def _err(exc: ProfileError, where: str | None = None) -> int:
    prefix = f"kg entitlements: {where}: " if where else "kg entitlements: "
    print(prefix + exc.text("en"), file=sys.stderr)
    print(prefix + exc.text("id"), file=sys.stderr)
    return 2


def _read_profile_file(path: Path) -> dict:
    import yaml

    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ProfileError("--profile", f"{path}: no such file", f"{path}: berkas tidak ada") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ProfileError("--profile", f"{path}: cannot be read ({exc.__class__.__name__})",
                           f"{path}: tidak dapat dibaca ({exc.__class__.__name__})") from None
    try:
        data = yaml.safe_load(text)  # JSON is YAML
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ProfileError("--profile", f"{line}: not valid JSON or YAML ({getattr(exc, 'problem', exc)})",
                           f"{line}: bukan JSON atau YAML yang sah ({getattr(exc, 'problem', exc)})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ProfileError("--profile", f"{path}: expected field: value pairs (a mapping), got {type(data).__name__}",
                           f"{path}: harus berupa pasangan kolom: nilai, bukan {type(data).__name__}")
    return data


def _list_values(store, kind: str, lang: str) -> int:
    from ..answers.values import KINDS, accepted
    from ..answers.snapshot import snapshot

    if kind not in KINDS:
        return _err(ProfileError("--values", f"{kind!r} is not a kind; use one of {', '.join(KINDS)}",
                                 f"{kind!r} bukan jenis nilai; gunakan salah satu dari {', '.join(KINDS)}"))
    for ident, names in accepted(snapshot(store), kind, lang):
        print(f"{ident}\t{names}")
    return 0


def _run_entitlements(args) -> int:
    from ..answers.finder import entitlements as find
    from ..answers.finder import parse_day
    from ..render.brief import render

    try:
        if args.values is None:
            if args.profile:
                profile = parse_profile(_read_profile_file(args.profile))
            else:
                profile = profile_from_args(args)
        as_of = parse_day(args.as_of, "--as-of")
    except ProfileError as exc:
        return _err(exc, str(args.profile) if args.profile and exc.field != "--profile" else None)
    from ..store.store import StoreError

    if args.endpoint:
        store = store_from_args(args)
        if store is None:
            return 1
    else:
        # the built graph's snapshot comes from the per-user cache when it is there (no store to load)
        from ..answers.snapshot import DistSource

        store = DistSource(getattr(args, "dist", None))
    try:
        if args.values is not None:
            return _list_values(store, args.values, args.lang)
        answer = find(profile, as_of, args.region, store=store,
                      with_gaps=False if args.no_gaps else True if args.gaps else "cached")
    except ProfileError as exc:
        return _err(exc, str(args.profile) if args.profile else None)
    except StoreError as exc:
        print(f"kg: {exc}", file=sys.stderr)
        return 1
    print(render(answer, args.format, args.lang))
    return 0


#: the sub-commands of this module (kg.cli builds its table from these and kg.cli.commands.MODULES)
COMMANDS = (
    Command("entitlements", "what a victim with a given profile is (and is not) entitled to, as of a date",
            _cfg_entitlements, _run_entitlements),
)
