"""Expected answer types: which type a question asks for, and whether a sentence states one.

Every example of assistant/data/answer_types.yaml is a test here; the faults observed on real papers follow,
each with the right value."""
from __future__ import annotations

import pytest

from assistant.answer_types import (ANSWER_TYPES, LEXICON, PERSON, asked_quantity, asks_for_people, asks_for_publication, asks_for_work,
                                    answer_head, asked_unit, definiendum, expected_types, head_noun, names_people, states, states_asked, symbol_subscripts,
                                    wh_phrases)
from assistant.text import normalize

TYPE = {t.name: t for t in ANSWER_TYPES}


def _names(question: str) -> list[str]:
    return sorted(t.name for t in expected_types(question))


def _sentence(example) -> tuple[str, str]:
    return (example, "body") if isinstance(example, str) else tuple(example)


def _examples(section: str, polarity: bool):
    for spec in LEXICON["types"]:
        for example in spec.get("examples", {}).get(section, []):
            yield pytest.param(spec["name"], example, polarity, id=f"{spec['name']}: {_sentence(example)[0]}")


# --- generated from the lexicon ------------------------------------------------------------------------------

@pytest.mark.parametrize("name, question, asks", [*_examples("asks", True), *_examples("does_not_ask", False)])
def test_lexicon_questions(name, question, asks):
    assert (TYPE[name] in expected_types(question)) is asks, (_names(question), wh_phrases(question))


@pytest.mark.parametrize("name, example, stated", [*_examples("states", True), *_examples("does_not_state", False)])
def test_lexicon_sentences(name, example, stated):
    text, kind = _sentence(example)
    assert states(TYPE[name], text, kind) is stated


_UNITS = LEXICON["asked_units"]["examples"]


@pytest.mark.parametrize("question, unit", [*_UNITS["asks"].items(), *((q, None) for q in _UNITS["does_not_ask"])])
def test_lexicon_asked_units(question, unit):
    asked = asked_unit(question)
    assert (asked and asked.name) == (unit and f"value in {unit}")
    if asked:  # the unit asked narrows whatever measured type the wh-phrase asks
        assert [t for t in expected_types(question) if t.measured] == [asked]


@pytest.mark.parametrize("example, stated", [(e, True) for e in _UNITS["states"]]
                         + [(e, False) for e in _UNITS["does_not_state"]])
def test_lexicon_values_in_asked_units(example, stated):
    question, text, kind = (*example, "body")[:3]
    assert states(asked_unit(question), text, kind) is stated


@pytest.mark.parametrize("question, asks", [(q, True) for q in LEXICON["publication"]["examples"]["asks"]]
                         + [(q, False) for q in LEXICON["publication"]["examples"]["does_not_ask"]])
def test_lexicon_publication_questions(question, asks):
    assert asks_for_publication(question) is asks


@pytest.mark.parametrize("question, work", [(q, True) for q in LEXICON["publication"]["examples"]["work"]]
                         + [(q, False) for q in LEXICON["publication"]["examples"]["not_work"]])
def test_lexicon_work_questions(question, work):
    assert asks_for_publication(question) and asks_for_work(question) is work


@pytest.mark.parametrize("text, names", [(t, True) for t in LEXICON["people"]["examples"]["names"]]
                         + [(t, False) for t in LEXICON["people"]["examples"]["does_not_name"]])
def test_lexicon_people_named(text, names):
    assert names_people(text) is names


def test_every_type_has_examples_of_each_kind():
    for spec in LEXICON["types"]:
        examples = spec.get("examples", {})
        for section in ("asks", "does_not_ask", "states", "does_not_state"):
            assert examples.get(section), f"{spec['name']} has no {section} example"


def test_a_type_of_the_text_is_not_stated_by_a_bibliography_entry():
    assert states(TYPE["temperature"], "Smith, J. Heating to 550 °C. Nature 2020, 5, 1-9.", "reference") is False
    assert states(TYPE["temperature"], "Smith, J. Heating to 550 °C. Nature 2020, 5, 1-9.", "caption") is True


# --- the faults observed, each with the right value -----------------------------------------------------------

def test_a_quantum_yield_is_a_number_percent_or_not_where_the_sentence_names_it():
    """A quantum yield, a turnover number, an impact factor are quantities of their own (the lexicon's "property",
    which names its head): any value answers where the sentence names it, not another value of the paper."""
    question = "What is the quantum yield of the Au26.3Ag17.7 cluster?"
    assert _names(question) == ["property"]
    (asked,) = expected_types(question)
    assert states(asked, "Its quantum yield is 0.35 in toluene.", "body")
    assert states(asked, "Its quantum yield is 35%.", "body")
    assert asked_quantity(question) == ("yield", ("quantum", "yield"))
    assert states_asked(asked, ("quantum", "yield"), "Its quantum yield is 0.35 in toluene.")
    assert not states_asked(asked, ("quantum", "yield"), "The cluster was made in 10 mL of toluene.")
    (ton,) = expected_types("What TON did the catalyst reach after 6 h?")
    assert states_asked(ton, asked_quantity("What TON did the catalyst reach after 6 h?")[1],
                        "The additive improved the TON value to 1840.")
    assert not states_asked(ton, asked_quantity("What TON did the catalyst reach after 6 h?")[1],
                            "Using 1 or 2 equiv. of the borate gave the cationic species.")
    # a listed noun whose head names no quantity ("m/z value") is named by the value it states
    assert asked_quantity("Which m/z values were observed for the bromoindole?") == ("value", ())
    assert asked_quantity("What percentage yield did the synthesis give?") == ("yield", ("percentage",))
    # a plain yield asks a percentage, or a fraction
    assert _names("What yield was obtained?") == ["percentage"]
    assert states(TYPE["percentage"], "It formed in a yield of 0.85.", "body")


