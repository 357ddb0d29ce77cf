"""Expected answer types: which type a question asks for, and whether a sentence states one."""
from __future__ import annotations

import pytest

from assistant.answer_types import ANSWER_TYPES, PERSON, asks_for_publication, expected_types, names_people, states

TYPE = {t.name: t for t in ANSWER_TYPES}


@pytest.mark.parametrize("question, names", [
    ("At what temperature was the reaction run?", ["temperature"]),
    ("What is the melting point of gold nanoclusters?", ["temperature"]),
    ("What propane conversion and reaction temperature were reported?", ["temperature", "percentage"]),
    ("What temperature and reaction time were used?", ["temperature", "duration"]),
    ("How long is the Ti=N bond, in angstroms?", ["length"]),
    ("How many gold atoms were removed?", ["count or value"]),
    ("Which university or institute is she affiliated with?", ["institution"]),
    ("Which funding agency supported this work?", ["institution"]),
    ("What solvent is used to make Au25(SR)18?", ["solvent"]),
    ("What ligand protects the Au48 nanocluster?", ["ligand"]),
    ("Which specific thiol was used on Au25?", ["ligand"]),
    # the head of the wh-phrase is what is asked: an effect, techniques, a reaction
    ("What effect does temperature have on the yield?", []),
    ("Which techniques besides mass spectrometry give insight into structure?", []),
    ("What reaction did they use nanoclusters for?", []),
    ("Why do ligands hurt catalytic performance?", []),
    ("Which experimental technique confirmed the bond lengths in it?", []),
    ("How often is such a double bond reported?", ["frequency"]),
    ("Who won the 2023 Nobel Prize in Chemistry?", ["person"]),
    ("Which researchers trapped a nitride cluster in a fullerene?", ["person"]),
    ("What is the trade-off when you bury metal sites in zeolites to keep their temperature?", []),
    # an electrode's potential is a voltage; the potential of clusters for catalysis is not
    ("At what applied potential was the CO Faradaic efficiency reached?", ["voltage"]),
    ("What overpotential does the catalyst need?", ["voltage"]),
    ("What potential do clusters have for energy storage?", []),
    ("Which current densities were reached?", ["current density"]),
    ("What is the impact factor of the journal?", ["count or value"]),
])
def test_the_head_of_the_wh_phrase_names_the_type(question, names):
    assert sorted(t.name for t in expected_types(question)) == sorted(names)


@pytest.mark.parametrize("name, text, kind, stated", [
    ("temperature", "The catalyst was tested at 550 °C for 4 h.", "body", True),
    ("temperature", "Hydrogen is stored at room temperature.", "body", True),
    ("temperature", "They released hydrogen at 80 degrees Celsius.", "body", True),
    ("temperature", "Au25(SR)18 was made in 2015 with 10-fold yield.", "body", False),
    ("duration", "It ran stably for 30 h.", "body", True),
    ("length", "The Ti=N bond is 1.80 Å long.", "body", True),
    ("length", "They stabilized the bond in TiCeN@C1(12)-C84.", "body", False),
    ("percentage", "It reached 95.1% CO Faradaic efficiency.", "body", True),
    ("count or value", "Removing two kernel atoms of Au48 helped.", "body", True),
    ("frequency", "Such a pair of double bonds is rarely reported.", "body", True),
    ("voltage", "CO formed at −0.7 V vs RHE.", "body", True),
    ("voltage", "It needs a 320 mV overpotential.", "body", True),
    ("voltage", "They offer potential for efficient electrocatalytic CO2 reduction.", "body", False),
    ("current density", "It ran at 10 mA cm−2 for 30 h.", "body", True),
    ("current density", "It reached 95.1% Faradaic efficiency at a high current density.", "body", False),
    ("frequency", "Such a pair of double bonds was reported.", "body", False),
    # the subscripts of a formula and a marker group are not values
    ("count or value", "Au26.3Ag17.7(4-tert-butylbenzenethiolate)26 and ^{16,17} glow.", "body", False),
    # a bibliography entry's year and pages measure nothing, but an affiliation may stand in the metadata
    ("count or value", "Han, J.; Li, H. Precis. Chem. 2023, 1, 139-145.", "reference", False),
    ("institution", "Department of Chemistry, National University of Singapore", "metadata", True),
    ("institution", "Jianping Xie orcid.org/0000-0002-3254-5799", "metadata", False),
    ("institution", "the university of life", "body", False),  # a capitalized name, not the word
    ("solvent", "The clusters were dissolved in toluene.", "body", True),
    ("ligand", "Au26.3Ag17.7(4-tert-butylbenzenethiolate)26 was made.", "body", True),
    ("ligand", "Ligands often inhibit catalytic activity.", "body", False),
    ("ligand", "They studied thiolate-protected Au nanoclusters.", "body", False),
    ("ligand", "They tailored Au25(SR)18 (SR = thiolate) clusters.", "body", False),  # SR stands for any thiolate
    # people: named in the text, a bibliography entry's authors, a document's author line
    ("person", "Junling Lu, Lina Cao, and co-workers found catalysts", "body", True),
    ("person", "Chen, C.-A.; Yang, G.-Y. Structural Regulations of Layered Borates.", "reference", True),
    ("person", "Matus, M. F.; Häkkinen, H. Understanding ligand-protected noble metal nanoclusters.", "reference", True),
    ("person", "Author of this document: Jianping Xie", "metadata", True),
    ("person", "This Collection in Precision Chemistry features research articles.", "body", False),
    ("person", "Views expressed are those of the author.", "metadata", False),
])
def test_a_sentence_states_a_type_only_with_a_thing_of_that_type(name, text, kind, stated):
    assert states(TYPE[name], text, kind) is stated


@pytest.mark.parametrize("question, asks", [
    ("Which cited study steers ligand exchange?", True),
    ("Is any work on hydride clusters cited?", True),
    ("Which paper reported the Cu/Ni clusters?", True),
    ("Which journal published their paper?", True),
    ("Volume and pages of the paper on Cu/Ni clusters", True),
    ("Who authored 'Size Effects of Atomically Precise Gold Nanoclusters'?", True),
    ("What did the study of Au48 show?", False),  # asks what a study showed, not for the study
    ("Who studied propane dehydrogenation?", False),
])
def test_a_question_asking_for_a_paper(question, asks):
    assert asks_for_publication(question) is asks


@pytest.mark.parametrize("question, asks", [
    ("Who studied PtSn catalysts?", True),
    ("  who wrote this?", True),
    ("Which researchers trapped a nitride cluster in a fullerene?", True),
    ("Which group reported Au44?", True),
    ("What did the group of Rongchao Jin find?", False),
    ("Whose review covered biomedicine?", False),  # asks for a review; the entry answers it
])
def test_a_question_asking_for_people(question, asks):
    assert (PERSON in expected_types(question)) is asks


@pytest.mark.parametrize("text, names", [
    ("Junling Lu, Lina Cao, and co-workers found catalysts", True),
    ("Guo-Yu Yang and co-worker reported three pentaborates", True),
    ("as shown by Smith et al. in 2020", True),
    ("Zhikun Wu and Manbo Li used nanoclusters", True),
    ("Whole-Process Precision Chemistry plays a critical role", False),
    ("Supported catalysts and clusters are crucial", False),
])
def test_a_sentence_names_people(text, names):
    assert names_people(text) is names
