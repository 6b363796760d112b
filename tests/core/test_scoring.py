"""The score: 100 minus the weights of the findings, each code counted at most three times."""

from replycheck.model import Finding
from replycheck.scoring import score_findings


def finding(code: str, severity: str, start: int) -> Finding:
    return Finding(code, severity, start, start + 1, "m")


def test_each_code_counts_at_most_three_times():
    misspellings = [finding("spelling/misspelling", "warning", n) for n in range(20)]
    assert score_findings(misspellings) == 70
    assert score_findings(misspellings + [finding("language/mismatch", "error", 0)]) == 45


def test_a_note_never_takes_the_place_of_a_warning_of_the_same_code():
    # The note comes first in position order; the three warnings still count in full.
    note = finding("translation/register-mix", "info", 0)
    warnings = [finding("translation/register-mix", "warning", n) for n in (5, 9, 14)]
    assert score_findings([note, *warnings]) == 70
    assert score_findings([note, *warnings[:2]]) == 79


def test_nothing_found_is_100_and_the_score_never_goes_below_0():
    assert score_findings([]) == 100
    errors = [finding(f"hygiene/x{n}", "error", n) for n in range(5)]
    assert score_findings(errors) == 0
