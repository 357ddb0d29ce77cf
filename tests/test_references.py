"""Reference entries → fields, one case per way journals print an entry (made-up entries in each style)."""
from __future__ import annotations

import pytest

from assistant.references import (entry_name_keys, entry_parts, fits_description, journal_like, name_keys, names_venue,
                                  parse_reference, parse_reference_fields, split_title_journal, venue_words)

STYLES = [
    (  # ACS: title in title case, journal abbreviated after it
        "Lee, K.; Park, J. A Practical Route to Ordered Cluster Films. Eur. J. Org. Chem. 2020, 2020, 5153−5160.",
        {"authors": "Lee, K.; Park, J.", "title": "A Practical Route to Ordered Cluster Films",
         "journal": "Eur. J. Org. Chem.", "year": "2020", "volume": "2020", "pages": "5153−5160"},
    ),
    (  # Wiley: no title, the journal straight after the authors
        "M. Rossi, A. Klein, Angew. Chem. Int. Ed. 2009, 48, 9608–9644.",
        {"authors": "M. Rossi, A. Klein", "journal": "Angew. Chem. Int. Ed.", "year": "2009", "volume": "48",
         "pages": "9608–9644"},
    ),
    (  # RSC: no title, the journal after a comma
        "C. Lind, S. Moreau and G. Watts, ACS Catal., 2022, 12, 11037–11070",
        {"authors": "C. Lind, S. Moreau and G. Watts", "journal": "ACS Catal.", "year": "2022", "volume": "12",
         "pages": "11037–11070"},
    ),
    (  # RSC, with a surname of one letter among the authors
        "E. Noh, S. S, S.-W. Kim and B. Lee, J. Am. Chem. Soc., 2007, 129, 8082–8083",
        {"authors": "E. Noh, S. S, S.-W. Kim and B. Lee", "journal": "J. Am. Chem. Soc.", "year": "2007",
         "volume": "129", "pages": "8082–8083"},
    ),
    (  # Nature: journal in full words, volume, pages, year in brackets
        "Novak, E. et al. The structure of a flavin-dependent halogenase. Proteins Structure Function and "
        "Bioinformatics 70, 289–293 (2008).",
        {"authors": "Novak, E. et al.", "title": "The structure of a flavin-dependent halogenase",
         "journal": "Proteins Structure Function and Bioinformatics", "year": "2008", "volume": "70",
         "pages": "289–293"},
    ),
    (  # Nature, pages that read as years: the year is the one in brackets, not the range's first page
        "Duan, Y. et al. A Point-Charge Force Field for Proteins. J. Comp. Chem. 24, 1999–2012 (2003).",
        {"authors": "Duan, Y. et al.", "title": "A Point-Charge Force Field for Proteins", "journal": "J. Comp. Chem.",
         "year": "2003", "volume": "24", "pages": "1999–2012"},
    ),
    (  # lower-case initials of a hyphenated given name; numbers of a title (locants) are not a volume
        "Jiang, D.-e.; Tao, X. A Route to 1,2,4-Triazolo[4,3-a]pyridines. Org. Lett. 2022, 24, 100−105.",
        {"authors": "Jiang, D.-e.; Tao, X.", "title": "A Route to 1,2,4-Triazolo[4,3-a]pyridines",
         "journal": "Org. Lett.", "year": "2022", "volume": "24", "pages": "100−105"},
    ),
    (  # arXiv: full names (the longest reading of the author list), "volume(issue):pages, Month Year"
        "Neil Smith, J. Lederberg, and Carl Djerassi. Inference by machine. Journal of Chemical Logic, 9(1):48, "
        "September 2017.",
        {"authors": "Neil Smith, J. Lederberg, and Carl Djerassi", "title": "Inference by machine",
         "journal": "Journal of Chemical Logic", "year": "2017", "volume": "9", "pages": "48"},
    ),
    (  # arXiv: years in the title are not the entry's, which closes it after the volume, issue and pages
        "Ann Lee and Bo Chen. Natural Products as Sources of New Drugs from 1981 to 2010. Journal of Natural "
        "Products, 75(3):311–335, March 2012.",
        {"authors": "Ann Lee and Bo Chen", "title": "Natural Products as Sources of New Drugs from 1981 to 2010",
         "journal": "Journal of Natural Products", "year": "2012", "volume": "75", "pages": "311–335"},
    ),
    (  # a name with a glyph its font left unmapped (read as U+FFFD) is still a name
        "M. Andr\ufffds, K. Lee, Chem. Eur. J. 2021, 27, 5404–5411.",
        {"authors": "M. Andr\ufffds, K. Lee", "journal": "Chem. Eur. J.", "year": "2021", "volume": "27",
         "pages": "5404–5411"},
    ),
    (  # Elsevier: volume and article number without a comma; an apostrophe set as a raised prime
        "Rao, K., O^{’}Connor, S.E., 2018. Genome of a planctomycete with chitinolytic capability. Appl. Environ. "
        "Microbiol. 84 e02645–17.",
        {"authors": "Rao, K., O^{’}Connor, S.E.", "year": "2018", "title": "Genome of a planctomycete with chitinolytic "
         "capability", "journal": "Appl. Environ. Microbiol.", "volume": "84", "pages": "e02645–17"},
    ),
    (  # Nature: a chapter, its editors and pages, then "(Publisher Year)"
        "Lund, M. H. Halogenation in silico. (eds Tan, Y. & Ruiz, V.) 1–15 (Frontiers Media 2014).",
        {"authors": "Lund, M. H.", "title": "Halogenation in silico", "publisher": "Frontiers Media",
         "year": "2014", "pages": "1–15"},
    ),
    (  # Nature: a journal abbreviated in a publisher's place is a journal
        "Ode, K. A guide to enzyme models 3025–3038 (Chem. Soc. Rev. 2012).",
        {"authors": "Ode, K.", "title": "A guide to enzyme models", "journal": "Chem. Soc. Rev.", "year": "2012",
         "pages": "3025–3038"},
    ),
    (  # ACS, MDPI: a chapter "In Book; Editor, Ed.; Publisher: City, Year; Vol., pp"
        "Berg, R.J. Substitution of Indoles. In Scaffolds II; Gray, G.W., Ed.; Springer: Berlin, Germany, 2010; "
        "Vol. 26, pp. 47–115.",
        {"authors": "Berg, R.J.", "title": "Substitution of Indoles", "publisher": "Springer", "year": "2010",
         "volume": "26", "pages": "47–115"},
    ),
    (  # Elsevier: surname particles, capitalised or not, within a long author list
        "Wiegand, S., Op den Camp, H.J.M., van der Meer, J., 2020b. Cultivation of 79 planctomycetes. Nat. "
        "Microbiol. 5, 126–140.",
        {"authors": "Wiegand, S., Op den Camp, H.J.M., van der Meer, J.", "year": "2020",
         "title": "Cultivation of 79 planctomycetes", "journal": "Nat. Microbiol.", "volume": "5", "pages": "126–140"},
    ),
    (  # Beilstein: a book with its edition; a range of years in the title is not its pages
        "Dow, P. M. Alkaloid research, 1972-1977, 2nd ed.; Harwood Academic Pub.: Amsterdam, 1998.",
        {"authors": "Dow, P. M.", "title": "Alkaloid research, 1972-1977", "publisher": "Harwood Academic Pub.",
         "year": "1998"},
    ),
]


