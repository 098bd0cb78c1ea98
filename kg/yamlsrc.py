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


def _convert(loader: _Loader, node: yaml.Node, file: str) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = LDict()
        out.line = node.start_mark.line + 1
        out.key_lines = {}
        for knode, vnode in node.value:
            key = _convert(loader, knode, file)
            if not isinstance(key, str):
                raise SourceError(file, knode.start_mark.line + 1, str(key), "keys must be text")
            if key in out:
                raise SourceError(file, knode.start_mark.line + 1, key, "duplicate key in the same mapping")
            out[key] = _convert(loader, vnode, file)
            out.key_lines[key] = knode.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LList(_convert(loader, v, file) for v in node.value)
        seq.line = node.start_mark.line + 1
        seq.item_lines = [v.start_mark.line + 1 for v in node.value]
        return seq
    return loader.construct_object(node, deep=True)


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
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise SourceError(name, 1, "(file)", "file holds no YAML document")
        return _convert(loader, node, name)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise SourceError(name, line, "(yaml)", f"invalid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise SourceError(name, 1, "(yaml)", f"invalid YAML: {exc}") from None
    finally:
        loader.dispose()
