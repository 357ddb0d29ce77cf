"""Answer selection, step by step, on synthetic scored sentences (no model, no index): assistant/answer.py."""
from __future__ import annotations

import dataclasses

import pytest

from assistant.answer import (LEAD_CHARS, ScoredSentence, abstain_threshold, answer_evidence, cause_first, choose_sentences, cited_as,
                              cited_entries_level, continues_previous,
                              drop_echoes, entries_cited_by, entry_data_first, is_banner, keep_asked_types, name_shape, named_first,
                              close_second, names_another_compound, names_another_instead, opening_clauses, order_records, panel_first,
                              row_key, sentence_after, signal_assignment, states_another_ratio)
from assistant.answer_types import PERSON, asked_quantity, asked_techniques, expected_types
from assistant.config import AnswerConfig
from assistant.query import Library, Query, analyze, labels_named, panels_named, question_rules
from assistant.types import Chunk, Sentence
from tests.conftest import sentence

CONFIG = AnswerConfig()


def test_only_sentences_stating_the_asked_type_answer():
    asked = expected_types("At what temperature were the clusters made?")
    stated = sentence("The clusters were made at 80 °C in toluene.", 0.8, start=100)
    vague = sentence("The clusters were made with great care.", 0.9)
    assert keep_asked_types([vague, stated], asked, CONFIG.answer_type_ratio) == [stated]
    assert keep_asked_types([vague], asked, CONFIG.answer_type_ratio) == []


def test_a_heading_does_not_set_how_close_a_sentence_stating_the_type_must_match():
    """"How much triethylamine …": the section's heading run into the passage matches best and says nothing; the
    sentence giving "Et3N (2.2 equiv)" is measured against the best sentence that says something."""
    asked = expected_types("How much triethylamine was added to make the amide substrates?")
    heading = dataclasses.replace(sentence("Synthesis of N-Allyl Amide Substrates 1.", 0.8), heading=True)
    stated = sentence("The acid chloride was added to the amine (5 mmol, 1 equiv) and Et3N (2.2 equiv) in DCM.", 0.5,
                      start=100)
    vague = sentence("The amides were purified by chromatography.", 0.45, start=200)
    assert keep_asked_types([heading, stated, vague], asked, CONFIG.answer_type_ratio) == [stated]
    assert keep_asked_types([dataclasses.replace(heading, heading=False), stated], asked,
                            CONFIG.answer_type_ratio) == []


def test_a_yes_or_no_question_needs_more_evidence_to_be_answered():
    polar = analyze("Did Nagae and co-workers also make the strontium analogue of the catalyst?", [], Library(()))
    open_question = analyze("Which analogues of the catalyst did Nagae and co-workers make?", [], Library(()))
    assert polar.polar and not open_question.polar
    assert abstain_threshold(polar, CONFIG) == CONFIG.polar_abstain_threshold > CONFIG.abstain_threshold
    assert abstain_threshold(open_question, CONFIG) == CONFIG.abstain_threshold


def test_a_quantity_named_in_full_earlier_in_the_passage_qualifies_its_value():
    """"In Figure 2, we plot the HWHM … as a function of their peak absorption wavelength. We include … For a 4:1
    ratio, the HWHM followed the line until … a peak wavelength value near 1400 nm.": the passage named the peak
    absorption wavelength two sentences before the value. A count is any number: what it counts must stand in its
    sentence or the one before, or another number of the passage would answer "How many fragment words …"."""
    question = "Up to what peak absorption wavelength did the HWHM follow the line of constant monodispersity?"
    asked, (_, qualifiers) = expected_types(question), asked_quantity(question)
    opening = ("In Figure 2, we plot the HWHM as a function of their peak absorption wavelength. "
               "We include the smallest values obtained. The dashed line is the expected trend.")
    value = dataclasses.replace(
        sentence("For a 4:1 ratio, the HWHM followed the line until a peak wavelength value near 1400 nm.", 0.9),
        before="The dashed line is the expected trend.", opening=opening)
    assert keep_asked_types([value], asked, CONFIG.answer_type_ratio, qualifiers) == [value]
    alone = dataclasses.replace(value, opening=value.before)
    assert keep_asked_types([alone], asked, CONFIG.answer_type_ratio, qualifiers) == []
    question = "How many fragment words made up the vocabulary of Mol-BERT?"
    asked, (_, qualifiers) = expected_types(question), asked_quantity(question)
    other = dataclasses.replace(
        sentence("Its ROC-AUC values rose by at least 2% on three benchmark sets.", 0.9),
        before="It was fine-tuned on labelled samples.", opening="Its vocabulary held fragment words. It was fine-tuned on labelled samples.")
    assert keep_asked_types([other], asked, CONFIG.answer_type_ratio, qualifiers) == []


def test_a_row_named_by_number_states_the_quantity_its_table_heads_whatever_the_question_calls_it():
    """"In Table 1, what NMR yield of 2a is listed for entry 13?" of the row "13 25 TsOH·H₂O (2.5) C, Pt 5 4.0 94"
    under "… charge (F) yield %": the table's note, not its header, says the yields were determined by NMR. A row
    the question names by number is the thing asked of; any other row still names the quantity asked in full."""
    question = "In Table 1, what NMR yield of 2a is listed for entry 13?"
    asked, (_, qualifiers) = expected_types(question), asked_quantity(question)
    assert qualifiers == ("nmr",)
    row = sentence("13 25 TsOH·H₂O (2.5) C, Pt 5 4.0 94", 0.9, kind="table")
    def header(s):
        return "Table 1. Optimization of the cyclization no PhI (mol %) charge (F) yield %"
    assert keep_asked_types([row], asked, CONFIG.answer_type_ratio, qualifiers, header_above=header,
                            named_row=lambda s: s is row) == [row]
    assert keep_asked_types([row], asked, CONFIG.answer_type_ratio, qualifiers, header_above=header) == []


def test_a_row_named_by_its_key_in_a_table_named_by_number_is_the_thing_asked_of():
    """"According to Tab. 1, what 1H NMR chemical shift do the CH3 protons show in acetone?" of a scan's rows
    "Acetone 5,325 1,900 …" under "Tab. I. Chemical shifts d (in p.p.m.) in the 'H NMR spectra": the row whose key
    the question names, in the table it names (answer.row_named_by_key), states the shift its table heads, though
    OCR wrote "'H" for "1H"; another row, or the same row when no table is named, still names the quantity in full.
    A row keyed by no word ("No. 5,325 …") is named by no question."""
    from types import SimpleNamespace

    from assistant.answer import row_named_by_key
    from assistant.text import Tokenizer

    question = "According to Tab. 1, what 1H NMR chemical shift do the CH3 protons show in acetone?"
    query = analyze(question, [], Library(()))
    caption = "Tab. I. Chemical shifts d (in p.p.m.) in the 'H NMR spectra of methacrylic acid"
    index = SimpleNamespace(chunks=[SimpleNamespace(text=f"{solvent}\t5,325\t1,900", search_text=caption)
                                    for solvent in ("Acetone", "Chloroform", "No.")], tokenize=Tokenizer())
    acetone, chloroform, numbered = (dataclasses.replace(sentence(index.chunks[i].text, 0.9, kind="table"),
                                                         chunk_id=i) for i in (0, 1, 2))
    assert row_named_by_key(acetone, query, index) and not row_named_by_key(chloroform, query, index)
    assert not row_named_by_key(numbered, query, index)  # a key of no word ("No.") names nothing, not everything
    assert not row_named_by_key(acetone, analyze(question.replace("According to Tab. 1, w", "W"), [], Library(())), index)
    spoken = analyze(question.replace("According to Tab. 1", "In the NMR table"), [], Library(()))
    assert row_named_by_key(acetone, spoken, index)  # a table spoken of, no number: any table's row
    asked, (_, qualifiers) = expected_types(question), asked_quantity(question)
    assert keep_asked_types([acetone], asked, CONFIG.answer_type_ratio, qualifiers, header_above=lambda s: caption,
                            named_row=lambda s: row_named_by_key(s, query, index)) == [acetone]
    assert keep_asked_types([acetone], asked, CONFIG.answer_type_ratio, qualifiers, header_above=lambda s: caption) == []


def test_the_names_and_values_describing_a_row_named_by_number_need_not_stand_in_it():
    """"What gene length is listed for hit 24 of Table 1, the Brevundimonas gene 95% identical to BrvH?": the row
    "24 522 yes … Brevundimonas" names neither BrvH nor 95 %, which describe it (answer.row_named_by_number); the
    next row, not named, is no answer for them."""
    from types import SimpleNamespace

    from assistant.answer import names_asked_things, uses_asked_terms

    query = analyze("What gene length is listed for hit 24 of Table 1, the Brevundimonas gene 95% identical to BrvH?",
                    [], Library(()))
    assert (query.rows, query.tables, query.values) == (("24",), ("1",), ("95",))
    caption = "Table 1. Newly found putative halogenases No. Length (bp) Origin"
    index = SimpleNamespace(chunks=[SimpleNamespace(text=f"{n}\t{bp}\tyes\tBrevundimonas", search_text=caption)
                                    for n, bp in (("24", "522"), ("25", "516"))],
                            uses=lambda doc_id, term: True, writes_acronym=lambda doc_id, acronym: True,
                            mentions=lambda doc_id, name: True, writes_number_near=lambda chunk_id, number: False)
    named, other = (dataclasses.replace(sentence(index.chunks[i].text, 0.9, kind="table"), chunk_id=i) for i in (0, 1))
    assert names_asked_things(query, index, named) and uses_asked_terms(query, index, named)
    assert not uses_asked_terms(query, index, other)


def test_a_name_asked_stands_in_the_sentence_continuing_the_best_match():
    """"Which solvent were the dots dispersed in when their absorption spectra were recorded?": "Absorption spectra
    were measured with a Cary 5000." / "The QDs were suspended in tetrachloroethylene for these measurements." A
    name in a sentence merely following the best match is read too loosely to answer; one continuing it answers."""
    asked = expected_types("Which solvent were the dots dispersed in when their absorption spectra were recorded?")
    best = sentence("Absorption spectra were measured using a Cary 5000 spectrophotometer.", 1.0)
    text = "The QDs were suspended in tetrachloroethylene for these measurements."
    continuing = dataclasses.replace(sentence(text, 0.3, start=80), follows=best.spans, continuation=True)
    merely = dataclasses.replace(continuing, continuation=False)
    assert keep_asked_types([best, continuing], asked, CONFIG.answer_type_ratio) == [continuing]
    assert keep_asked_types([best, merely], asked, CONFIG.answer_type_ratio) == []


