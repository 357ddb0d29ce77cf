"""Chunks keep exact offsets into the source, on the editorial and on any text."""
from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.chunking import ChunkingConfig, chunk_document
from assistant.ingest import CorpusError, load_document
from assistant.types import join_spans


def assert_offsets_exact(document, chunks):
    for chunk in chunks:
        assert chunk.text == join_spans(document.source, chunk.spans)
        if len(chunk.spans) == 1:
            assert document.source[chunk.start:chunk.end] == chunk.text
        for sentence in chunk.sentences:
            for start, end in sentence.spans:
                assert chunk.start <= start < end <= chunk.end


def test_editorial_chunks(editorial):
    chunks = chunk_document(editorial, ChunkingConfig())
    assert_offsets_exact(editorial, chunks)
    kinds = [c.kind for c in chunks]
    assert kinds.count("metadata") == 1 and kinds.count("reference") == 40
    # a long paragraph becomes overlapping windows, each at most `window` sentences
    second = [c for c in chunks if c.kind == "body" and c.paragraph == 2]
    assert len(second) > 1 and all(len(c.sentences) <= 4 for c in second)
    assert second[0].sentences[-1] == second[1].sentences[0]
    # markers are gone from what is embedded, kept in what is shown
    cited = next(c for c in chunks if 25 in c.citations and c.kind == "body")
    assert "²⁵" in cited.text and "²⁵" not in cited.search_text and "25" not in cited.search_text.split()
    assert "Au48 cluster could induce" in cited.search_text


def test_only_whitespace_page_breaks_keep_one_span(editorial):
    chunks = chunk_document(editorial, ChunkingConfig())
    multi = [c for c in chunks if c.kind == "body" and len(c.spans) > 1]
    # the only body text interrupted by furniture is the paragraph around "Published: …"
    assert len(multi) >= 1
    for chunk in multi:
        gaps = [editorial.source[a[1]:b[0]] for a, b in zip(chunk.spans, chunk.spans[1:])]
        assert all(gap.strip() for gap in gaps)


paragraph_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(paragraph_text, min_size=1, max_size=6))
def test_any_text_chunks_with_exact_offsets(paragraphs):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.txt"
        path.write_bytes("\n\n".join(paragraphs).encode("utf-8"))
        try:
            document = load_document(path)
        except CorpusError:
            return  # empty or NUL-bearing input is refused with a message, which is the contract
        assert_offsets_exact(document, chunk_document(document, ChunkingConfig(max_sentences=2, window=2, overlap=1)))


def test_an_entry_of_sub_items_is_one_chunk_with_a_sentence_for_each():
    """"(a) …; (b) …" (RSC): the entry is matched as a whole (its search text), each sub-item is a sentence whose
    spans are exactly its text, so the one a question names is quoted alone."""
    from assistant.references import parse_reference
    from assistant.text import normalize
    from assistant.types import Document

    entry = ("(a) A. C. Deacy, C. B. Durr and C. K. Williams, Dalton Trans., 2019, 49, 223–231; "
             "(b) G. Trott, J. A. Garden and C. K. Williams, Chem. Sci., 2019, 10, 4618–4627")
    source = f"Body text.\n\n1 {entry}\n"
    start = source.index("(a)")
    reference = parse_reference(1, entry, ((start, start + len(entry)),))
    document = Document("d", "d.txt", source, "T", {}, (), (), (reference,))
    (chunk,) = chunk_document(document, ChunkingConfig())
    assert chunk.kind == "reference" and chunk.search_text == f"Reference 1: {normalize(entry)}"
    quoted = [join_spans(source, s.spans) for s in chunk.sentences]
    assert quoted == ["A. C. Deacy, C. B. Durr and C. K. Williams, Dalton Trans., 2019, 49, 223–231",
                      "G. Trott, J. A. Garden and C. K. Williams, Chem. Sci., 2019, 10, 4618–4627"]
    assert all(s.citations == (1,) for s in chunk.sentences)


def _paragraphs_of(source: str, parts: list[tuple[str, str]]):
    """Paragraphs of one sentence each over ``source``, from (kind, text) in order."""
    from assistant.types import Paragraph, Sentence

    paragraphs, at = [], 0
    for number, (kind, text) in enumerate(parts):
        start = source.index(text, at)
        at = start + len(text)
        paragraphs.append(Paragraph(number, "Results", (Sentence(((start, at),)),), kind))
    return tuple(paragraphs)


