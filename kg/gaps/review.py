"""The reviewed register (``tests/gold/gaps.yaml``): gaps and non-gaps expected on the real data, each with the
reviewer's verdict, reason and source. The report shows a high gap only once it is reviewed, leaves out the
ones reviewed as wrong, and states the precision (reviewed correct / reported). ``tests/test_gold_gaps.py``
fails on any difference between the register and the engine's output."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import ROOT

GOLD_PATH = ROOT / "tests" / "gold" / "gaps.yaml"


@dataclass
class Review:
    entries: list = field(default_factory=list)
    reviewed_on: str = ""

    def by_key(self) -> dict:
        return {(e["kind"], e["focus"], e.get("value") or ""): e for e in self.entries}

    def verdicts(self, gaps) -> dict:
        """(kind, focus, value) of each reported gap that is in the register → its entry."""
        from .report import _key

        table = self.by_key()
        return {_key(g): table[_key(g)] for g in gaps if _key(g) in table and table[_key(g)].get("expect") == "gap"}

    def precision(self, gaps) -> tuple[int, int]:
        """(reviewed correct, reported) over the high gaps of the default report (documented or derived)."""
        from .grading import SHOWN

        reported = [g for g in gaps if g.severity == "high" and g.basis in SHOWN]
        v = self.verdicts(reported)
        from .report import _key

        correct = sum(1 for g in reported if v.get(_key(g), {}).get("verdict") == "correct")
        return correct, len(reported)

    def precision_lines(self, gaps) -> list[str]:
        correct, reported = self.precision(gaps)
        share = f"{100 * correct / reported:.0f} %" if reported else "n/a"
        return [f"Precision of the high gaps (reviewed correct / reported, register `tests/gold/gaps.yaml` of "
                f"{self.reviewed_on}): **{correct} / {reported} = {share}**. / Presisi celah tinggi (benar menurut "
                f"tinjauan / dilaporkan): **{correct} / {reported}**."]


def load_review(path: Path = GOLD_PATH) -> Review | None:
    """The reviewed register, or None when the file is absent (a checkout without tests)."""
    import yaml

    path = Path(path)
    if not path.exists():
        return None
    data = yaml.safe_load(path.read_text("utf-8")) or {}
    return Review(entries=list(data.get("gaps", [])), reviewed_on=str(data.get("reviewed_on", "")))