def test_a_solvent_named_by_its_formula_in_the_sentence_after_the_best_match_answers():
    """"Which NMR solvent was used to characterize the calcium macrocycle?": "Complex 1Ca … was characterized by its
    1H NMR spectrum." / "In the 1H NMR spectrum in CD3CN, …". A formula or a short form as written is no word read
    loosely; a solvent's English name in a sentence merely following is ("… water dissociation …")."""
    asked = expected_types("Which NMR solvent was used to characterize the calcium macrocycle?")
    best = sentence("Complex 1Ca was characterized by its 1H NMR spectrum and mass spectrum.", 1.0)
    after = dataclasses.replace(sentence("In the 1H NMR spectrum in CD3CN, a singlet of imine protons was seen.", 0.3,
                                         start=80), follows=best.spans)
    word = dataclasses.replace(after, text="In the 1H NMR spectrum, water dissociation was seen.")
    assert keep_asked_types([best, after], asked, CONFIG.answer_type_ratio) == [after]
    assert keep_asked_types([best, word], asked, CONFIG.answer_type_ratio) == []


@pytest.mark.parametrize("text, named", [("in CD3CN", True), ("a mixture of HFIP and MeCN", True), ("Et2O", True),
                                         ("dried THF", True), ("in water", False), ("thf", False), ("Ether", False)])
def test_a_substance_named_by_formula_or_short_form(text, named):
    from assistant.answer_types import names_substance_by_formula

    assert names_substance_by_formula(text) is named


def test_a_type_stated_only_far_below_the_best_match_does_not_answer():
    asked = expected_types("At what temperature were the clusters made?")
    best = sentence("The clusters were made with great care.", 1.0)
    far = sentence("Deposition took place at 300 K.", 0.3, start=200)
    assert keep_asked_types([best, far], asked, CONFIG.answer_type_ratio) == []


def test_a_value_in_the_sentence_after_the_best_match_answers_though_it_matches_less():
    asked = expected_types("How many steps did the first total synthesis of nominine take?")
    best = sentence("The first total synthesis of nominine was accomplished by Muratake.", 1.0)
    value = dataclasses.replace(sentence("It was completed within 40 steps.", 0.5, start=70), follows=best.spans)
    elsewhere = sentence("Nominine was isolated in 1956 from Aconitum.", 0.5, start=300)
    assert keep_asked_types([best, value, elsewhere], asked, CONFIG.answer_type_ratio) == [value]
    # a name is read too loosely to look past the close matches for it
    solvent = expected_types("What solvent was used for the synthesis?")
    best = sentence("The synthesis of the Cu/Ni clusters was carried out on carbon.", 1.0)
    water = dataclasses.replace(sentence("Ni-Cu synergy promotes water dissociation.", 0.5, start=70),
                                follows=best.spans)
    assert keep_asked_types([best, water], solvent, CONFIG.answer_type_ratio) == []


def test_a_tables_row_states_a_unit_named_in_a_header_line_above_it():
    """Table 1 of the arylindigoid paper sets its header on two lines, the second naming the scale's unit:
    "# Product TnaA formulation Scale Conversion" / "isomer (5) [mmol] total yield". Its row "3 6-Br freeze-dried
    cells 0.25 >99%" states a value in mmol only read with that line."""
    asked = expected_types("On what scale (in mmol) was 6-bromoindole made with freeze-dried cells?")
    row = dataclasses.replace(sentence("# Product TnaA formulation Scale Conversion 3 6-Br freeze-dried cells 0.25 >99%",
                                       1.0), kind="table")
    assert keep_asked_types([row], asked, CONFIG.answer_type_ratio) == []
    header = {row: "isomer (5) [mmol] total yield"}
    assert keep_asked_types([row], asked, CONFIG.answer_type_ratio, header_above=lambda s: header.get(s, "")) == [row]


def test_a_tables_row_states_the_quantity_its_caption_names():
    """Tab. 4 of the 1985 copolymerization paper names its quantity in the caption alone ("Copolymerization
    reactivity ratios … calculated according to Fineman-Ross"); its header only "Solvent rMA rSt F-R K-T"."""
    asked = analyze("What Fineman-Ross reactivity ratio of styrene was found in chloroform?", [], Library(()))
    row = dataclasses.replace(sentence("Chloroform 0,55 ± 0,01 0,51 ± 0,01 0,04 ± 0,06", 1.0), kind="table")
    header = "Solvent rMA rSt F-R K-T"
    caption = "Tab. 4. Copolymerization reactivity ratios of methacrylic acid and styrene according to Fineman-Ross"
    assert keep_asked_types([row], asked.answer_types, CONFIG.answer_type_ratio, asked.qualifiers,
                            header_above=lambda s: header) == []
    assert keep_asked_types([row], asked.answer_types, CONFIG.answer_type_ratio, asked.qualifiers,
                            header_above=lambda s: f"{caption} {header}") == [row]


def test_the_sentence_stating_every_asked_type_goes_first():
    asked = expected_types("How many steps and what overall yield did the synthesis have?")
    one = sentence("The synthesis was reported in 2011 by the group of Katoh.", 1.0)
    both = sentence("The synthesis proceeded in 25 steps with an overall yield of 2.6%.", 0.8, start=70)
    assert keep_asked_types([one, both], asked, CONFIG.answer_type_ratio)[0] == both


def test_a_sentence_echoing_the_question_goes_behind_the_one_that_answers():
    asked = {"cluster", "synthes", "gas", "phase"}
    echo = sentence("Cluster synthesis in the gas phase.", 0.9, words="cluster synthes gas phase")
    answer = sentence("It began with laser vaporization of metal targets.", 0.7, start=50,
                      words="began laser vaporiz metal target")
    assert drop_echoes([echo, answer], asked) == [answer, echo]
    assert drop_echoes([echo], asked) == [echo]


def test_a_sentence_denying_what_the_question_asks_about_is_no_echo():
    asked = {"author", "declar", "conflict", "interest"}
    denial = sentence("The authors declare no conflict of interest.", 0.9, words="author declar conflict interest")
    running_head = sentence("Chem. Eur. J. 2021, 27, 5404", 0.5, start=100, words="chem eur")
    question = "Did the authors declare any conflict of interest?"
    assert drop_echoes([denial, running_head], asked, question) == [denial, running_head]
    # the question denies it too: the sentence only says it back
    negated = "Why did the authors declare no conflict of interest?"
    assert drop_echoes([denial, running_head], asked, negated) == [running_head, denial]


def test_a_sentence_saying_what_the_question_names_goes_first():
    """Asked what a short form stands for, the sentence spelling it out; asked what a figure shows, its caption
    (the sentence after the label, when the label reads as one)."""
    uses = sentence("SciMON uses LLMs to produce new scientific ideas grounded in literature.", 0.8)
    spells = sentence("Wang et al. built Scientific Inspiration Machines Optimized for Novelty (SciMON).", 0.4, start=90)
    entry = sentence("SciMON: Scientific inspiration machines optimized for novelty.", 0.5, start=900, kind="reference")
    asked = Query("What does SciMON stand for?", "", short_forms=("SciMON",))
    assert named_first([uses, entry, spells], asked) == [spells, uses, entry]
    assert named_first([uses, entry, spells], Query("What does SciMON do?", "")) == [uses, entry, spells]
    mentions = sentence("Figure 5 shows the number of tokens in chemistry datasets.", 0.9)
    label = sentence("Figure 5.", 0.3, start=300, kind="caption")
    caption = dataclasses.replace(sentence("Tokens available from chemical sources.", 0.2, start=310, kind="caption"),
                                  follows=label.spans)
    other = sentence("Figure 3. Capabilities of LLMs.", 0.5, start=500, kind="caption")
    figure = Query("What does Figure 5 compare?", "", labels=(("figure", "5"),))
    assert named_first([mentions, other, label, caption], figure) == [caption, mentions, other]  # the label says nothing


def test_a_tables_caption_whose_label_and_number_read_as_sentences_of_their_own_leads_with_its_text():
    """A scanned caption split as "Tab." / "2." / "Characteristic IR absorption maxima …": asked for Table 2's
    title, its text leads and the label's pieces, which say nothing, are not quoted."""
    label = sentence("Tab.", 0.9, start=100, kind="caption", paragraph=4)
    number = dataclasses.replace(sentence("2.", 0.3, start=105, kind="caption", paragraph=4), follows=label.spans)
    text = dataclasses.replace(sentence("Characteristic IR absorption maxima of methacrylic acid.", 0.5, start=108,
                                        kind="caption", paragraph=4), follows=number.spans)
    body = sentence("The COOH band shifts in dioxane.", 0.7, start=300)
    asked = Query("What is the title of Tab. 2?", "", labels=(("table", "2"),))
    assert named_first([label, body, text, number], asked) == [text, body]
    assert named_first([label, body, text, number], Query("What is the title?", "")) == [label, body, text, number]


def test_a_caption_asked_about_leads_with_its_sentence_on_what_is_asked():
    """The caption of the figure named goes first with its sentence holding question words its opening lacks
    ("how are hydrogen bonds shown?" / "… hydrogen bonds as red dashed lines."); a question on the figure as a whole
    gets the opening, and the label read as a sentence of its own never leads."""
    opening = sentence("Figure 5. Reactant complex and transition state structures.", 0.5, start=300, kind="caption",
                       paragraph=9, words="figur 5 reactant complex transit state structur")
    detail = sentence("Key interactions are shown, hydrogen bonds as red dashed lines.", 0.4, start=370,
                      kind="caption", paragraph=9, words="key interact shown hydrogen bond red dash line")
    body = sentence("Hydrogen bonds stabilize the intermediate.", 0.9, words="hydrogen bond stabil intermedi")
    specific = Query("In Figure 5, how are hydrogen bonds shown?", "", tokens=("figur", "5", "hydrogen", "bond", "shown"),
                     labels=(("figure", "5"),))
    assert named_first([body, opening, detail], specific)[0] == detail
    whole = Query("What does Figure 5 show?", "", tokens=("figur", "5", "show"), labels=(("figure", "5"),))
    assert named_first([body, opening, detail], whole)[0] == opening