def test_planar_groups_are_not_people():
    assert _names("Which planar groups bind the metal?") == []
    assert _names("Which group reported Au44?") == ["person"]


def test_researchers_exploring_size_effects_are_people_not_a_length():
    assert _names("Which researchers explored catalytic size effects?") == ["person"]
    assert head_noun("Which researchers explored catalytic size effects?") == "researchers"


def test_how_long_a_thing_was_stable_is_a_duration():
    question = "How long was the electrolysis stable?"
    assert _names(question) == ["duration"]
    assert states(TYPE["duration"], "The cluster catalyst kept stable electrolysis for 30 h.", "body")
    assert _names("How long is the Ti=N bond?") == ["length"]
    assert _names("How long is the Ti=N bond, in angstroms?") == ["value in Å"]  # the unit asked narrows it


@pytest.mark.parametrize("text", [
    "Lithiated at −78 ℃, the aryl anion was trapped.",  # U+2212 minus, U+2103 degree Celsius
    "The solution was cooled to −78 °C.",
    "The solution was cooled to -78 °C.",
    "The solution was kept at room temperature.",
    "The mixture was kept at 25–30 °C.",
    "The film was measured at 300 ± 5 K.",
    "The reaction was run at ambient temperature (25 °C).",
])
def test_signed_and_unicode_temperatures_are_temperatures(text):
    assert states(TYPE["temperature"], text, "body")


@pytest.mark.parametrize("text", [
    "The plasmid was a gift from Ryan Shenvi.",
    "The ligand was a gift from Prof. Häkkinen.",
    "Gates describes zeolites as nests that anchor metals.",
    "In this review, Bruce C. Gates describes nests for metals.",
])
def test_a_gift_from_someone_and_someone_describing_name_people(text):
    assert names_people(text)
    assert states(PERSON, text, "body")


def test_a_further_or_additional_value_is_not_qualified_by_those_words():
    """"At what further wavelength does 6,6'-10 absorb?" is answered by "Another band appeared at 318 nm"."""
    head, modifiers = asked_quantity("Besides its 626 nm band, at what further wavelength does 6,6'-10 absorb?")
    assert modifiers == ()


def test_a_class_of_chemical_does_not_qualify_the_amount_asked():
    """"What reagent amounts …" is answered by the reagents named with their amounts, not by the word."""
    question = "What reagent amounts were used for the Boc protection?"
    head, modifiers = asked_quantity(question)
    assert modifiers == ()
    assert states_asked(TYPE["count or value"], modifiers, "15 equiv of Boc2O and 3 equiv of DMAP were added.")


@pytest.mark.parametrize(("question", "answer_type", "modifier", "stating", "kind"), [
    ("What polystyrene-based number-average molecular weight is listed for the copolymer in acetonitrile?", "mass",
     "polystyrene", "Tab. 6. Number-average molecular weights (polystyrene) Acetonitrile 31,56 13 630 mg", "table"),
    ("What polystyrene-equivalent number-average molecular weight is listed for the copolymer in acetonitrile?",
     "mass", "polystyrene", "Tab. 6. Number-average molecular weights (polystyrene) Acetonitrile 31,56 13 630 mg",
     "table"),
    ("What silicon-based cell efficiency is needed?", "percentage", "silicon",
     "Tandem cells on silicon need a top cell efficiency of 17 %.", "body"),
])
def test_a_combining_word_adds_nothing_a_sentence_must_name(question, answer_type, modifier, stating, kind):
    """"polystyrene-based" is named by "(polystyrene)": the lexicon's ``combining_words`` after a hyphen are
    dropped from the asked quantity's modifiers; "Boc-protected" and "n-type" keep theirs."""
    head, modifiers = asked_quantity(question)
    assert modifier in modifiers
    assert states_asked(TYPE[answer_type], modifiers, stating, kind=kind)
    assert asked_quantity("What Boc-protected indigo yield was obtained?")[1] == ("boc-protected", "indigo")
    assert asked_quantity("What n-type carrier concentration was measured?")[1] == ("n-type", "carrier")


