"""Expected answer types: what a sentence must state to answer a question at all.

A question asking "at what temperature …" is answered by a sentence that
states a temperature, "which university …" by one that names an institution.
When the papers discuss the topic but never state such a thing, the nearest
sentence is not an answer and the assistant abstains. This is the classic
answer-type check of extractive QA: the head of the question's wh-phrase names
the type, the sentence's text (normalized, citation markers removed) shows
whether it holds one. A question asking for a paper is the one type retrieval
uses too: its answer is a bibliographic record.

The lexicon is data: assistant/data/answer_types.yaml lists, for each type,
the head nouns and wh-phrases that ask for it, what a sentence must contain to
state it, and examples of each, which tests/test_answer_types.py runs.

The wh-phrase is read here (``wh_phrases``): "what/which [is the] [modifiers]
NOUN" (and coordinated nouns: "what temperature and reaction time"), "how
long/many/much/…", "who", "when", "where". A type is asked only by the head
noun of the phrase or by the phrase itself, never by a word elsewhere in the
question: "which researchers explored catalytic size effects" asks for people,
"what size effects" for effects. ``asked_quantity`` gives the head noun with
its modifiers ("glass transition temperature" → ("temperature", ("glass",
"transition"))), and ``states_asked`` checks that a sentence states a value of
the type together with those modifiers, so that a question asking for one
particular temperature is not answered by another one.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .references import journal_abbreviations, opens_with_authors, venue_words
from .text import element_symbols, flat, formula_symbols, singulars
from .types import TEXT_KINDS

DATA = Path(__file__).with_name("data") / "answer_types.yaml"


def _load() -> dict:
    with open(DATA, encoding="utf-8") as f:
        lexicon = yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))

    def check(node, where: str) -> None:  # YAML reads an unquoted on, no, yes as a boolean: quote them
        if isinstance(node, dict):
            for key, value in node.items():
                check(value, f"{where}.{key}")
        elif isinstance(node, list):
            for item in node:
                if not isinstance(item, (str, list, dict)):
                    raise ValueError(f"{DATA}: {where} holds {item!r}, not a string: quote it")
                check(item, where)

    check(lexicon, "")
    return lexicon


LEXICON = _load()

# Text is read as the index reads it: NFKC (℃ → °C, µ → μ, superscripts → digits), one dash, plain quotes.
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−﹣－"} | {"’": "'", "‘": "'", "“": '"', "”": '"'})


def _plain(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_DASHES)


def _words(items) -> str:
    """An alternation of literal words or phrases, longest first (spaces match any whitespace)."""
    return "|".join(r"\s+".join(map(re.escape, item.split())) for item in sorted(set(items), key=len, reverse=True))


# --- values ------------------------------------------------------------------------------------------------
# A measured value: digits not glued to a letter, a closing bracket or a brace, so the subscripts of Au25(SR)18,
# an isomer label C1(12), a locant 4-tert or a marker ^{16,17} are not values; signed (−78), with a power of ten
# (1.2 × 10-3), a range (25–30, 5 to 10) or an error (300 ± 5).
_NUMBER = r"\d+(?:[.,]\d+)*(?:\s*[×*]\s*10\^?[-+]?\d+)?"
_GLUED = r"\w.,{^_)/+\-"  # what a value is never glued to; a value with a unit may follow "(": "(25 °C)"


def _value(glued: str) -> str:
    signed = rf"(?:(?<![{glued}])[-+]|(?<![{glued}])){_NUMBER}"
    error = rf"(?:\s*(?:±|\+/-|\+-)\s*{_NUMBER})?"
    return rf"{signed}{error}(?:\s*(?:-|to|and|or)\s*[-+]?{_NUMBER})?{error}"


_UNIT_VALUE = _value(_GLUED)
_BARE_VALUE = _value(_GLUED + "(")  # without a unit, C1(12) is no value
# a year where a sentence dates something ("in 2020", "since 1998") or cites a work ("(Jogler et al., 2020)") is
# no measured value: "How many clusters does antiSMASH predict?" is not answered by "… published in 2020"
_DATING = r"(?<!\b[Ii]n )(?<!\b[Ss]ince )(?<!\b[Uu]ntil )(?<!\b[Ff]rom )(?<!\b[Bb]y )(?<!, )"
# nor is the number of a table, figure, scheme, entry or equation referred to ("(Table 2)", "Figure 3", "entry 9")
_LABELLED = (r"(?<!Table )(?<!Tables )(?<!Figure )(?<!Figures )(?<!Fig\. )(?<!Figs\. )(?<!Scheme )(?<!Schemes )"
             r"(?<!entry )(?<!entries )(?<!Entry )(?<!Eq\. )(?<!eq )(?<!Ref\. )(?<!ref\. )(?<!Section )")
_MEASURED_VALUE = rf"{_LABELLED}(?:{_DATING}|(?!(?:19|20)\d\d[a-z]?\b)){_BARE_VALUE}"
_A_MEASURED_VALUE = re.compile(_MEASURED_VALUE)  # a table's cell: a number, not a year
_NUMBER_WORDS = "|".join(LEXICON["number_words"])
_WORD_VALUE = rf"\b(?i:(?:{_NUMBER_WORDS})(?:[\s-]+(?:{_NUMBER_WORDS}))*)"
_ALL_UNITS = [u for t in LEXICON["types"] for u in t.get("states", {}).get("units", [])] + LEXICON["other_units"]


def _units(units: list[str]) -> str:
    """A value followed by one of ``units``: digits with any unit, a number in words with a unit spelled out."""
    # a one-letter unit stands apart from its value: 30 s and 2 h, not the 1990s or a compound labelled 2h
    alone = _words([u for u in units if len(u) == 1 and u.isalpha()])
    symbols = "|".join(r"\s*".join(map(re.escape, u.split()))
                       for u in sorted(units, key=len, reverse=True) if not (len(u) == 1 and u.isalpha()))
    spelled = _words([u for u in units if len(u) > 2 and u.replace(" ", "").isalpha() and u.islower()])
    pattern = "|".join(p for p in (symbols and rf"\s*(?:{symbols})", alone and rf"\s+(?:{alone})") if p)
    pattern = rf"{_UNIT_VALUE}(?:{pattern})(?![\w+])"
    if spelled:
        pattern += rf"|{_WORD_VALUE}\s+(?:{spelled})(?!\w)"
    return pattern


_A_VALUE_WITH_UNIT = re.compile(_units(_ALL_UNITS))
_DIGITS = re.compile(r"\d+(?:[.,]\d+)?")


# a unit that begins a journal's abbreviated name: "the 2023 J. Org. Chem. paper" states no 2023 joules
_JOURNAL_AFTER = re.compile(r"\.\s+[A-Z][a-z]*\.")


def values_with_units(text: str) -> tuple[str, ...]:
    """The numbers ``text`` states with a unit of the lexicon ("at 80 °C", "to 0.5 MPa", "near 1300 nm" → ("80",
    "0.5", "1300")), a decimal comma read as a point ("0,54" → "0.54"), in order, each once; not a year before a
    journal's abbreviation ("2015 J. Phys. Chem. A")."""
    plain = _plain(text)
    return tuple(dict.fromkeys(number.replace(",", ".") for match in _A_VALUE_WITH_UNIT.finditer(plain)
                               if not _JOURNAL_AFTER.match(plain, match.end())
                               for number in _DIGITS.findall(match.group())))


# a number written alone ("a TON of 790 with 83% …"), not a part of a formula, a label, a locant ("5-bromo", the
# primed "6,6'-dibromo") or a range's other end; one after the word of a table, figure, scheme, entry, compound or
# reference the question names is matched with it (`numbered`) and is no value
_LONE_NUMBER = re.compile(r"(?P<numbered>(?i:tab(?:le|\.)|fig(?:ure|\.)|scheme|entry|entries|compounds?|"
                          r"complex(?:es)?|ref(?:erence|\.)?|section|eq(?:uation|\.)?|run|no\.)\s*)?"
                          r"(?<![\w.,/^):–-])(?P<number>\d+(?:[.,]\d+)?(?::\d+)?)(?![\w^'′]|[.,]\d|-[A-Za-z])")
_A_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")  # a word that is a year: "2016"


def stated_numbers(text: str) -> tuple[str, ...]:
    """The numbers a question states as values, with or without a unit ("Which additive gave a TON of 790 with
    83% polymer selectivity …?" → ("790", "83")), a ratio as one ("a 24:1 Pb:S ratio" → ("24:1",)), a decimal
    comma read as a point, in order, each once; not a formula's or a compound's digits ("1CaCo", "CO2", "2a"), a
    label's number ("Table 2", "entry 5") or a year."""
    return tuple(dict.fromkeys(m["number"].replace(",", ".") for m in _LONE_NUMBER.finditer(_plain(text))
                               if not m["numbered"] and not _A_YEAR.match(m["number"])))


