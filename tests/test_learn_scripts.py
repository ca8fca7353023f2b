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
