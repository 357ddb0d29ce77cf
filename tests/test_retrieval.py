"""Retrieval on a small made-up corpus, with the real model: what a passage's dense score is made of."""
from __future__ import annotations

import dataclasses

import pytest

from assistant import Assistant
from assistant.query import Query, compound_labels, with_element_symbols
from assistant.retrieval import Retriever, compound_entries
from assistant.types import Chunk
from tests.conftest import bot_on, write_config
from tests.test_pdf_layouts import TABLE_X, TOP, _lines_of, _new_pdf, _set, _set_rows

NOTE = """# Notes on gold clusters

## Results

The meeting was held in Singapore in the spring. Travel grants were offered to students from twelve countries. The organisers thanked the university catering team for the lunches. Gold clusters lose their ligands and melt at 900 K under vacuum. The next meeting will take place in Lyon.

Gold clusters are studied for their thermal and optical properties by many groups.
"""


@pytest.fixture(scope="module")
def note_bot(tmp_path_factory, encoder):
    return bot_on(tmp_path_factory, "note", NOTE)


@pytest.mark.parametrize("weight, above_metadata", [(0.0, False), (1.0, True)])
def test_a_long_paragraph_is_as_relevant_as_its_best_sentence(note_bot, weight, above_metadata):
    """The one sentence about melting is diluted by four about a meeting in the
    paragraph's own vector; scored by its best sentence the paragraph ranks above
    the metadata lines."""
    config = note_bot.config.with_overrides(retrieval={"sentence_weight": weight})
    retriever = Retriever(note_bot.index, note_bot.encoder, config.retrieval)
    ranked = [c.chunk for c in retriever.search(
        note_bot.analyze("At what temperature do gold clusters melt?", [], None), method="dense").candidates]
    long_paragraph = next(c for c in ranked if "melt at 900 K" in c.text)
    metadata = next(c for c in ranked if c.kind == "metadata")
    assert (ranked.index(long_paragraph) < ranked.index(metadata)) is above_metadata


ALLOYS = """# Notes on supported alloys

## Results

Sn at the Pt–SiO₂ interface enhances charge transfer.

Au₂₆.₃Ag₁₇.₇(SR)₂₆ glows brightly in solution.

The interface between the two polymer films was rough: at the interface, charge built up.
"""


@pytest.fixture(scope="module")
def alloys_bot(tmp_path_factory, encoder):
    return bot_on(tmp_path_factory, "alloys", ALLOYS)


@pytest.mark.parametrize("text, expected", [
    ("What does tin do at the platinum surface?", "What does tin do at the platinum surface? (Sn Pt)"),
    ("Gold-silver alloys", "Gold-silver alloys (Au Ag)"),
    ("Au clusters and other gold clusters", "Au clusters and other gold clusters"),  # the symbol is there
    ("What did it lead to in Goldberg's work?", "What did it lead to in Goldberg's work?"),  # a verb, a name
])
def test_a_question_naming_elements_gets_their_symbols(text, expected):
    assert with_element_symbols(text) == expected


@pytest.mark.parametrize("method", ["bm25", "hybrid"])
def test_element_names_find_text_written_with_symbols(alloys_bot, method):
    """The paper writes Sn and Pt–SiO₂; the question says tin and platinum. Word for word, the other
    paragraph, which says "interface" twice, would match better."""
    retriever = alloys_bot.retriever
    hits = retriever.search(alloys_bot.analyze("What does tin do at the interface with platinum?", [], None),
                            method=method).candidates
    assert "Sn at the Pt" in alloys_bot.index.chunks[hits[0].chunk_id].text


def test_an_element_name_finds_a_formula_holding_it(alloys_bot):
    """BM25 alone: "silver" becomes Ag, and the formula Au26.3Ag17.7 holds Ag."""
    retriever = alloys_bot.retriever
    hits = retriever.search(alloys_bot.analyze("Which compound contains silver?", [], None), method="bm25").candidates
    assert hits and "Ag" in alloys_bot.index.chunks[hits[0].chunk_id].text


MELTING = """# Melting of supported gold clusters

## Results

Gold clusters on silica melt at 900 K under vacuum, far below bulk gold. Clusters on alumina melt at 950 K.

The melting of gold clusters depends on the support and on the cluster size.

## Acknowledgements

We thank Ada Byron for help with the calorimetry. This work was funded by the Lovelace Foundation (grant 42).
"""


@pytest.fixture(scope="module")
def melting_bot(tmp_path_factory, encoder):
    return bot_on(tmp_path_factory, "melting", MELTING)