@pytest.mark.parametrize(("question", "label", "stating", "other"), [
    ("What tryptophan H–O(E346) distance is listed?", "h-o(e346)", "Tryptophan (H-O) E346 2.9 Å",
     "K79 (H-O) HOCl 1.6 Å"),
    ("What Zn–O(acetate) bond lengths were found?", "zn-o(acetate)", "the Zn-O(acetate) bonds are 2.01 Å long",
     "the Zn-N bonds are 2.10 Å long"),
    # a scan's OCR reads 1 as l and O as 0: "C(l)-C(2)-C(3)", "Ti-0"
    ("What is the C(1)-C(2)-C(3) angle in 7b?", "c(1)-c(2)-c(3)", "The C(l)-C(2)-C(3) angle at 118.1° is wide.",
     "The O-Ti-N angle at 89.6° is closed."),
])
def test_a_bracketed_label_is_one_modifier_matched_by_its_letters_and_digits(question, label, stating, other):
    """A label with a bracket ("Zn–O(acetate)") is one word of the asked quantity, not cut at its closing bracket,
    and a sentence names it however its brackets and hyphens are set."""
    head, modifiers = asked_quantity(question)
    assert label in modifiers
    answer_type = expected_types(question)[0]
    assert states_asked(answer_type, modifiers, stating, kind="table")
    assert not states_asked(answer_type, modifiers, other, kind="table")


@pytest.mark.parametrize(("question", "modifiers"), [
    ("What percentage of FAD occupancy did SpH2 reach?", ("fad", "occupancy")),
    ("What value of the arbitrary constant alpha was used?", ("arbitrary", "constant", "alpha")),
    ("What value of the reaction coordinate RC1 corresponds to the transition state?", ("coordinate", "rc1")),
    ("Which m/z values of the doubly and singly protonated ions were found?", ()),  # a listed noun: "m/z value"
    ("What overall yield of the product was obtained?", ()),  # a yield is a quantity of its own
])
def test_a_head_naming_no_quantity_is_qualified_by_what_it_is_of(question, modifiers):
    """"What percentage of FAD occupancy …" is answered where the occupancy is named, not by any percentage of
    the paper (the lexicon's ``parser.of_heads``)."""
    assert asked_quantity(question)[1] == modifiers
    percentage = TYPE["percentage"]
    asked = asked_quantity("What percentage of FAD occupancy did SpH2 reach?")[1]
    assert not states_asked(percentage, asked, "The cells were inoculated with 2% of an overnight culture.")
    assert states_asked(percentage, asked, "SpH2 reached an FAD occupancy of 45%.")


@pytest.mark.parametrize(("question", "term"), [
    ("What are ladderanes?", ("ladderanes",)),
    ("In the QM/MM paper on tryptophan chlorination, what is the Wheland intermediate?", ("wheland", "intermediate")),
    ("What is isoindoline, according to the review?", ("isoindoline",)),
    ("What is the yield of the reaction?", ()),  # asks more of it
    ("What is the yield?", ()),  # a type: a value answers
    ("Which solvent was used?", ()),
])
def test_a_bare_what_is_question_asks_its_term_defined(question, term):
    assert definiendum(question) == term


@pytest.mark.parametrize(("question", "counted", "answers", "does_not"), [
    ("How many contigs does the genome assembly have?", "contigs", "The genome was assembled into 128 contigs.",
     "The genome has a size of 9.7 Mb."),
    ("How many steps did the first total synthesis take?", "steps", "It was completed within 40 steps.",
     "The synthesis was reported in 2011."),
    ("How many gold atoms were removed from the kernel?", "atoms", "Removing two kernel atoms of Au48 helped.",
     "The kernel holds a Au20 core."),
    # "how large is the N": a value of N, not any number of the sentence naming what N belongs to
    ("How large is the genome of Gemmata massiliana?", "genome", "Its genome of 9.2 Mb is the largest.",
     "The highest number of 13 BGCs was found in Gemmata massiliana."),
    # a participle after the subject opens its clause, short as it is ("used"): the benchmark is what is sized
    ("How large is the GenQEX benchmark used to evaluate TAIS?", "benchmark",
     "The authors curated the GenQEX benchmark, which consists of 457 selected questions.",
     "TAIS was used to evaluate 20 genes."),
])
def test_a_count_asked_is_stated_with_what_it_counts(question, counted, answers, does_not):
    """"How many contigs …" is answered by a number of contigs, not by any number of the paper; a unit
    counted ("how many hours") asks a duration, which its unit states."""
    head, modifiers = asked_quantity(question)
    assert modifiers == (counted,)
    assert states_asked(TYPE["count or value"], modifiers, answers)
    assert not states_asked(TYPE["count or value"], modifiers, does_not)
    assert asked_quantity("How many hours was the mixture stirred?") is None
    # a verb after "how many" counts nothing named: any count answers ("16 belonged to the sphingomonads")
    assert asked_quantity("Of the genes found, how many came from sphingomonad genera?") is None
    assert asked_quantity("How many isolated strains were sequenced?") == ("strains", ("strains",))


def test_a_specific_temperature_needs_its_name_next_to_the_value():
    question = "What is the glass transition temperature of the polymer film?"
    assert _names(question) == ["temperature"]
    assert asked_quantity(question) == ("temperature", ("glass", "transition"))
    head, modifiers = asked_quantity(question)
    temperature = TYPE["temperature"]
    deposition = "The film was deposited at a substrate temperature of 300 °C."
    assert states(temperature, deposition, "body")  # the type alone cannot tell them apart
    assert not states_asked(temperature, modifiers, deposition)
    assert states_asked(temperature, modifiers, "The film shows a glass transition at 120 °C.")
    assert states_asked(temperature, modifiers, "Its glass-transition temperature, 85 °C, is low.")
    assert not states_asked(temperature, modifiers, "The glass transition was not observed.")  # no value
    assert states_asked(temperature, (), deposition)  # nothing particular asked: any temperature


