"""Schemathesis against the running service: every answer to generated requests matches the
OpenAPI document (status codes, headers, bodies), invalid requests are refused, and no request
makes it fail (5xx).

The service refuses a few schema-valid requests on purpose, with a 422 that says why: a reply of
only invisible characters, a glossary name the server does not have. Those answers are tested
by name in test_service_check.py, so Schemathesis's "valid data accepted" check is left out."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from schemathesis.specs.openapi.checks import positive_data_acceptance

from replycheck.service import ServiceSettings, openapi_document

pytestmark = pytest.mark.slow

schema = schemathesis.openapi.from_dict(openapi_document())


@pytest.fixture(scope="module")
def running(fast_checker):
    from conftest import TOKEN, RunningService

    limits = ServiceSettings(token=TOKEN, max_batch=3, max_reply_chars=5_000, request_timeout=30)
    with RunningService(limits, fast_checker) as service:
        yield service


@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_answer_matches_the_openapi_document(case, running):
    from conftest import TOKEN

    case.call_and_validate(base_url=running.url, headers={"Authorization": f"Bearer {TOKEN}"},
                           excluded_checks=[positive_data_acceptance])
