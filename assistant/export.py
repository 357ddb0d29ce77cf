"""A document's reference entries, and the document itself, as JSON, BibTeX and RIS (`assistant refs`, and the
chat's "copy citation").

One record per entry (what `entries_json` returns, and what the BibTeX and RIS writers are given):

    {"number": 12, "part": "", "key": "smith2020first", "type": "article" | "book" | "inbook" | "misc",
     "authors": ["Smith, J.", "K. Jones"], "et_al": False,
     "title": "", "journal": "", "publisher": "", "year": "", "volume": "", "pages": "1424–1433", "doi": "",
     "note": "", "text": "the entry as printed (a text file's *emphasis* marks removed)"}

An entry with sub-items ("(a) …; (b) …", RSC) gives one record each, all with the entry's number: the first
with "part" "" (its text the whole entry's), then "b", "c", … with their own text and fields.

Every value is a string with its whitespace collapsed (a field the entry does not hold is ""), but "number"
(an int) and "authors" (a list, one string a person, as printed: "Smith, J." or "J. Smith"). An entry with a
journal and an author or a title is an "article"; with a publisher instead, a "book" (or, with pages, an "inbook":
a chapter, whose book title is not parsed); any other is a "misc" whose "note" is the entry's full text,
so an entry the parser could not read (assistant/references.py) is exported whole, not dropped. A range of
pages is written "first–last" (en dash) whatever dash the paper printed.

BibTeX (bibtexparser): keys are ASCII (first author's surname, year, first word of the title, folded to a-z and
0-9; "a", "b", … appended to every key that would otherwise be shared), the same on every run for the same
document and the same whether all entries or some are written. Text fields escape what LaTeX reads as markup
(\\ { } % & $ # _ ~ ^, and the ligatures -- `` '' ?` !` << >> ,,), so they print as the paper did; other
characters stay UTF-8 (biber, bibtexparser and LaTeX with UTF-8 input read them). The author list is
"and"-separated, "and others" for "et al."; pages are "first--last"; the DOI is written verbatim, as BibLaTeX
and the DOI-printing styles take it. `read_bibtex` reads such a file back into plain text.

RIS (rispy): TY JOUR, BOOK, CHAP or GEN, ID the BibTeX key, one AU line per author (RIS has no "et al."), TI,
JO, PB, PY, VL, SP and EP, DO, and N1 for the note.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

import bibtexparser
import rispy
from bibtexparser import model

from .references import NAME_CAPITALS, plain_entry_text
from .text import number_runs
from .types import Document, Reference

FIELDS = ("title", "journal", "publisher", "year", "volume", "pages", "doi")
_RIS_TYPES = {"article": "JOUR", "book": "BOOK", "inbook": "CHAP", "misc": "GEN"}

# --numbers ------------------------------------------------------------------------------------------------------


def parse_numbers(spec: str, available: Iterable[int]) -> list[int]:
    """A --numbers spec → the entry numbers it names, ascending, each once: "3,5-7" → [3, 5, 6, 7].

    `available` holds the document's entry numbers. Raises ValueError when a part is neither a number nor a
    range "a-b" with a <= b, when the spec names nothing, or when it names numbers the document has no entry
    for (the message lists them, and the numbers there are).
    """
    have = sorted(set(available))
    if not spec.strip():
        raise ValueError("no entry numbers given (write them like 3,5-7)")
    ranges = []
    for part in spec.split(","):
        match = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?", part)
        if not match:
            raise ValueError(f"{part.strip()!r} is not an entry number or a range like 5-7")
        first, last = int(match.group(1)), int(match.group(2) or match.group(1))
        if last < first:
            raise ValueError(f"the range {part.strip()!r} runs backwards")
        ranges.append((first, last))
    missing = []
    for first, last in ranges:  # walk the ranges against the entries, never expanding a range
        inside = [n for n in have if first <= n <= last]
        for start, end in zip([first] + [n + 1 for n in inside], inside + [last + 1]):
            if start < end:
                missing.append((start, end - 1))
    if missing:
        raise ValueError(_missing_message(missing, have))
    return [n for n in have if any(first <= n <= last for first, last in ranges)]


def _missing_message(missing: list[tuple[int, int]], have: list[int]) -> str:
    there = f"its entries are {_ranges_text(number_runs(have))}" if have else "it has no reference entries"
    return f"no entry {_ranges_text(missing)} in this document; {there}"


def _ranges_text(ranges: list[tuple[int, int]]) -> str:
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)


# records --------------------------------------------------------------------------------------------------------

_INITIALS = re.compile(rf"(?:[{NAME_CAPITALS}][a-z]?\.[\s-]?|[{NAME_CAPITALS}](?=[\s-]|$)[\s-]?)+")  # "J. A.", "J.-X.", "Ch.", "J A", "F.Á.C."
_SUFFIX = re.compile(r"(?:Jr|Sr)\.?|I{2,3}|IV")
_ET_AL = re.compile(r"[,;]?\s*\bet\s+al\b\.?,?$")


def split_authors(authors: str) -> tuple[list[str], bool]:
    """An author list as printed → (one string per person, whether it ended in "et al.").

    "Smith, J.; Jones, K. A.; et al." → (["Smith, J.", "Jones, K. A."], True); "Smith, J.A., Jones, K. &
    Wu, L." → (["Smith, J.A.", "Jones, K.", "Wu, L."], False); "J. Smith, K. Jones and L. Wu" → (["J. Smith",
    "K. Jones", "L. Wu"], False). A "Jr." after the initials goes between surname and initials, as BibTeX wants.
    """
    text = " ".join(authors.split()).strip(" ,;")
    et_al = _ET_AL.search(text)
    if et_al:
        text = text[:et_al.start()].strip(" ,;")
    if not text:
        return [], bool(et_al)
    if ";" in text:  # "Surname, I.; Surname, I." — the semicolons part the people
        names = [name for part in re.split(r"\s*;\s*(?:and\s+|&\s*)?", text)
                 for name in re.split(r"\s+(?:and|&)\s+", part)]
    else:
        pieces = [p for p in re.split(r"\s*,\s*(?:and\s+|&\s*)?|\s+(?:and|&)\s+", text) if p]
        names = _surname_initial_pairs(pieces) or pieces
    names = [re.sub(rf"^([^,]+), ([^,]+), ({_SUFFIX.pattern})$", r"\1, \3, \2", name.strip(" ,;")) for name in names]
    return [name for name in names if name], bool(et_al)


def _surname_initial_pairs(pieces: list[str]) -> list[str] | None:
    """["Smith", "J.A.", "Jr.", "Jones", "K."] → ["Smith, Jr., J.A.", "Jones, K."]; None unless every other
    piece is a person's initials (then the pieces are whole names: "J. Smith", "Kate Jones")."""
    names, i = [], 0
    while i < len(pieces):
        if i + 1 >= len(pieces) or "." not in pieces[i + 1] or not _INITIALS.fullmatch(pieces[i + 1]):
            return None
        surname, initials = pieces[i], pieces[i + 1]
        i += 2
        if i < len(pieces) and _SUFFIX.fullmatch(pieces[i]):
            surname, i = f"{surname}, {pieces[i]}", i + 1
        names.append(f"{surname}, {initials}")
    return names


