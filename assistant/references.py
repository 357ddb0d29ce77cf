"""A reference entry's text → its fields: authors, title, journal, year, volume, pages, DOI.

No maintained parser fits here: refextract is GPL, GROBID and anystyle need a
Java or Ruby service, and the PyPI packages that wrap them call a server. The
styles chemistry and physics journals print are few, so they are read here,
one pattern per way of writing an author list, then what follows it:

- "Surname, A. B.; Surname, C." (ACS, MDPI, Beilstein), "Surname, A. B. & Surname, C." (Nature),
  "Surname, A.B., Surname, C., 2014." (Elsevier), "A. B. Surname, C. Surname and D. Surname," (RSC, Wiley),
  "Full Name, Full Name, and Full Name." (arXiv, AIP);
- then "Title. Journal Year, Vol, Pages." or "Journal, Year, Vol, Pages" (no title: RSC, Wiley,
  Beilstein), "Journal Vol, Pages (Year)" (Nature), "Journal, Vol(Issue):Pages, Year" (arXiv).

A field the entry does not hold, or that no pattern finds, stays empty.
"""
from __future__ import annotations

import re

from .text import english_words
from .types import Reference, Span

_INITIALS = r"(?:[A-Z][a-z]?\.[\s-]?)+"
_SURNAME = r"(?:(?:van|von|de|der|del|da|di|le|la|du|dos)\s)*[A-Z][\w'’\-]+(?:[\s-][A-Z][\w'’\-]+)?"
_AUTHOR_LISTS = (
    # Surname, A. B.; Surname, C. (and/&) … — ACS, MDPI, Beilstein, Nature, Elsevier
    re.compile(rf"^((?:{_SURNAME},\s?{_INITIALS}\s*(?:,?\s*Jr\.)?\s*(?:[;,]|&|and)?\s*)+(?:et al\.?)?)"),
    # A. B. Surname, C. Surname and D. Surname — RSC, Wiley, AIP
    re.compile(rf"^((?:{_INITIALS}\s?{_SURNAME}(?=,|\s+and\s|\s*&|\s+et al)(?:,\s*|\s+and\s+|\s*&\s*)?)+(?:et al\.?,?)?)"),
    # Full Name, Full Name, and Full Name. — arXiv, full first names
    re.compile(r"^((?:[A-Z][\w'’\-]+(?:\s(?:[A-Z]\.|[A-Z][\w'’\-]+|van|von|de|der|da|di|le))+(?:,\s*(?:and\s)?|\s+and\s+)?)+"
               r"(?:et al\.?)?)(?=\.)"),
)
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)\]])", re.I)
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})[a-z]?(?!\d)")
_PAGES = re.compile(r"(?<![\w.])((?:[A-Z]?\d+[A-Za-z]?\s?[–—−-]\s?[A-Z]?\d+)|e\d{3,}|No\.\s?\d+|\d{3,})(?=\s*(?:[.;,)]|\(|$))")
_TRAILER = re.compile(r"\s*(?:\[CrossRef\]|\[PubMed\]|\[Green Version\]|\[Google Scholar\])", re.I)


def parse_reference_fields(text: str) -> dict[str, str]:
    """Fields of one entry's text (without its label); the ones not found are absent."""
    text = _TRAILER.sub("", " ".join(text.split()))
    fields: dict[str, str] = {}
    doi = _DOI.search(text)
    if doi:
        fields["doi"] = doi.group(1)
        text_wo_doi = (text[: doi.start()] + text[doi.end():]).strip(" .")
    else:
        text_wo_doi = text
    authors, rest = "", text_wo_doi
    for pattern in _AUTHOR_LISTS:
        match = pattern.match(text_wo_doi)
        if match and len(match.group(1)) > 3:
            authors = match.group(1).strip(" ,;&")
            rest = text_wo_doi[match.end():].lstrip(" ,.;:")
            break
    if authors:
        fields["authors"] = re.sub(r"\s+(?:and|&)$", "", authors)
    year = _YEAR.search(rest) or _YEAR.search(text_wo_doi)
    if year:
        fields["year"] = year.group(1)
    rest = re.sub(r"^\(?(?:19|20)\d{2}[a-z]?\)?[.,]\s*", "", rest)  # Elsevier: "…, 2014. Title."
    # what stands before the year or the volume is "Title. Journal" or "Journal"
    head_end = len(rest)
    for marker in (re.search(r",?\s*\(?(?:19|20)\d{2}[a-z]?\)?[,;.]", rest), re.search(r"\s\d{1,4}(?:\(\d+\))?[:,]\s*\S", rest),
                   re.search(r",\s*\d{1,4}\s*,", rest)):
        if marker:
            head_end = min(head_end, marker.start())
    head = rest[:head_end].strip(" ,;")
    tail = rest[head_end:]
    title, journal = split_title_journal(head)
    if title:
        fields["title"] = title
    if journal:
        fields["journal"] = journal
    volume = re.search(r"(?<![\w.])(?!(?:19|20)\d\d\b)(\d{1,4})(?:\s*\((\d+)\))?\s*[,:]", tail)
    if volume:
        fields["volume"] = volume.group(1)
        pages = _PAGES.search(tail[volume.end():])
        if pages:
            fields["pages"] = pages.group(1)
    return {k: v for k, v in fields.items() if v}


def split_title_journal(head: str) -> tuple[str, str]:
    """"Title. Journal" → (title, journal): the title ends at the last ". " after a whole word (in lower
    case, one the English lexicon knows, a number or a bracket), since journal names are abbreviated ("Nat.
    Nanotechnol.", "J. Cell Sci.") or written out without stops ("Journal of Medicinal Chemistry")."""
    known = english_words()
    head = head.strip(" ,;")
    cut = None
    for match in re.finditer(r"(\S+)\.\s+(?=[A-Z0-9])", head):
        word = match.group(1).strip("*_")
        whole = (word[-1:] in ")]?\"”0123456789" or word[:1].islower()
                 or (len(word) > 3 and word.lower().strip("(") in known))
        if whole and len(head[:match.start()].split()) >= 2:
            cut = match
    if cut is not None:
        return head[:cut.end(1)].strip(" .*_"), head[cut.end():].strip(" ,*_")
    words = head.split()
    if len(words) >= 6 and sum(w[:1].islower() for w in words) >= 2:
        return head.strip(" ."), ""
    return "", head.strip(" ,*_")


def parse_reference(number: int, text: str, spans: tuple[Span, ...]) -> Reference:
    """A reference entry with its fields parsed (see the module's docstring)."""
    return Reference(number=number, text=text, spans=spans, **parse_reference_fields(_plain(text)))


def _plain(text: str) -> str:
    """The entry without markdown emphasis (*Journal* **2020**, as the corpus's text files write it)."""
    return re.sub(r"(\*{1,3}|_{2})(.+?)\1", r"\2", text)
