"""The benchmark's scoring rules, and the benchmark's targets on the labelled articles."""

import json
from pathlib import Path

import pytest

from bench.extraction_bench import TARGETS, labelled_pairs, run
from bench.extraction_score import (
    Tally,
    contains,
    overlaps,
    score_agreements,
    score_commitments,
    score_countries,
    score_date,
    score_people,
)

SHARED = Path(__file__).resolve().parents[3].parent / "shared"
HELDOUT = Path(__file__).resolve().parents[3] / "bench" / "extraction_heldout"


def test_names_match_by_containment_after_folding_case_and_diacritics():
    assert contains("Nguyễn Xuân Phúc", "nguyen xuan phuc")
    assert contains("Remi Womdim", "Dr. Remi Womdim")
    assert not contains("Tran Quy Kien", "Tran Thanh Nam")
    assert not contains("", "Tran Thanh Nam")


def test_spans_overlap_when_they_share_half_of_the_shorter_one():
    assert overlaps([0, 100], [40, 60])
    assert overlaps([0, 10], [5, 30])
    assert not overlaps([0, 10], [6, 30])
    assert not overlaps(None, [0, 5])


def test_people_are_scored_per_side():
    expected = {"vn_side": [{"name": "Tran Quy Kien"}], "partner_side": [{"name": "Yasuhide Nakayama"}]}
    swapped = {"vn_side": [{"name": "Yasuhide Nakayama"}], "partner_side": [{"name": "Tran Quy Kien"}]}
    tally = score_people(swapped, expected)
    assert (tally.tp, tally.fp, tally.fn) == (0, 2, 2)
    tally = score_people(expected, expected)
    assert (tally.tp, tally.fp, tally.fn) == (2, 0, 0)


def test_a_commitment_matches_a_label_whose_span_it_overlaps():
    text = "Intro. Both sides agreed to meet again. He said nothing."
    label = {"commitments": [{"by": "both", "text": "Both sides agreed to meet again."}]}
    hit = {"text": text, "commitments": [{"span": [7, 30]}]}
    miss = {"text": text, "commitments": [{"span": [40, 55]}]}
    assert (score_commitments(hit, label).tp, score_commitments(miss, label).fp) == (1, 1)


def test_agreements_match_by_title_containment():
    label = {"agreements_signed": [{"title": "Memorandum of Understanding on rice"}]}
    pred = {"text": "", "agreements_signed": [{"title": "Memorandum of Understanding on rice production"}]}
    assert score_agreements(pred, label).tp == 1


def test_countries_are_sets_and_dates_are_exact():
    assert score_countries({"partner_countries": ["JP", "JP"]}, {"partner_countries": ["JP"]}).tp == 1
    assert (score_date({"meeting_date": "2025-09-15"}, {"meeting_date": "2025-09-16"}).fp) == 1
    assert score_date({"meeting_date": None}, {"meeting_date": None}) == Tally()


def test_micro_averaged_scores_treat_nothing_found_where_nothing_was_expected_as_perfect():
    assert Tally().f1 == 1.0
    assert Tally(fn=2).f1 == 0.0
    assert round(Tally(tp=3, fp=1, fn=1).f1, 2) == 0.75


@pytest.mark.parametrize("folder", [SHARED / "data" / "engagements", HELDOUT])
def test_the_benchmark_meets_its_targets(folder):
    pairs = labelled_pairs(folder, SHARED / "seeds" if folder != HELDOUT else None)
    assert pairs, f"no labelled pairs in {folder}"
    totals, _lines = run(pairs)
    for field, target in TARGETS.items():
        assert totals[field].f1 >= target, (field, totals[field])


def test_every_held_out_label_quotes_its_text():
    for text_path in sorted(HELDOUT.glob("*.txt")):
        text = text_path.read_text(encoding="utf-8")
        record = json.loads(text_path.with_suffix(".json").read_text(encoding="utf-8"))
        assert record["source_url"] is None
        for key in ("commitments", "follow_ups", "figures"):
            assert all(item["text"] in text for item in record[key]), (text_path.name, key)
        assert all(p["name"] in text for p in record["vn_side"] + record["partner_side"]), text_path.name