def test_asked_a_drawback_the_sentence_after_the_best_opening_with_a_contrast_goes_first():
    """"What drawbacks of one-pot indigoid production …?" of "One-pot synthesis of indigoids … was recently
    achieved." / "However, product titers remained low …": the sentence stating the drawback leads (contrast_first)."""
    from assistant.answer import contrast_first

    achieved = sentence("One-pot synthesis of indigoids in bacteria or plants was recently achieved.", 0.9)
    drawback = sentence("However, product titers remained low and the isolation became tedious.", 0.6, start=80,
                        continues=achieved.spans)
    other = sentence("Indigo is a blue dye.", 0.5, start=200)
    asked = Query("What drawbacks of one-pot indigoid production do the authors point out?", "", drawback=True)
    assert contrast_first([achieved, other, drawback], asked) == [drawback, achieved, other]
    assert contrast_first([achieved, other, drawback], Query("How were indigoids produced?", "")) == [achieved, other, drawback]
    plain = dataclasses.replace(drawback, text="Product titers were measured by HPLC.")
    assert contrast_first([achieved, other, plain], asked) == [achieved, other, plain]  # no contrast opens it


def test_asked_for_an_extreme_the_close_sentence_naming_one_goes_first():
    """"Which solvent gave the slowest copolymerization?" of "The effect of the solvent on the rate of
    copolymerization was studied." / "The rate was the lowest in acetone.": the sentence naming an extreme leads
    (extreme_first), when it scores the answer-type ratio of the best or more."""
    from assistant.answer import extreme_first

    studied = sentence("The effect of the solvent on the rate of copolymerization was studied.", 0.9)
    lowest = sentence("The rate was the lowest in acetone.", 0.7, start=80)
    asked = Query("Which solvent gave the slowest copolymerization?", "", extreme=True)
    assert extreme_first([studied, lowest], asked, 0.7) == [lowest, studied]
    assert extreme_first([studied, lowest], asked, 0.8) == [studied, lowest]  # 0.7 < 0.8 × 0.9: about something else
    assert extreme_first([studied, lowest], Query("Which solvents were used?", ""), 0.7) == [studied, lowest]
    at_most = dataclasses.replace(lowest, text="The rate was at most 2 % per hour in acetone.")
    assert extreme_first([studied, at_most], asked, 0.7) == [studied, at_most]  # a bound names no extreme


def test_asked_why_the_sentence_a_consequence_is_drawn_from_goes_first():
    """"For this reason, the cluster escaped the prediction." answers why only with the sentence before it."""
    cause = sentence("Clusters for N-acyl amino acids were not yet in the antiSMASH database.", 0.7)
    consequence = sentence("For this reason, the putative cluster escaped the automated prediction.", 0.9,
                           start=80, continues=cause.spans)
    other = sentence("The cluster harbours a methyltransferase gene.", 0.5, start=200)
    why = Query("Why did the prediction miss the cluster?", "", answer_types=expected_types("Why did it miss?"))
    assert cause_first([consequence, other, cause], why) == [cause, consequence, other]
    assert cause_first([consequence, other, cause], Query("What missed the cluster?", "")) == [consequence, other, cause]
    however = dataclasses.replace(consequence, text="However, the putative cluster escaped the automated prediction.")
    assert cause_first([however, other, cause], why) == [however, other, cause]  # no consequence drawn
    that = dataclasses.replace(consequence, text="That is why the putative cluster escaped the automated prediction.")
    assert cause_first([that, other, cause], why) == [cause, that, other]
    for explains in ("Both theories might also explain why the putative cluster escaped the prediction.",
                     "This arrangement is consistent with the cluster escaping the automated prediction."):
        fits = dataclasses.replace(consequence, text=explains)
        assert cause_first([fits, other, cause], why) == [cause, fits, other]
    suggests = dataclasses.replace(consequence, text="These results suggest that the cluster escaped the prediction.")
    assert cause_first([suggests, other, cause], why) == [suggests, other, cause]  # a finding, not an explanation


def test_a_heading_run_into_a_passage_goes_behind_the_sentence_that_answers():
    asked = {"electrod", "anod", "cathod", "cycliz", "amid"}
    heading = dataclasses.replace(sentence("Catalytic Oxidative Cyclization of Allyl Amides.", 0.9,
                                           words="catalyt oxid cycliz allyl amid"), heading=True)
    answer = sentence("The cell held a graphite anode and a platinum cathode.", 0.7, start=60,
                      words="cell held graphit anod platinum cathod")
    assert drop_echoes([heading, answer], asked) == [answer, heading]


def test_with_budget_left_the_sentence_after_the_best_comes_with_it():
    """A paper says what it did, then what it found: the next sentence of the text comes when no close second
    does and it fits the length budget; not when it would not fit, nor from another place of the text."""
    best = sentence("The vinylimido complexes react readily with ketones and imines.", 0.9, start=0)
    after = dataclasses.replace(sentence("In no case are metathesis products obtained.", 0.3, start=70), follows=best.spans)
    elsewhere = sentence("Metathesis products are common for other imido complexes.", 0.3, start=500)
    assert choose_sentences([best, elsewhere, after], lambda s: len(s.text), CONFIG) == [best, after]
    assert choose_sentences([best, elsewhere], lambda s: len(s.text), CONFIG) == [best]
    tight = dataclasses.replace(CONFIG, max_chars=len(best.text) + 10)
    assert choose_sentences([best, after], lambda s: len(s.text), tight) == [best]
    # a close second that does not fit whole keeps the place: its clauses come instead (answer.build_answer)
    close = sentence("Imines react readily too. " * 12, 0.85, start=300)
    assert choose_sentences([best, close, after], lambda s: len(s.text), CONFIG) == [best]


def test_a_sentence_printed_twice_is_quoted_once():
    """A paper may print a sentence in two places (a procedure in the text and in the SI part): the second copy is
    no second sentence, and the next one comes instead (answer.choose_sentences, answer.close_second)."""
    best = sentence("The cells were lysed by French Press (three times, 1000 psig).", 0.9, start=0)
    again = sentence(best.text, 0.85, start=400)
    other = sentence("The lysate was centrifuged at 10,000 g.", 0.8, start=200)
    assert choose_sentences([best, again, other], lambda s: len(s.text), CONFIG) == [best, other]
    assert close_second([best, again, other], best, CONFIG.second_sentence_ratio) == other


def test_a_close_second_just_before_the_best_is_read_first():
    """Two lines of a compound's entry chosen together are quoted in the order of the text, whichever scored
    best; a close second from elsewhere keeps its place after the best."""
    before = sentence("Pale-yellow solid (84 mg, 68%).", 0.85, start=0)
    best = dataclasses.replace(sentence("M.p. 130-131 °C.", 0.9, start=32), follows=before.spans)
    elsewhere = sentence("The melting points were not corrected.", 0.85, start=900)
    assert choose_sentences([best, before], lambda s: len(s.text), CONFIG) == [before, best]
    assert choose_sentences([best, elsewhere], lambda s: len(s.text), CONFIG) == [best, elsewhere]


def test_the_sentence_after_the_best_comes_from_outside_the_scored_ones_too():
    """The next sentence of the text may lie in a window not retrieved, or not state the type asked: given as
    ``after_best``, it comes with the best one all the same, within the budget."""
    best = sentence("They also thank Dr. N. McLay for NMR analysis.", 0.9)
    after = dataclasses.replace(sentence("Thanks go to all of the group members.", 0.0, start=50), follows=best.spans)
    assert choose_sentences([best], lambda s: len(s.text), CONFIG, after) == [best, after]
    tight = dataclasses.replace(CONFIG, max_chars=len(best.text) + 10)
    assert choose_sentences([best], lambda s: len(s.text), tight, after) == [best]


class _Windows:
    """An index of one paragraph read in two overlapping windows of sentences (0-2 and 2-4), and an entry."""

    def __init__(self, source: str):
        bounds = [(m.start(), m.end()) for m in __import__("re").finditer(r"[^.]+\.", source)]
        self.source = source

        def window(chunk_id, first, last, kind="body", paragraph=1):
            spans = tuple(((a, b),) for a, b in bounds[first:last])
            texts = tuple(source[a:b].strip() for a, b in bounds[first:last])
            return Chunk(chunk_id, "d", kind, "", paragraph, tuple(s[0] for s in spans), " ".join(texts),
                         tuple(Sentence(s) for s in spans), (), " ".join(texts), texts)
        self.chunks = [window(0, 0, 3), window(1, 2, 5), window(2, 5, 6, kind="reference", paragraph=7)]
        self.reference_chunk = {("d", 7): 2}

    def paragraph_neighbours(self, chunk_id):
        chunk = self.chunks[chunk_id]
        return tuple(c for c in self.chunks if abs(c.chunk_id - chunk_id) == 1 and c.paragraph == chunk.paragraph)


def test_the_sentence_after_is_found_in_the_next_window_of_the_paragraph_and_nowhere_else():
    index = _Windows("S zero. S one. S two. S three. S four. Ref five.")
    chunk = index.chunks[0]
    scored = lambda chunk, at: ScoredSentence(1, chunk.sentences[at].spans, "d", 1.0, 1.0, kind=chunk.kind,
                                              chunk_id=chunk.chunk_id)
    assert sentence_after(index, scored(chunk, 0)).text == "S one."  # in its own window
    after_two = sentence_after(index, scored(chunk, 2))  # the last of its window: the next window has the next
    assert after_two.text == "S three." and after_two.follows == chunk.sentences[2].spans and after_two.chunk_id == 1
    assert sentence_after(index, scored(index.chunks[1], 2)) is None  # the last of its paragraph
    assert sentence_after(index, scored(index.chunks[2], 0)) is None  # a bibliography entry has no "next sentence"


