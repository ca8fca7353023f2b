"""Source resolution: mentions -> canonical names, kinds and stable ids.

Contract:

    resolve_sources(doc, claims) -> list[Claim]

Same claims, same order, with every ``claim.source`` given its canonical
``name`` ("He" -> "Emomali Rahmon"), ``kind`` and ``id`` (``source_id(name)``).
"""
