"""A reference entry's text → its fields: authors, title, journal, year, volume, pages, DOI.

No maintained parser fits here: refextract is GPL, GROBID and anystyle need a
Java or Ruby service, and the PyPI packages that wrap them call a server. The
styles chemistry and physics journals print are few, so they are read here,
one pattern per way of writing an author list, then what follows it:

- "Surname, A. B.; Surname, C." (ACS, MDPI, Beilstein), "Surname, A. B. & Surname, C." (Nature),
  "Surname, A.B., Surname, C., 2014." (Elsevier), "A. B. Surname, C. Surname and D. Surname," (RSC, Wiley),
  "Full Name, Full Name, and Full Name." (arXiv, AIP);
- then "Title. Journal Year, Vol, Pages." or "Journal, Year, Vol, Pages" (no title: RSC, Wiley,
  Beilstein), "Journal Vol, Pages (Year)" (Nature), "Journal, Vol(Issue):Pages, Year" (arXiv);
- or, for a book or a chapter, "Title (ed. X) Pages (Publisher Year)." (Nature) or "Title. In Book; X, Ed.;
  Publisher: City, Year; pp Pages." (ACS, MDPI, Beilstein): its publisher instead of a journal.

A field the entry does not hold, or that no pattern finds, stays empty.
"""
from __future__ import annotations

import dataclasses
import functools
import re
import unicodedata

from .text import english_words, journal_abbreviations
from .types import Reference, Span, sub_spans

NAME_CAPITALS = "A-ZÀ-ÖØ-ÞĀĂĄĆČĎĐĒĖĘĚĞĪĮİĶĹĻĽŁŃŅŇŌŐŒŔŘŚŞŠŢŤŪŮŰŲŹŻŽ"  # capitals of names in Latin scripts
_INITIALS = rf"(?:[{NAME_CAPITALS}][a-z]?\.(?:-[{NAME_CAPITALS}a-z]\.)?[\s-]?)+"  # "J.", "Ch.", "C.-A.", "D.-e.", "A.-Ş."
_NAME_LETTERS = "\\w'’\\-\ufffd"  # letters of a name, with a glyph the font left unmapped ("Andr\ufffds")
# after its particles, capitalised or not ("van der Waals", "Op den Camp", "de la Cruz", "ten Brink"); "O^{’}Connor":
# an apostrophe set as a raised prime (or a glyph left unmapped there)
_SURNAME = (rf"(?:(?i:van|von|de|der|den|del|della|da|di|le|la|du|dos|ten|ter|op)\s)*[{NAME_CAPITALS}](?:\^\{{[’'\ufffd]\}})?[{_NAME_LETTERS}]+"
            rf"(?:[\s-][{NAME_CAPITALS}][{_NAME_LETTERS}]+)?")
