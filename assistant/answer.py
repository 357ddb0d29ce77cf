"""Ranked chunks → an extractive Answer: the best 1–2 source sentences, cited.

Nothing is generated: an answer sentence is a sentence of the source, shown
with the number [n] of the passage it comes from and its exact offsets.
When even the best sentence is weak evidence, the answer abstains.
"""
from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, replace
from typing import Callable, Iterator

import numpy as np

from .answer_types import (COUNT, INSTITUTION, PERSON, REASON, SIGNAL_POSITIONS, Signal, names_a_value,
                           names_people, names_substance, names_substance_by_formula, signals_fitting, states,
                           states_asked, symbol_subscripts, technique_listings)
from .config import AnswerConfig
from .index import Index, idf_share
from .language import language_name
from .query import (TOPIC_SHARE, Library, Query, compound_labels, entry_heading, names_extreme, question_rules,
                    row_number, speaks_of_table, table_opened)
from .references import author_list_end, fits_description, name_keys
from .rerank import SENTENCE_FEATURES, SENTENCE_WEIGHTS_FILE, fitted_weights, reranked_scores, sentence_features
from .retrieval import Candidate, Retrieved
from .text import (COPYRIGHT_STATEMENT, DATE, EDITOR_STATEMENT, KEYWORDS_STATEMENT, LABEL_ONLY, LICENCE_STATEMENT,
                   NEGATION, flat, formulas, identifiers, is_english, is_heading, normalize, opens_with_label,
                   spells_out, writes_initials, written_forms)
from .types import TEXT_KINDS, Answer, AnswerSpan, Chunk, Passage, Sentence, join_spans, sub_spans

NO_ANSWER = "The indexed documents do not answer this question."
NOT_ENGLISH = ("Please ask in English: the model that reads the papers understands English only, and this question "
               "reads as {language}.")
WHICH_DOCUMENT = ("Several documents are indexed and the question does not say which one it means: {documents}. "
                  "Name one (its title or an author), or choose it as the document, and ask again.")
NOT_STATED = "“{title}” does not state its {field} (in what could be read of it)."
_FIELD_NAMES = {"author": "authors", "doi": "DOI", "title": "title", "journal": "journal",
                "published": "publication date", "received": "date of receipt", "accepted": "date of acceptance",
                "year": "year of publication", "preprint": "arXiv identifier", "license": "licence",
                "copyright": "copyright notice", "article_type": "article type", "keywords": "keywords",
                "editor": "editor"}
# the metadata lines that answer a field: a year stands in the publication date or the citation line
_FIELD_LINES = {"year": ("published", "journal", "accepted", "received")}
_SPACES = re.compile(r"\s+")
# A sentence opening with a connective or a pronoun ("However, its …"), or a preposition pointing back ("For
# this reason", "Under these conditions"), continues the one before it.
_CONTINUES = re.compile(
    r"(?:however|but|yet|moreover|furthermore|in addition|also|thus|therefore|hence|consequently|"
    r"as a result|in contrast|conversely|accordingly|nevertheless|nonetheless|instead|similarly|likewise|"
    r"the latter|the former|such|this|these|those|it|its|they|their|he|she|his|her|"
    r"(?:for|in|to|under|with|from|by|on|at|despite|after|during) (?:this|these|that|those|such)\b|"
    r"(?:we|they|it) \w+ (?:this|these)\b)\b"  # "We attribute this to …"
    r"|[^,.;]{1,40},\s*(?:it|its|they|their|these|such|this)\b"  # "Unlike nanoparticles, they …"
    r"|[^.;]*\b(?:for|in|during|under|from|of) (?:these|those) \w+\W*$",  # "… suspended in TCE for these measurements."
    re.I,
)


def continues_previous(text: str) -> bool:
    """Whether a sentence reads as the continuation of the one before it ("However, its …", "For this
    reason, …", "Unlike nanoparticles, they …")."""
    return _CONTINUES.match(text) is not None


@dataclass(frozen=True)
class ScoredSentence:
    rank: int  # of the passage it comes from
    spans: tuple[tuple[int, int], ...]
    doc_id: str
    score: float  # how well it answers this question: picks the answer
    evidence: float  # how well it matches the question with its context: decides abstention
    cosine: float = 0.0  # of its vector and the question's (as answered), the dense part of score
    coverage: float = 0.0  # the idf-weighted share of the question's words it holds, the lexical part of score
    continuation: bool = False  # opens with a connective or a pronoun ("However, its …"): continues the one it follows
    kind: str = "body"  # of the chunk it comes from: one of TEXT_KINDS, reference or metadata
    text: str = ""  # as matched: normalized, citation markers removed
    paragraph: int = 0  # of its chunk: for a bibliography entry, the entry's number
    citations: tuple[int, ...] = ()  # the entries the sentence cites
    words: frozenset[str] = frozenset()  # its BM25 tokens
    before: str = ""  # the text of the sentence before it in its passage, which may name what it speaks of
    opening: str = ""  # the text of its passage before it, which may have named the quantity it states in full
    follows: tuple[tuple[int, int], ...] | None = None  # spans of the sentence before it in its passage
    heading: bool = False  # a heading run into a passage or a caption ("Gram-Scale Synthesis of 2a."): it says nothing
    elided: tuple[bool, bool] = (False, False)  # cut at its start, at its end (clip_long): shown with "…" there
    chunk_id: int = -1  # of the passage it was scored in: a retrieved one, or a window of its paragraph
    subscripts: tuple[str, ...] = ()  # of the symbols printed in it ("U" of "E_{U}"), which ``text`` flattens


def sentence_scores(retrieved: Retrieved, index: Index, candidates: list[Candidate],
                    config: AnswerConfig) -> list[ScoredSentence]:
    """Score the sentences of the top passages: meaning (cosine) plus the question's words they hold, each
    weighted by its idf within the sentence's document (``Index.document_idf``), leaving out the words naming
    that document (``Index.naming_tokens``) unless the question has no others, less ``rank_penalty`` per passage
    ranked above its own, plus ``section_weight`` under the part of the paper the question names.

    For a follow-up the question itself picks the sentence; the conversation
    only weighs in, and what matches the previous question (most likely the
    answer already given) is held back.
    """
    query, vectors = retrieved.query, retrieved.vectors
    wanted = set(query.tokens)
    topic = wanted | set(query.context_tokens)
    # rare words (names, formulas) say more than common ones, rare within the sentence's own document: the words
    # naming a paper are in most of its sentences, and an echo of them answers nothing
    idf_of = {doc_id: index.document_idf(topic, doc_id) for doc_id in {c.chunk.doc_id for c in candidates}}
    # the head noun of the wh-phrase names what the answer is, often beside it ("Which software …" → "… using the
    # Jaguar software"): it weighs head_weight times in the share of the asked words a sentence holds
    focus_idf = {doc_id: {t: w * (config.head_weight if t in query.head_tokens else 1.0) for t, w in idf.items()}
                 for doc_id, idf in idf_of.items()}
    focus_of = {doc_id: _focus(wanted, index, doc_id) for doc_id in idf_of}
    scored: dict[tuple, ScoredSentence] = {}
    # the top passage is a window of its paragraph: the windows before and after it are read with it, at its rank
    # (the answer to "why was 2AR8 chosen" is the next window's "This structure was chosen … because …"); the
    # neighbours of lower passages only added noise on the dev sets
    windows = [(rank, candidate.chunk)
               for rank, candidate in enumerate(candidates[: config.passages_considered], start=1)]
    if windows:
        windows[1:1] = [(1, chunk) for chunk in index.paragraph_neighbours(windows[0][1].chunk_id)]
    for rank, chunk in windows:
        idf, weighted = idf_of[chunk.doc_id], focus_idf[chunk.doc_id]
        sentence_vectors = index.sentence_vectors_of(chunk.chunk_id)
        matches = sentence_vectors @ vectors.vector
        scores = sentence_vectors @ vectors.own
        if vectors.previous is not None:
            scores += config.context_weight * matches - config.novelty_weight * np.maximum(
                0.0, sentence_vectors @ vectors.previous)
        if chunk.kind == "reference":
            # the sub-items of an entry ("(a) A. C. Deacy, …; (b) G. Trott, …"): authors, journal and year mean
            # little to the dense model; the words a question names them by tell one from another, and with none,
            # the first comes first (the sort's tie-break by offset)
            scores, matches = np.full_like(scores, scores.max()), np.full_like(matches, matches.max())
            if query.described:  # the item of the year and journal the question names ("Which 2007 Chem. Rev. …")
                # the entry's items, one sentence each when it has several, after the note's words opening it
                # (references.entry_parts), which are of no item
                records = index.entry_records(chunk)
                items = [()] * (len(chunk.sentences) - len(records)) + [(r,) for r in records]
                scores = scores + config.reference_penalty * np.array(
                    [fits_description(item, *query.described.parts) for item in items], dtype=scores.dtype)
        # the text of the paper before a bibliographic record (entry, metadata) of equal merit, unless a
        # paper or its details are asked for; an entry named by number outright
        bonus = 0.0
        if chunk.kind == "reference" and chunk.paragraph in query.reference_numbers:
            bonus = 1.0
        elif chunk.kind not in TEXT_KINDS and query.asks_publication:
            bonus = config.reference_penalty
        elif chunk.kind not in TEXT_KINDS:
            bonus = -config.reference_penalty
        if chunk.under(query.sections):  # "In the conclusions of …": that part's wording of a finding
            bonus += config.section_weight
        before, before_text, opening = None, "", ""
        for sentence, text, words, score, match in zip(chunk.sentences, chunk.sentence_search_texts,
                                                       index.sentence_tokens(chunk.chunk_id), scores, matches):
            key = (chunk.doc_id, sentence.spans)
            if key not in scored:  # overlapping windows repeat a sentence: keep its best rank
                coverage = idf_share(words, focus_of[chunk.doc_id], weighted)
                scored[key] = ScoredSentence(
                    rank, sentence.spans, chunk.doc_id,
                    score=float(score) + config.lexical_weight * coverage + bonus - config.rank_penalty * (rank - 1),
                    cosine=float(score), coverage=coverage,
                    evidence=float(match) + config.evidence_lexical_weight * idf_share(words, topic, idf) + bonus,
                    continuation=before is not None and continues_previous(text),
                    kind=chunk.kind, text=text, paragraph=chunk.paragraph, citations=sentence.citations,
                    words=words, before=before_text, opening=opening, heading=is_heading(text),
                    follows=before.spans if before is not None else None, chunk_id=chunk.chunk_id,
                    subscripts=symbol_subscripts(join_spans(index.documents[chunk.doc_id].source, sentence.spans)),
                )
            before, before_text, opening = sentence, text, f"{opening} {text}".lstrip()
    return sorted(scored.values(), key=lambda s: (-s.score, s.rank, s.spans))


def _focus(wanted: set[str], index: Index, doc_id: str) -> set[str]:
    """The question's words an answer in ``doc_id`` must hold: all but those naming that paper in the library
    (``Index.naming_tokens``: "the monodisperse PbS nanocrystals"), which picked its passages and which a
    sentence restating its topic repeats; all of them when the question has no others."""
    return (wanted - index.naming_tokens(doc_id)) or wanted


def not_answered(query: Query, library: Library) -> Answer | None:
    """The reply to a question that cannot be searched as asked, or None: one not in English, or one
    about "this paper" in a library of several with nothing to tell which."""
    if query.language != "en":
        return Answer(query.question, NOT_ENGLISH.format(language=language_name(query.language)), abstained=True)
    if query.ambiguous:
        titles = {d.doc_id: d.title for d in library.documents}
        listed = "; ".join(f"“{titles[d]}” ({d})" for d in query.ambiguous)
        return Answer(query.question, WHICH_DOCUMENT.format(documents=listed), abstained=True)
    return None


def asks_metadata_of_one(query: Query) -> bool:
    """Whether a question asks a metadata field of one document: metadata_answer answers it."""
    return bool(query.metadata_field) and len(query.documents) == 1


