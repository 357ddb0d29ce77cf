"""Normalization, citation markers and sentence splitting, on small inputs and on any input."""
from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.text import (COPYRIGHT_STATEMENT, DATE, acronyms, PUBLISHED_ON, Tokenizer, defined_short_forms, find_markers, formula_elements, normalize, reagent_names, search_form, split_sentences,
                            superscript_rules)


def test_chemistry_normalizes_to_what_users_type():
    assert normalize("Au₂₅(SR)₁₈") == "Au25(SR)18"
    assert normalize("CO₂ and H₂") == "CO2 and H2"
    assert normalize("electron–phonon") == normalize("electron-phonon") == "electron-phonon"
    assert normalize("Au_{26.3}Ag_{17.7}(4-*tert*-butyl)") == "Au26.3Ag17.7(4-tert-butyl)"
    assert normalize("This **Collection** in *Precision Chemistry*") == "This Collection in Precision Chemistry"
    # a table's footnote marks are words of their own; a prefix script stays on its word
    assert normalize("TON^{a} M_{n}^{b} 1470^{c} [^{n}Bu₄N]Cl Enr13^{T} cm^{-1}") == "TON a Mn b 1470 c [nBu4N]Cl Enr13T cm-1"
    assert normalize("ﬁne  \n\n tuning") == "fine tuning"


def test_markers_are_removed_from_search_text_but_chemistry_stays():
    assert search_form("enhancement.²⁵ Furthermore", 40) == "enhancement. Furthermore"
    assert search_form("cluster synthesis.^{16,17}", 40) == "cluster synthesis."
    assert search_form("Removing CO₃²⁻ groups", 40) == "Removing CO32- groups"
    assert search_form("a 10⁶-fold gain", 40) == "a 106-fold gain"


def test_marker_numbers():
    assert [m.numbers for m in find_markers("microscopy,^{20,21} X-ray", 40)] == [(20, 21)]
    assert [m.numbers for m in find_markers("shown.¹⁶⁻¹⁸ Next", 40)] == [(16, 17, 18)]
    assert [m.numbers for m in find_markers("as shown [3, 7–9].", 40)] == [(3, 7, 8, 9)]
    assert find_markers("a [2]catenane and [2.2.2]cryptand", 40) == []
    assert find_markers("Fe³⁺ ions", 40) == []
    assert find_markers("see ⁵⁰", 40) == []  # no reference 50: not a citation
    assert find_markers("text¹", 0) == []  # a document without references has no markers


def test_a_scans_reference_numbers_set_on_the_line_are_markers():
    """A scan's OCR layer sets a superscript on the line: after a word's stop or comma, or glued to an English
    word (Makromol. Chem.'s "papers13)"); not a decimal, a formula's count, a list of numbers."""
    assert [m.numbers for m in find_markers("organic enamines.31 Although complex,32 it", 60)] == [(31,), (32,)]
    assert [m.numbers for m in find_markers("reactions),43 and the films.44,45 More", 60)] == [(43,), (44, 45)]
    assert [m.numbers for m in find_markers("either isolable species3 or intermediates", 60)] == [(3,)]
    assert search_form("found in our previous papers13), it is", 60) == "found in our previous papers, it is"
    assert find_markers("pH 7.4 and 0.31 mM of CH3 and Cp2Ti, steps 2,3 and Ni, 4.5", 60) == []
    assert find_markers("the CH2Cl2 layer of Cp2TiCl2 and bazrs3 films", 60) == []  # formulas, no English words
    assert find_markers("organic enamines.310 Although", 60) == []  # no entry 310


@pytest.mark.parametrize("text, n_references, cited", superscript_rules()["examples"])
def test_a_superscript_is_a_citation_unless_it_is_a_power_or_a_charge(text, n_references, cited):
    assert [n for m in find_markers(text, n_references) for n in m.numbers] == cited