_LOCANTS = r"\d+(?:,\s?\d+)*-[A-Za-z]"  # "1,2,4-triazole", "6, 7-dichloro": numbers of a title, not a volume
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_NAME_PART = r"(?:[A-Z][\w'’\-]*(?:\.(?:[A-Z]\.)*)?|van|von|de|der|da|di|le|dos|du)"
_FULL_NAME = rf"[A-Z][\w'’\-]*\.?(?:\s{_NAME_PART})*\s[A-Z][\w'’\-]+"
_AUTHOR_LISTS = (
    # Surname, A. B.; Surname, C. (and/&) … — ACS, MDPI, Beilstein, Nature, Elsevier (the comma sometimes lost)
    re.compile(rf"^((?:{_SURNAME},?\s?{_INITIALS}\s*(?:,?\s*Jr\.)?\s*(?:[;,]|&|and)?\s*)+(?:et al\.?)?)"),
    # A. B. Surname, C. Surname and D. Surname — RSC, Wiley, AIP; a surname of one letter before a comma as
    # RSC prints some South Indian names ("S. S, J. K. Min and B. Y. Lee")
    re.compile(rf"^((?:{_INITIALS}\s?(?:{_SURNAME}|[{NAME_CAPITALS}](?=,))(?=,|\s+and\s|\s*&|\s+et al)"
               rf"(?:,\s*|\s+and\s+|\s*&\s*)?)+(?:et al\.?,?)?)"),
    # Full Name, Full Name, and Full Name. — arXiv, AIP: first names in full, middle initials with or without
    # stops ("Adam C Mater", "Federico J.V. Gomez", "P Hu"); the first name is written out
    re.compile(rf"^(?=[A-Z][\w'’\-]*\s)((?:{_FULL_NAME}(?:,\s*(?:and\s)?|\s+and\s+)?)+(?:et al\.?)?)(?=\.)"),
)
_DOI = re.compile(r"(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)\]])", re.I)
# not an end of a page range ("J. Comp. Chem. 24, 1999–2012 (2003)": the year is 2003); a date's may be ("2024-6-13")
_YEAR = re.compile(r"(?<![\d–-])((?:19|20)\d{2})[a-z]?(?!\d|\s?[–-]\s?\d{3})")
_PAGES = re.compile(r"(?<![\w.])((?:[A-Z]?\d+[A-Za-z]?\s?[–—−-]\s?[A-Z]?\d+)|e\d{3,}|No\.\s?\d+|\d{3,})(?=\s*(?:[.;,)]|\(|$))")
# a book's publisher and year, and what follows them: "(Cambridge University Press, 1987)." (Nature);
# "; Wiley: Chichester, 2002; ISBN …", ", Harwood Academic Pub.: Amsterdam, 1998" (ACS, MDPI, Beilstein:
# "Publisher: City[, Country], Year", no stop inside but an abbreviation's at the end)
_PUBLISHERS = (
    re.compile(r"\((?P<publisher>[A-Z][^()]*?),?\s+(?P<year>(?:19|20)\d{2})\)\.?$"),
    re.compile(r"[;,]\s*(?P<publisher>[A-Z][^;:.]*\.?):\s*[A-Z][^;:.]*?,\s*(?P<year>(?:19|20)\d{2})\b(?P<after>.*)$"),
)
_EDITORS = re.compile(r"[,.]?\s*(?:\((?:eds?\.?|edited by)\s[^)]*\)|;[^;]*\bEds?\.(?=;|$))")  # "(ed. Tu, Y.)", "; Gribble, G.W., Ed."
# pages at the end of a book's title part, not a range of years ("Isoquinoline alkaloids research, 1972-1977")
_BOOK_PAGES = re.compile(r"[,.]?\s*(?:Vol\.\s*\w+,?\s*)?(?:pp\.?\s*)?"
                         r"(?<!\d)(?!(?:19|20)\d\d\s?[–—−-]\s?(?:19|20)\d\d)(\d+\s?[–—−-]\s?\d+)\s*$")