def metadata_answer(query: Query, index: Index, passages: list[Passage], config: AnswerConfig) -> Answer | None:
    """A question asking a document's metadata (its authors, DOI, journal, date) is answered from that
    document's metadata lines and from nothing else; when they do not state it, the answer says so."""
    if not asks_metadata_of_one(query):
        return None
    doc_id = query.documents[0]
    chunk = index.metadata_chunk(doc_id)
    labels = _FIELD_LINES.get(query.metadata_field, (query.metadata_field,))
    lines = [s for s in chunk.sentences if s.label in labels] if chunk else []
    source = index.documents[doc_id].source
    if query.metadata_field in _STATEMENTS and chunk:  # a note of page 1 no label tells: "© 2021 The Authors. …"
        lines = [s for s in chunk.sentences if _STATEMENTS[query.metadata_field].search(join_spans(source, s.spans))]
    elif query.metadata_field == "article_type" and chunk:  # a banner: "EDGE ARTICLE", "Research review paper"
        lines = [s for s in chunk.sentences if s.label == "note" and is_banner(join_spans(source, s.spans))][:1]
    if query.metadata_field == "year":
        lines = [s for s in lines if re.search(r"\b(?:19|20)\d\d\b", join_spans(source, s.spans))][:1]
    metadata = index.documents[doc_id].metadata
    value = metadata.get(query.metadata_field)
    if not lines and query.metadata_field in _UNIQUE_FIELDS and value:
        # the DOI read from page 1 printed in a sentence of the text ("… © 2023. https://doi.org/10.1021/…")
        wanted = str(value).casefold()
        chunk, lines = _first_stating(index, doc_id, lambda text: wanted in text.casefold())
    statement = question_rules()["field_statements"].get(query.metadata_field)
    stated = None  # the pattern a sentence of the text was found by, when no metadata line states the field
    if not lines and statement:
        # a date printed away from page 1 ("Manuscript received: December 3, 2020", at the end of a Wiley paper)
        stated = re.compile(rf"{statement}{_LABEL_GAP}{DATE}", re.I)
    elif not lines and query.metadata_field == "license":
        # a licence stated in page 1's text ("Open Access This article is licensed under a Creative Commons …")
        stated = LICENCE_STATEMENT
    elif not lines and query.metadata_field in _STATEMENTS:
        # printed in the text ("© The Author(s) 2017", "Keywords: cascade · …" at the end of a Wiley paper)
        stated = _STATEMENTS[query.metadata_field]
    elif not lines and query.metadata_field == "journal" and value and metadata.get("year"):
        stated = cited_as(value, metadata["year"])
    if stated is not None:
        chunk, lines = _first_stating(index, doc_id, lambda text: stated.search(text) is not None)
    if not lines and statement:
        # a label the reading set after its date, where page 1 prints them on one line in two fonts ("May 19, 2014
        # Published online"): the date just before it, unless another label stands before that date ("accepted
        # May 19, 2014. Published online …" gives the date of acceptance)
        stated = re.compile(rf"{DATE}\W{{1,3}}(?:{statement})", re.I)
        chunk, lines = _first_stating(index, doc_id, lambda text: any(
            not _LABEL_BEFORE.search(text[:m.start()]) for m in stated.finditer(text)))
    if not lines:
        field = _FIELD_NAMES.get(query.metadata_field, query.metadata_field)
        return Answer(query.question, NOT_STATED.format(title=index.documents[doc_id].title, field=field),
                      abstained=True)
    passage = _passage(index, Candidate(chunk, 1.0), 1)
    passages = [passage] + [replace(p, rank=p.rank + 1) for p in passages if p.chunk_id != chunk.chunk_id][:len(passages) - 1]
    line = join_spans(source, lines[0].spans)
    # the value printed in a long sentence ("https://doi.org/10.1002/… © 2021 The Authors. … License, which
    # permits …"): the clauses holding it, or holding what the sentence was found by
    said = str(value) if value else " ".join(m.group() for m in stated.finditer(line)) if stated else ""
    # the notice's own clause ("© 2021 The Authors."), not the licence after it on its line, nor the words of
    # another column a spliced line holds before it; so the citation of a running head read into the text
    cut = {**_STATEMENTS, "journal": stated}.get(query.metadata_field)
    if cut is not None:
        notice = cut.search(line)
        lines = [Sentence(tuple(sub_spans(lines[0].spans, notice.start(), notice.end())), label=lines[0].label)]
        elided = (bool(line[:notice.start()].strip()), bool(line[notice.end():].strip()))
    elif said and len(line) > config.max_chars:
        wanted = set(index.tokenize(said))
        whole = ScoredSentence(1, lines[0].spans, doc_id, 1.0, 1.0, kind="metadata")
        clipped = clip_long(whole, source, wanted, dict.fromkeys(wanted, 1.0), (), config.max_chars, index.tokenize)
        lines = [Sentence(clipped.spans, label=lines[0].label)] + lines[1:]
        elided = clipped.elided
    else:
        elided = (False, False)
    spans, length = [], 0
    for number, line in enumerate(lines, start=1):
        for start, end in line.spans:
            if spans and length + end - start > config.max_chars:
                break
            spans.append(_span(index, 1, start, end, number, doc_id))
            length += end - start
    first = [i for i, span in enumerate(spans) if span.sentence == 1]
    text = " ".join(f"{'… ' * (elided[0] and i == first[0])}{_SPACES.sub(' ', span.text).strip()}"
                    f"{' …' * (elided[1] and i == first[-1])} [1]" for i, span in enumerate(spans))
    return Answer(query.question, text, abstained=False, answer_spans=spans, passages=passages,
                  confidence=confidence(1.0, config))


# what may stand between a date's label and the date: "Manuscript received: December 3, 2020", "Received for review
# April 4, 2014"
_LABEL_GAP = r"\W{1,12}(?:\w+\W{1,3}){0,3}?"
# a label of a date (questions.yaml ``field_statements``) a few words before the end of a text: the date after it is its
_LABEL_BEFORE = re.compile(rf"(?:{'|'.join(question_rules()['field_statements'].values())}){_LABEL_GAP}$", re.I)
# fields a line states by its own words, not by a label of page 1: the notice's clause, the keyword list, the editor
_STATEMENTS = {"copyright": COPYRIGHT_STATEMENT, "keywords": KEYWORDS_STATEMENT, "editor": EDITOR_STATEMENT}
_UNIQUE_FIELDS = ("doi",)  # a value that names its document alone: found in any sentence, it states the field


BANNER_WORDS = 4  # a journal's banner names the article's type in a few words ("Research review paper")


def is_banner(line: str) -> bool:
    """Whether a metadata line is a banner naming the article's type: a few words, one a noun for a document
    (questions.yaml ``document_nouns``: "EDGE ARTICLE", "Review", "pubs.acs.org/joc Article", "A PREPRINT")."""
    nouns = question_rules()["document_nouns"]
    words = re.findall(r"[a-z]+", line.lower())
    return len(line.split()) <= BANNER_WORDS and any(w in nouns["generic"] or w in nouns["kinds"] for w in words)


def cited_as(journal: str, year: str) -> re.Pattern:
    """The paper's citation as a running head prints it, read into the text beside it on a scan: its journal,
    year, volume and pages ("J. Am. Chem. Soc. 1991, 113, 8889-8898" of "J. Am. Chem. Soc. 1991, 113,
    8889-8898 of the donor is …")."""
    return re.compile(rf"{re.escape(journal)}\W{{0,3}}{re.escape(year)}\b(?:\s*[,;]\s*\d{{1,4}}"
                      r"(?:\s*[,:]\s*\d+(?:\s*[-–]\s*\d+)?)?)?")


def _first_stating(index: Index, doc_id: str, states: Callable[[str], bool]) -> tuple[Chunk | None, list[Sentence]]:
    """The first chunk of a document, outside its reference entries and captions (a figure reprinted "under the
    terms of the CC-BY license", "Copyright 2020, American Chemical Society"), with a sentence whose text
    ``states`` says yes to, and that sentence; (None, []) when none does."""
    first, last = index.doc_ranges[doc_id]
    source = index.documents[doc_id].source
    for chunk in index.chunks[first:last]:
        if chunk.kind not in ("reference", "caption"):
            for sentence in chunk.sentences:
                if states(join_spans(source, sentence.spans)):
                    return chunk, [sentence]
    return None, []


def confidence(evidence: float, config: AnswerConfig) -> float:
    """How likely an answer with this evidence score is right: a logistic curve fitted on the dev
    questions (bench/README.md, "Confidence"), its midpoint and slope in assistant.yaml."""
    return float(1 / (1 + np.exp(-config.confidence_slope * (evidence - config.confidence_midpoint))))


def ordered_sentences(retrieved: Retrieved, index: Index, k: int,
                      config: AnswerConfig) -> tuple[list[ScoredSentence], list[ScoredSentence], bool]:
    """The sentences of the top passages scored (sentence_scores), narrowed to those stating what is asked
    (keep_asked_types), put in the order a bibliographic question wants (order_records), cleared of sentences
    that only echo the question (drop_echoes): (every sentence scored, best first; those kept, in order;
    whether they come from lifted passages, the back matter or the affiliations asked for)."""
    query, candidates = retrieved.query, retrieved.candidates
    considered = candidates[: min(k, config.passages_considered)]
    # thanks, funding or an author's affiliation asked: the back matter or the affiliations lifted first answer,
    # or nothing does (retrieval.lift_first)
    lifted = [c for c in considered if c.lifted]
    scored = sentence_scores(retrieved, index, lifted or considered, config)
    # they share few words with the question (it named the paper): any of their sentences naming the funder,
    # the person or the institution asked for answers, and that it names one is the evidence
    ratio = 0.0 if lifted else config.answer_type_ratio
    def keep(scored: list[ScoredSentence]) -> list[ScoredSentence]:
        return keep_asked_types(scored, query.answer_types, ratio, query.qualifiers, index.short_forms,
                                lambda s: header_above(index, s),
                                lambda s: row_named_by_number(s, query, index) or row_named_by_key(s, query, index))

    sentences = keep(scored)
    if query.asks_publication and not sentences:  # the type asked is stated by the entries below the floor
        scored = cited_entries_level(scored, ratio)
        sentences = keep(scored)
    if query.asks_publication and not sentences:
        # what a cited work's title says is asked ("According to that title, which solvent does not?" of "… Quantum
        # Dots, Acetonitrile Does Not"): its entries are read as text for the type, and answer as entries
        entry_of = {replace(s, kind="body"): s for s in scored if s.kind == "reference"}
        sentences = [entry_of[s] for s in keep(list(entry_of))]
    if not sentences and query.compounds:
        # a compound's datum asked, and its entry's heading matched better than the line stating it ("Preparation
        # of … (7b)." / "… afforded 0.0847 g (88.5%) of 7b …"): the lines of the first of its entries stating a
        # type asked answer
        sentences = next((kept for lines in compound_entries(scored, query.compounds) if (kept := keep(lines))), [])
    if lifted and query.asks_back_matter and not sentences:
        # "who funded the work?" of acknowledgements naming no institution the type knows ("Open access funding
        # enabled and organized by Projekt DEAL."): the sentences saying what was asked (funding, thanks) answer
        sentences = saying_back_matter(scored, query, index.tokenize)
    sentences = order_records(sentences, scored, query, config.answer_type_ratio)
    return scored, drop_echoes(sentences, set(query.tokens), query.text), bool(lifted)


def citing_lead(scored: list[ScoredSentence], ratio: float) -> ScoredSentence | None:
    """The best sentence of the text citing any entry among those nearly as good as the best (``ratio``: not
    below ``_floor``), or None: where a paper asked for is described, its marker pointing to the entry."""
    floor = _floor(scored, ratio)
    return next((s for s in scored if s.kind in TEXT_KINDS and s.citations and s.score >= floor), None)


def cited_entries_level(scored: list[ScoredSentence], ratio: float) -> list[ScoredSentence]:
    """A paper asked for ("Who wrote the 2000 Chem. Eur. J. paper among them?"): the entries cited by the best
    sentence of the text citing any (among those nearly as good as the best, ``ratio``) score as that sentence
    does, just after it. The sentence says what the work did in the question's words; the entry, which says
    which work it is and who wrote it, shares only the words naming it, and fell below the floor that a type
    asked (people) sets, so that nothing answered. Only then: raising them for every paper asked for put
    entries before the text's own answer (+6 −10 on 5867 tuning questions; as a fallback +2 −0)."""
    lead = citing_lead(scored, ratio)
    if lead is None:
        return scored
    level = [replace(s, score=max(s.score, lead.score)) if s.kind == "reference" and s.doc_id == lead.doc_id
             and s.paragraph in lead.citations else s for s in scored]
    return sorted(level, key=lambda s: (-s.score, s.kind == "reference", s.rank, s.spans))