@pytest.mark.parametrize("question, named", [
    ("Which organization funded the study of gold cluster melting on supports?", "Lovelace Foundation"),
    ("Who is thanked for help in the work on melting of supported gold clusters?", "Ada Byron"),
])
def test_who_is_thanked_or_funded_is_answered_from_the_back_matter(melting_bot, question, named):
    """The question names the paper by its topic, which the results share and the acknowledgements do not."""
    answer = melting_bot.ask(question)
    assert not answer.abstained and named in answer.answer
    assert answer.passages[0].section == "Acknowledgements"


def test_a_question_on_the_topic_is_not_sent_to_the_back_matter(melting_bot):
    answer = melting_bot.ask("At what temperature do gold clusters on silica melt?")
    assert "900 K" in answer.answer and answer.passages[0].section == "Results"


PBS = """# Monodisperse PbS nanocrystals from lead chloride and sulfur

## Introduction

Monodisperse PbS nanocrystals from lead chloride and sulfur in oleylamine are attractive for infrared photodetectors. Here we report monodisperse PbS nanocrystals with narrow absorption lines.

## Results

The PbS nanocrystals grow by monomer addition after a short nucleation burst. The absorption line of the PbS nanocrystals narrows during growth.

A large excess of lead chloride slows nucleation. We attribute this to the higher viscosity of the solution, which limits mass transfer.

The PbS nanocrystals stay stable in air for months, and their photoluminescence remains bright.

## Conclusions

Monodisperse PbS nanocrystals from lead chloride and sulfur in oleylamine are made simply and reproducibly.
"""

GOLD = """# Gold clusters on oxide supports

## Results

Gold clusters on silica melt at 900 K under vacuum. Clusters on alumina melt at 950 K. The viscosity of the ionic liquid changes the cluster size.
"""


@pytest.fixture(scope="module")
def two_papers_bot(tmp_path_factory, encoder):
    return bot_on(tmp_path_factory, "pbs", PBS, {"gold": GOLD})


@pytest.mark.parametrize("weight, answering_first", [(0.0, False), (0.3, True)])
def test_the_words_naming_the_paper_count_little_within_it(two_papers_bot, weight, answering_first):
    """The question names the paper by words every passage of it holds; within the paper, BM25 weighs them
    by how few of its passages hold them, and the passage on what was asked comes first. (The dense weight is
    set where, on this tiny library, the passage restating the topic leads without it; the fused order, before
    the learned re-ranker, is what is tested.)"""
    config = two_papers_bot.config.with_overrides(retrieval={"document_bm25_weight": weight, "dense_weight": 0.6,
                                                             "sentence_weight": 0.0, "rerank_depth": 0})
    retriever = Retriever(two_papers_bot.index, two_papers_bot.encoder, config.retrieval)
    question = ("In the work on monodisperse PbS nanocrystals from lead chloride and sulfur, what slows nucleation "
                "when lead is in excess?")
    # read as naming no paper, passages by their own vectors: the paper of a question is also searched with the
    # question less its naming words, by its passages' sentences (below)
    query = dataclasses.replace(two_papers_bot.analyze(question, [], None), documents=())
    first = retriever.search(query).candidates[0].chunk
    assert ("viscosity" in first.text) is answering_first


def test_a_paper_named_is_searched_with_what_is_asked_of_it(two_papers_bot):
    """Within the paper a question names, the dense search reads the question less the words naming it:
    they match the passage restating the paper's topic best. Without BM25 within the document, the answering
    passage still comes first."""
    config = two_papers_bot.config.with_overrides(retrieval={"document_bm25_weight": 0.0, "dense_weight": 0.6})
    retriever = Retriever(two_papers_bot.index, two_papers_bot.encoder, config.retrieval)
    question = ("In the work on monodisperse PbS nanocrystals from lead chloride and sulfur, what slows nucleation "
                "when lead is in excess?")
    query = two_papers_bot.analyze(question, [], None)
    assert query.documents == ("pbs",)
    assert "viscosity" in retriever.search(query).candidates[0].chunk.text
    # read as naming none: the paper of the best passage is searched so, and the fusion is done again
    assert "viscosity" in retriever.search(dataclasses.replace(query, documents=())).candidates[0].chunk.text


def test_bm25_within_a_document_rescales_the_idf_to_its_passages(two_papers_bot):
    index = two_papers_bot.index
    tokens = index.tokenize("PbS viscosity")
    within = index.document_bm25(tokens, "pbs")
    first, last = index.doc_ranges["pbs"]
    assert within and all(first <= i < last for i in within)
    viscous = next(i for i in within if "viscosity" in index.chunks[i].text)
    # "pbs" is in nearly every passage of the paper: within it, the one passage on viscosity scores highest
    assert max(within, key=within.get) == viscous