# --- people ------------------------------------------------------------------------------------------------
def _people_patterns() -> list[str]:
    people = LEXICON["people"]
    fill = {"{name}": people["name"], "{title}": people["title"], "{verb}": _words(people["verbs"]),
            "{not_name}": _words(people["not_names"]), "{not_passive}": people["not_passive"],
            "{credit_role}": _words(people["credit_roles"])}
    patterns = []
    for pattern in people["patterns"]:
        for key, value in fill.items():
            pattern = pattern.replace(key, value)
        patterns.append(pattern)
    return patterns


# Researchers named in the text's usual ways ("Junling Lu, Lina Cao, and co-workers", "Smith et al.", "a gift
# from Ryan Shenvi", "Bruce Gates describes"): see the lexicon's `people`.
_NAMES_PEOPLE = re.compile("|".join(_people_patterns()))


# --- types -------------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class AnswerType:
    name: str
    states: re.Pattern  # in a sentence that answers it
    # the kinds of record besides the text that state it: an author line a person, an entry a year; by default
    # none (a bibliography entry's or a metadata line's numbers measure nothing)
    record_kinds: frozenset[str] = frozenset()
    nouns: frozenset[str] = frozenset()  # head nouns asking for it ("temperature", "melting point")
    bare_nouns: frozenset[str] = frozenset()  # head nouns asking for it without a modifier ("group")
    counted: frozenset[str] = frozenset()  # "how many NOUN" asking for it ("hours")
    phrases: frozenset[str] = frozenset()  # wh-phrases asking for it by themselves ("how long", "who")
    subjects: dict = field(default_factory=dict)  # phrase → subject heads: "how long" is the bond → a length
    phrase_verbs: dict = field(default_factory=dict)  # phrase → verbs: "how much" does it cost → money
    examples: dict = field(default_factory=dict)
    answered_by_record: bool = False  # asked about a paper, its bibliographic record answers (and holds it)
    names_head: bool = False  # a sentence states the asked quantity only where it names it ("a viscosity of …")
    preferred: bool = False  # a sentence stating it goes first, but none stating it is no reason to abstain
    verbs: frozenset[str] = frozenset()  # a preferred type: the question's verbs asking for it ("compare")
    measured: bool = False  # stated by a value (with a unit, or any number): a temperature, a count, not a name
    unmistakable: bool = False  # its pattern alone tells it (an e-mail address): any sentence of the document may answer
    column: re.Pattern | None = None  # a measured type's nouns and units, as a table's title or header names them
    entry_authors: bool = False  # stated by a reference entry opening with its authors (references.opens_with_authors)
    counted_verbs: dict = field(default_factory=dict)  # counted noun → verbs: how many degrees … rotated → an angle
    # modifiers before its noun that ask which kind, not how much: "what biological activity" is answered by
    # "antiviral", "a potent HIV-1 protease inhibitor", a value of none
    kinds_with: frozenset[str] = frozenset()
    # a question its noun does not ask it of, read whole: "Which volume and pages of J. Am. Chem. Soc. …" asks
    # a journal's volume, not a liquid's
    unless: re.Pattern | None = None
    # nor of a question describing a paper it asks for ("Which 2011 … paper …, and in what volume?")
    not_of_publication: bool = False
    # phrases asking for it with a noun no type names, not a comparative: "how much acetic acid", not "how much
    # faster" (``parser.comparatives``)
    substance_phrases: frozenset[str] = frozenset()
    substances: bool = False  # its `words` name substances (`substances: true`): a solvent

    def __repr__(self) -> str:
        return f"AnswerType({self.name!r})"


def _states_pattern(spec: dict, built: dict[str, str]) -> str:
    parts = []
    if spec.get("units"):
        parts.append(_units(spec["units"]))
    for unit in spec.get("unit_patterns", []):
        parts.append(rf"{_UNIT_VALUE}\s*(?:{unit})")
    if spec.get("fractions"):  # 0.85, not 0.7 V
        parts.append(rf"(?<![{_GLUED}(])0?\.\d+(?!\.?\d)(?!\s*(?:{_words(_ALL_UNITS)})(?![\w+]))")
    if spec.get("any_value"):
        # a bare number, or one with a unit, which may stand in brackets: "treated with sat. aq. Na2S2O3 (50 mL)"
        parts.append(rf"{_MEASURED_VALUE}|{_WORD_VALUE}\b|{_A_VALUE_WITH_UNIT.pattern}")
    if spec.get("words"):
        parts.append(rf"(?i:(?<!\w)(?:{_words(spec['words'])})(?!\w))")
    if spec.get("capitalized"):
        parts.append(rf"(?<!\w)(?:{_words(spec['capitalized'])})(?!\w)")
    if spec.get("suffixes"):
        # found after any word character: "\w+" before the alternatives tried each start and length (0.25 ms a sentence)
        parts.append(rf"(?i:(?<=\w)(?:{_words(spec['suffixes'])})\b)")
    parts += spec.get("patterns", [])
    if spec.get("names"):
        parts.append(_NAMES_PEOPLE.pattern)
    parts += [built[other] for other in spec.get("also", [])]
    return "|".join(f"(?:{p})" for p in parts)


def _column_pattern(spec: dict) -> re.Pattern | None:
    """A measured type's nouns and units as words ("energy", "kcal"): a table's title or header names the
    quantity of a column whose cells are bare numbers ("Energy, ΔG‡ (kcal/mol)" / "26.5 ± 1.0")."""
    words = [*spec.get("nouns", []), *spec.get("states", {}).get("units", [])]
    if not words:
        return None
    return re.compile(rf"(?<![\w-])(?:{_words(words)})s?(?![\w-])", re.I)


def _build_types() -> tuple[AnswerType, ...]:
    built: dict[str, str] = {}
    types = []
    for spec in LEXICON["types"]:
        pattern = _states_pattern(spec.get("states", {}), built)
        built[spec["name"]] = pattern
        types.append(AnswerType(
            spec["name"], re.compile(pattern), frozenset(spec.get("record_kinds", ())),
            frozenset(n.lower() for n in spec.get("nouns", [])), frozenset(spec.get("bare_nouns", [])),
            frozenset(spec.get("counted", [])), frozenset(spec.get("phrases", [])),
            {k: frozenset(v) for k, v in spec.get("subjects", {}).items()},
            {k: frozenset(v) for k, v in spec.get("phrase_verbs", {}).items()},
            spec.get("examples", {}), spec.get("answered_by_record", False), spec.get("names_head", False),
            spec.get("preferred", False), frozenset(spec.get("verbs", [])),
            any(spec.get("states", {}).get(k) for k in ("units", "unit_patterns", "fractions", "any_value")),
            spec.get("unmistakable", False), _column_pattern(spec), spec.get("states", {}).get("entry_authors", False),
            {k: frozenset(v) for k, v in spec.get("counted_verbs", {}).items()},
            frozenset(spec.get("kinds_with", [])),
            re.compile("|".join(spec["unless"])) if spec.get("unless") else None, spec.get("not_of_publication", False),
            frozenset(spec.get("substance_phrases", [])), spec.get("substances", False),
        ))
    return tuple(types)


ANSWER_TYPES = _build_types()
TYPES = {t.name: t for t in ANSWER_TYPES}
PERSON = TYPES["person"]
COUNT = TYPES["count or value"]
INSTITUTION = TYPES["institution"]
REASON = TYPES["reason"]


def _table(attribute: str) -> dict[str, AnswerType]:
    table: dict[str, AnswerType] = {}
    for t in ANSWER_TYPES:
        for noun in getattr(t, attribute):
            if noun in table:
                raise ValueError(f"{DATA}: {noun!r} asks for both {table[noun].name} and {t.name}")
            table[noun] = t
    return table


_NOUNS = _table("nouns")
_BARE_NOUNS = _table("bare_nouns")
# the words of the types' nouns ("funder", "titre") and of the units a question may ask for ("femtoseconds",
# which a paper writes "fs"): known words, whatever the English lexicon lacks
LEXICON_WORDS = frozenset(w.lower() for noun in [*_NOUNS, *_BARE_NOUNS, *(asked for unit in LEXICON["asked_units"]["units"]
                                                                   for asked in unit["asked"])]
                          for w in noun.split())
_COUNTED = _table("counted")
_PHRASES = _table("phrases")
_SUBSTANCE_PHRASES = _table("substance_phrases")
# every name of the substances a type's `words` give (`substances: true`), formulas and short forms too
# ("toluene", "CHCl3", "Et2O", "MeCN"), as text.flat writes them
_SUBSTANCE_WORDS = tuple(w for spec in LEXICON["types"] if spec.get("substances")
                         for w in spec.get("states", {}).get("words", []))
_SUBSTANCE_NAMES = frozenset(map(flat, _SUBSTANCE_WORDS))
_SUBSTANCES = frozenset(name for name in _SUBSTANCE_NAMES if name.isalpha())  # those of one word: "chloroform"


def names_substance(name: str) -> bool:
    """Whether a flattened name (``text.flat``: "chcl3") is one of the lexicon's substances, which a paper may
    write otherwise ("chloroform")."""
    return name in _SUBSTANCE_NAMES


