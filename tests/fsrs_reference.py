"""kb's FSRS-6 scheduler against the reference implementation, py-fsrs.

The committed log (fixtures/fsrs_reviews.csv, made once by fixtures/make_fsrs_reviews.py) is
replayed through `kb study replay` and through py-fsrs's Scheduler with fuzzing off and its
default learning steps (1 and 10 minutes) and relearning step (10 minutes), which kb also
uses. Every review must leave the same due time, and stability and difficulty within 1e-6.
"""
import csv
import json
import os
import subprocess
from datetime import datetime, timezone

import pytest
from fsrs import Card, Rating, Scheduler

from conftest import run_kb

FIXTURE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", "fsrs_reviews.csv")


def reference_states(retention):
    scheduler = Scheduler(desired_retention=retention, enable_fuzzing=False)
    cards = {}
    states = []
    with open(FIXTURE, newline="") as log:
        for row in csv.DictReader(log):
            when = datetime.fromtimestamp(int(row["time"]), tz=timezone.utc)
            card = cards.get(row["card"]) or Card(card_id=len(cards) + 1, due=when)
            card, _ = scheduler.review_card(card, Rating(int(row["rating"])), when)
            cards[row["card"]] = card
            states.append(card)
    return states


@pytest.mark.parametrize("retention", [0.9, 0.8, 0.95])
def test_replay_matches_py_fsrs(kb_bin, retention):
    process = run_kb(kb_bin, "study", "replay", FIXTURE, "--retention", str(retention), "--json")
    assert process.returncode == 0, process.stderr
    ours = json.loads(process.stdout)
    theirs = reference_states(retention)
    assert len(ours) == len(theirs) >= 1000
    phases = set()
    for index, (mine, card) in enumerate(zip(ours, theirs)):
        where = f"review {index + 1} ({mine['card']})"
        assert mine["due"] == int(card.due.timestamp()), where
        assert abs(mine["stability"] - card.stability) <= 1e-6, where
        assert abs(mine["difficulty"] - card.difficulty) <= 1e-6, where
        assert mine["state"] == card.state.name.lower(), where
        assert mine.get("step") == card.step, where
        phases.add(mine["state"])
    # The log exercises every phase, so every branch of the scheduler is compared.
    assert phases == {"learning", "review", "relearning"}


def test_replay_rejects_a_bad_log(kb_bin, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("card,time,rating\ncard1,1767603886,5\n")
    process = subprocess.run([kb_bin, "study", "replay", str(bad), "--json"], capture_output=True, text=True)
    assert process.returncode == 2
    assert process.stdout == ""
    assert "rating" in process.stderr