def test_a_symbol_whose_subscript_abbreviates_the_asked_quantity_names_it():
    """"What Urbach energy …?" of "E_{U} values can be in the range of 7–10 meV": the subscript of a quantity's
    symbol (as the reading writes it) names what it is of; another subscript, or a formula's count, does not."""
    head, modifiers = asked_quantity("What Urbach energy can GaAs reach?")
    assert modifiers == ("urbach",)
    energy = TYPE["energy"]
    assert states_asked(energy, modifiers, "In GaAs, E_{U} values can be in the range of 7–10 meV.")
    assert not states_asked(energy, modifiers, "In GaAs, E_{g} values can be 1.4 eV.")
    assert not states_asked(energy, modifiers, "Au_{25} clusters absorb at 1.8 eV.")
    assert not states_asked(energy, modifiers, "The barrier is 12 meV.")
    # matched text flattens the subscript ("EU"): the sentence as printed gives it
    printed = "In GaAs, E_{U} values can be in the range of 7–10 meV."
    assert not states_asked(energy, modifiers, normalize(printed))
    assert states_asked(energy, modifiers, normalize(printed), subscripts=symbol_subscripts(printed))
    assert symbol_subscripts(printed) == ("U",) and symbol_subscripts("Au_{25} clusters") == ()


def test_atoms_named_name_the_quantity_whatever_else_the_question_calls_it():
    """"What O–Ti–N bite angle …?" of "The O-Ti-N angle at 89.6°": the atoms are the angle; another angle of the
    paper, though a bite angle, is not."""
    head, modifiers = asked_quantity("How large is the O–Ti–N bite angle of the ring in 7b?")
    assert modifiers == ("o-ti-n", "bite")
    assert states_asked(TYPE["angle"], modifiers, "The O-Ti-N angle at 89.6° is only slightly closed down.")
    assert not states_asked(TYPE["angle"], modifiers, "The Cl-Ti-Cl angle in Cp2TiCl2 is 95.2°.")


def test_a_qualifier_written_closed_is_named_where_it_is_printed_hyphenated():
    """"What retrosynthesis accuracy …?" of "retro-synthesis prediction … achieving 37.4% accuracy"."""
    head, modifiers = asked_quantity("What retrosynthesis accuracy did the seq2seq model reach?")
    assert "retrosynthesis" in modifiers
    stated = "Liu et al. reported retro-synthesis prediction with a seq2seq model, achieving 37.4% accuracy."
    assert states_asked(TYPE["property"], modifiers, stated)
    assert not states_asked(TYPE["property"], modifiers, "Their forward prediction reached 80.3% accuracy.")


def test_nmr_coupling_notation_names_the_asked_coupling():
    """"What one-bond carbon–fluorine coupling constant …?" of NMR data writing "¹J_{C‑F} = 256.7 Hz" (as read, and
    as matched, "1JC-F"): the J names a coupling, its superscript the bonds, its subscript the nuclei."""
    head, modifiers = asked_quantity("What one-bond carbon–fluorine coupling constant is reported for 4c?")
    assert modifiers == ("one-bond", "carbon-fluorine", "coupling")
    value = expected_types("What one-bond carbon–fluorine coupling constant is reported for 4c?")[0]
    for data in ("δ = 193.5, 166.2 (d, ¹J_{C‑F} = 256.7 Hz), 145.3", "δ = 193.5, 166.2 (d, 1JC-F = 256.7 Hz), 145.3"):
        assert states_asked(value, modifiers, data)
    assert states_asked(value, asked_quantity("What one-bond C–F coupling constant is given?")[1], "(q, 1JC-F = 331.2 Hz)")
    assert not states_asked(value, modifiers, "131.7 (d, ³J_{C‑F} = 9.5 Hz)")  # three bonds
    assert not states_asked(value, modifiers, "1.58 (d, ¹J_{P‑H} = 6.9 Hz, 3H)")  # other nuclei
    assert not states_asked(value, modifiers, "7.74 (d, J = 8.3 Hz, 2H)")  # no bonds, no nuclei named


def test_a_short_form_the_paper_defines_names_the_asked_quantity():
    """"What quantum dot concentration …?" of a paper defining "quantum dots (QDs)" and writing "suspensions of QDs
    … at concentrations of ∼25 mg/mL"; a short word is named in its plural too ("dot" by "quantum dots")."""
    question = "What quantum dot concentration was used for the SAXS measurements?"
    head, modifiers = asked_quantity(question)
    concentration = TYPE["concentration"]
    used = "Samples were prepared by filling glass capillaries with suspensions of QDs in toluene at concentrations of ∼25 mg/mL."
    assert not states_asked(concentration, modifiers, used)
    assert states_asked(concentration, modifiers, used, short_forms=(("QDs", "quantum dots"),))
    assert states_asked(concentration, modifiers, used.replace("QDs", "QD"), short_forms=(("QDs", "quantum dots"),))
    # a short form of something else names nothing asked
    assert not states_asked(concentration, modifiers, used.replace("QDs", "NCs"), short_forms=(("NCs", "nanocrystals"),))
    assert states_asked(concentration, modifiers, used.replace("QDs", "quantum dots"))