def header_above(index: Index, sentence: ScoredSentence) -> str:
    """A table row's caption and the lines of its table above it that state no value (``names_a_value``): its
    header, set on one line or more ("# Product TnaA formulation Scale Conversion" / "isomer (5) [mmol] total
    yield"), where a column's unit is named, and the caption naming what the cells are ("Tab. 4. Copolymerization
    reactivity ratios … according to Fineman-Ross" over "Solvent rMA rSt F-R K-T"); "" for a sentence of no
    table."""
    if sentence.kind != "table" or sentence.chunk_id < 0:
        return ""
    caption = index.table_caption(sentence.chunk_id)
    header = [row.text for row in index.table_rows_above(sentence.chunk_id) if not names_a_value(row.text)]
    return " ".join(header if caption is None else [caption.text, *header])


def rerank_sentences(sentences: list[ScoredSentence], query: Query, depth: int,
                     scored: list[ScoredSentence] | tuple = ()) -> list[ScoredSentence]:
    """The first ``depth`` sentences in the order of the learned sentence re-ranker (rerank.sentence_features,
    ``data/sentence_reranker.yaml``; ``scored``: every sentence scored, where a sentence's neighbours in the
    text are found), ties in their order; the others after them as they were. The sub-items of
    one bibliography entry ("(a) …; (b) …") each score as the best of them, so they keep the order the earlier
    steps gave them: the one a question names first, else the entry's own."""
    if depth <= 0 or len(sentences) < 2:
        return sentences
    top = sentences[:depth]
    learned = reranked_scores(sentence_features(query, top, scored), fitted_weights(SENTENCE_WEIGHTS_FILE, SENTENCE_FEATURES))
    entry_best: dict[tuple[str, int], float] = {}
    for s, score in zip(top, learned):
        if s.kind == "reference":
            entry_best[s.doc_id, s.paragraph] = max(entry_best.get((s.doc_id, s.paragraph), -np.inf), score)
    learned = [entry_best[s.doc_id, s.paragraph] if s.kind == "reference" else score for s, score in zip(top, learned)]
    return [top[i] for i in sorted(range(len(top)), key=lambda i: (-learned[i], i))] + sentences[depth:]


def build_answer(retrieved: Retrieved, index: Index, k: int, config: AnswerConfig) -> Answer:
    """The answer, in named steps: a metadata question is answered from its document's metadata lines;
    otherwise the sentences of the top passages are scored and ordered (ordered_sentences), reordered by the
    learned sentence re-ranker (rerank_sentences, where ``retrieved.learned``: not for a follow-up or a
    baseline), the sentence spelling out a short form or opening the caption asked put first (named_first), those
    naming an author asked by initials (initials_first), the entries naming a cited work's authors asked
    (cited_authors_first), the part of a caption a panel asked opens (panel_first), a cause before its consequence
    (cause_first), a drawback after the achievement it qualifies (contrast_first), the sentence naming an extreme
    asked (extreme_first), a compound's entry lines (entry_data_first), the table's row the question names by its
    key (named_row_first); then the evidence decides whether to answer at all, and the best sentence comes with
    the one it continues, a close second or the sentence after it (choose_sentences); a sentence too long to quote
    whole is cut to its clauses that answer (clip_long), a table row comes after its table's column headers
    (with_table_header), and a close second too long to come whole (close_second) comes as its run of clauses
    saying most of what is asked (clip_long), else its or the next sentence's opening clauses (opening_clauses)."""
    query, candidates = retrieved.query, retrieved.candidates
    passages = [_passage(index, candidate, rank) for rank, candidate in enumerate(candidates[:k], start=1)]
    answer = metadata_answer(query, index, passages, config)
    if answer is not None:
        return answer
    if retrieved.described_missing:  # no entry is of the year and journal asked: another's is no answer
        return Answer(query.question, NO_ANSWER, abstained=True)
    scored, sentences, lifted = ordered_sentences(retrieved, index, k, config)
    if retrieved.learned:
        sentences = rerank_sentences(sentences, query, config.rerank_depth, scored)
    sentences = named_first(sentences, query)
    sentences = affiliations_in_order(sentences, query)
    sentences = place_first(sentences, query)
    sentences = initials_first(sentences, query)
    sentences = cited_authors_first(sentences, query, index)
    sentences = panel_first(sentences, query, index)
    sentences = cause_first(sentences, query)
    sentences = contrast_first(sentences, query)
    sentences = extreme_first(sentences, query, config.answer_type_ratio)
    sentences = entry_data_first(sentences, scored, query)
    sentences = named_row_first(sentences, query, index, candidates[:k], lifted)
    # how well the sentences kept match the question decides whether to answer, before those naming another thing
    # are set aside: they matched as a whole
    evidence = answer_evidence(sentences, scored)
    if sentences and any(t.measured for t in query.answer_types):
        # a value asked of something not named where it stands ("the piezoelectric coefficient d33 of BaZrS3", "the
        # IC50 of K252a") is another thing's: the sentences stating one where it is named answer, or none does
        sentences = [s for s in sentences if names_asked_things(query, index, s)]
        if not sentences:
            return Answer(query.question, NO_ANSWER, abstained=True)
    # an e-mail address stated is evidence enough: the lines giving one share few words with the question
    named_there = bool(lifted and query.answer_types and sentences) or bool(sentences) and any(
        t.unmistakable and states(t, sentences[0].text, sentences[0].kind) for t in query.answer_types)
    if sentences and not (query.asks_publication or sentences[0].kind == "reference") \
            and not uses_asked_terms(query, index, sentences[0]):
        # "What yield … when methanesulfonic acid replaced TsOH?" of a paper that never writes "methanesulfonic":
        # its sentences on yields hardly speak of what was asked, unless they match it closely all the same (a
        # paraphrase: "endohedral fullerene" of a paper writing "TiCeN@C80")
        evidence -= config.missing_term_penalty
    if not sentences or (evidence < abstain_threshold(query, config) and not named_there):
        return Answer(query.question, NO_ANSWER, abstained=True)
    after = sentence_after(index, sentences[0])
    cited = entries_cited_by(sentences[0], scored, index) if query.asks_work else []
    chosen = choose_sentences(sentences, lambda s: len(_display(index, s)), config, after, cited)
    required = tuple(t for t in query.answer_types if not t.preferred)
    wanted = set(query.tokens)

    def clipped(s: ScoredSentence, max_chars: int) -> ScoredSentence:
        return clip_long(s, index.documents[s.doc_id].source, _focus(wanted, index, s.doc_id),
                         index.document_idf(wanted, s.doc_id), required, max_chars, index.tokenize, query.signal,
                         query.techniques)

    # an entry too long to quote whole loses the middle of its author list, not the title and journal after it,
    # nor its first authors, even when its authors are asked: a window of the list cut to the question's words
    # dropped the first authors asked ("which reference entry (first authors) …"), +3 −0 on 15,347 tuning questions
    def shortened(s: ScoredSentence, max_chars: int) -> list[ScoredSentence]:
        return past_authors(s, index.documents[s.doc_id].source, max_chars) or [clipped(s, max_chars)]

    def shown_length(pieces: list[ScoredSentence]) -> int:  # with their "…" marks and the spaces between them
        return sum(len(_display(index, s)) + len("… ") * sum(s.elided) for s in pieces) + len(pieces) - 1

    chosen = [piece for s in chosen for piece in shortened(s, config.max_chars)]
    chosen = with_table_header(index, chosen, lambda s: len(_display(index, s)), config.max_chars)
    if len(chosen) == 1 and config.max_sentences > 1:
        # neither a close second nor the sentence after the best one fit whole: the close second's run of clauses
        # saying most of what is asked (clip_long), else the opening clauses of either, where they fit, lead on
        room = config.max_chars - shown_length(chosen) - 1
        second = close_second(sentences, sentences[0], config.second_sentence_ratio)
        leads = [] if second is None else [shortened(second, room)]
        leads += [[lead] for s in (second, after) if s is not None
                  and (lead := opening_clauses(s, index.documents[s.doc_id].source, room)) is not None]
        chosen += next((pieces for pieces in leads if shown_length(pieces) <= room), [])
    # a sentence read in a window next to a passage is cited to that window, listed after the passages
    rank_of = {p.chunk_id: p.rank for p in passages}
    for s in chosen:
        if s.chunk_id not in rank_of:
            rank_of[s.chunk_id] = len(passages) + 1
            passages.append(_passage(index, Candidate(index.chunks[s.chunk_id], 0.0), len(passages) + 1))
    spans = [_span(index, rank_of[s.chunk_id], start, end, number, s.doc_id)
             for number, s in enumerate(chosen, start=1) for start, end in s.spans]
    text = " ".join(f"{'… ' * s.elided[0]}{_display(index, s)}{' …' * s.elided[1]} [{rank_of[s.chunk_id]}]"
                    for s in chosen)
    return Answer(query.question, text, abstained=False, answer_spans=spans, passages=passages,
                  confidence=confidence(evidence, config))


def abstain_threshold(query: Query, config: AnswerConfig) -> float:
    """The evidence below which the answer is that the papers do not answer: higher for a question asking yes or
    no (``Query.polar``: "Did Nagae and co-workers also make the strontium analogue?"). A paper that did the thing
    says so in words close to the question; one that did not still has a nearest sentence, on something else, and
    on the tuning questions those matched weakly (bench/README.md, forty-ninth session)."""
    return config.polar_abstain_threshold if query.polar else config.abstain_threshold


def names_asked_things(query: Query, index: Index, sentence: ScoredSentence) -> bool:
    """Whether the things a value is asked of (``Query.identifiers``: "K252a", "E346Q"; ``Query.subjects``:
    "pomalidomide"), and the medium it is asked in (``Query.media``: "in benzene"), are named where the sentence
    stating one stands, by any of their standard names (``text.written_forms``: "in isopropanol" of a paper writing
    "iPrOH"): in its document at all, and, unless the document is about them (its title, TOPIC_SHARE
    of its passages), in the sentence's passage, its section's heading or the passage before
    (``Index.mentioned_near``). On the dev papers a value quoted without them was, in 18 of 22 cases, another
    thing's: "the IC50 of K252a" answered with staurosporine's, "the yield of 4a" with 2a's. Nor does a sentence
    naming another thing of the kind asked instead (``names_another_instead``; ``names_another_compound``: "the
    yield of 2n" is not 2a's), nor one standing where the people whose work the value is asked of are not named
    (``names_whose_work``: "Guo's synthesis"). The atom or group an NMR signal asked is assigned to is not looked
    for (``signal_assignment``): a listing seldom names it; nor is a name describing the paper asked of
    (``Query.describing``: "In the paper on PbS nanocrystals grown with a large PbCl2 excess, what decay time …").
    A table's row the question names by number is the thing asked of
    (``row_named_by_number``): the names beside its number describe it ("hit 24, the Brevundimonas gene 95 %
    identical to BrvH")."""
    if row_named_by_number(sentence, query, index):
        return True
    doc_id = sentence.doc_id
    title = flat(index.documents[doc_id].title)
    for name in named_as(query, index, doc_id) + tuple(flat(term) for term in query.subjects) + query.media:
        if signal_assignment(query, name) or name in query.describing:
            continue
        forms = [form for form in written_forms(name) if index.mentions(doc_id, form)]
        if not forms:
            return False
        if any(form in title or index.mention_share(doc_id, form) >= TOPIC_SHARE for form in forms):
            continue
        if not any(index.mentioned_near(sentence.chunk_id, form) for form in forms):
            return False
    if not all(names_whose_work(index, sentence, names) for names in query.people):
        return False
    return (not names_another_instead(query.identifiers, sentence) and not quantity_of_another(query, sentence)
            and not states_another_ratio(query, sentence) and not names_another_compound(query.compounds, sentence))


