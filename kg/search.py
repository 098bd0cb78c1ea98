"""Full-text search over labels, titles, summaries and statements, in Indonesian and English.

pyoxigraph has no full-text index, so a small in-memory inverted index is built once per store (a few
thousand texts) and kept. Matching ignores case and accents; every word of the query must occur (the last
word may be a prefix, so results come while typing). Label matches rank above matches in longer texts, and
an exact phrase ranks above scattered words. A query that is a legal citation ("UU 21/2007 Pasal 1") is
better served by :func:`kg.citations.resolve`; :func:`search` tries it first and puts the cited resource on top.
"""
from __future__ import annotations

import re
import threading
import unicodedata
import weakref
from collections import defaultdict
from dataclasses import asdict, dataclass

from .namespaces import PREFIXES

FIELDS = {  # property → (weight, is a label)
    PREFIXES["rdfs"] + "label": (5.0, True),
    PREFIXES["skos"] + "prefLabel": (5.0, True),
    PREFIXES["skos"] + "altLabel": (4.0, True),
    "http://data.europa.eu/eli/ontology#title": (3.0, False),
    PREFIXES["dcterms"] + "title": (3.0, False),
    PREFIXES["dcterms"] + "alternative": (3.0, False),
    PREFIXES["jar"] + "definesTerm": (3.0, False),
    PREFIXES["skos"] + "scopeNote": (1.5, False),
    PREFIXES["skos"] + "definition": (1.5, False),
    PREFIXES["jar"] + "statement": (1.5, False),
    PREFIXES["jar"] + "wording": (1.5, False),
    PREFIXES["dcterms"] + "description": (1.0, False),
    PREFIXES["jar"] + "quote": (1.0, False),
}

Q_TEXTS = "SELECT ?s ?p ?o (LANG(?o) AS ?lang) WHERE { VALUES ?p { " + " ".join(f"<{p}>" for p in FIELDS) + \
          " } ?s ?p ?o FILTER(ISLITERAL(?o)) }"
Q_TYPES = "SELECT ?s ?t WHERE { ?s a ?t FILTER(STRSTARTS(STR(?t), STR(jar:)) || ?t = skos:Concept || " \
          "?t = qb:Observation) }"
_WORD = re.compile(r"[0-9a-z]+")


