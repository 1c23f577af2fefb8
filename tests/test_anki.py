"""`kb export --format anki` read back by Anki's own backend (PyPI `anki`).

Each test copies the seed corpus into a scratch folder, exports it, and imports the package
into a fresh collection: the notes, cards, fields and decks must be what kb's cards are, and a
second export imported over the first must update notes, never add copies.
"""
import json
import os
import shutil
import time

import pytest
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest

from conftest import ROOT, run_kb


@pytest.fixture
def corpus(tmp_path):
    target = tmp_path / "corpus"
    shutil.copytree(os.path.join(ROOT, "corpus"), target, ignore=shutil.ignore_patterns(".kb"))
    return target


def export(kb_bin, corpus, out, *extra):
    process = run_kb(kb_bin, "export", "--format", "anki", "-o", str(out), "--corpus", str(corpus), *extra)
    assert process.returncode == 0, process.stderr
    return process


def import_package(collection, package):
    request = ImportAnkiPackageRequest(package_path=str(package),
                                       options=ImportAnkiPackageOptions(with_scheduling=True, merge_notetypes=True))
    return collection.import_anki_package(request).log


def expected_cards(kb_bin, corpus):
    """The cards kb makes: each question with options, each term, two more per acronym."""
    questions = json.loads(run_kb(kb_bin, "questions", "--json", "--limit", "10000", "--corpus", str(corpus)).stdout)
    notes = {entry["path"] for entry in questions}
    return [q for q in questions if q["question"]["options"]], notes


def test_package_imports_with_notes_fields_and_decks(kb_bin, corpus, tmp_path):
    package = tmp_path / "deck.apkg"
    export(kb_bin, corpus, package)
    collection = Collection(str(tmp_path / "fresh.anki2"))
    try:
        log = import_package(collection, package)
        assert len(log.new) == log.found_notes > 0
        assert collection.note_count() == collection.card_count() == log.found_notes
        questions, _ = expected_cards(kb_bin, corpus)
        question_notes = collection.find_notes('"note:kb Question"')
        assert len(question_notes) == len(questions)
        term_notes = collection.find_notes('"note:kb Term"')
        assert len(term_notes) == collection.note_count() - len(questions)
        # One deck per note, under kb::, named by the note's title.
        decks = {deck.name for deck in collection.decks.all_names_and_ids()}
        titles = {q["title"] for q in questions}
        assert {f"kb::{title}" for title in titles} <= decks
        # A question's fields: stem, every option, the right ones on the back, the explanation.
        by_stem = {q["question"]["stem"].split("\n")[0]: q for q in questions}
        checked = 0
        for note_id in question_notes:
            note = collection.get_note(note_id)
            source = by_stem.get(note["Question"].split("<br>")[0])
            if source is None:
                continue
            for option in source["question"]["options"]:
                assert f"{option['label']})" in note["Options"]
                assert (f"{option['label']})" in note["Answer"]) == option["correct"]
            card = collection.get_card(note.card_ids()[0])
            assert collection.decks.name(card.did) == f"kb::{source['title']}"
            checked += 1
        assert checked > 0
        # A term: its name on the front and its definition on the back.
        definitions = json.loads(run_kb(kb_bin, "define", "Edge Location", "--json", "--corpus", str(corpus)).stdout)
        edge = [collection.get_note(n) for n in collection.find_notes('"note:kb Term" Front:"Edge Location"')]
        assert len(edge) == 1
        assert definitions[0]["definition"].split("\n")[0] in edge[0]["Back"].replace("<br>", "\n")
        # An acronym goes both ways.
        assert collection.find_notes('"note:kb Term" Front:CDN Back:"content delivery network"')
        assert collection.find_notes('"note:kb Term" "Front:content delivery network*" Back:CDN')
    finally:
        collection.close()


def test_exporting_twice_updates_instead_of_duplicating(kb_bin, corpus, tmp_path):
    first, second = tmp_path / "first.apkg", tmp_path / "second.apkg"
    export(kb_bin, corpus, first)
    note = corpus / "aws" / "cloudfront" / "_index.md"
    text = note.read_text()
    assert "The name of the CDN." in text
    note.write_text(text.replace("The name of the CDN.", "The name of the CDN, edited."))
    # Anki updates a note only when the incoming copy is newer, to the second.
    time.sleep(1.1)
    export(kb_bin, corpus, second)
    collection = Collection(str(tmp_path / "fresh.anki2"))
    try:
        count = import_package(collection, first).found_notes
        log = import_package(collection, second)
        assert collection.note_count() == count
        assert collection.card_count() == count
        assert len(log.new) == 0
        assert len(log.updated) >= 1
        edited = collection.find_notes('"note:kb Term" Front:Distribution')
        assert len(edited) == 1
        assert "edited" in collection.get_note(edited[0])["Back"]
        # Importing the same package again changes nothing.
        again = import_package(collection, second)
        assert len(again.new) == 0 and collection.note_count() == count
    finally:
        collection.close()


def test_history_travels_with_the_package(kb_bin, corpus, tmp_path):
    reviews = tmp_path / "reviews.sqlite"
    quiz = run_kb(kb_bin, "quiz", "cloudfront", "--questions", "--new", "1", "--reviews", str(reviews),
                  "--corpus", str(corpus), input="D\n\n")
    assert quiz.returncode == 0, quiz.stderr
    package = tmp_path / "deck.apkg"
    export(kb_bin, corpus, package, "--with-history", "--reviews", str(reviews))
    collection = Collection(str(tmp_path / "fresh.anki2"))
    try:
        import_package(collection, package)
        assert collection.db.scalar("select count() from revlog") == 1
        assert len(collection.find_cards("is:new")) == collection.card_count() - 1
    finally:
        collection.close()


def test_decks_by_tag_and_one_note(kb_bin, corpus, tmp_path):
    by_tag, one_note = tmp_path / "tags.apkg", tmp_path / "one.apkg"
    export(kb_bin, corpus, by_tag, "--decks", "tag")
    export(kb_bin, corpus, one_note, "--from", "cloudfront")
    collection = Collection(str(tmp_path / "fresh.anki2"))
    try:
        import_package(collection, by_tag)
        decks = {deck.name for deck in collection.decks.all_names_and_ids()}
        assert "kb::aws" in decks
        assert not any(name.startswith("kb::CloudFront") for name in decks)
        total = collection.note_count()
        # The same cards again, decked by note this time: updated in place, not added.
        log = import_package(collection, one_note)
        assert len(log.new) == 0 and collection.note_count() == total
        assert 0 < log.found_notes < total
    finally:
        collection.close()
