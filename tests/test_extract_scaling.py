"""Extraction stays linear in dense text: every sentence a claim, every claim a person the article
names again ("Minister Anna Berg" x 3,000), so any per-claim scan of the persons, roles or claims
shows up as extraction time growing faster than parsing."""

import time

from provenance.model import Article
from provenance.parse import parse
from provenance.pipeline import extract_article

UNIT = "Minister Anna Berg said taxes rose. "


def test_dense_text_extracts_in_a_fraction_of_its_parse_time(nlp):
    # 120 KB: before the name indexes extraction took 0.65x the parse time here (2.2 s against 3.4 s)
    # and 4.8x at 480 KB; now about 0.15x at every size (benchmarks/README.md has the 480 KB figure)
    text = UNIT * (120_000 // len(UNIT))
    start = time.perf_counter()
    doc = next(parse(nlp, [(text, None)]))[0]
    parse_s = time.perf_counter() - start
    timings = []
    for _ in range(2):  # best of two: the machine is shared
        start = time.perf_counter()
        extraction = extract_article(doc, Article(doc="dense", text=text))
        timings.append(time.perf_counter() - start)
    assert len(extraction.claims) == text.count("said")
    assert {c.source.name for c in extraction.claims} == {"Anna Berg"}
    assert min(timings) <= 0.3 * parse_s, (min(timings), parse_s)