# arXiv, AIP: the volume, issue and pages closing an entry, then its year ("Journal, 75(3):311–335, March 2012"): the
# year of the publication, not one its title names ("… New Drugs over the 30 Years from 1981 to 2010.")
_VOLUME_PAGES_YEAR = re.compile(rf",\s*\d{{1,4}}(?:\(\d+\))?:\s*[A-Za-z]?\d+[A-Za-z]?(?:\s?[–—−-]\s?[A-Za-z]?\d+)?,"
                                rf"\s*(?:{_MONTH}\s+)?((?:19|20)\d{{2}})\b")
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
    book = next((m for m in (pattern.search(text_wo_doi) for pattern in _PUBLISHERS) if m), None)
    if book:
        return _book_fields(text_wo_doi, book, fields)
    authors, rest = _authors(text_wo_doi)
    if authors:
        fields["authors"] = authors
    year = _YEAR.search(rest) or _YEAR.search(text_wo_doi)
    rest = re.sub(r"^\(?(?:19|20)\d{2}[a-z]?\)?[.,]\s*", "", rest)  # Elsevier: "…, 2014. Title."
    closing = _VOLUME_PAGES_YEAR.search(rest)
    year = closing or year
    if year:
        fields["year"] = year.group(1)
    # what stands before the year or the volume is "Title. Journal" or "Journal"; all before a closing volume,
    # pages and year is
    markers = (re.search(rf",?\s*(?:{_MONTH}\s+)?\(?(?:19|20)\d{{2}}[a-z]?\)?[,;.]", rest),
               re.search(rf"\s\d{{1,4}}(?:\(\d+\))?[:,](?!\s*{_LOCANTS})\s*\S", rest),
               re.search(r"(?<!\d),\s*\d{1,4}\s*,(?!\d)", rest),
               re.search(r"\s\d{1,4}\s+(?=e?\d{3,}\b)(?!(?:19|20)\d\d\b)", rest))  # Elsevier: "Microbiol. 84 e02645–17"
    head_end = closing.start() if closing else min((m.start() for m in markers if m), default=len(rest))
    head = rest[:head_end].strip(" ,;")
    tail = rest[head_end:]
    title, journal = split_title_journal(head)
    if title:
        fields["title"] = title
    if journal:
        fields["journal"] = journal
    # the volume: the first number after the year that opens the tail ("Journal 2020, 2020, 5153"), else the
    # first number that is not a year ("Journal 48, 9608 (2009)")
    year_first = re.match(r",?\s*\(?(?:19|20)\d{2}[a-z]?\)?[,;.]?", tail)
    # … followed by a comma, a colon, or (Elsevier) the article number: "84 e02645–17"
    after_volume = r"(?:\s*\((\d+)\))?(?:\s*[,:]|(?=\s+e?\d{3,}\b))"
    volume = (re.search(rf"(?<![\w.])(\d{{1,4}}){after_volume}", tail[year_first.end():]) if year_first
              else re.search(rf"(?<![\w.])(?!(?:19|20)\d\d\b)(\d{{1,4}}){after_volume}", tail))
    tail = tail[year_first.end():] if year_first else tail
    if volume:
        fields["volume"] = volume.group(1)
        after = tail[volume.end():]
        # the number right after the volume ("9(1):48", "48, 9608–9644"), else the first that reads as pages
        pages = re.match(r"\s*((?:[A-Z]?\d+[A-Za-z]?(?:\s?[–—−-]\s?[A-Z]?\d+[A-Za-z]?)?|e\d+(?:[–-]\d+)?))(?=\s*(?:[.;,)(]|$))",
                         after) or _PAGES.search(after)
        if pages:
            fields["pages"] = pages.group(1)
    return {k: v for k, v in fields.items() if v}


# the label a chunk's sentence of a whole entry opens with (chunking.py), and a sub-item's ("(b) ")
ENTRY_LABEL = "Reference {}: "
_BEFORE_NUMBER, _AFTER_NUMBER = ENTRY_LABEL.split("{}")
_LABELS = re.compile(rf"^(?:{re.escape(_BEFORE_NUMBER)}\d+{re.escape(_AFTER_NUMBER.strip())}\s*)?(?:\([a-z]\)\s+)?")


def opens_with_authors(text: str) -> bool:
    """Whether an entry's text, labelled as a chunk's sentence holds it ("Reference 49: T. W. Johannes, R. D.
    Woodyer, H. Zhao, …", "(b) Gambarotta, S.; …") or not, opens with an author list one of the styles reads:
    an entry names the people who wrote the work."""
    return bool(_authors(_LABELS.sub("", text))[0])


def _authors(text: str) -> tuple[str, str]:
    """An entry's text → (its author list, the rest); ("", text) when no pattern reads an author list."""
    # the longest reading: "Neil Smith, J. Lederberg, and Carl Djerassi" is not "Smith, J." after a "Neil"
    matches = [m for m in (pattern.match(text) for pattern in _AUTHOR_LISTS) if m and len(m.group(1)) > 3]
    if not matches:
        return "", text
    match = max(matches, key=lambda m: len(m.group(1)))
    authors = re.sub(r"\s+(?:and|&)$", "", match.group(1).strip(" ,;&"))
    return authors, text[match.end():].lstrip(" ,.;:")


# where a note's own words give way to a work it cites: after a colon, a semicolon or a stop ("… reported: James,
# B. D.; …", "See also: Litzow, M. R.; …")
_NOTE_CITATION = re.compile(r"(?<=[:.;])\s+(?=[A-Z])")


