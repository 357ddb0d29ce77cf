"""Three PDFs added with `assistant add`, asked across and within one, with page-level citations."""
from __future__ import annotations

import json
import shutil

import pytest
from fpdf import FPDF

from tests.conftest import CORPUS, write_config
from tests.test_cli import run

PAPERS = {
    "palladium.pdf": ("Palladium Clusters for Cross-Coupling", "Grace Hopper and Alan Turing", [
        "Cross-coupling reactions join two carbon fragments and are central to drug synthesis.",
        "Pd13 clusters supported on ceria catalysed the Suzuki coupling at room temperature with a turnover "
        "number above ten thousand [1]. The ceria support donates electrons to the cluster, which speeds up "
        "the oxidative addition of the aryl halide [2].",
        "The clusters kept their size after five catalytic cycles, as electron microscopy showed.",
    ]),
    "silver.pdf": ("Silver Nanoclusters as Antibacterial Agents", "Rosalind Franklin", [
        "Silver has been used against bacteria for centuries, but nanoclusters allow precise dosing. All data "
        "are deposited at https://doi.org/10.5555/silver.2024.17.",
        "Ag44 clusters protected by mercaptobenzoic acid killed Escherichia coli at a concentration of two "
        "micrograms per millilitre [1]. Their activity comes from the slow release of silver ions [2].",
        "The clusters were not toxic to human skin cells at the same concentration.",
    ]),
    "copper.pdf": ("Copper Hydride Clusters for Hydrogen Storage", "Dorothy Hodgkin", [
        "Hydrogen storage needs materials that release hydrogen at mild temperatures.",
        "Cu25 hydride clusters released hydrogen at 80 degrees Celsius and took it up again under one bar "
        "of hydrogen [1]. Neutron diffraction located the hydrides inside the copper kernel [2].",
        "The capacity stayed constant for twenty cycles of uptake and release.",
    ]),
}
REFERENCES = ["Smith, J. A first cited paper. J. Catal. 2020, 1, 1-10.",
              "Jones, K. A second cited paper. ACS Catal. 2021, 2, 11-20."]
# printed after the reference list, as Wiley prints a paper's dates
TRAILERS = {"copper.pdf": "Manuscript received: December 3, 2020"}
# a running head on every page that cites the paper, as Elsevier and Wiley print one
HEADS = {"silver.pdf": "Journal of Cluster Science 53 (2024) 107818"}
# arXiv's identifier stamp, set up the left margin of page 1
STAMPS = {"palladium.pdf": "arXiv:2407.01603v3 [physics.chem-ph] 14 Nov 2024"}


def make_pdf(path, title, authors, paragraphs, trailer=None, head=None, stamp=None):
    """A two-page paper: title, byline, a paragraph per page break, a numbered reference list, a trailer, a
    running head, a stamp turned 90° in the margin of page 1."""
    pdf = FPDF(format="A4")
    line = lambda height, text: pdf.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=10)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    line(8, title)
    pdf.set_font("Helvetica", size=11)
    line(6, authors)
    pdf.ln(6)
    pdf.set_font("Helvetica", size=10)
    for number, paragraph in enumerate(paragraphs):
        if number == 2:
            pdf.add_page()
        line(5, paragraph)
        pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    line(5, "References")
    pdf.set_font("Helvetica", size=10)
    for number, reference in enumerate(REFERENCES, start=1):
        line(5, f"[{number}] {reference}")
    if trailer:
        pdf.ln(6)
        line(5, trailer)
    if stamp:
        pdf.page = 1
        pdf.set_font("Times", "", 14)
        with pdf.rotation(90, 6, 200):
            pdf.text(6, 200, stamp)
    if head:
        pdf.set_font("Helvetica", "I", 8)
        for page in range(1, pdf.page_no() + 1):
            pdf.page = page
            pdf.text(pdf.l_margin, 6, head)
    pdf.output(str(path))


@pytest.fixture(scope="module")
def pdf_corpus(tmp_path_factory):
    directory = tmp_path_factory.mktemp("pdfs")
    corpus = directory / "corpus"
    shutil.copytree(CORPUS, corpus)
    config = write_config(directory, corpus)
    papers = directory / "incoming"
    papers.mkdir()
    for name, (title, authors, paragraphs) in PAPERS.items():
        make_pdf(papers / name, title, authors, paragraphs, TRAILERS.get(name), HEADS.get(name), STAMPS.get(name))
    result = run(config, "add", *(str(papers / name) for name in PAPERS))
    assert result.returncode == 0, result.stderr
    return config


def ask(config, question, *extra):
    result = run(config, "ask", question, "--json", *extra)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_added_pdfs_are_listed(pdf_corpus):
    result = run(pdf_corpus, "docs")
    assert result.returncode == 0, result.stderr
    for name, (title, _, _) in PAPERS.items():
        assert title in result.stdout and name in result.stdout
    assert "Whole-Process Precision Chemistry for Clusters" in result.stdout


def test_ask_across_documents_with_page_citations(pdf_corpus):
    answer = ask(pdf_corpus, "At what temperature did the copper hydride clusters release hydrogen?")
    top = answer["passages"][0]
    assert top["doc_id"] == "copper" and top["title"] == "Copper Hydride Clusters for Hydrogen Storage"
    assert "80 degrees Celsius" in answer["answer"]
    assert top["page"] == 1
    assert [r["number"] for r in top["references"]] == [1, 2]
    assert top["references"][0]["text"].startswith("Smith, J. A first cited paper.")

    later = ask(pdf_corpus, "How many cycles did the copper hydride capacity stay constant?")
    assert "twenty cycles" in later["answer"] and later["passages"][0]["page"] == 2