def named_as(query: Query, index: Index, doc_id: str) -> tuple[str, ...]:
    """The names the question gives things by (``Query.identifiers``), a pair typed with a dash that the document
    never writes as one ("HOCl–E346") by its parts (``Query.pair_parts``: "E346")."""
    parts = dict(query.pair_parts)
    return tuple(dict.fromkeys(n for name in query.identifiers
                               for n in (parts[name] if name in parts and not index.mentions(doc_id, name) else (name,))))


def names_another_compound(asked: tuple[str, ...], sentence: ScoredSentence) -> bool:
    """Whether a question naming compounds by number ("the yield of 2n") is given a sentence that, with the one before
    it, names another compound of the same series ("2a": products 2, substrates 1) and none of those asked ("… (2a)
    was isolated in 91% yield"). A compound of another series is no other thing of the kind asked: the substrate
    "1a" is named where the product 2a's work-up is given."""
    return _names_another(sentence, asked, compound_labels, _series)


def _series(label: str) -> str:
    """A compound number's series, its number: "2" of "2n"."""
    return label.rstrip("abcdefghijklmnopqrstuvwxyz")


def _names_another(sentence: ScoredSentence, asked: tuple[str, ...], read: Callable[[str], tuple[str, ...]],
                   kind: Callable[[str], str]) -> bool:
    """Whether the sentence, or the one before it, names (``read``) a thing of the kind (``kind``, "" for none) of
    one asked and none of those asked."""
    named = set(read(sentence.text)) | set(read(sentence.before))
    kinds = {kind(name) for name in asked} - {""}
    return not named & set(asked) and any(kind(name) in kinds for name in named)


# a work recounted over a few passages names whose it is where its account opens ("In 2011, Katoh reported …", its
# yield two passages on); the people a question names as whose work a value is: +7 −1 on 8627 tuning questions
WORK_PASSAGES = 3


def names_whose_work(index: Index, sentence: ScoredSentence, names: tuple[str, ...]) -> bool:
    """Whether the people a question names as those whose work a value is asked of ("Guo's synthesis",
    ``Query.people``) are named where the sentence stating one stands: in its passage or the WORK_PASSAGES
    before it in its section (``Index.named_before``). A list naming one of the document's own authors is the
    paper's own work ("Doxsee, Farahi and Hope's paper"; a scan's byline may be read short of a name), looked for no
    further; so is a name the document's title holds, and a table's row, which names its sources by number."""
    own = index.byline_names(sentence.doc_id)
    if sentence.kind == "table" or any(name_keys(name) & own for name in names):
        return True
    title = flat(index.documents[sentence.doc_id].title)
    return all(flat(name) in title or index.named_before(sentence.chunk_id, flat(name), WORK_PASSAGES)
               for name in names)


_RATIO = re.compile(r"(?<![\d.:])\d+(?:\.\d+)?\s?:\s?\d+(?:\.\d+)?(?![\d.:])")  # "4:1", "1 : 2.5"


def states_another_ratio(query: Query, sentence: ScoredSentence) -> bool:
    """Whether a question stating a ratio ("with a 4:1 Pb:S precursor ratio", in ``Query.numbers``) is given a
    sentence stating other ratios and not it: "With an 8:1 Pb:S ratio, the monodisperse growth occurred until
    about 1600 nm" is another run's value, though it follows the 4:1 run's sentence."""
    asked = {n.replace(" ", "") for n in query.numbers if ":" in n}
    stated = {r.replace(" ", "") for r in _RATIO.findall(sentence.text)} if asked else set()
    return bool(stated) and not stated & asked


def name_shape(name: str) -> str:
    """The shape of a flattened name with a number: its letters as "a", each number as "0" ("cazrs3",
    "bazro3" → "aaaaa0"; "k252a" → "a0a"; "e346q" → "a0a"): names of one shape are things of one kind."""
    return re.sub(r"[a-z]", "a", re.sub(r"\d+(?:\.\d+)?", "0", name))


def numbered_shape(name: str) -> str:
    """The shape (``name_shape``) of a name with a number, the kind of thing it is; "" for a name without one."""
    return name_shape(name) if re.search(r"\d", name) else ""


def numbered_shapes(names) -> set[str]:
    """The shapes (``name_shape``) of the names with a number: the kinds of thing those names are."""
    return {numbered_shape(name) for name in names} - {""}


def names_another_instead(asked: tuple[str, ...], sentence: ScoredSentence) -> bool:
    """Whether a sentence, or the one before it, names another thing of the kind asked (``name_shape`` of an
    asked name with a number, ``Query.identifiers``) and none of the things asked: "the Hall mobility of
    CaZrS3 films" is not answered by "Wei et al. made Hall measurements on BaZrS3 films …", though the review
    names CaZrS3 in that passage. Names without a number are not compared: flattened, "PbS" has the shape of
    any three-letter name."""
    return _names_another(sentence, asked, identifiers, numbered_shape)


OF_WORDS = 3  # the words after "<quantity> of" read for what the quantity is of: "the melting point of the BaS3 …"


def quantity_of_another(query: Query, sentence: ScoredSentence) -> bool:
    """Whether the sentence gives the asked quantity of another thing of the kind asked: "What is the melting
    point of BaZrS3?" is not answered by "… the melting point of BaS3 being relatively low, 554 °C", where the
    quantity (``Query.quantity``, "point") is followed by "of" or "for" and, within ``OF_WORDS`` words, a name of
    the kind of an asked one (``Query.identifiers``) that is none of them: of its shape (``name_shape``), or a
    chemical formula when a formula is asked (``Query.chemical_formulas``, ``text.formulas``: "BaS3" for
    "BaZrS3")."""
    if not query.quantity or not query.identifiers:
        return False
    asked = set(query.identifiers)
    shapes = numbered_shapes(asked)
    formula_asked = bool(asked & set(query.chemical_formulas))
    for match in re.finditer(rf"{re.escape(query.quantity)}s?\s+(?:of|for)\s+((?:\S+\s*){{1,{OF_WORDS}}})",
                             sentence.text, re.I):
        named = set(identifiers(match[1]))
        if named & asked:
            continue
        if any(name_shape(n) in shapes for n in named) or formula_asked and formulas(match[1]):
            return True
    return False


# an atom or a group a signal is assigned to, as Query.identifiers flattens it: "C5" → "c5", "N–CH2" → "nch2"
_ASSIGNMENT = re.compile(r"[a-z]{1,3}\d{1,2}")


def signal_assignment(query: Query, name: str) -> bool:
    """Whether ``name`` (of ``Query.identifiers``) is the atom or group an NMR signal the question describes is
    assigned to (``Query.signal``, ``_ASSIGNMENT``: "the methyl group on the quaternary C5", "the N–CH2 doublet")."""
    return bool(query.signal) and bool(_ASSIGNMENT.fullmatch(name))


def uses_asked_terms(query: Query, index: Index, sentence: ScoredSentence) -> bool:
    """Whether the document of the answer writes each technical term of the question (``Query.terms``: words no
    English lexicon holds, "propiophenone", "thermogravimetric"; substances, "toluene") and each word of the
    conditions a value is asked under (``Query.conditions``: "when a copper plate was the cathode") and the property
    a "how <adjective>" question asks the degree of (``Query.degree``: "How toxic …") in some form
    (``Index.uses``) and each of its short forms in capitals (``Query.acronyms``, ``Index.writes_acronym``),
    and each name in it with a digit or an inner capital (``Query.identifiers``: "MgCo3", "PremuNet"; not an
    English word, "PhD", nor a substance a paper may write in words, "CHCl3": ``Index.mentions``), and the
    answer's passage, or the one before it, one of the values it states with a unit (``Query.values``,
    ``Index.writes_number_near``: "What yield … when the cyclization was run at 40 °C instead?" is not answered
    by the yield at room temperature; a table's row the question names by number, ``row_named_by_number``, need
    not: "hit 24, the gene 95 % identical to BrvH" describes it). Not asked of a question for a paper, nor of an
    answer from a bibliography entry: the question describes the cited work in its own words ("the Angewandte
    Chemie paper on …" of an entry reading "Angew. Chem."). Nor of the atoms and groups a question describing an
    NMR signal names (``Query.signal``, ``_ASSIGNMENT``: "the methyl group on the quaternary C5", "the N–CH2
    doublet"): a listing gives a signal's shift, multiplicity and integration, seldom the atom it belongs to; nor
    its place ("the most downfield signal", ``SIGNAL_POSITIONS``), which a listing shows by its order."""
    return (all(index.uses(sentence.doc_id, term) for term in query.terms + query.conditions
                if term not in SIGNAL_POSITIONS)
            and (not query.degree or any(index.uses(sentence.doc_id, form) for form in query.degree))
            and all(index.writes_acronym(sentence.doc_id, acronym) for acronym in query.acronyms)
            and all(index.mentions(sentence.doc_id, name) for name in named_as(query, index, sentence.doc_id)
                    if not is_english(name) and not names_substance(name) and not signal_assignment(query, name))
            and (not query.values or row_named_by_number(sentence, query, index)
                 or any(index.writes_number_near(sentence.chunk_id, n) for n in query.values)))


def saying_back_matter(scored: list[ScoredSentence], query: Query, tokenize: Callable[[str], list[str]]) -> list[ScoredSentence]:
    """The sentences holding a back-matter word of the question (questions.yaml, ``back_matter.words``: "funded"
    → "funding"), as BM25 tokens, and saying more than the question (not a run-in "Acknowledgment."), in their
    order."""
    asked = set(query.tokens) & set(tokenize(" ".join(question_rules()["back_matter"]["words"])))
    return [s for s in scored if s.words & asked and len(s.words - set(query.tokens)) >= ECHO_NEW_WORDS]


def answer_evidence(sentences: list[ScoredSentence], scored: list[ScoredSentence]) -> float:
    """How well the answer matches the question with its context, to decide whether to answer: the best
    evidence of the ``sentences`` kept, or, when the one leading them is a value stated in the run of
    sentences after the best match of all ``scored`` (keep_asked_types: "Betaine 238 served as the substrate
    for the cycloaddition." / "Carrying out the reaction at 180 °C in tetrahydrofuran …"; a compound's entry,
    up to FURTHER_SENTENCES + 1 lines under its heading: "… (2h)." / "White solid …" / "M.p. 102−103 °C."),
    that match's."""
    evidence = max((s.evidence for s in sentences), default=0.0)
    if scored and sentences and sentences[0] in sentences_after(scored[0], scored, FURTHER_SENTENCES + 1):
        evidence = max(evidence, scored[0].evidence)
    return evidence


def _floor(sentences: list[ScoredSentence], ratio: float) -> float:
    """A score this far below the best is about something else (a follow-up's scores can be negative)."""
    return sentences[0].score - (1 - ratio) * abs(sentences[0].score) if sentences else 0.0


FURTHER_SENTENCES = 3  # how many sentences past the one after the best a named quantity is looked for: a data listing's lines
# types whose answer is a name, not a measured value: "thiolate" in "What thiolate ligand …" is the kind of
# ligand asked for (the type's own pattern checks it), not a qualifier the sentence must repeat
NAMED_TYPES = {"institution", "ligand", "solvent", "person", "date", "email", "orcid", "accession"}