@functools.lru_cache(maxsize=4096)
def works_cited_in_note(text: str) -> tuple[dict[str, str], ...]:
    """The fields (``parse_reference_fields``) of each work a note cites among its own words, as old journals'
    notes do ("Although we … . Production of zirconocene … has been reported: James, B. D.; Nanda, R. K. …
    Inorg. Chem. 1967, 6, 1979-1983. Interestingly, … See also: Litzow, M. R.; …, 1973."): each read from where
    an author list opens after a colon, a semicolon or a stop up to where the next opens; () for an entry opening with its
    authors (one work, or sub-items: ``sub_items``) or a note citing none."""
    if opens_with_authors(text):
        return ()
    starts: list[int] = []
    listed_to = 0  # where the author list of the last work found ends: a stop within it ("B. D.; Nanda") opens none
    for match in _NOTE_CITATION.finditer(text):
        if match.end() >= listed_to and (listed := author_list_end(text[match.end():])):
            starts.append(match.end())
            listed_to = match.end() + listed
    return tuple(parse_reference_fields(text[start:end]) for start, end in zip(starts, [*starts[1:], len(text)]))


def author_list_end(text: str) -> int:
    """Where what follows an entry's author list begins in ``text`` (the entry as printed, without its label:
    "Wiegand, S., Jogler, M., …, Jogler, C., 2020b. Cultivation …" → the offset of "2020b"); 0 when no
    pattern reads an author list."""
    authors, rest = _authors(text)
    return len(text) - len(rest) if authors else 0


def _book_fields(text: str, book: re.Match, fields: dict[str, str]) -> dict[str, str]:
    """Fields of a book or chapter entry: authors, then the title (of the chapter: what precedes ". In Book"),
    editors and pages dropped from it; publisher and year from `book` (a match of _PUBLISHERS in text)."""
    authors, rest = _authors(text[:book.start()])
    venue = book.group("publisher").strip(" ,")
    # "(Chem. Rev. 2005)": a journal abbreviated as ISO 4 does, in a publisher's place
    abbreviated = any(w.lower() in journal_abbreviations() for w in venue.split() if w.endswith("."))
    fields.update({"authors": authors, "journal" if abbreviated else "publisher": venue, "year": book.group("year")})
    rest = re.sub(r",?\s*\d+(?:st|nd|rd|th)\s+edn?\.?", "", _EDITORS.sub("", rest))  # "…, 2nd ed.;"
    after = book.groupdict().get("after") or ""  # "; Vol. 373, pp 1–10." (ACS)
    volume = re.search(r"\bVol\.\s*(\w+)", after)
    if volume:
        fields["volume"] = volume.group(1)
    pages = _BOOK_PAGES.search(rest)
    if pages:
        fields["pages"], rest = pages.group(1), rest[:pages.start()]
    elif pages := re.search(r"\bpp\.?\s*(\d+\s?[–—−-]\s?\d+)", after):
        fields["pages"] = pages.group(1)
    fields["title"] = re.split(r"\.\s+In\s+(?=[A-Z])", rest)[0].strip(" .,;")
    return {k: v for k, v in fields.items() if v}


_JOURNAL_CONNECTORS = {"of", "and", "the", "for", "in", "on", "&", "a", "für", "de", "et", "la", "der", "und"}


def journal_like(text: str) -> bool:
    """Whether text reads as a journal's name: every word an ISO 4 abbreviation ("Eur. J. Org. Chem."),
    a capitalised word or acronym ("Nano Lett.", "Journal of Medicinal Chemistry", "IBM J."), or a
    connector; at least one abbreviation, or six words at most."""
    words = re.findall(r"[^\s,—–]+", text)
    abbreviations = journal_abbreviations()
    abbreviated = 0
    for word in words:
        if word.endswith(".") and word.lower() in abbreviations:
            abbreviated += 1
        elif not (word[:1].isupper() or word.lower() in _JOURNAL_CONNECTORS) or word.endswith(".") and len(word) > 2:
            return False
    return bool(words) and (abbreviated > 0 or len(words) <= 6)


def venue_words(venue: str) -> tuple[str, ...]:
    """The words of a journal's name that ISO 4 keeps, lower case, without full stops or connectors:
    "J. Am. Chem. Soc." → ("j", "am", "chem", "soc"); "Catalysis Science & Technology" → ("catalysis",
    "science", "technology"); "arXiv [cs.CL]" → ("arxiv", "cs", "cl")."""
    return tuple(w for w in re.findall(r"[^\W\d_]+", venue.lower()) if w not in _JOURNAL_CONNECTORS)


def _same_word(a: str, b: str) -> bool:
    """ISO 4 abbreviates a journal's word by cutting its end ("Chem." for Chemistry, Chemical, Chemie), so a
    word and its abbreviation agree when one begins the other."""
    return a.startswith(b) or b.startswith(a)