def test_a_work_asked_for_comes_as_the_citing_sentence_with_the_entry_its_marker_points_to():
    """"Which work is cited for the estimate that …?": the sentence stating the estimate answers with the entries
    it cites, retrieved or not, before the sentence after it or a close second, each that fits the length budget
    however many sentences that makes ("Which reviews does it cite?" of "… reviewed extensively.[16–19]"); an
    entry too long for the budget does not come, and a sentence citing nothing brings no entry."""
    index = _Windows("S zero. S one. S two. S three. S four. Ref five.")
    best = sentence("It has been estimated that anammox emits 50% of the ocean's N2.", 1.0, citations=(7, 9))
    retrieved = sentence("Lam, P., 2011. Nitrogen cycling in oxygen minimum zones.", 0.3, start=900,
                         kind="reference", paragraph=9)
    other = sentence("Kuypers, M., 2003. Anaerobic ammonium oxidation.", 0.5, start=990, kind="reference",
                     paragraph=4)
    cited = entries_cited_by(best, [best, other, retrieved], index)
    assert cited[0] == retrieved and cited[1].text == "Ref five." and cited[1].chunk_id == 2 and len(cited) == 2
    assert entries_cited_by(retrieved, [retrieved], index) == []  # an entry cites no entry to follow it
    assert entries_cited_by(sentence("Anammox is common.", 1.0), [], index) == []
    close = sentence("Anammox bacteria are planctomycetes.", 0.95, start=400)
    after = dataclasses.replace(sentence("This said, Brocadiae dominate.", 0.0, start=70), follows=best.spans)
    length = lambda s: len(s.text)
    assert choose_sentences([best, close], length, CONFIG, after, cited) == [best, *cited]
    assert len(cited) + 1 > CONFIG.max_sentences
    budget = dataclasses.replace(CONFIG, max_chars=len(best.text) + len(retrieved.text) + 1)
    assert choose_sentences([best, close], length, budget, after, cited) == [best, retrieved]
    assert choose_sentences([best, close], length, CONFIG, after) == [best, close]
    tight = dataclasses.replace(CONFIG, max_chars=len(best.text) + len(close.text) + 1)
    assert choose_sentences([best, close], length, tight, after, [retrieved]) == [best, close]


def test_the_opening_clauses_of_a_long_sentence_fit_the_room_left():
    text = ("An individual transposon insertion-based inactivation of the genes Plim_2742 and Plim_3204, annotated "
            "as phytoene desaturase and oxidoreductase, abolished the red pigmentation of the strain.")
    long = ScoredSentence(1, ((0, len(text)),), "d", 0.0, 0.0, text=text)
    lead = opening_clauses(long, text, 120)
    assert lead.text == "An individual transposon insertion-based inactivation of the genes Plim_2742 and Plim_3204,"
    assert lead.elided == (False, True) and lead.spans == ((0, len(lead.text)),)
    assert opening_clauses(long, text, len(text)) is None  # it fits whole: quoted whole, not cut
    assert opening_clauses(long, text, LEAD_CHARS) is None  # no opening clause that long fits


def test_an_entry_too_long_to_quote_whole_loses_the_middle_of_its_author_list():
    """Reference styles shorten a long author list; what is asked of a cited work (title, journal, volume,
    pages) follows it (answer.past_authors)."""
    from assistant.answer import past_authors

    authors = ", ".join(f"Author{n}, A." for n in range(30))
    text = f"{authors}, 2020b. Cultivation of 79 planctomycetes. Nat. Microbiol. 5, 126–140."
    entry = ScoredSentence(1, ((0, len(text)),), "d", 0.0, 0.0, kind="reference", text=text)
    head, rest = past_authors(entry, text, 200)
    assert head.text == "Author0, A., Author1, A., Author2, A.," and head.elided == (False, True)
    assert rest.text == "2020b. Cultivation of 79 planctomycetes. Nat. Microbiol. 5, 126–140." and rest.elided == (True, False)
    assert rest.spans == ((text.index("2020b"), len(text)),)
    assert past_authors(entry, text, len(text)) is None  # it fits whole
    assert past_authors(dataclasses.replace(entry, kind="body"), text, 200) is None  # a sentence of the text
    # what follows the list, too long itself, as far as its clauses fit
    head, rest = past_authors(entry, text, 110)
    assert rest.text == "2020b. Cultivation of 79 planctomycetes. Nat. Microbiol. 5," and rest.elided == (True, True)


def test_the_close_second_is_the_next_sentence_of_the_best_ones_document_scoring_near_it():
    """When it does not fit whole beside the best, its run of clauses saying most of what is asked, else its opening
    clauses, come before the sentence after the best (answer.build_answer): the answer is often the second of two
    sentences that match the question nearly as well."""
    best = sentence("Under the optimized conditions, 2a was isolated in 91% yield.", 1.0)
    other_doc = sentence("The yield was 80% on a gram scale.", 0.9, start=300, doc="e")
    close = sentence("On a 10 mmol scale, 2a was obtained in 85% yield after 4 h.", 0.8, start=500)
    far = sentence("The reaction was run in a beaker cell.", 0.5, start=700)
    assert close_second([best, other_doc, close, far], best, CONFIG.second_sentence_ratio) == close
    assert close_second([best, other_doc, far], best, CONFIG.second_sentence_ratio) is None


def test_a_paper_asked_for_is_answered_by_the_entry_the_best_passage_cites():
    body = sentence("Ag clusters in polyoxometalates were better catalysts.", 0.9, citations=(28,))
    entry = sentence("Li, X. Ag clusters in POMs. J. Am. Chem. Soc. 2020.", 0.5, start=900, kind="reference",
                     paragraph=28)
    query = Query("Which study showed that Ag clusters in polyoxometalates were better catalysts?", "",
                  asks_publication=True)
    assert order_records([body, entry], [body, entry], query, CONFIG.answer_type_ratio)[0] == entry
    # the best sentence cites nothing: the entry of the best close one that cites, not of none
    plain = sentence("The link-pair formalism treated the bonds crossing the boundary.", 1.0, start=300)
    far = sentence("Ag clusters were also studied elsewhere.", 0.3, start=600, citations=(30,))
    other = sentence("Kim, Y. Ag clusters. Nature 2019.", 0.2, start=990, kind="reference", paragraph=30)
    ranked = [plain, body, entry, far, other]
    assert order_records(ranked, ranked, query, CONFIG.answer_type_ratio)[0] == entry


def test_the_entries_the_best_sentence_cites_score_as_it_does_when_asked_for_their_authors():
    """"Who wrote the 2000 Chem. Eur. J. paper among them?": the sentence citing the works outscores their
    entries by far, names nobody, and the people asked cut everything below the floor; the entries it cites
    rise to its score, just after it, and state the people asked. Others keep theirs."""
    body = sentence("Heme-dependent monooxygenases were later evolved towards C3-hydroxylation of indole.", 1.0,
                    citations=(22, 23))
    cited = sentence("Q.-S. Li, U. Schwaneberg, R. D. Schmid, Chem. Eur. J. 2000, 6, 1531.", 0.6, start=900,
                     kind="reference", paragraph=22)
    uncited = sentence("A. Meyer, B. Witholt, J. Biol. Chem. 2002, 277, 34161.", 0.5, start=990, kind="reference",
                       paragraph=24)
    scored = [body, cited, uncited]
    assert keep_asked_types(scored, (PERSON,), CONFIG.answer_type_ratio) == []
    level = cited_entries_level(scored, CONFIG.answer_type_ratio)
    assert [(s.text, s.score) for s in level] == [(body.text, 1.0), (cited.text, 1.0), (uncited.text, 0.5)]
    assert [s.text for s in keep_asked_types(level, (PERSON,), CONFIG.answer_type_ratio)] == [cited.text]
    assert cited_entries_level([cited, uncited], CONFIG.answer_type_ratio) == [cited, uncited]  # no text cites


def test_who_reported_a_cited_finding_is_answered_by_the_sentence_naming_them_before_their_entry():
    body = sentence("Moroz et al. also reported that CaHfSe3 could not be obtained.", 0.9, citations=(82,))
    entry = sentence("N. A. Moroz, C. Bauer, Inorg. Chem. 2018, 57, 7402.", 0.5, start=900, kind="reference",
                     paragraph=82)
    who = Query("Who reported that CaHfSe3 could not be obtained, as cited in the review?", "",
                asks_publication=True, asks_people=True)
    assert order_records([body, entry], [body, entry], who, CONFIG.answer_type_ratio) == [body, entry]
    # which work is cited: the entry itself; nor does a sentence naming nobody lead
    work = dataclasses.replace(who, asks_people=False)
    assert order_records([body, entry], [body, entry], work, CONFIG.answer_type_ratio)[0] == entry
    unnamed = dataclasses.replace(body, text="It was also reported that CaHfSe3 could not be obtained.")
    assert order_records([unnamed, entry], [unnamed, entry], who, CONFIG.answer_type_ratio)[0] == entry


def test_the_sentence_a_best_sentence_continues_comes_first_and_a_weak_second_does_not_come():
    before = sentence("Hydrogen is a promising fuel.", 0.5, start=0)
    best = sentence("However, its storage is hard.", 0.9, start=30, continues=before.spans)
    weak = sentence("Fuel cells are used in cars.", 0.4, start=200, doc="other")
    chosen = choose_sentences([best, before, weak], lambda s: len(s.text), CONFIG)
    assert chosen == [before, best]
    alone = choose_sentences([best, weak], lambda s: len(s.text), CONFIG)
    assert alone == [best]


def test_for_a_content_question_the_text_citing_an_entry_answers_before_the_entry():
    entry = sentence("Han, J. (AuAg)44 versus (AuAg)44: Tailoring the Geometric Structures. Precis. Chem. 2023.", 0.9,
                     kind="reference", paragraph=35, start=900)
    body = sentence("Zhu and co-workers made Au26.3Ag17.7, which showed enhanced photoluminescence.", 0.6,
                    citations=(35,))
    query = Query("How do the geometric structures of the (AuAg)44 analogues differ?", "")
    assert order_records([entry, body], [entry, body], query, CONFIG.answer_type_ratio) == [body, entry]


