"""PDF → text, on PDFs written at test time with fpdf2.

The paper below is typeset line by line (as journals do), so the test knows
where every line, hyphen, page break and script is: three pages with a
running header and a page number on each, a title, a byline, sub/superscripts
set by position (Au₂₅, CO₃²⁻, citation markers ¹,²) and by text rise (fpdf2's
own write()), a paragraph that fpdf2 wraps itself, words hyphenated at line
ends, paragraphs continuing across page breaks and a numbered reference list.
Smaller PDFs cover scripts sized by the text matrix (a content stream written
here), ligature glyphs (a TrueType font) and the files that must fail.
Assertions are on the exact text written, its blocks, pages and boxes.
"""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ContentStream

from collections import Counter

from assistant.chunking import ChunkingConfig, chunk_document
from assistant.ingest import load_document
from assistant.retrieval import back_matter
from assistant.types import ABOVE_TITLE
from assistant import pdf as pdf_module
from assistant.pdf import PdfError
from assistant.structure import drop_hyphen, hyphen_pairs, read_pdf

BODY, LEFT, WIDTH, STEP = 10.0, 72.0, 451.0, 12.0  # points; A4 is 595 × 842

TITLE = "Atomically Precise Gold Clusters for CO_{2} Reduction"
BYLINE = "Ada Lovelace,^{1} Marie Curie^{2} and Linus Pauling^{1}"
P1 = [  # indented first line; Au₂₅, ¹,², hydro-gen, ligand-protected, CO₃²⁻, ³⁻⁵
    "Gold nanoclusters such as Au_{25}(SR)_{18} are studied widely because their structures are",
    "known to the atom.^{1,2} Their electronic structure explains why the clusters take up hydro-",
    "gen readily at room temperature and why a shell of thiolates makes every ligand-",
    "protected cluster stable in air for months, even in solvents such as toluene or water.",
    "Carbonate ions (CO_{3}^{2-}) bind to the surface as well.^{3-5}",
]
P2 = (  # wrapped by fpdf2's write(), CO₂ set with text rise (Ts)
    "Ligand-protected clusters also catalyse the electrochemical reduction of CO_{2} to CO with a "
    "Faradaic efficiency of 95.1% over 30 h of electrolysis [2]. The active sites are the exposed "
    "metal atoms at the surface of the kernel, which bind the reactant more strongly than the atoms "
    "of a flat metal surface do. Replacing one gold atom by a silver, copper or platinum atom changes "
    "both the activity and the selectivity of the cluster, which makes doping a precise tool for the "
    "design of catalysts [3]. The same clusters emit light in the near infrared."
)
P3_PAGE1 = [  # continues on page 2 after "dis-"
    "The clusters were made by reducing a gold salt with sodium borohydride in the presence",
    "of the thiol, washed with methanol, dried under vacuum for a day, and were finally dis-",
]
P3_PAGE2 = [
    "solved in dichloromethane for the measurements that are described in the next section.",
    "All spectra were recorded at room temperature.",
]
P4_PAGE2 = [  # continues on page 3 without a hyphen
    "Mass spectrometry showed a single species, and X-ray crystallography gave the structure",
    "of the kernel.^{6} The electrocatalytic tests were run in a flow cell at 200 mA cm^{-2}, and",
    "the products were analysed by gas chromatography. The cluster kept its activity for a",
    "long time, which shows that the ligand shell protects the kernel during the electrolytic",
]
P4_PAGE3 = ["reaction as well as during storage.^{7}"]
REFERENCES = [  # (first line, continuation line)
    ("(1) Kang, X.; Li, Y.; Zhu, M.; Jin, R. Atomically precise alloy nanoclusters: syntheses,",
     "structures, and properties. Chem. Soc. Rev. 2020, 49, 6443-6514."),
    ("(2) Li, X.; Mitchell, S.; Fang, Y.; Li, J.; Lu, J. Advances in heterogeneous single-cluster",
     "catalysis. Nat. Rev. Chem. 2023, 7, 754-767."),
    ("(3) Pun, A. B.; Mazzotti, S.; Mule, A. S.; Norris, D. J. Understanding discrete growth in",
     "semiconductor nanocrystals. Acc. Chem. Res. 2021, 54, 1545-1554."),
    ("(4) Liu, J.-X.; Zhang, X.-B.; Yang, G.-Y. Polyoxometalate functionalized architectures.",
     "Coordin. Chem. Rev. 2020, 414, No. 213260."),
    ("(5) Guo, Y.; Wang, M.; Zhu, Q.; Xiao, D.; Ma, D. Ensemble effect for single-atom, small",
     "cluster and nanoparticle catalysts. Nat. Catal. 2022, 5, 766-776."),
    ("(6) Feng, L.; Hao, Y.; Liu, A.; Slanina, Z. Trapping metallic oxide clusters inside",
     "fullerene cages. Acc. Chem. Res. 2019, 52, 1802-1811."),
    ("(7) Maitland, B.; Wiesinger, M.; Langer, J.; Harder, S. A simple route to calcium and",
     "strontium hydride clusters. Angew. Chem., Int. Ed. 2017, 56, 11880-11884."),
]


class _Paper(FPDF):
    """A4 in points; a running header (sides swapped on even pages) and the page number."""

    def __init__(self) -> None:
        super().__init__(unit="pt", format="A4")
        self.set_auto_page_break(False)
        self.set_margins(LEFT, 40, LEFT)

    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        left, right = ("Editorial", "Precis. Chem. 2024, 2, 559-562")[:: 1 if self.page_no() % 2 else -1]
        self.text(LEFT, 40, left)
        self.text(LEFT + WIDTH - self.get_string_width(right), 40, right)

    def footer(self) -> None:
        self.set_font("Helvetica", "", 8)
        self.text(290, 815, str(558 + self.page_no()))


def _line(pdf: FPDF, y: float, text: str, size: float = BODY, style: str = "", indent: float = 0.0) -> float:
    """One printed line at baseline y, ^{…}/_{…} set smaller and raised/lowered; returns the next baseline."""
    x = LEFT + indent
    for part in filter(None, re.split(r"([\^_]\{[^}]*\})", text)):
        script = part[:2] in ("^{", "_{")
        pdf.set_font("Helvetica", style, size * (0.7 if script else 1))
        lift = (-0.35 if part[0] == "^" else 0.2) * size if script else 0.0  # fpdf2's y grows downwards
        body = part[2:-1] if script else part
        pdf.text(x, y + lift, body)
        x += pdf.get_string_width(body)
    return y + size * STEP / BODY