def names_venue(named: tuple[str, ...], venue: tuple[str, ...]) -> bool:
    """Whether ``named`` (``venue_words`` of how a question names a journal: "J. Org. Chem.", "Journal of
    Organic Chemistry", "Angewandte Chemie") is the journal whose ``venue_words`` are ``venue``, each word
    whole or abbreviated: all of the one against the end of the other, so that a question may leave out an
    edition ("Angewandte Chemie" for "Angew. Chem., Int. Ed.") and an entry whose leading "J." was not read
    ("Org. Chem.") still counts; a part of two words or more, or of all of the shorter one."""
    if not named or not venue:
        return False
    short, long = sorted((named, venue), key=len)
    if len(long) == 1:  # one word alone: whole, or cut after five letters or more ("Biochem."); "Au" is no "Autophagy"
        return _same_word(named[0], venue[0]) and min(len(named[0]), len(venue[0])) >= 5
    if len(short) < len(long) and len(short) < 2:
        return False
    pairs = list(zip(short, long[len(long) - len(short):] if short is venue else long[:len(short)]))
    # one word of three letters or more agreeing: initials alone ("C. R." of Comptes Rendus) begin too many words
    return all(_same_word(a, b) for a, b in pairs) and any(min(len(a), len(b)) >= 3 for a, b in pairs)


_INITIAL = re.compile(r"(?<![^\W\d_])[^\W\d_]\.")  # "R.", "A." of an author's initials; "J." of "J. Am. Chem. Soc."


def venue_readings(journal: str) -> tuple[tuple[str, ...], ...]:
    """The ``venue_words`` of an entry's journal as parsed, and, when an initial ("R.") stands in it after its
    start with words after it, those words too: an author list read only in part leaves its end before the journal
    ("Grubbs, R. H. Organometallics", "Eisch, J. J.; Piotrotrowski, A. Tetrahedron Lett.", "…; D'Andrea, S.
    J. Am. Chem. Soc." → … ("am", "chem", "soc"), which ``names_venue`` reads as "J. Am. Chem. Soc.")."""
    words = venue_words(journal)
    initials = list(_INITIAL.finditer(journal))
    last = initials[-1] if initials else None
    after = venue_words(journal[last.end():]) if last and last.start() else ()  # "J. Chem. Phys." is one journal
    return (words, after) if after else (words,)


def fits_description(records: tuple[tuple[str, str], ...], years: tuple[str, ...], venue: tuple[str, ...]) -> bool:
    """Whether a reference entry, by the (year, journal) of its items (``Index.entry_records``), is a paper a
    question describes ("Which 2016 J. Org. Chem. paper …"): of one of ``years`` and in the journal whose
    ``venue_words`` are ``venue`` (``names_venue`` of any of ``venue_readings``), each when given; any item of an
    entry of several."""
    return any((not years or year[:4] in years)
               and (not venue or any(names_venue(venue, read) for read in venue_readings(journal)))
               for year, journal in records)


def split_title_journal(head: str) -> tuple[str, str]:
    """"Title. Journal" → (title, journal). The journal is what follows the first ". " after which all
    reads as a journal's name (journal_like); failing that, the title ends at the last ". " after a whole
    word (in lower case, one the English lexicon knows, a number or a bracket)."""
    known = english_words()
    head = head.strip(" ,;")
    stops = list(re.finditer(r"(\S+)\.\s+(?=[A-Z0-9]|arXiv|bioRxiv|medRxiv)", head))
    abbreviations = journal_abbreviations()
    # a title has three words or more and no abbreviated one: "Angew. Chem. | Int. Ed." and "IEEE J. |
    # Photovoltaics" are journals
    for match in stops:
        title = head[:match.end(1)].strip(" .*_")
        if (len(title.split()) >= 3 and not any(w.lower().strip(",") in abbreviations
                                                for w in title.split()[:-1] if w.rstrip(",").endswith("."))
                and journal_like(head[match.end():].strip(" ,*_"))):
            return title, head[match.end():].strip(" ,*_")
    if journal_like(head):
        return "", head.strip(" ,*_")
    cut = None
    for match in stops:
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


