"""Expected answer types: what a sentence must state to answer a question at all.

A question asking "at what temperature …" is answered by a sentence that
states a temperature, "which university …" by one that names an institution.
When the papers discuss the topic but never state such a thing, the nearest
sentence is not an answer and the assistant abstains. This is the classic
answer-type check of extractive QA: the question's wh-phrase names the type,
the sentence's text (normalized, citation markers removed) shows whether it
holds one. A question asking for a paper is the one type retrieval uses too:
its answer is a bibliographic record.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .types import TEXT_KINDS

# "what/which [is the] [modifiers] NOUN …": the head noun of the wh-phrase is what is asked for. A modifier
# is not a verb, a preposition, a pronoun or an article, so "what effect does temperature have" asks for an
# effect and "which technique confirmed the bond lengths" for a technique; and the head ends the phrase,
# so "which techniques besides mass spectrometry" does not ask for a mass.
_FUNCTION = (r"(?:of|on|in|at|for|to|toward|towards|by|with|from|about|under|during|and|or|that|which|when|where|why|how|"
             r"does|do|did|is|are|was|were|has|have|had|can|could|will|would|should|may|might|must|"
             r"i|you|we|they|it|he|she|this|these|those|the|a|an|its|their|his|her|our|your)")
_WH = rf"\b(?:what|which)(?:\s+(?:is|was|are|were)\s+(?:the|its|their|a|an))?(?:\s+(?!{_FUNCTION}\b)[^\s?]+|\s+and){{0,6}}?\s+"
_HEAD_END = rf"(?=\s*(?:[?,.;:)]|$)|\s+(?:{_FUNCTION}|\w+ed|\w+s)\b)"  # punctuation, a function word or a verb
# A measured value: digits not glued to a letter or a brace, so the subscripts of Au25(SR)18, an isomer
# label C1(12), a locant 4-tert or a marker ^{16,17} are not values.
_NUMBER = r"\d+(?:[.,]\d+)?"
_VALUE = rf"(?<![\w.,{{^_()/-]){_NUMBER}"
_SIGNED_VALUE = rf"(?<![\w.,{{^_()/])[-+]?{_NUMBER}"  # a potential is often negative: −0.7 V
_CARDINAL = (r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|"
             r"sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|dozens?)\b")


@dataclass(frozen=True)
class AnswerType:
    name: str
    asks: re.Pattern  # in the question
    states: re.Pattern  # in a sentence that answers it
    body_only: bool = True  # a bibliography entry's or a metadata line's numbers (year, pages, date) measure nothing


def _type(name: str, nouns: str, states: str, *phrases: str, body_only: bool = True, case: int = re.I) -> AnswerType:
    asks = "|".join([rf"{_WH}(?:{nouns})s?{_HEAD_END}", *phrases])
    return AnswerType(name, re.compile(asks, re.I), re.compile(states, case), body_only)


# Researchers named in the text's usual ways ("Junling Lu, Lina Cao, and co-workers", "Smith et al.",
# "Guo-Yu Yang and colleagues"); a bibliography entry's authors ("Chen, C.-A.; Yang, G.-Y."); a document's
# author line. A question asking who is answered by one of these, not by the nearest sentence on its topic.
_NAMES_PEOPLE = re.compile(r"\b(?:co-?workers?|colleagues|et al)\b|\b[A-Z][a-z]+(?:-[A-Z]?[a-z]+)? [A-Z][a-z]+,? (?:and|&) ")
PERSON = _type("person", r"researcher|scientist|chemist|author|group|team|person|people",
               rf"{_NAMES_PEOPLE.pattern}|\b[A-Z][\w'’-]+, (?:[A-Z]\.\s?-?)+[;,]|\bAuthors?\b",
               r"^\W*who\b", body_only=False, case=0)

ANSWER_TYPES = (
    _type("temperature", r"temperature|(?:melting|boiling) point",
          rf"{_VALUE}\s*(?:°\s*[CF]|K|kelvin|degrees?(?: (?:Celsius|centigrade|Fahrenheit|C|F))?)\b|"
          r"\broom temperature|\bambient temperature", r"\bhow (?:hot|cold)\b"),
    _type("duration", r"time|duration|period|lifetime",
          rf"{_VALUE}\s*(?:h|hrs?|hours?|min|minutes?|s|secs?|seconds?|ms|μs|µs|ns|ps|fs|days?|weeks?|months?|years?)\b",
          r"\bhow long (?:does|did|do|will|would|should|can|could|must)\b"),
    _type("length", r"length|distance|size|diameter|radius|thickness|width",
          rf"{_VALUE}\s*(?:Å|nm|pm|μm|µm|mm|cm|m|angstroms?|nanomet(?:er|re)s?)(?!\w)",
          r"\bhow (?:long|far|large|big|small|thick|wide) (?:is|are|was|were)\b"),
    _type("percentage", r"percentage|percent|yield|efficiency|selectivity|conversion|fraction",
          rf"{_VALUE}\s*%|\bper ?cent\b"),
    _type("pressure", r"pressure", rf"{_VALUE}\s*(?:bar|mbar|Pa|kPa|MPa|GPa|atm|Torr|psi)\b"),
    # an electrode's potential, not "the potential of clusters in catalysis": only with what makes it electric
    _type("voltage", r"(?:applied|electrode|cell|onset|working|reduction|oxidation|redox|half-wave) potential|"
                     r"overpotential|voltage",
          rf"{_SIGNED_VALUE}\s*(?:V|mV|kV|volts?|millivolts?)\b"),
    _type("current density", r"current densit(?:y|ie)",
          rf"{_VALUE}\s*(?:mA|A|μA|µA|kA)\s*/?\s*(?:cm|m)(?![a-z])"),  # 10 mA cm−2, 10 mA/cm2
    _type("money", r"price|cost|fee|charge",
          rf"[$€£¥]\s*\d|{_VALUE}\s*(?:USD|EUR|GBP|CNY|RMB|dollars?|euros?|yuan)\b",
          r"\bhow much (?:does|did|do|will|would|should)\b.*\bcost\b"),
    _type("count or value", r"number|amount|value|concentration|rate|speed|weight|mass|density|ratio|loading|"
                            r"impact factor",
          rf"{_VALUE}|{_CARDINAL}", r"\bhow (?:many|much|fast|high|low)\b"),
    # "how often" is answered by "rarely" as well as by "twice a year"
    _type("frequency", r"frequency",
          rf"{_VALUE}|{_CARDINAL}|\b(?:rarely|seldom|often|frequently|usually|commonly|typically|always|never|"
          r"occasionally|sometimes|routinely|once|twice)\b", r"\bhow often\b"),
    # names of institutions are capitalized words of a few kinds, in any kind of chunk (an affiliation
    # stands in the metadata)
    _type("institution", r"university|universities|institute|institution|affiliation|organi[sz]ation|laborator(?:y|ie)|"
                         r"department|compan(?:y|ie)|agenc(?:y|ie)|funder|foundation|sponsor",
          r"\b(?:University|Universit[éàä]t?|Institute|Institut|College|Academy|Laborator(?:y|ies)|Department|School|"
          r"Foundation|Council|Agency|Ministry|Fund|Programme?|Center|Centre|Inc|Ltd|Corporation|GmbH)\b",
          r"\bwhere (?:is|was|are|were|does|did)\b.*\b(?:work|based|located|affiliated)\b",
          body_only=False, case=0),
    # a named ligand ("4-tert-butylbenzenethiolate", "PPh3"), not the class ("thiolate-protected clusters", the
    # SR of Au25(SR)18); "which thiol" asks for one as well
    _type("ligand", r"ligand|thiol|thiolate|phosphine|phosphane|selenolate|alkynyl|carbene",
          r"\w+(?:thiolates?|thiols?|phosphines?|phosphanes?|selenolates?|alkynyls?|alkynes|carbenes?|amines?|"
          r"carboxylates?|halides?|chlorides?|bromides?|iodides?|cyanides?)\b|\b(?:SG|SePh|PPh3|NHCs?|GSH|"
          r"glutathione|cysteine|PVP|dendrimers?)\b"),
    _type("solvent", r"solvent",
          r"\b(?:water|aqueous|ethanol|methanol|propanol|isopropanol|butanol|toluene|benzene|xylene|hexanes?|"
          r"heptane|pentane|acetone|acetonitrile|chloroform|dichloromethane|DCM|CH2Cl2|CHCl3|THF|tetrahydrofuran|"
          r"DMF|dimethylformamide|DMSO|dimethyl sulfoxide|diethyl ether|ether|ethyl acetate|pyridine|dioxane|"
          r"ionic liquids?)\b"),
    PERSON,
)


# A question asking for a paper ("which cited study …", "is any work on … cited?") or for its bibliographic
# details (journal, volume, pages, authors, title) is answered by a bibliographic record: an entry of a
# reference list, which the passage discussing the work cites, or a document's own metadata.
_ASKS_PUBLICATION = re.compile(
    rf"{_WH}(?:paper|publication|study|studies|article|work|review|reference|source|report)s?{_HEAD_END}|\bcit(?:ed|es?)\b"
    r"|\b(?:volume|pages|journal|doi|authors?|authored|title|published)\b",
    re.I,
)


def asks_for_publication(question: str) -> bool:
    return bool(_ASKS_PUBLICATION.search(question))


def names_people(text: str) -> bool:
    return bool(_NAMES_PEOPLE.search(text))


def expected_types(question: str) -> tuple[AnswerType, ...]:
    """The answer types a question asks for: none for most questions, several for "at what temperature
    and for how long …"."""
    return tuple(t for t in ANSWER_TYPES if t.asks.search(question))


def states(answer_type: AnswerType, text: str, kind: str) -> bool:
    """Whether a sentence (search text, markers removed) of a chunk of ``kind`` states a thing of the type."""
    return (kind in TEXT_KINDS or not answer_type.body_only) and bool(answer_type.states.search(text))