def _write_with_scripts(pdf: FPDF, text: str) -> None:
    """A paragraph wrapped by fpdf2 itself; _{…} becomes a subscript through fpdf2's text rise."""
    pdf.set_font("Helvetica", "", BODY)
    for part in filter(None, re.split(r"(_\{[^}]*\})", text)):
        pdf.char_vpos = "SUB" if part.startswith("_{") else "LINE"
        pdf.write(STEP, part[2:-1] if part.startswith("_{") else part)
    pdf.char_vpos = "LINE"


def _make_paper(path: Path) -> Path:
    pdf = _Paper()
    pdf.add_page()
    y = _line(pdf, 100, TITLE, size=16, style="B") + 6
    y = _line(pdf, y, BYLINE, size=11) + 4
    y = _line(pdf, y, "Published: October 30, 2024", size=8)
    y = _line(pdf, y, "https://doi.org/10.1021/prechem.4c00083", size=8) + 14
    for i, text in enumerate(P1):
        y = _line(pdf, y, text, indent=12 if i == 0 else 0)
    pdf.set_xy(LEFT, y)
    _write_with_scripts(pdf, P2)
    y = pdf.get_y() + 2 * STEP + 10
    for text in P3_PAGE1:
        y = _line(pdf, y, text)

    pdf.add_page()
    y = 100
    for text in P3_PAGE2:
        y = _line(pdf, y, text)
    y = _line(pdf, y + 10, "RESULTS AND DISCUSSION", style="B") + 6
    for i, text in enumerate(P4_PAGE2):
        y = _line(pdf, y, text, indent=12 if i == 0 else 0)

    pdf.add_page()
    y = _line(pdf, 100, P4_PAGE3[0]) + 12
    y = _line(pdf, y, "REFERENCES", style="B") + 4
    for first, rest in REFERENCES:
        y = _line(pdf, y, first, size=8)
        y = _line(pdf, y, rest, size=8, indent=14)
    pdf.output(str(path))
    return path


@pytest.fixture(scope="module")
def paper_pdf(tmp_path_factory) -> Path:
    return _make_paper(tmp_path_factory.mktemp("pdf") / "paper.pdf")


@pytest.fixture(scope="module")
def paper(paper_pdf):
    return read_pdf(paper_pdf)


def _blocks(reading, *kinds: str) -> list[str]:
    return [reading.source[s:e] for kind, _, s, e in reading.blocks if not kinds or kind in kinds]


def _page_of(reading, offset: int) -> int:
    return next(box.page for box in reading.boxes[offset:] if box is not None)


def test_the_paper_has_what_the_other_tests_rely_on(paper_pdf):
    """pypdf's own text shows the line-end hyphens, the page break and fpdf2's wrapping."""
    pages = [page.extract_text() for page in PdfReader(paper_pdf).pages]
    assert "hydro-\ngen" in pages[0] and "ligand-\nprotected" in pages[0]
    assert "finally dis-\n" in pages[0] and "\nsolved in" in pages[1]
    assert len(re.findall(r"\n", pages[0][pages[0].index("Ligand-protected") : pages[0].index("The clusters")])) >= 5


def test_title_and_byline_with_their_scripts(paper):
    assert _blocks(paper, "title") == ["Atomically Precise Gold Clusters for CO₂ Reduction"]
    assert _blocks(paper, "authors") == ["Ada Lovelace,¹ Marie Curie² and Linus Pauling¹"]


def test_sentences_survive_line_wraps_hyphens_and_page_breaks(paper):
    paragraphs = _blocks(paper, "body")
    expected = [
        "Gold nanoclusters such as Au₂₅(SR)₁₈ are studied widely because their structures are known "
        "to the atom.¹˒² Their electronic structure explains why the clusters take up hydrogen readily at "
        "room temperature and why a shell of thiolates makes every ligand-protected cluster stable in air "
        "for months, even in solvents such as toluene or water. Carbonate ions (CO₃²⁻) bind to the surface "
        "as well.³⁻⁵",
        # wrapped by fpdf2, subscript by text rise
        " ".join(P2.split()).replace("CO_{2}", "CO₂"),
        # hyphen at the end of page 1
        "The clusters were made by reducing a gold salt with sodium borohydride in the presence of the thiol, "
        "washed with methanol, dried under vacuum for a day, and were finally dissolved in dichloromethane "
        "for the measurements that are described in the next section. All spectra were recorded at room "
        "temperature.",
        # no hyphen at the end of page 2; cm⁻² is no citation marker
        "Mass spectrometry showed a single species, and X-ray crystallography gave the structure of the "
        "kernel.⁶ The electrocatalytic tests were run in a flow cell at 200 mA cm⁻², and the products were "
        "analysed by gas chromatography. The cluster kept its activity for a long time, which shows that the "
        "ligand shell protects the kernel during the electrolytic reaction as well as during storage.⁷",
    ]
    assert paragraphs == expected
    assert _blocks(paper, "heading") == ["RESULTS AND DISCUSSION", "REFERENCES"]


def test_the_hyphen_dropped_is_recorded(paper):
    hyphens = [(offset, repair.page) for offset, repair in paper.repairs if repair.kind == "hyphen"]
    word_at = lambda o: re.search(r"\w+$", paper.source[:o]).group() + re.match(r"\w+", paper.source[o:]).group()
    assert [(word_at(o), page) for o, page in hyphens] == [("hydrogen", 1), ("dissolved", 2)]


def test_headers_footers_and_page_numbers_are_gone(paper):
    assert "Editorial" not in paper.source
    assert not any(re.fullmatch(r"\d+", line) for line in paper.source.splitlines())
    # page 1's head cites the paper (journal, year, volume, pages): kept once, as a metadata line of page 1
    assert paper.source.count("559-562") == 1 and _page_of(paper, paper.source.index("559-562")) == 1
    assert _blocks(paper, "metadata") == ["Precis. Chem. 2024, 2, 559-562", "Published: October 30, 2024",
                                          "https://doi.org/10.1021/prechem.4c00083"]


def test_references_are_entries_with_their_numbers(paper):
    assert [(n, paper.source[s:e]) for n, s, e in paper.entries] == [
        (i, f"{first[4:]} {rest}") for i, (first, rest) in enumerate(REFERENCES, start=1)]


def test_every_character_keeps_its_page_and_box(paper):
    assert len(paper.boxes) == len(paper.source) and paper.pages == 3
    for needle, page in [
        ("Atomically Precise", 1), ("Their electronic structure", 1), ("The clusters were made", 1),
        ("solved in dichloromethane", 2), ("RESULTS AND DISCUSSION", 2), ("long time, which shows", 2),
        ("reaction as well as during storage", 3), ("Kang, X.", 3),
    ]:
        assert _page_of(paper, paper.source.index(needle)) == page, needle
    start = paper.source.index("Gold nanoclusters")
    box = paper.boxes[start]
    assert box.page == 1 and 71 <= box.x0 <= 85 and box.x1 - box.x0 < 10 and 0 < box.bottom - box.top < 14


