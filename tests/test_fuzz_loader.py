"""Property tests: whatever bytes or structure a source file holds, the loader either reads it or reports
SourceError / SourcesInvalid, never another exception and never a hang."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kg.records import load as kgload  # noqa: E402
from kg.records.load import SourcesInvalid, load_sources  # noqa: E402
from kg.records import REGISTRY  # noqa: E402
from kg.sources.schema import Ctx  # noqa: E402
from kg.sources.yamlsrc import SourceError, load_yaml  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FAST = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])
SLOW = settings(max_examples=40, deadline=5000, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])

# pieces of YAML syntax, so generated text often gets past the tokenizer into the interesting parts
FRAGMENTS = ["- ", "  ", "\n", ": ", "id", "en", "kind", "source", "doc", "at", "{", "}", "[", "]", ", ", "'",
             '"', "&a ", "*a", "!!str ", "!!python/object ", "<<: ", "? ", "---\n", "...\n", "#", "|\n", ">\n",
             "2007-04-19", "2007-02-30", "1e400", "0x1F", "~", "null", "yes", "\t", "\\", "é", "\x00", "\ufeff",
             "uu/2007/21", "org/kemensos", "nexus-going-home", "pasal/51/ayat/1"]
KINDS = sorted(k for k, rt in REGISTRY.items() if rt.folder)
FIELD_NAMES = sorted({name for rt in REGISTRY.values() for name in rt.fields}
                     | {"id", "en", "doc", "at", "quote", "quote_lang", "member", "role", "basis", "value",
                        "enacted", "in_force", "ended", "days", "from", "until", "to", "date", "status"})

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-10**6, max_value=10**6),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=30),
    st.sampled_from(["uu/2007/21", "uu/2007/21/pasal/51/ayat/1", "org/kemensos", "region/idn", "national",
                     "ministry", "medical-rehabilitation", "trafficking-victims", "nexus-going-home", "pasal/51",
                     "pasal/x/ayat", "permen", "uu", "en", "id", "§4.1", "gap", "persons"]),
    st.dates(min_value=dt.date(1800, 1, 1), max_value=dt.date(2100, 1, 1)),
)
structures = st.recursive(
    scalars,
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=6)),
    max_leaves=25,
)
records = st.lists(st.dictionaries(st.sampled_from(FIELD_NAMES), structures, max_size=10), max_size=4)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_load_or_raise_source_error(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("b") / "x.yaml"
    path.write_bytes(data)
    try:
        load_yaml(path, "x.yaml")
    except SourceError as exc:
        assert exc.file == "x.yaml" and exc.line >= 1


@FAST
@given(st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=5), max_size=60))
def test_yamlish_text_loads_or_raises_source_error(tmp_path_factory, parts):
    path = tmp_path_factory.mktemp("t") / "x.yaml"
    path.write_bytes("".join(parts).encode("utf-8", "replace"))
    try:
        load_yaml(path, "x.yaml")
    except SourceError as exc:
        assert exc.line >= 1


@FAST
@given(st.sampled_from(KINDS), records)
def test_any_structure_is_checked_without_crashing(kind, items):
    """Schema check, id making and expansion of any record-shaped data collect errors and never raise."""
    rt = REGISTRY[kind]
    errors: list = []
    refs: list = []
    out = kgload.Loaded(Path("sources"))
    doc = items[0] if rt.file_form == "one" and items else items
    kgload._load_file(rt, doc, f"sources/{rt.folder}/x.yaml", out, errors, refs)
    kgload._resolve(out, refs, errors)
    kgload._check_cycles(out, errors)
    assert all(isinstance(e, SourceError) for e in errors)


@pytest.fixture(scope="module")
def base_tree(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz") / "sources"
    shutil.copytree(ROOT / "sources" / "vocab", root / "vocab")
    (root / "bibliography").mkdir()
    shutil.copy(ROOT / "sources" / "bibliography" / "seeds.yaml", root / "bibliography" / "seeds.yaml")
    return root


@SLOW
@given(st.sampled_from([k for k in KINDS if REGISTRY[k].file_form == "list"]), records)
def test_any_record_file_in_a_real_tree_loads_or_raises_sources_invalid(base_tree, kind, items):
    path = base_tree / REGISTRY[kind].folder / "fuzz.yaml"
    path.parent.mkdir(exist_ok=True)
    path.write_text(yaml.safe_dump(items, allow_unicode=True), encoding="utf-8")
    try:
        load_sources(base_tree)
    except SourcesInvalid as exc:
        assert exc.errors and all(isinstance(e, SourceError) for e in exc.errors)
        assert all(str(e).split(":", 1)[0] for e in exc.errors)
    finally:
        path.unlink()


def test_schema_errors_never_escape_as_other_exceptions_for_odd_values():
    """A few values hypothesis rarely reaches: huge ints, deep lists, non-string keys after a typo."""
    ctx = Ctx("x.yaml", [], [])
    for rt in REGISTRY.values():
        schema = rt.schema()
        for value in (10**400, [[[[[]]]]], {"id": float("nan")}, {"id": {"id": "x"}}, "text", 3.5):
            schema.check(value, ctx, 1, "")
    assert all(isinstance(e, SourceError) for e in ctx.errors)