def test_the_answer_sentence_is_the_one_holding_the_words_rare_in_its_paper(two_papers_bot):
    """The sentence restating the paper's topic holds more of the question's words; weighted by their idf
    within the paper, the sentence on what was asked holds more that count (answer.sentence_scores)."""
    answer = two_papers_bot.ask("Why does an excess of lead chloride slow nucleation in the monodisperse PbS "
                                "nanocrystal synthesis from lead chloride and sulfur?")
    assert "We attribute this to the higher viscosity" in answer.answer  # after the premise it continues
    assert "Monodisperse PbS" not in answer.answer


def test_the_words_of_the_papers_title_do_not_pick_the_answer_sentence(tmp_path_factory, encoder):
    """A question naming the paper by its title's words ("monodisperse PbS nanocrystals from lead chloride and
    sulfur") is answered by the sentence holding what it asks ("dissolves"), not by the one restating the title."""
    washed = PBS + ("\nThe monodisperse PbS nanocrystals from lead chloride and sulfur were washed twice. "
                    "Toluene dissolves the nanocrystals, and ethanol precipitates them.\n")
    bot = bot_on(tmp_path_factory, "washed", washed, {"gold": GOLD})
    answer = bot.ask("What dissolves the monodisperse PbS nanocrystals from lead chloride and sulfur?")
    assert answer.answer.startswith("Toluene dissolves the nanocrystals"), answer.answer


def test_lifted_passages_come_first_in_their_own_order():
    from assistant.retrieval import lift_first

    scores = lift_first({1: 0.5, 2: 0.9, 4: 0.1}, (3, 1))
    assert sorted(scores, key=lambda i: -scores[i]) == [3, 1, 2, 4]
    assert lift_first({2: 0.9}, ()) == {2: 0.9}


def _scored_twice(bot, question: str, **settings: tuple) -> tuple[dict, list]:
    """The sentences of the first three passages scored with each of two values of the answer settings given
    (name=(first, second)): the first by spans, the second as ranked."""
    from assistant.answer import sentence_scores

    retrieved = bot.retriever.search(bot.analyze(question, [], None))
    top, config = retrieved.candidates[:3], bot.config.answer
    first = dataclasses.replace(config, **{name: values[0] for name, values in settings.items()})
    second = dataclasses.replace(config, **{name: values[1] for name, values in settings.items()})
    return ({s.spans: s for s in sentence_scores(retrieved, bot.index, top, first)},
            sentence_scores(retrieved, bot.index, top, second))


def test_a_sentence_loses_the_rank_penalty_for_each_passage_ranked_above_its_own(two_papers_bot):
    """Retrieval's ranking weighs evidence one sentence cannot show (its passage's other sentences, the
    document's BM25): a sentence of the third passage needs 2 × rank_penalty more to beat one of the first."""
    flat, ranked = _scored_twice(two_papers_bot, "Why does lead chloride slow nucleation?", rank_penalty=(0.0, 0.05))
    assert {s.rank for s in ranked} == {1, 2, 3}
    assert all(flat[s.spans].score - s.score == pytest.approx(0.05 * (s.rank - 1)) for s in ranked)


def test_a_sentence_under_the_part_of_the_paper_a_question_names_gains_the_section_weight(two_papers_bot):
    """"According to the conclusions …": the same finding is stated in several parts, and the named part's
    sentences gain section_weight, in score and in evidence; the others keep theirs."""
    question = "According to the conclusions, how are the monodisperse PbS nanocrystals made?"
    assert "conclusion" in two_papers_bot.analyze(question, [], None).sections
    flat, lifted = _scored_twice(two_papers_bot, question, section_weight=(0.0, 0.3))
    gained = {s.text for s in lifted if s.score > flat[s.spans].score + 1e-9}
    assert gained == {"Monodisperse PbS nanocrystals from lead chloride and sulfur in oleylamine are made simply and "
                      "reproducibly."}
    assert all(s.score - flat[s.spans].score == pytest.approx(0.3 if s.text in gained else 0.0)
               and s.evidence - flat[s.spans].evidence == pytest.approx(0.3 if s.text in gained else 0.0)
               for s in lifted)


