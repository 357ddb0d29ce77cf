"""Question analysis: the one place a question is read.

``analyze(question, history, library) -> Query``: what is asked (answer
types, a metadata field, reference entries, a paper), of which document(s)
of the library, whether it follows up on the previous question or repeats an
earlier one, and the text that retrieval matches. Retrieval and answer
selection read the ``Query``; nothing downstream parses the question again.

The ways a question names a document and asks for its metadata are data:
assistant/data/questions.yaml, with examples that tests/test_query.py runs.
"""
from __future__ import annotations

import functools
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable

from .answer_types import (FUNCTION_WORDS, INSTITUTION, LEXICON_WORDS, PERSON, AnswerType, PublicationDescription,
                           Signal, abbreviated_words, answer_head, asked_quantity, asked_signal, asked_techniques,
                           asks_for_people, asks_for_publication, asks_for_work, authors_at_work, definiendum,
                           described_publication, expected_types, head_noun, mentions_publication, stated_numbers,
                           states, substances_named, values_with_units)
from .references import NAME_WORD, journal_abbreviations, name_keys, names_venue
from .text import (Tokenizer, acronyms, chemical_names, data_file, element_symbols, english_frequency, english_words,
                   formulas, identifiers, is_english, label_number, normalize, singulars, spelling_variants,
                   technical_terms, two_word_splits, writes_long_form)
from .types import TEXT_KINDS

_ANAPHORA = re.compile(
    r"\b(it|its|they|their|theirs|them|this|that|these|those|he|she|his|her|hers|such|the same|the former|the latter)\b",
    re.I,
)
# a compound's number in a question ("how much 2n was isolated", "the vinylimido complex 5c"): a digit or two and
# a small letter or two, as chemistry papers number compounds
COMPOUND_LABEL = r"\d{1,2}[a-z]{1,2}"
_COMPOUND_LABEL = re.compile(rf"(?<![\w.,-]){COMPOUND_LABEL}(?![\w-])")
_YEAR = re.compile(r"\b(?:1[89]|20)\d\d\b")  # "Which 2016 J. Org. Chem. paper is cited …": a year the question names
# "reference 12", "ref. 3", "citation 7": the question names an entry of the reference list.
_REFERENCE_NUMBER = re.compile(r"\b(?:ref(?:erence)?s?\.?|citations?)\s*(?:no\.?|number|#)?\s*(\d{1,4})\b", re.I)
_WORDS = re.compile(r"[A-Za-z][\w'’-]*")


@functools.lru_cache(maxsize=1)
def question_rules() -> dict:
    """assistant/data/questions.yaml, with its metadata-field patterns compiled and its unwritten short forms a set."""
    rules = data_file("questions.yaml")
    rules["fields"] = [(name, [re.compile(p, re.I) for p in patterns])
                       for name, patterns in rules["metadata_fields"].items()]
    cited = rules["cited_work"]
    not_references = "|".join(map(re.escape, cited["not_references"]))
    rules["cites"] = [re.compile(p, re.I) for p in cited["patterns"]] + [
        re.compile(rf"\breferences?\b(?!\s+(?:\d|(?:{not_references})s?\b))", re.I)]
    rules["unwritten_acronyms"] = frozenset(rules["unwritten_acronyms"])
    rules["unwritten_words"] = frozenset(rules["unwritten_words"])
    return rules


def _lower_words(question: str) -> set[str]:
    """The question's words, lower case, a possessive's ending dropped ("Lodola's" → "lodola")."""
    return {_POSSESSIVE.sub("", w.lower()) for w in _WORDS.findall(question)}


_POSSESSIVE = re.compile(r"['’]s?$")


# a short form: two capitals or more ("SciMON", "HFIP", "PACs", "FP7"); not a formula, which has lower-case
# letters and digits both ("CaCo3", "Au25")
_SHORT_FORM = re.compile(r"\b(?=(?:[A-Za-z0-9]*[A-Z]){2})(?![A-Za-z]*[a-z][A-Za-z]*\d|[A-Za-z0-9]*\d[A-Za-z]*[a-z])"
                         r"[A-Z][A-Za-z0-9]*\b")


def short_forms_asked(question: str) -> tuple[str, ...]:
    """The short forms whose long form a question asks for (questions.yaml, ``expansion``: "What does SciMON
    stand for in the review of LLMs?" → ("SciMON",)); () when it asks for none."""
    rules = question_rules()["expansion"]
    found: list[str] = []
    for clause in re.split(r"[,;?]", question):
        for pattern in rules["before"]:
            match = re.search(pattern, clause, re.I)
            if match:
                found += _SHORT_FORM.findall(clause[:match.start()])
        for pattern in rules["after"]:
            match = re.search(pattern, clause, re.I)
            if match:  # "the abbreviation PACs refer to in …": up to a verb or a preposition after it
                rest = re.split(r"\b(?:stands?|refers?|means?|in|of|for|is|are)\b", clause[match.end():])[0]
                found += _SHORT_FORM.findall(rest)
    return tuple(dict.fromkeys(found))


# a figure or a scheme named by its number ("Figure 5", "Fig. 2", "Scheme S1"); a table only when asked for itself
# (questions.yaml, ``table_itself``): its caption answers less than its rows ("Which functional did Brehm et al.
# use, per Table 2?")
# numbered in digits, or in capital Roman numerals ("Table VIII" of a 1991 paper)
_NUMBER = r"(S?\d+|(?-i:[IVX]+)\b)"
_LABEL = re.compile(rf"\b(fig(?:ure)?|scheme)s?\.?\s*{_NUMBER}", re.I)
_TABLE_LABEL = re.compile(rf"\btab(?:le|\.)\s*{_NUMBER}", re.I)


def labels_named(question: str) -> tuple[tuple[str, str], ...]:
    """The figures and schemes a question names by number, as (kind, number): "What does Figure 5 of the
    review compare?" → (("figure", "5"),); "Fig." is a figure. A table too when the question asks for its title
    or what it is about (questions.yaml, ``table_itself``): "What is the title of Table 1?" → (("table", "1"),)."""
    named = [("figure" if kind.lower().startswith("fig") else kind.lower(), label_number(number))
             for kind, number in _LABEL.findall(question)]
    if any(re.search(pattern, question, re.I) for pattern in question_rules()["table_itself"]["patterns"]):
        named += [("table", number) for number in tables_named(question)]
    return tuple(dict.fromkeys(named))


# a panel of a figure asked ("panel c of Figure 9", "panels A and B", "Figure 6b", "Fig. 2(b)"): its letter
_PANEL = re.compile(r"\bpanels?\s+\(?([a-h])\)?(?!\w)(?:\s*(?:,|and|&)\s*\(?([a-h])\)?(?!\w))?", re.I)
_FIGURE_PANEL = re.compile(r"\b(?:fig(?:ure)?|scheme)s?\.?\s*S?\d+\s*\(?([a-h])\)?(?!\w)", re.I)


def panels_named(question: str) -> tuple[str, ...]:
    """The panels of a figure a question asks of, as lower-case letters: "What does panel c of Figure 9
    show?" → ("c",); "What do panels A and B of Figure 4 show?" → ("a", "b"); "in Figure 6b" → ("b",)."""
    letters = [letter for match in (*_PANEL.finditer(question), *_FIGURE_PANEL.finditer(question))
               for letter in match.groups() if letter]
    return tuple(dict.fromkeys(letter.lower() for letter in letters))


@functools.lru_cache(maxsize=1)
def _subject_phrase() -> re.Pattern:
    """The word before a connector of questions.yaml's ``value_subject`` and the phrase after it (subjects_named)."""
    rules = question_rules()["value_subject"]
    return re.compile(rf"(?:(\w+)\s+)?\b(?:{'|'.join(rules['connectors'])})\s+"
                      rf"(?!(?:{'|'.join(rules['not_opening'])})\b)(.+?)"
                      rf"(?=\s+(?:{'|'.join(rules['phrase_ends'])})\b|[,;:?]|\s\(|$)", re.I)