# "(a) A. Name, …; (b) …" (RSC), "(a) Name, A. …. (b) …" (ACS): sub-items of one numbered entry
_SUB_ITEM = re.compile(r"(?:^|(?<=[;.:])\s+)\(([a-z])\)\s+")


def sub_items(text: str) -> list[tuple[str, int, int]]:
    """An entry's sub-items as (label, start, end) offsets of their text (without the "(b)" or the "; " after
    it), labels a, b, c, … in turn: from the entry's start, or after a note's words when two or more follow them
    ("… have been reported. Monomeric: (a) Hill, J. E.; … Dimeric: (b) …"); [] when no "(a)" opens them."""
    found: list[tuple[str, int, int]] = []  # label, where its "(b)" starts, where its text starts
    for match in _SUB_ITEM.finditer(text):
        if match.group(1) == chr(ord("a") + len(found)):
            found.append((match.group(1), match.start(), match.end()))
    if not found or found[0][1] > 0 and len(found) < 2:
        return []
    ends = [at for _, at, _ in found[1:]] + [len(text)]
    return [(label, begin, len(text[:end].rstrip(" ;"))) for (label, _, begin), end in zip(found, ends)]


def entry_parts(text: str) -> list[tuple[int, int]]:
    """The parts of an entry quoted one at a time, as (start, end) offsets: the note's words before its first
    sub-item, if any ("… have been reported. Monomeric:"), then each sub-item (``sub_items``); [] for an entry
    of one work."""
    items = sub_items(text)
    if not items:
        return []
    opening = re.sub(r"\s*\(a\)\s*$", "", text[:items[0][1]])
    return [(0, len(opening))] * bool(opening) + [(start, end) for _, start, end in items]


def parse_reference(number: int, text: str, spans: tuple[Span, ...]) -> Reference:
    """A reference entry with its fields parsed (see the module's docstring). `text` is
    join_spans(source, spans). Of an entry with sub-items the fields are the first's, and the others are its
    `parts`, each with its label, its source spans and its fields."""
    items = sub_items(text)
    if not items:
        return Reference(number=number, text=text, spans=spans, **parse_reference_fields(plain_entry_text(text)))
    parts = [Reference(number=number, text=text[start:end], label=label, spans=tuple(sub_spans(spans, start, end)),
                       **parse_reference_fields(plain_entry_text(text[start:end])))
             for label, start, end in items]
    return dataclasses.replace(parts[0], text=text, spans=spans, label="", parts=tuple(parts[1:]))


def plain_entry_text(text: str) -> str:
    """The entry without markdown emphasis (*Journal* **2020**, as the corpus's text files write it)."""
    return re.sub(r"(\*{1,3}|_{2})(.+?)\1", r"\2", text)


# --- author-year citations ("(Lam and Kuypers, 2011)", "Wiegand et al. (2018)") --------------------------------

_YEARS = r"(?:19|20)\d\d[a-z]?(?:,\s?(?:(?:19|20)\d\d)?[a-z]?)*?"  # "2018", "2019a, b", "2018, 2020"
_CITED_NAMES = rf"(?P<first>{_SURNAME})(?:\s(?:and|&)\s(?P<second>{_SURNAME})|\set\sal\.?)?"
# in parentheses, one item of a list split at ";": "Bader et al., 2020", "e.g. Lam and Kuypers 2011"
_CITED_ITEM = re.compile(rf"{_CITED_NAMES},?\s(?P<years>{_YEARS})(?![\w])")
# in the running text: "Wiegand et al. (2018)", "Lam and Kuypers (2011a, b)"
_CITED_NARRATIVE = re.compile(rf"{_CITED_NAMES}\s\((?P<years>{_YEARS})\)")
_PARENTHESES = re.compile(r"\(([^()]{6,400})\)")
_SURNAME_OF_ENTRY = re.compile(rf"({_SURNAME}),\s?{_INITIALS}")


# a name: a capital, then small letters, in parts ("Kelen", "Tüdős", "McGlynn"); not "PbS", "LLMs", "J."
_SMALL_LETTER = rf"[^\W\d_A-Z{NAME_CAPITALS}]"
NAME_WORD = re.compile(rf"(?<![\w'’])(?:[{NAME_CAPITALS}]{_SMALL_LETTER}+)+(?!\w)")