def test_ask_within_one_document(pdf_corpus):
    question = "Which clusters killed Escherichia coli?"
    within = ask(pdf_corpus, question, "--doc", "silver")
    assert {p["doc_id"] for p in within["passages"]} == {"silver"}
    assert "Ag44 clusters" in within["answer"]
    elsewhere = ask(pdf_corpus, question, "--doc", "palladium")
    assert {p["doc_id"] for p in elsewhere["passages"]} == {"palladium"}
    assert "Ag44" not in elsewhere["answer"]


def test_a_doi_printed_only_in_the_text_answers_the_papers_doi(pdf_corpus):
    """No labelled "DOI:" line: the sentence of the paper (not of its reference entries) that prints it."""
    answer = ask(pdf_corpus, "What is the DOI of the silver nanoclusters paper?")
    assert not answer["abstained"]
    assert answer["answer"].startswith("All data are deposited at https://doi.org/10.5555/silver.2024.17.")
    assert answer["answer_spans"][0]["doc_id"] == "silver" and answer["passages"][0]["page"] == 1
    assert "does not state its DOI" in ask(pdf_corpus, "What is the DOI of the copper hydride paper?")["answer"]


def test_a_date_printed_after_the_references_answers_when_the_paper_was_received(pdf_corpus):
    """Not on page 1: the line after the reference list, read as the paper's metadata, not as its last entry."""
    answer = ask(pdf_corpus, "On what date was the copper hydride paper received?")
    assert answer["answer"].startswith("Manuscript received: December 3, 2020") and not answer["abstained"]
    assert "does not state its date of receipt" in ask(pdf_corpus, "When was the silver nanoclusters paper received?")["answer"]
    refs = run(pdf_corpus, "refs", "copper", "--format", "json")
    assert [e["text"] for e in json.loads(refs.stdout)] == REFERENCES


def test_a_running_head_citing_the_paper_answers_its_journal(pdf_corpus):
    """Printed as a running head only, the paper's citation is kept once, as a metadata line of page 1."""
    answer = ask(pdf_corpus, "In which journal and volume was the silver nanoclusters paper published?")
    assert answer["answer"].startswith("Journal of Cluster Science 53 (2024) 107818") and not answer["abstained"]
    assert answer["answer_spans"][0]["page"] == 1
    assert "does not state its journal" in ask(pdf_corpus, "Which journal published the copper hydride paper?")["answer"]


def test_the_arxiv_stamp_in_the_margin_answers_the_preprints_identifier(pdf_corpus):
    answer = ask(pdf_corpus, "What is the arXiv identifier of the palladium clusters paper?")
    assert answer["answer"].startswith("arXiv:2407.01603v3 [physics.chem-ph] 14 Nov 2024") and not answer["abstained"]
    assert answer["answer_spans"][0]["page"] == 1
    assert "does not state its arXiv identifier" in ask(pdf_corpus, "What is the arXiv identifier of the silver paper?")["answer"]
    # the stamp is not text of the paper's passages
    assert "arXiv" not in ask(pdf_corpus, "Which clusters catalysed the Suzuki coupling?")["answer"]


def test_the_editorial_still_answers(pdf_corpus):
    answer = ask(pdf_corpus, "Why does the Au26.3Ag17.7 cluster luminesce more strongly?")
    assert "enhanced photoluminescence due to lower symmetry" in answer["answer"]
    assert answer["passages"][0]["page"] == 0  # a text file has no pages


def test_inspect_shows_how_a_paper_was_read(pdf_corpus):
    result = run(pdf_corpus, "inspect", "copper", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["doc_id"] == "copper"
    assert report["metadata"]["title"] == "Copper Hydride Clusters for Hydrogen Storage"
    assert report["metadata"]["authors"] == ["Dorothy Hodgkin"]
    assert [r["number"] for r in report["references"]] == [1, 2]
    assert (report["references"][1]["authors"], report["references"][1]["journal"],
            report["references"][1]["year"]) == ("Jones, K.", "ACS Catal.", "2021")
    assert {p["kind"] for p in report["paragraphs"]} == {"body"}
    assert [p["page"] for p in report["paragraphs"] if p["text"].startswith("The capacity")] == [2]
    assert [c["numbers"] for c in report["citations"]] == [[1], [2]]
    text = run(pdf_corpus, "inspect", "copper.pdf")  # the file name works too; the human form
    assert text.returncode == 0 and "== References (2)" in text.stdout
    missing = run(pdf_corpus, "inspect", "nickel")
    assert missing.returncode == 2 and "copper" in missing.stderr


def test_add_refuses_what_it_cannot_index_and_skips_duplicates(pdf_corpus, tmp_path):
    locked = tmp_path / "locked.pdf"
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    pdf.text(20, 20, "Secret text.")
    pdf.output(str(locked))
    result = run(pdf_corpus, "add", str(locked))
    assert result.returncode == 2 and "locked.pdf" in result.stderr and "encrypted" in result.stderr
    corpus = pdf_corpus.parent / "corpus"
    assert not (corpus / "locked.pdf").exists()
    twin = tmp_path / "copper again.pdf"
    shutil.copyfile(corpus / "copper.pdf", twin)
    result = run(pdf_corpus, "add", str(twin))
    assert result.returncode == 0 and "already in the corpus as copper.pdf" in result.stderr
    assert not (corpus / twin.name).exists()
