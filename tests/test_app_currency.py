"""The Law page shows how current the law is: 'law checked up to DATE', each instrument's last status check,
a 'changes not yet applied' banner for known changes not encoded, and a warning for a date after the last check."""
from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from app_support import serve_dist_to_app  # noqa: E402

APP = str(Path(__file__).resolve().parent.parent / "app.py")


@pytest.fixture(scope="module", autouse=True)
def test_dist(tmp_path_factory):
    yield from serve_dist_to_app(tmp_path_factory, "appcur")


def open_law(lang: str, instrument: str, day: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update({"page": "law", "lang": lang, "date": day, "instrument": instrument})
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_law_page_says_up_to_when_the_law_was_checked_and_shows_the_instrument_check():
    at = open_law("en", "uu/2004/39", "2024-01-01")
    captions = [c.value for c in at.caption]
    assert any(c.startswith("Law checked up to 20") for c in captions), captions
    assert "Status last checked on 2026-12-05: revoked or repealed." in captions
    assert any("Changed or revoked by: Law 18/2017, Article 89" in c for c in captions), captions
    assert not [w.value for w in at.warning if "after the last check" in w.value]


def test_changes_not_encoded_get_a_banner_in_both_languages():
    at = open_law("en", "uu/2011/12", "2024-01-01")
    warnings = [w.value for w in at.warning]
    assert any(w.startswith("Changes not yet applied: this instrument has been changed by Law 15/2019")
               for w in warnings), warnings
    at = open_law("id", "uu/2011/12", "2024-01-01")
    assert any(w.value.startswith("Perubahan belum dimasukkan: instrumen ini telah diubah oleh UU 15/2019")
               for w in at.warning)


def test_a_date_after_the_last_check_is_warned_about():
    at = open_law("en", "uu/2007/21", "2030-01-01")
    assert any(w.value.startswith("The chosen date (2030-01-01) is after the last check of this instrument's status "
                                  "(2023-01-30)") for w in at.warning), [w.value for w in at.warning]
    captions = [c.value for c in at.caption]
    assert "The sources checked show changes only up to 2023-01-30." in captions
