"""Full-text search over labels, titles, summaries, statements and quoted evidence, in Indonesian and English.

pyoxigraph has no full-text index, so Jaring builds its own: :func:`build_index_data` reads every searchable text
of the graph once, and ``kg build`` writes it to ``dist/search.json`` (tagged with the data version), so ``kg
search`` answers without loading the graph. A store handed to :func:`search` gets its index built in memory.

What a query matches, best first:

* every word of the query in the subject's texts (stop words such as *the*, *yang* aside); when no record has them
  all, the records with the most of them, if that is at least half (``total`` counts the matches, not those shown);
* words folded (case, accents), Indonesian words reduced to their root by the Sastrawi stemmer (``pemulihan`` =
  ``pulih``, ``tantangan`` = ``tantang``), English plurals (``challenges`` = ``challenge``);
* the last word, and any word of 4 letters or more, as a prefix (results while typing);
* a misspelt word (5 letters or more, not in the index) as its nearest index words (one edit; two from 8 letters);
* acronyms written together in the data — "(GEBA or KUBE)" makes GEBA find KUBE — and the small Indonesian-English
  glossary :data:`GLOSSARY` (``tantangan`` finds ``challenges``), both languages either way;
* quotes are searched as part of the record that cites them; a bibliography record also answers to the name the
  project gives it (``seed 001``, its ``identifier``);
* a label that is the query ranks first, then records whose texts hold the phrase (the more texts, the higher),
  then scattered words.

A query that is a legal citation ("UU 21/2007 Pasal 1") puts the cited resource on top (:func:`kg.answers.citations.resolve`).
"""
from __future__ import annotations

import bisect
import itertools
import json
import re
import threading
import unicodedata
import weakref
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

from ..namespaces import PREFIXES

INDEX_FILE = "search.json"
FORMAT = 3

JAR = PREFIXES["jar"]
FIELDS = {  # property → (weight, is a label)
    PREFIXES["rdfs"] + "label": (5.0, True),
    PREFIXES["skos"] + "prefLabel": (5.0, True),
    PREFIXES["skos"] + "altLabel": (4.0, True),
    PREFIXES["dcterms"] + "identifier": (4.0, True),
    "http://data.europa.eu/eli/ontology#title": (3.0, False),
    PREFIXES["dcterms"] + "title": (3.0, False),
    PREFIXES["dcterms"] + "alternative": (3.0, False),
    JAR + "definesTerm": (3.0, False),
    PREFIXES["skos"] + "scopeNote": (1.5, False),
    PREFIXES["skos"] + "definition": (1.5, False),
    JAR + "statement": (1.5, False),
    JAR + "wording": (1.5, False),
    PREFIXES["dcterms"] + "description": (1.0, False),
    PREFIXES["rdfs"] + "comment": (0.6, False),
    JAR + "quote": (0.8, False),
}

ELI_TITLE = "http://data.europa.eu/eli/ontology#title"
# a title sits on the resource's per-language eli:LegalExpression (ELI 1.2); it is indexed on the resource
Q_TEXTS = ("SELECT ?s ?p ?o (LANG(?o) AS ?lang) WHERE { { VALUES ?p { " +
           " ".join(f"<{p}>" for p in FIELDS if p not in (JAR + "quote", ELI_TITLE)) +
           " } ?s ?p ?o } UNION { ?s jar:source ?c . ?c jar:quote ?o . BIND(jar:quote AS ?p) "
           "FILTER NOT EXISTS { ?s a <http://data.europa.eu/eli/ontology#LegalExpression> } } "
           f"UNION {{ ?s <http://data.europa.eu/eli/ontology#is_realized_by> ?x . ?x <{ELI_TITLE}> ?o . "
           f"BIND(<{ELI_TITLE}> AS ?p) }} "
           "FILTER(ISLITERAL(?o) && !ISBLANK(?s)) }")
Q_TYPES = "SELECT ?s ?t WHERE { ?s a ?t FILTER(STRSTARTS(STR(?t), STR(jar:)) || ?t = skos:Concept || " \
          "?t = qb:Observation) }"