# the substances' names written with a capital or a digit, formulas and short forms ("CD3CN", "HFIP", "Et2O"), as
# text.flat writes them: no English word, so not read loosely as "water" of "water dissociation" is
_SUBSTANCE_FORMULAS = frozenset(flat(w) for w in _SUBSTANCE_WORDS if not w.islower())


def names_substance_by_formula(text: str) -> bool:
    """Whether ``text`` names a substance of the lexicon by a formula or a short form as written ("in CD3CN", "a
    mixture of HFIP and MeCN"; not "thf" in lower case)."""
    return any(flat(word) in _SUBSTANCE_FORMULAS for word in re.findall(r"[A-Za-z][\w-]*", text)
               if not word.islower())


def substances_named(text: str) -> tuple[str, ...]:
    """The substances of the lexicon ``text`` names, lower case, in order, each once: "… absorb in chloroform or
    toluene?" → ("chloroform", "toluene"). English words, so no technical terms (``text.technical_terms``), but
    a paper that never writes one cannot say what happens in it."""
    return tuple(dict.fromkeys(w for w in re.findall(r"[a-z]+", text.lower()) if w in _SUBSTANCES))

# --- the wh-phrase -----------------------------------------------------------------------------------------
_PARSER = LEXICON["parser"]
FUNCTION_WORDS = frozenset(_PARSER["function_words"])
_COPULAS = frozenset(_PARSER["copulas"])
_AUXILIARIES = frozenset(_PARSER["auxiliaries"])
_COPULA_PHRASES = {phrase: frozenset(words) for phrase, words in _PARSER["copula_phrases"].items()}
_DETERMINERS = frozenset(_PARSER["determiners"])
_TRANSPARENT = frozenset(_PARSER["transparent"])
_VAGUE_HEADS = frozenset(_PARSER["vague_heads"])
_VERBS = frozenset(_PARSER["verbs"])
_ADJECTIVES = frozenset(_PARSER["adjectives"])
_NOT_VERBS = frozenset(_PARSER["not_verbs"])
_COMPARATIVES = frozenset(_PARSER["comparatives"])
_INDIRECT = frozenset(_PARSER["indirect_question_verbs"])
_OF_HEADS = frozenset(_PARSER["of_heads"])
_COMBINING = re.compile(rf"-(?:{'|'.join(_PARSER['combining_words'])})$")
_GENERIC = frozenset(_PARSER["generic_modifiers"])
_ABBREVIATIONS = {word: tuple(short) for word, short in LEXICON.get("qualifier_abbreviations", {}).items()}
_SYNONYMS = {word: tuple(other) for word, other in LEXICON.get("qualifier_synonyms", {}).items()}
_PUNCTUATION = frozenset("?!.,;:()[]\"'")
_RELATIVE = frozenset({"which", "who", "whom", "whose", "when", "where"})  # also relative pronouns
_SUBJECT_PRONOUNS = frozenset({"it", "they", "we", "he", "she", "you", "one"})  # a clause's subject, not its verb
_CLAUSE_WORDS = 20  # a verb asking for a type stands within this many words of its wh-word
_CONTRACTIONS = re.compile(r"\b(what|who|where|how|when|which)'s\b", re.I)
# an ion of a mass spectrum in its brackets ("What [M + H]+ mass did HRMS find?", "[M+Na]+", "[M − H]−"): its
# brackets and signs would end the wh-phrase before its noun; it names which peak, not what is asked
_ION = re.compile(r"\[\s*m\s*[+-]\s*\w+\s*\][+-]?", re.I)


def abbreviated_words(short: str) -> tuple[str, ...]:
    """The words ``qualifier_abbreviations`` gives ``short`` as the usual short form of ("PL" →
    ("photoluminescence", "luminescence"))."""
    return tuple(word for word, shorts in _ABBREVIATIONS.items() if short in shorts)


def _tokens(question: str) -> list[str]:
    """Lower-cased words of a question, punctuation split off ("Au25(SR)18?" → "au25(sr)18", "?"), less the
    asides in brackets within a noun phrase (``_without_asides``); a short form in capitals that lower-cased
    would be a function word keeps its capitals ("Which US university …": "US" is no "us")."""
    text = _ION.sub(" ", _CONTRACTIONS.sub(r"\1 is", _plain(question)))
    shouted = question.isupper()  # a question in capitals throughout has no short forms to tell apart
    tokens: list[str] = []
    for chunk in text.split():
        lead, trail = [], []
        while chunk and chunk[0] in "([\"'":
            lead.append(chunk[0])
            chunk = chunk[1:]
        # a bracket closing one the word opened is the word's: "Zn–O(acetate)" is one name
        while chunk and (chunk[-1] in "?!.,;:]\"" or (chunk[-1] == ")" and chunk.count("(") < chunk.count(")"))
                         or (chunk[-1] == "'" and lead)):
            trail.insert(0, chunk[-1])
            chunk = chunk[:-1]
        if not (chunk.isupper() and len(chunk) > 1 and chunk.lower() in FUNCTION_WORDS and not shouted):
            chunk = chunk.lower()
        tokens += lead + ([chunk] if chunk else []) + trail
    return _without_asides(tokens)


def _without_asides(tokens: list[str]) -> list[str]:
    """``tokens`` less the asides in brackets within a noun phrase ("what ionization ( activation ) energy" →
    "what ionization energy"): the words on both sides of one are a phrase the brackets do not end."""
    kept: list[str] = []
    i = 0
    while i < len(tokens):
        if tokens[i] == "(" and kept and _content(kept[-1]) and ")" in tokens[i + 1:]:
            close = tokens.index(")", i + 1)
            if close + 1 < len(tokens) and _content(tokens[close + 1]) and "(" not in tokens[i + 1:close]:
                i = close + 1
                continue
        kept.append(tokens[i])
        i += 1
    return kept


def _content(token: str | None) -> bool:
    return token is not None and token not in _PUNCTUATION and token not in FUNCTION_WORDS


def _plural(word: str) -> bool:
    return len(word) > 3 and word.isalpha() and word.endswith("s") and not word.endswith(("ss", "us", "is", "ics"))


def _noun_phrase(tokens: list[str], i: int, complement: bool = False) -> tuple[tuple[str, ...], int]:
    """The noun phrase starting at ``tokens[i]`` and the index after it. It ends at punctuation, a function word
    or a verb: a listed one, a word in -ed (unless an adjective before another word; in a complement, "what is
    the highest reported yield", any word in -ed before another word is one), a word in -ing before a
    determiner ("the tunnel linking the …") or a word after a plural ("which researchers explore …")."""
    words: list[str] = []
    while i < len(tokens) and _content(tokens[i]):
        token = tokens[i]
        if words:
            following = tokens[i + 1] if i + 1 < len(tokens) else None
            # a word after a plural opens a verb ("which researchers explore …"), unless it is a noun asking for a
            # type ("what Vickers hardness": a name in -s before the head) and no determiner follows it ("which
            # strains share the highest count": "share" the verb, not the noun asking a percentage)
            if token in _VERBS or (_plural(words[-1]) and (not any(h in _NOUNS for h in singulars(token))
                                                             or following in _DETERMINERS)):
                break
            # a participle before a determiner opens a clause after the noun ("the tunnel linking the two sites"),
            # unlike a modifier before its noun ("the flavin binding site")
            if token.endswith("ing") and following in _DETERMINERS:
                break
            if token.endswith("ed") and len(token) > 4 and token not in _NOT_VERBS and not (
                    _content(following) and (complement or token in _ADJECTIVES or words[-1].endswith("ly"))):
                break
        words.append(token)
        i += 1
    return tuple(words), i


def _noun_type(words: tuple[str, ...], table: dict[str, AnswerType] | None = None) -> tuple[AnswerType | None, int]:
    """The type the head of ``words`` asks for, and how many words its noun has (longest listed noun first:
    "quantum yield" before "yield"). Bare nouns ask only without a modifier that means something."""
    if not words:
        return None, 0
    table = _NOUNS if table is None else table
    # a hyphenated modifier's last part may complete a listed noun: "potential-energy barrier" as "energy barrier"
    split = tuple(part for word in words[:-1] for part in word.split("-") if part) + words[-1:]
    for phrase in dict.fromkeys((words, split)):
        for n in range(len(phrase), 0, -1):
            for head in singulars(phrase[-1]):
                noun = " ".join((*phrase[len(phrase) - n:-1], head))
                if noun in table:
                    if set(phrase[:len(phrase) - n]) & table[noun].kinds_with:
                        return None, 0
                    return table[noun], n
    if table is _NOUNS and [w for w in words if w not in _GENERIC] == [words[-1]]:
        for head in singulars(words[-1]):
            if head in _BARE_NOUNS:
                return _BARE_NOUNS[head], 1
    return None, 0