def test_metadata_from_the_first_page(paper):
    assert paper.metadata == {
        "title": "Atomically Precise Gold Clusters for CO₂ Reduction",
        "authors": ["Ada Lovelace", "Marie Curie", "Linus Pauling"],
        "year": "2024",
        "doi": "10.1021/prechem.4c00083",
        "journal": "Precis. Chem.",  # from the running head of page 1
    }


def test_the_info_dictionary_fills_in_title_and_authors(tmp_path):
    pdf = FPDF(unit="pt")
    pdf.set_title("Whole-Process Precision Chemistry for Clusters")
    pdf.set_author("Jianping Xie")
    pdf.add_page()
    _line(pdf, 100, "A page of text in one size, so no title stands out.")
    pdf.output(str(tmp_path / "info.pdf"))
    metadata = read_pdf(tmp_path / "info.pdf").metadata
    assert metadata["title"] == "Whole-Process Precision Chemistry for Clusters"
    assert metadata["authors"] == ["Jianping Xie"]


def test_a_subtitle_set_in_the_titles_type_is_part_of_the_title(tmp_path):
    """A series' title and then the paper's, each a block of its own in the same large type (Makromol. Chem.,
    1985); the byline below, in the title's type too, stays the byline, its names without their marks."""
    pdf = FPDF(unit="pt")
    pdf.add_page()
    _line(pdf, 100, "The influence of molecular interaction on polymerization, 10", size=20)
    _line(pdf, 150, "On the copolymerization of methacrylic acid with styrene", size=20)
    _line(pdf, 200, "Hrissanta Boudevskab), Olga Todorova1", size=20)  # a scan reads the marks "b)", "1" into the names
    y = 260
    for _ in range(3):
        y = _line(pdf, y, "Free radical copolymerization of methacrylic acid with styrene is carried out in solvents.")
    pdf.output(str(tmp_path / "subtitle.pdf"))
    reading = read_pdf(tmp_path / "subtitle.pdf")
    assert reading.metadata["title"] == ("The influence of molecular interaction on polymerization, 10 "
                                         "On the copolymerization of methacrylic acid with styrene")
    assert reading.metadata["authors"] == ["Hrissanta Boudevska", "Olga Todorova"]


@pytest.mark.parametrize("subject, journal", [
    ("Scientific Reports, doi:10.1038/s41598-017-17789-x", "Scientific Reports"),
    ("Chemical Science (2023), 00, 1-7, doi:10.1039/D3SC00974B", "Chemical Science"),
    ("Gold clusters and their ligands", None),  # a subject that is no citation names no journal
])
def test_the_info_subject_names_the_journal_when_page_one_does_not(tmp_path, subject, journal):
    pdf = FPDF(unit="pt")
    pdf.set_subject(subject)
    pdf.add_page()
    _line(pdf, 100, "A page of text in one size, so no title stands out.")
    pdf.output(str(tmp_path / "subject.pdf"))
    assert read_pdf(tmp_path / "subject.pdf").metadata.get("journal") == journal


