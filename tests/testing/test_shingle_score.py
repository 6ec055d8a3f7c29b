"""The article-extraction benchmark's score: word 4-gram shingles, macro precision/recall, F1."""

from __future__ import annotations

import pytest

from testing.shingle_score import (
    PageScore,
    aggregate,
    bootstrap_spread,
    score_page,
    shingles,
    tokens,
)

TRUTH = "North Korean troops fought in Kursk. Officials confirmed it on Monday."


def test_tokens_are_runs_of_word_characters_in_any_script_with_case_kept() -> None:
    assert tokens("Kim's troops—in Kursk, 2024!") == ["Kim", "s", "troops", "in", "Kursk", "2024"]
    assert tokens("서울에서 Москва") == ["서울에서", "Москва"]
    assert tokens("") == []
    assert tokens(None) == []


def test_shingles_are_overlapping_four_word_windows_counted_with_repeats() -> None:
    assert shingles("a b c d e") == {("a", "b", "c", "d"): 1, ("b", "c", "d", "e"): 1}
    assert shingles("a b c d a b c d")[("a", "b", "c", "d")] == 2


def test_a_text_of_fewer_than_four_words_is_one_short_shingle() -> None:
    assert shingles("Breaking news") == {("Breaking", "news"): 1}
    assert shingles("  ...  ") == {}


def test_identical_text_scores_one() -> None:
    page = score_page(TRUTH, TRUTH)
    assert (page.precision, page.recall, page.exact) == (1.0, 1.0, True)


def test_punctuation_whitespace_and_line_breaks_do_not_count() -> None:
    reflowed = "North Korean troops fought in Kursk\n\nOfficials  confirmed it on Monday"
    page = score_page(TRUTH, reflowed)
    assert (page.precision, page.recall, page.exact) == (1.0, 1.0, True)


def test_case_counts() -> None:
    assert score_page("The troops moved", "the troops moved").precision == 0.0


def test_disjoint_text_scores_zero() -> None:
    page = score_page(TRUTH, "Subscribe to our newsletter for the latest updates today")
    assert (page.precision, page.recall, page.exact) == (0.0, 0.0, False)


def test_partial_overlap_counts_shared_shingles_as_a_share_of_all() -> None:
    # truth abcd bcde cdef; prediction abcd bcde cdeX: TP 2, FP 1, FN 1 out of 4.
    page = score_page("a b c d e f", "a b c d e X")
    assert (page.true_positive, page.false_positive, page.false_negative) == (0.5, 0.25, 0.25)
    assert page.precision == pytest.approx(2 / 3)
    assert page.recall == pytest.approx(2 / 3)


def test_a_repeated_paragraph_is_counted_as_extra_text() -> None:
    # prediction: wxyz twice plus xyzw, yzwx, zwxy; only one wxyz is expected.
    page = score_page("w x y z", "w x y z w x y z")
    assert page.precision == pytest.approx(1 / 5)
    assert page.recall == 1.0


def test_an_empty_prediction_has_no_precision_and_zero_recall() -> None:
    page = score_page(TRUTH, "")
    assert not page.predicted
    assert page.recall == 0.0


def test_pages_weigh_the_same_whatever_their_length() -> None:
    short = score_page("a b c d e f", "a b c d e X")  # precision 2/3
    long_truth = " ".join(f"w{i}" for i in range(400))
    long = score_page(long_truth, long_truth + " " + long_truth)  # TP 397, FP 397 + 3 seams
    assert aggregate([short, long]).precision == pytest.approx((2 / 3 + 397 / 797) / 2)


def test_precision_skips_empty_predictions_recall_does_not_and_f1_uses_the_means() -> None:
    scores = aggregate([score_page(TRUTH, TRUTH), score_page(TRUTH, None)])
    assert scores.precision == 1.0
    assert scores.recall == 0.5
    assert scores.f1 == pytest.approx(2 * 1.0 * 0.5 / 1.5)
    assert scores.accuracy == 0.5


def test_f1_is_not_the_mean_of_per_page_f1() -> None:
    # per page (P, R): (1, 0.5) and (0.5, 1) → per-page F1s 2/3 each, but mean P = mean R = 0.75.
    half_missing = PageScore(0.5, 0.0, 0.5, exact=False)
    half_extra = PageScore(0.5, 0.5, 0.0, exact=False)
    assert aggregate([half_missing, half_extra]).f1 == pytest.approx(0.75)


def test_no_prediction_at_all_scores_zero_instead_of_failing() -> None:
    scores = aggregate([score_page(TRUTH, ""), score_page(TRUTH, "")])
    assert (scores.precision, scores.recall, scores.f1) == (0.0, 0.0, 0.0)


def test_the_spread_of_a_difference_is_zero_when_both_extractors_agree_on_every_page() -> None:
    pages = [score_page(TRUTH, TRUTH), score_page("a b c d e f", "a b c d e X")]
    spread = bootstrap_spread(pages, pages, resamples=50)
    assert spread.first.f1 > 0
    assert spread.first_minus_second.f1 == 0.0


def test_the_spread_is_reproducible_and_needs_the_same_pages() -> None:
    ours = [score_page(TRUTH, TRUTH), score_page(TRUTH, ""), score_page("a b c d e", "a b c d")]
    theirs = [score_page(TRUTH, ""), score_page(TRUTH, TRUTH), score_page("a b c d e", "a b")]
    assert bootstrap_spread(ours, theirs, resamples=30) == bootstrap_spread(
        ours, theirs, resamples=30
    )
    assert bootstrap_spread(ours, theirs, resamples=30).first_minus_second.f1 > 0
    with pytest.raises(ValueError, match="same pages"):
        bootstrap_spread(ours, theirs[:2])
