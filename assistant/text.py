"""Text primitives shared by ingestion, indexing and querying.

- citation markers: superscript digits (¹, ²⁵, ¹⁶⁻¹⁸) and ``^{16,17}`` groups,
  told apart from chemistry (the ²⁻ of CO₃²⁻ is a charge, 10⁶ an exponent);
- search normalization: what is embedded and matched (NFKC, one dash, no
  markdown, no markers, collapsed whitespace), applied to text and queries alike;
- sentence splitting with offsets, aware of abbreviations, initials and markers;
- the BM25 tokens of search text.
"""
from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP = f"[{SUPERSCRIPT_DIGITS}]"
_SUP_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")
_RANGE_DASHES = "-‐‑‒–—−⁻"

# ¹, ²⁵, ¹⁶˒¹⁷, ¹⁶⁻¹⁸ — a run of superscript digits, possibly a list or range; not the mass number of an
# isotope (¹³C: a letter follows) nor part of a longer run or a charge (CO₃²⁻).
_SUPERSCRIPT_MARKER = re.compile(
    rf"(?<![{SUPERSCRIPT_DIGITS}])({_SUP}+(?:[,˒‚⁻–-]{_SUP}+)*)(?![{SUPERSCRIPT_DIGITS}⁺⁻A-Za-z])"
)
# ^{16,17}, ^{[139]} (Wiley's bracketed superscripts), ^{8g} (RSC's sub-item g of entry 8)
_CARET_MARKER = re.compile(r"\^\{\s*\[?\s*(\d+[a-z]?(?:\s*[,–\-]\s*\d+[a-z]?)*)\s*\]?\s*\}")
# [12], [3, 5], [7–9]: not [2]catenane or [2.2.2]cryptand (a letter or a dot follows or is inside)
_BRACKET_MARKER = re.compile(r"\[(\d+(?:\s*[,–\-]\s*\d+)*)\](?![A-Za-z])")
_BASE = re.compile(r"(?:(?P<number>\d+(?:[.,]\d+)?)|(?P<word>[^\W\d_]+))$")
# a reference number a scan's OCR layer set on the line, its superscript lost: after the stop or comma closing a
# word ("enamines.31 Although", "complex,32 it", "reactions),43"), or glued to an English word of four letters or
# more ("isolable species3 or", Makromol. Chem.'s "our previous papers13)"); a number after a digit's stop is a
# decimal ("0.31"), after a short word or a capital a formula's ("CH3", "Cp2")
_INLINE_MARKER = re.compile(r"(?:(?<=[^\W\d_][.,;:])|(?<=\)[.,;:]))(\d{1,3}(?:[,–-]\d{1,3})*)(?=\s|$)"
                            r"|(?<![\w-])(?P<word>[a-z]{4,})(?P<numbers>\d{1,3}(?:[,–-]\d{1,3})*)\)?(?=[\s.,;:)]|$)")