def test_the_head_noun_of_the_wh_phrase_weighs_head_weight_times_in_the_words_a_sentence_holds(two_papers_bot):
    """"Which solution …" asks for a case of a solution: the sentence naming "the solution" gains, by the
    share of the asked words it holds, what the head's idf weighs once more; the others gain nothing."""
    question = "Which solution has the higher viscosity in the PbS synthesis?"
    assert two_papers_bot.analyze(question, [], None).head_tokens == tuple(two_papers_bot.index.tokenize("solution"))
    once, twice = _scored_twice(two_papers_bot, question, head_weight=(1.0, 2.0))
    gained = {s.text for s in twice if s.score > once[s.spans].score + 1e-9}
    assert gained and all("solution" in text for text in gained)
    assert all(s.score >= once[s.spans].score - 1e-9 and s.evidence == once[s.spans].evidence for s in twice)


def test_a_question_less_the_words_naming_its_paper():
    from assistant.retrieval import without_words
    from assistant.text import Tokenizer

    tokenize = Tokenizer()
    naming = frozenset(tokenize("PbS nanocrystals"))
    assert without_words("What lifetime do the PbS nanocrystals show?", naming, tokenize) == "What lifetime do the show?"
    assert without_words("PbS nanocrystals", naming, tokenize) == "PbS nanocrystals"  # nothing else asked


def test_the_words_naming_a_paper_are_its_title_words_few_documents_hold(tmp_path_factory, encoder):
    """A title word another paper of the library holds too ("clusters") does not tell the paper apart; in a
    library of one document no word needs to."""
    papers = {"silver": "# Silver clusters in water\n\nSilver clusters dissolve in water and glow.\n",
              "copper": "# Copper hydride storage\n\nCopper hydride stores hydrogen.\n"}
    bot = bot_on(tmp_path_factory, "gold", "# Gold clusters on silica\n\nGold clusters on silica melt at 900 K.\n",
                 papers)
    assert bot.index.naming_tokens("gold") == {"gold", "silica"}
    alone = bot_on(tmp_path_factory, "alone", "# Gold clusters on silica\n\nGold clusters on silica melt at 900 K.\n")
    assert alone.index.naming_tokens("alone") == frozenset()


def _passage(chunk_id: int, text: str, kind: str = "body") -> Chunk:
    return Chunk(chunk_id, "paper", kind, "", chunk_id, ((0, len(text)),), text, (), (), text, (text,))


def _asking(question: str) -> Query:
    from assistant.answer_types import asked_quantity, expected_types

    return Query(question, question, answer_types=expected_types(question),
                 qualifiers=(asked_quantity(question) or ("", ()))[1])


def test_a_passage_stating_a_value_of_the_measured_type_asked_gains_the_boost():
    """Among the best passages, those stating the asked quantity with a value gain the boost; a value of
    another quantity of the type, a number of something else, a bibliographic record, a name asked for, or a
    passage below the first STATED_VALUE_WITHIN gain none."""
    from assistant.retrieval import STATED_VALUE_WITHIN, lift_stated_values

    chunks = [_passage(0, "The QM region was described by B3LYP and the MM region by CHARMM27."),
              _passage(1, "This resulted in 57 atoms in total for the QM region."),
              _passage(2, "The glass transition of the polymer lies at 120 °C."),
              _passage(3, "The films were deposited at 300 °C."),
              _passage(4, "Table 1. 57 atoms in the QM region.", kind="reference")]
    scores = {0: 1.0, 1: 0.9, 2: 0.8, 3: 0.7, 4: 0.6}
    counted = lift_stated_values(scores, chunks, _asking("How many atoms were in the QM region?"), 0.03)
    assert counted == {0: 1.0, 1: pytest.approx(0.93), 2: 0.8, 3: 0.7, 4: 0.6}  # a count of atoms, in the text
    heated = lift_stated_values(scores, chunks, _asking("What is the glass transition temperature of the polymer?"),
                                0.03)
    assert {i for i in scores if heated[i] > scores[i]} == {2}
    assert lift_stated_values(scores, chunks, _asking("Who described the QM region?"), 0.03) == scores
    far = {i: 1.0 - i / 100 for i in range(STATED_VALUE_WITHIN)} | {STATED_VALUE_WITHIN: 0.5}
    chunks = [_passage(i, "It melts at 120 °C.") for i in range(STATED_VALUE_WITHIN + 1)]
    lifted = lift_stated_values(far, chunks, _asking("At what temperature does it melt?"), 0.03)
    assert lifted[STATED_VALUE_WITHIN] == 0.5 and all(lifted[i] > far[i] for i in range(STATED_VALUE_WITHIN))


