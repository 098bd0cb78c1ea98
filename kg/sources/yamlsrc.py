"""Read YAML source records keeping the line of every mapping and key, for errors people can act on."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 5 * 1024 * 1024


class SourceError(Exception):
    """One problem in a source record, located as ``file:line: field: message``."""

    def __init__(self, file: str, line: int, field: str, message: str):
        self.file, self.line, self.field, self.message = file, line, field, message
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


class LDict(dict):
    """A dict that remembers the line of itself (``line``) and of each key (``key_lines``)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list):
    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Loader(yaml.SafeLoader):
    pass


_PLAIN_TAGS = (yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG)


def _refuse_cut_text(node: yaml.Node, file: str, field: str) -> None:
    """Refuse a plain (unquoted) text value followed by a comment on its last line.

    In YAML, " #" inside a plain value starts a comment, so ``note: see Table #3 of the source`` silently keeps
    "see Table". Nothing may be lost between a source file and the user: such a value must be quoted (or the
    comment moved to a line of its own)."""
    if not isinstance(node, yaml.ScalarNode) or node.style is not None or not node.tag.endswith(":str"):
        return
    mark = node.end_mark
    buffer = getattr(mark, "buffer", None)
    if not buffer:
        return
    rest = buffer[mark.pointer:].split("\n", 1)[0]
    stripped = rest.lstrip(" \t")
    if stripped.startswith("#") and stripped != rest:
        cut = stripped.rstrip("\x00").strip()
        raise SourceError(
            file, mark.line + 1, field,
            f"text ends at ' #': YAML reads {cut!r} as a comment and drops it — quote the value "
            f"(\"...\") or put the comment on its own line / teks terpotong di ' #': YAML menganggap "
            f"sisanya komentar — beri tanda kutip pada nilainya")


def _convert(loader: _Loader, node: yaml.Node, file: str, seen: set[int] | None = None) -> Any:
    if seen is None:
        seen = set()
    if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
        # an alias (*name) shares its node: refusing reuse stops self-referencing and exponentially expanding files
        if id(node) in seen:
            raise SourceError(file, node.start_mark.line + 1, "(yaml)",
                              "anchors and aliases (&name, *name) are not allowed in source records")
        seen.add(id(node))
        if node.tag not in _PLAIN_TAGS:
            raise SourceError(file, node.start_mark.line + 1, "(yaml)",
                              f"the tag '{node.tag}' is not allowed in source records")
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for knode, vnode in node.value:
            key = _convert(loader, knode, file, seen)
            if not isinstance(key, str):
                raise SourceError(file, knode.start_mark.line + 1, str(key), "keys must be text")
            if key in out:
                raise SourceError(file, knode.start_mark.line + 1, key, "duplicate key in the same mapping")
            _refuse_cut_text(vnode, file, key)
            out[key] = _convert(loader, vnode, file, seen)
            out.key_lines[key] = knode.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _refuse_cut_text(v, file, f"[{i}]")
        seq = LList(_convert(loader, v, file, seen) for v in node.value)
        seq.line = node.start_mark.line + 1
        seq.item_lines = [v.start_mark.line + 1 for v in node.value]
        return seq
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError) as exc:
        if node.tag.endswith(":timestamp"):
            return node.value  # e.g. 2007-02-30: left as text for the date field to refuse by name
        raise SourceError(file, node.start_mark.line + 1, "(yaml)", f"cannot read {node.value!r}: {exc}") from None


def load_yaml(path: Path, display: str | None = None) -> Any:
    """Parse one YAML file into LDict/LList/scalars; raise SourceError naming the file and line."""
    name = display or str(path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise SourceError(name, 1, "(file)", f"file is {size} bytes, over the {MAX_FILE_BYTES}-byte limit")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SourceError(name, line, "(file)", f"not valid UTF-8 (byte 0x{raw[exc.start]:02x})") from None
    if not text.strip():
        raise SourceError(name, 1, "(file)", "file is empty")
    loader = None
    try:
        loader = _Loader(text)  # the reader already refuses some characters (e.g. NUL)
        node = loader.get_single_node()
        if node is None:
            raise SourceError(name, 1, "(file)", "file holds no YAML document")
        return _convert(loader, node, name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise SourceError(name, line, "(yaml)", f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "position", None)
        line = text[:mark].count("\n") + 1 if isinstance(mark, int) else 1
        raise SourceError(name, line, "(yaml)", f"invalid YAML: {str(exc).splitlines()[0]}") from None
    except RecursionError:
        raise SourceError(name, 1, "(yaml)", "nested too deeply to read") from None
    finally:
        if loader is not None:
            loader.dispose()
