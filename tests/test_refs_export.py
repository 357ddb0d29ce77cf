"""`assistant refs`: a document's reference entries as BibTeX, RIS and JSON (assistant/export.py).

The BibTeX and RIS are read back with the libraries that wrote them (bibtexparser, rispy) and compared field
by field with the JSON.
"""
from __future__ import annotations

import dataclasses
import json
import shutil

import bibtexparser
import pytest
import rispy
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import export
from assistant.cli import main
from assistant.structure import read_pdf
from assistant.types import Document, Reference
from tests.conftest import REPO, write_config

PAPERS = REPO.parent / "shared" / "papers"  # the dev papers (not in the repository, nor on CI)


def reference(number: int, text: str = "", **fields: str) -> Reference:
    return Reference(number=number, text=text or f"Entry {number}.", spans=((0, 1),), **fields)


def document(*references: Reference, **metadata) -> Document:
    return Document(doc_id="doc", path="doc.md", source="x", title=metadata.get("title", "doc"), metadata=metadata,
                    metadata_lines=(), paragraphs=(), references=tuple(references))


ACS = reference(1, "O’Mahony, D.; Smith, J. A. Asymmetric Oxidation. J. Sulfur Chem. 2013, 34, 301−334.",
                authors="O’Mahony, D.; Smith, J. A.", title="Asymmetric Oxidation", journal="J. Sulfur Chem.",
                year="2013", volume="34", pages="301−334")
UNPARSED = reference(2, "Personal communication from the late Dr. X, 1999, on 50% of the samples.")


# --numbers ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("spec, numbers", [("3,5-7", [3, 5, 6, 7]), (" 7 , 3,3 ", [3, 7]), ("1-8", list(range(1, 9))),
                                           ("2–4", [2, 3, 4]), ("5-5", [5])])
def test_numbers_name_entries_in_order_once(spec, numbers):
    assert export.parse_numbers(spec, range(1, 9)) == numbers


@pytest.mark.parametrize("spec, says", [("", "no entry numbers"), ("a", "'a' is not an entry number"),
                                        ("3,,5", "'' is not an entry number"), ("7-5", "runs backwards"),
                                        ("-3", "'-3' is not"), ("3.5", "'3.5' is not"),
                                        ("0,9-12", "no entry 0, 9-12 in this document; its entries are 1-8"),
                                        ("1-1000000000", "no entry 9-1000000000")])
def test_bad_numbers_are_refused_by_name(spec, says):
    with pytest.raises(ValueError, match=f"^{says}" if says.startswith("no entry ") else None) as error:
        export.parse_numbers(spec, range(1, 9))
    assert says in str(error.value)


def test_numbers_of_a_document_with_gaps_and_without_entries():
    with pytest.raises(ValueError, match="no entry 3 in this document; its entries are 1-2, 4"):
        export.parse_numbers("2-4", [1, 2, 4])
    with pytest.raises(ValueError, match="it has no reference entries"):
        export.parse_numbers("1", [])
    with pytest.raises(ValueError, match="no entry 9"):
        export.entries_json(document(ACS), [1, 9])


# authors --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("printed, names, et_al", [
    ("Smith, J.; Jones, K. A.", ["Smith, J.", "Jones, K. A."], False),  # ACS, MDPI, Beilstein
    ("Schmitt, M. K.; Janka, O.; et al.", ["Schmitt, M. K.", "Janka, O."], True),
    ("Smith, J., Jones, K. & Wu, L.", ["Smith, J.", "Jones, K.", "Wu, L."], False),  # Nature
    ("Smith, J.A., Jones, K.", ["Smith, J.A.", "Jones, K."], False),  # Elsevier
    ("Smith, J. et al.", ["Smith, J."], True),
    ("J. Smith, K. Jones and L. Wu", ["J. Smith", "K. Jones", "L. Wu"], False),  # RSC, Wiley
    ("A. B. van der Berg, C. Li et al.,", ["A. B. van der Berg", "C. Li"], True),
    ("John Smith, Kate Jones, and Li Wu", ["John Smith", "Kate Jones", "Li Wu"], False),  # arXiv
    ("Smith, J., Jr., Jones, K.", ["Smith, Jr., J.", "Jones, K."], False),
    ("Heemstra, J.R., Jr.; Walsh, C.T.", ["Heemstra, Jr., J.R.", "Walsh, C.T."], False),  # MDPI
    ("Liu, J.-X.; de Oliveira Jr, M.", ["Liu, J.-X.", "de Oliveira Jr, M."], False),
    ("", [], False),
])
def test_author_lists_split_into_people(printed, names, et_al):
    assert export.split_authors(printed) == (names, et_al)