def test_a_paper_asked_for_lifts_the_entries_cited_where_the_lead_passage_states_what_was_asked():
    """A passage citing many works: the entries its sentence closest to the question cites rank right above
    it, not every entry it cites; a follow-up gives every entry it cites the boost."""
    from assistant.retrieval import lift_entries_cited_by_lead
    from assistant.types import Sentence

    text = "Anammox was found in the Black Sea (2). It yields half the oceans' dinitrogen gas (3)."
    lead = dataclasses.replace(_passage(0, text), citations=(2, 3),
                               sentences=(Sentence(((0, 39),), (2,)), Sentence(((40, len(text)),), (3,))))
    chunks = [lead, _passage(1, "Kuypers 2003. Anammox in the Black Sea.", kind="reference"),
              _passage(2, "Lam 2011. Nitrogen cycling.", kind="reference")]
    entry_of = {("paper", 2): 1, ("paper", 3): 2}
    scores = {0: 0.8, 1: 0.9, 2: 0.1}

    def second(chunk: Chunk) -> int:  # the sentence on the dinitrogen gas
        return 1

    asked = lift_entries_cited_by_lead(scores, chunks, entry_of, True, 0.3, second)
    assert asked[2] > asked[0] and asked[1] == 0.9
    followed = lift_entries_cited_by_lead(scores, chunks, entry_of, False, 0.3, second)
    assert followed == {0: 0.8, 1: pytest.approx(0.9 + 0.24), 2: pytest.approx(0.1 + 0.24)}


def test_a_passage_opening_a_sentence_with_the_term_asked_to_be_defined_gains_the_boost():
    from assistant.retrieval import lift_definitions

    chunks = [_passage(0, "Ladderane lipids were found in anammox bacteria."),
              _passage(1, "Ladderanes are unusual lipids containing fused cyclobutane rings."),
              _passage(2, "The Wheland intermediate (σ-complex) is formed first."),
              _passage(3, "Ladderanes are listed in Table 2.", kind="reference")]
    scores = {0: 0.9, 1: 0.5, 2: 0.4, 3: 0.3}
    assert lift_definitions(scores, chunks, ("ladderanes",), 0.3) == {0: 0.9, 1: pytest.approx(0.8), 2: 0.4, 3: 0.3}
    assert lift_definitions(scores, chunks, ("wheland", "intermediate"), 0.3)[2] == pytest.approx(0.7)
    assert lift_definitions(scores, chunks, (), 0.3) == scores


def test_the_passages_under_the_part_of_the_paper_a_question_names_gain_the_boost():
    from assistant.query import sections_named
    from assistant.retrieval import lift_named_sections

    chunks = [dataclasses.replace(_passage(i, text, kind=kind), section=section) for i, (text, kind, section) in enumerate([
        ("SpH1 and SpH2 accepted 26 substrates.", "body", "Abstract"),
        ("SpH1 and SpH2 accepted, in total, 26 different substrates.", "body", "4. Conclusions"),
        ("Neubauer, P. Substrates accepted by halogenases. Catalysts 2021.", "reference", "4. Conclusions"),
        ("SpH1 and SpH2 accepted 26 substrates (Figure 4).", "body", "2. Results")])]
    scores = {0: 0.9, 1: 0.7, 2: 0.6, 3: 0.8}
    asked = sections_named("According to the conclusions of the paper, how many substrates were accepted?")
    assert asked == ("conclusion", "concluding", "outlook")
    assert lift_named_sections(scores, chunks, asked, 0.3) == {0: 0.9, 1: pytest.approx(1.0), 2: 0.6, 3: 0.8}
    # a review's closing section is its conclusions too; a middle section's résumé is not
    closing = [dataclasses.replace(chunks[1], section="6. Summary and Outlook"),
               dataclasses.replace(chunks[3], section="3. Summary of Stable Phases")]
    assert lift_named_sections({0: 0.7, 1: 0.8}, closing, asked, 0.3) == {0: pytest.approx(1.0), 1: 0.8}
    assert sections_named("In the introduction of the indigo paper, who converted haloindoles?") == ("introduction",)
    assert sections_named("How many substrates were accepted?") == ()
    assert sections_named("According to the author contributions, who ran the simulations?") == ("contribution",)
    contributions = [dataclasses.replace(_passage(i, text), section=section) for i, (text, section) in enumerate([
        ("We thank A. B. for proof-reading.", "Acknowledgements"),
        ("T.K.C. ran the simulations.", "Author Contributions")])]
    lifted = lift_named_sections({0: 0.9, 1: 0.7}, contributions, ("contribution",), 0.3)
    assert lifted == {0: 0.9, 1: pytest.approx(1.0)}
    assert lift_named_sections(scores, chunks, (), 0.3) == scores