def test_the_sentence_before_may_name_the_outer_modifiers_of_the_asked_quantity():
    question = "What photoluminescence quantum yield was measured after five months in air?"
    head, modifiers = asked_quantity(question)
    value = TYPE["count or value"]
    before = "We typically obtain photoluminescence quantum yields of 30–60% for months."
    assert states_asked(value, modifiers, "Notably, we measured a quantum yield of 60% after 5 months.", before)
    assert not states_asked(value, modifiers, "Notably, we measured a quantum yield of 60% after 5 months.")
    # the modifier next to the head stands in the sentence itself: an emission is no quantum yield
    assert not states_asked(value, modifiers, "It shows intense photoluminescence at 664 nm.", before)


def test_a_property_is_stated_only_where_it_is_named():
    question = "What is the room-temperature thermal conductivity of BaZrS3?"
    assert _names(question) == ["property"]
    head, modifiers = asked_quantity(question)
    assert (head, modifiers) == ("conductivity", ("room-temperature", "thermal", "conductivity"))
    melting = "This could be related to the melting point of BaS3 being relatively low, 554 °C."
    assert states(TYPE["property"], melting, "body")  # a value, of something else
    assert not states_asked(TYPE["property"], modifiers, melting)
    assert states_asked(TYPE["property"], modifiers,
                        "Its room-temperature thermal conductivity is 1.1 W/(m K), lower than that of Si.")


@pytest.mark.parametrize("question, quantity", [
    ("What is the melting point of gold nanoclusters?", ("point", ("melting",))),
    ("What CO Faradaic efficiency did the clusters reach?", ("efficiency", ("co", "faradaic"))),
    ("At what temperature was the reaction run?", ("temperature", ())),
    ("What is the typical reaction temperature?", ("temperature", ())),  # nothing that tells it apart
    ("How high was the calcination temperature?", ("temperature", ("calcination",))),
    ("What are the Pt–Pt distances in the cluster?", ("distance", ("pt-pt",))),
    # a noun listed closed up too ("bandgap") is one word: "band" tells no band gap apart ("the bandgap of …")
    ("What is the band gap of BaZrS3?", ("gap", ())),
    ("What optical band gap was measured?", ("gap", ("optical",))),
    ("How long was the electrolysis stable?", None),
    ("Who studied PtSn catalysts?", None),
    ("Why do ligands hurt catalytic performance?", None),
])
def test_the_asked_quantity(question, quantity):
    assert asked_quantity(question) == quantity


def test_modifiers_match_other_forms_of_their_words():
    melting = ("melting",)
    assert states_asked(TYPE["temperature"], melting, "Gold melts at 1064 °C.")
    assert states_asked(TYPE["percentage"], ("co", "faradaic"), "It reached 95.1% CO Faradaic efficiency.")
    assert not states_asked(TYPE["percentage"], ("co", "faradaic"), "It reached 95.1% H2 Faradaic efficiency.")


@pytest.mark.parametrize("question, head", [
    ("Which software was used for the QM part?", "software"),
    ("What kind of detector recorded the emission?", "detector"),
    ("What turnover number was reached?", None),  # answered by "the TON value to 1840"
    ("What amount of catalyst was used?", None),
    ("How long was it stable?", None),
])
def test_the_answer_head_is_the_head_noun_unless_it_is_vague(question, head):
    assert answer_head(question) == head


@pytest.mark.parametrize("question, head", [
    ("What is the glass transition temperature of the polymer?", "temperature"),
    ("Which researchers explored catalytic size effects?", "researchers"),
    ("What size effects were observed?", "effects"),
    ("What kind of solvent was used?", "solvent"),
    ("Which cited study steers ligand exchange?", "study"),
    ("What did the study of Au48 show?", None),
    ("How long was it stable?", None),
])
def test_the_head_noun(question, head):
    assert head_noun(question) == head


# --- questions and sentences kept from before the lexicon was data ---------------------------------------------