def test_sentence_splitting_respects_initials_abbreviations_and_markers():
    text = ("*Bruce C. Gates* and co-workers reviewed it.³² Yields rose, e.g. to 95.1% at 30 h. "
            "*In situ* analysis followed. Kang et al. found more.")
    sentences = [text[s:e] for s, e in split_sentences(text)]
    assert sentences == [
        "*Bruce C. Gates* and co-workers reviewed it.³²",
        "Yields rose, e.g. to 95.1% at 30 h.",
        "*In situ* analysis followed.",
        "Kang et al. found more.",
    ]


def test_a_marker_set_apart_from_the_full_stop_still_ends_the_sentence():
    # a PDF sets the superscript citation marker a space after the full stop; "¹H" opens no sentence (a compound's
    # data run on: "… ppm. ¹³C NMR …"), an affiliation's numeral set on its first word does
    text = ("It has spanned several decades. ¹⁻¹⁰ Although apt, it ran at 300 K. ¹H NMR showed it. "
            "¹Department of Chemistry, Houghton, MI, USA. ²Department of Chemical Engineering, Barcelona, Spain.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "It has spanned several decades. ¹⁻¹⁰", "Although apt, it ran at 300 K. ¹H NMR showed it.",
        "¹Department of Chemistry, Houghton, MI, USA.", "²Department of Chemical Engineering, Barcelona, Spain."]


def test_dotted_initials_end_no_sentence():
    text = ("We thank D.-K. Ko for discussions. This work was supported by the U.S. Department of Energy. "
            "It ran at 300 K. Then it cooled.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "We thank D.-K. Ko for discussions.",
        "This work was supported by the U.S. Department of Energy.",
        "It ran at 300 K.",  # after a number, a unit, not an initial
        "Then it cooled.",
    ]



def test_a_journal_cited_in_the_text_ends_no_sentence():
    # a journal's abbreviated words run on to its volume or year; "port." and "lab." end sentences
    text = ("Germany Beilstein J. Org. Chem. 2013, 9, 2048–2078. From Steele et al., Acc. Mater. Res. 2020, 1, 3. "
            "See Makromol. Chem. 185, 531 (1984). It sat in the inlet port. Anal. Calcd for C: 5. "
            "It was kept in the lab. 2 mL of water were added.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "Germany Beilstein J. Org. Chem. 2013, 9, 2048–2078.", "From Steele et al., Acc. Mater. Res. 2020, 1, 3.",
        "See Makromol. Chem. 185, 531 (1984).", "It sat in the inlet port.", "Anal.", "Calcd for C: 5.",
        "It was kept in the lab.", "2 mL of water were added."]


def test_an_experimental_sections_abbreviations_end_no_sentence():
    text = ("The layer was washed with sat. aq. NaHCO3 and dried. Conc. HCl was added; calcd. C 52.1. It was stirred. "
            "White solid (82 mg, 70%). M.p. 163−164 °C.")
    assert [text[s:e] for s, e in split_sentences(text)] == [
        "The layer was washed with sat. aq. NaHCO3 and dried.", "Conc. HCl was added; calcd. C 52.1.",
        "It was stirred.", "White solid (82 mg, 70%).", "M.p. 163−164 °C."]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_never_fails_and_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
    assert "\x00" not in once


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_sentences_are_ordered_non_empty_stripped_slices(text):
    spans = split_sentences(text)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        piece = text[start:end]
        assert piece == piece.strip()
        previous_end = end
    # nothing but whitespace is lost between sentences
    covered = "".join(text[s:e] for s, e in spans)
    assert "".join(covered.split()) == "".join(text.split())


@pytest.mark.parametrize("text, elements", [
    ("Au26.3Ag17.7(4-tert-butylbenzenethiolate)26", ["au", "ag"]),
    ("TiCeN@C1(12)-C84 and PtSn on SiO2", ["ti", "ce", "pt", "sn", "si"]),
    ("Au25(SR)18", ["au"]),  # SR is not a formula of elements
    ("In the ACS Collection, Cu/Ni and UV light", []),  # words, lone symbols, one-letter symbols
])
def test_the_elements_of_formulas_are_bm25_tokens(text, elements):
    assert formula_elements(text) == elements
    assert set(elements) <= set(Tokenizer()(text))