def name_keys(text: str) -> frozenset[str]:
    """The names of ``text`` (``NAME_WORD``) of three letters or more, as they are compared (``fold_name``), each
    part of a hyphenated name apart ("Hanna-Ashbaugh" → hanna, ashbaugh)."""
    return frozenset(fold_name(word) for word in NAME_WORD.findall(text) if len(word) >= 3)


def entry_name_keys(fields: dict, text: str) -> frozenset[str]:
    """The names of a reference entry's authors and editors, as ``name_keys`` compares them: of its parsed
    ``fields`` (its sub-items' too) and of its editors ("Wirth, T., Ed.", "(ed. Tu, Y.)"), or, when no author
    list was read ("Mun ̃iz, K.; Barreiro, L."), of its ``text`` up to its year."""
    authors = " ".join(f.get("authors", "") for f in (fields, *fields.get("parts", ())))
    year = _YEAR.search(text)
    read = authors if authors.strip() else text[:year.start()] if year else text
    return name_keys(" ".join([read, *(m[0] for m in _EDITORS.finditer(text))]))


def fold_name(word: str) -> str:
    """A name as compared: case and accents aside ("Tüdős" → "tudos")."""
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()


def _name_key(name: str) -> str:
    """A surname as compared: case, spaces, hyphens and apostrophes aside ("van Teeseling" = "Van Teeseling")."""
    return re.sub(r"[\s'’\-]", "", name).casefold()


@dataclasses.dataclass(frozen=True)
class AuthorYearIndex:
    """The entries of an author-year reference list by (first author's surname, year with its letter), to
    resolve citations that name them ("(Lam and Kuypers, 2011)") to entry numbers. Only lists whose entries
    begin "Surname, A. B." (Elsevier, APA, Harvard) are read so; a numbered list's entries are cited by number.

    ``entries``: (surname key, year, letter) → (entry number, second author's surname key, number of authors),
    in list order."""

    entries: dict[tuple[str, str, str], tuple[tuple[int, str, int], ...]]

    @classmethod
    def of(cls, references: tuple[Reference, ...] | list[Reference]) -> AuthorYearIndex:
        found: dict[tuple[str, str, str], list[tuple[int, str, int]]] = {}
        for reference in references:
            surnames = _SURNAME_OF_ENTRY.findall(reference.authors)
            letter = re.search(rf"\b{reference.year}([a-z])\b", reference.text) if reference.year else None
            if surnames and reference.authors.startswith(surnames[0]) and reference.year:
                key = (_name_key(surnames[0]), reference.year, letter.group(1) if letter else "")
                second = _name_key(surnames[1]) if len(surnames) > 1 else ""
                found.setdefault(key, []).append((reference.number, second, len(surnames)))
        return cls({key: tuple(numbers) for key, numbers in found.items()})

    def cited(self, text: str) -> tuple[int, ...]:
        """Numbers of the entries that ``text`` cites by author and year, in order, each once. A citation that
        names no entry, or two entries alike (same first author and year, no letter, no second author to tell
        them apart), resolves to none."""
        if not self.entries:
            return ()
        matches = [m for group in _PARENTHESES.finditer(text) for part in group.group(1).split(";")
                   for m in _CITED_ITEM.finditer(part)]
        matches += list(_CITED_NARRATIVE.finditer(text))
        numbers: list[int] = []
        for match in matches:
            first, second = _name_key(match.group("first")), _name_key(match.group("second") or "")
            # "A and B" names two authors, "A et al." three or more, "A" one
            authors = 2 if second else 3 if "et al" in match.group(0) else 1
            year = None
            for item in re.split(r",\s?", match.group("years")):
                year, letter = (item[:4], item[4:]) if item[:1].isdigit() else (year, item)
                numbers += self._resolve(first, second, authors, year, letter)
        return tuple(dict.fromkeys(numbers))

    def _resolve(self, first: str, second: str, authors: int, year: str | None, letter: str) -> list[int]:
        candidates = self.entries.get((first, year, letter), ()) if year else ()
        if len(candidates) > 1:  # told apart by the authors the citation names, as far as they tell
            alike = [c for c in candidates if (c[1] == second and c[2] == 2 if second else min(c[2], 3) == authors)]
            candidates = alike or candidates
        return [candidates[0][0]] if len(candidates) == 1 else []