def test_with_no_sentence_citing_the_entry_the_text_answers_a_question_of_no_paper_before_the_entry():
    """Author-year citations: no sentence cites the entry by number, and the cited title does not answer
    "Which carbon source …"; a question that speaks of a paper still gets the entry first."""
    entry = sentence("Cayrou, C., 2010. Antibiotic resistance of Planctomycetes. J. Antimicrob. Chemother. 65, 2119.",
                     0.9, kind="reference", paragraph=7)
    body = sentence("N-acetyl glucosamine as carbon source and ampicillin made the medium selective.", 0.7, start=500)
    query = Query("Which carbon source and antibiotics made the medium selective?", "")
    assert order_records([entry, body], [entry, body], query, CONFIG.answer_type_ratio) == [body, entry]
    cites = Query("Which paper tested antibiotic resistance?", "", asks_publication=True, mentions_publication=True)
    assert order_records([entry, body], [entry, body], cites, CONFIG.answer_type_ratio)[0] == entry


def test_people_asked_of_no_paper_are_not_answered_by_an_entry_s_authors_alone():
    """An entry's author list names who wrote a work: "Who won the 2023 Nobel Prize …?" is not answered by a
    2023 entry no sentence cites; the text naming people is, and a question about a work keeps the entry."""
    entry = sentence("Andrew D White. The future of chemistry is language. Nat. Rev. Chem., 7:457, 2023.", 0.9,
                     kind="reference", paragraph=49)
    who = Query("Who won the 2023 Nobel Prize in Chemistry?", "", answer_types=(PERSON,), asks_people=True)
    assert order_records([entry], [entry], who, CONFIG.answer_type_ratio) == []
    body = sentence("Bawendi, Brus and Ekimov were honoured for quantum dots.", 0.5, start=500)
    assert order_records([entry, body], [entry, body], who, CONFIG.answer_type_ratio) == [body]
    wrote = dataclasses.replace(who, question="Who wrote the 2023 essay on the future of chemistry?",
                                asks_publication=True, mentions_publication=True)
    assert order_records([entry], [entry], wrote, CONFIG.answer_type_ratio) == [entry]


def test_two_values_asked_at_once_are_answered_by_a_sentence_stating_both_however_it_scores():
    """"How many steps and what overall yield …": the close sentences state neither, a lower one of the same
    document states both; one stating only one of them, or one from another document, does not answer."""
    asked = expected_types("How many steps and what overall yield did the synthesis have?")
    assert len([t for t in asked if not t.preferred]) == 2
    best = sentence("In 2011, the first enantioselective synthesis of stachyflin was reported.", 0.9)
    both = sentence("The synthesis proceeded in 25 steps with an overall yield of 2.6%.", 0.4, start=300)
    other = sentence("Its route took 12 steps with an overall yield of 5%.", 0.4, start=600, doc="other")
    assert keep_asked_types([best, both, other], asked, CONFIG.answer_type_ratio) == [both]
    one = sentence("The synthesis proceeded in 25 steps.", 0.4, start=300)
    assert keep_asked_types([best, one], asked, CONFIG.answer_type_ratio) == []


def test_values_asked_at_once_are_answered_by_the_run_of_lines_after_the_best_that_together_state_them():
    """A compound's entry gives its data a line each: the heading matches best, the lines after it state the
    yield and the melting point between them; a run stating only one of them does not answer."""
    asked = expected_types("What yield and melting point are given for the dihydrooxazole 2e?")
    heading = sentence("(2-(4-Methoxyphenyl)-4,5-dihydrooxazol-5-yl)methyl tosylate (2e).", 0.9)
    solid = sentence("White solid (42 mg, 39%).", 0.3, start=70, continues=heading.spans)
    melting = sentence("M.p. 105−106 °C.", 0.3, start=100, continues=solid.spans)
    melting = dataclasses.replace(melting, continuation=False)
    solid = dataclasses.replace(solid, continuation=False)
    assert keep_asked_types([heading, solid, melting], asked, CONFIG.answer_type_ratio) == [solid, melting]
    assert keep_asked_types([heading, solid], asked, CONFIG.answer_type_ratio) == []


def test_a_qualified_quantity_is_not_answered_by_another_of_its_type():
    question = "What is the glass transition temperature of the polymer?"
    query_types = expected_types(question)
    deposition = sentence("The films were deposited at 300 °C on quartz.", 0.9)
    transition = sentence("A glass transition at 120 °C was seen by DSC.", 0.85, start=100)
    assert keep_asked_types([deposition], query_types, CONFIG.answer_type_ratio, ("glass", "transition")) == []
    assert keep_asked_types([deposition, transition], query_types, CONFIG.answer_type_ratio,
                            ("glass", "transition")) == [transition]


def test_a_value_stated_of_another_thing_of_the_kind_asked_is_not_its_answer():
    asked = ("cazrs3",)
    other = sentence("Wei et al. made Hall measurements on BaZrS3 films and found mobilities up to 13.7 cm2/Vs.", 0.9)
    named = sentence("Hall mobilities of CaZrS3 and BaZrS3 films were both near 10 cm2/Vs.", 0.8)
    after = dataclasses.replace(sentence("Their Hall mobility reached 13.7 cm2/Vs.", 0.8), before="CaZrS3 films were grown.")
    unnamed = sentence("The Hall mobility of such films reached 13.7 cm2/Vs.", 0.7)
    assert name_shape("bazrs3") == name_shape("cazrs3") != name_shape("cazrs")
    assert names_another_instead(asked, other)
    assert not any(names_another_instead(asked, s) for s in (named, after, unnamed))
    # a name without a number is not compared: flattened, "PbS" has the shape of any three-letter name
    assert not names_another_instead(("pbs",), sentence("The KBr pellets were pressed at 10 t.", 0.9))


def test_the_asked_quantity_of_another_thing_is_not_its_answer():
    """"What is the melting point of BaZrS3?" is not answered by the melting point of BaS3 (another formula:
    not of the shape of the asked name) nor of CaZrS3 (of its shape), but may be by a sentence giving it "for
    BaZrS3" or naming no other thing after the quantity."""
    from assistant.answer import quantity_of_another

    query = Query("What is the melting point of BaZrS3?", "", quantity="point", identifiers=("bazrs3",),
                  chemical_formulas=("bazrs3",))
    of_another = [sentence("It may relate to the melting point of BaS3 being relatively low, 554 °C.", 0.9),
                  sentence("The melting point for CaZrS3 films is 1200 °C.", 0.9)]
    answering = [sentence("The melting point of BaZrS3 has not been measured above 1500 °C.", 0.9),
                 sentence("Its melting point is about 1800 °C.", 0.9)]
    assert all(quantity_of_another(query, s) for s in of_another)
    assert not any(quantity_of_another(query, s) for s in answering)
    assert not quantity_of_another(Query("What is the melting point?", "", quantity="point"), of_another[0])


LONG = ("A solution of substrate 1 (0.3 mmol, 1 equiv) and tosylic acid (0.75 mmol) in HFIP (4 mL) was prepared, "
        "stirred for ten minutes at room temperature under argon, and then electrolyzed in an undivided cell "
        "equipped with a graphite anode and a platinum cathode, under a constant current of 5 mA, for 4.8 h at 25 °C; "
        "the mixture was then diluted with dichloromethane, washed with water and brine, dried over sodium sulfate, "
        "and concentrated under reduced pressure to give the crude product.")


def _clip(question: str, asked: str = "", max_chars: int = 200):
    from assistant.answer import clip_long
    from assistant.text import Tokenizer

    tokenize = Tokenizer()
    source = "Intro. " + LONG
    whole = dataclasses.replace(sentence(LONG, 1.0, start=7), spans=((7, len(source)),))
    focus = set(tokenize(question))
    required = tuple(t for t in expected_types(asked or question) if not t.preferred)
    return source, clip_long(whole, source, focus, {t: 1.0 for t in focus}, required, max_chars, tokenize)


def test_a_sentence_too_long_to_quote_is_cut_to_the_clauses_holding_the_question():
    source, clipped = _clip("Which anode and cathode were in the undivided cell?")
    (start, end), = clipped.spans
    quoted = source[start:end]
    assert "graphite anode and a platinum cathode" in quoted and len(quoted) <= 200 - len(" … …")
    assert clipped.elided == (True, True) and clipped.text == quoted


def test_the_cut_keeps_the_asked_value_and_a_short_sentence_stays_whole():
    asked = "What current density was applied?"
    assert [t.name for t in expected_types(asked)] == ["current density"]
    _, clipped = _clip("Which current was applied to the undivided cell with the graphite anode?", asked)
    assert "5 mA" in clipped.text
    _, whole = _clip("How long was it electrolyzed?", max_chars=1000)
    assert whole.elided == (False, False) and whole.text == LONG


def test_a_sentence_whose_answer_no_cut_holds_is_quoted_whole():
    """The clauses that fit hold few of the question's words it holds: a cut there would answer less."""
    _, clipped = _clip("What was done with the tosylic acid, the graphite anode and the brine?", max_chars=60)
    assert clipped.elided == (False, False) and clipped.text == LONG


def test_a_cut_never_ends_on_the_colon_announcing_what_it_cuts_off():
    """"… are as follows: in chloroform: r = 0,51; in acetone: r = 0,43 …": a cut ending "in acetone:" quotes the
    question's words without the value they announce; it ends before them or runs on past the value."""
    from assistant.answer import clip_long
    from assistant.text import Tokenizer

    tokenize = Tokenizer()
    text = ("The reactivity ratios obtained by the Kelen-Tudos method for the copolymerization of the acid with "
            "styrene are as follows: in carbon tetrachloride: r = 0,54 and 0,06; in chloroform: r = 0,51 and 0,08; "
            "in acetone: r = 0,43 and 0,12; in dioxane: r = 0,37 and 0,22.")
    whole = dataclasses.replace(sentence(text, 1.0), spans=((0, len(text)),))
    focus = set(tokenize("What reactivity ratio was obtained by the Kelen-Tudos method in acetone?"))
    for max_chars in range(150, 200, 5):
        cut = clip_long(whole, text, focus, {t: 1.0 for t in focus}, (), max_chars, tokenize)
        assert not cut.text.rstrip().endswith(":"), (max_chars, cut.text)