def _clean(text: str) -> str:
    return " ".join(str(text).split())


def _pages(pages: str) -> str:
    """"1424−1433", "201-209", "6443 – 6514" → "first–last"; anything else as printed."""
    match = re.fullmatch(r"(\S+?)\s*[-‐‑‒–—−]+\s*(\S+)", _clean(pages))
    return f"{match.group(1)}–{match.group(2)}" if match else _clean(pages)


def _record(number: int | None, authors: list[str], et_al: bool, fields: dict[str, str], text: str) -> dict[str, Any]:
    record: dict[str, Any] = {"number": number, "part": "", "key": "", "type": "misc", "authors": authors,
                              "et_al": et_al}
    record.update({name: _clean(fields.get(name, "")) for name in FIELDS})
    record["pages"] = _pages(record["pages"])
    if record["journal"] and (authors or record["title"]):
        record["type"] = "article"
    elif record["publisher"] and (authors or record["title"]):
        record["type"] = "inbook" if record["pages"] else "book"
    record["note"] = _clean(text) if record["type"] == "misc" else ""
    record["text"] = text
    return record


def reference_record(reference: Reference) -> dict[str, Any]:
    """One entry's record (see the module's docstring), without its key (`entries_json` gives keys)."""
    authors, et_al = split_authors(reference.authors)
    fields = {name: getattr(reference, name) for name in FIELDS}
    record = _record(reference.number, authors, et_al, fields, plain_entry_text(_clean(reference.text)))
    record["part"] = reference.label
    return record


def entry_keys(records: list[dict[str, Any]]) -> list[str]:
    """Citation keys for records, in order: surname + year + first title word (not a number or a stop word),
    ASCII, lower case ("omahony2013asymmetric"); "anon" for the surname without authors, "refN" with neither
    authors nor title; keys that would be shared get "a", "b", … in the records' order."""
    bases = [_key_base(r) for r in records]
    shared = {b for b, n in Counter(bases).items() if n > 1}
    used = set(bases) - shared
    keys, counters = [], dict.fromkeys(shared, 0)
    for base in bases:
        key = base
        while base in shared and (key == base or key in used):
            counters[base] += 1
            key = base + _letters(counters[base])
        used.add(key)
        keys.append(key)
    return keys


