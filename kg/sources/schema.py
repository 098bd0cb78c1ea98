"""Record schemas: each field knows how to check a value and report ``file:line: field: problem``.

A record type (see :mod:`kg.records`) declares its fields with these classes. Validation never stops at
the first problem: every error in every file is collected and reported together.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from .yamlsrc import LDict, LList

MAX_QUOTE_WORDS = 25
LANGS = ("id", "en")
SLUG = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$")
ID_PATH = re.compile(r"^[a-z0-9]+(?:[-.][a-z0-9]+)*(?:/[a-z0-9]+(?:[-.][a-z0-9]+)*)*$")


@dataclass
class PendingRef:
    file: str
    line: int
    field: str
    target: str
    kinds: tuple[str, ...]


@dataclass
class Ctx:
    """Where we are while checking one record, and what we collect."""

    file: str
    errors: list
    refs: list[PendingRef]

    def error(self, line: int, fld: str, msg: str) -> None:
        from .yamlsrc import SourceError

        self.errors.append(SourceError(self.file, line, fld, msg))


class Field:
    required: bool = False

    def check(self, value: Any, ctx: Ctx, line: int, name: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def describe(self) -> str:
        return type(self).__name__.lower()


class Str(Field):
    def __init__(self, required=False, pattern: re.Pattern | None = None, max_words: int | None = None,
                 hint: str = ""):
        self.required, self.pattern, self.max_words, self.hint = required, pattern, max_words, hint

    def check(self, value, ctx, line, name):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            ctx.error(line, name, f"expected non-empty text, got {_show(value)}")
            return None
        value = value.strip()
        if self.pattern and not self.pattern.match(value):
            ctx.error(line, name, f"{value!r} does not match the expected form {self.hint or self.pattern.pattern}")
            return None
        if self.max_words and len(value.split()) > self.max_words:
            ctx.error(line, name, f"quote has {len(value.split())} words, over the limit of {self.max_words}")
            return None
        return value


class Int(Field):
    def __init__(self, required=False, minimum: int | None = None):
        self.required, self.minimum = required, minimum

    def check(self, value, ctx, line, name):
        if isinstance(value, bool) or not isinstance(value, int):
            ctx.error(line, name, f"expected a whole number, got {_show(value)}")
            return None
        if self.minimum is not None and value < self.minimum:
            ctx.error(line, name, f"{value} is below the minimum {self.minimum}")
            return None
        return value


class Number(Field):
    def __init__(self, required=False):
        self.required = required

    def check(self, value, ctx, line, name):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            ctx.error(line, name, f"expected a number, got {_show(value)}")
            return None
        return value


class Bool(Field):
    def __init__(self, required=False):
        self.required = required

    def check(self, value, ctx, line, name):
        if not isinstance(value, bool):
            ctx.error(line, name, f"expected true or false, got {_show(value)}")
            return None
        return value


class Date(Field):
    """A calendar date written YYYY-MM-DD (a bare year is refused: say what you know, precisely)."""

    def __init__(self, required=False):
        self.required = required

    def check(self, value, ctx, line, name):
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        ctx.error(line, name, f"expected a date written YYYY-MM-DD, got {_show(value)}")
        return None


class Enum(Field):
    def __init__(self, choices: tuple[str, ...], required=False):
        self.choices, self.required = choices, required

    def check(self, value, ctx, line, name):
        if value not in self.choices:
            ctx.error(line, name, f"{_show(value)} is not one of: {', '.join(self.choices)}")
            return None
        return value


class Lang(Field):
    """Text in Indonesian and English: ``{id: ..., en: ...}``; both required unless ``partial``."""

    def __init__(self, required=False, partial=False, max_words: int | None = None):
        self.required, self.partial, self.max_words = required, partial, max_words

    def check(self, value, ctx, line, name):
        if not isinstance(value, dict):
            ctx.error(line, name, f"expected a mapping with 'id' and 'en' text, got {_show(value)}")
            return None
        out = {}
        for key, text in value.items():
            kline = value.line_of(key) if isinstance(value, LDict) else line
            if key not in LANGS:
                ctx.error(kline, f"{name}.{key}", f"unknown language; use {' or '.join(LANGS)}")
                continue
            checked = Str(max_words=self.max_words).check(text, ctx, kline, f"{name}.{key}")
            if checked is not None:
                out[key] = checked
        missing = [lang for lang in LANGS if lang not in value]
        if missing and not self.partial:
            ctx.error(line, name, f"missing language(s): {', '.join(missing)}")
        return out or None


class Ref(Field):
    """A reference to another record by its id (checked after every file is read)."""

    def __init__(self, *kinds: str, required=False, prefix: str = ""):
        self.kinds, self.required, self.prefix = kinds, required, prefix

    def check(self, value, ctx, line, name):
        if not isinstance(value, str) or not ID_PATH.match(value.strip()):
            ctx.error(line, name, f"expected a record id (lower-case path), got {_show(value)}")
            return None
        target = value.strip()
        if self.prefix and not target.startswith(self.prefix):
            target = self.prefix + target
        ctx.refs.append(PendingRef(ctx.file, line, name, target, self.kinds))
        return target

    def describe(self):
        return "id of " + " or ".join(self.kinds)


class Concept(Ref):
    """A SKOS concept of one scheme, written by its short id (``medical-rehabilitation``)."""

    def __init__(self, scheme: str, required=False):
        super().__init__("concept", required=required, prefix=f"vocab/{scheme}/")
        self.scheme = scheme

    def describe(self):
        return f"concept of the '{self.scheme}' scheme"


class List(Field):
    def __init__(self, item: Field, required=False, min_items: int = 0):
        self.item, self.required, self.min_items = item, required, min_items

    def check(self, value, ctx, line, name):
        if not isinstance(value, list):
            value = [value]  # a single value where a list is allowed
            if isinstance(value[0], (dict, list)) or value[0] is None:
                ctx.error(line, name, f"expected a list, got {_show(value[0])}")
                return None
        if len(value) < self.min_items:
            ctx.error(line, name, f"needs at least {self.min_items} item(s)")
        out = []
        for i, item in enumerate(value):
            iline = value.line_of(i) if isinstance(value, LList) else line
            checked = self.item.check(item, ctx, iline, f"{name}[{i}]")
            if checked is not None:
                out.append(checked)
        return out


class Map(Field):
    """A mapping with known fields; unknown fields are errors (typos must not pass silently)."""

    def __init__(self, fields: dict[str, Field], required=False, check: Callable | None = None):
        self.fields, self.required, self.extra_check = fields, required, check

    def check(self, value, ctx, line, name):
        if not isinstance(value, dict):
            ctx.error(line, name or "(record)", f"expected a mapping of fields, got {_show(value)}")
            return None
        out: dict[str, Any] = {}
        prefix = f"{name}." if name else ""
        for key, raw in value.items():
            kline = value.line_of(key) if isinstance(value, LDict) else line
            spec = self.fields.get(key)
            if spec is None:
                close = _closest(key, self.fields)
                ctx.error(kline, prefix + key, "unknown field" + (f" (did you mean '{close}'?)" if close else
                                                                  f"; allowed: {', '.join(self.fields)}"))
                continue
            if raw is None:
                if spec.required:
                    ctx.error(kline, prefix + key, "required field is empty")
                continue
            checked = spec.check(raw, ctx, kline, prefix + key)
            if checked is not None:
                out[key] = checked
        for key, spec in self.fields.items():
            if spec.required and key not in value:
                ctx.error(line, prefix + key, "required field is missing")
        if self.extra_check:
            self.extra_check(out, ctx, line, name)
        return out


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _closest(key: str, options) -> str | None:
    import difflib

    match = difflib.get_close_matches(key, list(options), n=1, cutoff=0.75)
    return match[0] if match else None


# --- shared field shapes -------------------------------------------------------------------------------

def _citation_check(out, ctx, line, name):
    if "quote" in out and "quote_lang" not in out:
        ctx.error(line, f"{name}.quote_lang", "a quote needs its language (id or en)")


#: A pinpointed citation: document (bibliography id), pinpoint, optional quote of 25 words or fewer.
CITATION = Map(
    {
        "doc": Ref("document", required=True, prefix="source/"),
        "at": Str(required=True),
        "quote": Str(max_words=MAX_QUOTE_WORDS),
        "quote_lang": Enum(LANGS),
        "url": Str(pattern=re.compile(r"^https?://\S+$"), hint="an http(s) address"),
        "note": Str(),
    },
    check=_citation_check,
)

SOURCES = {"source": CITATION, "sources": List(CITATION, min_items=1)}


@dataclass
class Record:
    kind: str
    id: str
    data: dict
    file: str
    line: int
    parent: "Record | None" = None
    extra: dict = field(default_factory=dict)

    def citations(self) -> list[dict]:
        out = []
        if "source" in self.data:
            out.append(self.data["source"])
        out.extend(self.data.get("sources", []))
        return out