@pytest.mark.parametrize("text, published", [
    ("Received 21st February 2023", False), ("Accepted 11th July 2023", False), ("Dec. 3, 2020", False),
    ("2020-12-03", False), ("Published online: December 13, 2021", True),
    ("Open Access Article. Published on 12 July 2023. Downloaded on 7/21/2023", True)])
def test_dates_as_papers_print_them(text, published):
    assert re.search(DATE, text)
    assert bool(PUBLISHED_ON.search(text)) is published


def test_a_placeholder_is_no_date():
    assert not re.search(DATE, "Published: xx xx xxxx") and not PUBLISHED_ON.search("Published: xx xx xxxx")


@pytest.mark.parametrize(("question", "names"), [
    ("What TON did the SrCo3 analogue give in CaCo3-catalysed copolymerization?", ("srco3", "caco3")),
    ("What piezoelectric coefficient d33 has been reported for BaZrS3?", ("d33", "bazrs3")),
    ("What IC50 does midostaurin have against the FLT3 kinase?", ("ic50", "flt3")),
    ("According to the DFT diagrams for the Ca–Co3 catalysts, how much faster is it?", ("caco3",)),
    ("At what frequency were the 1H NMR spectra of 2a recorded?", ()),  # a nucleus, a compound's number
    ("What melting point has the 4-chlorophenyl dihydro-1,3-oxazine 2z?", ()),  # locants cut no name
    ("What 19F NMR shift has the ortho-CF3 ketone, and the p-NO2 one?", ("cf3", "no2")),  # a position is no name
])
def test_identifier_like_names_of_a_question(question, names):
    from assistant.text import identifiers

    assert identifiers(normalize(question)) == names


def test_a_flattened_name_is_found_however_the_pdf_sets_its_scripts():
    from assistant.text import flat

    assert flat("BaZrS₃ and IC_{50} of Ca–Co3") == "bazrs3 and ic50 of caco3"
    # a bracket closing on the name's next part goes, as speech leaves it out; between two ions it stays
    assert "biphenyl2yl" in flat("(2-([1,1′-Biphenyl]-2-yl)-4,5-dihydrooxazol-5-yl)methyl")
    assert flat("[Ph₃C][B(C₆F₅)₄]") == "[ph3c][b(c6f5)4]"


@pytest.mark.parametrize(("question", "values"), [
    ("What TON did 1CaCo give when the CO2 pressure was lowered to 0.5 MPa?", ("0.5",)),
    ("What lifetime did the dots show at 77 K and at 300 K?", ("77", "300")),
    ("Was the mixture stirred at −78 ℃ for 2 h?", ("78", "2")),
    ("What yield did the reaction in 1,4-dioxane give at 0,5 mol/l?", ("0.5",)),
    ("What is the yield of 2a in the 2019 paper?", ()),  # a compound's label and a year are no values
    ("How many of the 100 protocols were right?", ()),  # a count states no unit
    ("Who wrote the 2015 J. Phys. Chem. A paper cited at 660 nm?", ("660",)),  # a year before a journal: no joules
])
def test_the_values_a_question_states_are_its_numbers_with_a_unit(question, values):
    from assistant.answer_types import values_with_units

    assert values_with_units(question) == values


@pytest.mark.parametrize(("question", "numbers"), [
    ("Which additive gave a TON of 790 with 83% polymer selectivity and 63% carbonate linkage?", ("790", "83", "63")),
    ("How far did growth go at 120 °C with a 4:1 Pb:S ratio?", ("120", "4:1")),  # a ratio is one value
    ("What yield did 1CaCo give with CO2 in Table 2, entry 5?", ()),  # formulas and labels state no value
    ("What did the 2019 paper report for 5-bromoindole and Au25(SR)18?", ()),  # a year, a locant, a subscript
    ("Was the yield 25–30% at 0,5 mol/l?", ("25", "0.5")),  # a range by its first end; a decimal comma
    ("How soluble is 6,6'-dibromoindigo at 25 °C?", ("25",)),  # primed locants are no decimal comma
])
def test_the_numbers_a_question_states_as_values_with_or_without_a_unit(question, numbers):
    from assistant.answer_types import stated_numbers

    assert stated_numbers(question) == numbers