def test_a_listing_too_long_to_quote_is_cut_to_the_signal_described():
    """An NMR listing shares no word with "the two-proton singlet": the cut holds the signal whose multiplicity
    and integration the question describes, wherever it stands in the listing."""
    from assistant.answer import clip_long
    from assistant.answer_types import asked_signal
    from assistant.text import Tokenizer

    tokenize = Tokenizer()
    text = ("¹H NMR (400 MHz, CDCl₃) δ 7.90 (s, 1H), 7.80 (d, J = 8.1 Hz, 1H), "
            + ", ".join(f"{7.7 - 0.1 * i:.2f} (m, 2H)" for i in range(14)) + ", 3.53 (s, 2H), 2.41 (s, 3H) ppm.")
    whole = dataclasses.replace(sentence(text, 1.0), spans=((0, len(text)),))
    question = "At what chemical shift does the two-proton singlet of the benzylic CH2 group of 2t appear?"
    focus = set(tokenize(question))

    def clipped(asked: str):
        return clip_long(whole, text, focus, {t: 1.0 for t in focus}, (), 200, tokenize, asked_signal(asked)).text

    assert "3.53 (s, 2H)" in clipped(question) and len(clipped(question)) <= 200
    assert "7.80 (d, J = 8.1 Hz, 1H)" in clipped("Where is the doublet of the aryl CH proton of 2t?")


def test_a_long_entry_line_is_cut_to_the_data_of_the_technique_asked():
    """"Which signal in the 13C{1H} NMR data of 2c lies below 100 ppm?" of a line listing the ¹H signals, then
    the ¹³C ones: the cut opens at the ¹³C label and holds its listing, which shares no word with the question."""
    from assistant.answer import clip_long
    from assistant.answer_types import asked_techniques
    from assistant.text import Tokenizer

    tokenize = Tokenizer()
    text = ("Purified by flash column chromatography. ¹H NMR (400 MHz, CDCl₃) δ "
            + ", ".join(f"{7.7 - 0.1 * i:.2f} (m, 2H)" for i in range(14))
            + " ppm. ¹³C{¹H} NMR (101 MHz, CDCl₃) δ 163.2, 145.3, 137.7, 98.7, 76.5, 21.8 ppm."
            + " HRMS (ESI) Calcd for C17H17INO4S+ 457.9917, found 457.9920.")
    whole = dataclasses.replace(sentence(text, 1.0), spans=((0, len(text)),))
    question = "Which aromatic carbon signal in the 13C{1H} NMR data of 2c lies below 100 ppm?"
    focus = set(tokenize(question))
    cut = clip_long(whole, text, focus, {t: 1.0 for t in focus}, (), 200, tokenize,
                    techniques=asked_techniques(question))
    assert cut.text.startswith("¹³C{¹H} NMR") and "98.7" in cut.text and "HRMS" not in cut.text
    assert cut.elided == (True, True)


@pytest.mark.parametrize("text, continues", [
    ("However, its activity fell.", True),
    ("For this reason, the cluster escaped the prediction.", True),
    ("Under these conditions the yield rose to 80%.", True),
    ("As a result, the bandgap narrows.", True),
    ("This constraint arises from the quadratic cost.", True),
    ("Unlike nanoparticles, they show discrete levels.", True),
    ("The latter was isolated in 40% yield.", True),
    ("We attribute this to the higher viscosity of the solution.", True),
    ("The dots were suspended in tetrachloroethylene for these measurements.", True),  # pointing back at its end
    ("The dots were suspended in these solvents and in toluene.", False),
    ("We found that the yield doubled.", False),
    ("Thermal stability was tested at 300 °C.", False),
    ("In 2009 the compound was isolated.", False),
    ("For the synthesis, 2 mmol of 1a was used.", False),
    ("Hereby we report a new catalyst.", False),
])
def test_a_sentence_pointing_back_continues_the_one_before(text, continues):
    assert continues_previous(text) is continues


def test_a_long_sentence_without_a_clause_break_that_fits_is_cut_between_phrases():
    from assistant.answer import clip_long
    from assistant.text import Tokenizer

    tokenize = Tokenizer()
    text = ("The proposal rests on experiments with a different enzyme called rebeccamycin halogenase with a known "
            "crystal structure which shares 55% sequence identity with tryptophan 7-halogenase and catalyzes the "
            "same overall reaction of chlorination of tryptophan at its seventh carbon atom, but as a part of "
            "the biosynthetic pathway of rebeccamycin in a bacterium that makes it.")
    whole = dataclasses.replace(sentence(text, 1.0), spans=((0, len(text)),))
    question = "What sequence identity does rebeccamycin halogenase share with tryptophan 7-halogenase?"
    focus = set(tokenize(question))
    required = tuple(t for t in expected_types(question) if not t.preferred)
    clipped = clip_long(whole, text, focus, {t: 1.0 for t in focus}, required, 200, tokenize)
    assert "55% sequence identity" in clipped.text and len(clipped.text) <= 200 - len(" … …")
    assert clipped.elided[1]  # cut before "and catalyzes …" or later: there is no comma before it


def test_a_cut_stating_the_asked_value_answers_however_few_other_words_it_holds():
    asked = "At what temperature was it electrolyzed?"
    assert [t.name for t in expected_types(asked)] == ["temperature"]
    _, clipped = _clip("What was done with the tosylic acid, the graphite anode and the brine, and at what "
                       "temperature was the constant current applied?", asked, max_chars=60)
    assert "25 °C" in clipped.text and clipped.elided == (True, True)


def test_a_name_asked_with_a_value_may_stand_beside_it_in_the_sentence_after_the_best_match():
    """"At what temperature and in which solvent …": the best match says what was done, the next sentence
    both values; its solvent counts there because a value asked stands beside it, and the best match is the
    evidence for answering."""
    asked = expected_types("At what temperature and in which solvent was the cycloaddition of betaine 238 run?")
    assert [t.name for t in asked] == ["temperature", "solvent"]
    best = sentence("Betaine 238 served as the substrate for the following cycloaddition.", 1.0)
    after = dataclasses.replace(sentence("Carrying out the reaction at 180 °C in tetrahydrofuran gave 241.", 0.26,
                                         start=100), follows=best.spans, evidence=0.2)
    named_only = dataclasses.replace(sentence("The adduct was dissolved in tetrahydrofuran.", 0.25, start=200),
                                     follows=after.spans)
    kept = keep_asked_types([best, after, named_only], asked, CONFIG.answer_type_ratio)
    assert kept == [after]
    assert answer_evidence(kept, [best, after, named_only]) == best.evidence
    # a line further on in the run after the best match too (a compound's entry: its heading, "White solid …",
    # "M.p. 102−103 °C."); a sentence elsewhere has its own evidence
    assert answer_evidence([named_only], [best, after, named_only]) == best.evidence
    elsewhere = sentence("The adduct was dissolved in tetrahydrofuran.", 0.25, start=900)
    assert answer_evidence([elsewhere], [best, after, elsewhere]) == elsewhere.evidence


def test_a_preferred_type_in_the_sentence_after_the_best_match_does_not_lift_it():
    """A value asked may stand in the sentence after the best match; a reason marker there ("can lead to") is
    no reason: the best match stays first."""
    asked = expected_types("Why does every single atom matter for a cluster's behaviour?")
    assert [t.name for t in asked] == ["reason"]
    best = sentence("The number of atoms in a cluster is limited to several hundreds, making each atom crucial.", 1.0)
    after = dataclasses.replace(sentence("Even subtle changes in composition can lead to drastic changes.", 0.4,
                                         start=100), follows=best.spans)
    assert keep_asked_types([best, after], asked, CONFIG.answer_type_ratio)[0] == best
    # the sentence continuing it does: "We attribute this to …"
    premise = sentence("A large excess of lead chloride slows nucleation.", 1.0)
    cause = dataclasses.replace(sentence("We attribute this to the higher viscosity of the solution.", 0.4,
                                         start=100), follows=premise.spans, continuation=True)
    assert keep_asked_types([premise, cause], asked, CONFIG.answer_type_ratio)[0] == cause


def test_the_word_share_does_not_depend_on_the_order_the_words_are_summed_in():
    """A set's order changes with the hash seed; the share is summed exactly, so two cuts holding the same words
    tie whatever that order (0.1 + 0.2 + 0.3 is 0.6000000000000001 one way round, 0.6 another)."""
    import math

    from assistant.index import idf_share

    idf = {"a": 0.1, "b": 0.2, "c": 0.3, "d": 0.7}
    expected = math.fsum([0.1, 0.2, 0.3]) / math.fsum([0.1, 0.2, 0.3, 0.7])
    assert idf_share({"a", "b", "c"}, {"a", "b", "c", "d"}, idf) == expected
    assert idf_share({"c", "b", "a"}, {"d", "c", "b", "a"}, idf) == expected


def test_an_unmistakable_type_answers_from_any_sentence_of_the_best_ones_document():
    """An e-mail address cannot be mistaken: asked with the corresponding author, the line giving it answers
    beside the byline however poorly it matches; a line of another document that matches as poorly does not."""
    asked = expected_types("Who is the corresponding author of the review, and what is the contact e-mail?")
    assert {t.name for t in asked} == {"person", "email"}
    byline = sentence("Kostiantyn V. Sopiha, Corrado Comparotto and Jonathan J. S. Scragg", 1.0, kind="metadata")
    contact = sentence("Uppsala University, Sweden. E-mail: jonathan.scragg@angstrom.uu.se", 0.3, start=500)
    elsewhere = sentence("Correspondence: someone@example.org", 0.3, start=0, doc="other")
    kept = keep_asked_types([byline, elsewhere, contact], asked, CONFIG.answer_type_ratio)
    assert kept[0] == contact and byline in kept and elsewhere not in kept  # the e-mail line leads the names
    # nor does a paper's record, though "the corresponding author of the review" speaks of a paper
    query = Query("Who is the corresponding author of the review, and what is the contact e-mail?", "",
                  answer_types=asked, asks_publication=True)
    assert order_records(kept, kept, query, CONFIG.answer_type_ratio)[0] == contact


def test_a_line_giving_the_e_mail_asked_answers_for_the_person_named_by_initials_in_it():
    """"To whom should correspondence be addressed, and what e-mail addresses are given?": the line giving
    them names the people by initials, which read as no names; the e-mail stated answers both."""
    asked = expected_types("To whom should correspondence be addressed for the paper, and what e-mail addresses "
                           "are given?")
    line = sentence("Correspondence should be addressed to T.G.K.-C. (email: tatyanak@mtu.edu)", 0.4, start=90)
    other = sentence("The QM/MM calculations were run on a cluster.", 1.0)
    assert keep_asked_types([other, line], asked, CONFIG.answer_type_ratio) == [line]