def test_page_one_banners_and_lone_affiliation_marks_are_metadata_not_sections_or_text(tmp_path):
    """Banner words set like headings ("OPEN", "Read Online"), a row of links and an affiliation's mark set
    apart from it are not sections or passages; the affiliation and the abstract stay text."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    y = _line(pdf, 80, "Gold Clusters Reduce Carbon Dioxide in Water", size=18, style="B")
    y = _line(pdf, y + 8, "Ada Lovelace and Marie Curie")
    y = _line(pdf, y + 8, "OPEN", size=14, style="B")
    y = _line(pdf, y + 8, "Read Online", style="B")
    y = _line(pdf, y + 8, "Metrics & More   Article Recommendations")
    y += 10
    for text in ("ABSTRACT: Gold clusters reduce carbon dioxide to carbon monoxide in water at room temperature.",
                 "The clusters keep their activity for thirty hours. Silver atoms in the kernel make them faster."):
        y = _line(pdf, y, text)
    y = _line(pdf, y + 10, "INTRODUCTION", style="B")
    y = _line(pdf, y + 4, "Clusters of gold atoms are known to the atom. Their ligands make them stable in air.")
    y = _line(pdf, 760, "1", size=7)
    _line(pdf, 770, "Department of Chemistry, Lovelace University, London, UK.", size=8)
    pdf.output(str(tmp_path / "banners.pdf"))
    document = load_document(tmp_path / "banners.pdf")
    sections = [(p.section, document.source[p.sentences[0].spans[0][0]:p.sentences[-1].spans[-1][1]])
                for p in document.paragraphs]
    assert [name for name, _ in sections] == ["Abstract", "INTRODUCTION", "INTRODUCTION"]
    assert sections[0][1].startswith("ABSTRACT: Gold clusters") and sections[2][1].startswith("Department of")
    metadata = [document.source[s.spans[0][0]:s.spans[-1][1]] for s in document.metadata_lines]
    assert {"OPEN", "Read Online", "1"} <= set(metadata) and any("Metrics & More" in m for m in metadata)


def test_running_text_above_the_title_stays_text_under_its_own_section(tmp_path):
    """A scanned issue's page may open with the end of the article before, above the title: that is text to
    search (in the section ABOVE_TITLE, out of the paper's back matter), not metadata; the running head a scan
    set in one block with it is the paper's citation line, and a banner word stays metadata."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    y = _line(pdf, 40, "J. Am. Chem. Soc. 1991, 113, 8889-8898")
    for text in ("of the donor is below that of the acceptor, so the rate constant is small. Thus the triplet",
                 "energy of the fullerene is near 34 kcal/mol. The quantum yield of singlet oxygen is 0.81."):
        y = _line(pdf, y + 2, text)
    y = _line(pdf, y + 16, "Acknowledgment. This work was supported by the Fullerene Foundation.")
    y = _line(pdf, y + 8, "OPEN", size=14, style="B")
    y = _line(pdf, y + 12, "Cycloadditions of Vinylimido Titanocenes", size=18, style="B")
    y = _line(pdf, y + 8, "Ada Lovelace and Marie Curie")
    y += 10
    for text in ("Abstract: Vinylimido complexes of titanocene add ketones in a formal cycloaddition at room",
                 "temperature. The products are stable in air. Their structures were solved by X-ray diffraction."):
        y = _line(pdf, y, text)
    pdf.output(str(tmp_path / "issue.pdf"))
    document = load_document(tmp_path / "issue.pdf")
    text = {document.source[p.sentences[0].spans[0][0]:p.sentences[-1].spans[-1][1]]: p.section
            for p in document.paragraphs}
    above = [t for t, section in text.items() if section == ABOVE_TITLE]
    assert any("quantum yield of singlet oxygen is 0.81" in t for t in above)
    assert any(t.startswith("Acknowledgment.") for t in above)
    assert any(section == "Abstract" for section in text.values())
    assert document.title == "Cycloadditions of Vinylimido Titanocenes"
    metadata = {document.source[s.spans[0][0]:s.spans[-1][1]]: s.label for s in document.metadata_lines}
    assert metadata.get("J. Am. Chem. Soc. 1991, 113, 8889-8898") == "journal" and "OPEN" in metadata
    chunks = chunk_document(document, ChunkingConfig())
    assert not back_matter(chunks)  # the acknowledgment above the title is another article's


def test_a_line_of_text_spaced_into_cells_stays_in_its_paragraph(tmp_path):
    """A scan's OCR leaves a wide gap where it missed a glyph ("… dark-red powder.   NMR (C6D6):   1.6-2.1"):
    that line, between two lines of its paragraph, is read as running text, not as a table's row; the rows of a
    table, with rows of cells beside them, stay a table."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    y = _line(pdf, 60, "Vinylimido Complexes of Titanocene", size=18, style="B")
    y = _line(pdf, y + 8, "Ada Lovelace and Marie Curie") + 10
    y = _line(pdf, y, "The crude material was dissolved in a minimum of benzene and layered with pentane,")
    pdf.set_font("Helvetica", "", BODY)
    pdf.text(LEFT, y, "affording the complex as a dark-red powder.")
    pdf.text(LEFT + 260, y, "NMR (C6D6):")
    pdf.text(LEFT + 380, y, "1.6-2.1")
    y = _line(pdf, y + STEP, "(m, 16 H, adamantyl), 2.75 (dd, 1 H, CH2), 5.59 (s, 5 H, Cp). The sample was kept")
    y = _line(pdf, y, "in the glovebox until it was used for the cycloaddition reactions described below.") + 14
    y = _line(pdf, y, "Table 1. Runs of the cycloaddition.") + 4
    for row in (("Solvent", "Time", "Yield"), ("benzene solution", "120", "85"), ("toluene solution", "90", "80")):
        pdf.set_font("Helvetica", "", BODY)
        for column, cell in enumerate(row):
            pdf.text(LEFT + 160 * column, y, cell)
        y += STEP
    pdf.output(str(tmp_path / "spaced.pdf"))
    document = load_document(tmp_path / "spaced.pdf")
    kinds = {document.source[p.sentences[0].spans[0][0]:p.sentences[-1].spans[-1][1]]: p.kind
             for p in document.paragraphs}
    body = [t for t, kind in kinds.items() if kind == "body"]
    assert any("dark-red powder. NMR (C6D6): 1.6-2.1 (m, 16 H, adamantyl)" in t.replace("\n", " ") for t in body)
    assert [t for t, kind in kinds.items() if kind == "table"] == [
        "Solvent\tTime\tYield", "benzene solution\t120\t85", "toluene solution\t90\t80"]


def test_page_ones_licence_at_its_foot_does_not_go_on_in_page_twos_text(tmp_path):
    """Page 1's text stops mid-sentence above the licence at its foot, in smaller type; page 2 goes on in lower
    case: the sentence runs on across the page in its own type size, and page 2's text is text to search, not
    part of the licence line."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    y = _line(pdf, 60, "Planctomycetes as a Source of Small Molecules", size=18, style="B")
    y = _line(pdf, y + 8, "Ada Lovelace and Marie Curie") + 14
    for text in ("About a decade ago, we asked whether a targeted cultivation approach is possible at all.",
                 "We coined the term deep-cultivation for such a"):
        y = _line(pdf, y, text)
    y = _line(pdf, 760, "https://doi.org/10.1016/j.example.2021.107818", size=BODY * 0.9)
    _line(pdf, y, "Received 30 April 2021; Accepted 18 August 2021. Published under the CC BY license.",
          size=BODY * 0.9)
    pdf.add_page()
    y = _line(pdf, 60, "hypothesis-driven approach. The underlying hypothesis was that large genomes and")
    _line(pdf, y, "complex lifestyles correlate with the production of bioactive small molecules.")
    pdf.output(str(tmp_path / "foot.pdf"))
    document = load_document(tmp_path / "foot.pdf")
    body = [document.source[p.sentences[0].spans[0][0]:p.sentences[-1].spans[-1][1]].replace("\n", " ")
            for p in document.paragraphs if p.kind == "body"]
    assert any("deep-cultivation for such a hypothesis-driven approach." in t for t in body)
    assert any("bioactive small molecules." in t for t in body)
    lines = [document.source[s.spans[0][0]:s.spans[-1][1]] for s in document.metadata_lines]
    assert not any("hypothesis" in line for line in lines)


def test_ingest_reads_the_pdf_as_a_document(paper_pdf):
    document = load_document(paper_pdf)
    assert document.title == "Atomically Precise Gold Clusters for CO₂ Reduction"
    assert [r.number for r in document.references] == list(range(1, 8))
    assert (document.references[0].journal, document.references[0].year) == ("Chem. Soc. Rev.", "2020")
    cited = {n for p in document.paragraphs for s in p.sentences for n in s.citations}
    assert cited == {1, 2, 3, 4, 5, 6, 7}
    assert document.page_of(document.source.index("solved in dichloromethane")) == 2


def test_scripts_sized_by_the_text_matrix(tmp_path):
    """Many journal PDFs set "1 Tf" once and size every run with Tm, with no font change at a script."""
    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 10)
    pdf.text(LEFT, 100, "placeholder")  # gives the page its Helvetica resource, /F1
    x1 = LEFT + pdf.get_string_width("Gold clusters Au")
    x2 = x1 + 0.7 * pdf.get_string_width("25")
    x3 = x2 + pdf.get_string_width("(SR) are studied.")
    x4 = x3 + 0.7 * pdf.get_string_width("1,2")
    content = (
        f"BT /F1 1 Tf 10 0 0 10 72 700 Tm (Gold clusters Au)Tj 7 0 0 7 {x1:.2f} 698 Tm (25)Tj "
        f"10 0 0 10 {x2:.2f} 700 Tm [(\\(SR\\))-278(are studied.)]TJ 7 0 0 7 {x3:.2f} 704 Tm (1,2)Tj "
        f"10 0 0 10 {x4:.2f} 700 Tm ( Next)Tj ET"
    )
    writer = PdfWriter(clone_from=io.BytesIO(pdf.output()))
    stream = ContentStream(None, writer)
    stream.set_data(content.encode("latin-1"))
    writer.pages[0].replace_contents(stream)
    writer.write(tmp_path / "tm.pdf")
    assert read_pdf(tmp_path / "tm.pdf").source == "Gold clusters Au₂₅(SR) are studied.¹˒² Next"