def test_the_substances_a_question_names_are_terms_the_answering_paper_must_write():
    """"toluene" is an English word, no technical term; a paper that never writes it cannot say what happens in
    it: the lexicon's substances (a type with ``substances: true``) join the question's terms."""
    from assistant.answer_types import substances_named
    from assistant.query import Library, analyze

    assert substances_named("Did it absorb in chloroform or Toluene, or in chloroform again?") == ("chloroform", "toluene")
    assert substances_named("What did the solvent screen show?") == ()
    assert "toluene" in analyze("What yield did the reaction give in toluene?", [], Library(())).terms


@pytest.mark.parametrize(("question", "terms"), [
    ("What yield did methanesulfonic acid give in the iodobenzene-catalysed cyclization?",
     ("methanesulfonic", "iodobenzene", "cyclization")),  # "catalysed": British spelling of an English word
    ("How did N-allylthiophene-2-carboxamide perform?", ("allylthiophene", "carboxamide")),
    ("What colour did the neighbouring crystals have?", ()),
    ("What is the TsOH loading?", ()),  # shorter than TERM_LETTERS: a short form, a unit or a formula
    # a name with a letter outside ASCII is written in several ways ("Bronsted"); never cut at it ("nsted")
    ("What TON did 1CaCo reach with the strong Brønsted acid in the Kelen–Tüdős plot?", ("kelen",)),
    ("Why couldn't the Mn complex be made, and why wasn’t it tried?", ()),  # a negated auxiliary, no "couldn"
])
def test_technical_terms_are_the_words_no_english_lexicon_holds(question, terms):
    from assistant.text import technical_terms

    assert technical_terms(question) == terms


@pytest.mark.parametrize(("question", "names"), [
    ("What reactivity ratios were found for the copolymerization in nitrobenzene?", ("nitrobenzene",)),
    ("What yield resulted when lithium perchlorate was added?", ("perchlorate",)),  # lithium: an element
    ("How does 5c react with ethylene or other simple alkenes?", ("ethylene", "alkenes")),
    ("What annual production of barium does the review quote?", ()),  # written as "Ba" in formulas
    ("What does the oxide layer do to the solution?", ()),  # common words, whatever their ending
    ("What is plotted on the ordinate?", ("ordinate",)),  # the question names a figure's axis (questions.yaml)
])
def test_rare_chemical_names_of_the_lexicon_are_read_as_substances(question, names):
    from assistant.text import chemical_names

    assert chemical_names(question) == names


def test_a_word_pointing_at_a_figure_is_no_substance_asked():
    from assistant.query import Library, analyze

    assert "ordinate" not in analyze("What is plotted on the ordinate of Fig. 3?", [], Library(())).terms
    # nor a role or form of matter a paper may describe otherwise ("onto glass microscope slides")
    assert analyze("On what substrate were the films drop-cast?", [], Library(())).terms == ()
    assert "nitrobenzene" in analyze("What yield was found in nitrobenzene?", [], Library(())).terms


def test_a_word_is_spelled_both_ways():
    from assistant.text import spelling_variants

    assert spelling_variants("copolymerization") == ("copolymerization", "copolymerisation")
    assert spelling_variants("catalysed") == ("catalysed", "catalyzed")
    assert spelling_variants("colours") == ("colours", "colors")
    assert spelling_variants("favourable") == ("favourable", "favorable")
    assert spelling_variants("behavioural") == ("behavioural", "behavioral")
    assert spelling_variants("yield") == ("yield",)


def test_the_short_forms_a_text_defines_are_found_with_their_long_forms():
    text = ("We made lead sulfide quantum dots (QDs) of 5 nm. The QDs were stable.\n"
            "Biosynthetic gene clusters (BGCs) were predicted by antiSMASH. The PV market (set by existing Si) grows.")
    found = dict(defined_short_forms(text))
    assert found["QDs"] == "quantum dots"
    assert found["BGCs"] == "Biosynthetic gene clusters"
    assert "Si" not in found  # one capital: a word in parentheses, not a short form
    assert defined_short_forms("No short form is defined here.") == ()