@dataclass(frozen=True)
class WhPhrase:
    """A wh-phrase of a question: "what" with its noun phrase ("glass", "transition", "temperature"), "how long"
    with its subject ("the electrolysis stable"), "who"; ``clause`` holds the words after it up to punctuation
    (where a verb asking for a type stands: "how much does it cost")."""
    wh: str
    words: tuple[str, ...] = ()
    subject: tuple[str, ...] = ()
    clause: tuple[str, ...] = ()

    @property
    def head(self) -> str | None:
        return self.words[-1] if self.words else None

    def answer_type(self) -> AnswerType | None:
        if self.wh in ("what", "which", "whose"):
            found = _noun_type(self.words)[0]
            heads = set(singulars(self.words[-1])) if self.words else set()
            if found is not None and heads & _BARE_NOUNS.keys() and not heads & _NOUNS.keys() \
                    and self.words[-1] in self.clause:
                # a bare noun's "of" says what it is a group of: "which group of researchers" asks for people,
                # "which group of bacteria" for none
                after = self.clause[self.clause.index(self.words[-1]) + 1:]
                if after[:1] == ("of",) and after[1:2] and _noun_type(after[1:2])[0] is not found:
                    return None
            return found
        if self.words:  # how many/much NOUN, how high a NOUN
            heads, clause = set(singulars(self.words[-1])), set(self.clause)
            found = next((t for t in ANSWER_TYPES if self.wh == "how many"
                          for noun, verbs in t.counted_verbs.items() if noun in heads and verbs & clause), None)
            found = found or _noun_type(self.words, _COUNTED if self.wh == "how many" else None)[0]
            if found is None and self.wh in _SUBSTANCE_PHRASES and self.words[0] not in _COMPARATIVES:
                found = _SUBSTANCE_PHRASES[self.wh]
            if found is not None:
                return found
        elif self.subject:  # how high was the Faradaic efficiency; how long is the bond; where is the address
            found = _noun_type(self.subject)[0] if self.wh != "where" else None
            if found is not None:
                return found
            # the head is the subject's last word, not a number naming which one ("how long is hit 13")
            head = next((w for w in reversed(self.subject) if re.search(r"[^\W\d_]", w)), self.subject[-1])
            found = next((t for t in ANSWER_TYPES if set(singulars(head)) & t.subjects.get(self.wh, frozenset())), None)
            if found is not None:
                return found
        verbs = _clause_verbs(self.clause)
        if self.wh == "where" and self.clause:  # its verb may close it: "where is the author of the review based?"
            verbs.add(self.clause[-1])
        found = next((t for t in ANSWER_TYPES if verbs & t.phrase_verbs.get(self.wh, frozenset())), None)
        if found is not None:
            return found
        if self.wh in _COPULA_PHRASES and not set(self.clause[:1]) & (_COPULAS | _COPULA_PHRASES[self.wh]):
            return None  # "how far did the enzyme chlorinate indole": an extent, not a distance
        return _PHRASES.get(self.wh) or _PHRASES.get(" ".join((self.wh, *self.clause[:1])))


def _clause_verbs(clause: tuple[str, ...]) -> set[str]:
    """The words that may be the verb of a wh-word's clause: the word right after it ("who funded"), or after
    an auxiliary those up to the first preposition ("who was the work funded by", "who is thanked for help in
    the work on supported clusters": "thanked", not the adjective "supported"), less a word right after a
    determiner, a noun ("where was that work published": "published", not "work"), and past a pronoun that is the
    subject ("how much did it cost to build …": "cost")."""
    if not (clause[:1] and clause[0] in _AUXILIARIES):
        return set(clause[:1])
    rest = clause[1 + (clause[1:2] != () and clause[1] in _SUBJECT_PRONOUNS):]
    end = next((k for k, w in enumerate(rest) if w in FUNCTION_WORDS and w not in _DETERMINERS), len(rest))
    return {w for k, w in enumerate(rest[:end]) if not (k and rest[k - 1] in _DETERMINERS)}


def _what(tokens: list[str], i: int) -> list[tuple[str, ...]]:
    """The noun phrases after "what/which/whose" at ``tokens[i]``: "what [is the] NP [, NP] [and NP]"."""
    complement = False
    if i < len(tokens) and tokens[i] in _COPULAS:
        i, complement = i + 1, True
        if i < len(tokens) and tokens[i] in _DETERMINERS:
            i += 1
    words, i = _noun_phrase(tokens, i, complement)
    if not words:
        return []
    phrases, separators = [words], []
    while i < len(tokens):
        j, separator = i, None
        if tokens[j] == ",":
            j, separator = j + 1, ","
        if j < len(tokens) and tokens[j] in ("and", "or"):
            j, separator = j + 1, "and"
        if separator is None:
            break
        if j < len(tokens) and tokens[j] in _DETERMINERS:
            j += 1
        more, j = _noun_phrase(tokens, j, complement)
        if not more:
            break
        phrases.append(more)
        separators.append(separator)
        i = j
    if "and" not in separators:  # "which journal, volume and pages" is a list, "which X, Y …" is not
        phrases = phrases[:1]
    # "what kind of solvent", "the value of the quantum yield": the noun after "of" asks, if it asks anything
    if len(phrases) == 1 and set(singulars(words[-1])) & _TRANSPARENT and tokens[i:i + 1] == ["of"]:
        j = i + 1 + (tokens[i + 1:i + 2] != [] and tokens[i + 1] in _DETERMINERS)
        inner, _ = _noun_phrase(tokens, j)
        if inner and (_noun_type(inner)[0] is not None or _noun_type(words)[0] is None):
            phrases = [inner]
    return phrases


def wh_phrases(question: str) -> list[WhPhrase]:
    """The wh-phrases of a question, in order. A relative pronoun ("the researchers who …", "the catalyst
    which …": after a noun) starts none."""
    return list(_parse(question))


@functools.lru_cache(maxsize=64)  # a question is read for its types, for a paper, for its quantity
def _parse(question: str) -> tuple[WhPhrase, ...]:
    tokens = _tokens(question)
    stops, stop = [0] * len(tokens), len(tokens)  # where each clause ends: the next punctuation
    for i in range(len(tokens) - 1, -1, -1):
        stops[i] = stop
        if tokens[i] in _PUNCTUATION:
            stop = i
    phrases: list[WhPhrase] = []
    for i, token in enumerate(tokens):
        if token in _RELATIVE and i > 0 and _content(tokens[i - 1]):
            continue
        # the verb before it, past a particle: "What titration … to determine how much acid …", "… to find out how
        # much acid …"
        verb = tokens[i - 2] if i > 1 and tokens[i - 1] == "out" else tokens[i - 1] if i else ""
        if phrases and verb in _INDIRECT:
            continue
        end = min(stops[i], i + 1 + _CLAUSE_WORDS)
        if token in ("what", "which", "whose"):
            phrases += [WhPhrase(token, words, clause=tuple(tokens[i + 1:end])) for words in _what(tokens, i + 1)]
        elif token == "how" and i + 1 < len(tokens):
            wh, j = f"how {tokens[i + 1]}", i + 2
            words: tuple[str, ...] = ()
            subject: tuple[str, ...] = ()
            if tokens[i + 1] in ("many", "much"):
                words, _ = _noun_phrase(tokens, j)
                # "how many came from sphingomonads": a verb, no counted noun (a participle before its noun,
                # "how many isolated strains", is one)
                after = tokens[j + 1] if j + 1 < len(tokens) else None
                if words and (words[0] in _VERBS or words[0].endswith("ed") and not _content(after)):
                    words = ()
            elif tokens[j:j + 1] and tokens[j] in ("a", "an"):  # how high a temperature
                words, _ = _noun_phrase(tokens, j + 1)
            elif tokens[j:j + 1] and tokens[j] in _COPULAS:  # how long is the bond
                k = j + 1 + (tokens[j + 1:j + 2] != [] and tokens[j + 1] in _DETERMINERS)
                subject, _ = _noun_phrase(tokens, k)
            phrases.append(WhPhrase(wh, words, subject, tuple(tokens[j:end])))
        elif token in ("who", "whom", "when", "where", "why"):
            # its verb may stand at the question's end, after an aside: "Where is X, co-author of Y, based?"
            last = max((k for k, w in enumerate(tokens) if w not in _PUNCTUATION), default=0)
            stranded = (tokens[last],) if last >= end else ()
            subject: tuple[str, ...] = ()
            if token == "where" and tokens[i + 1:i + 2] and tokens[i + 1] in _COPULAS:  # where is the address
                k = i + 2 + (tokens[i + 2:i + 3] != [] and tokens[i + 2] in _DETERMINERS)
                subject, _ = _noun_phrase(tokens, k)
            phrases.append(WhPhrase(token, subject=subject, clause=tuple(tokens[i + 1:end]) + stranded))
    return tuple(phrases)


def asked_in(answer_type: AnswerType, question: str) -> bool:
    """Whether ``question``, read whole, asks for ``answer_type`` where its noun stands: not where one of the type's
    ``unless`` patterns matches ("Which volume and pages of J. Am. Chem. Soc. …"), nor, for a type
    ``not_of_publication``, where it describes the paper it asks for ("Which 2011 … paper …, and in what volume?")."""
    if answer_type.unless is not None and answer_type.unless.search(_plain(question)):
        return False
    return not (answer_type.not_of_publication and any(described_publication(question).parts))


