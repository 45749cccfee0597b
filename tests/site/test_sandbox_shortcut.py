"""The render sandbox's shortcut for record fields and dict keys answers exactly as the sandbox does.

render._Sandbox reads a field of one of the package's dataclasses, or a key of a plain dict, without
the sandbox's general tests. These tests render the same expressions through it and through Jinja's
own ImmutableSandboxedEnvironment and compare, and show that what the sandbox refuses is still
refused: internals, mutating methods, str.format, callables kept in a field.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
import pytest
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from generator.sescan import Finding
from generator.site import render


@dataclass(frozen=True)
class _Outsider:
    """A dataclass from outside the package: never shortcut."""

    title: str


def _both(source: str, **context: Any) -> tuple[str, str]:
    ours = render._Sandbox(undefined=jinja2.StrictUndefined, autoescape=True)
    plain = ImmutableSandboxedEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    return ours.from_string(source).render(context), plain.from_string(source).render(context)


FINDING = Finding("SE001", 3, 7, "内部资料", "出现“内部资料”标记")
CONTEXT: dict[str, Any] = {
    "f": FINDING,
    "d": {"image": "logo.svg", "alt": "<标志>", "items": "键", "nested": {"x": [1, 2]}},
    "o": _Outsider("外来"),
}


@pytest.mark.parametrize(
    "source",
    [
        "{{ f.code }} {{ f.start }} {{ f.end }} {{ f.text }} {{ f.message }}",
        "{{ d.image }}|{{ d.alt }}|{{ d.nested.x }}|{{ d['alt'] }}",
        "{{ d.items }}",  # a dict attribute: the sandbox's answer (the method), not the key
        "{{ d.keys() | list }}",
        "{{ o.title }}",
        "{{ f.text.upper() }}",
        "{% for k, v in d.nested.items() %}{{ k }}={{ v }};{% endfor %}",
    ],
)
def test_the_shortcut_renders_what_the_sandbox_renders(source):
    ours, plain = _both(source, **CONTEXT)
    assert ours == plain


@pytest.mark.parametrize(
    "source",
    [
        "{{ f.__class__ }}",
        "{{ f.__class__.__mro__ }}",
        "{{ d.__class__ }}",
        "{{ d.clear() }}",
        "{{ d.nested.x.append(3) }}",
        "{{ '{0.__class__}'.format(f) }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    ],
)
def test_what_the_sandbox_refuses_is_still_refused(source):
    with pytest.raises((SecurityError, jinja2.UndefinedError)):
        _both(source, **CONTEXT)[0]
    with pytest.raises((SecurityError, jinja2.UndefinedError)):  # control: Jinja's own sandbox refuses it too
        _both(source, **CONTEXT)[1]


def test_a_callable_in_a_field_goes_through_the_sandbox():
    """A field holding str.format is wrapped by the sandbox (its safe formatter), as before."""
    fmt = Finding("SE001", 0, 0, "x", "y")
    object.__setattr__(fmt, "message", "{0.__class__}".format)  # a frozen record, forced for the test
    source = "{{ f.message(f) }}"
    with pytest.raises(SecurityError):
        _both(source, f=fmt)[0]
    with pytest.raises(SecurityError):
        _both(source, f=fmt)[1]


def test_only_the_package_records_are_shortcut():
    assert "text" in render._record_fields(Finding)
    assert render._record_fields(_Outsider) == frozenset()
    assert render._record_fields(dict) == frozenset()
