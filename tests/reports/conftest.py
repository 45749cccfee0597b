"""Fixtures of tests/reports; the repository builder lives in reportkit.py."""

from __future__ import annotations

import pytest
from reportkit import Repo, make_repo


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Repo:
    return make_repo(tmp_path_factory.mktemp("reports"))
