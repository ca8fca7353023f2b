"""The learned models travel with what was derived from them: a changed model file changes the setup
fingerprint (stored articles are extracted again), and a cluster worker gets the client's model."""

import json

import pytest

from provenance.extract import boundary, learned

#: (module holding the loader and DEFAULT_PATH, loader, Setup field and extract keyword, a new threshold, its name)
MODELS = [
    pytest.param(learned, learned.load_cue_model, "cue_model", 0.9, "threshold", id="cue-model"),
    pytest.param(boundary, boundary.load_boundary_model, "boundary_model", 9.0, "margin", id="boundary-model"),
]


@pytest.mark.parametrize("module,load,field,threshold,_name", MODELS)
def test_the_model_is_in_the_setup_fingerprint(nlp, tmp_path, monkeypatch, module, load, field, threshold, _name):
    from provenance.fingerprint import setup_of

    before = setup_of(nlp)
    assert getattr(before, field) != "none"
    data = json.loads(module.DEFAULT_PATH.read_text(encoding="utf-8"))
    data["threshold"] = threshold
    other = tmp_path / module.DEFAULT_PATH.name
    other.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(module, "DEFAULT_PATH", other)
    after = setup_of(nlp)
    assert getattr(after, field) != getattr(before, field) and after.value != before.value


@pytest.mark.parametrize("module,load,field,threshold,name", MODELS)
def test_a_cluster_worker_gets_the_clients_model(module, load, field, threshold, name):
    from provenance import cluster
    from provenance.nlp import choose_model

    model = choose_model()
    setup = cluster.extractor_setup(model, cluster.model_version(model))
    shipped = setup.extract_kwargs()[field]
    assert shipped is not None and shipped.weights == load().weights
    assert getattr(shipped, name) == getattr(load(), name)