@pytest.mark.parametrize(("gap", "read"), [(0.12, "run for 5 ns today."), (0.03, "run for 5ns today.")])
def test_a_thin_space_between_a_value_and_its_unit_is_a_space(tmp_path, gap, read):
    """A typesetter's thin space (0.11-0.14 em, no space character in the file) parts a value from its unit;
    a kerned pair (a compound label "2a") stays one word."""
    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", "", BODY)
    pdf.text(LEFT, 100, "run for 5")
    pdf.text(LEFT + pdf.get_string_width("run for 5") + gap * BODY, 100, "ns today.")
    pdf.output(str(tmp_path / "thin.pdf"))
    assert read_pdf(tmp_path / "thin.pdf").source == read


@pytest.mark.parametrize(
    ("before", "after", "joined"),
    [
        ("hydro-", "gen", True),  # "hydrogen" is an English word
        ("Re-", "cently", True),  # a capitalised fragment is not an element when the joined word is known
        ("In-", "ternational", True),
        ("re-", "port", True),
        ("ligand-", "protected", False),  # both halves are words, the joined form is not
        ("co-", "workers", False),  # the compound is written so elsewhere
        ("self-", "assembly", False),  # "self-assembled" elsewhere in the document
        ("X-", "ray", False),  # one letter
        ("cat-", "Alysis", False),  # capital continuation
    ],
)
def test_line_end_hyphens(before, after, joined):
    vocabulary = Counter({"ligand": 2, "protected": 1, "co-workers": 1, "self-assembled": 1})
    assert drop_hyphen(before, after, vocabulary, hyphen_pairs(vocabulary)) is joined


DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs a TrueType font with ligature glyphs")
def test_ligature_glyphs_in_a_pdf(tmp_path):
    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("DejaVu", "", BODY)
    pdf.text(LEFT, 100, "The \ufb01rst e\ufb00ect \ufb02ows e\ufb03ciently.")
    pdf.output(str(tmp_path / "ligatures.pdf"))
    reading = read_pdf(tmp_path / "ligatures.pdf")
    assert reading.source == "The first effect flows efficiently."
    assert all(r.kind == "ligature" for _, r in reading.repairs)  # PDFium may spell them out itself


CHEMEURJ = Path(__file__).resolve().parents[2] / "shared" / "papers" / "wiley-chemeurj-2021-arylindigoids.pdf"


@pytest.mark.skipif(not CHEMEURJ.exists(), reason="the dev papers (../shared/papers) are not here")
def test_glyphs_without_unicode_in_an_embedded_font_are_not_read_as_their_raw_codes():
    """Chem. Eur. J.'s fonts give some glyphs no Unicode, and PDFium prints their raw codes ("C@H" for C–H,
    "Andr8s"); they are read as unmapped: guessed where the context tells, warned of where it does not."""
    reading = read_pdf(CHEMEURJ)
    assert "C@H" not in reading.source and "selective C–H functionalization" in reading.source
    assert "Andr8s" not in reading.source and "Fakult-t" not in reading.source
    assert any(r.kind == "glyph" and r.written == "–" for _, r in reading.repairs)
    assert any("page 1:" in w and "no Unicode" in w for w in reading.warnings)


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs a TrueType font to name in the symbol-font table")
def test_a_symbol_fonts_code_is_read_as_the_glyph_it_draws_and_recorded(tmp_path, monkeypatch):
    """A pi font draws another glyph for a code ("8" of AdvPi1 is the degree sign): its text is that glyph,
    and the code printed is kept as a repair; the same code in another font stays as it is."""
    # fpdf2 names the embedded font by its family and style: "DejaVuSansBook"
    monkeypatch.setattr(pdf_module, "_FONT_GLYPHS", {"DejaVuSansBook": {"8": "°"}})
    pdf = FPDF(unit="pt")
    pdf.add_page()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.set_font("Helvetica", "", BODY)
    pdf.text(LEFT, 100, "Stirred for 18 h at 25")
    degree, unit = LEFT + pdf.get_string_width("Stirred for 18 h at 25 "), LEFT + pdf.get_string_width("Stirred for 18 h at 25 8")
    pdf.text(unit, 100, "C.")
    pdf.set_font("DejaVu", "", BODY)
    pdf.text(degree, 100, "8")
    pdf.output(str(tmp_path / "pi.pdf"))
    reading = read_pdf(tmp_path / "pi.pdf")
    assert reading.source == "Stirred for 18 h at 25 °C."
    assert [(r.kind, r.printed, r.written) for _, r in reading.repairs] == [("glyph", "8", "°")]


@pytest.mark.skipif(not CHEMEURJ.exists(), reason="the dev papers (../shared/papers) are not here")
def test_the_degree_sign_of_a_wiley_pi_font_is_read_as_such():
    reading = read_pdf(CHEMEURJ)
    assert "at 25 °C" in reading.source and "258C" not in reading.source and " 8C" not in reading.source
    assert sum(r.kind == "glyph" and (r.printed, r.written) == ("8", "°") for _, r in reading.repairs) == 6


def test_a_pdf_without_text_is_an_error_naming_the_file(tmp_path):
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 100, style="F")  # what a scanned page is to a text extractor
    pdf.output(str(tmp_path / "scan.pdf"))
    with pytest.raises(PdfError, match=r"scan\.pdf.*no extractable text"):
        read_pdf(tmp_path / "scan.pdf")


def test_broken_and_encrypted_pdfs_are_errors_naming_the_file(tmp_path):
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\nnot really a pdf\n")
    with pytest.raises(PdfError, match=r"broken\.pdf"):
        read_pdf(tmp_path / "broken.pdf")
    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    pdf.text(20, 20, "Secret text.")
    pdf.output(str(tmp_path / "locked.pdf"))
    with pytest.raises(PdfError, match=r"locked\.pdf.*encrypted"):
        read_pdf(tmp_path / "locked.pdf")
    assert issubclass(PdfError, ValueError)