# keys -----------------------------------------------------------------------------------------------------------

def test_keys_are_ascii_unique_and_stable():
    references = (
        ACS,
        reference(2, authors="Smith, J.; Jones, K.", title="Gold Nanoclusters", journal="Nat. Chem.", year="2020"),
        reference(3, authors="Smith, J.; Wu, L.", title="Gold Clusters", journal="Nat. Chem.", year="2020"),
        reference(4, authors="Pöttgen, R.", title="The 2 Borides of Ω-Phases", journal="Angew. Chem.", year="2017"),
        reference(5, authors="J. Smith and K. Jones", title="Gold: the Metal", journal="Nat. Chem.", year="2020"),
        reference(6, title="A Handbook of Gold", year="2001"),
        reference(7, UNPARSED.text),
        reference(8, "Same as 7."),
        reference(9, authors="Smith, J.", title="Gold", year="2020"),
    )
    keys = [e["key"] for e in export.entries_json(document(*references))]
    assert keys == ["omahony2013asymmetric", "smith2020golda", "smith2020goldb", "pottgen2017borides",
                    "smith2020goldc", "anon2001handbook", "ref7", "ref8", "smith2020goldd"]
    assert keys == [e["key"] for e in export.entries_json(document(*references))]  # the same on every run
    assert [e["key"] for e in export.entries_json(document(*references), [3, 5])] == ["smith2020goldb", "smith2020goldc"]
    assert all(key.isascii() and key.isalnum() for key in keys)


def test_a_suffixed_key_never_takes_another_entrys_key():
    records = [{"number": n, "authors": ["Smith, J."], "year": "2020", "title": title}
               for n, title in enumerate(["Golda", "Gold", "Gold"], start=1)]
    assert export.entry_keys(records) == ["smith2020golda", "smith2020goldb", "smith2020goldc"]


# BibTeX ---------------------------------------------------------------------------------------------------------

SPECIAL = r"50% Yield & $5 Costs: Pd_13 {Clusters} #1 at ~20 °C, Cu^2+ \ ‘quoted’ -- ``so'' ?` << ,,"


def test_special_characters_are_escaped_and_read_back():
    entry = reference(1, authors="Ünal, Ö.; O’Mahony, D. & Co", title=SPECIAL, journal="J. Am. Chem. Soc. & Co.",
                      year="2020", volume="142", pages="1424−1433", doi="10.1002/anie_2020.{1}%")
    text = export.to_bibtex(document(entry))
    for escaped in (r"50\% Yield \& \$5", r"Pd\_13 \textbraceleft{}Clusters\textbraceright{} \#1",
                    r"\textasciitilde{}20", r"Cu\textasciicircum{}2+ \textbackslash{}", "-{}-", "`{}`", "'{}'",
                    "?{}`", "<{}<", ",{},", "pages = {1424--1433}"):
        assert escaped in text
    assert "Ünal, Ö. and O’Mahony, D." in text  # non-ASCII stays UTF-8
    assert text.count("{") == text.count("}")  # BibTeX counts braces, escaped or not
    library = bibtexparser.parse_string(text)
    assert not library.failed_blocks and len(library.entries) == 1
    back = export.read_bibtex(text)[0]
    assert back["title"] == SPECIAL and back["journal"] == "J. Am. Chem. Soc. & Co."
    assert back["pages"] == "1424–1433"
    assert back["doi"] == r"10.1002/anie\_2020.\textbraceleft{}1\textbraceright{}\%"  # a DOI with braces is escaped
    plain = export.to_bibtex(document(reference(1, title="T", journal="J", doi="10.1002/anie_2020.5%")))
    assert "doi = {10.1002/anie_2020.5%}" in plain  # verbatim, as BibLaTeX takes a DOI