_WORD = re.compile(r"[0-9a-z]+")
_ACRONYMS = re.compile(r"\(([A-Z][A-Za-z0-9&]{1,11}(?:\s*(?:,|/|or|atau|dan|and)\s*[A-Z][A-Za-z0-9&]{1,11})+)\)")

#: Indonesian ↔ English words a researcher may type in the other language than the data (search aid only: it
#: states no fact). Roots on the Indonesian side (the stemmer reduces the query word first).
GLOSSARY: dict[str, tuple[str, ...]] = {
    "tantang": ("challenge",), "challenge": ("tantang",),
    "korban": ("victim",), "victim": ("korban",),
    "dagang": ("trafficking",), "trafficking": ("dagang", "tppo"),
    "pulih": ("recovery",), "recovery": ("pulih",),
    "lindung": ("protection", "shelter"), "protection": ("lindung",),
    "bantu": ("assistance", "aid"), "assistance": ("bantu",), "aid": ("bantu",),
    "dana": ("fund",), "fund": ("dana",),
    "layan": ("service",), "service": ("layan",),
    "sehat": ("health", "medical"), "health": ("sehat",), "medical": ("sehat",),
    "rumah": ("house", "shelter"), "shelter": ("rumah", "lindung"),
    "anak": ("child", "children"), "child": ("anak",), "children": ("anak",),
    "perempuan": ("women", "woman"), "women": ("perempuan",),
    "pekerja": ("worker",), "worker": ("pekerja",), "migran": ("migrant",), "migrant": ("migran",),
    "hukum": ("law", "legal"), "law": ("hukum", "undang"), "legal": ("hukum",),
    "sembilan": ("nine",), "nine": ("sembilan",),
    "pulang": ("return", "repatriation"), "return": ("pulang",), "repatriation": ("pulang",),
    "ganti": ("compensation", "restitution"), "restitution": ("restitusi",), "restitusi": ("restitution",),
    "saksi": ("witness",), "witness": ("saksi",),
    "tugas": ("task",), "gugus": ("force",),
    "temu": ("finding",), "finding": ("temu",),
    "hak": ("right", "entitlement"), "right": ("hak",), "entitlement": ("hak",),
    "daerah": ("regional", "region"), "regional": ("daerah",),
}


#: Words that carry no meaning for search when the query has others (English and Indonesian)
STOPWORDS = frozenset("a an the of and or in on at for to from by with is are be not no there this that it as "
                      "dan atau di ke dari yang untuk dengan pada tidak ini itu oleh bagi".split())