def keep_asked_types(sentences: list[ScoredSentence], asked: tuple, ratio: float,
                     qualifiers: tuple[str, ...] = (),
                     short_forms: Callable[[str], tuple[tuple[str, str], ...]] = lambda doc_id: (),
                     header_above: Callable[[ScoredSentence], str] = lambda sentence: "",
                     named_row: Callable[[ScoredSentence], bool] = lambda sentence: False) -> list[ScoredSentence]:
    """A question asking for a type of thing (a temperature, an institution, people) is answered only by
    sentences that state one and match the question nearly as well (``ratio``) as the best sentence that is no
    heading (or, for a value, follow the best sentence);
    every type asked must be stated by one of them, else nothing answers but a sentence of the best one's
    document stating all of two or more values asked. A qualified quantity ("the glass
    transition temperature") is stated only where its qualifiers are named too: another temperature of
    the paper does not answer; so named, it may stand up to FURTHER_SENTENCES past the one after the best
    match (a compound's data). An unmistakable type (an e-mail address) answers from any sentence of the
    best one's document, and for the names asked with it. A table's row is read with its caption and the header
    lines above it (``header_above``: a unit named in a header set on two lines, a quantity in the caption). A row
    the question names by number, or by its key in a table it names or speaks of (``named_row``: "entry 13" of Table 1,
    "in acetone" of Tab. 1) is the thing asked of: it states the type as its table does, whatever the question calls
    the quantity ("the NMR yield" of a column headed "yield %", its note saying how it was determined; "the gene
    length" of "Length (bp)"; "the 1H NMR chemical shift" of a scan's "'H NMR")."""
    if not asked or not sentences:
        return sentences
    # a heading run into a passage says nothing ("Synthesis of N-Allyl/Homoallyl Amide Substrates 1."): the best
    # sentence saying something sets how close to it one stating the type must match
    floor = _floor([s for s in sentences if not s.heading] or sentences, ratio)
    best = (sentences[0].doc_id, sentences[0].spans)
    # a value may stand in the sentence after the best match: a paper says what it did, then the value ("The
    # first total synthesis … was accomplished by Muratake." / "It was completed within 40 steps and 0.15 %").
    # Not a name: a solvent's or a person's word is read too loosely ("water dissociation") to look further;
    # a name only beside a value asked with it ("at 180 °C in tetrahydrofuran") or in a sentence continuing it
    # ("Absorption spectra were measured …" / "The QDs were suspended in tetrachloroethylene for these
    # measurements."). A preferred type (a reason) only where the sentence continues the best match ("… slows
    # nucleation." / "We attribute this to …"): "In many cases … can lead to drastic changes" after it is no reason
    # for it.
    following = [s for s in sentences if s.score < floor and (s.doc_id, s.follows) == best]
    # a quantity asked by name may stand a few sentences on, where a compound's data are listed ("Methyl 4-(…)benzoate
    # (2f)." / "Pale-yellow solid (82 mg, 70%)." / "M.p. 163−164 °C."): there, only where its name is too
    further = (sentences_after(following[0], [s for s in sentences if s.score < floor], FURTHER_SENTENCES)
               if following else [])

    # a row's header lines are looked up once per row, not for each type asked and each list it is tried in
    headed: dict[ScoredSentence, str] = {}

    def read(s: ScoredSentence) -> str:
        if s.kind != "table":
            return s.text
        if s not in headed:
            headed[s] = f"{s.text} {header_above(s)}"
        return headed[s]

    valued = [s for s in following
              if any(states(t, read(s), s.kind) for t in asked if t.name not in NAMED_TYPES and not t.preferred)
              # a substance named by its formula cannot be read loosely: "Complex 1Ca … characterized by its 1H NMR
              # spectrum …" / "In the 1H NMR spectrum in CD3CN, …"
              or (any(t.substances for t in asked) and names_substance_by_formula(s.text))]
    continuing = [s for s in following if s.continuation]
    close = [s for s in sentences if s.score >= floor]
    # a type whose pattern cannot be mistaken (an e-mail address) answers from any sentence of the best one's
    # document: "Who is the corresponding author, and what is the contact e-mail?" matches the byline best
    anywhere = [s for s in sentences if s.score < floor and s.doc_id == best[0]]
    stating = [[s for s in close + (anywhere if t.unmistakable else continuing if t.preferred
                                    else following + further * bool(qualifiers) if t.name not in NAMED_TYPES
                                    else list(dict.fromkeys(valued + continuing)))
                # a measured quantity may have been named in full earlier in the passage ("… as a function of their
                # peak absorption wavelength." … "until a peak wavelength value near 1400 nm"); a count is any number,
                # so what it counts must stand in its sentence or the one before
                if (states_asked(t, qualifiers, read(s), s.before if t is COUNT else s.opening, s.kind, short_forms(s.doc_id),
                                 s.subscripts)
                    if qualifiers and t.name not in NAMED_TYPES and s.kind in TEXT_KINDS and not named_row(s)
                    else states(t, read(s), s.kind))] for t in asked]
    close += following + list(dict.fromkeys(s for found in stating for s in found if s not in close and s not in following))
    # a line giving the e-mail asked with the person answers for both ("… should be addressed to T.G.K.-C. (email:
    # tatyanak@mtu.edu)"): initials are no names the person pattern reads
    unmistakable = any(t.unmistakable and found for t, found in zip(asked, stating))
    required = [found for t, found in zip(asked, stating)
                if not t.preferred and not (unmistakable and t.name in NAMED_TYPES and not t.unmistakable)]
    if not all(required):
        if len(required) < 2:  # one value alone is any value of its type
            return []
        # two values asked at once ("how many steps and what overall yield"): a sentence of the best one's document
        # stating both answers, however it scores ("The synthesis proceeded in 25 steps with an overall yield of
        # 2.6%.")
        values = [t for t in asked if not t.preferred]
        return ([s for s in sentences
                 if s.doc_id == sentences[0].doc_id and all(states(t, s.text, s.kind) for t in values)]
                or stated_in_run(sentences, values))
    if required:  # a sentence stating more of the asked types first ("in 25 steps with a yield of 2.6 %")
        stated = [found for t, found in zip(asked, stating) if not t.preferred]
        kept = [s for s in close if any(s in found for found in stated)]
        # the line giving an e-mail address asked leads the names asked with it: a byline or a citation line
        # names the corresponding author too, but not as such
        plain = [s for t, found in zip(asked, stating) if t.unmistakable for s in found]
        return sorted(kept, key=lambda s: (s not in plain, -sum(s in found for found in stated))) if len(stated) > 1 else kept
    preferred = [s for found in stating for s in found]  # only preferred types asked: those stating one first
    return [s for s in close if s in preferred] + [s for s in sentences if s not in preferred]


def sentences_after(first: ScoredSentence, pool: list[ScoredSentence], count: int) -> list[ScoredSentence]:
    """Up to ``count`` sentences of ``pool`` that follow ``first`` one after another in its text, in order;
    the run stops at the first one missing from ``pool``."""
    run: list[ScoredSentence] = []
    step = first
    while len(run) < count:
        step = next((s for s in pool if (s.doc_id, s.follows) == (step.doc_id, step.spans)), None)
        if step is None:
            break
        run.append(step)
    return run


def stated_in_run(sentences: list[ScoredSentence], values: list) -> list[ScoredSentence]:
    """The sentences of the run that opens with the best one (it and up to FURTHER_SENTENCES + 1 after it, in
    text order) stating the ``values`` asked, when together they state every one, else none: a compound's
    entry gives its data a line each ("… (2e)." / "White solid (42 mg, 39%)." / "M.p. 105−106 °C.")."""
    run = [sentences[0], *sentences_after(sentences[0], sentences, FURTHER_SENTENCES + 1)]
    stating = [s for s in run if any(states(t, s.text, s.kind) for t in values)]
    covered = all(any(states(t, s.text, s.kind) for s in stating) for t in values)
    return stating if covered else []


def order_records(sentences: list[ScoredSentence], scored: list[ScoredSentence], query: Query,
                  ratio: float) -> list[ScoredSentence]:
    """A paper asked for: the entries that the best sentence of the text citing any cites, among those nearly as
    good as the best (the best one may describe the work without its marker, which the next sentence bears),
    then any bibliographic record nearly as good as the best sentence, answer before the text itself.
    Anything else asked of no paper in particular, and an entry leads: the sentence of the text that cites
    that entry (and states
    what is asked: for people, names them) answers first — the paper's own words on the work, not the
    cited title; people asked of no paper are not named by an entry that no such sentence cites."""
    if not sentences:
        return sentences
    # an e-mail address or an ORCID iD asked ("who is the corresponding author, and what is the contact e-mail?")
    # is no paper's record: the line stating it, which keep_asked_types put first, stays first
    if query.asks_publication and not any(t.unmistakable for t in query.answer_types):
        floor = _floor(scored, ratio)
        lead = citing_lead(scored, ratio)
        cited = lead.citations if lead else ()
        records = [s for s in scored if s.kind == "reference" and s.paragraph in cited]
        records += [s for s in sentences if s.kind not in TEXT_KINDS and s.score >= floor and s not in records]
        # "who reported …", "whose work …": the sentence naming them answers, the entries it cites after it
        if lead is not None and query.asks_people and names_people(lead.text):
            records.insert(0, lead)
        return records + [s for s in sentences if s not in records]
    if sentences[0].kind == "reference" and (PERSON in query.answer_types or not query.mentions_publication):
        entry = sentences[0]
        citing = [s for s in scored if s.kind in TEXT_KINDS and s.doc_id == entry.doc_id and entry.paragraph in s.citations
                  and all(names_people(s.text) if t is PERSON else states(t, s.text, s.kind) for t in query.answer_types)]
        if citing:
            return citing[:1] + [s for s in sentences if s not in citing[:1]]
        if not query.mentions_publication:
            # no sentence cites it by number (author-year citations): the text's own sentences answer a
            # question that speaks of no paper, the cited titles after them; people asked of no paper, only
            # the text names: an entry's authors wrote a work, they did not win a prize ("Who won the 2023
            # Nobel Prize in Chemistry?" is not answered by a 2023 entry)
            text = [s for s in sentences if s.kind in TEXT_KINDS]
            if PERSON in query.answer_types and not query.asks_publication:
                return text
            return text + [s for s in sentences if s.kind not in TEXT_KINDS]
    return sentences


ECHO_NEW_WORDS = 2  # a sentence that adds fewer words than this to the question's only restates it
def drop_echoes(sentences: list[ScoredSentence], asked: set[str], question: str = "") -> list[ScoredSentence]:
    """A sentence that only repeats the question's words (an introduction's restatement, a caption's
    title) or a heading answers nothing: it goes behind the sentences that add something. One that
    negates what the ``question`` does not (``text.NEGATION``) adds an answer. When every sentence is such,
    the order stays."""
    question_denies = NEGATION.search(question) is not None
    adds = [s for s in sentences if not s.heading and (len(s.words - asked) >= ECHO_NEW_WORDS
                                                       or not question_denies and NEGATION.search(s.text))]
    return adds + [s for s in sentences if s not in adds] if adds else sentences


def named_first(sentences: list[ScoredSentence], query: Query) -> list[ScoredSentence]:
    """The sentences of the text that say what a question names go first, though they share no word with
    it but the name: the one spelling out a short form asked ("What does SciMON stand for?" / "… Optimized for
    Novelty (SciMON)", ``text.spells_out``), the caption opening with the label of a figure or scheme
    asked ("What does Figure 5 compare?" / "Figure 5: Number of training tokens …"), or the best sentence of that
    caption holding question words its opening lacks."""
    named = [s for s in sentences if s.kind in TEXT_KINDS and spells_out(s.text, query.short_forms)
             or s.kind == "caption" and opens_with_label(_with_number(s, sentences), query.labels)]
    # a label read as a sentence of its own ("Figure 5." / "Possible mechanisms for …"), its number too ("Tab." /
    # "2." / "Characteristic IR absorption maxima …"): the one after them says
    named = [_past_label(s, sentences) if s.kind == "caption" else s for s in named]
    # ... unless a later sentence of that caption holds words of the question its opening lacks: it says what is
    # asked of the figure ("In Figure 5, how are hydrogen bonds shown?" / "… hydrogen bonds are represented as red
    # dashed lines")
    asked = set(query.tokens)
    named = [next((f for f in sentences if f.kind == "caption" and (f.doc_id, f.paragraph) == (s.doc_id, s.paragraph)
                   and not LABEL_ONLY.fullmatch(f.text) and (f.words & asked) - s.words), s)
             if s.kind == "caption" else s for s in named]
    # the label's pieces say nothing the caption's text does not
    label = {(s.doc_id, s.spans) for s in sentences if s.kind == "caption" and _is_label_piece(s)}
    return list(dict.fromkeys(named)) + [s for s in sentences if s not in named
                                         and not (named and (s.doc_id, s.spans) in label)]