@pytest.mark.parametrize("text, fields", STYLES)
def test_fields_of_each_style(text, fields):
    assert parse_reference_fields(text) == fields


def test_sub_items_are_parts_of_their_entry_with_their_own_fields_and_spans():
    text = ("(a) C. Lind and G. Watts, ACS Catal., 2022, 12, 11037–11070; (b) A. Plaza, Chem. Commun., 2021, 57, 1; "
            "(c) B. Ode, Small, 2020, 16, 2003. (d) K. Lee, Nat. Chem., 2019, 11, 5–9.")
    source = "xx " + text
    entry = parse_reference(3, text, ((3, len(source)),))
    assert (entry.authors, entry.journal, entry.label, entry.text) == ("C. Lind and G. Watts", "ACS Catal.", "", text)
    assert [(p.label, p.authors, p.journal, p.year) for p in entry.parts] == [
        ("b", "A. Plaza", "Chem. Commun.", "2021"), ("c", "B. Ode", "Small", "2020"), ("d", "K. Lee", "Nat. Chem.", "2019")]
    assert [source[p.spans[0][0]:p.spans[-1][1]] for p in entry.parts] == [
        "A. Plaza, Chem. Commun., 2021, 57, 1", "B. Ode, Small, 2020, 16, 2003.", "K. Lee, Nat. Chem., 2019, 11, 5–9."]
    # a "(b)" that does not follow "(a)" is text of the entry
    assert parse_reference(4, "A. Name, Chem. Sci., 2020, 1, 2 (b) note", ((0, 40),)).parts == ()