def fold(text: str) -> str:
    """Lower case without accents (``Pemulihan`` = ``pemulihan``, ``é`` = ``e``)."""
    norm = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in norm if not unicodedata.combining(ch)).lower()


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def english_stem(word: str) -> str:
    """A light English stem: plural and -ing/-ed endings (``challenges`` → ``challenge``, ``victims`` → ``victim``)."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_STEMMER = None


def indonesian_stem(word: str) -> str:
    """The root of an Indonesian word (Sastrawi, the maintained Indonesian stemmer on PyPI: ``pemulihan`` → ``pulih``).
    Without it installed, words are left as they are (search still works, without morphology)."""
    global _STEMMER
    if _STEMMER is None:
        try:
            from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

            _STEMMER = StemmerFactory().create_stemmer()
        except ImportError:  # optional at run time: the index written by kg build carries the stems
            _STEMMER = False
    if not _STEMMER or not word.isalpha() or len(word) < 4:
        return word
    return _STEMMER.stem(word) or word


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


class Hits(list):
    """The hits shown (up to the limit), with ``total``: how many subjects matched."""
    total: int = 0


def build_index_data(store, version: str | None = None) -> dict:
    """Every searchable text of the graph with its postings, stems and acronym groups (JSON-ready)."""
    subjects: dict[str, int] = {}
    docs: list[list] = []  # [subject index, text, lang, weight, is_label]
    labels: dict[int, dict[str, str]] = defaultdict(dict)
    seen: set = set()
    # every text (the default row cap would cut the index), in one order on every engine: which text is kept and
    # which label comes first must not depend on the order an engine happens to return rows in
    rows = store.select(Q_TEXTS, max_rows=10_000_000)
    for r in sorted(rows, key=lambda r: (str(r["s"]), r["p"], str(r["o"]), r["lang"] or "")):
        weight, is_label = FIELDS[r["p"]]
        s = subjects.setdefault(str(r["s"]), len(subjects))
        text = str(r["o"])
        key = (s, text, weight)
        if key in seen:
            continue
        seen.add(key)
        docs.append([s, text, r["lang"] or "", weight, is_label])
        if r["p"] == PREFIXES["rdfs"] + "label":
            labels[s].setdefault(r["lang"] or "", text)
    types: dict[int, str] = {}
    for r in sorted(store.select(Q_TYPES, max_rows=10_000_000), key=lambda r: (str(r["s"]), r["t"])):
        if str(r["s"]) not in subjects:
            continue
        s = subjects[str(r["s"])]
        short = r["t"].rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        if s not in types or short not in ("Concept", "Entity"):
            types[s] = short
    postings: dict[str, list[int]] = defaultdict(list)
    id_words: set[str] = set()
    en_words: set[str] = set()
    aliases: dict[str, set[str]] = defaultdict(set)
    for i, (_s, text, lang, _w, _l) in enumerate(docs):
        ws = set(words(text))
        for w in ws:
            postings[w].append(i)
        if lang == "id":
            id_words |= ws
        elif lang == "en":
            en_words |= ws
        for m in _ACRONYMS.finditer(text):
            group = [w for w in words(m.group(1)) if w not in ("or", "atau", "dan", "and")]
            for w in group:
                aliases[w] |= set(group) - {w}
    stems: dict[str, str] = {}
    for w in postings:
        st = indonesian_stem(w) if w in id_words else english_stem(w)
        if st == w and (w not in id_words or w in en_words):  # also English (a title quoted in Indonesian)
            st = english_stem(w)
        if st != w:
            stems[w] = st
    # a stem is a term too: it finds every word that reduces to it
    stem_postings: dict[str, set[int]] = defaultdict(set)
    for w, st in stems.items():
        stem_postings[st].update(postings[w])
    iris = [None] * len(subjects)
    for k, v in subjects.items():
        iris[v] = k
    return {"format": FORMAT, "version": version, "subjects": iris, "docs": docs,
            "labels": {str(k): v for k, v in labels.items()}, "types": {str(k): v for k, v in types.items()},
            "postings": dict(postings), "stem_postings": {k: sorted(v) for k, v in stem_postings.items()},
            "stems": stems, "aliases": {k: sorted(v) for k, v in aliases.items()}}


class Index:
    def __init__(self, data: dict):
        from ..ids import short_id

        self.subjects: list[str] = data["subjects"]
        self.docs = data["docs"]
        self.labels = {self.subjects[int(k)]: v for k, v in data["labels"].items()}
        self.types = {self.subjects[int(k)]: v for k, v in data["types"].items()}
        self.postings: dict[str, list[int]] = data["postings"]
        self.stem_postings: dict[str, list[int]] = data["stem_postings"]
        self.stems: dict[str, str] = data["stems"]
        self.aliases: dict[str, list[str]] = data["aliases"]
        self.vocab = sorted(self.postings)
        self.by_length: dict[int, list[str]] = defaultdict(list)
        for w in self.vocab:
            self.by_length[len(w)].append(w)
        self.short_id = short_id

    @classmethod
    def from_store(cls, store) -> "Index":
        return cls(build_index_data(store))

    # --- matching one query word ----------------------------------------------------------------------------
    def _stem(self, word: str) -> set[str]:
        out = {english_stem(word)}
        if word in self.stems:
            out.add(self.stems[word])
        elif word not in self.postings and word.isalpha() and len(word) > 5:
            out.add(indonesian_stem(word))
        return out - {word}

    def _typos(self, word: str) -> list[str]:
        if len(word) < 5:
            return []
        limit = 1 if len(word) < 8 else 2
        out = []
        for n in range(len(word) - limit, len(word) + limit + 1):
            for cand in self.by_length.get(n, ()):
                if cand[0] == word[0] and _distance(word, cand, limit) <= limit:
                    out.append(cand)
        return out

    def _docs_for_word(self, word: str, prefix: bool, corrected: list[str] | None = None) -> dict[int, float]:
        """Doc → match quality (1 exact, .9 stem/alias/glossary, .7 prefix, .6 typo) for one query word. When only
        typos match, the words of the index it was taken for are appended to ``corrected`` (if given)."""
        out: dict[int, float] = {}

        def add(ids, q):
            for d in ids:
                if out.get(d, 0) < q:
                    out[d] = q

        add(self.postings.get(word, ()), 1.0)
        add(self.stem_postings.get(word, ()), 0.9)
        for st in self._stem(word):
            add(self.postings.get(st, ()), 0.9)
            add(self.stem_postings.get(st, ()), 0.9)
        roots = {word} | self._stem(word)
        for root in roots:
            for alt in list(self.aliases.get(root, ())) + list(GLOSSARY.get(root, ())):
                add(self.postings.get(alt, ()), 0.9)
                add(self.stem_postings.get(alt, ()), 0.85)
        if prefix:
            i = bisect.bisect_left(self.vocab, word)
            while i < len(self.vocab) and self.vocab[i].startswith(word):
                add(self.postings[self.vocab[i]], 0.7)
                i += 1
        if not out:
            for cand in self._typos(word):
                if self.postings.get(cand):
                    add(self.postings[cand], 0.6)
                    if corrected is not None:
                        corrected.append(cand)
        return out

    def search(self, query: str, limit: int = 20, lang: str | None = None,
               types: set[str] | None = None) -> Hits:
        qwords = words(query)
        hits = Hits()
        content = [w for w in qwords if w not in STOPWORDS]
        if content:
            qwords = content
        if not qwords:
            return hits
        alternatives: list[list[str]] = [[w] for w in qwords]  # a mistyped word: the words it was taken for
        per_word: list[dict[int, float]] = [
            self._docs_for_word(w, prefix=(k == len(qwords) - 1) or len(w) >= 4, corrected=alternatives[k])
            for k, w in enumerate(qwords)]
        # the phrase as typed, and as read with a mistyped word taken for a word of the index (a few at most), so
        # that "rehabiltasi sosial" ranks the records holding "rehabilitasi sosial" as a phrase first
        phrases = [" ".join(p) for p in itertools.islice(itertools.product(*alternatives), 8)]
        word_best: dict[str, list[float]] = defaultdict(lambda: [0.0] * len(qwords))
        best: dict[str, tuple[float, int]] = {}
        phrase_docs: dict[str, float] = defaultdict(float)  # the phrase in more of a record's texts: more about it
        seen_docs: set[int] = set()
        words_in_doc: dict[int, int] = defaultdict(int)
        for docs in per_word:
            for d in docs:
                words_in_doc[d] += 1
        for k, docs in enumerate(per_word):
            for d, quality in docs.items():
                s_i, text, dlang, weight, is_label = self.docs[d]
                s = self.subjects[s_i]
                if types and self.types.get(s, "") not in types:
                    continue
                score = weight * quality * (0.8 if lang and dlang and dlang != lang else 1.0)
                wb = word_best[s]
                wb[k] = max(wb[k], score)
                rank = score
                if d not in seen_docs and words_in_doc[d] == len(qwords) and (len(qwords) > 1 or is_label):
                    seen_docs.add(d)
                    folded = " ".join(words(text))
                    held = next((p for p in phrases if p in folded), None)
                    if held is not None:
                        phrase_docs[s] += weight
                        rank += weight * 2
                        if is_label:  # a short name that holds the query is more about it than a long one
                            rank += 4.0 if folded == held else 2.0 * len(held) / max(len(folded), 1)
                if s not in best or rank > best[s][0]:
                    best[s] = (rank, d)
        scored = []
        for s, wb in word_best.items():
            found = sum(1 for x in wb if x > 0)
            scored.append((found, sum(wb) + best[s][0] + phrase_docs.get(s, 0.0), s))
        if not scored:
            return hits
        most = max(f for f, _, _ in scored)
        if most * 2 < len(qwords):  # fewer than half the words found anywhere: no answer rather than noise
            return hits
        # subjects with every word first; when none has them all, those with the most words
        scored = [x for x in scored if x[0] == most]
        scored.sort(key=lambda x: (-x[1], self.short_id(x[2])))
        hits.total = len(scored)
        for found, total, s in scored[:limit]:
            _, d = best[s]
            text, dlang = self.docs[d][1], self.docs[d][2]
            hits.append(Hit(s, self.short_id(s), dict(self.labels.get(s, {})), self.types.get(s, ""),
                            _snippet(text, qwords), dlang, round(total, 3)))
        return hits


def _distance(a: str, b: str, limit: int) -> int:
    """Optimal string alignment distance (insert, delete, substitute, swap), stopped above ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def _snippet(text: str, qwords: list[str], width: int = 160) -> str:
    if len(text) <= width:
        return text
    folded = fold(text)
    pos = min((folded.find(w) for w in qwords if folded.find(w) >= 0), default=0)
    start = max(0, pos - width // 3)
    out = text[start:start + width]
    return ("\u2026" if start else "") + out + ("\u2026" if start + width < len(text) else "")


# --- the index file in dist/ ------------------------------------------------------------------------------------

def write_index(dist: Path | str, store=None) -> Path:
    """Write ``dist/search.json`` for the graph in ``dist`` (called by ``kg build``)."""
    from .. import dist as dist_io

    dist = Path(dist)
    if store is None:
        from ..store.store import open_store

        store = open_store(dist)
    data = build_index_data(store, version=dist_io.data_version(dist))
    path = dist / INDEX_FILE
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), "utf-8")
    tmp.replace(path)
    return path