def affiliations_in_order(sentences: list[ScoredSentence], query: Query) -> list[ScoredSentence]:
    """Where the work was done asked, no author nor institution named ("Where was the titanocene work carried
    out?", ``Query.asks_first_affiliation``): the first document's sentences stating an institution go first in
    the order the paper prints them, as its first affiliation is the work's (a later one is a co-author's or a
    present address: "… University of California, Davis" after "University of Oregon")."""
    if not query.asks_first_affiliation or not sentences:
        return sentences
    doc = sentences[0].doc_id
    stating = [s for s in sentences if s.doc_id == doc and states(INSTITUTION, s.text, s.kind)]
    return sorted(stating, key=lambda s: s.spans) + [s for s in sentences if s not in stating]


def place_first(sentences: list[ScoredSentence], query: Query) -> list[ScoredSentence]:
    """For a question asking an institution by its place ("Which Italian university took part …?", "Which Barcelona
    university …?": a qualifier of the asked quantity), the sentences naming that place, or the country its
    adjective stands for (questions.yaml ``institution_places``), go first, in their order: an affiliation list
    names several institutions, each a sentence stating one."""
    if INSTITUTION not in query.answer_types or not query.qualifiers:
        return sentences
    # a place is a proper name: a qualifier the question capitalizes before the noun asked ("Which Italian
    # university …"; not "Which second university …", nor "Which chemistry department … Faculty of Chemistry")
    asked = [q for q in query.qualifiers
             if (m := re.search(rf"(?<=\s)({re.escape(q)})\b(?=[^,;?]*\b{re.escape(query.quantity)})", query.question,
                                re.I)) and m[1][0].isupper()]
    if not asked:
        return sentences
    adjectives = question_rules()["institution_places"]["adjectives"]
    places = [place for q in asked for place in (q, *adjectives.get(q.lower(), ()))]
    named = re.compile(rf"(?<!\w)(?:{'|'.join(map(re.escape, places))})(?!\w)", re.I)
    first = [s for s in sentences if named.search(s.text)]
    return first + [s for s in sentences if s not in first]


def initials_first(sentences: list[ScoredSentence], query: Query) -> list[ScoredSentence]:
    """The sentences of the text naming by initials an author the question names by name
    (``Query.initials``, ``text.writes_initials``) go first, in their order: "What was Adrian Mulholland's
    contribution …?" is answered by "A.J.M. designed the study, discussed the results …", which shares no word
    with the question but what it says of him."""
    if not query.initials:  # most questions name no author's part: nothing to look for
        return sentences
    named = [s for s in sentences if s.kind in TEXT_KINDS and any(writes_initials(s.text, i) for i in query.initials)]
    return named + [s for s in sentences if s not in named]


def cited_authors_first(sentences: list[ScoredSentence], query: Query, index: Index) -> list[ScoredSentence]:
    """The reference entries naming the most of the authors a question names for the work whose record it asks
    (``Index.cited_authors``, ``Index.entry_names``) go first, in their order, when they name more of them than
    the first sentence: "a paper by Canham, Overman and Tanis" is their entry, not one whose title shares the
    question's topic."""
    if not any(query.names) or not sentences:
        return sentences
    named = [len(index.cited_authors(query.names, s.doc_id) & index.entry_names(index.chunks[s.chunk_id]))
             if s.kind == "reference" and s.chunk_id >= 0 else 0 for s in sentences]
    most = max(named)
    if not most or named[0] == most:
        return sentences
    return ([s for s, n in zip(sentences, named) if n == most]
            + [s for s, n in zip(sentences, named) if n != most])


# a panel's mark opening its part of a caption: "a)", "a,b)", "(c)", "(A–C)", or "B." opening a sentence, then a
# capital ("c) Experimental data of …", "B. Selective synthesis of …"); not a mark pointing back within the text
# ("absorbance (b) and fluorescence emission (c) spectra"), not one inside a name ("Pd(sSPhos)")
_PANEL_MARK = re.compile(r"(?:^|(?<=[\s.;:,]))(?:\(\s*(?P<enclosed>[A-Ha-h](?:\s*[,–-]\s*[A-Ha-h])*)\s*\)"
                         r"|(?P<closed>[a-h](?:\s*,\s*[a-h])*)\)|(?:^|(?<=[.;]\s))(?P<stopped>[A-H])\.)(?=\s+[A-Z])")


def _panel_letters(mark: re.Match) -> set[str]:
    """The letters a panel's mark covers, lower-case: "a,b)" → {a, b}; "(A–C)" → {a, b, c}."""
    text = (mark.group("enclosed") or mark.group("closed") or mark.group("stopped")).lower()
    letters = set(re.findall(r"[a-h]", text))
    for first, last in re.findall(r"([a-h])\s*[–-]\s*([a-h])", text):
        letters |= {chr(c) for c in range(ord(first), ord(last) + 1)}
    return letters


def panel_first(sentences: list[ScoredSentence], query: Query, index: Index) -> list[ScoredSentence]:
    """A panel asked of a figure ("What does panel c of Figure 9 present?", "… in Figure 6b") when the best
    sentence is a part of the figure's caption some panel's mark opens: the part the asked panel's mark opens, up
    to the next mark ("c) Experimental data of …" before "d) Components …"), goes first, cut from its sentence and
    marked as cut. A best sentence that no mark opens (the text on a figure, or a panel's later sentence
    answering what is asked of it) stays first."""
    best = sentences[0] if sentences else None
    if not query.panels or best is None or best.kind != "caption" or (
            query.labels and not opens_with_label(index.chunks[best.chunk_id].text, query.labels)):
        return sentences
    source = index.documents[best.doc_id].source
    if not _PANEL_MARK.search(join_spans(source, best.spans)):
        return sentences
    for sentence in (s for s in sentences if (s.doc_id, s.chunk_id, s.kind) == (best.doc_id, best.chunk_id, "caption")):
        text = join_spans(source, sentence.spans).rstrip()
        marks = list(_PANEL_MARK.finditer(text))
        start = next((i for i, m in enumerate(marks) if _panel_letters(m) & set(query.panels)), None)
        if start is None:
            continue
        begin = marks[start].start()
        end = begin + len(text[begin:marks[start + 1].start() if start + 1 < len(marks) else len(text)].rstrip())
        cut = replace(sentence, spans=tuple(sub_spans(sentence.spans, begin, end)), text=text[begin:end],
                      elided=(begin > 0, end < len(text)))
        return [cut] + [s for s in sentences if s is not sentence]
    return sentences


_LABEL_NUMBER = re.compile(r"\W*(?:S?\d+[a-z]?|[IVXL]+)[.:]?\W*")  # "2.", the number of a label split off "Tab."


def _is_label_piece(sentence: ScoredSentence) -> bool:
    return bool(LABEL_ONLY.fullmatch(sentence.text) or _LABEL_NUMBER.fullmatch(sentence.text))


def _with_number(sentence: ScoredSentence, sentences: list[ScoredSentence]) -> str:
    """A caption's sentence as its label reads: with the number split off it ("Tab." / "2." → "Tab. 2.")."""
    if not LABEL_ONLY.fullmatch(sentence.text):
        return sentence.text
    after = sentences_after(sentence, sentences, 1)
    return f"{sentence.text} {after[0].text}" if after and _LABEL_NUMBER.fullmatch(after[0].text) else sentence.text


def _past_label(sentence: ScoredSentence, sentences: list[ScoredSentence]) -> ScoredSentence:
    """The first sentence from ``sentence`` on, following each other among ``sentences``, that is neither a
    caption's label nor its number read as a sentence of its own; ``sentence`` when none follows."""
    if not _is_label_piece(sentence):
        return sentence
    return next((s for s in sentences_after(sentence, sentences, len(sentences)) if not _is_label_piece(s)), sentence)


def compound_entries(scored: list[ScoredSentence], compounds: tuple[str, ...]) -> Iterator[list[ScoredSentence]]:
    """The lines of each entry of one of ``compounds`` in an experimental section whose heading is among the
    ``scored`` sentences, in the text's order (its preparation and data before, say, its X-ray analysis), each
    from a heading closing on an asked compound's number (``query.entry_heading``) to the next compound's
    heading."""
    own = entry_heading(compounds)
    for heading in sorted((s for s in scored if own.search(s.text.rstrip())), key=lambda s: (s.doc_id, s.spans)):
        yield _lines_under(heading, scored)


def _lines_under(heading: ScoredSentence, scored: list[ScoredSentence]) -> list[ScoredSentence]:
    """The sentences of ``scored`` after an entry's ``heading`` in its paragraph, in the text's order, up to the
    next compound's heading (``query.entry_heading``)."""
    any_entry = entry_heading()
    paragraph = sorted((s for s in scored if (s.doc_id, s.paragraph, s.kind) == (heading.doc_id, heading.paragraph,
                                                                                 heading.kind)
                        and s.spans > heading.spans), key=lambda s: s.spans)
    return list(itertools.takewhile(lambda s: not any_entry.search(s.text.rstrip()), paragraph))


def entry_data_first(sentences: list[ScoredSentence], scored: list[ScoredSentence], query: Query) -> list[ScoredSentence]:
    """A compound's data asked ("What 19F NMR shift is reported for 2h?", "What appearance, amount and yield …
    for 2q?"), and the best sentence stands in that compound's entry of an experimental section (from the heading
    closing on its number, ``query.entry_heading``, to the next entry's heading), or names no compound asked and
    states no type asked while the entry's heading is among the sentences scored: the entry's lines (of
    ``scored``) go first, those stating more of the types asked, then those holding more of the question's words
    that the heading does not, then in the text's order. The heading names the compound and matches the
    question best; the lines under it ("White solid (42 mg, 39%).", "M.p. 105−106 °C.", "HRMS (ESI) Calcd …")
    share hardly a word with the question but the datum asked, and a general sentence ("Chemical shifts δ were
    given in ppm …") can outscore them all. A best sentence naming a compound asked or stating a type asked is
    the text's answer ("2j was formed in high yield (80%)", "… tosylic acid (4.76 g, 25 mmol) …")."""
    if not query.compounds or not sentences:
        return sentences
    own, any_entry = entry_heading(query.compounds), entry_heading()

    def heads_own(s: ScoredSentence) -> bool:  # the heading of an asked compound's entry
        return own.search(s.text.rstrip()) is not None

    def heads_any(s: ScoredSentence) -> bool:  # the heading of any compound's entry
        return any_entry.search(s.text.rstrip()) is not None

    first = sentences[0]
    elsewhere = (not set(compound_labels(first.text)) & set(query.compounds) and not heads_own(first)
                 and not any(states(t, first.text, first.kind) for t in query.answer_types))
    for best in [first] + ([s for s in scored if heads_own(s)] if elsewhere else []):
        paragraph = sorted((s for s in scored if (s.doc_id, s.paragraph, s.kind) == (best.doc_id, best.paragraph,
                                                                                       best.kind)), key=lambda s: s.spans)
        start = next((i for i, s in reversed(list(enumerate(paragraph)))
                      if s.spans <= best.spans and (heads_any(s) or heads_own(s))), None)
        if start is not None and heads_own(paragraph[start]):
            break
    else:
        return sentences
    heading = paragraph[start]
    entry = _lines_under(heading, scored)
    asked = set(query.tokens) - heading.words
    entry.sort(key=lambda s: (-sum(states(t, s.text, s.kind) for t in query.answer_types),
                              not technique_listings(s.text, query.techniques), -len(s.words & asked), s.spans))
    return entry + [s for s in sentences if s not in entry]


# a footnote's mark closing a cell ("[Ph₃C][B(C₆F₅)₄]^{c}"), then the marks of scripts within it ("[^{n}Bu₄N]Cl" is
# "[nBu₄N]Cl", as the question writes it)
_FOOTNOTE_MARK = re.compile(r"(?:\^\{[^}]*\})+$")
_SCRIPT_MARKS = re.compile(r"[_{}^]")


def row_key(row: str) -> str:
    """The cell of a table's row (its display text, cells parted by tabs) that says what the row is about: the
    first holding two letters ("8\t[Ph₃C][B(C₆F₅)₄]\t1340 …" → "[Ph₃C][B(C₆F₅)₄]", "Acetonitrile\t13 630 …"),
    without the footnote mark closing it and with its scripts flattened ("[^{n}Bu₄N]Cl" → "[nBu₄N]Cl"); "" for a
    row of one cell (a note, a row the reading did not part)."""
    cells = row.split("\t")
    if len(cells) < 2:
        return ""
    keys = (_SCRIPT_MARKS.sub("", _FOOTNOTE_MARK.sub("", cell.strip())) for cell in cells)
    return next((key for key in keys if len(re.findall(r"[^\W\d_]", key)) >= 2), "")