def fold(text: str) -> str:
    """Lower case without accents (``Pemulihan`` = ``pemulihan``, ``é`` = ``e``)."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


@dataclass
class Hit:
    iri: str
    id: str
    label: dict
    type: str
    snippet: str
    lang: str
    score: float

    def to_dict(self) -> dict:
        return asdict(self)

    # dict-like access, so callers can treat a hit as a mapping
    def get(self, key, default=None):
        return getattr(self, key, default)

    def __getitem__(self, key):
        return getattr(self, key)

    def keys(self):
        return self.__dataclass_fields__.keys()


class Index:
    def __init__(self, store):
        from .store import short_id

        self.docs: list[tuple[str, str, str, float, bool]] = []  # (subject, text, lang, weight, is_label)
        self.postings: dict[str, set[int]] = defaultdict(set)
        self.labels: dict[str, dict[str, str]] = defaultdict(dict)
        self.types: dict[str, str] = {}
        for r in store.select(Q_TEXTS):
            weight, is_label = FIELDS[r["p"]]
            text = str(r["o"])
            i = len(self.docs)
            self.docs.append((r["s"], text, r["lang"] or "", weight, is_label))
            for w in set(words(text)):
                self.postings[w].add(i)
            if r["p"] == PREFIXES["rdfs"] + "label":
                self.labels[r["s"]].setdefault(r["lang"] or "", text)
        for r in store.select(Q_TYPES):
            t = r["t"]
            short = t.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            if r["s"] not in self.types or short not in ("Concept", "Entity"):
                self.types[r["s"]] = short
        self.vocab = sorted(self.postings)
        self.short_id = short_id

    def _docs_for(self, word: str, prefix: bool) -> set[int]:
        if not prefix:
            return set(self.postings.get(word, ()))
        out: set[int] = set()
        import bisect

        i = bisect.bisect_left(self.vocab, word)
        while i < len(self.vocab) and self.vocab[i].startswith(word):
            out |= self.postings[self.vocab[i]]
            i += 1
        return out

    def search(self, query: str, limit: int = 20, lang: str | None = None, types: set[str] | None = None) -> list[Hit]:
        qwords = words(query)
        if not qwords:
            return []
        # every word must occur in the subject's texts (the last one as a prefix)
        per_subject: dict[str, float] = defaultdict(float)
        best: dict[str, tuple[float, int]] = {}
        subjects_for_word: list[set[str]] = []
        doc_sets = []
        for k, w in enumerate(qwords):
            docs = self._docs_for(w, prefix=(k == len(qwords) - 1) or len(w) >= 4)
            doc_sets.append(docs)
            subjects_for_word.append({self.docs[d][0] for d in docs})
        allowed = set.intersection(*subjects_for_word) if subjects_for_word else set()
        if not allowed:
            return []
        phrase = " ".join(qwords)
        # per subject: for each query word the best field it occurs in, then a bonus for the whole phrase
        word_best: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(qwords))
        for k, docs in enumerate(doc_sets):
            for d in docs:
                s, text, dlang, weight, is_label = self.docs[d]
                if s not in allowed:
                    continue
                score = weight * (0.8 if lang and dlang and dlang != lang else 1.0)
                wb = word_best[s]
                wb[k] = max(wb[k], score)
                folded = " ".join(words(text))
                bonus = 0.0
                if phrase in folded:
                    bonus += weight * 2
                    if is_label:
                        bonus += 4.0 * len(phrase) / max(len(folded), 1)  # short labels that are the phrase
                        if folded.startswith(phrase):
                            bonus += 2.0
                rank = score + bonus
                if s not in best or rank > best[s][0]:
                    best[s] = (rank, d)
        for s, wb in word_best.items():
            per_subject[s] = sum(wb)
        hits = []
        for s, total in per_subject.items():
            t = self.types.get(s, "")
            if types and t not in types:
                continue
            _, d = best[s]
            _subj, text, dlang, _w, _l = self.docs[d]
            hits.append(Hit(s, self.short_id(s), dict(self.labels.get(s, {})), t, _snippet(text, qwords), dlang,
                            round(total + best[s][0] - self.docs[best[s][1]][3], 3)))
        hits.sort(key=lambda h: (-h.score, h.id))
        return hits[:limit]


def _snippet(text: str, qwords: list[str], width: int = 160) -> str:
    if len(text) <= width:
        return text
    folded = fold(text)
    pos = min((folded.find(w) for w in qwords if folded.find(w) >= 0), default=0)
    start = max(0, pos - width // 3)
    out = text[start:start + width]
    return ("\u2026" if start else "") + out + ("\u2026" if start + width < len(text) else "")


_INDEXES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def index(store) -> Index:
    with _LOCK:
        idx = _INDEXES.get(store)
        if idx is None:
            idx = _INDEXES[store] = Index(store)
    return idx


def search(text: str, store=None, limit: int = 20, lang: str | None = None,
           types: set[str] | None = None) -> list[Hit]:
    """Resources whose labels or texts contain every word of ``text``, best first (a citation comes first)."""
    if store is None:
        from .store import open_store

        store = open_store()
    hits = index(store).search(text, limit=limit, lang=lang, types=types)
    try:
        from .citations import CitationError, resolve

        cited = resolve(text, store=store, lang=lang or "en")
    except (CitationError, Exception):  # noqa: BLE001 - not a citation: plain search only
        cited = None
    if cited is not None:
        hits = [h for h in hits if h.iri != cited.iri]
        idx = index(store)
        hits.insert(0, Hit(cited.iri, cited.id, dict(idx.labels.get(cited.iri, {})), idx.types.get(cited.iri, ""),
                           cited.label or cited.id, lang or "", 1e6))
        hits = hits[:limit]
    return hits
