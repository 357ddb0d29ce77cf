"""Ingestion of the real editorial: furniture, page-break repairs, references, markers."""
from __future__ import annotations

import pytest

from assistant.ingest import CorpusError, load_document, read_source
from assistant.types import join_spans


def sentence_texts(document):
    return [join_spans(document.source, s.spans) for p in document.paragraphs for s in p.sentences]


def body_text(document):
    return " ".join(sentence_texts(document))


def test_metadata_fields(editorial):
    meta = editorial.metadata
    assert editorial.title == "Whole-Process Precision Chemistry for Clusters"
    assert meta["journal"] == "Precis. Chem. 2024, 2, 559–562"
    assert meta["published"] == "October 30, 2024"
    assert meta["doi"] == "10.1021/prechem.4c00083"
    assert meta["authors"] == [{"name": "Jianping Xie", "orcid": "0000-0002-3254-5799"}]


@pytest.mark.parametrize("furniture", [
    "Cite This", "Read Online", "ACCESS |", "Metrics & More", "Published:", "AUTHOR INFORMATION",
    "Complete contact information", "orcid.org", "REFERENCES",
])
def test_page_furniture_is_not_body_text(editorial, furniture):
    assert furniture not in body_text(editorial)


def test_paragraphs_split_by_page_breaks_are_joined(editorial):
    texts = [" ".join(t.split()) for t in sentence_texts(editorial)]
    assert any("two kernel gold atoms in Au₄₈ cluster could induce a 10-fold" in t for t in texts)
    assert any("efficient tandem reactions like hydroborylation-deuteration." in t for t in texts)
    assert any(t.startswith("Metal–nitrogen double bonds are common in complexes") for t in texts)
    # no paragraph starts in lower case: every continuation found its paragraph
    for paragraph in editorial.paragraphs:
        assert not join_spans(editorial.source, paragraph.sentences[0].spans)[0].islower()


def test_sentence_across_furniture_keeps_two_exact_spans(editorial):
    sentence = next(s for p in editorial.paragraphs for s in p.sentences
                    if "tandem reactions" in join_spans(editorial.source, s.spans))
    assert len(sentence.spans) == 2
    first, second = (editorial.source[a:b] for a, b in sentence.spans)
    assert first.endswith("efficient tandem reactions") and second == "like hydroborylation-deuteration."


def test_forty_references_parsed_in_order(editorial):
    refs = editorial.references
    assert [r.number for r in refs] == list(range(1, 41))
    first = refs[0]
    assert first.authors == "Kang, X.; Li, Y.; Zhu, M.; Jin, R."
    assert first.title == "Atomically precise alloy nanoclusters: syntheses, structures, and properties"
    assert (first.journal, first.year, first.volume, first.pages) == ("Chem. Soc. Rev.", "2020", "49", "6443–6514")
    assert refs[34].text.startswith("Han, J.; Li, H.;") and refs[34].pages == "139–145"


def test_reference_split_by_page_break_is_joined(editorial):
    ref39 = editorial.references[38]
    assert " ".join(ref39.text.split()).endswith(
        "Enable the Reversible Storage of Hydrogen as Metal Hydrides. *Precis. Chem.* **2024**, DOI: 10.1021/prechem.4c00030.")
    assert ref39.doi == "10.1021/prechem.4c00030"
    assert ref39.title.startswith("The Coupling of Synthesis and Electrochemistry")


def _citations_of(editorial, fragment):
    return next(s.citations for p in editorial.paragraphs for s in p.sentences
                if fragment in join_spans(editorial.source, s.spans))


def test_markers_resolve_to_references(editorial):
    assert _citations_of(editorial, "10-fold photoluminescence enhancement") == (25,)
    assert _citations_of(editorial, "artificial intelligence into the precision") == (16, 17)
    assert _citations_of(editorial, "transmission electron microscopy") == (20, 21, 22, 23, 24)
    assert _citations_of(editorial, "ligand-protected metal nanoclusters,¹") == (1, 2, 3, 4, 5, 6, 7)


def test_charge_superscripts_are_not_citations(editorial):
    assert _citations_of(editorial, "Removing CO₃²⁻ groups") == ()


def test_offsets_round_trip(editorial):
    for paragraph in editorial.paragraphs:
        for sentence in paragraph.sentences:
            for start, end in sentence.spans:
                text = editorial.source[start:end]
                assert text == text.strip() and text
    for ref in editorial.references:
        assert join_spans(editorial.source, ref.spans) == ref.text


def test_metadata_lines_are_searchable_sentences(editorial):
    labels = {s.label for s in editorial.metadata_lines}
    assert {"title", "journal", "published", "author", "doi"} <= labels


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
    ("Caf\u00e9 au lait".encode("latin-1"), "not UTF-8"),
])
def test_unreadable_files_raise_a_message_naming_the_file(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(CorpusError) as error:
        read_source(path)
    assert str(path) in str(error.value) and message in str(error.value)


def test_markdown_document(tmp_path):
    path = tmp_path / "note.md"
    path.write_text("# A note on Au₂₅ clusters\n\n## Results\n\nThe cluster is *stable*.² It glows.\n\n"
                    "## References\n\n1. Smith, J. A paper. *J. Chem.* **2020**, *1*, 1–2.\n"
                    "2. Doe, J. Another paper. *J. Chem.* **2021**, *2*, 3–4.\n", encoding="utf-8")
    document = load_document(path)
    assert document.title == "A note on Au₂₅ clusters"
    assert document.paragraphs[0].section == "Results"
    assert [r.number for r in document.references] == [1, 2]
    assert document.paragraphs[0].sentences[0].citations == (2,)


@pytest.mark.parametrize(("line", "label"), [
    ("Received: 12 July 2013", "received"),
    ("Manuscript received: December 3, 2020", "received"),
    ("(Date of receipt: August 9, 1984)", "received"),  # a label opening a parenthesis (Makromol. Chem., 1985)
    ("(Received 3 June 2019; accepted 5 August 2019)", "received"),
    ("Published: 10 April 2021", "published"),
    ("Accepted manuscript online: January 26, 2021", "accepted"),
    ("Revised: 3 May 2021", "revised"),
    ("Version of record online: February 15, 2021", "published"),
    ("Available online 2 March 2021", "published"),
    ("DOI: 10.1039/d3sc00945a", "doi"),
])
def test_a_dated_line_of_page_one_is_a_metadata_line_labelled_with_the_event_it_dates(line, label):
    """One list of date labels (text.DATE_LABELS) tells the reader which lines are metadata and the loader
    which event each dates, so the two cannot disagree ("Manuscript received" was a metadata line labelled
    as a note)."""
    from assistant.ingest import _METADATA_LABEL
    from assistant.structure import _METADATA_LINE

    assert _METADATA_LINE.match(line)
    assert _METADATA_LABEL.match(line).lastgroup == label