def named_row_first(sentences: list[ScoredSentence], query: Query, index: Index,
                    retrieved: list[Candidate] | tuple = (), lifted: bool = False) -> list[ScoredSentence]:
    """A table's row whose key (``row_key``) the question names whole goes first, when the question speaks of a
    table or a table's line leads the ``sentences``: "what Mn … with [Ph3C][B(C6F5)4] in the screening table?" is
    answered by the row "8 [Ph₃C][B(C₆F₅)₄] 1340 87 84 21.1/50.1 …", not by the table's note that also names the
    additive and shares more words with the question. (A compound's row does not displace the text on it
    otherwise: "Why is CaTiS3 unlikely to form?" is the text's.) Rows are those of the sentences
    kept and of the ``retrieved`` passages; of a table the question names by number ("Tab. 4"), when the row's
    caption is known; not when the passages were ``lifted`` (they write the values the question states). The
    key's words must not all be column headers' (a row is not named by "Entry"); it names its row by its words
    of three characters or more that do not name what the paper is about (in ``TOPIC_SHARE`` of its passages or
    more: "tryptophan" in a paper on tryptophan 7-halogenase, not the element symbols "Ca", "Co"): the row whose
    key has most of them goes first, of equals the first in the order given. A row the question names by number
    in a table it names ("hit 7" of Table 1: ``Query.rows``, ``query.row_number``) goes first before all."""
    if lifted or not sentences or not (speaks_of_table(query.question) or sentences[0].kind == "table"):
        return sentences
    scored = {s.chunk_id for s in sentences}
    rows = [_first_sentence(c.chunk, rank) for rank, c in enumerate(retrieved, start=1)
            if c.chunk.kind == "table" and c.chunk.chunk_id not in scored]
    table_rows = [s for s in [*sentences, *rows] if s.kind == "table" and s.chunk_id >= 0]
    best = (next((s for s in table_rows if row_named_by_number(s, query, index)), None)
            or _best_row_named_by_key(table_rows, query, index))
    if best is None or best is sentences[0]:
        return sentences
    return [best] + [s for s in sentences if s is not best]


def row_named_by_number(sentence: ScoredSentence, query: Query, index: Index) -> bool:
    """Whether ``sentence`` is a table's row opening with a number the question names ("hit 7": ``Query.rows``)
    in a table it names by number ("Table 1": ``Query.tables``)."""
    if sentence.kind != "table" or sentence.chunk_id < 0 or not query.rows:
        return False
    chunk = index.chunks[sentence.chunk_id]
    return row_number(chunk.text) in query.rows and table_opened(chunk.search_text) in query.tables


def row_named_by_key(sentence: ScoredSentence, query: Query, index: Index) -> bool:
    """Whether ``sentence`` is a table's row whose key (``row_key``: "Acetone\t5,325\t1,900 …" → "Acetone") the
    question names, every word of it, in a table it names by number ("In Tab. 1, what shift … in acetone?") or,
    naming none by number, while it speaks of a table ("In the optimization table, …", ``speaks_of_table``)."""
    if sentence.kind != "table" or sentence.chunk_id < 0 or not (query.tables or speaks_of_table(query.question)):
        return False
    chunk = index.chunks[sentence.chunk_id]
    words = _row_key_words(index, sentence.chunk_id)
    return (bool(words) and (not query.tables or table_opened(chunk.search_text) in query.tables)
            and words <= set(query.tokens))


def _row_key_words(index: Index, chunk_id: int) -> set[str]:
    """The BM25 words of the key of the table row ``chunk_id`` (``row_key``: "Acetone\t5,325 …" → {"aceton"}); empty
    for a row without a key or a key of no word ("No.")."""
    key = row_key(index.chunks[chunk_id].text)
    return set(index.tokenize(normalize(key))) if key else set()


def _best_row_named_by_key(rows: list[ScoredSentence], query: Query, index: Index) -> ScoredSentence | None:
    """Of ``rows``, the one whose key the question names by most words naming something (see named_row_first),
    the first of equals; None when the question names no row's key."""
    asked, tables = set(query.tokens), query.tables
    best, best_words = None, 0
    for s in rows:
        words = _row_key_words(index, s.chunk_id)
        if not words or not words <= asked:
            continue
        header = index.table_header(s.chunk_id)
        if header is not None and words <= index.chunk_tokens(header.chunk_id):
            continue
        if tables and table_opened(index.chunks[s.chunk_id].search_text) not in (None, *tables):
            continue
        naming = sum(len(w) >= 3 and index.mention_share(s.doc_id, w) < TOPIC_SHARE for w in words)
        if naming > best_words:
            best, best_words = s, naming
    return best


# opens a sentence drawing a consequence from the one before it: its cause stands there ("Biosynthetic gene
# clusters for N-acyl amino acids … were not available at the time of publication." / "For this reason, the
# putative … cluster escaped the automated prediction …")
_CONSEQUENCE = re.compile(r"(?:for (?:this|these|that|those) reasons?|therefore|thus|hence|consequently|"
                          r"as a (?:result|consequence)|accordingly|(?:this|that) is why)\b", re.I)


# opens with what the sentence before it stated, said to explain or fit what was asked: the reason stands there
# ("… the aromatic hydrogen at position 7 … points toward E346." / "This atomic arrangement is consistent with the
# reaction of deprotonation …"; "… an early precursor of a more complex compound …" / "Both theories might also
# provide an explanation why …")
_EXPLAINED = re.compile(r"(?:this|these|both|such|the above)\b(?:\s+[\w-]+){0,3}?\s+(?:\w+\s+){0,3}?"
                        r"(?:explains?|explanations?|accounts? for|(?:is|are|was|were) consistent with|"
                        r"(?:is|are|was|were) in (?:line|agreement) with)\b", re.I)


def cause_first(sentences: list[ScoredSentence], query: Query) -> list[ScoredSentence]:
    """A reason asked, and the best sentence draws a consequence from the one before it (``_CONSEQUENCE``) or
    says that what it stated explains the thing asked (``_EXPLAINED``): that one, which states the cause, goes
    first; the best follows it if the budget allows."""
    opening = sentences[0].text if sentences else ""
    if REASON not in query.answer_types or not (_CONSEQUENCE.match(opening) or _EXPLAINED.match(opening)):
        return sentences
    best = sentences[0]
    cause = next((s for s in sentences if (s.doc_id, s.spans) == (best.doc_id, best.follows)), None)
    return sentences if cause is None else [cause] + [s for s in sentences if s is not cause]


def contrast_first(sentences: list[ScoredSentence], query: Query) -> list[ScoredSentence]:
    """A drawback asked (``Query.drawback``), and the sentence after the best opens with a contrast (questions.yaml
    ``drawback.contrasts``: "… was recently achieved." / "However, product titers remained low …"): that one, which
    states the drawback, goes first; the best follows it if the budget allows."""
    if not query.drawback or not sentences:
        return sentences
    best = sentences[0]
    contrasts = set(question_rules()["drawback"]["contrasts"])
    after = next((s for s in sentences if s.doc_id == best.doc_id and s.follows == best.spans
                  and s.text.split(maxsplit=1)[0].strip(",").lower() in contrasts), None)
    return sentences if after is None else [after] + [s for s in sentences if s is not after]


def extreme_first(sentences: list[ScoredSentence], query: Query, ratio: float) -> list[ScoredSentence]:
    """Which thing is the extreme of its kind asked (``Query.extreme``: "Which solvent gave the slowest
    copolymerization?"): the first sentence naming an extreme (query.names_extreme: "… the rate is the lowest in
    acetone") among those scoring ``ratio`` of the best or more (``answer_type_ratio``) goes first; the best one,
    sharing more of the question's words ("The effect of the solvent on the rate of copolymerization …"), names
    none."""
    if not query.extreme or not sentences:
        return sentences
    floor = ratio * max(s.score for s in sentences)
    extreme = next((s for s in sentences if s.score >= floor and names_extreme(s.text)), None)
    return sentences if extreme is None else [extreme] + [s for s in sentences if s is not extreme]


def choose_sentences(sentences: list[ScoredSentence], length_of, config: AnswerConfig,
                     after_best: ScoredSentence | None = None,
                     cited: list[ScoredSentence] | tuple = ()) -> list[ScoredSentence]:
    """The best sentence, with the entries it cites (``cited``: a work asked for, see ``entries_cited_by``), as
    many as the length budget holds though they be more than ``max_sentences`` ("Which reviews does it cite?" of
    "… extensively reviewed.[16–19]"), else the one it continues ("… H₂ is promising …" / "However, its …") or
    its continuation, then the next best if it scores close, else the sentence after it in the text (among
    ``sentences``, else ``after_best``: see ``sentence_after``), within the length budget, but not when a close
    second did not fit whole (its clauses come instead: build_answer); in the order of the text when one
    continues the other."""
    best = sentences[0]
    chosen = [best]
    length = length_of(best)
    same_doc = [s for s in sentences[1:] if s.doc_id == best.doc_id]
    antecedent = [s for s in same_doc if best.continuation and s.spans == best.follows]
    linked = [s for s in cited if s is not best] + antecedent + [
        s for s in same_doc if s.continuation and s.follows == best.spans]
    crowded = False  # a close second did not fit whole
    for candidate in linked + [s for s in sentences[1:] if s not in linked]:
        if len(chosen) >= config.max_sentences and candidate not in cited:
            break
        if any(candidate.text == c.text for c in chosen):  # a sentence a paper prints twice is quoted once
            continue
        if candidate not in linked and candidate.score < config.second_sentence_ratio * best.score:
            break
        extra = 1 + length_of(candidate)  # with the space joining it to the one before
        if length + extra <= config.max_chars:
            chosen.append(candidate)
            length += extra
        elif candidate not in linked:
            crowded = True
    # then, budget left, the sentence after the best in the text: a paper states what it did, then what it found
    # ("… react readily with ketones, nitriles, and imines …" / "In no case are products of … metathesis obtained")
    following = [s for s in same_doc if s.follows == best.spans and s.text != best.text and s not in chosen] or (
        [after_best] if after_best is not None and after_best not in chosen and after_best.text != best.text else [])
    if (following and not crowded and len(chosen) < config.max_sentences
            and length + 1 + length_of(following[0]) <= config.max_chars):
        chosen.append(following[0])
    # read in the order of the text: the sentence the best one continues, or the one just before it
    before = antecedent or [s for s in chosen[1:] if (s.doc_id, s.spans) == (best.doc_id, best.follows)]
    if before and before[0] in chosen:
        chosen.remove(before[0])
        chosen.insert(0, before[0])
    return chosen


def close_second(sentences: list[ScoredSentence], best: ScoredSentence, ratio: float) -> ScoredSentence | None:
    """The next best sentence of ``best``'s document scoring at least ``ratio`` of it (``second_sentence_ratio``),
    not the same words printed again elsewhere, or None."""
    return next((s for s in sentences if s.doc_id == best.doc_id and s.spans != best.spans and s.text != best.text
                 and s.score >= ratio * best.score), None)


def entries_cited_by(sentence: ScoredSentence, scored: list[ScoredSentence], index: Index) -> list[ScoredSentence]:
    """The bibliography entries a sentence of the text cites, to quote after it when a work is asked for
    (``Query.asks_work``: "Which work is cited for the estimate that …?"): the sentence says what the work
    found, the entry its marker points to says which work it is; the sentence after it in the text does not.
    An entry retrieved comes as its best-scored sentence, best first; one not retrieved as its first sentence
    (``index.reference_chunk``), after them in the order of the markers. [] for a bibliographic record or a
    sentence citing nothing."""
    if sentence.kind not in TEXT_KINDS or not sentence.citations:
        return []
    retrieved, others = {}, []
    for s in scored:  # best first
        if s.kind == "reference" and s.doc_id == sentence.doc_id and s.paragraph in sentence.citations:
            retrieved.setdefault(s.paragraph, s)
    for number in sentence.citations:
        chunk_id = index.reference_chunk.get((sentence.doc_id, number))
        if number in retrieved or chunk_id is None:
            continue
        others.append(_first_sentence(index.chunks[chunk_id], sentence.rank))
    return list(retrieved.values()) + others