def load_index(dist: Path | str | None = None) -> Index | None:
    """The index written by ``kg build`` for the graph now in ``dist``; None when missing or stale."""
    from .. import dist as dist_io

    dist = dist_io.resolve(dist)
    path = Path(dist) / INDEX_FILE
    try:
        data = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    if data.get("format") != FORMAT or data.get("version") != dist_io.data_version(dist):
        return None
    return Index(data)


_INDEXES: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def index(store) -> Index:
    with _LOCK:
        idx = _INDEXES.get(store)
        if idx is None:
            dist = getattr(store, "dist", None)
            idx = load_index(dist) if dist is not None else None
            if idx is None:
                idx = Index.from_store(store)
            _INDEXES[store] = idx
    return idx


_CITATION_LIKE = re.compile(r"[0-9]+\s*/\s*(?:19|20)[0-9]{2}|tahun\s+(?:19|20)[0-9]{2}|\bof\s+(?:19|20)[0-9]{2}",
                            re.IGNORECASE)


def search(text: str, store=None, limit: int = 20, lang: str | None = None,
           types: set[str] | None = None, dist: Path | str | None = None) -> Hits:
    """Resources whose texts match ``text``, best first (a citation comes first); ``.total`` counts them all.

    Without a store the index is read from ``dist/search.json`` (the graph is loaded only when the query looks
    like a legal citation, or when the index is missing or stale)."""
    idx = None
    if store is None:
        idx = load_index(dist)
        if idx is None or _CITATION_LIKE.search(text or ""):
            from ..store.store import open_store

            store = open_store(dist)
    if idx is None:
        idx = index(store)
    hits = idx.search(text, limit=limit, lang=lang, types=types)
    cited = None
    if store is not None and (text or "").strip():
        try:
            from .citations import CitationError, resolve

            cited = resolve(text, store=store, lang=lang or "en")
        except (CitationError, Exception):  # noqa: BLE001 - not a citation: plain search only
            cited = None
    if cited is not None:
        total = hits.total
        rest = [h for h in hits if h.iri != cited.iri]
        out = Hits([Hit(cited.iri, cited.id, dict(idx.labels.get(cited.iri, {})), idx.types.get(cited.iri, ""),
                        cited.label or cited.id, lang or "", 1e6)] + rest)
        out.total = total + (0 if len(rest) < len(hits) else 1)
        hits = Hits(out[:limit])
        hits.total = out.total
    return hits