_STOPWORDS = {"a", "an", "the", "on", "of", "in", "for", "and", "to", "at", "by", "with", "from", "via", "toward",
              "towards", "new", "some", "is", "are"}


def _key_base(record: dict[str, Any]) -> str:
    surname = ""
    if record["authors"]:
        name = record["authors"][0]
        surname = name.split(",")[0] if "," in name else name.split()[-1]
    words = [w for w in map(_fold, re.split(r"[\s/:‐‑–—-]+", record["title"]))
             if w and not w.isdigit() and w not in _STOPWORDS]
    if not surname and not words:
        return f"ref{record['number'] or ''}" if record["number"] is not None else "anon"
    return (_fold(surname) or "anon") + _fold(record["year"]) + (words[0] if words else "")


def _fold(text: str) -> str:
    """ASCII letters and digits only, lower case: "O’Mahony" → "omahony", "Pöttgen" → "pottgen"."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]", "", ascii_text.lower())


def _letters(n: int) -> str:
    """1 → "a", 26 → "z", 27 → "aa"."""
    text = ""
    while n:
        n, rest = divmod(n - 1, 26)
        text = chr(ord("a") + rest) + text
    return text


def entries_json(document: Document, numbers: Iterable[int] | None = None) -> list[dict[str, Any]]:
    """The records of a document's entries (all, or those numbered in `numbers`), in the document's order,
    with their keys. Keys are computed over all entries, so a selection keeps them. Raises ValueError naming
    the numbers the document has no entry for."""
    records = [reference_record(r) for entry in document.references for r in (entry, *entry.parts)]
    for record, key in zip(records, entry_keys(records)):
        record["key"] = key
    if numbers is None:
        return records
    wanted = set(numbers)
    have = sorted(r.number for r in document.references)
    missing = sorted(wanted - set(have))
    if missing:
        raise ValueError(_missing_message(number_runs(missing), have))
    return [r for r in records if r["number"] in wanted]


# "Precis. Chem. 2024, 2, 559–562", "Chem. Sci., 2023, 14, 1234−1240", "J. Org. Chem. 2023, 88 (3), 1424"
_CITE_THIS = re.compile(r"(?P<journal>\D+?)[\s,]+(?P<year>(?:19|20)\d\d)\b[\s,]*(?:(?P<volume>\d+)(?:\s*\(\d+\))?[\s,]*"
                        r"(?P<pages>[A-Z]?\d+(?:\s*[-–−]\s*[A-Z]?\d+)?)?)?")


def document_record(document: Document) -> dict[str, Any]:
    """The record of the document itself, from its metadata (number None). A text file's "Cite This: Precis.
    Chem. 2024, 2, 559–562" line is read into journal, year, volume and pages."""
    meta = document.metadata
    fields = {name: _clean(meta.get(name, "")) for name in ("title", "journal", "year", "doi")}
    cited = _CITE_THIS.match(fields["journal"])
    if cited:
        fields.update({k: v for k, v in cited.groupdict().items() if v and (k != "year" or not fields["year"])})
    authors = [_clean(a["name"]) for a in meta.get("authors", []) if _clean(a.get("name", ""))]
    record = _record(None, authors, False, fields, "")
    record["note"] = ""
    record["key"] = entry_keys([record])[0]
    return record


def citation_of(document: Document) -> str:
    """One line citing the document itself: "A. One, B. Two and C. Three. Title. Journal Year, Volume, Pages.
    https://doi.org/DOI", leaving out what the metadata does not hold."""
    record = document_record(document)
    authors = record["authors"]
    people = ", ".join(authors[:-1]) + " and " + authors[-1] if len(authors) > 1 else "".join(authors)
    source = " ".join(p for p in (record["journal"], record["year"]) if p)
    source = ", ".join(p for p in (source, record["volume"], record["pages"]) if p)
    parts = [p if p.endswith((".", "?", "!")) else p + "." for p in (people, record["title"], source) if p]
    return " ".join(parts + ([f"https://doi.org/{record['doi']}"] if record["doi"] else []))


# BibTeX ---------------------------------------------------------------------------------------------------------

# braces as commands: BibTeX counts every brace, escaped or not, so "\{" alone would unbalance the entry
_BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
                   "%": r"\%", "&": r"\&", "$": r"\$", "#": r"\#", "_": r"\_",
                   "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}
# what pylatexenc does not decode (or decodes to another character)
_DECODED = {"textasciicircum": "^", "textbraceleft": "{", "textbraceright": "}"}
# pairs LaTeX joins into one character (-- → –, '' → ”, ?` → ¿, << → «, ,, → „): "{}" keeps them apart
_LIGATURE = re.compile(r"(?<=-)(?=-)|(?<=')(?=')|(?<=`)(?=`)|(?<=[?!])(?=`)|(?<=<)(?=<)|(?<=>)(?=>)|(?<=,)(?=,)")