@pytest.mark.parametrize(("printed", "read"), [
    ("pages 12\ufffd19", "pages 12–19"),
    ("synthesized at 120 \ufffdC for 5 min", "synthesized at 120 °C for 5 min"),
    ("peak absorption (nm) temperature (\ufffdC) growth time", "peak absorption (nm) temperature (°C) growth time"),
    ("the UV\ufffdvis spectra of II\ufffdVI dots", "the UV–vis spectra of II–VI dots"),
    ("Bulovi\ufffd c, V.", "Bulovi\ufffd c, V."),  # no context tells: it stays unmapped (and is warned of)
    ("selective C\ufffdH activation", "selective C–H activation"),
    ("Fakult\ufffdt, Andr\ufffds, L\ufffdttke", "Fakult\ufffdt, Andr\ufffds, L\ufffdttke"),  # a letter of a name
    ("a titer of 280 mg L^{\ufffd1}", "a titer of 280 mg L^{−1}"),  # opening an exponent: a minus
])
def test_unmapped_glyphs_are_read_from_their_context_and_recorded(printed, read):
    from assistant.pdf import Line
    from assistant.structure import guess_unmapped

    line = Line(page=3, text=printed, boxes=[None] * len(printed), x0=0, top=0, x1=1, bottom=1, baseline=1,
                size=10, bold=False)
    guess_unmapped([line])
    assert line.text == read
    assert [(offset, r.written) for offset, r in line.repairs] == [
        (i, read[i]) for i, c in enumerate(printed) if c == "\ufffd" and read[i] != c]


def test_a_note_set_under_a_metadata_line_is_a_footnote_of_its_own():
    """RSC's foot of page 1: the ESI's DOI line, then "‡ Present address: …" right under it. The address is
    a footnote (an affiliation), not part of the DOI line; a metadata line wrapping onto a second line stays
    whole."""
    from assistant.pdf import Line
    from assistant.structure import Block, _split_metadata

    def lines(*texts):
        return [Line(page=1, text=t, boxes=[None] * len(t), x0=0, top=i, x1=1, bottom=i + 1, baseline=i + 1,
                     size=8, bold=False) for i, t in enumerate(texts)]

    noted = Block("metadata", lines("https://doi.org/10.1039/d3sc00974b",
                                    "‡ Present address: Interdisciplinary Research Center for Catalytic Chemistry",
                                    "(IRC3), National Institute of Advanced Industrial Science and Technology"))
    wrapped = Block("metadata", lines("Cite this: J. Org. Chem. 2023, 88,", "1424−1433"))
    split = _split_metadata([noted, wrapped])
    assert [(b.kind, b.text[:28]) for b in split] == [
        ("metadata", "https://doi.org/10.1039/d3sc"), ("footnote", "‡ Present address: Interdisc"),
        ("metadata", "Cite this: J. Org. Chem. 202")]


@pytest.mark.parametrize(("ocr_pages", "joined"), [(frozenset(), False), (frozenset({7, 8}), True)])
def test_a_paragraph_goes_on_over_a_page_in_the_sizes_a_scans_ocr_guessed(ocr_pages, joined):
    """A scan's OCR layer sizes each line by its glyphs ("… suggested for" 8.6, "the coupling of nitriles …" 7.2):
    on pages read from one, a paragraph going on after a page break is one within SAME_SIZE_SCANNED; a PDF's
    own fonts are set exactly, and there text in type so much smaller is a note or a table's title."""
    from assistant.pdf import Line
    from assistant.structure import Block, _join_continuations

    def block(page, text, size):
        return Block("body", [Line(page=page, text=text, boxes=[None] * len(text), x0=0, top=0, x1=1, bottom=1,
                                   baseline=1, size=size, bold=False)])

    blocks = [block(7, "a reaction path resembling that proposed for", 8.6),
              block(8, "the coupling of nitriles by scandium alkyl complexes.", 7.2)]
    assert len(_join_continuations(blocks, ocr_pages)) == (1 if joined else 2)


@pytest.mark.parametrize(("line", "cites"), [
    ("Chem. Eur. J. 2021, 27, 5404 – 5411", True),
    ("Biotechnology Advances 53 (2021) 107818", True),
    ("Makrornol. Chem. 186, I711 - I720 (1985)", True),  # volume, pages (a scan's "I" for 1), then the year
    ("VOL. 8 ’ NO. 6 ’ 6363–6371 ’ 2014", True),  # ACS's foot: volume, issue, pages, year
    ("SCientifiC REPO rTs | 7: 17395 | DOI:10.1038/s41598-017-17789-x", True),  # Nature's: volume, article number
    ("NATURE COMMUNICATIONS | (2020) 11:1234 | https://doi.org/10.1038/s41467-020-1234-5", True),
    ("Table 2 | entries 5: 3 | yield", False),
    ("WEIDMAN ET AL.", False),
    ("The films were annealed in 2014 at 6 different temperatures for 8 h.", False),
])
def test_a_line_citing_the_paper_gives_its_volume_and_year_and_little_more(line, cites):
    from assistant.structure import is_citation_line

    assert is_citation_line(line) is cites


def test_a_glyph_in_a_deep_box_does_not_put_the_next_line_out_of_order():
    """The lines of one paragraph, one of them holding a glyph whose box reaches into the next line ("scaling
    as much as 10× to yield", an unmapped ×): read by their baselines' pitch, the three lines are one region,
    in their order (by boxes alone the line below the deep one began a region of its own, and the third line
    joined the first's)."""
    from assistant.pdf import Line, PageReport, reading_order

    def line(text: str, baseline: float, bottom: float | None = None) -> Line:
        return Line(1, text, [], 64.7, baseline - 5.4, 266.0, bottom or baseline + 1.6, baseline, 7.7, False)

    lines = [line("have been successful so far in scaling as much as 10× to yield", 688.1, bottom=695.5),
             line("∼750 mg of product. In scaling up, we find the swiftness of the", 697.3, bottom=704.6),
             line("sulfur injection to be critical for replicating the growth kinetics", 706.4)]
    page = PageReport(1, lines, 612.0, 792.0)
    assert [l.text[:4] for l in reading_order(page)] == ["have", "∼750", "sulf"]


def test_a_scans_table_row_with_jittered_baselines_is_one_row():
    """A scan's OCR layer sets the cells of one row a point or two apart: within OCR_ROW_SHIFT they are one row,
    cells parted by tabs; read as born-digital (exact baselines) the same pieces stay apart."""
    from assistant.pdf import OCR_ROW_SHIFT, Line, table_rows

    def cell(text: str, x0: float, baseline: float) -> Line:
        return Line(1, text, [None] * len(text), x0, baseline - 7.9, x0 + 30, baseline + 1.9, baseline, 8.9, False)

    row = [cell("Chloroform", 44.8, 233.1), cell("270", 124.9, 233.4), cell("9.8", 185.6, 234.1),
           cell("8,4", 249.5, 234.3), cell("25,4", 308.8, 232.9)]
    below = [cell("150", 124.9, 245.2), cell("10,5", 249.5, 245.6), cell("33,6", 308.8, 244.9)]
    assert [l.text for l in table_rows(row + below, None, OCR_ROW_SHIFT)] == ["Chloroform\t270\t9.8\t8,4\t25,4",
                                                                             "150\t10,5\t33,6"]
    assert len(table_rows(row + below, None)) > 2