@pytest.mark.parametrize("question, names", [
    ("At what temperature was the reaction run?", ["temperature"]),
    ("What is the melting point of gold nanoclusters?", ["temperature"]),
    ("What propane conversion and reaction temperature were reported?", ["percentage", "temperature"]),
    ("What temperature and reaction time were used?", ["duration", "temperature"]),
    ("At what temperature and for how long was the catalyst heated?", ["duration", "temperature"]),
    ("How long is the Ti=N bond?", ["length"]),
    ("How many gold atoms were removed?", ["count or value"]),
    ("For how many hours did the Cu/Ni cluster electrocatalyst run stably?", ["duration"]),
    ("Which university or institute is she affiliated with?", ["institution"]),
    ("Which funding agency supported this work?", ["institution"]),
    ("What solvent is used to make Au25(SR)18?", ["solvent"]),
    ("What ligand protects the Au48 nanocluster?", ["ligand"]),
    ("Which specific thiol was used on Au25?", ["ligand"]),
    # the head of the wh-phrase is what is asked: an effect, techniques, a reaction
    ("What effect does temperature have on the yield?", []),
    ("Which techniques besides mass spectrometry give insight into structure?", []),
    ("What reaction did they use nanoclusters for?", []),
    ("Why do ligands hurt catalytic performance?", ["reason"]),
    ("Which experimental technique confirmed the bond lengths in it?", []),
    ("How often is such a double bond reported?", ["frequency"]),
    ("Who won the 2023 Nobel Prize in Chemistry?", ["person"]),
    ("Which researchers trapped a nitride cluster in a fullerene?", ["person"]),
    ("What is the trade-off when you bury metal sites in zeolites to keep their temperature?", []),
    # an electrode's potential is a voltage; the potential of clusters for catalysis is not
    ("At what applied potential was the CO Faradaic efficiency reached?", ["voltage"]),
    ("What overpotential does the catalyst need?", ["voltage"]),
    ("What potential do clusters have for energy storage?", []),
    ("Which current densities were reached?", ["current density"]),
    ("What is the impact factor of the journal?", ["property"]),
    ("How much does the catalyst cost?", ["money"]),
    ("Which specific compound did Nava's group use as the molecular mediator, and at what concentration?",
     ["concentration"]),
    # an aside in brackets within the noun phrase does not end it; brackets after it are no aside
    ("What ionization (activation) energy of the La donor is reported?", ["energy"]),
    ("What experimentally measured (for example by flotation) crystal density was determined?", ["count or value"]),
    ("At what temperature (in K) were the simulations run?", ["value in K"]),
])
def test_the_head_of_the_wh_phrase_names_the_type(question, names):
    assert _names(question) == sorted(names)


@pytest.mark.parametrize("question, who", [
    ("Who reported that CaHfSe3 could not be obtained, as cited in the review?", True),
    ("In the introduction, whose work is credited with clarifying the role of the lysine?", True),
    ("Which work is cited for the estimate that anammox makes half the dinitrogen?", False),
    ("Which reference describes the clusters who were studied first?", False),  # a relative pronoun asks nothing
])
def test_a_question_asks_who_by_its_first_wh_phrase(question, who):
    assert asks_for_people(question) is who


@pytest.mark.parametrize("name, text, kind, stated", [
    ("temperature", "The catalyst was tested at 550 °C for 4 h.", "body", True),
    ("temperature", "They released hydrogen at 80 degrees Celsius.", "body", True),
    ("temperature", "Au25(SR)18 was made in 2015 with 10-fold yield.", "body", False),
    ("duration", "It ran stably for 30 h.", "body", True),
    ("duration", "Gas-phase clusters were studied in the 1990s.", "body", False),
    ("length", "The Ti=N bond is 1.80 Å long.", "body", True),
    ("length", "They stabilized the bond in TiCeN@C1(12)-C84.", "body", False),
    ("percentage", "It reached 95.1% CO Faradaic efficiency.", "body", True),
    ("count or value", "Removing two kernel atoms of Au48 helped.", "body", True),
    ("voltage", "CO formed at −0.7 V vs RHE.", "body", True),
    ("voltage", "It needs a 320 mV overpotential.", "body", True),
    ("voltage", "They offer potential for efficient electrocatalytic CO2 reduction.", "body", False),
    ("current density", "It ran at 10 mA cm−2 for 30 h.", "body", True),
    # the subscripts of a formula and a marker group are not values
    ("count or value", "Au26.3Ag17.7(4-tert-butylbenzenethiolate)26 and ^{16,17} glow.", "body", False),
    # a bibliography entry's year and pages measure nothing, but an affiliation may stand in the metadata
    ("count or value", "Han, J.; Li, H. Precis. Chem. 2023, 1, 139-145.", "reference", False),
    ("institution", "Department of Chemistry, National University of Singapore", "metadata", True),
    ("institution", "Jianping Xie orcid.org/0000-0002-3254-5799", "metadata", False),
    ("solvent", "The clusters were dissolved in toluene.", "body", True),
    ("person", "Junling Lu, Lina Cao, and co-workers found catalysts", "body", True),
    ("person", "This Collection in Precision Chemistry features research articles.", "body", False),
])
def test_a_sentence_states_a_type_only_with_a_thing_of_that_type(name, text, kind, stated):
    assert states(TYPE[name], text, kind) is stated


@pytest.mark.parametrize("question, asks", [
    ("Who studied PtSn catalysts?", True),
    ("  who wrote this?", True),
    ("Which researchers trapped a nitride cluster in a fullerene?", True),
    ("Which group reported Au44?", True),
    ("What did the group of Rongchao Jin find?", False),
    ("Whose review covered biomedicine?", False),  # asks for a review; the entry answers it
    ("What did the researchers who made Au25 find?", False),  # a relative "who" asks nothing
])
def test_a_question_asking_for_people(question, asks):
    assert (PERSON in expected_types(question)) is asks