def test_the_sub_items_of_a_note_follow_its_words_and_are_quoted_apart_from_them():
    """An old journal's note lists the works it cites after its own words ("… have been reported. Monomeric: (a)
    …. Dimeric: (b) …"): each work has its fields, and the note's words are a part of their own."""
    text = ("Imido complexes have been reported. Monomeric: (a) Hill, J. E.; Rothwell, I. P. Angew. Chem., Int. Ed. "
            "Engl. 1990, 29, 664-665. Dimeric: (b) Nielson, A. J. Inorg. Chim. Acta 1988, 154, 177-182.")
    entry = parse_reference(23, text, ((0, len(text)),))
    assert [(p.authors, p.year) for p in (entry, *entry.parts)] == [
        ("Hill, J. E.; Rothwell, I. P.", "1990"), ("Nielson, A. J.", "1988")]
    assert [text[start:end] for start, end in entry_parts(text)] == [
        "Imido complexes have been reported. Monomeric:",
        "Hill, J. E.; Rothwell, I. P. Angew. Chem., Int. Ed. Engl. 1990, 29, 664-665. Dimeric:",
        "Nielson, A. J. Inorg. Chim. Acta 1988, 154, 177-182."]
    # one "(a)" after a note's words is no list: "… as in (a) above."
    assert entry_parts("Prepared as described. See: (a) Name, A. Chem. Sci. 2020, 1, 2.") == []


@pytest.mark.parametrize("text, journal", [
    ("Eur. J. Org. Chem.", True), ("Nano Lett.", True), ("Philos. Trans. R. Soc., A", True),
    ("Journal of Medicinal Chemistry", True), ("Nature", True),
    ("Part two of the study.", False), ("a route to films", False), ("Synthesis of Clusters.", False),
])
def test_a_journal_name_is_abbreviations_and_capitalised_words(text, journal):
    assert journal_like(text) is journal


def test_a_title_ending_in_a_word_no_lexicon_knows_still_ends_before_the_journal():
    assert split_title_journal("Spirooxazoline Synthesis by a Dearomatizing Cyclization. Chem. Theory Comput") == (
        "Spirooxazoline Synthesis by a Dearomatizing Cyclization", "Chem. Theory Comput")
    assert split_title_journal("Angew. Chem. Int. Ed") == ("", "Angew. Chem. Int. Ed")


AUTHOR_YEAR_LIST = [  # an Elsevier list: "Surname, A.B., Surname, C., Year. Title. Journal Vol, Pages."
    "Kallscheuer, N., 2018. Engineered microorganisms for food additives. Front. Microbiol. 9, 1746.",
    "Kallscheuer, N., Jogler, C., 2021. The phylum Planctomycetes as a source of molecules. Biotechnol. Adv. 53, 107818.",
    "Kallscheuer, N., Kage, H., Milke, L., 2019a. Microbial synthesis of a tetrahydroisoquinoline. ACS Synth. Biol. 8, 10.",
    "Kallscheuer, N., Moreira, C., Airs, R., 2019b. Pink- and orange-pigmented planctomycetes. Front. Microbiol. 10, 2.",
    "Kallscheuer, N., Rast, P., Jogler, M., 2021. Analysis of bacterial communities. ISME J. 15, 100.",
    "Lam, P., Kuypers, M.M., 2011. Microbial nitrogen cycling processes. Annu. Rev. Mar. Sci. 3, 317-345.",
    "van Teeseling, M.C.F., Jogler, C., 2021. Cultivation of novel bacteria. Annu. Rev. Microbiol. 75, 1.",
]


@pytest.mark.parametrize(("text", "entries"), [
    ("It accounts for 50% of the dinitrogen gas (Lam and Kuypers, 2011).", (6,)),
    ("Less than 1% is studied in axenic cultures (van Teeseling and Jogler, 2021).", (7,)),
    ("as reviewed (e.g. Kallscheuer, 2018; Lam and Kuypers, 2011)", (1, 6)),
    ("Kallscheuer et al. (2019a, b) described pigments", (3, 4)),
    ("two papers of one year told apart by their authors (Kallscheuer and Jogler, 2021; Kallscheuer et al., 2021)",
     (2, 5)),
    ("an entry the list does not hold (Kallscheuer et al., 2019c; Smith, 2011)", ()),
    ("a year that cites nothing (as of July 2021) and a number (Table 2, 2011)", ()),
])
def test_author_year_citations_resolve_to_the_entries_they_name(text, entries):
    from assistant.references import AuthorYearIndex

    references = [parse_reference(n, entry, ((0, len(entry)),)) for n, entry in enumerate(AUTHOR_YEAR_LIST, start=1)]
    assert AuthorYearIndex.of(references).cited(text) == entries


