"""The interface contract's example conflict ("Water dispute"), worked by hand.

States (codes): 0, 1 (Release), 2 (Escalate), 4 (Attack), 5, 6; Release with
Escalate is infeasible. Attack is irreversible: once taken, Downstream cannot
withdraw it, so Downstream has no move at all from 4, 5 or 6.

Downstream at 0: its improvement 0 -> 4 is sanctioned by Upstream's 4 -> 5
(Downstream ranks 5 below 0), so 0 is GMR-stable for it. For SMR, Downstream may
counter-respond from 5, but its only move there, 5 -> 1, would withdraw the
irreversible Attack, so the sanction stands and 0 is SMR-stable too. SEQ needs the
sanction to be an improvement for Upstream, and 4 -> 5 is not (Upstream ranks 5
last), so 0 is not SEQ-stable.

The contract's sample JSON lists ``smr`` equilibria ``[6]``; that is the answer
when irreversibility is ignored in the counter-response (Downstream's 5 -> 1
escape). In the Graph Model an irreversible move is absent from the decision
maker's graph everywhere (Fang, Hipel & Kilgour 1993, ch. 3), so the answer
below, ``[0, 6]``, is the one we report; every other value equals the contract's.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stability.cli.app import main

WATER = Path(__file__).parent / "data" / "water-dispute.gmcr.toml"


def test_water_dispute(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gmcr", str(WATER), "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    assert document["schema"] == "stability/gmcr/v1"
    assert document["states"] == [0, 1, 2, 4, 5, 6]
    upstream = document["stable"]["Upstream"]
    assert upstream["nash"] == [0, 6]
    assert upstream["gmr"] == [0, 2, 6]
    assert upstream["smr"] == [0, 2, 6]
    assert upstream["seq"] == [0, 2, 6]
    equilibria = document["equilibria"]
    assert equilibria["nash"] == [6]
    assert equilibria["gmr"] == [0, 6]
    assert equilibria["seq"] == [6]
    assert equilibria["smr"] == [0, 6]  # the contract's sample shows [6]: see above


def test_water_dispute_without_irreversibility_matches_the_contract_sample(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = WATER.read_text(encoding="utf-8").replace('[irreversible]\n"Attack" = "forward"\n', "")
    reversible = tmp_path / "reversible.gmcr.toml"
    reversible.write_text(text, encoding="utf-8")
    assert main(["gmcr", str(reversible), "--json"]) == 0
    equilibria = json.loads(capsys.readouterr().out)["equilibria"]
    assert equilibria == {
        **{k: v for k, v in equilibria.items() if k not in ("nash", "gmr", "smr", "seq")},
        "nash": [6],
        "gmr": [0, 6],
        "smr": [6],
        "seq": [6],
    }