@pytest.mark.parametrize("word, shorts", sorted(LEXICON["qualifier_abbreviations"].items()))
def test_a_qualifier_is_named_by_its_standard_short_form_as_written(word, shorts):
    """"What photoluminescence emission lifetime …" is answered by "a PL emission lifetime of <7 ns": the
    field's short form, written as listed (the lexicon's `qualifier_abbreviations`); not inside another word."""
    duration = TYPE["duration"]
    for short in shorts:
        assert states_asked(duration, (word,), f"The {short} lifetime was 7 ns.")
        assert not states_asked(duration, (word,), f"The X{short}Z lifetime was 7 ns.")
        assert states_asked(duration, (word,), f"The {short}-MS lifetime was 7 ns.")  # opening a compound
    assert not states_asked(duration, (word,), "The sample was annealed for 2 h.")


@pytest.mark.parametrize("word, others", sorted(LEXICON["qualifier_synonyms"].items()))
def test_things_counted_are_named_by_a_synonym_the_lexicon_lists(word, others):
    """"How many halogenated natural products are known?" is answered by "More than five thousand halogenated
    natural compounds …" (the lexicon's `qualifier_synonyms`), not by a word the lexicon does not list."""
    count = TYPE["count or value"]
    for other in others:
        assert states_asked(count, (word,), f"More than five thousand natural {other} are known.")
    assert not states_asked(count, (word,), "More than five thousand natural enzymes are known.")


def test_two_qualifiers_asked_apart_are_named_by_the_one_word_a_paper_writes_closed():
    """"What band gap …" is answered by "≈1.8 eV is a more reliable estimation of the bandgap"; "the gap" alone
    names no band gap."""
    energy = TYPE["energy"]
    assert states_asked(energy, ("band", "gap"), "We take ≈1.8 eV as the bandgap of BaZrS3.")
    assert states_asked(energy, ("band", "gap"), "The band gap of BaZrS3 is 1.8 eV.")
    assert not states_asked(energy, ("band", "gap"), "The gap of BaZrS3 is 1.8 eV.")
    # the closed word whole, not its stem: "growth" is no "growth pH"
    assert not states_asked(TYPE["property"], ("growth", "ph"), "The strain showed a slower growth of 0.3 per day.")


def test_a_sentence_naming_the_quantity_may_leave_its_qualifier_to_the_sentence_before():
    """"… measured the photoluminescence lifetime …" / "In a film, the decay gives a lifetime of 260 ns.": the
    value's sentence names a lifetime, the one before says which; a value alone needs its qualifier beside it."""
    duration = TYPE["duration"]
    before = "We measured the photoluminescence decay of the quantum dots."
    assert states_asked(duration, ("photoluminescence",), "In a film, the decay gives a lifetime of 260 ns.", before)
    assert not states_asked(duration, ("photoluminescence",), "In a film, the decay took 260 ns.", before)
    assert not states_asked(duration, ("photoluminescence",), "In a film, the decay gives a lifetime of 260 ns.")
    assert states_asked(TYPE["temperature"], ("melting",), "Pale-yellow solid (90 mg, 91%). M.p. 127−128 °C.")


def test_a_salt_asked_by_name_is_named_by_its_formula():
    """"What sodium bromide concentration …?" of "… desalted with 50 mM Na₂HPO₄ buffer and 50 mM NaBr.": a metal
    and an anion named in words are named by a formula holding their symbols; a non-metal named alone qualifies
    a property ("carbon content"), which a formula holding carbon does not state."""
    concentration = TYPE["concentration"]
    stated = "The fractions were desalted with 50 mM Na₂HPO₄ buffer (pH 7.4) and 50 mM NaBr."
    assert states_asked(concentration, ("sodium", "bromide"), stated)
    assert states_asked(concentration, ("potassium", "chloride"), "The buffer held 20 mM KCl.")
    assert not states_asked(concentration, ("sodium", "chloride"), stated)
    assert not states_asked(TYPE["percentage"], ("carbon",), "The CO2 uptake reached 12% at 1 bar.")


def test_a_table_row_states_a_value_in_bare_numbers_under_a_title_or_header_naming_the_quantity():
    from assistant.answer_types import TYPES, states, states_asked

    energy, mass = TYPES["energy"], TYPES["mass"]
    row = "Free energies of chlorination Energy, ΔG forward reaction ΔG backward reaction Second step (RC2) -20.4 ± 0.2 26.5 ± 1.0"
    assert states(energy, row, "table") and not states(energy, row, "body")
    assert not states(energy, "Yields of the cascade Substrate Conversion Yield 6-Br 91 63", "table")
    weights = "Tab. 6: Number-average molecular weights and polydispersity index Solvent Mn Mw/Mn chloroform 37 650 2,51"
    assert states_asked(mass, ("number-average", "molecular"), weights, kind="table")
    assert not states_asked(mass, ("number-average", "molecular"), weights)


@pytest.mark.parametrize("question, years, journal", [
    (q, tuple(years), journal) for q, (years, journal) in LEXICON["publication"]["examples"]["described"].items()])
