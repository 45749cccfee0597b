"""Fixtures of tests/history; the helpers live in gitsite.py (a name no other test folder uses)."""

from gitsite import site, tool_env  # noqa: F401 - fixtures are found by name
