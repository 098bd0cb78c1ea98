"""Property tests of the two parsers that take free user input: the citation parser (:mod:`kg.answers.citations`) and
the victim-profile parser (:mod:`kg.answers.profile`). Any input either parses or raises the parser's own error
(``CitationError`` / ``ProfileError``) — never another exception, and never a hang (bounded examples, deadline)."""
from __future__ import annotations

import argparse
import string

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from kg.answers.citations import CitationError, ParsedCitation, Resolved, parse, resolve  # noqa: E402
from kg.cli.commands_entitlements import add_profile_arguments, profile_from_args  # noqa: E402
from kg.answers.profile import BOOL_FIELDS, Profile, ProfileError, parse_profile  # noqa: E402
from kg.store.store import open_store  # noqa: E402
from test_store import fixture_dist  # noqa: E402,F401  (shared session fixture)

FAST = settings(max_examples=300, deadline=1000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                      HealthCheck.too_slow],
                derandomize=True)

INJECTION = ['"} ; DROP ALL ; #', "<script>alert(1)</script>", "'; DROP TABLE x; --", "} UNION { ?s ?p ?o",
             "\\u0000", "\x00", "${jndi:ldap://x}", "../../etc/passwd", "%00", "\u202e", "\ufeff", "\\",
             '" . <urn:x> <urn:y> "z', "SERVICE <http://example.org/sparql>", "?s ?p ?o", "#", "\n\r\t"]
FRAGMENTS = ["UU", "uu", "Undang-Undang", "Law", "PP", "Perpres", "Keppres", "Permensos", "Perda", "Pergub",
             "Peraturan Menteri Sosial", "No.", "Nomor", "number", "Tahun", "of", "/", ",", "Pasal", "Article",
             "Art.", "ayat", "ayat (1)", "(2)", "huruf a", "angka 3", "Bab II", "Penjelasan", "Elucidation",
             "Law 21/2007", "Article 51(2)", "UU No. 21 Tahun 2007", "Pasal 51 ayat (1)", "PP 9/2008",
             "21", "2007", "1945", "0", "99999999999999999999", "2100", "1899", "51a", "iv", "-", ".", "(", ")",
             "Lampiran", "paragraph 2", "Perppu 1/2016"]

fragment = st.sampled_from(FRAGMENTS)
noise = st.text(alphabet=string.printable + "äéñ\u00a0\u3000\u200b", max_size=12)
injection = st.sampled_from(INJECTION)
citation_text = st.one_of(
    st.text(max_size=80),
    st.lists(st.one_of(fragment, fragment, fragment, noise, injection), max_size=12).map(" ".join),
    st.lists(st.one_of(fragment, noise, injection), max_size=12).map("".join),
)


@given(citation_text)
@FAST
def test_citation_parse_either_parses_or_raises_citation_error(text):
    try:
        parsed = parse(text)
    except CitationError as exc:
        assert str(exc)
        return
    assert isinstance(parsed, ParsedCitation)
    assert parsed.year and parsed.number and parsed.type


@pytest.fixture(scope="module")
def store(fixture_dist):  # noqa: F811
    return open_store(fixture_dist)


@given(citation_text)
@FAST
def test_citation_resolve_either_resolves_or_raises_citation_error(store, text):
    try:
        res = resolve(text, store)
    except CitationError as exc:
        assert str(exc)
        return
    assert isinstance(res, Resolved) and res.iri.startswith("https://w3id.org/jaring/id/")


@pytest.mark.parametrize("text", ["UU No. 21 Tahun 2007 Pasal 51 ayat (1)", "Law 21/2007, Article 51(2)",
                                  "UU 21/2007 " + INJECTION[0], "<script>Law 21/2007</script>"])
def test_real_citations_with_noise_still_parse(text):
    assert parse(text).instrument_id == "uu/2007/21"