def test_a_tables_rows_are_read_under_a_caption_below_it_and_under_the_label_of_their_group():
    """Some journals print a table's caption below it, and label groups of its rows with a line across the table
    ("Deprotonation Step"): a row is matched under the caption's opening words (at most TITLE_WORDS), the
    column headers and its group's label; a cell's words parted from their row are no label."""
    from assistant.chunking import TITLE_WORDS
    from assistant.types import Document

    caption = ("Table 1. Active site distances (Å) in the reactant and transition state structures of both steps, "
               "from the potential energy scans of the QM/MM model.")

    def rows(parts):
        source = "\n\n".join(text for _, text in parts) + "\n"
        document = Document("d", "d.pdf", source, "T", {}, (), _paragraphs_of(source, parts), ())
        return {c.text: c.search_text for c in chunk_document(document, ChunkingConfig()) if c.kind == "table"}

    header, title = "Bond Reactant Transition State", " ".join(caption.split()[:TITLE_WORDS])
    assert rows([("table", "Bond\tReactant\tTransition State"), ("body", "Chlorination Step"),
                 ("table", "O-Cl\t1.8\t2.1"), ("body", "Deprotonation Step"), ("table", "C-H\t1.1\t1.2"),
                 ("table", "N-H\t1.0\t1.6"), ("caption", caption)]) == {
        "Bond\tReactant\tTransition State": header,
        "O-Cl\t1.8\t2.1": f"{title} {header} Chlorination Step O-Cl 1.8 2.1",
        "C-H\t1.1\t1.2": f"{title} {header} Deprotonation Step C-H 1.1 1.2",
        "N-H\t1.0\t1.6": f"{title} {header} Deprotonation Step N-H 1.0 1.6",
    }
    parted = rows([("table", "Bond\tReactant\tTransition State"), ("table", "O-Cl\t1.8\t2.1"),
                   ("body", "and water"), ("table", "C-H\t1.1\t1.2"), ("table", "N-H\t1.0\t1.6")])
    assert not any("and water" in text for text in parted.values())


def test_a_stub_spanning_rows_names_the_rows_under_it():
    """A scan's table prints each solvent once, beside the first of its runs, its word broken over two lines:
    the runs under it (a cell fewer, or opening with the stub's bracketed rest) are matched under the solvent's
    name, joined where it was broken; a row naming its own stub, and a table without stubs, take none."""
    from assistant.types import Document

    parts = [("table", "Solvent\tTime\tConversion"), ("table", "Carbon tetra-\t240\t6,4"),
             ("table", "chloride (2.33)\t150\t6,5"), ("table", "120\t1,7"), ("table", "Acetone\t1200\t10,2"),
             ("table", "(20,70)\t1200\t11,4"), ("table", "960\t11,4"), ("caption", "Tab. 3. Copolymerization runs.")]
    source = "\n\n".join(text for _, text in parts) + "\n"
    document = Document("d", "d.pdf", source, "T", {}, (), _paragraphs_of(source, parts), ())
    rows = {c.text: c.search_text for c in chunk_document(document, ChunkingConfig()) if c.kind == "table"}
    heads = "Tab. 3. Copolymerization runs. Solvent Time Conversion"
    assert rows == {
        "Solvent\tTime\tConversion": "Solvent Time Conversion",
        "Carbon tetra-\t240\t6,4": f"{heads} Carbon tetrachloride (2.33) Carbon tetra- 240 6,4",
        "chloride (2.33)\t150\t6,5": f"{heads} Carbon tetrachloride (2.33) chloride (2.33) 150 6,5",
        "120\t1,7": f"{heads} Carbon tetrachloride (2.33) 120 1,7",
        "Acetone\t1200\t10,2": f"{heads} Acetone 1200 10,2",
        "(20,70)\t1200\t11,4": f"{heads} Acetone (20,70) 1200 11,4",
        "960\t11,4": f"{heads} Acetone 960 11,4",
    }
    parts = [("table", "Entry\tTON\tPS"), ("table", "1\t240\t92"), ("table", "2\t380")]
    source = "\n\n".join(text for _, text in parts) + "\n"
    document = Document("d", "d.pdf", source, "T", {}, (), _paragraphs_of(source, parts), ())
    assert [c.search_text for c in chunk_document(document, ChunkingConfig()) if c.kind == "table"] == [
        "Entry TON PS", "Entry TON PS 1 240 92", "Entry TON PS 2 380"]


def test_a_table_continued_on_a_later_page_is_read_under_its_title():
    """A long table goes on over pages, each repeating the header row and none the caption: a continued row is
    matched under the title of the last table printed under the same header row, not under that header alone,
    and a table under another header takes no title that is not its own."""
    from assistant.chunking import TITLE_WORDS
    from assistant.types import Document

    first, later = "Table 1: Encoder-only models. Sizes and training data.", "Table 3: Decoder models."
    parts = [("caption", first), ("table", "Model\tSize\tData"), ("table", "SciBERT\t110M\tS2ORC"),
             ("body", "Encoder models are small."), ("table", "Model\tSize\tData"), ("table", "BioBERT\t110M\tPubMed"),
             ("body", "Decoders generate text."), ("table", "Agent\tAction"), ("table", "Coscientist\tSynthesis"),
             ("body", "Agents act."), ("caption", later), ("table", "Model\tSize\tData"), ("table", "GPT-2\t1.5B\tWebText")]
    source = "\n\n".join(text for _, text in parts) + "\n"
    document = Document("d", "d.pdf", source, "T", {}, (), _paragraphs_of(source, parts), ())
    rows = {c.text: c.search_text for c in chunk_document(document, ChunkingConfig()) if c.kind == "table"}
    title = " ".join(first.split()[:TITLE_WORDS])
    assert rows["BioBERT\t110M\tPubMed"] == f"{title} Model Size Data BioBERT 110M PubMed"
    assert rows["Coscientist\tSynthesis"] == "Agent Action Coscientist Synthesis"
    assert rows["GPT-2\t1.5B\tWebText"] == f"{later} Model Size Data GPT-2 1.5B WebText"