def test_a_short_form_asked_lifts_the_passages_spelling_it_out_above_all():
    from assistant.retrieval import lift_first, spelling_out

    chunks = [_passage(0, "SciMON uses LLMs to produce new scientific ideas."),
              _passage(1, "Wang et al. built Scientific Inspiration Machines Optimized for Novelty (SciMON)."),
              _passage(2, "GC = glassy carbon; HFIP = 1,1,1,3,3,3-hexafluoro-2-propanol."),
              _passage(3, "HFIP (5 mL) was added."),
              _passage(4, "SciMON: Scientific inspiration machines optimized for novelty. arXiv 2023.", kind="reference"),
              _passage(5, "SciMON (Scientific Inspiration Machines Optimized for Novelty) proposes hypotheses.")]
    scores = {0: 0.9, 1: 0.5, 2: 0.4, 3: 0.3, 4: 0.2, 5: 0.6}
    assert spelling_out(scores, chunks, ("SciMON",)) == (5, 1)  # not the entry, nor a mere use
    assert spelling_out(scores, chunks, ("HFIP",)) == (2,)  # "HFIP (5 mL)" spells out nothing
    assert spelling_out(scores, chunks, ()) == ()
    plural = [_passage(0, "Lead sulfide nanocrystals, also called quantum dots (QDs), absorb in the infrared.")]
    assert spelling_out({0: 0.5}, plural, ("QD",)) == (0,)  # asked in the singular, spelled out in the plural
    aside = [_passage(0, "To characterize our QDs (see Figures S10 and S11), we used TEM.")]
    assert spelling_out({0: 0.5}, aside, ("QD",)) == ()  # a parenthesis after it must open with its letter
    lifted = lift_first(scores, spelling_out(scores, chunks, ("SciMON",)))
    assert sorted(lifted, key=lambda i: -lifted[i])[:3] == [5, 1, 0]
    # a value is no long form ("PS = 17%"); the passage spelling it out in the document asked about, though not
    # retrieved, is found there and comes after those retrieved
    values = [_passage(0, "Ammonium salts lowered the PS (TON = 460, PS = 17%)."),
              _passage(1, "It gave PPC with high polymer selectivity (PS, 92%)."),
              _passage(2, "PS (polymer selectivity) was high.")]
    assert spelling_out({0: 0.9, 2: 0.1}, values, ("PS",)) == (2,)
    assert spelling_out({0: 0.9, 2: 0.1}, values, ("PS",), within=range(0, 3)) == (2, 1)


def test_a_table_named_by_number_puts_its_best_rows_first():
    """"In Table 3 (free energy scans), what E346 (O-H) HOCl distance …": the rows of Table 3, known by the
    caption opening their search text, best scored first, up to the count asked; Table 1's row with the same
    key, better scored, is not among them."""
    from assistant.query import tables_named
    from assistant.retrieval import rows_of_named_tables

    def row(chunk_id: int, caption: str, text: str) -> Chunk:
        return dataclasses.replace(_passage(chunk_id, text, kind="table"), search_text=f"{caption} {text}")

    chunks = [row(0, "Table 1. Potential energy scans.", "E346 (O-H) HOCl\t2.0\t1.8\t2.6"),
              row(1, "Table 3. Free energy scans.", "HOCl (Cl-C) Tryptophan\t2.7 ± 0.1\t2.3 ± 0.1"),
              row(2, "Table 3. Free energy scans.", "E346 (O-H) HOCl\t1.9 ± 0.2\t2.3 ± 0.4"),
              row(3, "Table 3. Free energy scans.", "K79 (H-O) HOCl\t1.5 ± 0.0\t1.3 ± 0.1"),
              _passage(4, "Table 3 lists the distances of the free energy scans.")]
    scores = {0: 0.9, 1: 0.5, 2: 0.7, 4: 0.8}
    tables = tables_named("In Table 3 (free energy scans), what E346 (O-H) HOCl distance is given?")
    assert tables == ("3",)
    assert rows_of_named_tables(scores, chunks, 0, 5, tables, (), 2) == (2, 1)
    assert rows_of_named_tables(scores, chunks, 0, 5, tables, (), 5) == (2, 1, 3)  # one not retrieved comes last
    assert rows_of_named_tables(scores, chunks, 0, 2, tables, (), 5) == (1,)  # of the document's chunks only
    assert rows_of_named_tables(scores, chunks, 0, 5, (), (), 5) == ()