@pytest.mark.parametrize("named, journal, same", [
    ("Journal of Organic Chemistry", "J. Org. Chem.", True),
    ("J. Am. Chem. Soc.", "J. Am. Chem. Soc.", True),
    ("Chemical Reviews", "Chem. Rev.", True),
    ("Chemical Reviews", "Chem. Soc. Rev.", False),
    ("Chemical Society Reviews", "Chem. Soc. Rev.", True),
    ("Angewandte Chemie", "Angew. Chem., Int. Ed.", True),  # the edition left out
    ("J. Org. Chem.", "Org. Chem.", True),  # an entry whose leading "J." was not read
    ("Chem. Soc. Rev.", "Chem. Soc.", False),  # ... but not a journal's first words for the whole
    ("Catalysis Science & Technology", "Catal. Sci. Technol.", True),
    ("Nature", "Nature", True),
    ("Nature", "Nat. Commun.", False),
    ("Au", "Autophagy", False),  # one word alone, cut after five letters or more
    ("Biochemistry", "Biochem.", True),
    ("Chemistry", "Chem", False),
    ("Nature Communications", "Nature", False),
    ("Chemical Reviews", "C. R. Seances Acad. Sci.", False),  # initials alone
])
def test_a_journal_named_whole_or_abbreviated_is_the_same_journal(named, journal, same):
    assert names_venue(venue_words(named), venue_words(journal)) is same


def test_an_entry_fits_the_year_and_journal_named_in_any_of_its_items():
    items = (("2014", "Chem. Commun."), ("2015", "J. Am. Chem. Soc."))
    assert fits_description(items, ("2015",), venue_words("Journal of the American Chemical Society"))
    assert not fits_description(items, ("2014",), venue_words("J. Am. Chem. Soc."))  # not in one item
    assert fits_description(items, ("2014",), ())
    assert fits_description((("2019a", ""),), ("2019",), ())  # "2019a": the first of the year's
    assert not fits_description((), ("2019",), ())


@pytest.mark.parametrize("journal, named, fits", [
    ("Eisch, J. J.; Piotrotrowski, A. Tetrahedron Lett.", "Tetrahedron Letters", True),
    ("J. M.; Grubbs, R. H. Organometallics", "Organometallics", True),
    ("S.; de Week, G.; D’Andrea, S. J. Am. Chem. Soc.", "J. Am. Chem. Soc.", True),
    ("J. M.; Grubbs, R. H. Organometallics", "Inorg. Chem.", False),
    ("J. Chem. Phys.", "Chem. Phys.", False),  # a journal opening with "J." is one name
])
def test_an_entry_whose_author_list_ran_into_its_journal_fits_the_journal_after_the_last_initial(journal, named, fits):
    assert fits_description((("1984", journal),), ("1984",), venue_words(named)) is fits


def test_names_are_compared_without_case_and_accents_and_by_each_part():
    assert name_keys("Kelen–Tüdős, McGlynn and Santana-Molina") == {"kelen", "tudos", "mcglynn", "santana", "molina"}
    assert name_keys("PbS LLMs J. Li SMILES") == frozenset()  # formulas, plurals of capitals, initials, two letters


def test_an_entrys_names_are_its_authors_and_editors_or_its_text_up_to_its_year():
    chapter = "Quideau, S. Phenol Dearomatization. In Hypervalent Iodine Chemistry; Wirth, T., Ed.; Springer: Cham, 2016."
    assert entry_name_keys({"authors": "Quideau, S."}, chapter) == {"quideau", "wirth"}
    # no author list read (a combining tilde split "Muñiz"): the names before the year
    garbled = "Mun ̃iz, K.; Barreiro, L.; Romero, R. M. J. Am. Chem. Soc. 2017, 139, 4354."
    assert {"barreiro", "romero"} <= entry_name_keys({"authors": ""}, garbled)


def test_the_works_a_note_cites_among_its_words_are_read_each_with_its_fields():
    """An old journal's note cites works within its own sentences, after a colon or a stop; an initial's stop
    inside an author list opens no further work, and an entry opening with its authors is one work, no note."""
    from assistant.references import works_cited_in_note

    note = ("Metallocenes often show no parent ion. Loss of the ring has been reported: Ames, B. D.; Nolan, R. K. "
            "Inorg. Chem. 1967, 6, 1979-1983. Titanocene dominates here. See also: Lowe, M. R. Mass Spectra of "
            "Metal Compounds; Elsevier: New York, 1973.")
    assert [(f["authors"], f["year"], f.get("journal", f.get("publisher"))) for f in works_cited_in_note(note)] == [
        ("Ames, B. D.; Nolan, R. K.", "1967", "Inorg. Chem."), ("Lowe, M. R.", "1973", "Elsevier")]
    assert works_cited_in_note("Ames, B. D.; Nolan, R. K. Inorg. Chem. 1967, 6, 1979-1983.") == ()
    assert works_cited_in_note("We thank the referees for their comments.") == ()
