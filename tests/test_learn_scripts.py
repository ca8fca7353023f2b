"""The two scripts that learn cues.tsv (scripts/learn_cues.py, scripts/learn_cue_spans.py) read the same
options the same way: declared once (learn_cues.cue_file_parser), each adding its own."""

import importlib.util
import sys
from pathlib import Path

import pytest

from provenance.extract.lexicon import DEFAULT_PATH

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"
SHARED = {"corpus", "cues", "min_count", "model", "docbin", "dry_run"}


def script(name: str):
    sys.path.insert(0, str(SCRIPTS))
    try:
        spec = importlib.util.spec_from_file_location(name, SCRIPTS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(SCRIPTS))


@pytest.mark.parametrize("name, min_count, own", [
    ("learn_cues", 4, {"min_strength": 0.25, "limit": None}),
    ("learn_cue_spans", 5, {"min_share": 0.6}),
])
def test_each_learner_reads_the_shared_options_and_its_own(name, min_count, own, tmp_path):
    args = script(name).parser().parse_args([str(tmp_path), "--docbin", "train.spacy", "--model", "m", "--dry-run"])
    assert vars(args) == {"corpus": tmp_path, "cues": DEFAULT_PATH, "min_count": min_count, "model": "m",
                          "docbin": "train.spacy", "dry_run": True, **own}


def test_the_shared_options_are_declared_alike():
    def shared(name):
        actions = script(name).parser()._actions
        return {a.dest: (a.option_strings, a.type, a.help, a.nargs, a.const) for a in actions if a.dest in SHARED}

    assert shared("learn_cues") == shared("learn_cue_spans")
    assert set(shared("learn_cues")) == SHARED


def test_confidence_examples_are_labelled_by_the_annotation_and_a_fold_model_ranks_them(nlp):
    """learn_confidence's pieces, as benchmarks/polnear_errors.py --cross-fit uses them: a candidate is 1 when
    an annotated attribution shares a token of its cue and of its content, a cue inside quotation marks is no
    example, and the model fitted on the examples ranks the annotated shape above the other."""
    lc = script("learn_confidence")
    text = ('The minister said the plant would close. Critics see the plan as a failure. '
            '"I think it will fail," the mayor said.')
    doc = nlp(text)
    said = text.index("said")
    gold = [([(said, said + 4)], [(text.index("the plant"), text.index(" close.") + 6)])]
    X, y = lc.examples(doc, gold)
    patterns = [next(k for k in f if k.startswith("pattern=")) for f in X]
    # "said the plant ..." is annotated, "see ... as" is not; "think" inside the quotation is no example
    assert (patterns, y) == (["pattern=ccomp", "pattern=as", "pattern=quote"], [1, 0, 0])
    model = lc.as_model(*lc.fit(X * 5, y * 5), threshold=0.4)
    assert model.threshold == 0.4
    assert model(X[y.index(1)]) > 0.5 > model(X[y.index(0)])


def _curve(*points):
    """A threshold curve as learn_cue_model.threshold_curve gives it, from (F1, threshold) pairs."""
    return [(f1, t, n, 0) for n, (f1, t) in enumerate(points)]


@pytest.mark.parametrize("curve, tolerance, chosen", [
    # flat between 0.40 and 0.50: the middle of the near-best, wherever the best point lands
    (_curve((0.760, 1.0), (0.7810, 0.50), (0.7812, 0.47), (0.7809, 0.45), (0.7815, 0.42), (0.7811, 0.40)), 0.001, 0.45),
    (_curve((0.760, 1.0), (0.7815, 0.50), (0.7812, 0.47), (0.7809, 0.45), (0.7810, 0.42), (0.7811, 0.40)), 0.001, 0.45),
    # a point further than the tolerance from the best is not near-best, even inside the range
    (_curve((0.760, 1.0), (0.7700, 0.60), (0.7812, 0.47), (0.7790, 0.45), (0.7815, 0.42), (0.7811, 0.40)), 0.001, 0.42),
    # an even count: the upper median
    (_curve((0.760, 1.0), (0.7812, 0.47), (0.7815, 0.42), (0.7700, 0.41), (0.7811, 0.40)), 0.001, 0.42),
    # tolerance 0: the best point alone, the highest threshold of a tie
    (_curve((0.760, 1.0), (0.7810, 0.50), (0.7815, 0.47), (0.7815, 0.42), (0.7811, 0.40)), 0.0, 0.47),
    # nothing beats keeping no learned claim: threshold 1
    (_curve((0.790, 1.0), (0.7700, 0.60), (0.7600, 0.40)), 0.001, 1.0),
], ids=["best-high", "best-low", "dip-inside", "even-count", "no-tolerance", "none-kept"])
def test_the_cue_threshold_is_the_median_of_the_near_best(curve, tolerance, chosen):
    assert script("learn_cue_model").steady_threshold(curve, tolerance)[1] == chosen


def test_the_threshold_curve_counts_the_learned_claims_kept_above_each_threshold():
    # 10 lexicon claims, 8 matching, 12 gold; learned candidates 0.9 (right), 0.6 (wrong), 0.5 (right), 0.3 (under the floor)
    curve = script("learn_cue_model").threshold_curve([0.5, 0.9, 0.3, 0.6], [1, 1, 1, 0], 8, 10, 12, floor=0.4)
    assert [(round(f1, 4), t, n, tp) for f1, t, n, tp in curve] == [
        (round(16 / 22, 4), 1.0, 0, 0), (round(18 / 23, 4), 0.9, 1, 1), (round(18 / 24, 4), 0.6, 2, 1),
        (round(20 / 25, 4), 0.5, 3, 2)]