TEXT = st.text(alphabet=st.sampled_from(list(" \\{}%&$#_~^-'`?!<>,.;:@\"=()[]/aZ09äÖ’–—α°₂")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXT, TEXT)
def test_any_text_survives_bibtex_and_ris(title, note):
    entry = reference(1, text=note, title=title, journal="J. Chem.", year="2020")
    expected = export.entries_json(document(entry))[0]
    back = export.read_bibtex(export.to_bibtex(document(entry)))[0]
    assert back.get("title", "") == expected["title"]
    ris = rispy.loads(export.to_ris(document(entry)))[0]
    assert ris.get("title", "") == expected["title"]
    if expected["note"]:
        assert back["note"] == expected["note"] and ris["notes"] == [expected["note"]]


def test_an_entry_without_fields_is_kept_whole_as_a_note():
    records = export.entries_json(document(ACS, UNPARSED))
    assert records[0]["type"] == "article" and records[0]["note"] == ""
    assert records[1] == {"number": 2, "part": "", "key": "ref2", "type": "misc", "authors": [], "et_al": False, "title": "",
                          "journal": "", "publisher": "", "year": "", "volume": "", "pages": "", "doi": "",
                          "note": UNPARSED.text,
                          "text": UNPARSED.text}
    text = export.to_bibtex(document(ACS, UNPARSED), [2])
    assert text.startswith("@misc{ref2,") and r"on 50\% of the samples." in text
    assert export.read_bibtex(text) == [{"key": "ref2", "type": "misc", "note": UNPARSED.text}]
    ris = rispy.loads(export.to_ris(document(ACS, UNPARSED), [2]))
    assert ris == [{"type_of_reference": "GEN", "id": "ref2", "notes": [UNPARSED.text]}]


def test_a_book_and_a_chapter_carry_their_publisher():
    book = reference(3, "Lee, K. Cluster Films (Harwood Press, 1998).", authors="Lee, K.", title="Cluster Films",
                     publisher="Harwood Press", year="1998")
    chapter = reference(4, "Ode, K. Halides. (ed. Tan, Y.) 1–15 (Frontiers Media 2014).", authors="Ode, K.",
                        title="Halides", publisher="Frontiers Media", year="2014", pages="1–15")
    records = export.entries_json(document(book, chapter))
    assert [(r["type"], r["publisher"], r["note"]) for r in records] == [
        ("book", "Harwood Press", ""), ("inbook", "Frontiers Media", "")]
    back = export.read_bibtex(export.to_bibtex(document(book, chapter)))
    assert [(b["type"], b["publisher"], b.get("pages")) for b in back] == [
        ("book", "Harwood Press", None), ("inbook", "Frontiers Media", "1–15")]
    ris = rispy.loads(export.to_ris(document(book, chapter)))
    assert [(r["type_of_reference"], r["publisher"]) for r in ris] == [("BOOK", "Harwood Press"),
                                                                        ("CHAP", "Frontiers Media")]


def test_no_entries_no_output():
    assert export.to_bibtex(document()) == "" and export.to_ris(document()) == ""
    assert export.entries_json(document()) == []


# RIS ------------------------------------------------------------------------------------------------------------

def test_ris_has_one_author_line_each_and_no_counter_lines():
    text = export.to_ris(document(ACS))
    assert text.splitlines()[:4] == ["TY  - JOUR", "ID  - omahony2013asymmetric", "AU  - O’Mahony, D.",
                                     "AU  - Smith, J. A."]
    assert "SP  - 301\nEP  - 334\n" in text and not text.startswith("1.")
    assert rispy.loads(text)[0]["authors"] == ["O’Mahony, D.", "Smith, J. A."]


# the document itself --------------------------------------------------------------------------------------------

def test_citation_of_the_document(editorial):
    assert export.citation_of(editorial) == ("Jianping Xie. Whole-Process Precision Chemistry for Clusters. "
                                             "Precis. Chem. 2024, 2, 559–562. https://doi.org/10.1021/prechem.4c00083")
    bib = export.read_bibtex(export.document_bibtex(editorial))
    assert bib == [{"key": "xie2024whole", "type": "article", "author": "Jianping Xie",
                    "title": "Whole-Process Precision Chemistry for Clusters", "journal": "Precis. Chem.",
                    "year": "2024", "volume": "2", "pages": "559–562", "doi": "10.1021/prechem.4c00083"}]
    ris = rispy.loads(export.document_ris(editorial))[0]
    assert (ris["authors"], ris["start_page"], ris["end_page"]) == (["Jianping Xie"], "559", "562")


def test_citation_with_what_little_is_known():
    bare = document(title="Notes on Gold?", authors=[{"name": "A. One"}, {"name": "B. Two"}, {"name": "C. Three"}])
    assert export.citation_of(bare) == "A. One, B. Two and C. Three. Notes on Gold?"
    assert export.citation_of(document(title="Untitled", doi="10.1/x")) == "Untitled. https://doi.org/10.1/x"
    cited = document(title="Calcite", journal="Chem. Sci., 2023, 14, 1234−1240", year="2022",
                     authors=[{"name": "Ana Lima"}])
    assert export.citation_of(cited) == "Ana Lima. Calcite. Chem. Sci. 2022, 14, 1234–1240."  # the metadata's year


# the command ----------------------------------------------------------------------------------------------------

PAPER = """# Catalysis with Pd & Au Clusters

## Introduction

Gold clusters catalyse the reaction at room temperature (1). Others disagree (2, 3).

## References

(1) O’Mahony, D.; Smith, J. A. 50% Yield & $5 Costs: Pd_13 {Clusters} #1 at ~20 °C for Catalysis. *J. Am. Chem. Soc.* **2020**, *142*, 1424−1433.
(2) Smith, J.; Jones, K. Gold Nanoclusters for Catalysis. *Nat. Chem.* **2020**, *12*, 1-10.
(3) Smith, J.; Wu, L.; et al. Gold Nanoclusters under Pressure. *Nat. Chem.* **2020**, *12*, 11-20. DOI: 10.1038/nchem_12.3
(4) see the Supporting Information.
(5) J. Smith, K. Jones and L. Wu, Chem. Sci., 2019, 10, 123–130.
"""


@pytest.fixture(scope="module")
def corpus_config(tmp_path_factory):
    directory = tmp_path_factory.mktemp("refs")
    corpus = directory / "corpus"
    corpus.mkdir()
    (corpus / "clusters.md").write_text(PAPER, encoding="utf-8")
    (corpus / "empty.md").write_text("# Nothing cited\n\nA note without references.\n", encoding="utf-8")
    return write_config(directory, corpus)


def refs(config, capsys, *args):
    code = main(["--config", str(config), "refs", *args])
    out, err = capsys.readouterr()
    return code, out, err


def assert_exports_match_json(config, capsys, doc, *extra):
    """The BibTeX and RIS of `doc`, read back with bibtexparser and rispy, hold the JSON's fields; returns the
    JSON."""
    code, out, err = refs(config, capsys, doc, "--format", "json", *extra)
    assert code == 0, err
    entries = json.loads(out)
    code, bib_text, err = refs(config, capsys, doc, *extra)  # BibTeX is the default
    assert code == 0, err
    assert not bibtexparser.parse_string(bib_text).failed_blocks
    bib = export.read_bibtex(bib_text)
    code, ris_text, err = refs(config, capsys, doc, "--format", "ris", *extra)
    assert code == 0, err
    ris = rispy.loads(ris_text) if ris_text else []
    assert len(bib) == len(ris) == len(entries)
    for entry, b, r in zip(entries, bib, ris):
        assert (b["key"], b["type"]) == (entry["key"], entry["type"])
        people = entry["authors"] + (["others"] if entry["et_al"] else [])
        assert (b["author"].split(" and ") if "author" in b else []) == people
        for name in ("title", "journal", "publisher", "year", "volume", "pages", "doi", "note"):
            assert b.get(name, "") == entry[name], (entry["number"], name)
        assert set(b) <= {"key", "type", "author", "title", "journal", "publisher", "year", "volume", "pages", "doi",
                          "note"}
        types = {"article": "JOUR", "book": "BOOK", "inbook": "CHAP", "misc": "GEN"}
        assert (r["type_of_reference"], r["id"]) == (types[entry["type"]], entry["key"])
        assert r.get("authors", []) == entry["authors"]
        for name, tag in (("title", "title"), ("journal", "journal_name"), ("publisher", "publisher"),
                          ("year", "year"), ("volume", "volume"), ("doi", "doi")):
            assert r.get(tag, "") == entry[name], (entry["number"], name)
        assert "–".join(p for p in (r.get("start_page", ""), r.get("end_page", "")) if p) == entry["pages"]
        assert r.get("notes", []) == ([entry["note"]] if entry["note"] else [])
    return entries


def test_refs_exports_agree_with_the_json(corpus_config, capsys):
    entries = assert_exports_match_json(corpus_config, capsys, "clusters")
    assert [e["number"] for e in entries] == [1, 2, 3, 4, 5]
    first = entries[0]
    assert first["title"] == "50% Yield & $5 Costs: Pd_13 {Clusters} #1 at ~20 °C for Catalysis"
    assert (first["journal"], first["pages"], first["authors"]) == ("J. Am. Chem. Soc.", "1424–1433",
                                                                    ["O’Mahony, D.", "Smith, J. A."])
    assert entries[2]["et_al"] and entries[2]["doi"] == "10.1038/nchem_12.3"
    assert entries[3]["type"] == "misc" and entries[3]["note"] == "see the Supporting Information."
    assert entries[4]["authors"] == ["J. Smith", "K. Jones", "L. Wu"]
    some = assert_exports_match_json(corpus_config, capsys, "clusters.md", "--numbers", "2,4-5")
    assert [e["number"] for e in some] == [2, 4, 5]
    assert [e["key"] for e in some] == [entries[i]["key"] for i in (1, 3, 4)]  # a selection keeps the keys


def test_refs_of_a_document_without_entries(corpus_config, capsys):
    code, out, err = refs(corpus_config, capsys, "empty")
    assert (code, out) == (0, "") and "empty has no reference entries" in err
    assert assert_exports_match_json(corpus_config, capsys, "empty") == []


@pytest.mark.parametrize("args, says", [
    (("nickel",), "no document 'nickel'"),
    (("clusters", "--numbers", "2,9-12"), "--numbers 2,9-12: no entry 9-12 in this document; its entries are 1-5"),
    (("clusters", "--numbers", "two"), "'two' is not an entry number"),
])
def test_refs_refuses_bad_input_with_exit_2(corpus_config, capsys, args, says):
    code, out, err = refs(corpus_config, capsys, *args)
    assert code == 2 and out == "" and says in err
    if args[0] == "nickel":
        assert "clusters" in err and "empty" in err  # the documents there are


def test_refs_format_is_checked(corpus_config, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--config", str(corpus_config), "refs", "clusters", "--format", "endnote"])
    assert exit_.value.code == 2 and "invalid choice" in capsys.readouterr().err


@pytest.mark.skipif(not (PAPERS / "acs-joc-2023-electrochem-iodine.pdf").exists(),
                    reason="the dev papers (../shared/papers) are not here")
def test_refs_of_a_real_paper(tmp_path, capsys):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copyfile(PAPERS / "acs-joc-2023-electrochem-iodine.pdf", corpus / "joc.pdf")
    config = write_config(tmp_path, corpus)
    entries = assert_exports_match_json(config, capsys, "joc")
    truth = json.loads((REPO / "bench" / "truth" / "acs-joc-2023-electrochem-iodine.json").read_text(encoding="utf-8"))
    assert len(entries) == truth["references_count"]
    for sample in truth["references_sample"]:
        entry = entries[sample["number"] - 1]
        assert entry["year"] == sample["year"] and entry["text"].startswith(sample["first_author_surname"])
    assert len({e["key"] for e in entries}) == len(entries)


@pytest.mark.skipif(not PAPERS.exists(), reason="the dev papers (../shared/papers) are not here")
@pytest.mark.parametrize("truth_file", sorted((REPO / "bench" / "truth").glob("*.json")), ids=lambda p: p.stem)
def test_every_dev_paper_gives_as_many_entries_as_its_truth_counts(truth_file):
    # the scans among them too: notes at the feet of the pages among the body (JACS 1991), labels the OCR
    # garbled (Makromol. Chem. 1985)
    truth = json.loads(truth_file.read_text(encoding="utf-8"))
    reading = read_pdf(PAPERS / truth["paper"])
    assert sorted({n for n, _, _ in reading.entries}) == list(range(1, truth["references_count"] + 1))


def test_an_index_stores_entries_with_their_sub_items_as_the_exports_take_them():
    """The chat's downloads export the index's stored document: an entry's sub-items (RSC's "(a) …; (b) …") come
    back as records, and the exports are those of the document read from the file (they were a server error)."""
    from assistant.index import _document, _stored
    from assistant.pages import stored_document

    sub = reference(3, "Lee, K. Second work. Chem. Sci. 2019, 10, 1-5.", authors="Lee, K.", title="Second work",
                    journal="Chem. Sci.", year="2019", label="b")
    read = document(ACS, UNPARSED, dataclasses.replace(ACS, number=3, parts=(sub,)))
    stored = stored_document(_document(json.loads(json.dumps(_stored(read)))))  # through the index's JSON
    assert [r.parts for r in stored.references][2] == (sub,)
    for write in (export.to_bibtex, export.to_ris):
        assert write(stored, None) == write(read, None)
    assert export.entries_json(stored, None) == export.entries_json(read, None)