@pytest.mark.parametrize("text, heading", [
    ("Catalytic Electrosynthetic Oxidative Cyclization of N-Allyl/ Homoallyl Amides 1.", True),  # ACS, run in
    ("Vector Construction and Molecular Cloning", True),  # MDPI
    ("QM/MM-MD Free Energy Reaction Path Calculations.", True),  # Sci. Rep.
    ("Substrate Scope of Catalytic Cyclization of Allyl and Homoallyl Amides", True),  # a table's title
    ("Department of Chemistry, University of Oregon, Eugene, Oregon 97403.", False),  # an address names a place
    ("This work was supported by the National Institutes of Health.", False),  # a sentence
    ("The O-Ti-N angle at 89.6° is only slightly closed.", False),
    ("Results and Discussion", True),
    ("Synthesis of 2a.", False),  # one word to tell by: too little
])
def test_a_heading_is_told_by_its_capitalized_words(text, heading):
    from assistant.text import is_heading

    assert is_heading(text) is heading


@pytest.mark.parametrize("text, notice", [
    ("© 2021 The Authors. Advanced Optical Materials published by Wiley-VCH GmbH.", "© 2021 The Authors."),
    ("Copyright: © 2021 by the authors. Licensee MDPI, Basel, Switzerland.", "Copyright: © 2021 by the authors."),
    ("© 2013 Speck and Magauer; licensee Beilstein-Institut.", "© 2013 Speck and Magauer"),
    ("C 2014 American Chemical Society", "C 2014 American Chemical Society"),  # a symbol font's ©
    ("Reproduced with permission. Copyright 2016, Wiley-VCH.", None),  # a figure's credit
    ("you will need to obtain permission directly from the copyright holder.", None),  # the licence's terms
    ("Vitamin C 2000 mg was given daily.", None),
])
def test_a_copyright_notice_is_found_to_the_end_of_its_clause(text, notice):
    found = COPYRIGHT_STATEMENT.search(text)
    assert (found.group() if found else None) == notice


@pytest.mark.parametrize("question, found", [
    ("What RMSE did SolvBERT reach on FreeSolv?", ("RMSE",)),  # "SolvBERT", "FreeSolv": identifiers, not capitals only
    ("Which NBOs were computed, and by which DFT functional?", ("NBO", "DFT")),  # singular
    ("What is listed in Table III of the 1991 JACS paper?", ()),  # a numeral, and a journal the paper need not write
    ("Was RP-HPLC or LC-MS used?", ()),  # parts of a hyphenated name
    ("What LD50 was found in mice?", ()),  # with a digit: an identifier (text.identifiers)
])
def test_the_short_forms_in_capitals_of_a_question(question, found):
    assert acronyms(question, frozenset({"JACS"})) == found


@pytest.mark.parametrize("text, acronym, written", [
    ("In high resolution mass spectroscopy, the molecular ion peak was observed.", "HRMS", True),
    ("analysed by High-Resolution Mass Spectrometry (ESI)", "HRMS", True),  # hyphenated, title case
    ("by X-ray photoelectron spectroscopy and", "XPSS", False),  # one word too few
    ("the highest occupied molecular orbital lies", "HOMO", True),
    ("the mass of the sample", "MOTS", False),  # a function word starts none of the words
    ("per lead equivalent", "PLE", False),  # three letters: too many runs of three words spell one
])
def test_a_short_form_is_written_out_by_words_its_initials_spell(text, acronym, written):
    from assistant.text import writes_long_form

    assert writes_long_form(text, acronym) is written


@pytest.mark.parametrize("number, digits", [("I", "1"), ("II", "2"), ("IV", "4"), ("VIII", "8"), ("IX", "9"),
                                            ("XIV", "14"), ("4", "4"), ("S1", "S1"), ("s2", "S2")])
def test_a_labels_number_reads_as_digits_whichever_way_it_is_written(number, digits):
    from assistant.text import label_number

    assert label_number(number) == digits


def test_formulas_are_words_of_element_symbols_and_counts():
    from assistant.text import formulas

    text = "the melting point of BaS3 and BaZrS3, but not of K252a, SpH1, Figure 3 or the 2a product; CO2 and H2O."
    assert formulas(text) == ("bas3", "bazrs3", "co2", "h2o")


