"""One Checker shared by many threads gives the same reports as checking one by one."""

from concurrent.futures import ThreadPoolExecutor

import pytest

pytestmark = [pytest.mark.languagetool, pytest.mark.slow]


def test_eight_threads_give_the_same_reports_as_sequential_checks(lt_checker, dev_cases):
    cases = dev_cases[:16]
    expected = [lt_checker.check(c["reply"], c["customer"], c["source"]).to_dict() for c in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(lt_checker.check, c["reply"], c["customer"], c["source"]) for c in cases * 2]
        got = [f.result().to_dict() for f in futures]
    assert got == expected * 2
    assert all(not any(s["status"] == "failed" for s in report["skipped"]) for report in got)