def _first_sentence(chunk: Chunk, rank: int) -> ScoredSentence:
    """A chunk's first sentence as a ScoredSentence of no score, read in a passage of ``rank``."""
    first = chunk.sentences[0]
    return ScoredSentence(rank, first.spans, chunk.doc_id, score=0.0, evidence=0.0, kind=chunk.kind,
                          text=chunk.sentence_search_texts[0], paragraph=chunk.paragraph, citations=first.citations,
                          chunk_id=chunk.chunk_id)


def with_table_header(index: Index, chosen: list[ScoredSentence], length_of, max_chars: int) -> list[ScoredSentence]:
    """The answer led by a table row comes after its table's column headers (``Index.table_header``): "7
    2_{CaCo} 370 75 >99 8.3/19.6" says which value is the TON only under "Entry Catalyst TON^{a} PS^{a} [%] …".
    The header takes the place of the sentences after the row when the length budget ``max_chars`` holds no
    more; ``chosen`` as it was when the header alone is longer, or the answer is not led by a row."""
    row = chosen[0]
    header = index.table_header(row.chunk_id) if row.kind == "table" and row.chunk_id >= 0 else None
    if header is None or any(s.chunk_id == header.chunk_id for s in chosen):
        return chosen
    head = _first_sentence(header, row.rank)
    answer, length = [head, row], length_of(head) + 1 + length_of(row)
    if length > max_chars:
        return chosen
    for s in chosen[1:]:
        if length + 1 + length_of(s) <= max_chars:
            answer.append(s)
            length += 1 + length_of(s)
    return answer


def sentence_after(index: Index, sentence: ScoredSentence) -> ScoredSentence | None:
    """The sentence after ``sentence`` in its paragraph, as a ScoredSentence of no score, or None (the last of
    its paragraph, a bibliographic record). It may lie in the next window of the paragraph, which was not
    retrieved, or not state what was asked ("Thanks go to all of the Moran group members …" after a sentence
    thanking two named people): a paper states what it did, then what it found, and the best sentence often
    only leads in to the answer ("… a mechanism is presented (Scheme 4)." / "Initially, iodobenzene is …")."""
    if sentence.kind not in TEXT_KINDS or sentence.chunk_id < 0:
        return None
    windows = (index.chunks[sentence.chunk_id],) + tuple(
        c for c in index.paragraph_neighbours(sentence.chunk_id) if c.chunk_id > sentence.chunk_id)
    for chunk in windows:
        spans = [s.spans for s in chunk.sentences]
        if sentence.spans in spans[:-1]:
            at = spans.index(sentence.spans) + 1
            text = chunk.sentence_search_texts[at]
            return ScoredSentence(sentence.rank, spans[at], chunk.doc_id, score=0.0, evidence=0.0,
                                  continuation=continues_previous(text), kind=chunk.kind, text=text,
                                  paragraph=chunk.paragraph, citations=chunk.sentences[at].citations,
                                  follows=sentence.spans, chunk_id=chunk.chunk_id)
    return None


# where a sentence too long to quote whole may be cut: after a comma, a semicolon, a colon or a full stop (a
# caption's "a) … b) …" parts read as one sentence)
_CLAUSE_BREAK = re.compile(r"(?<=[,;:.])\s+")
# where a sentence with no clause break that fits may be cut: before a relative pronoun or a conjunction that
# opens a clause or a phrase ("… crystal structure which shares 55% sequence identity … and catalyzes …")
_PHRASE_BREAK = re.compile(r"\s+(?=(?:which|that|where|whereas|while|and|but|although|because|since|as|with|"
                           r"using|by|via|to)\s)")
CLIP_SHARE = 0.5  # a cut holding less than this share of the words the whole sentence holds is no answer: quote it whole


def clip_long(sentence: ScoredSentence, source: str, focus: set[str], idf: dict[str, float], required: tuple,
              max_chars: int, tokenize: Callable[[str], list[str]], signal: Signal = Signal(),
              techniques: tuple[str, ...] = ()) -> ScoredSentence:
    """A sentence longer than ``max_chars`` (an experimental procedure, a list of results) cut to its run of
    clauses, within ``max_chars``, holding most of the question's ``focus`` words (idf-weighted), stating
    every ``required`` answer type the sentence states and, of an NMR listing, holding a signal that fits the
    ``signal`` asked best (``signals_fitting``: "the methoxy singlet" → "3.83 (s, 3H)", a listing's signals
    sharing no word with a question), else the data of a technique asked, from its label on
    (``technique_listings``: the "¹³C{¹H} NMR" data of a line listing the ¹H signals first); ``elided`` marks
    the cut ends. A sentence that fits, or whose clauses cannot be cut to fit, is returned whole."""
    text = join_spans(source, sentence.spans)
    if len(_shown(text)) <= max_chars:
        return sentence
    stated = [t for t in required if states(t, text, sentence.kind)]
    signals = signals_fitting(text, signal) if signal else []
    clauses = sorted({0, len(text), *(m.end() for m in _CLAUSE_BREAK.finditer(text))})
    listings = [] if signals else technique_listings(text, techniques)
    if listings:  # the technique's data, from its label on, as far as they fit
        start, end = listings[0]
        ends = [e for e in [*clauses, end]
                if start < e <= end and len(_shown(text[start:e].strip())) + len(" … …") <= max_chars]
        if ends:
            return _window(sentence, text, start, max(ends))
    whole = idf_share(set(tokenize(normalize(text))), focus, idf)
    best, best_key = _best_window(text, clauses, sentence.kind, focus, idf, stated, signals, max_chars, tokenize)
    if best is None or best_key[0] < CLIP_SHARE * whole:  # no run of clauses that fits answers: cut between phrases
        phrases = sorted({*clauses, *(m.end() for m in _PHRASE_BREAK.finditer(text))})
        best, best_key = _best_window(text, phrases, sentence.kind, focus, idf, stated, signals, max_chars, tokenize)
    # a cut stating the value or the signal asked for answers however few of the question's other words it holds
    if best is None or (best_key[0] < CLIP_SHARE * whole and not stated and not signals):
        return sentence
    return _window(sentence, text, *best)


def _window(sentence: ScoredSentence, text: str, start: int, end: int) -> ScoredSentence:
    """``sentence`` cut to ``text[start:end]`` (``text``: the sentence as its spans join), its cut ends elided."""
    return replace(sentence, spans=tuple(sub_spans(sentence.spans, start, end)), text=text[start:end],
                   elided=(start > 0, end < len(text.rstrip())))


AUTHOR_HEAD_CHARS = 40  # of an entry cut past its author list, the opening kept: its first author or two


def past_authors(sentence: ScoredSentence, source: str, max_chars: int) -> list[ScoredSentence] | None:
    """A bibliography entry too long to quote whole within ``max_chars``, shortened as reference styles shorten
    a long author list: the list's opening (up to AUTHOR_HEAD_CHARS: its first author or two), elided at its
    end, then what follows the list, elided at its start, as far as its clauses fit ("Wiegand, S., Jogler, M.,
    … [1] … 2020b. Cultivation and functional characterization of 79 planctomycetes uncovers their unique
    biology. Nat. Microbiol. 5, 126–140. [1]"): what is asked of a cited work (title, journal, volume, pages)
    follows its authors. None for another sentence, an entry that fits, one whose author list is not read
    (``references.author_list_end``) or whose rest fits no better."""
    if sentence.kind != "reference":
        return None
    text = join_spans(source, sentence.spans).rstrip()
    if len(_shown(text)) <= max_chars:
        return None
    end = author_list_end(text)
    heads = [m.start() for m in _CLAUSE_BREAK.finditer(text[:end]) if m.start() <= AUTHOR_HEAD_CHARS]
    if not heads:
        return None
    head = _window(sentence, text, 0, heads[-1])
    rest = _window(sentence, text, end, len(text))
    room = max_chars - len(_shown(head.text)) - len(" … … ")
    if len(_shown(rest.text)) + len("… ") > room:
        rest = opening_clauses(rest, source, room - len("… "))
        if rest is None:
            return None
        rest = replace(rest, elided=(True, True))
    return [head, rest]


LEAD_CHARS = 60  # an opening of a sentence shorter than this says too little to quote


def opening_clauses(sentence: ScoredSentence, source: str, max_chars: int) -> ScoredSentence | None:
    """The longest run of ``sentence``'s clauses from its start that fits ``max_chars`` with its "…", elided
    at its end; None when none of ``LEAD_CHARS`` or more does, or the whole sentence fits (then it is
    quoted whole, not cut)."""
    text = join_spans(source, sentence.spans).rstrip()
    ends = [m.start() for m in _CLAUSE_BREAK.finditer(text)]
    fitting = [e for e in ends if LEAD_CHARS <= len(_shown(text[:e])) + len(" …") <= max_chars]
    if not fitting or len(_shown(text)) <= max_chars:
        return None
    end = fitting[-1]
    return replace(sentence, spans=tuple(sub_spans(sentence.spans, 0, end)), text=text[:end], elided=(False, True))


def _best_window(text: str, cuts: list[int], kind: str, focus: set[str], idf: dict[str, float], stated: list,
                 signals: list[tuple[int, int]], max_chars: int,
                 tokenize: Callable[[str], list[str]]) -> tuple[tuple[int, int] | None, tuple | None]:
    """The (start, end) of ``text`` between two ``cuts`` that fits ``max_chars`` with its marks, states the
    ``stated`` types, holds one of the ``signals`` (spans of ``text``; any window when there are none) and
    the largest share of ``focus``, with its key; (None, None) when none fits."""
    best, best_key = None, None
    for i, start in enumerate(cuts[:-1]):
        for end in cuts[i + 1:]:
            window = text[start:end].strip()
            if len(_shown(window)) + len(" … …") > max_chars:  # room for both marks
                break
            # a colon announces what follows it: a cut there quotes the announcement without it ("… in acetone: …")
            if window.endswith(":") and end < len(text):
                continue
            if not all(states(t, window, kind) for t in stated):
                continue
            if signals and not any(start <= a and b <= end for a, b in signals):
                continue
            # of equal merit, a window not cut inside parentheses ("(0.3 mmol, 1 equiv)" is one piece), the longest
            clean = _depth(text[:start]) == 0 and _depth(text[:end]) == 0
            key = (idf_share(set(tokenize(normalize(window))), focus, idf), clean, len(window), -start)
            if best_key is None or key > best_key:
                best, best_key = (start, start + len(text[start:end].rstrip())), key
    return best, best_key


def _depth(text: str) -> int:
    """How many parentheses and brackets are open at the end of ``text``."""
    return sum(text.count(o) - text.count(c) for o, c in ("()", "[]", "{}"))


def _span(index: Index, rank: int, start: int, end: int, sentence: int, doc_id: str) -> AnswerSpan:
    """An answer span with its document's title, its page (PDFs) and where it is printed."""
    document = index.documents[doc_id]
    boxes = index.boxes_of(doc_id, ((start, end),))
    return AnswerSpan(rank, start, end, document.source[start:end], sentence, doc_id, boxes,
                      title=document.title, page=boxes[0].page if boxes else 0)


def _display(index: Index, sentence: ScoredSentence) -> str:
    return _shown(join_spans(index.documents[sentence.doc_id].source, sentence.spans))


def _shown(text: str) -> str:
    """Text as an answer shows it: each run of whitespace (line breaks of the source) one space, ends trimmed."""
    return _SPACES.sub(" ", text).strip()


def _passage(index: Index, candidate: Candidate, rank: int) -> Passage:
    chunk = candidate.chunk
    return Passage(
        rank=rank, chunk_id=chunk.chunk_id, doc_id=chunk.doc_id, title=index.documents[chunk.doc_id].title,
        section=chunk.section, paragraph=chunk.paragraph, kind=chunk.kind, start=chunk.start, end=chunk.end,
        spans=chunk.spans, score=round(candidate.score, 6), text=chunk.text, references=index.references_of(chunk),
        page=chunk.page, boxes=index.chunk_boxes(chunk),
    )