TITANACYCLES = [
    ["Vinylimido complexes of titanocene couple with ketones to give the azaoxatitanacycles such as 7b,",
     "and with nitriles they give the diazatitanacyclohexadienes such as 10. Both of these were studied by",
     "X-ray crystallography, and their bond lengths are compared in the tables below."],
    ["Preparation of the azaoxatitanacycle (7b). The vinylimido complex (0.100 g) was dissolved in ether,",
     "acetone (0.5 mL) was added, and the red solution was kept at room temperature for two whole days",
     "to give 7b as red prisms (0.061 g, 65%)."],
]
BOND_TABLES = [
    ("Table 1. Bond lengths (A) for the azaoxatitanacycle 7b.",
     [["Bond", "Length", "Bond", "Length"], ["Ti-N", "1.942 (10)", "C-C(H3)", "1.516 (12)"],
      ["Ti-O", "1.878 (8)", "C(O)-C(H2)", "1.520 (16)"], ["C-N", "1.244 (13)", "C(N)-C(H2)", "1.549 (16)"]]),
    ("Table 2. Bond lengths (A) for the diazatitanacycle 10.",
     [["Bond", "Length", "Bond", "Length"], ["Ti-N", "1.954 (4)", "C(N)-C(H2)", "1.523 (6)"],
      ["C-N", "1.258 (6)", "C-C(adamantyl)", "1.534 (6)"]]),
]