def data_file(name: str) -> dict:
    """assistant/data/<name>, a YAML file of rules or a lexicon, parsed (not cached: each reader caches what it
    builds from it). Raises OSError when the package was installed without it."""
    import yaml

    with open(Path(__file__).with_name("data") / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


@functools.lru_cache(maxsize=1)
def superscript_rules() -> dict:
    """assistant/data/superscripts.yaml: the units after which a superscript is a power, and examples."""
    return data_file("superscripts.yaml")


def is_power(text: str, start: int) -> bool:
    """Whether the superscript at ``start`` of ``text`` is an exponent or a charge rather than a citation
    marker, from what it is printed against (rules in assistant/data/superscripts.yaml): a sign, the
    number 10, a unit, an orbital, an element symbol, a single letter or a Greek letter. Another number (2019³) is no base of a power."""
    before = text[:start]
    if before.endswith(("⁻", "⁺", "-", "−", "+")):
        return True
    base = _BASE.search(before)
    if base is None:
        return False
    if base.group("number"):
        return base.group("number") == "10"
    word = base.group("word")
    rules = superscript_rules()
    return (len(word) == 1 or "α" <= word[-1] <= "ω" or word in rules["units"] or word in rules["orbitals"]
            or word in _symbol_set())


@dataclass(frozen=True)
class Marker:
    start: int
    end: int
    numbers: tuple[int, ...]


def _expand_numbers(text: str) -> tuple[int, ...]:
    numbers: list[int] = []
    for part in re.split(r"[,˒‚]", text):
        bounds = [int(b.strip().rstrip("abcdefghijklmnopqrstuvwxyz")) for b in re.split(f"[{_RANGE_DASHES}]", part)
                  if b.strip()]
        if len(bounds) == 2 and bounds[0] < bounds[1] <= bounds[0] + 50:
            numbers.extend(range(bounds[0], bounds[1] + 1))
        else:
            numbers.extend(bounds)
    return tuple(numbers)


def find_markers(text: str, n_references: int) -> list[Marker]:
    """Citation markers in ``text`` whose numbers all name one of ``n_references`` entries:
    superscripts (¹, ²⁵, ¹⁶⁻¹⁸), ``^{16,17}`` groups, bracketed numbers ([3], [7–9]) and, from a scan's OCR
    layer, reference numbers set on the line (``_INLINE_MARKER``: "enamines.31 Although", "papers13)").

    A superscript is not a marker when it is a power or a charge (see is_power: 10⁶, cm⁻¹, x²), the
    mass number of an isotope (¹³C) or followed by a charge sign (CO₃²⁻, Fe³⁺); numbers that do not
    resolve to a reference are not markers either.
    """
    if n_references <= 0:
        return []
    markers = []
    for match in _SUPERSCRIPT_MARKER.finditer(text):
        if not is_power(text, match.start()):
            markers.append(Marker(match.start(), match.end(), _expand_numbers(match.group(1).translate(_SUP_TO_ASCII))))
    for match in _CARET_MARKER.finditer(text):
        if not is_power(text, match.start()):
            markers.append(Marker(match.start(), match.end(), _expand_numbers(match.group(1))))
    for match in _BRACKET_MARKER.finditer(text):
        if any(m.start <= match.start() < m.end for m in markers):  # the [139] inside ^{[139]}
            continue
        markers.append(Marker(match.start(), match.end(), _expand_numbers(match.group(1))))
    for match in _INLINE_MARKER.finditer(text):
        if match.group("word") is None:
            markers.append(Marker(match.start(), match.end(), _expand_numbers(match.group(1))))
        elif is_english(match.group("word")):
            markers.append(Marker(match.start("numbers"), match.end(), _expand_numbers(match.group("numbers"))))
    return sorted(
        (m for m in markers if m.numbers and all(1 <= n <= n_references for n in m.numbers)),
        key=lambda m: m.start,
    )


def remove_markers(text: str, markers: list[Marker]) -> str:
    for marker in sorted(markers, key=lambda m: m.start, reverse=True):
        text = text[: marker.start] + text[marker.end :]
    return text


# a date as papers print them: "December 3, 2020", "3 December 2020", "21st February 2023", "Dec. 3, 2020",
# "2020-12-03" (a regular expression, for use inside others)
DATE = (r"(?:(?:\d{1,2}(?:st|nd|rd|th)?\s)?(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s"
        r"(?:\d{1,2}(?:st|nd|rd|th)?,?\s)?(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)")
# a DOI as the text prints it ("10.1021/acs.joc.2c02309"), not the stop after it: the page reader keeps a turned
# line printing one (pdf.drop_furniture), the first page's reading takes the paper's from it (structure.py)
DOI = re.compile(r"\b10\.\d{4,9}/[^\s\"<>]+[^\s\"<>.,;)\]]")
# a line stating when the paper was published ("Published on 12 July 2023", "Published online: December 13, 2021")
PUBLISHED_ON = re.compile(rf"\bpublished(?: online)?(?: on)?:?\s+{DATE}", re.I)

# a name with a digit or a capital inside ("SrZrS3", "GPT-4o", "LitQA2", "FLT3", "IC50"): a paper speaking of the
# thing names it; a compound's number ("2a"), a nucleus ("1H") and a hyphenated modifier ("CaCo3-catalysed" →
# "CaCo3") or position ("ortho-CF3", "p-NO2" → "CF3", "NO2": a paper writes "2-(trifluoromethyl)phenyl") aside,
# and a piece of a chemical name cut at a list of locants ("dihydro-1,3-oxazine" is no "dihydro-1")
_IDENTIFIER = re.compile(r"(?<![\w-])(?=[\w-]*[A-Za-z])(?=[\w-]*(?:\d|[a-z][A-Z]))[A-Za-z0-9][\w-]*[A-Za-z0-9](?![\w-]|,\d)")
_MODIFIER_HYPHEN = re.compile(r"-(?=[a-z]{3,}$)|(?:(?<=^ortho)|(?<=^meta)|(?<=^para)|(?<=^[omp]))-")
_NUMBER_LABEL = re.compile(r"\d+[a-z]?|\d+-\w+|\d{1,3}[A-Z][a-z]?")  # "2a", "4-iodo", a nucleus "1H", "13C"


def identifiers(text: str) -> tuple[str, ...]:
    """The identifier-like names of ``text`` (see _IDENTIFIER), each as ``flat`` writes it."""
    parts = [p for word in _IDENTIFIER.findall(text) for p in _MODIFIER_HYPHEN.split(word)]
    return tuple(dict.fromkeys(flat(p) for p in parts if _IDENTIFIER.fullmatch(p) and not _NUMBER_LABEL.fullmatch(p)))


# British spellings the (American) English lexicon lacks, read as their American forms: "catalysed",
# "colours", "neighbouring", "centre", "analogue"; and the American endings a British paper writes otherwise
# ("copolymerization" / "copolymerisation")
_BRITISH = ((re.compile(r"ys(e|ed|es|ing)$"), r"yz\1"), (re.compile(r"is(e|ed|es|ing|ation|ations)$"), r"iz\1"),
            (re.compile(r"our(s|ed|ing|able|ably|ite|ites|al|ally|less|ful)?$"), r"or\1"), (re.compile(r"tre(s?)$"), r"ter\1"),
            (re.compile(r"ogue(s?)$"), r"og\1"))
_AMERICAN = ((re.compile(r"iz(e|ed|es|ing|ation|ations)$"), r"is\1"), (re.compile(r"yz(e|ed|es|ing)$"), r"ys\1"))
TERM_LETTERS = 5  # a shorter word outside the lexicon is as often a short form or a unit ("PBE0", "kcal") as a term
_WORD_PART = re.compile(r"[^\W\d_]+")  # letters of any script: "Brønsted" is one word, not "Br" and "nsted"


# letters of each word at least where a closed word is read as two ("wavenumber" as "wave number", "phenyl" of
# "trifluoromethylphenyl"): a shorter part is a prefix or an ending a word may begin or end with anywhere ("pre",
# "ion"; "percent" is no "per cent")
TWO_WORDS_PART = 4


def two_word_splits(word: str) -> list[tuple[str, str]]:
    """The ways ``word`` splits into two words of TWO_WORDS_PART letters or more, the shortest first part first:
    "wavenumber" → [("wave", "number"), ("waven", "umber"), …]; [] for a word too short to split."""
    return [(word[:i], word[i:]) for i in range(TWO_WORDS_PART, len(word) - TWO_WORDS_PART + 1)]


def spelling_variants(word: str) -> tuple[str, ...]:
    """``word`` with its British and American spellings (``_BRITISH``, ``_AMERICAN``): "copolymerization" → also
    "copolymerisation"; "catalysed" → also "catalyzed"."""
    return tuple(dict.fromkeys([word, *(pattern.sub(to, word) for pattern, to in (*_BRITISH, *_AMERICAN))]))


@functools.lru_cache(maxsize=1)
def reagent_names() -> dict:
    """assistant/data/reagent_names.yaml: groups of the names a paper writes for one reagent, and examples."""
    return data_file("reagent_names.yaml")


@functools.lru_cache(maxsize=1)
def _reagent_groups() -> dict[str, tuple[str, ...]]:
    """Each name of a reagent (``flat``) → all its group's names (``reagent_names``)."""
    groups = [tuple(flat(name) for name in group) for group in reagent_names()["groups"]]
    return {name: group for group in groups for name in group}


@functools.lru_cache(maxsize=1)
def _names_in_words() -> dict[str, tuple[str, ...]]:
    """A reagent's formula or short form (``flat``) → its names in words (reagent_names.yaml, ``in_words``)."""
    return {flat(formula): tuple(flat(name) for name in names) for formula, names in reagent_names()["in_words"].items()}


def names_in_words(formula: str) -> tuple[str, ...]:
    """The names in words, flattened, a paper may write for a reagent a question writes by its formula or short
    form ("KOH" → ("potassium hydroxide",); reagent_names.yaml, ``in_words``); () for any other name."""
    return _names_in_words().get(flat(formula), ())


def singulars(word: str) -> list[str]:
    """A lower-case word and the singulars it may be the plural of: "bromoindoles" → [.., "bromoindole"],
    "complexes" → [.., "complexe", "complex"], "studies" → [.., "study", …]."""
    forms = [word]
    if word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        forms.append(word[:-2])
    if word.endswith("s") and not word.endswith("ss"):
        forms.append(word[:-1])
    return forms


def written_forms(term: str) -> tuple[str, ...]:
    """The forms a paper may write a lower-case ``term`` in, flattened (``flat``): its British and American
    spellings (``spelling_variants``), the singular of a plural ("bromoindoles" of a paper writing "bromoindole",
    ``singulars``) and, for a reagent, its other standard names (reagent_names.yaml: "triethylamine" → also
    "et3n", "net3"), for a partly saturated ring, its other name (``hydro_ring_forms``: "oxazoline" → also
    "dihydrooxazol")."""
    variants = list(dict.fromkeys(v for s in singulars(term) for v in spelling_variants(s)))
    return tuple(dict.fromkeys((*variants, *(name for v in variants for name in _reagent_groups().get(flat(v), ())),
                                *(form for v in variants for form in hydro_ring_forms(v)))))


def hydro_ring_forms(name: str) -> tuple[str, ...]:
    """The other name of a partly saturated ring (reagent_names.yaml, ``hydro_rings``), without its last letter,
    so that a plural or a substituent's ending may follow ("dihydrooxazol-5-yl"): "oxazoline" → ("dihydrooxazol",),
    "dihydrooxazole" → ("oxazolin",); () for any other name ("quinoline")."""
    forms = []
    for saturated, prefix, ring in reagent_names()["hydro_rings"]:
        if name.endswith(saturated):
            forms.append(prefix + name[:-len(saturated)] + ring[:-1])
        elif name.startswith(prefix) and name.endswith(ring):
            forms.append(name[len(prefix):-len(ring)] + saturated[:-1])
    return tuple(forms)


def is_english(word: str) -> bool:
    """Whether the English lexicon holds a lower-case word in either spelling ("litre" as "liter")."""
    english = english_words()
    return any(variant in english for variant in spelling_variants(word))


def technical_terms(text: str, known: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The technical terms of ``text``: its words (a hyphenated word part by part: "iodobenzene-catalysed")
    of TERM_LETTERS letters or more that neither the English lexicon (in British spelling too) nor ``known``
    holds, lower-cased: "methanesulfonic", "propiophenone", "thermogravimetric". A paper speaking of the thing
    writes the word (or another form of it); not a word with a letter outside ASCII ("Brønsted", "Tüdős"), which
    papers and their OCR write in several ways ("Bronsted", "Tiidbs")."""
    found = [word.lower() for word in _WORD_PART.findall(_NEGATED_AUXILIARY.sub("", text)) if word.isascii()]
    return tuple(dict.fromkeys(w for w in found if len(w) >= TERM_LETTERS and w not in known and not is_english(w)))


_NEGATED_AUXILIARY = re.compile(r"n['’]t\b", re.I)  # "couldn't" is "could" and a negation, not the word "couldn"


# a word the English lexicon holds that names a compound by the ending chemical nomenclature gives it, and that the
# lexicon's frequency list counts at most RARE_CHEMICAL_COUNT times (where most words stand at its floor of 50:
# "nitrobenzene" 50, "perchlorate" 50, "ethylene" 280; "oxide" 1097, "solution" 12k) names a substance as a word
# outside the lexicon does: a paper speaking of it writes it. Not an element's name, which a paper may write
# by its symbol only ("barium" / "BaZrS3"). On the 5387 tuning questions: +12 −2 (the editorial's own −1; its
# held-out splits unchanged)
RARE_CHEMICAL_COUNT = 300
_CHEMICAL_ENDING = re.compile(r"(?:ene|ane|yne|ine|ide|ate|ite|ium|yl|ol|one)s?$")


def chemical_names(text: str, known: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The rare chemical names of ``text`` the English lexicon holds (``_CHEMICAL_ENDING``, at most
    RARE_CHEMICAL_COUNT in its frequency list; not an element's name, nor one ``known`` holds), lower-cased,
    each once: "… copolymerized in nitrobenzene?" → ("nitrobenzene",)."""
    frequency, elements = english_frequency(), element_symbols()
    found = [word.lower() for word in _WORD_PART.findall(text)]
    return tuple(dict.fromkeys(
        w for w in found if len(w) >= TERM_LETTERS and w not in known and w not in elements
        and 0 < frequency.get(w, 0) <= RARE_CHEMICAL_COUNT and _CHEMICAL_ENDING.search(w)))


# a short form in capitals ("NBO", "RMSE", "SLME", "KCNs"): letters only (one with a digit is an identifier)
_ACRONYM = re.compile(r"(?<![\w-])([A-Z]{2,})s?(?![\w-])")
_ROMAN = re.compile(r"[IVX]+")  # "Table III", "iodine(III)": a numeral


def acronyms(text: str, known: frozenset[str] = frozenset()) -> tuple[str, ...]:
    """The short forms in capitals ``text`` writes, singular, each once, but those of ``known``: "What RMSE did
    SolvBERT reach?" → ("RMSE",). A paper speaking of the thing writes it (a technical term's rule, for the
    words the length of ``technical_terms`` leaves out)."""
    return tuple(dict.fromkeys(a for a in _ACRONYM.findall(text) if a not in known and not _ROMAN.fullmatch(a)))


# letters of a short form at least for its long form to count (writes_long_form): a paper of 10,000 words holds
# many runs of three content words with any three given initials, of four few
LONG_FORM_LETTERS = 4


def writes_long_form(text: str, acronym: str, letters: int = LONG_FORM_LETTERS) -> bool:
    """Whether ``text`` writes words whose initials spell a short form in capitals, one content word per letter,
    joined by spaces or hyphens, in any case ("high resolution mass spectroscopy" or "High-Resolution Mass
    Spectrometry" for "HRMS"): a paper may spell out what a question abbreviates and never write the short form.
    A function word starts none of them ("mass of the sample" is no "MOS"), and a short form of fewer than
    ``letters`` has none: a paper holds too many runs of three words spelling one ("per lead equivalent", "use
    statistical"); a title's few words may be read for any ("Large Language Models" for "LLM", ``letters`` 2)."""
    return len(acronym) >= letters and _long_form(acronym).search(text) is not None


@functools.lru_cache(maxsize=256)
def _long_form(acronym: str) -> re.Pattern:
    """``writes_long_form``'s pattern for one short form, built once. Each word's letter is matched before the
    function-word lookahead: that long alternation is then tried only at words opening with the letter, not at
    every word of a paper (a 370,000-character review: 190 ms → a few)."""
    stop = "|".join(sorted(_function_words(), key=len, reverse=True))
    words = [rf"(?=(?i:{re.escape(letter)}))(?!(?i:{stop})(?![A-Za-z]))[A-Za-z][a-z]*(?:-[a-z]+)*" for letter in acronym]
    return re.compile(r"(?<![A-Za-z])" + r"(?:\s+|-)".join(words) + r"(?![A-Za-z])")


def spells_out(text: str, short_forms: tuple[str, ...]) -> bool:
    """Whether ``text`` spells out one of ``short_forms``, singular or plural either way ("QD" by "quantum dots
    (QDs)"): its long form before it in parentheses ("Scientific Inspiration Machines Optimized for Novelty
    (SciMON)"), after it in parentheses starting with its first letter ("SciMON (Scientific …)", not "QDs (see
    Figure S10)"), or after it with "=" or ":" and words (a table's footnote: "HFIP = 1,1,1,3,3,3-hexafluoro-2-propanol";
    not a value: "PS = 17%")."""
    for form in short_forms:
        name = re.escape(form[:-1] if form.endswith("s") and form[:-1].isupper() else form) + "s?"
        if re.search(rf"\w\W*\(\s*{name}\s*[,;)]|(?<![\w-]){name}(?:\s*[=:]\s*[^\s;]*[A-Za-z]|\s*\(\s*(?i:{re.escape(form[0])})"
                     rf"[A-Za-z][^()]{{4,}}\))", text):
            return True
    return False


# a short form as papers define one: no space or comma, two capitals or more ("QDs", "BGCs", "mCPBA", "pHMM"),
# not a sentence's fragment the extractor read as one ("Si" → "set by existing", "PS, 92%"); a long form of a few words
_SHORT_FORM = re.compile(r"[^\s,;]*[A-Z][^\s,;]*[A-Z][^\s,;]*")
SHORT_FORM_WORDS = 8  # a longer "definition" is a clause the extractor took for one


def defined_short_forms(text: str) -> tuple[tuple[str, str], ...]:
    """The short forms a text defines, each with its long form: "quantum dots (QDs)" → (("QDs", "quantum dots"),), by
    the Schwartz–Hearst algorithm (Schwartz & Hearst, Pac. Symp. Biocomput. 2003, 451–462; the
    ``abbreviation-extractor`` package), the first definition of each, kept when it looks like one
    (``_SHORT_FORM``, at most SHORT_FORM_WORDS words)."""
    from abbreviation_extractor import extract_abbreviation_definition_pairs

    pairs = extract_abbreviation_definition_pairs(text, first_definition=True)
    return tuple((p.abbreviation, p.definition) for p in pairs
                 if _SHORT_FORM.fullmatch(p.abbreviation) and len(p.definition.split()) <= SHORT_FORM_WORDS)


_LABEL_NAMES = {"figure": r"fig(?:ure)?\.?", "scheme": r"scheme", "table": r"tab(?:le|\.)"}
# a caption's label read as a sentence of its own: "Table 1.", "TABLE S2:", "Figure 5.", "(Scheme 1)", and "Tab."
# when OCR parts it from its number
LABEL_ONLY = re.compile(r"\W*(?:table|tab|fig(?:ure)?|scheme)\.?(?:\s*(?:S?\d+[a-z]?|[IVXL]+))?[.:]?\W*", re.I)


_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50}


def label_number(number: str) -> str:
    """A figure's, scheme's or table's number as digits, whichever way it is written: "II" → "2", "4" → "4",
    "S1" → "S1". A 1991 paper's "Table IV" is a reader's "Table 4", and OCR reads a scan's "Tab. 1" as "Tab. I"."""
    number = number.upper()
    if not number or any(c not in _ROMAN_VALUES for c in number):
        return number
    values = [_ROMAN_VALUES[c] for c in number]
    return str(sum(-v if v < after else v for v, after in zip(values, values[1:] + [0])))


def opens_with_label(text: str, labels: tuple[tuple[str, str], ...]) -> bool:
    """Whether ``text`` opens with one of ``labels`` ((kind, number): ("figure", "5"), ("scheme", "1")), as a caption does:
    "Figure 5.", "FIGURE 5", "Fig. 5", "Scheme 1", "Table II" (not "Table III"), its number either way
    (``label_number``: "Table II" is ("table", "2"))."""
    for kind, number in labels:
        opened = re.match(rf"{_LABEL_NAMES[kind]}\s*(S?\d+|(?-i:[IVX]+))(?!\d|(?-i:[IVX]))", text, re.I)
        if opened and label_number(opened.group(1)) == label_number(number):
            return True
    return False


def flat(text: str) -> str:
    """``text`` normalized, in lower case, without hyphens and the marks of scripts ("CaZn_{3}", "IC₅₀", "Ca–Co3"
    → "cazn3", "ic50", "caco3"), and without a bracket closing on a name's next part, which speech leaves out
    ("[1,1′-Biphenyl]-2-yl" → "[1,1'biphenyl2yl", holding "biphenyl2yl"; "[Ph₃C][B(C₆F₅)₄]" keeps its
    brackets): to tell whether a document names a thing however its PDF sets it."""
    return re.sub(r"\](?=\w)", "", re.sub(r"[_{}^-]", "", normalize(text).lower()))


def writes_initials(text: str, initials: str) -> bool:
    """Whether ``text`` names an author by ``initials`` (query.authors_initials: given initials, then one per
    part of the family name), as author contributions write them, each with its full stop: "A.J.M." or "A. J.
    M." for "AM" (a middle initial the question left out may stand between), "T.K.C." for "TKC"; not a word in
    capitals ("ADAM")."""
    if len(initials) < 2:
        return False
    stop = r"\.\s?-?"  # "O.B.-K.": a hyphenated family name's initials
    pattern = (rf"(?<![A-Za-z.]){initials[0]}{stop}(?:[A-Z]{stop}){{0,2}}"
               + "".join(f"{c}{stop}" for c in initials[1:-1]) + rf"{initials[-1]}\.")
    return re.search(pattern, text) is not None


# a locant of a chemical name: a number (or numbers) before or between its hyphens ("2-aza-6-oxa-1-titanacyclohex-
# 2-ene", "1,3-oxazine"); a hyphen's white space is a line break within the name
_LOCANT = re.compile(r"(?<![\w.,])\d+(?:,\d+)*(?=-)|(?<=-)\d+(?:,\d+)*(?=-)")


def without_locants(text: str) -> str:
    """``text`` as ``flat`` writes it, its chemical names without their locants: "2-aza-6-oxa-1 -titanacyclohex-
    2-ene" → "azaoxatitanacyclohexene", the name a reader gives the ring speaking of it."""
    return flat(_LOCANT.sub("", re.sub(r"\s*-\s*", "-", normalize(text))))


# the labels of a paper's dates, by the event each dates ("Received:", "Manuscript received:", "Version of record
# online:"): one pattern each, for use inside others
DATE_LABELS = {
    "received": r"(?:manuscript )?received|date of receipt",
    "accepted": r"(?:manuscript )?accepted",
    "revised": r"revised",
    "published": r"published|available online|version of record",
    "history": r"article history",
}

# a statement of the paper's licence ("This article is licensed under a Creative Commons Attribution 4.0 …",
# "This is an open access article under the CC BY license", "published under an ACS AuthorChoice License")
# a negation: a sentence that denies what the question names adds an answer to it ("Did the authors declare any
# conflict of interest?" / "The authors declare no conflict of interest.")
NEGATION = re.compile(r"\b(?:no|not|never|none|neither|nor|without|cannot)\b|n't\b", re.I)
LICENCE_STATEMENT = re.compile(r"\blicen[cs]ed\b|\bcreative commons\b|\bCC[ -]BY\b|"
                               r"\bunder (?:an?|the) [^.]{0,60}?licen[cs]e\b", re.I)

# a copyright notice ("© 2021 The Authors", "Copyright: © 2021 by the authors"), not "the copyright holder" of a
# licence's terms nor a figure's credit ("Reproduced with permission. Copyright 2016, Wiley-VCH."); "C 2014
# American Chemical Society" is the © of a symbol font that some ACS PDFs map to "C"; the match runs to the end of
# the notice's clause ("© 2021 The Authors.")
COPYRIGHT_STATEMENT = re.compile(r"(?:©(?!\s*(?:19|20)\d\d,)|\bcopyright\b(?!\s+holder)(?!\s+(?:19|20)\d\d,)"
                                 r"|(?-i:(?<![\w.,])C (?:19|20)\d\d (?=[A-Z])))[^.;]*\.?", re.I)
# labels of page 1's lines that state a field by their own words; one ends where the next begins on a line the
# reading joined ("Keywords: isoindole; … natural products Guest Editor: J. S. Dickschat")
_KEYWORDS_LABEL = r"\bkey\s?words\b"
_EDITOR_LABEL = r"\b(?:academic|guest|handling|associate)\s+editor\b"
_LINE_STATED = rf"\s*:?\s*\S[^\n]*?(?=\s+(?:{_KEYWORDS_LABEL}|{_EDITOR_LABEL})|\s*(?:\n|$))"
# a paper's keyword list, from its label on ("Keywords: cascade · C–H functionalization · …", "KEYWORDS: lead
# sulfide . PbS . …" run into the byline's line) to the end of its line
KEYWORDS_STATEMENT = re.compile(_KEYWORDS_LABEL + _LINE_STATED, re.I)
# the editor a journal names for the paper ("Academic Editor: Chia-Hung Kuo", "Guest Editor: J. S. Dickschat"),
# from the label to the end of its line
EDITOR_STATEMENT = re.compile(_EDITOR_LABEL + _LINE_STATED, re.I)
_DASHES = re.compile("[‐‑‒–—―−﹣－]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "′": "'"})
_EMPHASIS = re.compile(r"(\*{1,3}|_{2})(?=\S)(.+?)(?<=\S)\1")
_BRACED_SCRIPT = re.compile(r"[_^]\{([^{}]*)\}")
# a table's footnote mark on a word or a figure ("TON^{a}", "M_{n}^{b}", "1470^{c}"): a word of its own, not a
# letter glued to the word it marks ("TONa", "Mnb" name nothing); "^{t}Bu" opens its word and stays on it
_FOOTNOTE_MARK = re.compile(r"(?<=[\w)\]}])\^\{([a-z])\}(?![\w{])")
_ANGLE_URL = re.compile(r"<((?:https?://|www\.)[^<>\s]+)>")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_SPACES = re.compile(r"\s+")


def without_markup(text: str) -> str:
    """Text as a terminal shows it: markdown emphasis (*Journal*, **2020**) without its asterisks, braced
    scripts (Au_{25}) without braces. Only marks are dropped; every word stays."""
    text = _BRACED_SCRIPT.sub(r"\1", text)
    return _EMPHASIS.sub(r"\2", _EMPHASIS.sub(r"\2", text))  # twice: nested emphasis, ***x*** or *a **b***


def normalize(text: str) -> str:
    """The form of text that is embedded and matched (markers already removed).

    Au₂₅(SR)₁₈ → Au25(SR)18, electron–phonon → electron-phonon, *tert* → tert,
    Au_{26.3} → Au26.3, TON^{a} → TON a. Display text never goes through this.
    """
    text = _CONTROL.sub(" ", text)
    text = _ANGLE_URL.sub(r"\1", text)
    text = _FOOTNOTE_MARK.sub(r" \1", text)
    text = without_markup(text)
    text = unicodedata.normalize("NFKC", text)
    text = _DASHES.sub("-", text).translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def search_form(text: str, n_references: int) -> str:
    """Normalized text with citation markers removed: what the index sees."""
    return normalize(remove_markers(text, find_markers(text, n_references)))


# --- sentences ---------------------------------------------------------------

_ABBREVIATIONS = {
    "e.g", "i.e", "al", "etc", "vs", "cf", "fig", "figs", "ref", "refs", "eq", "eqs",
    "no", "nos", "vol", "ca", "approx", "dr", "prof", "mr", "mrs", "ms", "st", "jr",
    "sr", "inc", "ltd", "co", "corp", "resp", "ed", "eds", "p", "pp", "sect", "chem",
    # an experimental section's: "washed with sat. aq. NaHCO3", "conc. HCl", "calcd. for C10H12"
    "aq", "sat", "satd", "conc", "dil", "soln", "anhyd", "calcd",
    # a compound's data: "M.p. 163−164 °C", "b.p. 80 °C"
    "m.p", "b.p",
}
# A sentence ends at . ! or ? (plus closing quotes/brackets and any citation
# marker, which a PDF may set a space apart: "decades. ¹⁻¹⁰ Although"), then whitespace, then something that
# can start a sentence, perhaps after an affiliation's numeral set on its first word ("… MI, USA. ²Department of
# …"; not a nuclide's, "… ppm. ¹³C NMR …", which a compound's data run on with).
_BOUNDARY = re.compile(
    rf"[.!?][\"”’)\]]*(?: ?{_SUP}+(?:[,˒‚⁻–-]{_SUP}+)*|\^\{{[^{{}}]*\}})?"
    rf"(?=\s+[\"“‘(\[*_]*(?:{_SUP}+(?=[A-Z][a-z]{{2}}))?[A-Z0-9\u0391-\u03a9\u00c0-\u00de])"
)
_WORD_BEFORE = re.compile(r"(\S+)$")
_INITIALS = re.compile(r"(?:[A-Z]\.-?)*[A-Z]")
_AFTER_NUMBER = re.compile(r"\d\s+$")


def number_runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Ascending numbers → (first, last) of each run of consecutive ones: [1, 2, 3, 5] → [(1, 3), (5, 5)]."""
    runs: list[tuple[int, int]] = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def _is_abbreviation(text: str, dot: int) -> bool:
    match = _WORD_BEFORE.search(text, 0, dot)
    if not match:
        return False
    word = match.group(1).lstrip("(\"“*_")
    # Initials end in a single capital letter: "Bruce C. Gates", "A. B. Pun", and dotted ones, "D.-K. Ko", "the
    # U.S. Department of Energy"
    if _INITIALS.fullmatch(word):
        return not (len(word) == 1 and _AFTER_NUMBER.search(text, 0, match.start()))  # "at 300 K." is a unit
    return word.lower() in _ABBREVIATIONS or word.lower().rstrip(".") in _ABBREVIATIONS


@functools.cache
def journal_abbreviations() -> frozenset[str]:
    """ISO 4 abbreviations of journal title words ("chem.", "lett.", "j."), lower case, from
    assistant/data/journal_abbreviations.txt (the ISSN LTWA; see the file's header)."""
    path = Path(__file__).with_name("data") / "journal_abbreviations.txt"
    return frozenset(line.strip() for line in path.open(encoding="utf-8") if line.strip() and not line.startswith("#"))


# what follows an abbreviated word of a journal's name cited in the text: more such words, then its volume or year
# ("Beilstein J. Org. | Chem. 2013, 9, 2048–2078", "Acc. | Mater. Res. 2020, 1, 3", "Makromol. | Chem. 185, 531")
_CITATION_REST = re.compile(r"\s+((?:[A-Z][^\s.]*\.\s+){0,4})(?:(?P<year>(?:19|20)\d\d)[,;)]|\d{1,4},)")


def _in_cited_journal(text: str, dot: int) -> bool:
    """Whether the dot at ``dot`` ends an abbreviated word of a journal's name the text cites, not a sentence: the
    word and each capitalized word after it up to the volume or year are ISO 4 abbreviations. Alone before a
    number, the word must be followed by a year ("Chem. 2013,"): "… in the lab. 2 mL of …" ends a sentence."""
    abbreviations = journal_abbreviations()
    word = _WORD_BEFORE.search(text, 0, dot)
    rest = _CITATION_REST.match(text, dot + 1)
    return (word is not None and rest is not None and f"{word.group(1).lower()}." in abbreviations
            and (bool(rest.group(1)) or rest.group("year") is not None)
            and all(w.lower() in abbreviations for w in rest.group(1).split()))


def split_sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in ``text``, whitespace excluded."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        if text[match.start()] == "." and (_is_abbreviation(text, match.start())
                                           or _in_cited_journal(text, match.start())):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for s, e in spans:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            result.append((s, e))
    return result


# --- BM25 tokens -------------------------------------------------------------
# Here, not in the index module: what the index holds depends on them (index.PIPELINE_VERSION).

_TOKEN = re.compile(r"(?u)\b\w\w+\b")


class Tokenizer:
    """Lower-cased word tokens, English stop words (NLTK's list, as bm25s ships it) removed, Snowball-stemmed;
    then the elements of each formula, so that "silver" (Ag, see retrieval) finds Au26.3Ag17.7."""

    def __init__(self) -> None:
        from bm25s.stopwords import STOPWORDS_EN_PLUS

        self._stopwords = frozenset(STOPWORDS_EN_PLUS)
        self._local = threading.local()  # a Stemmer object must not be shared between threads

    def __call__(self, text: str) -> list[str]:
        stemmer = getattr(self._local, "stemmer", None)
        if stemmer is None:
            import Stemmer

            stemmer = self._local.stemmer = Stemmer.Stemmer("english")
        words = [t for t in _TOKEN.findall(text.lower()) if t not in self._stopwords]
        return stemmer.stemWords(words + formula_elements(text))


@functools.cache
def english_frequency() -> dict[str, int]:
    """An English lexicon (pyspellchecker's frequency list, MIT): 160k lower-case words, each with its count in
    the list's corpus."""
    from spellchecker import SpellChecker

    return dict(SpellChecker(language="en", distance=1).word_frequency.dictionary)


@functools.cache
def english_words() -> frozenset[str]:
    """The words of ``english_frequency``. They decide line-end hyphens and private-use ligature codes in PDFs
    (structure.py), where a reference's title ends (references.py) and what is a technical term."""
    return frozenset(english_frequency())


@functools.cache
def element_symbols() -> dict[str, str]:
    """Element names → symbols ("tin" → "Sn"), from periodictable."""
    import periodictable

    return {e.name: e.symbol for e in periodictable.elements if e.number >= 1}


@functools.cache
def _symbol_set() -> frozenset[str]:
    return frozenset(element_symbols().values())


# A formula is a run of element symbols with optional counts (Au26.3Ag17.7, TiCeN, PtSn, SiO2), not glued
# to lower-case letters; a lone symbol without a count is a word ("In", "As") or already its own token.
_FORMULA = re.compile(r"(?<![A-Za-z])((?:[A-Z][a-z]?(?:\d+(?:\.\d+)?)?)+)(?![a-z])")
_FORMULA_PART = re.compile(r"([A-Z][a-z]?)(\d+(?:\.\d+)?)?")


def formulas(text: str) -> tuple[str, ...]:
    """The chemical formulas of ``text`` with a digit, each as ``flat`` writes it: words made of element symbols
    and counts ("BaS3", "BaZrS3", "Cu2ZnSnS4"), not a name that only looks like one ("K252a", "SpH1")."""
    symbols = _symbol_set()
    found = []
    for word in re.findall(r"[A-Za-z0-9.]+", text):
        word = word.rstrip(".")  # a sentence's full stop
        if (re.search(r"\d", word) and _FORMULA.fullmatch(word)
                and all(symbol in symbols for symbol, _ in _FORMULA_PART.findall(word))):
            found.append(flat(word))
    return tuple(dict.fromkeys(found))


def _formula_symbol_runs(text: str) -> Iterator[list[str]]:
    """The element symbols of each formula in ``text``, in order: a word made of element symbols, of two or
    more or with a count ("NaBr", "CO", "H2", "Au26.3Ag17.7"), not a lone "In"."""
    symbols = _symbol_set()
    for match in _FORMULA.finditer(text):
        parts = _FORMULA_PART.findall(match.group(1))
        if all(symbol in symbols for symbol, _ in parts) and (len(parts) > 1 or parts[0][1]):
            yield [symbol for symbol, _ in parts]


def formula_symbols(text: str) -> frozenset[str]:
    """The element symbols of the formulas in ``text``, as written: "50 mM NaBr" → {"Na", "Br"}."""
    return frozenset(symbol for run in _formula_symbol_runs(text) for symbol in run)


def formula_elements(text: str) -> list[str]:
    """The two-letter element symbols of the formulas in ``text``, lower-cased: "Au26.3Ag17.7" → au, ag.
    (One-letter symbols would be lost to the tokenizer anyway.)"""
    return [symbol.lower() for run in _formula_symbol_runs(text) for symbol in run if len(symbol) == 2]


_TITLE_WORD = re.compile(r"[^\W\d_][\w'’/-]{3,}")  # a word of four letters or more: a title capitalizes it


@functools.lru_cache(maxsize=1)
def _function_words() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN_PLUS  # "with", "from", "between": lower case in a title too

    return frozenset(STOPWORDS_EN_PLUS)


def is_heading(text: str) -> bool:
    """Whether a sentence is a heading run into its paragraph ("Catalytic Oxidative Cyclization of N-Allyl
    Amides 1.", "Vector Construction and Molecular Cloning"): two words or more of four letters, all
    capitalized but the function words, and no comma, which an address or an affiliation has."""
    if "," in text:
        return False
    words = [w for w in _TITLE_WORD.findall(text) if w.lower() not in _function_words()]
    return len(words) >= 2 and all(w[0].isupper() for w in words)