@pytest.mark.parametrize("lone, joined", [
    ("120", True),  # a number: the row's cell left of a gutter found between the table's columns
    ("10,5", True),
    ("1986, 5, 2081-2091.", False),  # a line of a reference entry in the left column
    ("tion.", False),  # a paragraph's last line
])
def test_a_lone_number_across_a_gutter_is_a_cell_of_the_row_beside_it(lone, joined):
    """A page mostly table may show a gutter between two of its columns: one number on one side of it and a row
    of cells on the other are one row; a line of text beside a row of cells is not."""
    from assistant.pdf import OCR_ROW_SHIFT, Line, table_rows

    def cell(text: str, x0: float, baseline: float) -> Line:
        return Line(1, text, [None] * len(text), x0, baseline - 7.9, x0 + 5 * len(text), baseline + 1.9, baseline,
                    8.9, False)

    row = [cell(lone, 160.0 - 5 * len(lone), 166.9), cell("1,7", 186.0, 167.9), cell("14,4", 246.0, 166.9), cell("46,7", 309.0, 167.6)]
    read = [l.text for l in table_rows(row, 167.7, OCR_ROW_SHIFT)]
    assert read == ([f"{lone}\t1,7\t14,4\t46,7"] if joined else [lone, "1,7\t14,4\t46,7"])


def test_a_line_opening_with_a_superscript_is_one_line():
    """"¹³C{¹H} NMR" at the start of a line: the raised, smaller "13" and the letters after it are one line (not
    a line "13", read as a footnote, and a line "C{¹H} NMR"); a smaller line of text well above is a line of
    its own."""
    from assistant.pdf import Char, _group_lines

    def run(text: str, x0: float, baseline: float, size: float) -> list[Char]:
        w = 0.5 * size
        return [Char(t, x0 + w * i, baseline - size, x0 + w * (i + 1), baseline, baseline, size, False, False)
                for i, t in enumerate(text)]

    script = run("13", 50.0, 96.5, 6.0)
    line = run("C NMR", 56.0, 100.0, 9.0)
    assert ["".join(c.text for c in l) for l in _group_lines(script + line, None)] == ["13C NMR"]
    above = run("note", 50.0, 88.0, 6.0)
    assert ["".join(c.text for c in l) for l in _group_lines(above + line, None)] == ["note", "C NMR"]


@pytest.mark.parametrize("gap, after, text", [
    (1.2, "= 2.0", "d_{C-Cl} = 2.0"),  # 0.12 em before a relation: its own space, as poppler prints it
    (0.3, "= 2.0", "d_{C-Cl}= 2.0"),  # run on: no space
    (1.2, "bond", "d_{C-Cl}bond"),  # a script run on into a word parts from it only at a wide gap
])
def test_a_relation_after_a_subscript_keeps_its_space(gap, after, text):
    from assistant.pdf import Char, _make_line

    def run(chars: str, x0: float, size: float, baseline: float) -> list[Char]:
        w = 0.5 * size
        return [Char(t, x0 + w * i, baseline - size, x0 + w * (i + 1), baseline, baseline, size, False, t == " ")
                for i, t in enumerate(chars)]

    body = run("d", 50.0, 10.0, 100.0)
    script = run("C-Cl", body[-1].x1, 6.0, 102.5)
    rest = run(after, script[-1].x1 + gap, 10.0, 100.0)
    assert _make_line(body + script + rest, 1).text == text


@pytest.mark.parametrize("ocr, text", [
    (True, "complex 5c as the sole CH₃ group"),  # a scan's OCR layer: a small word alone is a word, "3" glued a script
    (False, "complex 5c _{as} the sole CH₃ group"),  # set type: what is set small and low is a script
])
def test_a_word_standing_alone_on_an_ocr_layer_is_no_script(ocr, text):
    from assistant.pdf import Char, _make_line

    chars, x = [], 50.0
    for word, size, baseline in [("complex", 10.0, 100.0), ("5c", 10.0, 100.0), ("as", 6.0, 101.5), ("the", 10.0, 100.0),
                                 ("sole", 10.0, 100.0), ("CH", 10.0, 100.0), ("3", 6.0, 101.5), ("group", 10.0, 100.0)]:
        if word != "3":
            chars.append(Char(" ", x, baseline - 10.0, x + 2.5, baseline, baseline, 10.0, False, True))
            x += 2.5
        for t in word:
            chars.append(Char(t, x, baseline - size, x + 0.5 * size, baseline, baseline, size, False, False))
            x += 0.5 * size
    assert _make_line(chars[1:], 1, ocr).text == text


@pytest.mark.parametrize("left, right, cells", [
    ("1", "30", ["1", "30"]),  # an entry number and a value: two cells of a table row
    ("5", "2.5", ["5", "2.5"]),
    ("12", "Smith, J. Chem. Rev.", ["12 Smith, J. Chem. Rev."]),  # a reference entry's number set in the margin
    ("1.", "30 mg of the salt", ["1. 30 mg of the salt"]),  # a list item's label, with its period
    ("[3]", "42", ["[3] 42"]),
])
def test_a_bare_number_beside_a_number_is_two_cells_not_a_label(left, right, cells):
    from assistant.pdf import CELL_GAP, Char, _split_cells

    def word(text: str, x0: float) -> list[Char]:
        return [Char(t, x0 + 5 * i, 0.0, x0 + 5 * (i + 1), 10.0, 8.0, 10.0, False, False) for i, t in enumerate(text)]

    gap = 2 * CELL_GAP * 10.0
    start = 5 * len(left) + gap
    parts = _split_cells(word(left, 0.0) + [Char(" ", 5 * len(left), 0.0, start, 10.0, 8.0, 10.0, False, True)]
                         + word(right, start))
    assert ["".join(c.text for c in p) for p in parts] == cells


