"""benchmarks/polnear_agreement.py pairs a multiply annotated article's annotators as the scorer reads them:
every ordered pair, pooled counts, single-annotator articles left out."""

import importlib.util
import sys
from pathlib import Path

import pytest

_REPO = Path(__file__).resolve().parents[1]
SCORER = next((p for p in (_REPO.parent / "shared", _REPO.parent.parent / "shared") if (p / "polnear").is_dir()),
              _REPO.parent / "shared") / "polnear" / "score.py"
pytestmark = pytest.mark.skipif(not SCORER.exists(), reason="PolNeAR's score.py not available in ../shared/polnear")

TEXT = "Smith said the plan would fail. Jones told reporters it was fine."
#: (source, cue, content) character spans of each attribution
SMITH = ((0, 5), (6, 10), (11, 31))
JONES = ((32, 37), (38, 42), (53, 65))
JONES_OTHER_CONTENT = ((32, 37), (38, 42), (43, 52))


def ann(*attributions) -> str:
    lines, t = [], 0
    for e, spans in enumerate(attributions, 1):
        ids = []
        for role, (s, end) in zip(("Source", "Cue", "Content"), spans):
            t += 1
            lines.append(f"T{t}\t{role} {s} {end}\t{TEXT[s:end]}")
            ids.append(f"{role}:T{t}")
        lines.append(f"E{e}\tAttribution:T{t - 1} {' '.join(ids)}")
    return "\n".join(lines) + "\n"


@pytest.fixture
def agreement_module():
    sys.path.insert(0, str(_REPO / "benchmarks"))
    try:
        spec = importlib.util.spec_from_file_location("polnear_agreement", _REPO / "benchmarks" / "polnear_agreement.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(_REPO / "benchmarks"))


def compartment(tmp_path: Path, **files: str) -> Path:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    for stem in {name.rsplit("_", 1)[0] for name in files}:
        (tmp_path / "text" / f"{stem}.txt").write_text(TEXT, encoding="utf-8")
    for name, body in files.items():
        (tmp_path / "attributions" / f"{name}.ann").write_text(body, encoding="utf-8")
    return tmp_path


def test_every_ordered_pair_of_annotators_is_scored_and_single_annotations_left_out(agreement_module, tmp_path):
    from provenance.nlp import load

    scorer = agreement_module.load_scorer(SCORER)
    folder = compartment(tmp_path, a_0001=ann(SMITH, JONES), a_0002=ann(SMITH, JONES), a_0003=ann(SMITH, JONES_OTHER_CONTENT),
                         single_0001=ann(SMITH))
    assert [len(v) for v in agreement_module.annotations(scorer, folder).values()] == [3]
    pooled = agreement_module.agreement(scorer, folder, load())
    assert pooled["articles"][0] == 1 and pooled["annotations"][0] == 3
    # six ordered pairs of two attributions each; the four pairs with annotator 3 miss Jones's content
    match, source, pred, gold, content_tp, units = pooled["annotator vs annotator"]
    assert (pred, gold) == (12, 12)
    assert match == source == content_tp == 12 - 4 and units == 24
    assert agreement_module.f1s(pooled["annotator vs annotator"])[0] == pytest.approx(200 * 8 / 24)
    # the extractor is scored against each of the three: Smith's claim matches every one, exactly
    for who in ("extractor (a) selection", "extractor (b) top-level"):
        match, source, pred, gold, content_tp, units = pooled[who]
        assert gold == 6 and pred % 3 == 0 and pred >= 3
        assert match >= 3 and content_tp >= 3
