"""Fixtures for the seed fact tests: each test module names its seed file as PLAN."""

import pytest

from policykg.loaders.plan import extract_plan


@pytest.fixture(scope="module")
def record(request) -> dict:
    """The plan record of the module's seed, extracted once per module."""
    return extract_plan(request.module.PLAN).to_dict()


@pytest.fixture(scope="module")
def source_text(request) -> str:
    """The decoded text of the module's seed (what spans point into)."""
    return request.module.PLAN.read_bytes().decode("utf-8")