@pytest.mark.parametrize("written, spoken", [
    ("2-aza-6-oxa-1\n-titanacyclohex-2-ene", "azaoxatitanacyclohexene"),  # a line break after a hyphen
    ("1,3-oxazine", "oxazine"),
    ("N-(2-methylallyl)furan-2-carboxamide", "n(methylallyl)furancarboxamide"),
    ("Ultra-\nstyragel columns", "ultrastyragel columns"),
    ("heated to 120 °C for 2.5 h", "heated to 120 °c for 2.5 h"),  # no name, no locant
])
def test_a_chemical_name_without_its_locants(written, spoken):
    from assistant.text import without_locants

    assert without_locants(written) == spoken


@pytest.mark.parametrize("text, initials, named", [
    ("A.J.M. designed the study, discussed the results and revised the manuscript.", "AM", True),
    ("T.K.C. and J.T. designed the study.", "TKC", True),
    ("T.K.C. and J.T. designed the study.", "JT", True),
    ("H. N. conducted DFT calculations.", "HN", True),
    ("Conceptualization, P.R.N., O.B.-K. and N.S.", "OBK", True),
    ("A.L. discussed the results.", "AM", False),
    ("ADAM and AMBER were used.", "AM", False),  # words in capitals, no full stops
])
def test_an_author_is_found_by_the_initials_contributions_write(text, initials, named):
    from assistant.text import writes_initials

    assert writes_initials(text, initials) is named


@pytest.mark.parametrize("term, written", [("bromoindoles", "5-bromoindole"), ("complexes", "the complex"),
                                           ("studies", "this study"), ("crystallised", "crystallized")])
def test_a_term_asked_in_the_plural_or_the_other_spelling_is_written_in_either(term, written):
    """"What yields does the cascade give for bromoindoles?" of a paper writing "5-, 6- and 7-bromoindole": the
    singular is one of the forms a paper writes a term in."""
    from assistant.text import flat, written_forms

    assert term not in flat(written)
    assert any(form in flat(written) for form in written_forms(term))


@pytest.mark.parametrize("term, written", reagent_names()["examples"])
def test_a_reagent_asked_in_words_is_written_by_its_formula(term, written):
    """"How many equivalents of triethylamine …" of a paper writing "Et3N": one of the forms a paper may write the
    term in stands in the flattened text (reagent_names.yaml)."""
    from assistant.text import flat, written_forms

    assert term not in flat(written)
    assert any(form in flat(written) for form in written_forms(term))


@pytest.mark.parametrize("formula, written", reagent_names()["in_words_examples"])
def test_a_reagent_asked_by_its_formula_is_written_by_its_name_in_words(formula, written):
    """"… titrated with ethanolic KOH" of a paper writing "potassium hydroxide": one of the reagent's names in
    words stands in the flattened text (reagent_names.yaml, ``in_words``)."""
    from assistant.text import flat, names_in_words

    assert flat(formula) not in flat(written)
    assert any(name in flat(written) for name in names_in_words(formula))


def test_no_reagent_name_is_a_part_of_many_words_or_more_than_one_word():
    """A name of three letters or fewer without a digit ("OMs" in "atoms", "TEA" in "steady") is no name to find
    inside a flattened text; a name of two words is never a question's term, which is one word."""
    from assistant.text import flat

    names = [name for group in reagent_names()["groups"] for name in group]
    assert [name for name in names if len(flat(name)) < 4 and not any(c.isdigit() for c in name)] == []
    assert [name for name in names if " " in name] == []


def test_a_closed_word_splits_into_two_words_of_four_letters_or_more():
    """``two_word_splits`` (read by ``Index.uses`` and ``query.open_spellings``): "percent" is no "per cent"."""
    from assistant.text import two_word_splits

    assert two_word_splits("wavenumber")[0] == ("wave", "number") and ("waven", "umber") in two_word_splits("wavenumber")
    assert two_word_splits("percent") == [] and two_word_splits("proofread") == [("proo", "fread"), ("proof", "read")]