def test_the_rows_of_a_table_named_come_before_the_entry_of_the_compound_it_is_of(tmp_path, encoder):
    """"In Table 1, what C(N)-C(H2) distance is given for 7b?": the rows of Table 1 come first, before the entry
    heading of 7b's preparation (lifted for a value asked of a compound named by number), whose place the
    re-ranker may give to a row of Table 2 stating the same bond."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    pdf = _new_pdf()
    pdf.add_page()
    y = _set(pdf, TOP, _lines_of(TITANACYCLES)) + 10
    for caption, rows in BOND_TABLES:
        y = _set(pdf, y, [(caption, 0.0, False)], 9) + 4
        y = _set_rows(pdf, y, rows, TABLE_X, 9) + 12
    pdf.output(str(corpus / "titanacycles.pdf"))
    bot = Assistant.load(write_config(tmp_path, corpus), log=lambda m: None)
    question = "In Table 1 of the paper, what C(N)-C(H2) distance is given for the azaoxatitanacycle 7b?"
    first = bot.retriever.search(bot.analyze(question, [], None), "hybrid").candidates[0].chunk
    assert first.kind == "table" and first.text.startswith(("Ti-N\t1.942", "Ti-O", "C-N\t1.244"))
    assert "1.549 (16)" in bot.ask(question).answer


def test_a_row_named_by_number_in_a_named_table_comes_first():
    from assistant.retrieval import rows_of_named_tables

    def row(chunk_id: int, text: str) -> Chunk:
        return dataclasses.replace(_passage(chunk_id, text, kind="table"), search_text=f"Table 1. Putative halogenases. {text}")

    chunks = [row(0, "6 502\tyes\tcontig-1029000036_1"), row(1, "7 501\tyes\tcontig-3201000046_41"),
              row(2, "17 443\tno\tcontig-2264000090_1")]
    scores = {0: 0.9, 2: 0.8}  # the row "7" shares no word with "hit 7" but the number, and was not found
    assert rows_of_named_tables(scores, chunks, 0, 3, ("1",), ("7",), 2) == (1, 0, 2)
    assert rows_of_named_tables(scores, chunks, 0, 3, ("1",), (), 2) == (0, 2)
    assert rows_of_named_tables(scores, chunks, 0, 3, ("2",), ("7",), 2) == ()  # of another table


def test_a_figure_named_by_number_lifts_its_caption():
    from assistant.retrieval import captions_labelled

    chunks = [_passage(0, "Figure 5 shows the number of tokens in chemistry datasets."),
              _passage(1, "Figure 5: Number of training tokens available from chemical sources.", kind="caption"),
              _passage(2, "FIGURE 15. Timeline of agents.", kind="caption"),
              _passage(3, "Fig. 5 Tokens per source.", kind="caption")]
    assert captions_labelled(chunks, 0, 4, (("figure", "5"),)) == (1, 3)
    assert captions_labelled(chunks, 0, 2, (("figure", "5"),)) == (1,)  # within the document's range only
    assert captions_labelled(chunks, 0, 4, ()) == ()


def test_contacts_are_the_passages_and_metadata_lines_giving_an_e_mail_address():
    from assistant.answer_types import INSTITUTION, TYPES
    from assistant.retrieval import passages_stating

    chunks = [_passage(0, "Correspondence: norbert.sewald@uni-bielefeld.de", kind="metadata"),
              dataclasses.replace(_passage(1, "Department of Chemistry, Uppsala University. E-mail: js@uu.se"), page=2),
              dataclasses.replace(_passage(2, "Bielefeld University, Germany"), page=1),
              _passage(3, "The yield was 35%.")]
    assert passages_stating(chunks, TYPES["email"], kinds=frozenset({"body", "metadata"})) == {"paper": (0, 1)}
    assert passages_stating(chunks, INSTITUTION, page=1) == {"paper": (2,)}


def test_a_compound_asked_by_its_number_is_found_at_the_heading_of_its_entry():
    assert compound_labels("How much of the 2-fluorophenyl dihydrooxazole 2n was isolated, and in 4e?") == ("2n", "4e")
    assert compound_labels("What do the 1H NMR and 13C spectra at 2.5 eV show?") == ()  # nuclei, numbers
    chunks = [
        _passage(0, "Fluorinated substrates such as 2n gave lower yields."),  # discusses it, does not head its entry
        _passage(1, "Thick pale-yellow oil (45 mg, 43%)."),
        _passage(2, "Methyl 4-methylbenzenesulfonate (2n)."),
        _passage(3, "Methyl 4-methylbenzenesulfonate (2n).", kind="reference"),
    ]
    assert compound_entries(chunks, 0, 4, ("2n",)) == (2,)
    assert compound_entries(chunks, 0, 2, ("2n",)) == ()  # only the document asked about
    assert compound_entries(chunks, 0, 4, ()) == ()
    # a label's "x" printed as a multiplication sign is still its heading
    assert compound_entries([_passage(0, "Furan-2-ylmethyl 4-methylbenzenesulfonate (2×).")], 0, 1, ("2x",)) == (0,)


def test_the_entries_of_the_year_and_journal_a_question_names_are_the_described_ones():
    """Only the entries fitting both (a journal no entry of the library is in is no journal: query.analyze drops it)."""
    from assistant.answer_types import PublicationDescription
    from assistant.references import venue_words
    from assistant.retrieval import described_entries

    chunks = [_passage(0, "Body text citing three works."), _passage(1, "A. Ahmad, J. Org. Chem. 2016.", kind="reference"),
              _passage(2, "B. Berg, J. Am. Chem. Soc. 2016.", kind="reference"),
              _passage(3, "C. Chen, J. Org. Chem. 2018.", kind="reference")]
    records = {1: (("2016", "J. Org. Chem."),), 2: (("2016", "J. Am. Chem. Soc."),), 3: (("2018", "J. Org. Chem."),)}

    def found(years: tuple[str, ...], journal: str) -> list[int]:
        described = PublicationDescription(years, venue_words(journal))
        return described_entries(chunks, 0, len(chunks), lambda c: records.get(c.chunk_id, ()), described)

    assert found(("2016",), "Journal of Organic Chemistry") == [1]
    assert found((), "J. Org. Chem.") == [1, 3]
    assert found(("2016",), "") == [1, 2]
    assert found(("2020",), "") == []


def test_affiliations_are_on_page_1_or_under_the_author_information_heading():
    """ACS prints the authors' affiliations at the end ("AUTHOR INFORMATION" / "Corresponding Author" / "Author"),
    not under the byline: "What institution are both authors affiliated with?" lifts those passages too."""
    from assistant.retrieval import author_information

    chunks = [dataclasses.replace(_passage(0, "Bielefeld University, Germany"), page=1),
              dataclasses.replace(_passage(1, "Mass spectra were run at the University of Huddersfield."), page=5),
              dataclasses.replace(_passage(2, "Wesley J. Moran − Department of Chemical Sciences, University of "
                                              "Huddersfield, U.K."), page=9, section="AUTHOR INFORMATION Corresponding Author"),
              dataclasses.replace(_passage(3, "Mohamed Elsherbini − Department of Chemical Sciences, University of "
                                              "Huddersfield, U.K."), page=9, section="Author"),
              dataclasses.replace(_passage(4, "The authors thank the University of Huddersfield."), page=9,
                                  section="Authorship notes")]
    assert author_information(chunks) == {"paper": (0, 2, 3)}
