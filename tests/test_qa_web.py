"""What a reader sees in Datasette: checks found by using the pages as a fact-checker would."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parent.parent / "provenance" / "web" / "static"


def _rules(css: str) -> list[tuple[list[str], str]]:
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [([s.strip() for s in sel.split(",")], body) for sel, body in re.findall(r"([^{}]+)\{([^}]*)\}", css)]


def test_nested_claim_style_follows_the_parent_link_not_the_box_it_sits_in():
    """A claim whose words lie inside another claim's box ("He emphasized X, calling Y": two claims by
    the same speaker) is not passed on by it; only a claim with a parent (depth class) is drawn as nested.
    The legend's "nested claim" sample (class depth-1, not inside any claim) must look like one too."""
    rules = _rules((STATIC / "provenance.css").read_text(encoding="utf-8"))
    dashed = [sel for sels, body in rules if "dashed" in body for sel in sels]
    assert dashed, "no style for nested claims"
    assert any(re.search(r"\.claim\.depth-1\b", sel) for sel in dashed), dashed
    descendant = [sel for sels, _ in rules for sel in sels if re.search(r"\.claim\s+\.claim", sel)]
    assert not descendant, f"styles keyed on geometric nesting: {descendant}"