def test_a_quantity_asked_by_name_is_found_a_few_sentences_on_in_a_compounds_data():
    """The melting point stands two sentences after the compound's name; another compound's, further on in
    the listing, or a value not named so ("82 mg") does not answer."""
    asked = expected_types("What melting point is reported for the dihydrooxazole 2f?")
    name = sentence("Methyl 4-(5-((tosyloxy)methyl)-4,5-dihydrooxazol-2-yl)benzoate (2f).", 1.0)
    solid = dataclasses.replace(sentence("Pale-yellow solid (82 mg, 70%).", 0.3, start=70), follows=name.spans)
    melts = dataclasses.replace(sentence("M.p. 163-164 °C.", 0.4, start=110), follows=solid.spans)
    qualifiers = ("melting",)
    assert keep_asked_types([name, melts, solid], asked, CONFIG.answer_type_ratio, qualifiers) == [melts]
    unnamed = dataclasses.replace(melts, text="It was dried at 60 °C.", words=frozenset({"it", "was", "dried"}))
    assert keep_asked_types([name, unnamed, solid], asked, CONFIG.answer_type_ratio, qualifiers) == []


def test_a_compound_entry_asked_about_answers_with_its_data_lines():
    """"What melting point is reported for 2e?": the best sentence is the heading of 2e's entry in the
    experimental section; the line under it stating a temperature answers, then those holding words asked; the
    next compound's lines do not."""
    heading = sentence("(2-(4-Methoxyphenyl)-4,5-dihydrooxazol-5-yl)methyl 4-methylbenzenesulfonate (2e).", 0.9,
                       words="methoxyphenyl dihydrooxazol methyl methylbenzenesulfon 2e")
    solid = sentence("White solid (42 mg, 39%).", 0.3, start=100, words="white solid 42 mg 39")
    melting = sentence("M.p. 105−106 °C.", 0.2, start=130, words="m p 105 106 c")
    nmr = sentence("Purified by flash column chromatography. 19F NMR (376 MHz, CDCl3) δ −62.8 ppm.", 0.25, start=150,
                   words="purifi flash column chromatographi 19f nmr 376 mhz cdcl3 62 8 ppm")
    next_heading = sentence("(2-Phenyl-4,5-dihydrooxazol-5-yl)methyl 4-methylbenzenesulfonate (2f).", 0.6, start=300,
                            words="phenyl dihydrooxazol methyl methylbenzenesulfon 2f")
    next_melting = sentence("M.p. 127−128 °C.", 0.4, start=380, words="m p 127 128 c")
    scored = [heading, next_heading, next_melting, solid, nmr, melting]
    asked = Query("What melting point is reported for 2e?", "", compounds=("2e",),
                  answer_types=expected_types("What melting point is reported for 2e?"))
    assert entry_data_first([heading, next_melting], scored, asked)[:3] == [melting, solid, nmr]
    shift = Query("What 19F NMR shift is reported for 2e?", "", compounds=("2e",), tokens=("19f", "nmr", "shift", "2e"))
    assert entry_data_first([heading], scored, shift)[0] == nmr
    # the technique named ("high-resolution mass spectrometry") picks its line where every line states a value
    hrms = sentence("HRMS (ESI) Calcd for C18H20NO4S+ [M + H]+ 346.1108, found 346.1113.", 0.1, start=250,
                    words="hrms esi calcd c18h20no4s m h 346 1108 found 346 1113")
    mass = Query("What [M + H]+ value did high-resolution mass spectrometry find for 2e?", "", compounds=("2e",),
                 tokens=("valu", "high", "resolut", "mass", "spectrometri", "find", "2e"),
                 answer_types=expected_types("What [M + H]+ value did high-resolution mass spectrometry find for 2e?"),
                 techniques=asked_techniques("What [M + H]+ value did high-resolution mass spectrometry find for 2e?"))
    assert entry_data_first([heading], scored + [hrms], mass)[0] == hrms
    assert entry_data_first([heading], scored + [hrms], dataclasses.replace(mass, techniques=()))[0] != hrms
    # another compound asked, no compound named, or the best sentence outside the entry: the order stays
    for query in (dataclasses.replace(asked, compounds=("2g",)), dataclasses.replace(asked, compounds=())):
        assert entry_data_first([heading, next_melting], scored, query) == [heading, next_melting]
    outside = sentence("The yield of 2e was low because of the electron-rich arene.", 1.0, start=900, paragraph=2)
    assert entry_data_first([outside, heading], scored + [outside], asked) == [outside, heading]
    # a general sentence first ("Chemical shifts δ were given in ppm …"), naming no compound asked and stating
    # no type asked: the entry of the compound asked, among the sentences scored, goes before it
    general = sentence("Chemical shifts δ were given in ppm relative to TMS.", 1.0, start=900, paragraph=2,
                       words="chemic shift δ given ppm relat tms")
    assert entry_data_first([general, heading], scored + [general], shift)[0] == nmr
    discussed = dataclasses.replace(general, text="The shift of 2e is typical.")
    assert entry_data_first([discussed, heading], scored + [discussed], shift) == [discussed, heading]
    # a heading whose label's "x" printed as "×" opens the entry of 2x all the same
    crossed = dataclasses.replace(heading, text=heading.text.replace("(2e)", "(2×)"))
    assert entry_data_first([crossed], [crossed, solid, melting, nmr, next_heading],
                            dataclasses.replace(asked, compounds=("2x",)))[0] == melting


def test_a_sentence_stating_two_asked_types_is_kept_once():
    """"What amount and melting point …?": "M.p. 112−113 °C." two lines past the best match states a value and a
    temperature; it answers once, not once per type."""
    question = "What amount and melting point were reported for the product?"
    asked = expected_types(question)
    assert len(asked) == 2
    best = sentence("The product was made from the amide.", 1.0)
    solid = dataclasses.replace(sentence("Pale-yellow solid.", 0.3, start=40), follows=best.spans)
    melting = dataclasses.replace(sentence("M.p. 112−113 °C.", 0.2, start=60), follows=solid.spans)
    kept = keep_asked_types([best, solid, melting], asked, CONFIG.answer_type_ratio, ("melting",))
    assert kept.count(melting) == 1


@pytest.mark.parametrize("row, key", [
    ("8\t[Ph₃C][B(C₆F₅)₄]\t1340\t87\t84\t21.1/50.1", "[Ph₃C][B(C₆F₅)₄]"),  # after the entry's number
    ("9\t[Ph₃C][B(C₆F₅)₄]^{c}\t2910\t99", "[Ph₃C][B(C₆F₅)₄]"),  # its footnote mark is no part of it
    ("12\t[^{n}Bu₄N]Cl\t380\t34", "[nBu₄N]Cl"),  # a superscript within it is
    ("Acetonitrile\t31,56\t13 630\t5,26", "Acetonitrile"),
    ("7 2_{CaCo}\t370 75\t>99", "7 2CaCo"),  # the number read into the cell with it
    ("12\t0.5\t3.1", ""),  # numbers only
    ("Determined by ¹H NMR.", ""),  # a note: one cell
])
def test_a_rows_key_is_its_first_cell_with_letters(row, key):
    assert row_key(row) == key


@pytest.mark.parametrize("line, banner", [
    ("EDGE ARTICLE", True), ("Research review paper", True), ("pubs.acs.org/joc Article", True), ("Review", True),
    ("A PREPRINT", True), ("Open Access", False), ("Chemical Science", False),
    ("This article is licensed under a Creative Commons Attribution 3.0 Unported Licence.", False),
])
def test_a_banner_names_the_article_type_in_a_few_words(line, banner):
    assert is_banner(line) is banner


CAPTION = ("Figure 9. a,b) Comparisons of absorption coefficients of several chalcogenide perovskites. c) Experimental "
           "data of external and internal luminescence efficiencies for SrZrS3. d) Components of the dielectric response "
           "in BaZrS3. (c) Reproduced with permission.")


def _captioned(text: str):
    """A caption's sentence, in chunk 0 of document "d", and a stand-in for the index holding it."""
    from types import SimpleNamespace

    caption = dataclasses.replace(sentence(text, 1.0, kind="caption"), chunk_id=0)
    index = SimpleNamespace(chunks=[SimpleNamespace(text=CAPTION)], documents={"d": SimpleNamespace(source=text)})
    return caption, index


@pytest.mark.parametrize("question, part", [
    ("What does panel c of Figure 9 present?", "c) Experimental data of external and internal luminescence efficiencies for SrZrS3."),
    ("What is shown in Figure 9d?", "d) Components of the dielectric response in BaZrS3."),
    ("What do panels A and B of Figure 9 compare?", "a,b) Comparisons of absorption coefficients of several chalcogenide perovskites."),
])
def test_the_part_of_a_caption_a_panels_mark_opens_answers_for_that_panel(question, part):
    caption, index = _captioned(CAPTION)
    other = sentence("The perovskites absorb strongly.", 0.5, start=500)
    cut = panel_first([caption, other], Query(question, "", panels=panels_named(question), labels=labels_named(question)), index)
    assert cut[0].text == part and cut[0].elided == (True, True) and cut[1:] == [other]
    assert CAPTION[slice(*cut[0].spans[0])] == part  # a quotation of the caption: its own characters


def test_a_caption_without_the_asked_panels_mark_or_a_text_sentence_stays_as_it_is():
    question = "What does panel c of Figure 9 show?"
    asked = Query(question, "", panels=("c",), labels=(("figure", "9"),))
    # a mark pointing back within the text opens no part: "absorbance (b) and fluorescence emission (c) spectra"
    inline, index = _captioned("Solvent-dependent UV/Vis absorbance (b) and fluorescence emission (c) spectra of indigo.")
    assert panel_first([inline], asked, index) == [inline]
    body = dataclasses.replace(sentence("Panel c shows the luminescence efficiencies.", 1.0), chunk_id=0)
    assert panel_first([body], asked, index) == [body]
    # no panel asked: the caption is quoted as chosen
    caption, index = _captioned(CAPTION)
    assert panel_first([caption], Query("What does Figure 9 show?", "", labels=(("figure", "9"),)), index) == [caption]


