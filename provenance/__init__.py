"""provenance: who said what, in which article, and where.

Data flows one way through the package, one module a step:

    read -> normalise -> parse -> extract -> resolve -> store -> publish / export

- :mod:`provenance.model`       the value objects every step passes on (Article, Claim, Span...)
- :mod:`provenance.read`        input files, directories, stdin, JSON records -> :class:`RawInput`
- :mod:`provenance.normalise`   bytes/HTML -> :class:`provenance.model.Article` (text as stored)
- :mod:`provenance.nlp`         choosing and loading the spaCy model
- :mod:`provenance.parse`       articles -> spaCy ``Doc`` (long texts in pieces, offsets exact)
- :mod:`provenance.extract`     ``Doc`` -> :class:`provenance.model.Claim` (source / cue / content)
- :mod:`provenance.resolve`     claim sources -> canonical names, kinds, stable ids
- :mod:`provenance.pipeline`    the steps above, batched, optionally in several processes
- :mod:`provenance.cluster`     the parse and extract steps on a Dask cluster's workers
- :mod:`provenance.component`   the same extraction as a spaCy component (``doc._.claims``)
- :mod:`provenance.fingerprint` what produced an article's claims (code, model, data files)
- :mod:`provenance.store`       SQLite through sqlite-utils
- :mod:`provenance.ingest`      the pipeline's results written to the store, failures recorded
- :mod:`provenance.interrupt`   Ctrl-C held back while an article is stored or Dask is called
- :mod:`provenance.export`      claims as JSON / JSONL / CSV / text
- :mod:`provenance.provjson`    claims as W3C PROV-JSON
- :mod:`provenance.web`         the Datasette plugin, templates, metadata and publication copy
- :mod:`provenance.serve`       running Datasette on a database (live or read-only)
- :mod:`provenance.cli`         the ``provenance`` command, a thin layer over the above
"""

__version__ = "0.1.0"

#: Stored with every article; bump when extraction output changes.
EXTRACTOR_VERSION = "0.1.0"
