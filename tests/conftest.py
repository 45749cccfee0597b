"""For every test folder: no test writes into the checkout.

Tests build scratch sites in tmp_path; anything they leave in the repository (a cache, a build/,
a rewritten CODEOWNERS) would change what the next run or the next commit sees. The state of every
file git lists (tracked and changed, untracked, ignored; minus the tools' own caches) is compared
around each test module (checkout_guard.py). Editing the checkout while the suite runs trips it too.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from checkout_guard import REPO, changed_paths, checkout_state


@pytest.fixture(autouse=True, scope="module")
def _checkout_untouched(request: pytest.FixtureRequest) -> Iterator[None]:
    before = checkout_state()
    yield
    changed = changed_paths(before, checkout_state())
    assert not changed, (
        f"{request.node.name} (or a test running beside it) wrote into the checkout {REPO}: {', '.join(changed)}. "
        "Tests write only into tmp_path (sitegen caches: SITEGEN_NO_CACHE=1 or a scratch copy)."
    )


@pytest.fixture(autouse=True, scope="session")
def _private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Every test's caches go to a folder of the test session, never the user's own cache."""
    import os

    os.environ["SITEGEN_CACHE_DIR"] = str(tmp_path_factory.mktemp("sitegen-cache"))