def expected_types(question: str) -> tuple[AnswerType, ...]:
    """The answer types a question asks for: none for most questions, several for "at what temperature
    and for how long …"."""
    phrases = _parse(question)
    found = {p.answer_type() for p in phrases}
    # a verb asks for a preferred type wherever it stands ("how does the growth of X compare with …"), unless
    # the wh-phrase asks for another ("why is it biased to compare …" asks a reason) or the word is its noun
    # phrase's modifier ("what mean absolute error did …"): the type only orders the sentences
    if not found - {None}:
        tokens = set(_tokens(question)) - {w for p in phrases for w in p.words[:-1]}
        found |= {t for t in ANSWER_TYPES if t.preferred and t.verbs & tokens}
    found = {t for t in found if t is None or asked_in(t, question)}
    if any(t is not None and t.answered_by_record for t in found) and asks_for_publication(question):
        # "when was that review published": the paper's record is the answer, and it holds the date
        found = {t for t in found if t is not None and not t.answered_by_record}
    unit = asked_unit(question)
    if unit is not None:  # the unit asked is the measured type asked, more narrowly than a length or any value
        return tuple(t for t in ANSWER_TYPES if t in found and not t.measured) + (unit,)
    return tuple(t for t in ANSWER_TYPES if t in found)


def _unit_types() -> dict[str, AnswerType]:
    """The measured type of each unit a question may ask its value in (``asked_units``), by the unit as asked."""
    types: dict[str, AnswerType] = {}
    for unit in LEXICON["asked_units"]["units"]:
        written = unit["written"]
        answer_type = AnswerType(f"value in {written[0]}", re.compile(_units(written)), measured=True,
                                 column=_column_pattern({"states": {"units": written}}))
        types |= {asked: answer_type for asked in unit["asked"]}
    return types


_UNIT_TYPES = _unit_types()
# "in" or "in units of", then a unit as asked, ending where the unit does: "in K)" and "in kJ/mol", not the
# "K." of "in K. pneumoniae" nor "K252a"; or a unit alone in brackets, "(kJ/mol)", "(nm)", "(U/mg)", not "(K)"
_UNITS_ASKED = _words(_UNIT_TYPES)
_IN_UNIT = re.compile(rf"(?<![\w-])in\s+(?:units\s+of\s+)?(?P<unit>{_UNITS_ASKED})(?=\s*(?:[,;:?)/]|$)|\s+[\w-])"
                      rf"|\((?P<bracketed>{_UNITS_ASKED})(?:(?P<alone>\))|(?=/))")


def asked_unit(question: str) -> AnswerType | None:
    """The measured type of the unit a question asks its value in ("What binding affinity, in kJ/mol, …" → a value
    in kJ; "How thick (in nanometres) …" → a value in nm), or None: a compound unit by its first part."""
    for match in _IN_UNIT.finditer(_plain(question)):
        unit = match["unit"] or match["bracketed"]
        if not (match["alone"] and len(unit) == 1 and unit.isascii() and unit.isalpha()):  # "(K)" may be potassium
            return _UNIT_TYPES[unit]
    return None


def head_noun(question: str) -> str | None:
    """The head noun of the question's first wh-phrase with a noun ("What is the glass transition temperature
    of …" → "temperature"), or None."""
    return next((p.head for p in wh_phrases(question) if p.head), None)


def asks_for_people(question: str) -> bool:
    """Whether the question's first wh-phrase asks who ("Who reported …", "Whose work is credited with …"): of
    a cited work, the sentence naming its authors answers ("Moroz et al. also reported …"), its entry after."""
    return next((p.wh in ("who", "whom", "whose") for p in wh_phrases(question)), False)


def answer_head(question: str) -> str | None:
    """The head noun of the question's first wh-phrase when it names what the answer is a case of ("Which
    software was used …" → "software"), None when there is none or it is vague (``parser.vague_heads``:
    "What turnover number …")."""
    head = head_noun(question)
    return None if head in _VAGUE_HEADS else head


def definiendum(question: str) -> tuple[str, ...]:
    """The words of the term a bare "what is/are X?" asks to be defined ("What are ladderanes?" →
    ("ladderanes",), "what is the Wheland intermediate?" → ("wheland", "intermediate")), or () when the
    question asks more of X ("what is the yield of …") or X names an answer type ("what is the yield?")."""
    for phrase in wh_phrases(question):
        if phrase.wh != "what" or not phrase.words or not phrase.clause or phrase.clause[0] not in _COPULAS:
            continue
        rest = [w for w in phrase.clause[1:] if w not in _DETERMINERS and w not in _PUNCTUATION]
        if list(phrase.words) == rest and phrase.answer_type() is None:
            return phrase.words
    return ()


def asked_quantity(question: str) -> tuple[str, tuple[str, ...]] | None:
    """The head noun (singular) of the first wh-phrase that asks for a type, with the modifiers that tell this
    quantity from another of its type: "What is the glass transition temperature of …?" → ("temperature",
    ("glass", "transition")), "What is the melting point …?" → ("point", ("melting",)). Modifiers that tell
    nothing apart ("typical", "maximum", "reaction") are left out; the head is one of them when its type
    ``names_head`` ("What intrinsic viscosity …" → ("viscosity", ("intrinsic", "viscosity"))). A count names
    what it counts ("How many contigs …" → ("contigs", ("contigs",))), a value "how large" names its subject
    ("How large is the genome …" → ("genome", ("genome",))); a head naming no quantity of its own is qualified by
    what it is of ("What percentage of FAD occupancy …" → ("percentage", ("fad", "occupancy"))). None when no
    phrase with a noun asks for a type ("who …", "how long was it stable")."""
    for phrase in wh_phrases(question):
        words = phrase.words or phrase.subject
        if words and phrase.wh == "how many" and phrase.answer_type() is COUNT:
            # a count states what it counts: "How many contigs …" → "… assembled into 128 contigs"
            head = re.sub(r"'s?$", "", words[-1])
            return head, (head,)
        if not words or phrase.wh == "how many" or phrase.answer_type() is None:
            continue
        answer_type, n = _noun_type(words)
        if answer_type is None and not phrase.words and phrase.answer_type() is COUNT:
            # "How large is the genome of …?": a value of the genome, which the sentence stating it names; not
            # "the highest number of 13 BGCs was found in Gemmata"
            head = re.sub(r"'s?$", "", words[-1])
            return head, (head,)
        if answer_type is None:
            continue
        head = next((h for h in singulars(words[-1]) if " ".join((*words[len(words) - n:-1], h)) in _NOUNS
                     or h in _BARE_NOUNS), words[-1])
        # a noun the lexicon lists closed up as well ("band gap", "bandgap") is one word written two ways, its
        # first part no modifier: "the bandgap of BaZrS3" names the band gap asked
        closed = "".join((*words[len(words) - n:-1], head)) in _NOUNS
        # nor is the first part of a listed noun whose head names no quantity ("m/z value", "page number"): the
        # sentence states the value, seldom the words ("obs. [M+H]⁺ 195.55")
        whole = closed or (n > 1 and head in _VAGUE_HEADS and not answer_type.names_head)
        modifiers = tuple(_COMBINING.sub("", re.sub(r"'s?$", "", w)) for w in words[:len(words) - n if whole else -1]
                          if w not in _GENERIC and w not in _DETERMINERS)
        modifiers += _of_complement(phrase, head)
        return head, modifiers + (head,) if answer_type.names_head else modifiers
    return None


def _of_complement(phrase: WhPhrase, head: str) -> tuple[str, ...]:
    """The words of the noun phrase after "of" that say what a head naming no quantity of its own is of
    (``parser.of_heads``): "What percentage of FAD occupancy …" → ("fad", "occupancy"), "What amount of
    catalyst …" → ("catalyst",); () for any other head or no "of" after it."""
    if head not in _OF_HEADS or not phrase.words:
        return ()
    clause, k = list(phrase.clause), len(phrase.words)
    if tuple(clause[:k]) != phrase.words or clause[k:k + 1] != ["of"]:
        return ()
    j = k + 1 + (clause[k + 1:k + 2] != [] and clause[k + 1] in _DETERMINERS)
    inner, _ = _noun_phrase(clause, j)
    if inner and inner[-1].endswith("ly"):  # cut before its head ("of the doubly and singly protonated ions")
        return ()
    return tuple(w for w in inner if w not in _GENERIC and w not in _DETERMINERS)


# --- publications ------------------------------------------------------------------------------------------
_PUBLICATION = LEXICON["publication"]
_PUBLICATION_NOUNS = frozenset(_PUBLICATION["nouns"])
_PUBLICATION_WORDS = frozenset(_PUBLICATION["words"])
_AMBIGUOUS_NOUNS = frozenset(_PUBLICATION["ambiguous"])
_PUBLICATION_ADJECTIVES = frozenset(_PUBLICATION["adjectives"])
_ACTING = frozenset(_PUBLICATION["acting"])
_ACTING_BEFORE = frozenset(_PUBLICATION["acting_before"])
_REQUESTS = frozenset(_PUBLICATION["requests"])
_MODIFIED_QUANTITY = re.compile(rf"(?<![\w-])([a-z][\w-]*)\s+((?i:{'|'.join(_PUBLICATION['quantities'])}))s?(?![\w-])")