@pytest.mark.parametrize("text", INJECTION + ["UU No. 21 Tahun 2007 Pasal 51 ayat (1)" + s for s in INJECTION])
def test_injection_strings_never_escape(store, text):
    try:
        res = resolve(text, store)
    except CitationError:
        return
    # a resolved citation is an IRI of the graph, never the injected text
    assert all(ch not in res.iri for ch in '"<> {};')


# --- profiles ------------------------------------------------------------------------------------------------

FIELD_NAMES = [f for f in Profile.__dataclass_fields__] + ["age", "unknown_field", "Sex", ""]
scalar = st.one_of(st.none(), st.booleans(), st.integers(min_value=-10**20, max_value=10**20),
                   st.floats(allow_nan=True), st.text(max_size=20), injection,
                   st.sampled_from(["female", "male", "f", "m", "perempuan", "child", "adult", "anak", "dewasa",
                                    "indonesian", "foreign", "region/idn", "region/mys", "wni", "yes", "no", "ya",
                                    "tidak", "labour", "sexual", "fishing", "region/jawa-barat", "17", "18",
                                    "-1", "131", "unknown", "?"]))
value = st.one_of(scalar, st.lists(scalar, max_size=4), st.dictionaries(st.text(max_size=5), scalar, max_size=2))
profile_dict = st.dictionaries(st.sampled_from(FIELD_NAMES), value, max_size=8)
vocab = st.one_of(st.none(), st.dictionaries(st.sampled_from(["groups", "sectors", "exploitation-forms"]),
                                             st.sets(st.sampled_from(["labour", "sexual", "fishing", "child"]),
                                                     max_size=3), max_size=3))


# Inputs on which kg.answers.profile.parse_profile once raised another exception than ProfileError (found by these
# tests): ``groups`` given as a single number or boolean (TypeError) and ``age`` as an infinite float
# (OverflowError). Regression test: each is now refused with ProfileError.
KNOWN_DEFECTS = [({"groups": True}, TypeError), ({"groups": 5}, TypeError), ({"groups": 1.5}, TypeError),
                 ({"age": float("inf")}, OverflowError), ({"age": float("-inf")}, OverflowError)]


def test_known_defect_list_is_not_empty():
    assert KNOWN_DEFECTS


@pytest.mark.parametrize("data,exc", KNOWN_DEFECTS, ids=[repr(d) for d, _ in KNOWN_DEFECTS])
def test_profile_parser_refuses_wrong_types_with_profile_error(data, exc):
    with pytest.raises(ProfileError):
        parse_profile(data)


@given(profile_dict, vocab)
@FAST
def test_profile_either_parses_or_raises_profile_error(data, voc):
    try:
        p = parse_profile(data, vocab=voc)
    except ProfileError as exc:
        assert str(exc)
        return
    assert isinstance(p, Profile)
    assert p.sex in (None, "female", "male") and p.age_group in (None, "child", "adult")
    assert isinstance(p.to_dict(), dict)
    assert isinstance(p.describe("en"), str) and isinstance(p.describe("id"), str)


FLAGS = ["--sex", "--age", "--nationality", "--form", "--abroad", "--sector", "--province", "--regency",
         "--group"] + ["--" + b.replace("_", "-") for b in BOOL_FIELDS if b != "victim"]


@given(st.lists(st.tuples(st.sampled_from(FLAGS), st.one_of(st.text(max_size=15), injection,
                                                             st.sampled_from(["male", "yes", "no", "17", "adult",
                                                                              "region/mys", "-5", "x y"]))),
                max_size=6))
@FAST
def test_profile_flags_either_parse_or_raise_profile_error(pairs):
    parser = argparse.ArgumentParser(exit_on_error=False)
    add_profile_arguments(parser)
    argv = [f"{flag}={val}" for flag, val in pairs]
    try:
        args = parser.parse_args(argv)
    except (argparse.ArgumentError, SystemExit):
        return  # refused by argparse itself (e.g. --sex with a value that is not a choice)
    try:
        p = profile_from_args(args)
    except ProfileError as exc:
        assert str(exc)
        return
    assert isinstance(p, Profile)