def escape_bibtex(text: str) -> str:
    """Text → a BibTeX field value that LaTeX prints as that text: "50% & $5" → r"50\\% \\& \\$5"."""
    return _LIGATURE.sub("{}", "".join(_BIBTEX_ESCAPES.get(c, c) for c in text))


def _bibtex_entry(record: dict[str, Any]) -> model.Entry:
    fields = []
    if record["authors"]:
        people = [escape_bibtex(name) for name in record["authors"]] + (["others"] if record["et_al"] else [])
        fields.append(("author", " and ".join(people)))
    for name in ("title", "journal", "publisher", "year", "volume"):
        if record[name]:
            fields.append((name, escape_bibtex(record[name])))
    if record["pages"]:
        fields.append(("pages", "--".join(escape_bibtex(p) for p in record["pages"].split("–"))))
    if record["doi"]:  # verbatim, unless it holds a brace (which would unbalance the entry)
        fields.append(("doi", escape_bibtex(record["doi"]) if re.search(r"[{}]", record["doi"]) else record["doi"]))
    if record["note"]:
        fields.append(("note", escape_bibtex(record["note"])))
    return model.Entry(record["type"], record["key"], [model.Field(k, v) for k, v in fields])


def bibtex_of(records: list[dict[str, Any]]) -> str:
    """Records (with keys) → BibTeX text, one entry each, in order."""
    if not records:
        return ""
    style = bibtexparser.BibtexFormat()
    style.indent, style.block_separator = "  ", "\n"
    text = bibtexparser.write_string(bibtexparser.Library([_bibtex_entry(r) for r in records]), bibtex_format=style)
    return text.strip("\n") + "\n"


def to_bibtex(document: Document, numbers: Iterable[int] | None = None) -> str:
    """A document's entries (all, or those numbered) as BibTeX; ValueError as in `entries_json`."""
    return bibtex_of(entries_json(document, numbers))


def document_bibtex(document: Document) -> str:
    """The document itself as one BibTeX entry."""
    return bibtex_of([document_record(document)])


def read_bibtex(text: str) -> list[dict[str, str]]:
    """BibTeX text → per entry {"key", "type", and each field as plain text}: bibtexparser parses it, its
    LaTeX decoder (pylatexenc) undoes `escape_bibtex`; the DOI is taken verbatim. Raises ValueError on a block
    bibtexparser cannot parse."""
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    library = bibtexparser.parse_string(text)
    if library.failed_blocks:
        raise ValueError(f"unparseable BibTeX: {library.failed_blocks[0].raw[:200]!r}")
    context = get_default_latex_context_db()
    context.add_context_category("export", prepend=True, macros=[MacroTextSpec(m, c) for m, c in _DECODED.items()])
    decode = LatexNodes2Text(latex_context=context, math_mode="verbatim").latex_to_text
    return [{"key": entry.key, "type": entry.entry_type,
             **{f.key: str(f.value) if f.key == "doi" else decode(str(f.value)) for f in entry.fields}}
            for entry in library.entries]


# RIS ------------------------------------------------------------------------------------------------------------


class _RisWriter(rispy.RisWriter):
    """rispy's writer without the "1.", "2.", … line it puts before each entry, which is not RIS."""

    def set_header(self, count: int) -> str:
        return ""


def ris_of(records: list[dict[str, Any]]) -> str:
    """Records (with keys) → RIS text, one entry each, in order."""
    entries = []
    for record in records:
        entry: dict[str, Any] = {"type_of_reference": _RIS_TYPES[record["type"]], "id": record["key"]}
        if record["authors"]:
            entry["authors"] = list(record["authors"])
        first, _, last = record["pages"].partition("–")
        for tag, value in (("title", record["title"]), ("journal_name", record["journal"]),
                           ("publisher", record["publisher"]), ("year", record["year"]),
                           ("volume", record["volume"]), ("start_page", first), ("end_page", last),
                           ("doi", record["doi"])):
            if value:
                entry[tag] = value
        if record["note"]:
            entry["notes"] = [record["note"]]
        entries.append(entry)
    return rispy.dumps(entries, implementation=_RisWriter) if entries else ""


def to_ris(document: Document, numbers: Iterable[int] | None = None) -> str:
    """A document's entries (all, or those numbered) as RIS; ValueError as in `entries_json`."""
    return ris_of(entries_json(document, numbers))


def document_ris(document: Document) -> str:
    """The document itself as one RIS entry."""
    return ris_of([document_record(document)])