def _publication_words(question: str) -> set[str]:
    """The publication words of a question, but for the paper's authors at work: "authors" after
    "did the", "according to the" or "did the PbS nanocrystal authors" (up to ACTING_MODIFIERS words between)
    is the subject of what is asked about, not what is asked for; nor a quantity a lower-case word modifies
    (``publication.quantities``: "the total reaction volume", "the unit-cell volume"; a journal's name is
    capitalized, "ACS Nano volume 8", and a request is no modifier, "Give volume and pages")."""
    tokens = _tokens(question)
    measured = {quantity.lower() for modifier, quantity in _MODIFIED_QUANTITY.findall(_plain(question))
                if _content(modifier) and modifier not in _PUBLICATION_WORDS and modifier not in _REQUESTS}
    found = set()
    for i, token in enumerate(tokens):
        word = re.sub(r"'s?$", "", token)
        if word not in _PUBLICATION_WORDS or word.removesuffix("s") in measured:
            continue
        the = None
        for j in range(i - 1, max(0, i - 2 - ACTING_MODIFIERS), -1):
            if tokens[j] == "the":
                the = j
                break
            if not _content(tokens[j]):  # "the authors of the paper": "of" ends the noun phrase
                break
        if not (word in _ACTING and the and tokens[the - 1] in _ACTING_BEFORE):
            found.add(word)
    return found


ACTING_MODIFIERS = 3  # words between "the" and "authors" naming whose authors: "did the review authors"


def _names_publication(words: tuple[str, ...]) -> bool:
    """Whether a wh-phrase's words name a paper: a publication noun; one of the ambiguous ones ("source") only
    as the head (what follows it, if anything, is a verb in -s: "which reference compares") and alone or
    after a publication word or adjective ("cited source", not "carbon source" or "reference electrode")."""
    for i, word in enumerate(words):
        if set(singulars(word)) & _PUBLICATION_NOUNS:
            if not set(singulars(word)) & _AMBIGUOUS_NOUNS:
                return True
            before, after = words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else ""
            if ((not before or before in _PUBLICATION_ADJECTIVES or before in _PUBLICATION_WORDS)
                    and (not after or after.endswith("s"))):
                return True
    return False


