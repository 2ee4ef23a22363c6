"""stability check on the rebuilt bundled Mosul: no knife-edge, no dead parameter and
no lever past the campaign's end (docs/explanation/mosul-model.md explains what it
still finds)."""

from __future__ import annotations


def test_check_runs_on_the_bundled_mosul() -> None:
    import stability

    result = stability.check("mosul")
    kinds = {finding["kind"] for finding in result.to_dict()["findings"]}
    assert not kinds & {"knife-edge", "dead-parameter", "lever-past-end", "timeline-ignores-play"}