def test_the_papers_citation_read_into_the_text_is_found_to_its_pages():
    """A scan's running head glued to the column beside it: the journal and year read from it find it, and the
    quotation ends with its pages, not the text after them."""
    line = "J. Am. Chem. Soc. 1991, 113, 8889-8898 of the donor is 0-2 kcal/mol below that of the acceptor"
    assert cited_as("J. Am. Chem. Soc.", "1991").search(line).group() == "J. Am. Chem. Soc. 1991, 113, 8889-8898"
    assert cited_as("J. Am. Chem. Soc.", "1990").search(line) is None  # another year: another paper's citation


def test_the_sentence_naming_an_author_asked_by_initials_goes_first():
    """"What was Adrian Mulholland's contribution …?": the author contributions name him "A.J.M.", a sentence
    sharing no word with the question but what it says of him; it goes before the better-matching ones."""
    from assistant.answer import initials_first

    thanks = sentence("The authors thank Dr. P. Charlesworth for proof-reading the manuscript.", 0.6)
    others = sentence("T.K.C. and J.T. designed the study and performed the simulations.", 0.5, start=80)
    his = sentence("A.J.M. designed the study, discussed the results and revised the manuscript.", 0.4, start=150)
    asked = Query("What was Adrian Mulholland's contribution to the study?", "", initials=("AM",))
    assert initials_first([thanks, others, his], asked) == [his, thanks, others]
    assert initials_first([thanks, others, his], dataclasses.replace(asked, initials=())) == [thanks, others, his]


def test_the_entries_of_a_compound_asked_are_its_lines_under_each_heading_in_the_text_s_order():
    """"What yield of 7b …?" when keep_asked_types keeps nothing: 7b's preparation, then its X-ray analysis,
    each from its heading to the next compound's; a heading the question does not name is no entry of it."""
    from assistant.answer import compound_entries

    made = sentence("Preparation of Cp2TiN=C(1-adamantyl)CH2C(CH3)2O (7b).", 0.44, start=0, paragraph=3)
    amount = sentence("Removal of volatiles afforded 0.0847 g (88.5%) of 7b as a dark-red solid.", 0.29, start=60,
                      paragraph=3)
    other = sentence("Preparation of Cp2TiN=C(CH3)CH2C(CH3)2O (7c).", 0.2, start=140, paragraph=3)
    theirs = sentence("Removal of volatiles afforded 0.0612 g (75%) of 7c.", 0.1, start=190, paragraph=3)
    xray = sentence("X-ray Analysis of Cp2TiN=C(1-adamantyl)CH2C(CH3)2O (7b).", 0.48, start=900, paragraph=9)
    scan = sentence("Each background was counted for 50.0% of the total scan time.", 0.3, start=960, paragraph=9)
    scored = [xray, made, scan, amount, other, theirs]
    assert list(compound_entries(scored, ("7b",))) == [[amount], [scan]]
    assert list(compound_entries(scored, ("9a",))) == []


@pytest.mark.parametrize("question, name, assigned", [
    ("At what shift does the N–CH2 doublet of 2c appear?", "nch2", True),
    ("What 1H NMR shift has the singlet of the methyl group on the quaternary C5?", "c5", True),
    ("What IC50 does K252a have?", "k252a", False),  # a thing a value is of, no signal
])
def test_the_atom_or_group_an_nmr_signal_is_assigned_to_is_no_thing_a_listing_must_name(question, name, assigned):
    query = analyze(question, [], Library(()))
    assert (name in query.identifiers) and signal_assignment(query, name) is assigned


@pytest.mark.parametrize("text, another", [
    ("With an 8:1 Pb:S ratio, the monodisperse growth occurred until about 1600 nm.", True),
    ("For a 4:1 precursor ratio, growth reached a peak wavelength value near 1400 nm.", False),
    ("For a 4 : 1 ratio and an 8:1 ratio, the peaks lay near 1400 and 1600 nm.", False),
    ("The monodisperse growth occurred until about 1600 nm.", False),  # no ratio: not another's
])
def test_a_sentence_stating_only_other_ratios_than_the_one_asked_is_another_runs(text, another):
    query = analyze("Up to what wavelength did growth stay monodisperse with a 4:1 Pb:S ratio?", [], Library(()))
    assert states_another_ratio(query, sentence(text, 1.0)) is another


@pytest.mark.parametrize("text, before, another", [
    ("(2-Phenyl-4,5-dihydrooxazol-5-yl)methyl tosylate (2a) was isolated in 91% yield.", "", True),
    ("The fluorinated product 2n was isolated in 43% yield.", "", False),
    ("Thick pale-yellow oil (45 mg, 43%).", "(2-(2-Fluorophenyl)-4,5-dihydrooxazol-5-yl)methyl tosylate (2n).", False),
    # the substrate of another series is named where the product's work-up is given
    ("The mixture was treated with sat. aq. Na2S2O3 (50 mL).", "A solution of amide 1a (1.61 g) was electrolysed.",
     False),
    ("The yields were high throughout (Table 2).", "", False),  # no compound named: not another's
])
def test_a_value_stated_of_another_compound_of_the_series_asked_is_not_its_answer(text, before, another):
    """"What yield of 2n …?" is not answered by the yield of 2a, a compound of the same series (answer.names_another_compound)."""
    query = analyze("In what yield was the 2-fluorophenyl dihydrooxazole 2n isolated?", [], Library(()))
    assert query.compounds == ("2n",)
    assert names_another_compound(query.compounds, dataclasses.replace(sentence(text, 1.0), before=before)) is another


@pytest.mark.parametrize("question, naming, other", question_rules()["institution_places"]["examples"])
def test_the_affiliation_naming_the_place_asked_goes_first(question, naming, other):
    """"Which Italian university took part …?": of the affiliations stating an institution, the one naming Italy
    goes first (answer.place_first); a question naming no place leaves the order."""
    from assistant.answer import place_first

    query = analyze(question, [], Library(()))
    first, second = sentence(other, 0.9, kind="metadata"), sentence(naming, 0.8, kind="metadata")
    assert place_first([first, second], query) == [second, first]
    for unplaced in ("Which university took part in the study?",  # no qualifier, and one that is no place:
                     "Which chemistry department of the Faculty of Chemistry are the authors listed under?"):
        assert place_first([first, second], analyze(unplaced, [], Library(()))) == [first, second]


def test_a_property_asked_by_its_degree_is_answered_only_by_a_paper_writing_it():
    """"How toxic are PbS quantum dots to living cells?" of a paper writing neither "toxic" nor "toxicity" is
    refused, whatever it says of the dots; "How pure are the bromoindoles?" of one writing "purity" is not
    (``Query.degree``)."""
    from types import SimpleNamespace

    from assistant.answer import uses_asked_terms

    def index_lacking(*words):
        return SimpleNamespace(uses=lambda doc_id, term: term not in words, writes_acronym=lambda doc_id, acronym: True,
                               mentions=lambda doc_id, name: True, writes_number_near=lambda chunk_id, number: False)

    dots = sentence("Further, PbS is the highest-performing material used in quantum dot solar cells.", 0.9)
    toxic = analyze("How toxic are PbS quantum dots to living cells?", [], Library(()))
    assert not uses_asked_terms(toxic, index_lacking("toxic", "toxicity", "toxity", "toxicness"), dots)
    assert uses_asked_terms(toxic, index_lacking("toxic"), dots)  # "toxicity" written
    pure = analyze("How pure are the bromoindoles after desalting?", [], Library(()))
    assert uses_asked_terms(pure, index_lacking("pure", "pureness"), dots)  # "purity" written


def test_a_pair_typed_with_a_dash_is_named_by_its_parts_where_the_paper_never_writes_it_whole():
    """"How long is the HOCl–E346 hydrogen bond?" of a paper writing "between HOCl and the carboxyl group of E346":
    the dash pairs two things, so E346 named is enough (``Query.pair_parts``, ``answer.named_as``); a name whose
    parts a paper writes joined ("PTDH–mFMO", a fusion enzyme) is still asked whole."""
    from types import SimpleNamespace

    from assistant.answer import named_as, uses_asked_terms

    query = analyze("How long is the HOCl–E346 hydrogen bond in the free energy reactant?", [], Library(()))
    assert query.identifiers == ("hocle346",) and query.pair_parts == (("hocle346", ("e346",)),)
    apart = SimpleNamespace(mentions=lambda doc_id, name: name == "e346", uses=lambda doc_id, term: True,
                            writes_acronym=lambda doc_id, acronym: True, writes_number_near=lambda chunk_id, n: False)
    assert named_as(query, apart, "qmmm") == ("e346",)
    stated = sentence("An additional hydrogen bond of 1.9 Å between HOCl and the carboxyl group of E346 is found.", 0.9)
    assert uses_asked_terms(query, apart, stated)
    fused = analyze("How stable is the PTDH–mFMO fusion enzyme?", [], Library(()))
    joined = SimpleNamespace(mentions=lambda doc_id, name: name == "ptdhmfmo")
    assert named_as(fused, joined, "aryl") == ("ptdhmfmo",)
    assert named_as(analyze("What is the K79 distance?", [], Library(())), joined, "aryl") == ("k79",)


def test_the_affiliations_asked_of_a_paper_come_in_the_order_it_prints_them():
    """"Where was the work carried out?", no author named: the first affiliation printed is the work's, before a
    co-author's that matched better (answer.affiliations_in_order); "Where is Okuda based?" keeps the order
    the scores gave, as his may be any of them, as does a question naming the institution."""
    from assistant.answer import affiliations_in_order
    from assistant.query import LibraryDocument

    library = Library((LibraryDocument("halide-paper", "Halide Exchange in Perovskite Nanocrystals", ("Nagae", "Okuda")),))
    first = sentence("Department of Chemistry, University of Oregon, Eugene, Oregon 97403.", 0.1, start=0,
                     kind="metadata")
    second = sentence("Department of Chemistry, University of California, Davis, California 95616.", 0.2, start=80,
                      kind="metadata")
    work = analyze("Where was the halide exchange work carried out?", [], library)
    assert work.asks_first_affiliation
    assert affiliations_in_order([second, first], work) == [first, second]
    for named in ("Where is Okuda based?", "What postcode do the authors' affiliations give for the University of "
                  "California?"):
        asked = analyze(named, [], library)
        assert asked.asks_affiliation and not asked.asks_first_affiliation
        assert affiliations_in_order([second, first], asked) == [second, first]