def test_the_year_and_journal_of_a_paper_asked_for_are_read_from_its_wh_phrase(question, years, journal):
    from assistant.answer_types import described_publication
    from assistant.references import venue_words

    described = described_publication(question)
    assert (described.years, described.venue) == (tuple(str(y) for y in years), venue_words(journal))


_SIGNALS = LEXICON["nmr_signals"]


@pytest.mark.parametrize("question, described", _SIGNALS["examples"].items())
def test_lexicon_nmr_signals_asked(question, described):
    from assistant.answer_types import Signal, asked_signal

    multiplicities, protons, *position = described
    assert asked_signal(question) == Signal(tuple(multiplicities), protons, *position)


@pytest.mark.parametrize("question, listing, signal", _SIGNALS["states"])
def test_lexicon_nmr_signals_fitting(question, listing, signal):
    from assistant.answer_types import asked_signal, signals_fitting

    fitting = [listing[a:b] for a, b in signals_fitting(listing, asked_signal(question))]
    assert signal in fitting and all(s.split("(")[1][:1] == signal.split("(")[1][:1] for s in fitting)


_TECHNIQUES = LEXICON["techniques"]


@pytest.mark.parametrize("question, named", _TECHNIQUES["examples"].items())
def test_lexicon_techniques_asked(question, named):
    from assistant.answer_types import asked_techniques

    assert asked_techniques(question) == tuple(named)


@pytest.mark.parametrize("line, technique", _TECHNIQUES["labels"])
def test_lexicon_techniques_listed(line, technique):
    from assistant.answer_types import technique_listings

    borne = [name for name in _TECHNIQUES["named"] if technique_listings(line, (name,))]
    assert borne == ([technique] if technique else [])


def test_a_line_lists_each_technique_up_to_the_next_label():
    from assistant.answer_types import technique_listings

    line = "¹H NMR (400 MHz) δ 7.79 (m, 4H) ppm. ¹³C{¹H} NMR (101 MHz) δ 163.2, 98.7 ppm. HRMS found 457.9920."
    [(start, end)] = technique_listings(line, ("carbon NMR",))
    assert line[start:end] == "¹³C{¹H} NMR (101 MHz) δ 163.2, 98.7 ppm. "
    assert line[slice(*technique_listings(line, ("proton NMR",))[0])].startswith("¹H NMR (400 MHz) δ 7.79")


@pytest.mark.parametrize("written, named", [("1.0 kcal mol-1", True), ("1.0 kcal·mol⁻¹", True), ("1.0 kcal/mol", True),
                                            ("1.0 kcal mol−1", True), ("1.0 kcal", False), ("1.0 kcal and mol", False)])
def test_a_unit_per_unit_asked_is_named_as_papers_write_it(written, named):
    """"By how many kcal/mol is the cationic pathway more favourable?" asks a count of kcal/mol: "which is
    1.0 kcal mol-1 higher" names it; a kcal alone does not."""
    count = TYPE["count or value"]
    assert asked_quantity("By how many kcal/mol is the cationic pathway more favourable?") == ("kcal/mol", ("kcal/mol",))
    assert states_asked(count, ("kcal/mol",), f"The neutral barrier is {written} higher than the cationic one.") is named


@pytest.mark.parametrize("question, sentence, stated", [
    ("How many giant genes does Gemmata massiliana carry?",
     "Giant genes were most frequent in the family Gemmataceae, to which Gemmata massiliana belongs, and in 2020 "
     "the family was split in two.", False),
    ("How many giant genes does Gemmata massiliana carry?", "Gemmata massiliana carries 14 giant genes.", True),
    ("How many steps did the synthesis take?", "The synthesis could be accomplished in 26 steps.", True),
    ("What reactivity ratio was obtained in acetone?",
     "The reactivity ratios of both monomers are determined by a graphical method with good agreement as shown for the "
     "series of 12 copolymers.", False),
    ("What reactivity ratio was obtained in acetone?", "In acetone the reactivity ratio of the acid is 0,43.", True),
])
def test_a_count_or_bare_value_stands_beside_what_it_is_of(question, sentence, stated):
    """Any number states a count or a bare value: the things counted or the value's name must stand within
    COUNT_REACH words of one, not anywhere in a sentence that also holds a number."""
    _, qualifiers = asked_quantity(question)
    assert states_asked(TYPE["count or value"], qualifiers, sentence) is stated


def test_things_counted_are_named_where_they_are_counted():
    """"How many giant genes does Gemmata massiliana have?" is not answered by "the highest number of 13 BGCs was
    found in Gemmata massiliana": "number" names no genes, though the sentence before names giant genes, and the
    short form BGCs (biosynthetic gene clusters) counts clusters, not genes."""
    count = TYPE["count or value"]
    bgcs = (("BGCs", "biosynthetic gene clusters"),)
    sentence = "The highest number of 13 BGCs was found in Gemmata massiliana."
    assert not states_asked(count, ("genes",), sentence, "Giant genes are common in planctomycetes.")
    assert not states_asked(count, ("genes",), sentence, short_forms=bgcs)
    assert states_asked(count, ("clusters",), sentence, short_forms=bgcs)
    assert states_asked(count, ("genes",), "Gemmata massiliana carries 14 giant genes.")
