"""The browser timings table (``kg bench browser``) goes into docs/benchmarks.md between markers, replaces an
earlier one, and survives ``kg bench report`` rewriting the rest of the file."""
from __future__ import annotations

from kg.ops import bench_browser as bb


def _res(content: float, finished: float) -> dict:
    page = {"first_visit": {"content_s": 3.0, "finished_s": 4.0}, "content_s": content, "finished_s": finished,
            "meets_budget": content < bb.CONTENT_BUDGET_S and finished < bb.FINISH_BUDGET_S, "visits": []}
    return {"runs": 3, "lang": "en", "window": "1280x900", "pages": {"gaps": page}, "date": "2026-12-05",
            "cores": 2, "load_average_at_start": [1, 1, 1], "load_average_at_end": [1, 1, 1]}


def test_table_is_written_once_and_replaced(tmp_path):
    (tmp_path / "benchmarks.md").write_text("# Benchmarks\n\nearlier text\n", encoding="utf-8")
    bb.write_docs(_res(9.5, 12.0), tmp_path)
    bb.write_docs(_res(1.2, 2.5), tmp_path)
    text = (tmp_path / "benchmarks.md").read_text("utf-8")
    assert text.count(bb.BEGIN) == 1 and "earlier text" in text
    assert "| gaps | 1.20 | 2.50 | 3.00 / 4.00 | yes |" in text and "9.50" not in text
    assert "in-process" in text  # says which figure is which


def test_a_page_over_budget_is_marked():
    assert "| gaps | 2.40 | 2.50 | 3.00 / 4.00 | **no** |" in bb.render_md(_res(2.4, 2.5))


def test_bench_report_keeps_the_browser_table(tmp_path):
    from kg.ops.bench import _browser_block

    bb.write_docs(_res(1.2, 2.5), tmp_path)
    block = _browser_block(tmp_path)
    assert block.strip().startswith(bb.BEGIN) and block.strip().endswith(bb.END)