@dataclass(frozen=True)
class PublicationDescription:
    """What a question asking for a paper says of its record before naming it: "Which 2016 J. Org. Chem.
    paper …" → years ("2016",), venue ("j", "org", "chem") (``references.venue_words``)."""

    years: tuple[str, ...] = ()
    venue: tuple[str, ...] = ()
    abbreviated: bool = False  # the venue is written in ISO 4 abbreviations ("J. Am. Chem. Soc.")

    def __bool__(self) -> bool:
        return bool(self.years or self.venue)

    @property
    def parts(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(years, venue), as ``references.fits_description`` takes them."""
        return self.years, self.venue


_NOUN_PATTERN = "|".join(sorted(_PUBLICATION_NOUNS, key=len, reverse=True))
# "which|what" + up to eight words + a publication noun in lower case (not the "Reviews" of "Chemical Reviews"):
# the words between describe the paper asked for
_DESCRIBED = re.compile(rf"\b(?:which|what)\s+((?:[^\s?]+\s+){{1,8}}?)(?-i:{_NOUN_PATTERN})s?\b", re.I)
# a paper introduced by an indefinite article ("… cites a 2015 Inorganic Chemistry article by Thevenon …. Which
# volume …?"): the work a later wh-phrase asks of; the citing paper is named definitely ("the 2021 Chem. Eur. J.
# paper", "Elsherbini and Moran's paper"); in lower case, not the "A" of "panel A" or "Chemistry – A European Journal"
_INTRODUCED = re.compile(rf"\b(?-i:a|an)\s+((?:[^\s?]+\s+){{1,8}}?)(?-i:{_NOUN_PATTERN})s?\b", re.I)
_VENUE_CONNECTORS = {"of", "and", "&", "for", "in", "on", "the", "–", "-"}  # "Chemistry – A European Journal"
_NOT_DESCRIBING = frozenset(_PUBLICATION["not_describing"])


def described_publication(question: str) -> PublicationDescription:
    """The year and journal a question asking for a paper gives in its wh-phrase ("Which 2019 Catalysis
    Science & Technology paper …", "Which Chemical Reviews article …"), else where it introduces the paper with
    an indefinite article ("… cites a 1979 J. Am. Chem. Soc. paper by Cotton and Hall. What pages …?"): its
    years, and its longest run of capitalised words (connectors inside) read as a journal's name. Only
    those: the words naming the citing paper elsewhere ("in Elsherbini and Moran's 2023 J. Org. Chem. paper")
    describe another."""
    plain = _plain(question)
    match = _DESCRIBED.search(plain) or _INTRODUCED.search(plain)
    words = match.group(1).split() if match else []
    if not words or any(w.lower() in _NOT_DESCRIBING for w in words):
        return PublicationDescription()
    years = tuple(w for w in words if _A_YEAR.match(w))
    runs, run = [], []
    for word in words + [""]:
        if word[:1].isupper() or (run and word.lower() in _VENUE_CONNECTORS):
            run.append(word)
            continue
        while run and run[-1].lower() in _VENUE_CONNECTORS:
            run.pop()
        if run:
            runs.append(run)
        run = []
    longest = max(runs, key=len, default=[])
    abbreviations = journal_abbreviations()
    return PublicationDescription(years, venue_words(" ".join(longest)),
                                  any(w.endswith(".") and w.lower() in abbreviations for w in longest))


def asks_for_publication(question: str) -> bool:
    """A question asking for a paper ("which cited study …", "is any work on … cited?") or for its bibliographic
    details (journal, volume, pages, authors, title) is answered by a bibliographic record: an entry of a
    reference list, which the passage discussing the work cites, or a document's own metadata."""
    if _publication_words(question):  # "the author's ORCID iD"
        return True
    described = described_publication(question)
    if described.years or described.abbreviated:  # "Which 2002 J. Am. Chem. Soc. work …": a dated or journal's work
        return True
    return asks_for_work(question)


def asks_for_work(question: str) -> bool:
    """Whether a wh-phrase of the question names the paper asked for ("Which study is cited for …?", "What paper
    backs …?", "Whose earlier work …?"), not only its details or what was said in it ("What efficiency …, as cited
    in the review?", "Why …, according to the study cited?"): a sentence of the text that cites the work answers
    with the entry its marker points to."""
    # any noun of the wh-phrase, not only its head: a verb in -s can pass for the head ("What paper backs …")
    return any(p.wh in ("what", "which", "whose") and _names_publication(p.words) for p in _parse(question))


def authors_at_work(question: str) -> bool:
    """Whether a question speaks of a paper's authors only as doing or saying what it asks about ("How did the
    authors of the PbS paper purify the dots?", "Did the authors of … declare any conflict of interest?"), not
    asking who they are ("Who are the authors of …?"): every "author(s)" in it is at work (``_publication_words``)."""
    tokens = _tokens(question)
    named = {re.sub(r"'s?$", "", t) for t in tokens} & _ACTING
    return bool(named) and not named & _publication_words(question)


def mentions_publication(question: str) -> bool:
    """Whether a question speaks of a paper or its record anywhere ("The reference list includes a paper by
    Harder; which clusters did it describe?"), even when what it asks for is something else."""
    tokens = _tokens(question)
    nouns = {s for t in tokens for s in singulars(re.sub(r"'s?$", "", t))}
    return bool(_publication_words(question) or nouns & _PUBLICATION_NOUNS)


# --- sentences ---------------------------------------------------------------------------------------------
def names_people(text: str) -> bool:
    return bool(_NAMES_PEOPLE.search(_plain(text)))


def names_a_value(text: str) -> bool:
    """Whether ``text`` writes a measured value (a number, not a year, a label's number or one glued to a word):
    a table's line that writes none is a line of its header ("isomer (5) [mmol] total yield")."""
    return _A_MEASURED_VALUE.search(_plain(text)) is not None


def states(answer_type: AnswerType, text: str, kind: str) -> bool:
    """Whether a sentence (search text, markers removed) of a chunk of ``kind`` states a thing of the type: a
    table's row (its search text holds the table's title and header) by a number where they name the quantity
    or its unit."""
    return (kind in TEXT_KINDS or kind in answer_type.record_kinds) and _stated(answer_type, _plain(text), kind)


def _stated(answer_type: AnswerType, plain: str, kind: str) -> bool:
    if answer_type.states.search(plain):
        return True
    if kind == "reference" and answer_type.entry_authors:
        return opens_with_authors(plain)
    return (kind == "table" and answer_type.measured and answer_type.column is not None
            and bool(answer_type.column.search(plain)) and _A_MEASURED_VALUE.search(plain) is not None)


@functools.lru_cache(maxsize=4096)
def _defined_for(modifier: str, short_forms: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """The short forms of ``short_forms`` (short, long) whose long form holds ``modifier``."""
    return tuple(short for short, long in short_forms if _mentions(modifier, long))


# a quantity's symbol whose subscript abbreviates what it is of: "E_{U}" (Urbach energy), "H_{f}" (formation
# enthalpy), "η_{ext}" (external efficiency); as the reading writes subscripts, up to SUBSCRIPT_LETTERS letters
SUBSCRIPT_LETTERS = 4
_SYMBOL_SUBSCRIPT = re.compile(rf"(?<![^\W\d_])[^\W\d_]_\{{([^\W\d_]{{1,{SUBSCRIPT_LETTERS}}})\}}")


def symbol_subscripts(text: str) -> tuple[str, ...]:
    """The subscripts of the quantity symbols printed in ``text`` (display text, as the reading writes
    subscripts): ("U",) for "an E_{U} value of 28.1 meV". Matched text (``text.normalize``) flattens them ("EU")."""
    return tuple(_SYMBOL_SUBSCRIPT.findall(text))


# a coupling constant as NMR data write it: "¹J_{C‑F} = 256.7 Hz" (plain: "1J_{C-F} =", as matched: "1JC-F ="),
# "J_{PH} =", "J = 6.9 Hz": the J names a coupling, its superscript the bonds between the coupled nuclei
# ("one-bond"), its subscript their elements ("carbon–fluorine"): a question asks in words what data give in symbols
_COUPLING = re.compile(r"(?<!\w)(?P<bonds>\d?)J_?\{?(?P<nuclei>(?:[A-Z][a-z]?-?[A-Z][a-z]?)?)\}?\s*=")
_BOND_COUNT = re.compile(r"(one|two|three|four|five)-bonds?")
_BOND_COUNTS = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}


def _names_coupling(modifier: str, text: str) -> bool:
    """Whether ``text`` writes a coupling constant (``_COUPLING``) that ``modifier`` (lower case) describes:
    "coupling", "one-bond" (a superscript 1), "carbon-fluorine" or "fluorine" (C and F coupled)."""
    couplings = list(_COUPLING.finditer(unicodedata.normalize("NFKC", text).translate(_DASHES))) if "J" in text else []
    if not couplings:
        return False
    if modifier in ("coupling", "couplings", "coupled"):
        return True
    if bonds := _BOND_COUNT.fullmatch(modifier):
        return any(m["bonds"] == _BOND_COUNTS[bonds[1]] for m in couplings)
    symbols = element_symbols()
    known = set(symbols.values())
    nuclei = [symbols.get(p, p.capitalize()) for p in re.split(r"[-–]", modifier)]
    return all(n in known for n in nuclei) and any(
        set(nuclei) <= set(re.findall(r"[A-Z][a-z]?", m["nuclei"])) for m in couplings)


def _names_atoms(modifier: str) -> bool:
    """Whether a modifier names two atoms or more by their symbols ("o-ti-n", "c(1)-c(2)-c(3)", "c-c")."""
    known = set(element_symbols().values())
    parts = [re.sub(r"\(\w+\)$", "", part) for part in re.split(r"[-–]", modifier)]
    return len(parts) >= 2 and all(part.capitalize() in known for part in parts)


_OCR_DIGITS = str.maketrans("lo", "10")  # "C(l)" for C(1), "Ti-0" for Ti-O


def _squashed(text: str) -> str:
    """``text`` in lower case, its letters and digits only, and the letters a scan's OCR reads for digits read as
    them: "(H-O) E346" → "h0e346", "C(l)-C(2)" → "c1c2"."""
    return re.sub(r"[\W_]", "", text.lower()).translate(_OCR_DIGITS)


_HYPHEN_IN_WORD = re.compile(r"(?<=[a-z])-(?=[a-z])")


# an anion's name, for the element it is of: a salt asked by name is named by its formula ("sodium bromide", NaBr)
_ANIONS = {"fluoride": "fluorine", "chloride": "chlorine", "bromide": "bromine", "iodide": "iodine", "oxide": "oxygen",
           "sulfide": "sulfur", "selenide": "selenium", "telluride": "tellurium", "nitride": "nitrogen",
           "phosphide": "phosphorus", "hydride": "hydrogen", "carbide": "carbon"}


# non-metals and metalloids: named alone, they qualify a property ("carbon content", "oxygen vacancies"), which a
# formula holding the element does not state ("C, 68.63" of an elemental analysis is not "CO2"); a metal named alone
# is a salt's cation ("sodium bromide")
_NONMETALS = frozenset("H He B C N O F Ne Si P S Cl Ar As Se Br Kr Te I Xe Rn".split())


def _element_named(word: str) -> str | None:
    """The symbol of the element ``word`` (lower case) names as a salt's ion: a metal ("sodium" → "Na") or an
    anion ("bromide" → "Br"); None for any other word (a non-metal by its own name: "carbon")."""
    symbols = element_symbols()
    if word in _ANIONS:
        return symbols.get(_ANIONS[word])
    symbol = symbols.get(word)
    return symbol if symbol not in _NONMETALS else None


_PER_UNIT = re.compile(r"([^\W\d_]+)/([^\W\d_]+)")  # a unit per unit asked by name: "kcal/mol", "mg/ml"


def _mentions(modifier: str, text: str, short_forms: tuple[tuple[str, str], ...] = (),
              subscripts: tuple[str, ...] = ()) -> bool:
    """Whether ``text`` holds the word ``modifier`` (lower case): a long word by its stem ("melting" → "melts"),
    a hyphenated one with or without its hyphens, a bracketed label by its letters and digits (``_squashed``:
    "h-o(e346)" in "(H-O) E346"), a short one or a formula whole (a word with a plural ending:
    "dot" in "quantum dots"), in any case; or one of its short forms as written: the usual ones
    (``qualifier_abbreviations``: "photoluminescence" → "PL"), and those the paper defines (``short_forms``,
    (short form, long form) pairs: "quantum dots (QDs)" lets "QD" or "QDs" name "quantum" and "dot"); or a word
    the chemical literature uses for it (``qualifier_synonyms``: "products" by "compounds")."""
    # a usual short form may open a compound ("EI-MS (90 eV)", "PL-QY")
    if any(re.search(rf"(?<![\w-]){re.escape(short)}(?!\w)", text) for short in _ABBREVIATIONS.get(modifier, ())):
        return True
    if any(re.search(rf"(?<![\w-]){re.escape(other.removesuffix('s'))}s?(?!\w)", text, re.I)
           for other in _SYNONYMS.get(modifier, ())):
        return True
    if any(re.search(rf"(?<![\w-]){re.escape(short.removesuffix('s'))}s?(?![\w-])", text)
           for short in _defined_for(modifier, short_forms)):
        return True
    if modifier.isalpha() and any(modifier.startswith(sub.lower()) for sub in (*symbol_subscripts(text), *subscripts)):
        return True
    if _names_coupling(modifier, text):
        return True
    if (symbol := _element_named(modifier)) and symbol in formula_symbols(text):
        return True  # "sodium bromide" by "NaBr", "chloride" by "CaCl2"
    if "(" in modifier:  # a bracketed label, "h-o(e346)": as a table sets it, "(H-O) E346"
        return _squashed(modifier) in _squashed(text)
    if per_unit := _PER_UNIT.fullmatch(modifier):  # "kcal/mol" as a paper may write it: "kcal mol-1", "kcal·mol⁻¹"
        numerator, denominator = map(re.escape, per_unit.groups())
        return re.search(rf"(?<!\w){numerator}(?:\s*/\s*{denominator}|[\s·⋅]*{denominator}\s*(?:[-−–]\s*1|⁻¹))(?!\w)",
                         text, re.I) is not None
    text = text.lower()
    parts = [p for p in modifier.split("-") if p]
    pieces = []
    for part in parts:
        if part.isalpha() and len(part) >= 5:
            pieces.append(re.escape(part[:max(4, len(part) - 3)]) + r"\w*")
        else:
            pieces.append(re.escape(part) + (r"(?:e?s)?" if part.isalpha() else ""))
    pattern = re.compile(r"(?<!\w)" + r"[-\s]?".join(pieces) + r"(?!\w)")
    # a word the question writes closed may be hyphenated where it is printed ("retro-synthesis", "co-polymer")
    return pattern.search(text) is not None or ("-" in text and pattern.search(_HYPHEN_IN_WORD.sub("", text)) is not None)


# words between a count and what it counts ("79 novel planctomycete strains", "BGCs per genome: 13"): on 8987 tuning
# questions, 8 was +9 −2 ("the barrier for the reaction of the Wheland intermediate formation was 4.0" is too far),
# 10 was +4 −0
COUNT_REACH = 8
_A_COUNT = re.compile(rf"^(?:{_NUMBER_WORDS})$|\d", re.I)


def _counts(noun: str, text: str) -> bool:
    """Whether ``text`` gives a number (digits or a number word) within COUNT_REACH words of ``noun`` (the things
    counted, "steps", or a bare value's name, "reactivity"): "in 26 steps", "a 6-million-parameter model", "the
    number of BGCs was 13"; not a number elsewhere in a sentence naming it ("Giant genes were most frequent in the
    Gemmataceae, … and in 2020 …" of "how many giant genes"). True where ``text`` does not name it (the sentence
    before did) or names it as an NMR coupling ("J = 7.0 Hz")."""
    words = [w.strip("()[],;:.") for w in re.split(r"[\s\-‐–]+", text)]
    nouns = [i for i, w in enumerate(words) if _mentions(noun, w)]
    if not nouns or _names_coupling(noun, text):  # named only before it, or as a coupling's J: not looked for here
        return True
    numbers = [i for i, w in enumerate(words) if _A_COUNT.search(w)]
    return any(abs(i - j) <= COUNT_REACH + 1 for i in nouns for j in numbers)


def states_asked(answer_type: AnswerType, modifiers: tuple[str, ...] | list[str], text: str,
                 before: str = "", kind: str = "body", short_forms: tuple[tuple[str, str], ...] = (),
                 subscripts: tuple[str, ...] = ()) -> bool:
    """Whether a sentence states a thing of the type and names what was asked about it: a value of the type in
    the sentence with the modifier nearest the head (and the head, when the type ``names_head``), and the
    other modifiers of the asked quantity (``asked_quantity``) in it or in the sentence ``before`` it, which
    may have named the quantity in full ("… photoluminescence quantum yields …" / "We measured a quantum yield
    of 60 %"; ``before`` may hold more of the passage before it). "What is the glass transition temperature …" is
    not answered by "deposited at 300 °C", but by "a glass transition at 120 °C". A count or a bare value names
    what it is of beside its number (``_counts``). Two modifiers may be written as one word ("the bandgap" names
    the "band gap" asked). ``subscripts`` are those of the symbols printed in the sentence
    (``symbol_subscripts``: "E_{U}" names the Urbach energy), which matched text flattens ("EU")."""
    plain = _plain(text)
    if not _stated(answer_type, plain, kind):
        return False
    own, context = plain, f"{plain} {_plain(before)}"
    # atoms named ("the O–Ti–N bite angle", "the C–C single-bond lengths") name the quantity, whatever else the
    # question calls it: "The O-Ti-N angle at 89.6°" answers
    if any(_names_atoms(m) and _mentions(m.lower(), own, short_forms) for m in modifiers):
        return True
    # any number states a count or a bare value: what it is of ("how many giant genes", "what reactivity ratio") is
    # named beside it, not anywhere in the sentence
    one = answer_type is COUNT and len(modifiers) == 1  # a count's or a bare value's single qualifier
    if one and modifiers[0].isalpha() and kind == "body" and not _counts(modifiers[0].lower(), own):
        return False
    nearest = len(modifiers) - (2 if answer_type.names_head else 1)
    # things counted are named where they are counted, by a short form only of them: "the highest number of 13 BGCs"
    # (biosynthetic gene clusters) counts no giant genes
    counted = one and _plural(modifiers[0])
    if counted:
        short_forms = tuple((short, long) for short, long in short_forms
                            if long.split() and _mentions(modifiers[0].lower(), long.split()[-1].lower()))
    if not answer_type.names_head and not counted and any(_mentions(noun, own) for noun in answer_type.nouns):
        nearest = len(modifiers)  # "… photoluminescence lifetime …" / "The QDs show a lifetime of 1.8 μs."

    def named(i: int, modifier: str) -> bool:
        where = own if i >= nearest else context
        # or with its neighbour as one word, as the paper writes them closed ("band gap" of "the bandgap"): that word
        # whole, not by a stem, which the first part alone has ("growth" is no "growth pH")
        return _mentions(modifier.lower(), where, short_forms, subscripts) or any(
            re.search(rf"(?<!\w){re.escape(modifiers[j] + modifiers[j + 1])}(?:e?s)?(?!\w)", where, re.I)
            for j in (i - 1, i) if 0 <= j < len(modifiers) - 1)

    return all(named(i, m) for i, m in enumerate(modifiers))


# --- NMR signals (answer_types.yaml: nmr_signals) ---------------------------------------------------------------

_SIGNALS = LEXICON["nmr_signals"]
_MULTIPLICITY = re.compile(rf"\b({'|'.join(_SIGNALS['multiplicities'])})s?\b", re.I)
_PROTON_COUNT = re.compile(rf"\b({'|'.join(_SIGNALS['counts'])})-protons?\b", re.I)
_PROTON_GROUP = re.compile(rf"(?<![\w-])({'|'.join(map(re.escape, _SIGNALS['groups']))})(?![\w-])", re.I)
_GROUP_PROTONS = {group.lower(): protons for group, protons in _SIGNALS["groups"].items()}
_POSITION = re.compile(rf"\b({'|'.join(_SIGNALS['positions'])})\b", re.I)
SIGNAL_POSITIONS = frozenset(_SIGNALS["positions"])
# one signal of a listing: its shift (or range) and, in brackets, its multiplicity, couplings and integration
# ("3.53 (s, 2H)", "7.30−7.26 (m, 2H)", "3.01 (s, 2 H, CH2)", "162.5 (d, ¹J_{C‑F} = 258.6 Hz)")
_LISTED_SIGNAL = re.compile(r"(?<![\d.])\d{1,3}\.\d{1,3}(?:\s*[−–-]\s*\d{1,3}\.\d{1,3})?\s*\(([^()]{1,80})\)")
_INTEGRATION = re.compile(r"\b(\d+)\s?H\b")


@dataclass(frozen=True)
class Signal:
    """One NMR signal a question describes: the abbreviations its multiplicity is written as in a listing
    (("s",) for "singlet"), the protons it integrates to ("2") and its place in the listing ("downfield");
    each empty where the question does not say."""

    multiplicities: tuple[str, ...] = ()
    protons: str = ""
    position: str = ""  # "downfield", "upfield": where in the listing it stands (``nmr_signals.positions``)

    def __bool__(self) -> bool:
        return bool(self.multiplicities or self.protons or self.position)


def asked_signal(question: str) -> Signal:
    """The NMR signal ``question`` describes by its multiplicity ("singlet"), its protons ("two-proton", "the
    methyl …": the first group named) and its place in the listing ("the most downfield"); Signal() when it
    names none of them."""
    multiplicity = _MULTIPLICITY.search(question)
    count = _PROTON_COUNT.search(question)
    group = _PROTON_GROUP.search(question)
    position = _POSITION.search(question)
    protons = (_SIGNALS["counts"][count[1].lower()] if count else _GROUP_PROTONS[group[1].lower()] if group else "")
    return Signal(tuple(_SIGNALS["multiplicities"][multiplicity[1].lower()]) if multiplicity else (), protons,
                  position[1].lower() if position else "")


def signals_fitting(text: str, signal: Signal) -> list[tuple[int, int]]:
    """The (start, end) offsets in ``text`` of the listed signals that fit ``signal`` best: of its
    multiplicity and its protons, as many as any signal of the listing fits; [] when none fits either."""
    fits = []
    for match in _LISTED_SIGNAL.finditer(text):
        described = match[1].split(",")
        integration = _INTEGRATION.search(match[1])
        score = (bool(set(described[0].split()) & set(signal.multiplicities))
                 + bool(signal.protons and integration and integration[1] == signal.protons))
        fits.append((score, match.span()))
    best = max((score for score, _ in fits), default=0)
    return [span for score, span in fits if best and score == best]


# --- characterization techniques of a compound's entry (answer_types.yaml: techniques) ---------------------------

_TECHNIQUES = LEXICON["techniques"]["named"]
_TECHNIQUE_LABELS = {name: re.compile(spec["label"]) for name, spec in _TECHNIQUES.items()}
_TECHNIQUES_ASKED = {name: re.compile("|".join(spec["asked"])) for name, spec in _TECHNIQUES.items()}


def asked_techniques(question: str) -> tuple[str, ...]:
    """The characterization techniques ``question`` names ("HRMS", "high-resolution mass spectrometry",
    "13C{1H} NMR", "melting point"), as names of answer_types.yaml's ``techniques``, in the lexicon's order; ()
    when it names none."""
    text = _plain(question)
    return tuple(name for name, pattern in _TECHNIQUES_ASKED.items() if pattern.search(text))


def technique_listings(text: str, techniques: tuple[str, ...]) -> list[tuple[int, int]]:
    """The (start, end) offsets in ``text`` (a line of a compound's entry) of the data of ``techniques`` it
    lists, each from its label to the next technique's label or the end: "¹H NMR … ppm. ¹³C{¹H} NMR (101 MHz,
    CDCl₃) δ 163.2, …" lists "carbon NMR" from "¹³C{¹H}" on, and "proton NMR" up to it; [] when it lists
    none."""
    # NFKC character by character where it gives one character ("¹³" is "13"), so offsets stay the text's
    plain = "".join(c if len(c := unicodedata.normalize("NFKC", ch)) == 1 else ch for ch in text).translate(_DASHES)
    labels = sorted((m.start(), name) for name, pattern in _TECHNIQUE_LABELS.items() for m in pattern.finditer(plain))
    ends = [start for start, _ in labels[1:]] + [len(text)]
    return [(start, end) for (start, name), end in zip(labels, ends) if name in techniques]