@pytest.mark.parametrize("above, lone, joined", [
    ("GC,", "Pt", True),  # a list cut at its comma: the cell's next line
    ("GC", "Pt", False),  # a finished cell: the lone word is a row of its own
])
def test_a_wrapped_cell_of_a_table_set_solid_is_one_cell(above, lone, joined):
    """A row "1 | TfOH (5.0) | GC, | 5" whose third cell wraps onto the next baseline, the row's other columns
    empty there: the lone piece is the cell's next line, but only where the cell above is cut open."""
    from assistant.pdf import Line, table_rows

    def cell(text: str, x0: float, baseline: float) -> Line:
        return Line(1, text, [None] * len(text), x0, baseline - 7.0, x0 + 5 * len(text), baseline + 2.0, baseline,
                    8.0, False)

    row = [cell("1", 40.0, 100.0), cell("TfOH (5.0)", 70.0, 100.0), cell(above, 140.0, 100.0), cell("5", 180.0, 100.0)]
    below = [cell(lone, 142.0, 109.5)]
    after = [cell("2", 40.0, 119.0), cell("none", 70.0, 119.0), cell("GC", 140.0, 119.0), cell("5", 180.0, 119.0)]
    read = [l.text for l in table_rows(row + below + after, None)]
    if joined:
        assert read == [f"1\tTfOH (5.0)\t{above}\n{lone}\t5", "2\tnone\tGC\t5"]
    else:
        assert read == [f"1\tTfOH (5.0)\t{above}\t5", lone, "2\tnone\tGC\t5"]


@pytest.mark.parametrize("last, joined", [
    (">99%,", True),  # a cell cut at its comma: the baseline below holds the next lines of two cells
    (">99%", False),  # every cell finished: the pieces below are a row of their own
])
def test_several_cells_of_a_table_row_may_wrap_at_once(last, joined):
    """A row "2 | CLEA | 1.0 | >99%," whose second and fourth cells go on below ("(1.5 L culture)", "60%"), the
    first column empty there: each piece is its cell's next line (Chem. Eur. J. 2021, Table 1)."""
    from assistant.pdf import Line, table_rows

    def cell(text: str, x0: float, baseline: float) -> Line:
        return Line(1, text, [None] * len(text), x0, baseline - 7.0, x0 + 4 * len(text), baseline + 2.0, baseline,
                    8.0, False)

    row = [cell("2", 40.0, 100.0), cell("CLEA", 70.0, 100.0), cell("1.0", 160.0, 100.0), cell(last, 200.0, 100.0)]
    below = [cell("(1.5 L culture)", 70.0, 109.5), cell("60%", 200.0, 109.5)]
    read = [l.text for l in table_rows(row + below, None)]
    if joined:
        assert read == [f"2\tCLEA\n(1.5 L culture)\t1.0\t{last}\n60%"]
    else:
        assert read == [f"2\tCLEA\t1.0\t{last}", "(1.5 L culture)", "60%"]  # two pieces, no gutter: apart


@pytest.mark.parametrize("printed, caption", [
    ("Table VIII. Refined Mean Values for Constrained Bond Lengths", True),  # numbered in Roman numerals (1991)
    ("Scheme II. Proposed mechanism", True),
    ("Table 3. Active site interactions", True),
    ("Table I shows the crystal data.", False),  # no label set apart: a sentence of the body
    ("Table in the glovebox.", False),
])
def test_a_caption_label_numbered_in_digits_or_roman_numerals(printed, caption):
    from assistant.pdf import Line
    from assistant.structure import is_caption
    from assistant.text import opens_with_label

    line = Line(page=1, text=printed, boxes=[None] * len(printed), x0=0, top=0, x1=1, bottom=1, baseline=1,
                size=10, bold=False)
    assert is_caption(line, small=False) is caption
    assert not opens_with_label("Table III. Atomic Coordinates", (("table", "I"),))  # not a longer numeral
    assert opens_with_label("Table I. Crystal Data", (("table", "I"),))
    # the number either way: a reader asks for "Table 2" of a paper printing "Table II" (text.label_number)
    assert opens_with_label("Table II. Crystal Data", (("table", "2"),)) and opens_with_label("Table 4", (("table", "IV"),))
    assert not opens_with_label("Table III. Atomic Coordinates", (("table", "2"),))


def test_a_space_generated_inside_an_accented_letter_is_no_word_gap():
    """"A. Çelik", "A.-Ş., Salcher": the cedilla is a glyph of its own, set back over its letter, and PDFium
    generates a space after it that lies inside the letter. Composed, the letter reads "Ç" and the space is
    dropped; a space after the letter, where the next word starts, stays."""
    from assistant.pdf import Char, _make_line

    def char(text, x0, x1, space=False):
        return Char(text, x0, 0.0, x1, 10.0, 8.0, 10.0, False, space)

    def initial_and_c(space: Char, shift: float) -> list[Char]:
        # "Ç" + "elik" as PDFium gives them: C, then the cedilla over it, then a space, then the rest
        return [char("A", 0.0, 6.0), char(".", 6.0, 8.0), char(" ", 8.0, 10.5, space=True), char("C", 10.5, 17.0),
                char("\u00b8", 12.0, 14.5), space] + [char(t, x0 + shift, x1 + shift) for t, x0, x1 in
                                                      (("e", 17.0, 22.0), ("l", 22.0, 24.0), ("k", 24.0, 29.0))]

    # the generated space of no width lies inside the C
    assert _make_line(initial_and_c(char(" ", 12.0, 12.0, space=True), 0.0), 1).text == "A. Çelk"
    # a space after the letter, where a gap follows it, is a word space
    assert _make_line(initial_and_c(char(" ", 17.0, 19.5, space=True), 2.5), 1).text == "A. Ç elk"


@pytest.mark.parametrize("first, joined", [
    ("Table IV. Bond Lengths (A) for", True),  # cut on a word that cannot end a caption
    ("Table IV. Bond lengths of the two molecules.", False),
])
def test_a_caption_cut_on_an_open_word_goes_on_in_the_next_line_whatever_its_type(first, joined):
    """A scan's OCR sizes each line by its own glyphs and sets a caption's second line well below its first:
    the caption goes on there when its line ends on a word like "for"; a caption ending its sentence does not,
    and the table's rows below start blocks of their own."""
    from assistant.pdf import Line
    from assistant.structure import _Layout, _split_blocks

    def line(text: str, top: float, size: float, cells: int = 1) -> Line:
        return Line(5, text, [None] * len(text), 57.0, top, 250.0, top + size, top + 0.8 * size, size, False,
                    column="left", cells=cells)

    caption = [line(first, 364.2, 7.5), line("Cp2TiN=C(1-adamantyl)CH2C(CH3)2O (7b)", 378.6, 8.5)]
    row = line("Ti-O\t1.878 (8)\tC(O)-C(H2)\t1.520 (16)", 389.2, 8.7, cells=4)
    blocks = _split_blocks([*caption, row], _Layout(size=9.0, pitch=10.0, line_width=250.0))
    assert [[l.text for l in block] for block in blocks] == (
        [[l.text for l in caption], [row.text]] if joined else [[caption[0].text], [caption[1].text], [row.text]])
