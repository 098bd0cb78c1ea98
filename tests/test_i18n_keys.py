"""Every interface string is declared once: a key written twice in kg/i18n.py's table silently replaces the first
(the printed brief once showed "also: {what}" for "Also entitled")."""
from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_no_interface_string_key_is_declared_twice():
    tree = ast.parse((ROOT / "kg" / "i18n.py").read_text("utf-8"))
    dicts = [n for n in ast.walk(tree) if isinstance(n, ast.Dict) and len(n.keys) > 50]
    assert dicts, "the string table was not found"
    keys = Counter(k.value for d in dicts for k in d.keys if isinstance(k, ast.Constant))
    twice = sorted(k for k, n in keys.items() if n > 1)
    assert not twice, twice
