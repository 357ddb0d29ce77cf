"""Question analysis on synthetic libraries: no model, no index (assistant/query.py)."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from assistant.query import (Library, LibraryDocument, analyze, auxiliary_subjects, cited_names, condition_words,
                             library_neighbours, metadata_field,
                             people_named, points_at_document, question_rules, row_number, speaks_of_table,
                             table_opened, tables_named)

EDITORIAL = LibraryDocument("precis-chem-2024-2-559", "Whole-Process Precision Chemistry for Clusters", ("Xie",),
                            ("editorial",))
HALIDES = LibraryDocument("halide-paper", "Halide Exchange in Perovskite Nanocrystals", ("Nagae", "Okuda"))
REVIEW = LibraryDocument("llm-review", "A Review of Large Language Models in Chemistry", ("White",), ("review",))
LIBRARY = Library((EDITORIAL, HALIDES, REVIEW))
ONE = Library((EDITORIAL,))


def read(question: str, history=(), library=LIBRARY, **options):
    return analyze(question, list(history), library, **options)


@pytest.mark.parametrize("question, field, deictic", question_rules()["examples"])
def test_the_metadata_field_asked_and_whether_a_document_is_pointed_at(question, field, deictic):
    assert (metadata_field(question), points_at_document(question)) == (field, deictic)


@pytest.mark.parametrize("question, documents", [
    ("Who wrote this editorial?", ("precis-chem-2024-2-559",)),  # the one document that calls itself so
    ("Who are the authors of the halide exchange paper?", ("halide-paper",)),  # words of its title
    ("What does the paper on halide exchange report?", ("halide-paper",)),
    ("When was the manuscript describing halide exchange in nanocrystals received?", ("halide-paper",)),
    # each noun's phrase is read, though one phrase runs into the next noun: "manuscript of the … article" does
    # not hide "article on halide exchange …"
    ("When was the manuscript of the new short edge article on halide exchange received?", ("halide-paper",)),
    ("When was the Nagae paper published?", ("halide-paper",)),  # an author's surname
    ("At what temperature did Nagae and co-workers exchange the halides?", ("halide-paper",)),  # their work
    ("Which solvent did the Nagae group use?", ("halide-paper",)),
    ("What did Nagae's exchange give?", ("halide-paper",)),
    ("What did Nagaeva report?", ()),  # another name
    ("Why did Nagae and Okuda exchange the halides?", ("halide-paper",)),  # two of its byline's surnames
    ("Why did Okuda exchange the halides?", ()),  # one surname alone may be a cited work's author
    ("When was the halide exchange/anion manuscript received?", ("halide-paper",)),  # a topic joined by "/"
    ("Which journal published the review?", ("llm-review",)),
    ("Who are the authors of 'Halide Exchange in Perovskite Nanocrystals'?", ("halide-paper",)),  # its title
    ("Who wrote the paper reviewing large language models for chemistry?", ("llm-review",)),
    ("What temperature was used for the synthesis?", ()),
    ("Which study is cited for the gas-phase work?", ()),  # "the gas-phase work" names no document here
    ("Which journal, volume and pages is this editorial in?", ("precis-chem-2024-2-559",)),  # "in" ends it
    ("What does the editorial in Nature say about clusters?", ()),  # "in Nature": one it cites
])
def test_documents_a_question_names(question, documents):
    assert read(question).documents == documents


def test_one_shared_title_word_does_not_name_a_document():
    """Only "Exchange" of "the paper on exchange kinetics in zeolite membranes" is in a title: no document is
    named (and none's authors are given); most of the phrase in a title names that one."""
    assert read("Who are the authors of the paper on exchange kinetics in zeolite membranes?").documents == ()
    assert read("Who wrote the paper on halide exchange in nanocrystals?").documents == ("halide-paper",)


def test_a_paper_is_named_by_its_journal_with_words_of_its_title():
    """"the Catalysts manuscript on the halogenases SpH1 and SpH2": the journal's name is a word of another
    paper's title ("active catalysts"), and the title words after "on" are too few alone; together they name
    the paper published in Catalysts."""
    halogenases = LibraryDocument("mdpi-halogenases", "Two Novel Flavin-Dependent Halogenases Catalyze Bromination",
                                  journal="Catalysts")
    cobalt = LibraryDocument("rsc-caco3", "Cationic CaCo3 Complexes as Highly Active Catalysts for Copolymerization",
                             journal="Chem. Sci.")
    library = Library((halogenases, cobalt))
    question = "When was the Catalysts manuscript on the flavin-dependent halogenases SpH1 and SpH2 received?"
    assert read(question, library=library).documents == ("mdpi-halogenases",)
    # a journal's abbreviation, its words ending in full stops, is one of the phrase's words
    arylindigoids = LibraryDocument("wiley-arylindigoids", "Novel Arylindigoids by Late-Stage Derivatization",
                                    journal="Chem. Eur. J.")
    library = Library((halogenases, cobalt, arylindigoids))
    question = "On what date did the version of record of the Chem. Eur. J. arylindigoid communication go online?"
    assert read(question, library=library).documents == ("wiley-arylindigoids",)
    # a title word's stem extended or cut short: "arylindigo" of "Arylindigoids"
    assert read("Who helped with the lab work in the arylindigo study?", library=library).documents == (
        "wiley-arylindigoids",)
    # the journal as written: "Chem. Soc. Rev." holds the words of "J. Am. Chem. Soc." that BM25 keeps, not its name
    titanocene = LibraryDocument("jacs-titanocene", "Vinylimido Complexes of Titanocene", journal="J. Am. Chem. Soc.")
    question = "What page range does the Chem. Soc. Rev. review on atomically precise alloy nanoclusters cover?"
    assert read(question, library=Library((halogenases, titanocene))).documents == ()


def test_a_paper_is_named_by_the_names_it_is_about():
    """"the SpH1/SpH2 halogenase paper" of a paper whose title names neither enzyme: the names held by
    TOPIC_SHARE of its passages (``LibraryDocument.topics``) name it with its title's words, as its title would."""
    halogenases = LibraryDocument("mdpi-halogenases", "Two Novel Flavin-Dependent Halogenases Catalyze Bromination",
                                  topics=frozenset({"sph1", "sph2"}))
    tryptophan = LibraryDocument("scirep-trp", "QM/MM Study of Tryptophan 7-Halogenase", topics=frozenset({"e346"}))
    library = Library((halogenases, tryptophan))
    assert read("What is the DOI of the SpH1/SpH2 halogenase paper?", library=library).documents == ("mdpi-halogenases",)
    assert read("Who wrote the SpH3 paper?", library=library).documents == ()  # a name no paper is about


def test_a_surname_in_another_works_author_list_does_not_name_a_paper():
    """"a 2015 Inorganic Chemistry article by Thevenon, Garden, White and Williams" cited in the CaCo3 paper:
    White wrote the LLM review, but the list is mostly others' names, so "the CaCo3 paper" names the paper; the
    review's own authors listed name it."""
    review = LibraryDocument("llm-review", "A Review of Large Language Models in Chemistry", ("Ramos", "Collison", "White"))
    cobalt = LibraryDocument("rsc-caco3", "Cationic CaCo3 Complexes as Highly Active Catalysts for Copolymerization",
                             ("Nagae", "Mashima"))
    library = Library((review, cobalt))
    question = ("Among the catalysts cited in the CaCo3 paper is a 2015 Inorganic Chemistry article by Thevenon, "
                "Garden, White and Williams. Give its volume and pages.")
    assert read(question, library=library).documents == ("rsc-caco3",)
    assert read("Which tool do Ramos, Collison and White describe in their review?", library=library).documents == (
        "llm-review",)
    assert read("Which tool does the paper by White describe?", library=library).documents == ("llm-review",)


def test_the_title_words_pick_among_papers_of_one_group_and_the_surnames_name_one_paper():
    halogenases = LibraryDocument("mdpi-halogenases", "Two Novel Flavin-Dependent Halogenases Catalyze Bromination",
                                  ("Neubauer", "Sewald"), journal="Catalysts")
    indigo = LibraryDocument("wiley-arylindigoids", "Novel Arylindigoids by Late-Stage Derivatization of Biocatalytically "
                             "Synthesized Dibromoindigo", ("Schnepel", "Dodero", "Sewald"), journal="Chem. Eur. J.")
    iodine = LibraryDocument("acs-joc-iodine", "Electrochemically Generated Hypervalent Iodine Catalysis",
                             ("Elsherbini", "Moran"), journal="J. Org. Chem.")
    library = Library((halogenases, indigo, iodine))
    question = "Which review written by Minges and Sewald does the biocatalytic dibromoindigo paper cite?"
    assert read(question, library=library).documents == ("wiley-arylindigoids",)
    # one paper named by its authors: the journal words name the cited work
    question = "Who wrote the 2015 Chem. Eur. J. paper on the alpha-oxidation of ketones that Elsherbini and Moran cite?"
    assert read(question, library=library).documents == ("acs-joc-iodine",)


def test_a_paper_received_for_review_is_no_review():
    """The kinds a document calls itself come from its title and metadata lines; ACS's dating line "Received for
    review April 30, 2014" says nothing of its kind (questions.yaml ``document_nouns.not_kinds``)."""
    from types import SimpleNamespace

    from assistant.types import Chunk, Document

    def paper(doc_id: str, metadata: str) -> tuple[Document, Chunk]:
        chunk = Chunk(0, doc_id, "metadata", "", 0, ((0, len(metadata)),), metadata, (), (), metadata, (metadata,))
        return Document(doc_id, f"{doc_id}.pdf", metadata, "Monodisperse PbS Nanocrystals", {}, (), (), ()), chunk

    for metadata, kinds in [("Received for review April 30, 2014. Published online May 5, 2014.", ()),
                            ("Review. Received: 1 March 2021; under peer review until May.", ("review",))]:
        document, chunk = paper("pbs", metadata)
        index = SimpleNamespace(documents={"pbs": document}, doc_ranges={"pbs": (0, 1)}, chunks=[chunk],
                                metadata_chunk=lambda doc_id, chunk=chunk: chunk, entry_venues=frozenset(),
                                passage_frequency=dict)
        assert Library.of(index).documents[0].kinds == kinds


def test_this_paper_in_a_library_of_several_asks_which_one():
    query = read("What is the DOI of this paper?")
    assert query.metadata_field == "doi" and query.documents == ()
    assert query.ambiguous == tuple(d.doc_id for d in LIBRARY.documents)


def test_this_paper_means_the_only_document_the_chosen_one_or_the_conversations():
    assert read("What is the DOI of this paper?", library=ONE).documents == (EDITORIAL.doc_id,)
    assert read("What is the DOI of this paper?", doc="llm-review").documents == ("llm-review",)
    query = read("What is the DOI of this paper?", history=["What does the halide exchange paper report?"])
    assert query.documents == ("halide-paper",) and not query.ambiguous


@pytest.mark.parametrize("question, others", [
    ("In which journal was Wang et al.'s PETrans, discussed in the review by Ramos, Collison and White, published?",
     True),  # another's work, beside the paper's own authors
    ("Which volume does the review give for the paper by Sharma and co-workers?", True),
    ("In which journal was the review by Caldas Ramos, Collison and White published?", False),
    ("In which journal did Ramos, Collison and Hope's review appear?", False),  # a list holding its authors
    ("When was the White group's review received?", False),
])
def test_a_work_of_others_named_beside_the_papers_own_authors(question, others):
    from assistant.query import others_work

    assert others_work(question, ("Ramos", "Collison", "White")) is others


def test_a_short_form_names_the_paper_whose_title_spells_it_out():
    capitals = Library((EDITORIAL, HALIDES, LibraryDocument("llm-review", REVIEW.title.upper(), ("White",))))
    for library in (LIBRARY, capitals):
        assert read("Who wrote the LLM review?", library=library).documents == ("llm-review",)
        assert read("When was the review on LLMs in chemistry received?", library=library).documents == ("llm-review",)
    assert read("Who wrote the MOF review?").documents == ()  # no title spells it out


def test_a_content_question_about_the_authors_asks_no_metadata():
    query = read("How do the authors explain the blue shift?")
    assert query.metadata_field is None and not query.ambiguous
    # whom they thank: the acknowledgements say, not the byline
    query = read("Whom do the authors of the halide exchange paper thank for helpful discussions?")
    assert query.metadata_field is None and query.asks_back_matter and query.documents == ("halide-paper",)
    # the title of a table or a figure of the paper: its caption says, not the paper's title line
    query = read("What is the title of Table 2 in the halide exchange paper?")
    assert query.metadata_field is None and query.labels == (("table", "2"),) and query.documents == ("halide-paper",)
    assert read("What is the title of the halide exchange paper?").metadata_field == "title"
    # the authors of a work it cites: that entry's, neither the byline nor the author contributions
    query = read("Who is the first author of the 2019 Org. Lett. paper on fluorocyclization that the halide exchange "
                 "paper cites?")
    assert query.metadata_field is None and not query.asks_back_matter and query.asks_publication
    # the record of another year's work is that of a work it cites, though the question says not "cites"
    dated = Library((EDITORIAL, LibraryDocument("halide-paper", HALIDES.title, HALIDES.surnames, year="2023"), REVIEW))
    own = "In which journal was the 2023 halide exchange paper published?"
    assert read(own, library=dated).metadata_field == "journal"
    other = ("The halide exchange paper compares its data with a 2022 paper on mechanochemical iodination. In which "
             "journal was it published?")
    assert read(other, library=dated).documents == ("halide-paper",)
    assert read(other, library=dated).metadata_field is None
    assert read(other).metadata_field == "journal"  # the paper's year unknown: its own record
    # nor is the record of a work by people who did not write the paper: one it cites
    theirs = "In which journal did the halide exchange paper by Nagae and Okuda appear?"
    assert read(theirs).metadata_field == "journal"
    cited = "Which volume does the halide exchange paper give for the Nature Communications paper by Sharma?"
    assert read(cited).documents == ("halide-paper",) and read(cited).metadata_field is None
    assert read("In which journal did the Goss group's halide exchange paper appear?").metadata_field is None
    quoted = "What is the DOI of 'Halide Exchange Catalyzed by Light in Perovskite Nanocrystals'?"
    assert read(quoted).metadata_field == "doi"  # words of a quoted title name no one
    assert read("Which author carried out the DFT calculations?").asks_back_matter
    # the authors of a work it cites, of another year or by other people: that entry names them, not the
    # author contributions, though the question says not "cites"
    dated_other = ("The DFT references of the 2023 halide exchange paper include a 1994 J. Phys. Chem. article. "
                   "Who are its first two authors?")
    assert not read(dated_other, library=dated).asks_back_matter
    assert not read("The halide exchange paper credits a study by Agarwal and co-workers. Which two authors follow "
                    "Agarwal?").asks_back_matter
    for library in (dated, LIBRARY):  # the paper's own year, or its year unknown: its own authors
        assert read("In the 2023 halide exchange paper, which author carried out the DFT calculations?",
                    library=library).asks_back_matter


@pytest.mark.parametrize("question, field", [
    ("In which journal, volume and article number was the halide exchange paper published?", "journal"),
    ("What is the DOI and page range of the halide exchange paper?", "doi"),
    ("Which university is the author of this editorial affiliated with?", None),
    ("Which spectrophotometer did the authors of the halide exchange paper use?", None),  # an instrument
    ("On what date was the halide exchange paper received?", "received"),
    ("In which journal issue and under which DOI was the halide exchange paper published?", "doi"),
])
def test_the_field_is_asked_when_the_first_wh_phrase_asks_for_it_whatever_follows(question, field):
    assert read(question).metadata_field == field


def test_a_repeated_question_is_read_as_it_was_the_first_time():
    first = read("What were its advantages?", history=["How were Ag clusters made?"])
    again = read("What were its advantages?", history=["How were Ag clusters made?", "What were its advantages?"])
    assert first.followup and again.repeat
    assert (again.text, again.context, again.tokens, again.context_tokens) == (
        first.text, first.context, first.tokens, first.context_tokens)


def test_a_question_too_long_for_the_model_keeps_its_last_sentences():
    framing = "I am preparing a talk and have read many papers on clusters over the years. " * 30
    query = read(framing + "Who wrote this editorial?", fits=lambda text: len(text) < 200, max_chars=4000)
    assert query.shortened and query.text.endswith("Who wrote this editorial?")
    assert query.metadata_field == "author" and query.documents == (EDITORIAL.doc_id,)


def test_references_named_by_number_and_formulas():
    query = read("What does reference 12 report about Au25(SR)18?")
    assert query.reference_numbers == (12,) and query.chemical_formulas == ("au25",)


def test_misspelled_words_are_read_as_the_librarys_and_names_are_left_alone():
    library = Library(LIBRARY.documents, frozenset(["region", "datasets", "overall", "yield", "smith"]))
    query = analyze("How many atoms are in the regoin? What overal yeild did Smyth report?", [], library)
    assert query.corrections == (("regoin", "region"), ("overal", "overall"), ("yeild", "yield"))
    assert "region" in query.text and "Smyth" in query.text
    # a word the answer types know is no misspelling, though the English lexicon lacks it ("funder", not "funded")
    funded = Library(LIBRARY.documents, frozenset(["funded", "supported"]))
    assert analyze("Which funder supported the study?", [], funded).corrections == ()


def test_a_compound_asked_open_is_searched_as_the_library_writes_it_closed():
    """"What is the band gap of BaZrS3?" of a review writing "bandgap" in most passages: the question's BM25 tokens
    hold the closed word too; not where the library writes it closed in fewer than CLOSED_PASSAGES passages (one
    passage's "poly(propylenecarbonate)"), nor for a word of fewer than CLOSED_PART letters ("in situ"), nor across
    punctuation."""
    from assistant.query import CLOSED_PASSAGES

    library = Library(LIBRARY.documents, passage_frequency={"bandgap": CLOSED_PASSAGES, "insitu": 9,
                                                            "propylenecarbon": CLOSED_PASSAGES - 1, "gapth": 9})
    assert "bandgap" in read("What is the band gap of BaZrS3?", library=library).tokens
    assert "bandgap" in read("What is the band-gap of BaZrS3?", library=library).tokens
    assert "propylenecarbon" not in read("How much CO2 is in poly(propylene carbonate)?", library=library).tokens
    assert "insitu" not in read("Was the film grown in situ?", library=library).tokens
    assert "gapth" not in read("What is the band gap? The value?", library=library).tokens
    assert "bandgap" not in read("What is the band gap of BaZrS3?").tokens  # a library counting no passage


def test_a_compound_asked_closed_is_searched_as_the_library_writes_it_open():
    """"Is the trifluoromethylphenyl oxazoline a solid?" of a paper writing "4-(trifluoromethyl)phenyl": the
    question's BM25 tokens hold the two words too; not where the library writes the closed word itself, nor for a
    part of fewer than text.TWO_WORDS_PART letters ("percent" is no "per cent"), nor a part held in fewer than
    CLOSED_PASSAGES passages."""
    from assistant.query import CLOSED_PASSAGES

    held = {"trifluoromethyl": CLOSED_PASSAGES, "phenyl": 40, "wave": 5, "number": 30, "per": 50, "cent": 9,
            "hydroxi": 2, "homopolym": 4, "homo": 9, "polym": 9}
    library = Library(LIBRARY.documents, passage_frequency=held)
    tokens = read("Is the trifluoromethylphenyl oxazoline a solid or an oil?", library=library).tokens
    assert {"trifluoromethyl", "phenyl"} <= set(tokens)
    assert {"wave", "number"} <= set(read("At what wavenumber is the band?", library=library).tokens)
    assert "cent" not in read("What percent was recovered?", library=library).tokens
    assert "phenyl" not in read("Which hydroxyphenyl dye?", library=library).tokens  # "hydroxy" in too few
    assert "homo" not in read("What homopolymer forms?", library=library).tokens  # the library writes it closed
    assert "phenyl" not in read("Is the trifluoromethylphenyl oxazoline a solid?").tokens  # no passage counted


def test_another_form_of_a_library_word_is_not_corrected_to_another_word():
    """"ethanolic" where the library writes "ethanol" and "ethanoic": the ethanol solution was read as
    acetic acid's; a neighbour of the same stem ("pentaborates" for "pentaborate") is still read."""
    library = Library(LIBRARY.documents, frozenset(["ethanol", "ethanoic", "pentaborates"]),
                      {"ethanol": 1, "ethano": 1, "pentabor": 1})
    assert analyze("Was the titration done with ethanolic KOH?", [], library).corrections == ()
    assert analyze("How many pentaborate compounds?", [], library).corrections == (("pentaborate", "pentaborates"),)


def test_a_misspelling_with_two_equally_close_words_is_read_the_same_in_every_process():
    # "zarbal" is one edit from each; the choice once followed a set's order, which the hash seed changes
    script = ("from assistant.query import Library; "
              "print(Library((), frozenset(['zurbal', 'zerbal', 'zorbal', 'zarbel'])).correct('zarbal'))")
    read = {subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout.strip() for seed in range(6)}
    assert read == {"zarbel"}


def test_a_misspelling_is_corrected_to_the_closest_words_within_two_edits():
    words = frozenset(["region", "regions", "begin", "heterometallic", "catalyst"])
    assert library_neighbours("regoin", words) == ["region"]  # a swap is one edit; "regions" is two
    assert set(library_neighbours("regin", words)) == {"begin", "region"}  # a substitution, an insertion
    assert library_neighbours("heteromettalic", words) == ["heterometallic"]  # two edits, in a long word
    assert library_neighbours("katalizt", words) == []  # three substitutions: no correction
    assert library_neighbours("region", words) == []  # the word itself is no correction


@pytest.mark.parametrize("question, asks", [(q, True) for q in question_rules()["cited_work"]["examples"]["asks"]]
                         + [(q, False) for q in question_rules()["cited_work"]["examples"]["does_not_ask"]])
def test_a_question_speaking_of_a_cited_work(question, asks):
    from assistant.query import asks_of_cited_work

    assert asks_of_cited_work(question) is asks


@pytest.mark.parametrize("question, asks", [(q, True) for q in question_rules()["back_matter"]["examples"]["asks"]]
                         + [(q, False) for q in question_rules()["back_matter"]["examples"]["does_not_ask"]])
def test_questions_about_thanks_and_funding_ask_for_the_back_matter(question, asks):
    assert analyze(question, [], LIBRARY).asks_back_matter is asks


@pytest.mark.parametrize("question, years", [
    ("Which 2016 J. Org. Chem. paper is cited for the rearrangement?", ("2016",)),
    ("Were the 1985 and 1962 results compared with the 1985 ones?", ("1985", "1962")),
    ("How many of the 2500 cells survived at 300 K?", ()),
])
def test_the_years_a_question_names(question, years):
    assert analyze(question, [], LIBRARY).years == years


@pytest.mark.parametrize("question, labels", [
    ("What does Figure 5 of the review compare?", (("figure", "5"),)),
    ("What does panel A of Fig. 2 show?", (("figure", "2"),)),
    ("What is depicted in Scheme 1 and in figure S3?", (("scheme", "1"), ("figure", "S3"))),
    ("Which functional did Brehm et al. use, per Table 2?", ()),  # a table's rows answer, not its caption
    ("How many figures does the review have?", ()),
])
def test_the_figures_and_schemes_a_question_names_by_number(question, labels):
    assert read(question).labels == labels


@pytest.mark.parametrize("question, labels", question_rules()["table_itself"]["examples"])
def test_a_table_named_by_number_is_asked_for_itself_only_for_its_title_or_subject(question, labels):
    assert read(question).labels == tuple(tuple(label) for label in labels)


@pytest.mark.parametrize("question, numbers", question_rules()["first_entry"]["examples"])
def test_the_reference_entries_a_question_names_by_number_or_as_the_first(question, numbers):
    assert read(question).reference_numbers == tuple(numbers)


@pytest.mark.parametrize("question, rows", question_rules()["numbered_rows"]["examples"])
def test_the_rows_a_question_names_by_number_in_a_table_it_names(question, rows):
    assert read(question).rows == tuple(rows)


def test_a_row_opens_with_its_entry_number():
    assert row_number("7 501\tyes\tcontig-3201000046_41") == "7"
    assert row_number("12\t[nBu4N]Cl\t380") == "12"
    assert row_number("150.5\t100") is None  # a value, not an entry's number
    assert row_number("SpH2/indole\t3\t22.9") is None


@pytest.mark.parametrize("question, short_forms", question_rules()["expansion"]["examples"])
def test_the_short_forms_whose_long_form_is_asked(question, short_forms):
    assert read(question).short_forms == tuple(short_forms)


@pytest.mark.parametrize("question, asks", [(q, True) for q in question_rules()["affiliation"]["examples"]["asks"]]
                         + [(q, False) for q in question_rules()["affiliation"]["examples"]["does_not_ask"]])
def test_questions_about_an_authors_institution_ask_for_the_affiliations(question, asks):
    assert analyze(question, [], LIBRARY).asks_affiliation is asks


@pytest.mark.parametrize("question, asks", [(q, True) for q in question_rules()["extreme"]["examples"]["asks"]]
                         + [(q, False) for q in question_rules()["extreme"]["examples"]["does_not_ask"]])
def test_a_superlative_in_the_wh_clause_asks_for_the_extreme(question, asks):
    assert read(question).extreme is asks


@pytest.mark.parametrize("question, document", question_rules()["titled_work"]["examples"])
def test_who_did_the_work_a_title_names_asks_for_that_papers_authors(question, document):
    query = read(question)
    assert query.metadata_field == ("author" if document else None)
    assert query.documents == (document,) or not document


@pytest.mark.parametrize("question, asks", [(q, True) for q in question_rules()["polar"]["examples"]["asks"]]
                         + [(q, False) for q in question_rules()["polar"]["examples"]["does_not_ask"]])
def test_yes_or_no_questions_open_with_an_auxiliary_verb(question, asks):
    assert read(question).polar is asks


def test_the_language_is_that_of_the_question_as_typed_not_as_corrected():
    # "wurde" is two edits from a library word; corrected first, the German question read as English
    library = Library(LIBRARY.documents, frozenset(["burd", "halogenase"]))
    assert analyze("Wie wurde die Halogenase SpH2 charakterisiert?", [], library).language == "de"


def test_a_journal_names_its_paper_only_by_its_whole_name():
    """"the Scientific Reports … paper" names the one in that journal; "the Science paper" is one a paper cites,
    not the one in Chemical Science."""
    library = Library((EDITORIAL,
                       LibraryDocument("caco", "Cationic Macrocyclic Catalysts for Copolymerization", ("Nagae",),
                                       journal="Chemical Science"),
                       LibraryDocument("qmmm", "Mechanistic Insights into Tryptophan Chlorination", ("Christov",),
                                       journal="Scientific Reports")))
    assert read("Which co-author of the Scientific Reports tryptophan paper revised the manuscript?",
                library=library).documents == ("qmmm",)
    assert read("In what year was the Science paper on neutral gold clusters published?",
                library=library).documents == ()


def test_authors_named_pick_the_paper_bylining_the_most_of_them():
    """Two papers of one group share a surname: "Schnepel, Dodero and Sewald's communication" is the one whose
    byline holds all three; "the Sewald paper" could be either."""
    library = Library((LibraryDocument("indigo", "Novel Arylindigoids", ("Schnepel", "Dodero", "Sewald")),
                       LibraryDocument("halogenases", "Two Novel Halogenases", ("Neubauer", "Kemker", "Sewald"))))
    assert read("When was Schnepel, Dodero and Sewald's communication received?", library=library).documents == ("indigo",)
    assert set(read("When was the Sewald paper received?", library=library).documents) == {"indigo", "halogenases"}


def test_the_words_of_a_compound_are_corrected_and_a_tie_goes_to_the_commoner_word():
    # "singel" is one edit from "single" and from the name "ringel"; "4-iodotoluene" is a compound's name
    library = Library(LIBRARY.documents, frozenset(["single", "ringel", "crystal", "water", "soluble"]))
    query = analyze("What did singel-crystal diffraction show about the watter-soluble 4-iodotolune?", [], library)
    assert query.corrections == (("singel", "single"), ("watter", "water"))
    # a British spelling is English: "litre" was read as the library's "like"; the library's own spelling is read
    british = Library(LIBRARY.documents, frozenset(["like", "crystallized"]))
    assert analyze("How many litres were crystallised?", [], british).corrections == (("crystallised", "crystallized"),)
    assert "single-crystal" in query.text and "4-iodotolune" in query.text


def test_the_technical_terms_of_a_question_are_read_after_correction():
    library = Library(LIBRARY.documents, frozenset(["methanesulfonic"]))
    assert analyze("What yield did methanesulfonc acid give?", [], library).terms == ("methanesulfonic",)


def test_a_unit_asked_by_its_name_is_no_technical_term():
    """"What step size, in femtoseconds, …" of a paper writing "The step size was 0.5 fs.": the unit's name is a
    word of the lexicon, not a term the answering paper must write (it was refused as one the paper lacks)."""
    assert analyze("What step size, in femtoseconds, was used for the halogenase?", [], LIBRARY).terms == ("halogenase",)


@pytest.mark.parametrize("question, speaks, numbers", [
    ("In the additive screening table, what PDI did the polymer have?", True, ()),
    ("According to Tab. 4 and Table S2, what ratio was found?", True, ("4", "S2")),
    ("What was tabulated for the stable clusters?", False, ()),
    ("In Table VIII of the 1991 paper, what Ti–N length is given?", True, ("8",)),  # in Roman numerals, as digits
])
def test_a_table_spoken_of_and_the_numbers_it_is_named_by(question, speaks, numbers):
    assert speaks_of_table(question) is speaks and tables_named(question) == numbers


@pytest.mark.parametrize("text, number", [("Tab. 3. Solvent Time of Conversion", "3"),
                                          ("Table S2 Screening of catalysts", "S2"), ("Entry Additive TON", None),
                                          ("Table VIII. Refined Mean Values for Constrained Bond Lengths", "8"),
                                          ("Tab. I. Chemical shifts d (in p.p.m.)", "1")])  # a scan's OCR of "Tab. 1."
def test_the_table_whose_label_opens_a_rows_text(text, number):
    assert table_opened(text) == number


@pytest.mark.parametrize("question, panels", [
    ("What does panel c of Figure 9 in the review present?", ("c",)),
    ("What do panels A and B of Figure 4 show?", ("a", "b")),
    ("What is plotted in panel (c) of Figure 6?", ("c",)),
    ("In Figure 6b of the PbS paper, how many sizes are plotted?", ("b",)),
    ("What does Fig. 2(b) show?", ("b",)),
    ("What do Figure 9 and Table 2 show?", ()),  # "and" is no panel
    ("What do the two panels of Scheme 1 depict?", ()),
    ("What does the panel at the top of Figure 3 show?", ()),
])
def test_the_panels_of_a_figure_a_question_asks_of(question, panels):
    from assistant.query import panels_named

    assert panels_named(question) == panels


@pytest.mark.parametrize("question, values", question_rules()["value_bounds"]["examples"])
def test_a_bound_on_the_value_asked_is_no_value_stated(question, values):
    assert read(question).values == tuple(values)


@pytest.mark.parametrize("question, values", question_rules()["approximate_values"]["examples"])
def test_a_value_stated_as_approximate_is_marked(question, values):
    assert read(question).values == tuple(values)


@pytest.mark.parametrize("question, media", question_rules()["value_medium"]["examples"])
def test_the_medium_a_value_is_asked_in(question, media):
    assert read(question).media == tuple(media)


@pytest.mark.parametrize("question, subjects", question_rules()["value_subject"]["examples"])
def test_the_terms_naming_what_a_value_is_asked_for(question, subjects):
    assert read(question).subjects == tuple(subjects)


@pytest.mark.parametrize("question, short_forms", [
    ("Which laser excited the dots for the PL lifetime measurements?", ("PL",)),
    ("Which laser excited the dots for the photoluminescence spectra and the PL lifetimes?", ()),  # spelled out
    ("What RMSE did SolvBERT reach?", ("RMSE",)),
])
def test_a_short_form_the_paper_must_write_unless_the_question_writes_its_word(question, short_forms):
    assert read(question).acronyms == short_forms


@pytest.mark.parametrize("question, subjects", question_rules()["auxiliary_subject"]["examples"])
def test_the_subject_of_the_auxiliary_names_what_a_value_is_asked_of(question, subjects):
    assert auxiliary_subjects(question, read(question).terms) == tuple(subjects)


@pytest.mark.parametrize("question, initials", [
    ("What was Haruki Nagae's contribution to the halide exchange paper?", ("HN",)),
    ("What did J. P. Okuda contribute to the halide exchange paper?", ("JPO",)),
    ("What did Nagae contribute to the halide exchange paper?", ()),  # no given name, no initials
    ("In Nagae's halide exchange paper, what did the second author contribute?", ()),  # "In" is no given name
    ("What did Marie Curie contribute to the halide exchange paper?", ()),  # not on its byline
    ("Which university is Haruki Nagae affiliated with?", ()),  # not the author's part in the work
])
def test_an_author_named_by_name_is_read_as_the_initials_of_the_author_contributions(question, initials):
    assert read(question).initials == initials


@pytest.mark.parametrize("question, marked, every", question_rules()["cited_names"]["examples"])
def test_the_names_a_question_gives_for_a_cited_works_authors(question, marked, every):
    assert cited_names(question) == (frozenset(marked), frozenset(every))


@pytest.mark.parametrize("question, words", question_rules()["conditions"]["examples"])
def test_the_words_of_the_conditions_a_value_is_asked_under(question, words):
    assert condition_words(question) == tuple(words)


@pytest.mark.parametrize("question, asked", question_rules()["drawback"]["examples"])
def test_a_drawback_asked(question, asked):
    from assistant.query import asks_drawback

    assert asks_drawback(question) is asked and analyze(question, [], LIBRARY).drawback is asked


@pytest.mark.parametrize("question, words", question_rules()["conditions"]["effect_asked"]["examples"])
def test_the_conditions_of_a_question_asking_how_something_changed(question, words):
    assert read(question).conditions == tuple(words)


@pytest.mark.parametrize("question, forms", question_rules()["degree_asked"]["examples"])
def test_the_property_a_question_asks_the_degree_of(question, forms):
    assert read(question).degree == tuple(forms)


@pytest.mark.parametrize("question, lists", question_rules()["people_named"]["examples"])
def test_the_people_whose_work_a_question_asks_of(question, lists):
    assert people_named(question) == tuple(tuple(names) for names in lists)