def subjects_named(question: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    """The technical ``terms`` naming what a value is asked for, as the whole words holding them, in the
    noun phrase after a connector of questions.yaml's ``value_subject`` up to the next preposition, verb,
    stop or parenthesis opened after a space (one glued to a word is part of a name: "3-(trifluoromethyl)phenyl")
    ("What IC50 … for pomalidomide?" → ("pomalidomide",); "toward 3-bromoindole" → ("3-bromoindole",));
    none of a phrase naming an identifier, a compound number or a quantity, in it or in parentheses after it,
    which name the thing then ("for the diazatitanacyclohexene 9a", "for the 10 mmol electrolysis", "for the
    iodophenyl-substituted dihydrooxazole (C17H17INO4S+)"), nor of one naming an ion or a salt by its formula in
    brackets ("for the protonated macrocycle [1Ca + H]+"); none of a phrase naming a process, what the value
    served (its last word ends as ``process_endings`` say: "for the electrocatalytic cyclization")."""
    rules = question_rules()["value_subject"]
    purposes = set(rules["after_purpose"])
    process = re.compile(rf"(?:{'|'.join(rules['process_endings'])})$", re.I)
    named = ((m[1] or "", m[2] + (re.match(r"\s*(\([^)]*\))?", question[m.end():])[1] or ""))
             for m in _subject_phrase().finditer(question))
    phrases = [p for before, p in named
               if before.lower() not in purposes and not process.search((p.split() or [""])[-1])
               and not identifiers(p) and not compound_labels(p) and not re.search(r"(?<![\w-])\d[\d.,]*(?![\w-])", p)
               and "[" not in p]
    return tuple(dict.fromkeys(_terms_in([word for p in phrases for word in re.findall(r"[\w-]+", p)], terms)))


def auxiliary_subjects(question: str, terms: tuple[str, ...]) -> tuple[str, ...]:
    """The technical ``terms`` written in lower case in the subject of the question's auxiliary (questions.yaml
    ``auxiliary_subject``): the words after "does", "did" or "do" (and a determiner) up to the first plain
    lower-case English word, the verb, which a stop or a word of ``after_verb`` follows ("How many plasmids does
    Gemmata obscuriglobus carry?" → ("obscuriglobus",)); none where more words follow the subject before the verb
    ("did the monobrominated indole formed by SpH2 elute": a modifier), nor of a subject naming an identifier or
    a number, which names the thing then."""
    rules = question_rules()["auxiliary_subject"]
    determiners, after_verb = set(rules["determiners"]), set(rules["after_verb"])
    found = []
    for match in re.finditer(rf"\b(?:{'|'.join(rules['auxiliaries'])})\s+([^,;:?]+)", question, re.I):
        words = re.findall(r"[\w-]+", match[1])
        while words and words[0].lower() in determiners:
            words.pop(0)
        end = next((i for i, word in enumerate(words)
                    if word.islower() and all(is_english(part) for part in word.split("-") if part)), len(words))
        subject, rest = words[:end], words[end + 1:]
        if not subject or end == len(words) or rest and rest[0] not in after_verb:
            continue
        if identifiers(" ".join(subject)) or any(re.search(r"\d", word) for word in subject):
            continue
        found += _terms_in([word for word in subject if word[0].islower()], terms)
    return tuple(dict.fromkeys(found))


def _terms_in(words: list[str], terms: tuple[str, ...]) -> list[str]:
    """What of ``words`` names a thing by one of the technical ``terms`` (``_term_parts``), in order."""
    return [part for word in words for t in terms if t in word.lower() for part in _term_parts(word, t)]


def _term_parts(word: str, term: str) -> list[str]:
    """Of a hyphenated word holding ``term``, what names a thing: the parts holding it when the others are English
    words of four letters or more ("acetate-mediated" → "acetate", "acid-styrene" → "styrene"), else the word
    whole ("3-bromoindole", "Co-alkoxide": a part of a name)."""
    parts = word.split("-")
    holding = [part for part in parts if term in part.lower()]
    others = [part.lower() for part in parts if term not in part.lower()]
    if others and all(len(part) >= 4 and part in english_words() for part in others):
        return holding
    return [word]


def media_named(question: str) -> tuple[str, ...]:
    """The substances of the lexicon (``answer_types.substances_named``) a value is asked in, named right after a
    connector of questions.yaml's ``value_medium``: "What reactivity ratios … copolymerized in benzene?" →
    ("benzene",). A value stated for other media does not answer (answer.names_asked_things)."""
    connectors = "|".join(question_rules()["value_medium"]["connectors"])
    after = re.finditer(rf"\b(?:{connectors})\s+(?:the\s+)?([\w-]+)", question, re.I)
    return tuple(dict.fromkeys(medium for m in after for medium in substances_named(m[1])))


def _rule_words(rule: str) -> str:
    """An alternation of the words of questions.yaml's ``rule`` (a space matches any whitespace)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in question_rules()[rule]["words"])


@functools.lru_cache(maxsize=1)
def _value_bound() -> re.Pattern:
    """A word of questions.yaml's ``value_bounds`` and the number or range after it, not opening a parenthesis,
    each number perhaps approximate: "above 80", "between 80 and 90", "less than 5.5", "between about 55 and 80";
    or a value set aside for the one asked: "instead of 50"."""
    number = rf"(?:(?:{_rule_words('approximate_values')})\s*)?\d+(?:[.,]\d+)?"
    return re.compile(rf"(?<!\()\b(?:{_rule_words('value_bounds')})\s+{number}(?:\s*(?:and|to|[-–])\s*{number})?",
                      re.I)


@functools.lru_cache(maxsize=1)
def _approximate_number() -> re.Pattern:
    """A number after a word of questions.yaml's ``approximate_values``, not a ratio's: "about 29", "~15"."""
    return re.compile(rf"(?<![\w.])(?:{_rule_words('approximate_values')})\s*(?:an?\s+)?(\d+(?:[.,]\d+)?)(?![\d:])",
                      re.I)


def stated_values(question: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The numbers a question states with a unit (answer_types.values_with_units) or as a ratio ("8:1"), and as
    values at all (answer_types.stated_numbers), not those bounding the value asked ("Which signal falls between
    80 and 90 ppm?" → ((), ())): a bound says where the value lies, the paper need not write it; nor a value set
    aside ("at 80 °C instead of 50 °C" → 80), which the paper writes whatever it says of the other. A number stated
    as approximate ("of about 29 Hz") is marked "~29": the paper writes it more exactly ("28.8 Hz")."""
    unbounded = _value_bound().sub(" ", question)
    approximate = {m[1].replace(",", ".") for m in _approximate_number().finditer(unbounded)}

    def marked(found: tuple[str, ...]) -> tuple[str, ...]:
        return tuple(f"~{n}" if n in approximate else n for n in found)

    numbers = marked(stated_numbers(unbounded))
    # a ratio is a value stated whatever its unit ("made with the 8:1 Pb:S precursor ratio"): a paper stating the
    # mass of a batch at 24:1 does not answer for 8:1
    return tuple(dict.fromkeys(marked(values_with_units(unbounded)) + tuple(n for n in numbers if ":" in n))), numbers


def tables_named(question: str) -> tuple[str, ...]:
    """The numbers of the tables a question names, whatever it asks of them, as digits (``text.label_number``):
    "According to Tab. 4 …" → ("4",), "In Table II …" → ("2",)."""
    return tuple(dict.fromkeys(label_number(number) for number in _TABLE_LABEL.findall(question)))


MAX_ROW_RANGE = 20  # "entries 1–20" names rows; a wider span is no list of rows


@functools.lru_cache(maxsize=1)
def _numbered_row() -> re.Pattern:
    """A row noun of questions.yaml's ``numbered_rows`` and the numbers after it: "entries 11 and 12", "hit 7",
    "runs 3–5" (a number not part of a label, "sample 2a" names a compound, nor a value: "a hit 95% identical")."""
    nouns = "|".join(question_rules()["numbered_rows"]["nouns"])
    number = r"\d+(?!\d|-?[^\W\d]|[.,]\d|\s*[%°])"
    return re.compile(rf"\b(?:{nouns})\.?\s+({number}(?:\s*(?:,|,?\s*(?:and|or|to)\b|[-–])\s*{number})*)", re.I)


def rows_named(question: str) -> tuple[str, ...]:
    """The numbers of the rows a question names in a table it names by number ("In Table 1, which origin is given
    for hit 7?" → ("7",); "entries 11 and 12" → ("11", "12"); "runs 3–5" → ("3", "4", "5")); () without such a
    table, as "run 2" in a paper's text names no row."""
    if not tables_named(question):
        return ()
    numbers: list[str] = []
    for match in _numbered_row().finditer(question):
        listed = re.findall(r"\d+|[-–]|\bto\b", match[1])
        for i, item in enumerate(listed):
            if item.isdigit():
                numbers.append(item)
            elif 0 < i < len(listed) - 1 and 0 < int(listed[i + 1]) - int(listed[i - 1]) <= MAX_ROW_RANGE:
                numbers += map(str, range(int(listed[i - 1]) + 1, int(listed[i + 1])))
    return tuple(dict.fromkeys(numbers))


def row_number(row: str) -> str | None:
    """The number opening a table's row, its entry's number ("7 501\tyes\tcontig-…" → "7"), or None."""
    match = re.match(r"\s*(\d+)(?=\s)", row)
    return match[1] if match else None


_TABLE_WORD = re.compile(r"\btab(?:les?\b|\.)", re.I)


def speaks_of_table(question: str) -> bool:
    """Whether a question speaks of a table, numbered or not: "In the additive screening table …", "Tab. 4"."""
    return _TABLE_WORD.search(question) is not None


def table_opened(text: str) -> str | None:
    """The number of the table whose label opens ``text`` ("Tab. 3. Solvent Time …" → "3", "Table II. …" → "2",
    ``text.label_number``), or None."""
    match = _TABLE_LABEL.match(text)
    return label_number(match.group(1)) if match else None


def asks_about_back_matter(question: str) -> bool:
    """Whether a question asks who is thanked or who paid for the work (questions.yaml, ``back_matter``, its
    words, not in its ``not_phrases``: "thanks to their high absorption"), or names a part of the back matter
    ("According to the author contributions, …": its ``sections``); analyze adds a question for an author's part
    in the work."""
    rules = question_rules()["back_matter"]
    question = re.sub("|".join(rf"\b{re.escape(p)}\b" for p in rules["not_phrases"]), " ", question, flags=re.I)
    return bool(_lower_words(question) & set(rules["words"])) or any(
        re.search(rf"\b{re.escape(name)}\b", question, re.I) for name in rules["sections"])


def condition_words(question: str) -> tuple[str, ...]:
    """The words of the conditions a question asks a value under (questions.yaml ``conditions``: "… when a copper
    plate was used as the cathode?" → ("copper", "plate", "cathode")): the lower-case words of four letters or
    more after an opener, up to the next punctuation, less verbs and function words (the parser's, "against", and
    the rule's own, "paper"); in order, once each."""
    rules = question_rules()["conditions"]
    openers = "|".join(re.escape(o) for o in rules["openers"])
    skipped = set(rules["verbs"]) | set(rules["function_words"]) | FUNCTION_WORDS
    words = [w for clause in re.findall(rf"\b(?:{openers})\b([^?!.,;:]*)", question, re.I)
             for w in re.findall(r"(?<![\w-])[a-z][a-z-]{3,}(?![\w-])", clause)
             if w not in skipped and not w.endswith(("ed", "ing"))]
    return tuple(dict.fromkeys(words))


# a dash typed between two names joins a pair, not one name ("the HOCl–E346 hydrogen bond", "the K79–HOCl
# distance"); normalization makes it a hyphen, which may join the parts of one name ("PTDH–mFMO", a fusion enzyme)
_PAIRING_DASH = re.compile(r"(?<=[^\W_])[–—](?=[^\W\d_])|(?<=[^\W\d_])[–—](?=\d)")


def typed_pairs(names: tuple[str, ...], question: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Of ``names`` (``Query.identifiers``), those ``question`` (as typed) writes as a pair with a dash, each with
    the names of its parts: "HOCl–E346" → ("hocle346", ("e346",)) ("HOCl" has no digit or inner capital)."""
    parts = identifiers(normalize(_PAIRING_DASH.sub(" ", question)))
    return tuple((name, tuple(p for p in parts if p in name)) for name in names if name not in parts)


def degree_asked(question: str) -> tuple[str, ...]:
    """The property a question asks the degree of (questions.yaml ``degree_asked``), as its adjective and the nouns
    its ending makes: "How pure are …?" → ("pure", "purity", "pureness"); () for a word of magnitude ("How long …"),
    an adverb ("How strongly …") or another question."""
    rules = question_rules()["degree_asked"]
    asked = re.match(rules["pattern"], question, re.I)
    word = asked[1].lower() if asked else ""
    if not word.isalpha() or word in rules["not"] or word.endswith("ly"):
        return ()
    return (word, *(word.removesuffix(ending) + noun for ending, noun in rules["nouns"] if word.endswith(ending)))


def asks_effect(question: str) -> bool:
    """Whether a question asks how something changed or fared (questions.yaml ``conditions.effect_asked``: "How
    did the yield change when …?", "What effect did … have …?"): its conditions are asked of as a value's are."""
    return any(re.search(pattern, question, re.I) for pattern in question_rules()["conditions"]["effect_asked"]["patterns"])


def asks_drawback(question: str) -> bool:
    """Whether a question asks a drawback, a limitation or a caveat (questions.yaml ``drawback.words``): "What
    drawbacks of one-pot production …?"."""
    return bool(_lower_words(question) & set(question_rules()["drawback"]["words"]))


@functools.lru_cache(maxsize=1)
def _extremes() -> tuple[re.Pattern, re.Pattern]:
    """(a superlative of questions.yaml ``extreme.words``, what ends a question's clause: ``extreme.clause_ends``)."""
    rules = question_rules()["extreme"]
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in rules["words"])
    ends = "|".join(rf"\b{re.escape(w)}\b" if w.isalpha() else re.escape(w) for w in rules["clause_ends"])
    return re.compile(rf"\b(?:{words})\b", re.I), re.compile(ends, re.I)


def names_extreme(text: str) -> bool:
    """Whether ``text`` holds a superlative (questions.yaml ``extreme.words``: "the lowest", "the most")."""
    return _extremes()[0].search(text) is not None


def asks_extreme(question: str) -> bool:
    """Whether a question asks which thing is the extreme of its kind (questions.yaml ``extreme``: "Which solvent
    gave the slowest copolymerization?"): a superlative in the clause of its first wh-word (else of its first
    word), before the next comma or clause word."""
    superlative, end = _extremes()
    opening = _FIRST_WH.search(question) or re.match(r"\W*\w+", question)
    rest = question[opening.end():] if opening else question
    clause = rest[: m.start()] if (m := end.search(rest)) else rest
    return superlative.search(clause) is not None


def asks_yes_or_no(question: str) -> bool:
    """Whether a question asks yes or no: it opens with an auxiliary verb (questions.yaml, ``polar``: "Did the
    authors …?", "Is 5c stable in air?")."""
    first = re.match(r"\W*([A-Za-z]+)", question)
    return bool(first) and first.group(1).lower() in question_rules()["polar"]["openers"]


_AUTHOR_NOUNS = frozenset({"author", "authors", "coauthor", "coauthors"})  # "co-author" reads as "co", "author"


def names_author(question: str, library: "Library") -> bool:
    """Whether a question names an author of a library paper by surname ("Where is Jun Okuda based?"), in the
    singular or the plural of its words."""
    words = _lower_words(question)
    words |= {s for w in words for s in singulars(w)}
    return any(s.lower() in words for d in library.documents for s in d.surnames)


def speaks_of_author(question: str) -> bool:
    """Whether a question speaks of an author as such ("which author", "the corresponding author", "co-author")."""
    return bool(_lower_words(question) & _AUTHOR_NOUNS)


NOUN_PHRASE_WORDS = 5  # how far back a determiner may open the noun phrase a word ends ("their recent halogenase work")


def asks_for_affiliation(question: str, library: "Library", tokenize: Callable[[str], list[str]]) -> bool:
    """Whether a question asks where an author of the library's papers works (questions.yaml, ``affiliation``):
    it speaks of one, by a surname on a byline ("Where is Jun Okuda … based?"), as "the (corresponding)
    author" or as the group named for their paper ("the CaCo3 group", ``group_of_paper``), and of being
    affiliated, based or at a university, or ends on the preposition the institution is the object of ("Which
    company are the authors with?", ``stranded``); or it asks which university or institute a paper came from,
    was led by or took part in ("Which university led the … study?", ``institution_heads``). Whether it asks for
    an institution at all is the answer types' to say."""
    words, rules = _lower_words(question), question_rules()["affiliation"]
    words |= {s for w in words for s in singulars(w)}  # "Which universities are the authors … from?"
    author = speaks_of_author(question) or names_author(question, library) or group_of_paper(question, library, tokenize)
    said = [w.lower() for w in _WORDS.findall(question)]
    stranded = bool(said) and said[-1] in rules["stranded"]
    # "their work on …", "the work of …": a paper, not where its authors work ("where does Okuda work?")
    # a determiner or a possessive a few words before opens the noun phrase "work" ends ("Moran's electrochemical
    # hypervalent iodine work"): a paper
    pairs = [(any(b in rules["determiners"] or b.endswith("'s") for b in said[max(0, i - NOUN_PHRASE_WORDS):i]), w)
             for i, w in enumerate(said) if w in rules["verb_or_noun"]]
    words -= {w for noun, w in pairs if noun} - {w for noun, w in pairs if not noun}
    if words & set(rules["education"]):
        return False
    # the paper is what the institution did or joined: named after it ("Which university led the … study?"), not
    # only where the question says which paper it asks of ("According to the review, at which institute was
    # staurosporine discovered?"), nor a work the paper cites
    head = head_noun(question)
    of_paper = (head in rules["institution_heads"] and not asks_of_cited_work(question)
                and re.search(rf"\b{head}\b.*\b{_noun()}\b", question, re.I))
    return (bool(_paper_origin().search(question.lower())) or bool(of_paper)
            or author and (stranded or bool(words & set(rules["words"]))))


def group_of_paper(question: str, library: "Library", tokenize: Callable[[str], list[str]]) -> bool:
    """Whether a question speaks of the authors of a library paper as a group (questions.yaml
    ``document_nouns.groups``) whose preceding words name that paper: "the CaCo3 group", "the arylindigo research
    group", "the Tisdale group"; not "the methyl group", whose words name none."""
    groups = "|".join(question_rules()["document_nouns"]["groups"])
    return any(referred_documents(f"the {words}{group}", library, tokenize)[0]
               for words, group in noun_phrases(groups, question.lower()))


@functools.lru_cache(maxsize=1)
def _paper_origin() -> re.Pattern:
    """A paper said to come from somewhere or to have been done there (questions.yaml ``affiliation.origin``), as
    the subject of the clause ("did the … study come from", "was the … study done"), not a noun after a
    preposition ("the measurements for the … work performed")."""
    rules = question_rules()["affiliation"]
    determiners, verbs = "|".join(rules["determiners"]), "|".join(rules["origin"])
    return re.compile(rf"\b(?:did|was|were|is|are)\s+(?:{determiners})\s+(?:[\w/–-]+\s+){{0,{NOUN_PHRASE_WORDS}}}?"
                      rf"{_noun()}\s+(?:{verbs})\b")


TOPIC_SHARE = 0.15  # a name held by this share of a document's passages or more is what the paper is about
# (SpH1 and SpH2 in a paper on those two enzymes): a passage need not name it to speak of it


@dataclass(frozen=True)
class LibraryDocument:
    """What a question can name a document by: its id (file stem), title, authors' surnames, the
    kind it calls itself (an editorial, a review) in its title, banners and metadata lines, and the journal
    it appeared in ("the Catalysts manuscript on …")."""

    doc_id: str
    title: str
    surnames: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    journal: str = ""
    year: str = ""  # of its publication, four digits ("" unknown): a question giving only other years asks of a cited work
    # the BM25 tokens of the names with a digit or an inner capital (text.identifiers) held by TOPIC_SHARE of its
    # passages or more: what the paper is about, which names it ("the SpH1/SpH2 halogenase paper")
    topics: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Library:
    documents: tuple[LibraryDocument, ...]
    words: frozenset[str] = frozenset()  # lower-case words of the library's text: what a misspelling is corrected to
    # of each token (a stem), how many documents' text holds it: a word only one paper uses names it better
    # than "natural products"; empty (a library built without texts), every word weighs the same
    document_frequency: dict[str, int] = field(default_factory=dict)
    # the journals of the library's reference entries (``references.venue_words``): capitalised words a question
    # gives the paper it asks for name a journal only when one of these is it ("Which Crooks paper …" names a person)
    journals: frozenset[tuple[str, ...]] = frozenset()
    # of each token, how many passages hold it (BM25's document frequency): which compounds the library writes
    # closed (closed_spellings); empty, none is read closed
    passage_frequency: dict[str, int] = field(default_factory=dict)

    def naming_weight(self, token: str) -> float:
        """How much a title token tells its document apart: log(1 + documents / documents holding it)."""
        if not self.document_frequency:
            return 1.0
        return math.log(1 + len(self.documents) / max(1, self.document_frequency.get(token, 0)))

    def correct(self, word: str) -> str | None:
        """The library's word a misspelled question word stands for ("regoin" → "region"), or None: a word of
        four letters or more that neither the library nor the answer types' nouns ("funder") know is read in
        its other spelling where the library writes that ("crystallised" → "crystallized"); else, unless the
        English lexicon knows it in either spelling ("litre"), it is corrected
        only to a library word within two edits (``library_neighbours``, the closest first). Ties go to
        the commoner English word ("singel" → "single", not the name "ringel"), then to the first in
        alphabetical order, so the same question is read the same way after a restart."""
        lowered = word.lower()
        if len(lowered) < 4 or not lowered.isalpha() or lowered in self.words or lowered in LEXICON_WORDS:
            return None
        # the other spelling of a word ("crystallised"), as the library writes it; an English word is no misspelling
        variants = spelling_variants(lowered)[1:]
        if spelled := next((v for v in variants if v in self.words), None):
            return spelled
        if is_english(lowered):  # "litre" is not "like"
            return None
        frequency = english_frequency()
        found = sorted(library_neighbours(lowered, self.words), key=lambda c: (-frequency.get(c, 0), c))
        if not found:
            return None
        # another form of a word the library writes ("ethanolic" where it writes "ethanol") is no misspelling
        # when its neighbour is another word ("ethanoic"); a neighbour of the same stem ("pentaborates") is kept
        typed = _stems(lowered, _TOKENIZE)
        if typed <= self.document_frequency.keys() and _stems(found[0], _TOKENIZE) != typed:
            return None
        return found[0]

    def document(self, doc_id: str) -> LibraryDocument:
        """The library's record of a document (its surnames, year, …); an empty one for an id it lacks."""
        return next((d for d in self.documents if d.doc_id == doc_id), LibraryDocument(doc_id, ""))

    @classmethod
    def of(cls, index) -> "Library":
        """From an index: each document's id, title, authors, the names it is about (``topics``: of its text
        passages, not its bibliography's), and the kinds its title and metadata lines
        (banners, notes: "Review", "Views expressed in this editorial") call it, not in a phrase of questions.yaml's
        ``document_nouns.not_kinds`` ("Received for review …")."""
        kinds = question_rules()["document_nouns"]["kinds"]
        not_kinds = re.compile("|".join(question_rules()["document_nouns"]["not_kinds"]))
        tokenize = Tokenizer()
        found, held, words = [], Counter(), set()
        for d in index.documents.values():
            first, last = index.doc_ranges[d.doc_id]
            said_words = {w for c in index.chunks[first:last] for w in re.findall(r"\w+", c.search_text.lower())}
            # of its own text: a bibliography's entries name the archives and services it cites ("arXiv")
            text = [c for c in index.chunks[first:last] if c.kind in TEXT_KINDS]
            named = Counter(name for c in text for name in set(identifiers(c.text)))
            topics = frozenset(t for name, n in named.items() if n >= TOPIC_SHARE * len(text) for t in tokenize(name))
            held.update(set(tokenize(" ".join(said_words))))
            words.update(run for w in said_words for run in re.findall(r"[a-z]{4,}", w))
            surnames = tuple(dict.fromkeys(a["name"].split()[-1] for a in d.metadata.get("authors", [])
                                           if a.get("name", "").split()))
            metadata = index.metadata_chunk(d.doc_id)
            said = not_kinds.sub(" ", f"{d.title} {metadata.text if metadata else ''}".lower())
            dated = " ".join(str(d.metadata.get(f) or "") for f in ("year", "published", "journal"))
            year = next(iter(_YEAR.findall(dated)), "")
            found.append(LibraryDocument(d.doc_id, d.title, surnames,
                                         tuple(k for k in kinds if re.search(rf"\b{k}\b", said)),
                                         d.metadata.get("journal") or "", year, topics))
        return cls(tuple(found), frozenset(words), dict(held), index.entry_venues, index.passage_frequency())


def described_in_library(question: str, library: Library) -> PublicationDescription:
    """The year and journal the question gives the paper it asks for (``answer_types.described_publication``),
    the journal only when the library's reference entries hold it (``Library.journals``): the capitalised
    words before "paper" are as often a person's name ("Which Crooks paper …", "Which Lodola et al. study …")."""
    described = described_publication(question)
    if described.venue and not any(names_venue(described.venue, journal) for journal in library.journals):
        return replace(described, venue=(), abbreviated=False)
    return described


def compound_labels(question: str) -> tuple[str, ...]:
    """The compound numbers a question names ("2n", "4e", "7b"), in order."""
    return tuple(dict.fromkeys(_COMPOUND_LABEL.findall(question)))


def entry_heading(labels: tuple[str, ...] = ()) -> re.Pattern:
    """A sentence closing on a compound's number in parentheses, the heading of its entry in an experimental
    section ("… 4-methylbenzenesulfonate (2n)."): of one of ``labels``, or of any compound when none is given.
    A label's "x" may print as "×" (the J. Org. Chem. paper's "… 4-methylbenzenesulfonate (2×)." for 2x)."""
    names = "|".join(re.escape(label).replace("x", "[x×]") for label in labels) if labels else COMPOUND_LABEL
    return re.compile(rf"\((?:{names})\)\.?$")


@dataclass(frozen=True)
class Query:
    """A question as the rest of the pipeline reads it.

    ``text`` is what is matched: the question (its last sentences when it is
    longer than ``shortened`` allows), normalized, with element symbols added;
    ``context`` the previous question folded in for a follow-up ("" when none).
    ``documents`` are the documents it refers to (empty: any); ``ambiguous``
    those it could mean when it says "this paper" in a library of several with
    nothing to tell which.
    """

    question: str
    text: str
    shortened: bool = False
    language: str = "en"
    answer_types: tuple[AnswerType, ...] = ()
    qualifiers: tuple[str, ...] = ()  # what tells the asked quantity from others of its type ("glass transition")
    quantity: str = ""  # the head noun of the asked quantity, singular: "point" of "melting point" (asked_quantity)
    asks_publication: bool = False
    asks_work: bool = False  # a cited work itself, or who did it: "Which study is cited for …?", "Who reported …?"
    asks_people: bool = False  # the first wh-phrase asks who (answer_types.asks_for_people)
    polar: bool = False  # asks yes or no: "Did the authors …?" (asks_yes_or_no)
    drawback: bool = False  # asks a drawback, a limitation, a caveat (asks_drawback)
    extreme: bool = False  # asks which thing is the extreme of its kind: "Which solvent was slowest?" (asks_extreme)
    mentions_publication: bool = False  # speaks of a paper or a reference anywhere, whatever it asks for
    metadata_field: str | None = None
    asks_back_matter: bool = False  # who is thanked, who funded: the acknowledgements answer (questions.yaml)
    asks_affiliation: bool = False  # an author's institution: the affiliations printed on page 1 answer
    # where the work was done, no author nor institution named ("Where was the titanocene work carried out?"): the
    # first affiliation the paper prints answers, not a co-author's
    asks_first_affiliation: bool = False
    reference_numbers: tuple[int, ...] = ()
    documents: tuple[str, ...] = ()
    ambiguous: tuple[str, ...] = ()
    followup: bool = False
    repeat: bool = False
    corrections: tuple[tuple[str, str], ...] = ()  # misspelled words read as the library's: (typed, read)
    context: str = ""
    # BM25 tokens of text and of the library's closed and open spellings of its compounds (closed_spellings,
    # open_spellings)
    tokens: tuple[str, ...] = ()
    head_tokens: tuple[str, ...] = ()  # BM25 tokens of its wh-phrase's head noun (answer_types.answer_head)
    definiendum: tuple[str, ...] = ()  # the words of the term "what is/are X?" asks to define (answer_types)
    sections: tuple[str, ...] = ()  # the parts of a paper it names, as words their headings hold (sections_named)
    initials: tuple[str, ...] = ()  # of authors whose part it asks: "Adrian Mulholland" → "AM" (authors_initials)
    short_forms: tuple[str, ...] = ()  # whose long form is asked: "What does SciMON stand for?" (short_forms_asked)
    labels: tuple[tuple[str, str], ...] = ()  # figures and schemes named by number: (("figure", "5"),)
    tables: tuple[str, ...] = ()  # the tables it names by number, whatever it asks of them: ("4",) (tables_named)
    rows: tuple[str, ...] = ()  # the rows it names by number in such a table: "hit 7" → ("7",) (rows_named)
    panels: tuple[str, ...] = ()  # the panels of a figure asked of, as letters: ("c",) (panels_named)
    identifiers: tuple[str, ...] = ()  # names with a digit or an inner capital ("SrZrS3"), flattened (text.identifiers)
    # of those typed as a pair with a dash ("the HOCl–E346 hydrogen bond"), the names of its parts: (("hocle346",
    # ("e346",)),) (typed_pairs); a paper may name each part apart
    pair_parts: tuple[tuple[str, tuple[str, ...]], ...] = ()
    describing: tuple[str, ...] = ()  # those of them in the phrase saying which paper is asked of (describing_document)
    chemical_formulas: tuple[str, ...] = ()  # its formulas with a count ("BaZrS3"), flattened (text.formulas)
    subjects: tuple[str, ...] = ()  # what a value is asked of: "for pomalidomide" (subjects_named, auxiliary_subjects)
    media: tuple[str, ...] = ()  # the substances a value is asked in ("copolymerized in benzene"), media_named
    # words no English lexicon holds ("methanesulfonic", text.technical_terms), substances the lexicon names
    # ("toluene", answer_types.substances_named) and rare chemical names it holds ("nitrobenzene",
    # text.chemical_names), lower case: the paper answering writes each
    terms: tuple[str, ...] = ()
    # short forms in capitals ("RMSE", text.acronyms) as written, less those of a word it writes too ("photoluminescence
    # … PL"): the paper answering writes each
    acronyms: tuple[str, ...] = ()
    # the words of the conditions a value is asked under (condition_words), only where a measured type is asked ("What
    # yield … when a copper plate was the cathode?", not "What is the trade-off when …"): the paper answering writes each
    conditions: tuple[str, ...] = ()
    # the property a "how <adjective> is …" question asks the degree of, as its adjective and nouns ("toxic",
    # "toxicity", … of "How toxic are …?", degree_asked): the paper answering writes one of them in some form
    degree: tuple[str, ...] = ()
    # numbers stated with a unit, no bound, "~" marking one stated as approximate: "at 80 °C for about 3 h" → ("80",
    # "~3") (stated_values)
    values: tuple[str, ...] = ()
    numbers: tuple[str, ...] = ()  # numbers stated as values, with or without a unit, no bound, as ``values`` (stated_values)
    # the authors of a cited work whose record it asks: (those marked as authors, the other names) (cited_names)
    names: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    # whose work it speaks of, as written: "Kende, Deng and Guo's route" → (("Kende", "Deng", "Guo"),) (people_named)
    people: tuple[tuple[str, ...], ...] = ()
    years: tuple[str, ...] = ()  # the years it names, four digits: "Which 2016 J. Org. Chem. paper …" → ("2016",)
    described: PublicationDescription = PublicationDescription()  # the year and journal of a paper asked for
    compounds: tuple[str, ...] = ()  # the compound numbers it names: "… 2n was isolated, and 4e?" → ("2n", "4e")
    signal: Signal = Signal()  # the NMR signal it describes: "the two-proton singlet" → s, 2H (asked_signal)
    techniques: tuple[str, ...] = ()  # the characterization techniques it names: "HRMS" (asked_techniques)
    context_tokens: tuple[str, ...] = ()  # and of context

    @property
    def search_text(self) -> str:
        """What the dense model reads: the question with the previous one before it for a follow-up."""
        return f"{self.context} {self.text}" if self.context else self.text


MAX_EDITS = 2  # a misspelling is corrected to a word at most this many edits away, as pyspellchecker's default


@functools.lru_cache(maxsize=4)
def _by_length(words: frozenset[str]) -> dict[int, list[str]]:
    by_length: dict[int, list[str]] = {}
    for w in sorted(words):
        by_length.setdefault(len(w), []).append(w)
    return by_length


def library_neighbours(word: str, words: frozenset[str]) -> list[str]:
    """The words of ``words`` fewest edits from ``word`` (insertions, deletions, substitutions, swaps of two
    neighbouring letters: the optimal string alignment distance), at most ``MAX_EDITS``; [] when none is that
    close or ``word`` is one of them.
    RapidFuzz computes the distances in C: pyspellchecker, which generated every string two edits away,
    spent 0.2–0.7 s on a long misspelled word; this takes about a millisecond. Only words whose length
    differs by ``MAX_EDITS`` or less can be that close, so only those are compared."""
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    by_length = _by_length(words)
    near = [w for n in range(len(word) - MAX_EDITS, len(word) + MAX_EDITS + 1) for w in by_length.get(n, ())]
    found = process.extract(word, near, scorer=OSA.distance, score_cutoff=MAX_EDITS, limit=None)
    closest = min((distance for _, distance, _ in found), default=None)
    return [w for w, distance, _ in found if distance == closest and w != word]


def corrected(text: str, library: Library) -> tuple[str, tuple[tuple[str, str], ...]]:
    """The question with its misspelled lower-case words corrected to the library's (see Library.correct;
    a capitalised word is a name, left as typed), the parts of a compound of such words too ("watter-soluble"),
    and the corrections made as (typed, corrected) pairs."""
    corrections = []

    def fix(match: re.Match) -> str:
        word = library.correct(match.group())
        if word is None:
            return match.group()
        corrections.append((match.group(), word))
        return word

    def fix_parts(match: re.Match) -> str:
        return re.sub(r"[a-z]+", fix, match.group())

    # not names, not parts of formulas or of a compound's name ("4-iodotoluene")
    return re.sub(r"(?<![\w-])[a-z]+(?:-[a-z]+)*(?![\w-])", fix_parts, text), tuple(corrections)


CLOSED_PART = 3  # letters of each word of a compound written open that is read closed too ("gap" of "band gap")
# passages that must write a compound closed before its open spelling asked is read so too: one passage's
# "poly(propylenecarbonate)" is a typesetting accident, not the library's spelling of "propylene carbonate"
CLOSED_PASSAGES = 3


def closed_spellings(text: str, library: Library, tokenize: Callable[[str], list[str]]) -> tuple[str, ...]:
    """The question's two-word compounds, written open or hyphenated, that the library writes as one word in
    CLOSED_PASSAGES passages or more: "band gap" → ("bandgap",) of a review writing "bandgap". Each of the two
    words has CLOSED_PART letters or more ("in situ" is no "insitu")."""
    pieces = re.split(r"([^a-z]+)", text.lower())  # words at even places, what separates them between
    pairs = [(a, b) for a, between, b in zip(pieces[::2], pieces[1::2], pieces[2::2]) if between in (" ", "-")]
    return tuple(dict.fromkeys(
        a + b for a, b in pairs if min(len(a), len(b)) >= CLOSED_PART
        and all(library.passage_frequency.get(s, 0) >= CLOSED_PASSAGES for s in tokenize(a + b))))


def open_spellings(text: str, library: Library, tokenize: Callable[[str], list[str]]) -> tuple[str, ...]:
    """The question's closed compounds that the library never writes closed but writes as two words, each in
    CLOSED_PASSAGES passages or more, as those two words: "trifluoromethylphenyl" → ("trifluoromethyl phenyl",)
    of a paper writing "4-(trifluoromethyl)phenyl", "wavenumber" → ("wave number",). Each word has
    ``text.TWO_WORDS_PART`` letters or more ("percent" is no "per cent"); the first such split is read
    (``text.two_word_splits``)."""
    def held(word: str) -> bool:
        stems = tokenize(word)
        return bool(stems) and all(library.passage_frequency.get(s, 0) >= CLOSED_PASSAGES for s in stems)

    found = []
    for word in dict.fromkeys(re.findall(r"[a-z]+", text.lower())):
        stems = tokenize(word)
        if not stems or any(library.passage_frequency.get(s, 0) for s in stems):
            continue
        found += [f"{first} {second}" for first, second in two_word_splits(word) if held(first) and held(second)][:1]
    return tuple(found)


def with_element_symbols(text: str) -> str:
    """A question naming elements, with their symbols added: papers write "Pt–SiO₂", people ask about
    "platinum and silica". "tin at the platinum surface" → "tin at the platinum surface (Sn Pt)"."""
    names = element_symbols()
    symbols = dict.fromkeys(names[word] for word in re.findall(r"[a-z]+", text.lower())
                            if word in names and word != "lead")  # far more often the verb
    new = [s for s in symbols if not re.search(rf"(?<![A-Za-z]){s}(?![a-z])", text)]
    return f"{text} ({' '.join(new)})" if new else text


def is_followup(question: str, content_words: int, max_words: int) -> bool:
    """A short question or one leaning on a pronoun ("What were its advantages?") follows up."""
    return content_words <= max_words or bool(_ANAPHORA.search(question))


def sections_named(question: str) -> tuple[str, ...]:
    """The parts of a paper a question names (questions.yaml, ``named_sections``), as the words a heading of
    them may hold: "According to the conclusions of the QM/MM paper, …" → ("conclusion", "concluding",
    "outlook")."""
    named = question_rules()["named_sections"]
    return tuple(dict.fromkeys(heading for w in re.findall(r"[a-z]+", question.lower()) if w in named
                               for heading in named[w]))


def asks_of_cited_work(question: str) -> bool:
    """Whether the question speaks of a work the document cites (questions.yaml, ``cited_work``: "… the 2015
    paper that Elsherbini and Moran cite"): its authors are that entry's, not the byline's or the author
    contributions'."""
    return any(p.search(question) for p in question_rules()["cites"])


def metadata_field(question: str) -> str | None:
    """The metadata field a question asks for (the label of a metadata line: author, doi, title, journal,
    published, received, accepted, year), or None; not the authors when they are only at work in it ("How did
    the authors of … purify …?", ``answer_types.authors_at_work``), nor any field asked of a work cited
    (questions.yaml, ``cited_work``: "Who are the authors of the 2015 paper that … cite?")."""
    if asks_of_cited_work(question):
        return None
    field = next((name for name, patterns in question_rules()["fields"] if any(p.search(question) for p in patterns)),
                 None)
    return None if field == "author" and authors_at_work(question) else field


# "the review on water-soluble clusters", "the study by Smith": a work qualified so is one the text cites; a
# preposition the question ends on ("which journal is this editorial in?") qualifies nothing
_NOT_QUALIFIED = r"(?!\s+(?:on|about|of|by|from|in|that|which|concerning|for|where|with)\s+\w)"


TITLE_WORDS_NAMING = 3  # a question names a document by its title when it holds this many of the title's words
TITLE_SHARE_NAMING = 0.6  # ... and this share of them at least
# letters of a stem of the phrase naming a paper that a stem of its title extends, or the reverse, to count as that
# word: "the arylindigo study" names "Novel Arylindigoids by …" ("arylindigo" / "arylindigoid"); shorter stems
# extend into others' words ("chem" / "chemistri")
STEM_EXTENDED = 7
SURNAMES_NAMING = 2  # a question naming this many of one byline's surnames names that paper with no noun for it:
# "Why did Kallscheuer and Jogler pick …?"; one surname alone may be a cited work's author


@functools.lru_cache(maxsize=1)
def _who_did() -> re.Pattern:
    """"who" and a verb of doing work (questions.yaml ``titled_work.verbs``), the words after it its group 1."""
    verbs = "|".join(map(re.escape, question_rules()["titled_work"]["verbs"]))
    return re.compile(rf"\s*who\s+(?:{verbs})\s+([^?]+)", re.I)


def titled_work(question: str, library: Library, tokenize: Callable[[str], list[str]]) -> str | None:
    """The document whose authors "who <verb> <its title's words>?" asks for (questions.yaml ``titled_work``: "Who
    reported the vinylimido complexes of titanocene?" of "Synthesis and … of Vinylimido Complexes of Titanocene"):
    every BM25 word after the verb is one of its title's, TITLE_WORDS_NAMING of them at least; None when the question
    is not so, or two titles hold them."""
    work = _who_did().match(question)
    words = set(tokenize(work[1])) if work else set()
    if len(words) < TITLE_WORDS_NAMING:
        return None
    holding = [d.doc_id for d in library.documents if words <= _stems(d.title, tokenize)]
    return holding[0] if len(holding) == 1 else None


def _noun() -> str:
    nouns = question_rules()["document_nouns"]
    return rf"(?:{'|'.join(nouns['generic'] + nouns['kinds'])})s?"


def describing_document(question: str) -> tuple[str, ...]:
    """The names (``text.identifiers``) in the phrase opening a question that says which paper it asks of ("In
    the 2014 ACS Nano paper on PbS nanocrystals grown with a large PbCl2 excess, what decay time …"): they
    describe the paper, not the thing a value is asked of."""
    opening = re.match(rf"\s*(?:in|according to|from|for)\s+(?:the|this|a|an)\b[^,?;]*?\b{_noun()}\b[^,?;]*,",
                       question, re.I)
    return identifiers(opening[0]) if opening else ()


def points_at_document(question: str) -> bool:
    """Whether the question says "this paper", "the editorial", "the present study": a noun for a
    document right after a word that points at the one under discussion, and not qualified ("the
    review on …", "the study by …" are works it cites)."""
    deictic = "|".join(question_rules()["deictic"])
    return re.search(rf"\b(?:{deictic})\s+(?:(?:present|current)\s+)?{_noun()}\b{_NOT_QUALIFIED}", question.lower()) is not None


def _plain_words(text: str) -> str:
    """Lower-case words joined by single spaces, punctuation dropped ("Chem. Eur. J." → "chem eur j")."""
    return " ".join(re.findall(r"\w+", text.lower()))


_TOKENIZE = Tokenizer()  # a question's words as the index's BM25 tokens, outside ``analyze``


@functools.lru_cache(maxsize=4096)
def _stems(text: str, tokenize: Callable[[str], list[str]]) -> frozenset[str]:
    """The BM25 tokens of a title or a journal's name (once per library, not once per question)."""
    return frozenset(tokenize(normalize(text)))


# a word of a phrase naming a paper by its topic, with the marks that join a topic's parts: "methacrylic
# acid/styrene", "PO/CO2", "Pb:S", "Ca–Co"
_TITLE_WORD = r"[\w.'’/:–-]+"


def noun_phrases(nouns: str, lowered: str) -> list[tuple[str, str]]:
    """(the one to five words, the noun) of each phrase of ``lowered`` opening with "the", "this" or "that" and
    ending on one of ``nouns`` (a regular-expression alternation): "the halide exchange paper" → ("halide exchange ",
    "paper"). Matched ahead, so that each noun's phrase is read, though one runs into the next."""
    return re.findall(rf"(?=\b(?:the|this|that)\s+((?:{_TITLE_WORD}\s+){{1,5}}?)({nouns})\b)", lowered)


def _authorship_mark() -> str:
    """A pattern of questions.yaml's ``authorship_marks``, as they follow a surname ("'s", " and co-workers")."""
    return rf"(?:{'|'.join(map(re.escape, question_rules()['authorship_marks']))})"


def reference_numbers_named(text: str) -> tuple[int, ...]:
    """The numbers of the reference entries a question names: "reference 38", "ref. 2" (``_REFERENCE_NUMBER``),
    and 1 for the first entry named by its place (questions.yaml ``first_entry``: "the first entry in the
    reference list")."""
    numbers = [int(n) for n in _REFERENCE_NUMBER.findall(text)]
    if any(re.search(pattern, text, re.I) for pattern in question_rules()["first_entry"]["patterns"]):
        numbers.append(1)
    return tuple(dict.fromkeys(numbers))


def _unquoted(question: str) -> str:
    """The question with its quotations blanked: a quoted title's capitalised words ("'… Catalyzed by Tryptophan
    7-Halogenase'") are no names. An apostrophe within or at the end of a word is none of its marks ("Guo's
    synthesis … Magauer's review" quotes nothing)."""
    return re.sub(r"(?<!\w)'(?:[^']|'(?=\w))*'(?!\w)|\"[^\"]*\"|‘(?:[^’]|’(?=\w))*’(?!\w)|“[^”]*”", " ", question)


_LISTED_NAME = r"[A-Z][\w-]+(?:,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s+(?=[A-Z]))"  # "Caldas Ramos, Collison and "


def _names_by(text: str, initials: bool = False) -> list[str]:
    """The lists of names after "by" ("by Kende, Deng and Guo"; with their initials when ``initials``: "by J. D.
    Meinhart"), not after a verb of questions.yaml's ``people_named.handled_by``, with or without its purpose:
    "received by Makromolekulare Chemie", "received for review by ACS Nano" name the journal."""
    handled = set(question_rules()["people_named"]["handled_by"])
    leading = r"(?:[A-Z]\.\s*)*" if initials else ""
    return [by[2] for by in re.finditer(rf"(?:(\w+)\s+(?:for \w+\s+)?)?\bby ({leading}(?:{_LISTED_NAME})*[A-Z][\w-]+)",
                                         text)
            if not by[1] or by[1].lower() not in handled]


def others_work(question: str, surnames: tuple[str, ...]) -> bool:
    """Whether a question speaks of the work of someone not among ``surnames`` (a document's authors): a
    capitalised word before an authorship mark of questions.yaml ("Sharma and co-workers", "the Goss group",
    "Reetz's perspective") or after "by" ("the paper by Gruszka and Garden"), outside a quoted title ("…
    Catalyzed by Tryptophan 7-Halogenase'"), in a list of names holding none of ``surnames``: "Doxsee, Farahi and
    Hope's paper" is theirs, one name of the byline enough; "Wang et al.'s PETrans, discussed in the review by
    Caldas Ramos, Collison and White" is Wang's. False when ``surnames`` is unknown."""
    if not surnames:
        return False
    unquoted = _unquoted(question)
    own = {s.lower() for s in surnames}

    def theirs(names: str) -> bool:
        return bool(own & {w.lower() for w in re.findall(r"[\w-]+", names)})

    for marked in re.finditer(rf"\b[A-Z][\w-]+(?={_authorship_mark()})", unquoted):
        listed = re.search(rf"(?:{_LISTED_NAME})*$", unquoted[:marked.start()])
        if not theirs(listed[0] + marked[0]):
            return True
    return any(not theirs(names) for names in _names_by(unquoted))


_FIRST_WH = re.compile(r"\b(which|what|who|whom|whose|where|when|why|how)\b", re.I)


def _set_aside(question: str) -> str:
    """The question less its quotations (a title) and the clauses setting another work aside ("Besides
    Hertweck, …"; questions.yaml ``cited_names``), "et al." kept whole."""
    aside = "|".join(map(re.escape, question_rules()["cited_names"]["setting_aside"]))
    text = _unquoted(question).replace("et al.", "et al")
    return re.sub(rf"\b(?:{aside})\b[^,.;:?!]*", " ", text, flags=re.I)


def people_named(question: str) -> tuple[tuple[str, ...], ...]:
    """The lists of names a question marks as people whose work it speaks of: before an authorship mark
    ("Guo's synthesis", "Kende, Deng and Guo's route", "Wiegand et al."), or after "by" ("the route by Kende
    and Guo"), outside quotations and the clauses setting another work aside, not an eponym ("Tebbe's reagent",
    questions.yaml ``people_named``); each list's names as written ("Knölker"), of three letters or more."""
    text = _set_aside(question)
    eponyms = "|".join(question_rules()["people_named"]["eponyms"])
    marked = [m[0] for m in re.finditer(rf"(?:{_LISTED_NAME})*\b[A-Z][\w-]+(?={_authorship_mark()})"
                                        rf"(?!['’]s?\s+(?:{eponyms})\b)", text)]
    marked += _names_by(text, initials=True)
    lists = (tuple(w for w in NAME_WORD.findall(names) if len(w) >= 3) for names in marked)
    return tuple(dict.fromkeys(names for names in lists if names))


def cited_names(question: str) -> tuple[frozenset[str], frozenset[str]]:
    """The names a question gives for the authors of a cited work whose record it asks (questions.yaml
    ``cited_names``), as ``references.name_keys`` compares them: (those marked as people, ``people_named``; the
    others), outside quotations and the clauses setting another work aside. Both: the names marked may be the
    citing paper's own authors ("the method used by Boudevska and Todorova"), and then the others name the
    work: those not English words (``text.english_words``) nor a journal's abbreviated ("Chem."). Empty for a
    question asking why or how (a reason or a value "according to Peng et al."), not for a record."""
    first = _FIRST_WH.search(question)
    if first and first[1].lower() in ("why", "how"):
        return frozenset(), frozenset()
    # unmarked, a capitalised English word is rather a question's first word or a term's ("Retrieval-Augmented
    # Generation") than a name, and an abbreviation's a journal's ("Chem. Soc. Rev.")
    others = {name for name in name_keys(_set_aside(question))
              if name not in english_words() and f"{name}." not in journal_abbreviations()}
    return name_keys(" ".join(w for names in people_named(question) for w in names)), frozenset(others)


def authors_initials(question: str, surnames: tuple[str, ...]) -> tuple[str, ...]:
    """The initials that author contributions write for the authors a question names by given and family name
    ("What was Adrian Mulholland's contribution …?" → ("AM",); "C. Z. Christov" → ("CZC",); a hyphenated family
    name gives an initial per part: "Tatyana Karabencheva-Christova" → ("TKC",)), given initials first; only
    family names among ``surnames`` (the bylines'), () when the question names none by a given name too ("In
    Christov's paper …")."""
    found = []
    for surname in surnames:
        for match in re.finditer(rf"((?:\b[A-Z](?:[a-z]+|\.)\s*)+){re.escape(surname)}\b", question):
            # a capitalised word opening the question is no given name ("In Christov's paper …")
            names = match[1].split()[1 if match.start() == 0 else 0:]
            if names:
                found.append("".join([n[0] for n in names] + [part[0].upper() for part in surname.split("-") if part]))
    return tuple(dict.fromkeys(found))


_NAME_LIST = re.compile(r"\b[A-Z][^\W\d_][\w'’-]*(?:,\s+[A-Z][^\W\d_][\w'’-]*)+,?\s+(?:and|&)\s+[A-Z][^\W\d_][\w'’-]*")


def in_others_list(question: str, surname: str, authors: tuple[str, ...]) -> bool:
    """Whether ``surname`` stands in a list of three names or more ("by Thevenon, Garden, White and Williams")
    most of which are not among ``authors`` (a document's): the list is another work's authors, and a shared
    surname (White) does not name the document."""
    own = {a.lower() for a in authors}
    for listed in _NAME_LIST.finditer(question):
        names = [n.lower() for n in re.findall(r"[A-Z][^\W\d_][\w'’-]*", listed[0])]
        if surname.lower() in names and sum(n not in own for n in names) > len(names) / 2:
            return True
    return False


def referred_documents(question: str, library: Library, tokenize: Callable[[str], list[str]]) -> tuple[tuple[str, ...], bool]:
    """(documents the question names, whether it points at one without naming it).

    A document is named by its id, by an author's surname next to a noun for a document ("the Xie
    editorial", "the paper by Nagae"), by its kind ("the editorial", when one document calls itself so),
    by words of its title, or names it is about (``LibraryDocument.topics``), before or after such a noun ("the
    halide exchange paper", "the paper on halide exchange", "the manuscript describing halide exchange", "the
    SpH1/SpH2 halogenase paper"), or by most of its title's words anywhere (a quoted title). "this paper" or "the
    article" alone points without naming."""
    rules = question_rules()
    noun = _noun()
    lowered = question.lower()
    # a short form the question uses names the paper whose title spells it out ("the review on LLMs and agents" of
    # "A Review of Large Language Models and Autonomous Agents in Chemistry"; lower-cased, as a title may be set in
    # capitals)
    short = acronyms(question)
    titles = {d.doc_id: _stems(d.title, tokenize) | {t for a in short if writes_long_form(d.title.lower(), a, letters=2)
                                                      for t in tokenize(f"{a} {a}s".lower())}
              for d in library.documents}
    # a phrase naming a paper may hold its journal's name too, whole and as written, its abbreviation's full stops
    # aside: "the Catalysts manuscript on …", "the Scientific Reports paper"; "the Science paper" (one it cites)
    # does not name the Chemical Science one, nor does "Chem. Soc. Rev." the J. Am. Chem. Soc. one
    spoken = f" {_plain_words(question)} "
    journals = {d.doc_id: _stems(d.journal, tokenize)
                if d.journal and f" {_plain_words(normalize(d.journal))} " in spoken else set()
                for d in library.documents}
    named = [d.doc_id for d in library.documents if d.doc_id.lower() in lowered]
    # a surname names its paper next to a noun for a document ("the Nagae paper"), or where the work is said to be
    # its author's ("Elsherbini and Moran's characterization of 2d", "the Tisdale group", "Doxsee and co-workers")
    surnames = {d.doc_id: [s.lower() for s in d.surnames if re.search(rf"\b{re.escape(s.lower())}\b", lowered)
                           and not in_others_list(question, s, d.surnames)]
                for d in library.documents} if not named else {}
    authors_work = rf"{_authorship_mark()}(?!\w)"
    if not named and (re.search(rf"\b{noun}\b", lowered)
                      or any(len(given) >= SURNAMES_NAMING for given in surnames.values())
                      or any(re.search(rf"\b{re.escape(s)}{authors_work}", lowered)
                             for given in surnames.values() for s in given)):
        # the documents naming the most of the surnames given: "Schnepel, Dodero and Sewald's communication" is
        # theirs, not another paper of Sewald's group
        most = max(map(len, surnames.values()), default=0)
        by_authors = [d for d, given in surnames.items() if most and len(given) == most]
    else:
        by_authors = []
    if not named:
        # words of a title: "the <words> paper", or "the paper on/about/of <words …>": the document whose title
        # holds the most of a phrase's words, at least half of them, each weighed by how few documents use it
        # ("the paper on the copolymerization of methacrylic acid with styrene" is not one whose title says only
        # "copolymerization"; "the planctomycetes natural products review" is the one on planctomycetes); the
        # names a paper is about are words of its title here ("the SpH1/SpH2 halogenase paper")
        # (a journal's abbreviation is one of its words: "the Chem. Eur. J. arylindigoid communication")
        # (or before a noun for its authors as a group, "the CaCo3 group"; one group, as "the carbonate groups" are
        # parts of a molecule)
        before = [words for nouns in (noun, "|".join(rules["document_nouns"]["groups"]))
                  for words, _ in noun_phrases(nouns, lowered)]
        connectors = "|".join(map(re.escape, rules["naming_connectors"]))
        # matched ahead, so that each noun's phrase is read: "the manuscript of the new edge article on …" runs into
        # "article", whose own phrase names the paper
        after = re.findall(rf"(?=\b{noun}\s+(?:{connectors})\s+((?:{_TITLE_WORD}\s*){{1,6}}))", lowered)
        weight = library.naming_weight
        naming = {d.doc_id: titles[d.doc_id] | journals[d.doc_id] | d.topics for d in library.documents}
        scores: dict[str, float] = {}
        named_by: set[str] = set()
        for phrase in before + after:
            wanted = set(tokenize(phrase))
            needed = math.fsum(map(weight, wanted)) / 2  # exact sums: a set's order varies with the hash seed
            for d in library.documents:
                own = naming[d.doc_id]
                score = math.fsum(weight(t) for t in wanted if t in own or len(t) >= STEM_EXTENDED and any(
                    len(u) >= STEM_EXTENDED and (u.startswith(t) or t.startswith(u)) for u in own))
                scores[d.doc_id] = scores.get(d.doc_id, 0.0) + score  # all phrases together pick among them
                if score and score >= needed:
                    named_by.add(d.doc_id)
        scores = {d: score for d, score in scores.items() if d in named_by}
        best = max(scores.values(), default=0.0)
        by_title = [doc_id for doc_id, score in scores.items() if best and score == best]
        # surnames naming several papers equally (two papers of one group: "the Sewald group's dibromoindigo
        # paper"): the title's words pick among them; surnames naming one paper name it, as the title words may
        # name a cited work ("the 2015 Chem. Eur. J. paper … that Elsherbini and Moran cite")
        named = ([d for d in by_authors if d in by_title] if len(by_authors) > 1 else []) or by_authors or by_title
    if not named:
        # a title quoted or paraphrased: most of a title's words in the question ("the ACS Nano paper
        # 'Monodisperse, Air-Stable PbS Nanocrystals via …'"); the document whose title it covers best
        asked = set(tokenize(question))
        covered = {d.doc_id: len(asked & t) / len(t) for d in library.documents
                   if len(asked & (t := titles[d.doc_id])) >= TITLE_WORDS_NAMING}
        best = max(covered.values(), default=0.0)
        if best >= TITLE_SHARE_NAMING:
            named = [d for d, share in covered.items() if share == best]
    if not named:
        # "the editorial", not "the review on water-soluble clusters" (a review it cites)
        kinds = re.findall(rf"\b(?:{'|'.join(rules['deictic'])})\s+({'|'.join(rules['document_nouns']['kinds'])})\b"
                           rf"{_NOT_QUALIFIED}", lowered)
        for kind in kinds:
            named += [d.doc_id for d in library.documents if kind in d.kinds]
    named = list(dict.fromkeys(named))
    return tuple(named), not named and points_at_document(question)


def analyze(question: str, history: list[str] | tuple[str, ...], library: Library, *,
            tokenize: Callable[[str], list[str]] | None = None, doc: str | None = None,
            followup_max_words: int = 3, fits: Callable[[str], bool] | None = None,
            max_chars: int | None = None) -> Query:
    """Read a question once (see the module's docstring).

    ``doc`` is a document filter the caller set (the chat's document choice): it is what "this paper"
    means. ``fits`` says whether a text fits the encoder; a longer question keeps its last sentences
    (``shortened``), read from at most its last ``max_chars`` characters. ``history`` holds earlier
    questions, oldest first.
    """
    from .language import detect_language, keep_last_sentences

    tokenize = tokenize or Tokenizer()
    # at most max_chars from the end are read at all (a pasted page), then the last sentences that fit
    kept = question[-max_chars:] if max_chars and len(question) > max_chars else question
    kept, shortened = keep_last_sentences(kept, fits) if fits else (kept, False)
    shortened = shortened or len(kept) < len(question.strip())
    typed = normalize(kept)
    # the language of the question as typed: "corrected" to the library's English words, German reads as English
    language = detect_language(typed)
    asked, corrections = corrected(typed, library)
    text = with_element_symbols(asked)
    history = tuple(h for h in history if h.strip())
    # a question asked before is asked again, not followed up: read it as it was read the first time
    said = normalize(question).casefold()
    earlier = next((i for i, h in enumerate(history) if normalize(h).casefold() == said), None)
    repeat = earlier is not None
    if repeat:
        history = history[:earlier]
    documents, deictic = referred_documents(asked, library, tokenize)
    titled = None if deictic or doc is not None else titled_work(asked, library, tokenize)
    titled = titled if documents in ((), (titled,)) else None
    if doc is not None:
        documents = (doc,)
    elif titled:
        documents = (titled,)
    elif not documents:
        # the conversation's document: the last one an earlier question named
        for earlier_question in reversed(history):
            named, _ = referred_documents(normalize(earlier_question), library, tokenize)
            if len(named) == 1:
                documents = named if deictic else ()
                break
    numbers = reference_numbers_named(asked)
    # the metadata of a document of the library, not of an entry it cites ("the authors of reference 2")
    # ... and not when the question asks for something else of it ("Which university is the author of this
    # editorial affiliated with?" asks for an institution), unless its first wh-phrase asks for the field ("In
    # which journal, volume and article number was … published?")
    answer_types = expected_types(asked)
    other = [t for t in answer_types if t.name not in ("person", "date")]
    field_asked = "author" if titled else metadata_field(asked) if (documents or deictic) and not numbers else None
    head, field_nouns = head_noun(asked), question_rules()["field_nouns"]
    if field_asked and (other and head not in field_nouns.get(field_asked, ())
                        or head and not any(head in nouns for nouns in field_nouns.values())
                        # a value asked ("What volume of the sulfur solution is injected …?"), not the journal's
                        or any(t.measured for t in answer_types)):
        field_asked = None
    thanked = asks_about_back_matter(asked)
    if thanked:  # "whom do the authors of 'Monodisperse …' thank?": the acknowledgements, not the byline
        field_asked = None
    years = tuple(dict.fromkeys(_YEAR.findall(asked)))
    if field_asked and len(documents) == 1:
        asked_of = library.document(documents[0])
        # "… compared with a 2022 paper on mechanochemical iodination. In which journal was it published?" of the
        # 2023 J. Org. Chem. paper: the year of another work, one it cites, whose entry answers; "Which volume does
        # the arylindigoid paper give for the Nature Communications paper by Sharma and co-workers?": a work of
        # people who did not write the document, one it cites
        if years and asked_of.year not in years + ("",) or others_work(asked, asked_of.surnames):
            field_asked = None
    ambiguous = ()
    if deictic and not documents:
        if len(library.documents) == 1:
            documents = (library.documents[0].doc_id,)
        elif field_asked:
            ambiguous = tuple(d.doc_id for d in library.documents)
    # an author's part in the work asked ("What was Adrian Mulholland's contribution?"): the author contributions
    # name them by initials; not their affiliation or the thanks they give, which name them otherwise
    initials = authors_initials(asked, tuple(s for d in documents for s in library.document(d).surnames)) if (
        _lower_words(asked) & set(question_rules()["back_matter"]["authors_part"])) else ()
    # a work the document cites, of another year or by other people ("a 1994 J. Phys. Chem. article … Who are its
    # first two authors?", "a 2014 study by Agarwal, Moore and co-workers"): its entry names its authors
    cited_other = bool(documents) and all(
        library.document(d).year and any(year != library.document(d).year for year in years)
        or others_work(asked, library.document(d).surnames) for d in documents)
    # "which author carried out the DFT calculations": the author contributions, in the back matter, say; not of a
    # work cited
    contribution = (PERSON in answer_types and not field_asked and not numbers and speaks_of_author(asked)
                    and not asks_of_cited_work(asked) and not cited_other)
    affiliation = INSTITUTION in answer_types and not thanked and asks_for_affiliation(asked, library, tokenize)
    previous = history[-1] if history else None
    followup = bool(previous) and is_followup(asked, len(tokenize(asked)), followup_max_words)
    context = with_element_symbols(normalize(previous)) if followup else ""
    publication, people = asks_for_publication(text), asks_for_people(asked)
    terms = tuple(dict.fromkeys(technical_terms(asked, LEXICON_WORDS) + substances_named(asked)
                                + chemical_names(asked, LEXICON_WORDS | question_rules()["unwritten_words"])))
    quantity = asked_quantity(asked) or ("", ())
    values, numbers = stated_values(asked)
    asked_names = identifiers(asked)
    return Query(
        question=question, text=text, shortened=shortened, language=language.code,
        answer_types=answer_types, quantity=quantity[0], qualifiers=quantity[1],
        asks_publication=publication, asks_people=people,
        asks_work=publication and (people or asks_for_work(text)),
        polar=asks_yes_or_no(asked), drawback=asks_drawback(asked), extreme=asks_extreme(asked) and not publication,
        mentions_publication=mentions_publication(text), metadata_field=field_asked,
        asks_back_matter=thanked or contribution or bool(initials),
        asks_affiliation=affiliation,
        asks_first_affiliation=(affiliation and not names_author(asked, library)
                                and not states(INSTITUTION, asked, "body")),
        reference_numbers=reference_numbers_named(f"{context} {text}"),
        documents=documents, ambiguous=ambiguous, followup=followup,
        repeat=repeat, corrections=corrections, context=context,
        tokens=tuple(tokenize(" ".join((text, *closed_spellings(asked, library, tokenize),
                                        *open_spellings(asked, library, tokenize))))),
        context_tokens=tuple(tokenize(context)) if context else (),
        head_tokens=tuple(tokenize(answer_head(asked) or "")), definiendum=definiendum(asked),
        sections=sections_named(asked),
        initials=initials,
        short_forms=short_forms_asked(asked), labels=labels_named(asked), tables=tables_named(asked),
        rows=rows_named(asked), panels=panels_named(asked),
        identifiers=asked_names, pair_parts=typed_pairs(asked_names, kept),
        describing=describing_document(asked), chemical_formulas=formulas(asked),
        terms=terms,
        subjects=tuple(dict.fromkeys(subjects_named(asked, terms) + auxiliary_subjects(asked, terms))),
        media=media_named(asked),
        # a short form of a word the question writes too ("the photoluminescence spectra and the PL lifetime")
        # names nothing else: a paper writing the word need not write it
        acronyms=tuple(a for a in acronyms(asked, question_rules()["unwritten_acronyms"])
                       if not set(abbreviated_words(a)) & _lower_words(asked)),
        conditions=condition_words(asked) if any(t.measured for t in answer_types) or asks_effect(asked) else (),
        degree=degree_asked(asked),
        values=values, numbers=numbers,
        names=cited_names(asked) if publication and not field_asked else (frozenset(), frozenset()),
        people=people_named(asked), years=years, described=described_in_library(asked, library),
        compounds=compound_labels(text), signal=asked_signal(asked), techniques=asked_techniques(asked),
    )
