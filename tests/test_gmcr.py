"""Tests of the conflict loader, ``stability.analysis.gmcr`` and ``stability gmcr``."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stability.analysis.gmcr import COALITION_CONCEPTS, CONCEPTS, analyse
from stability.cli.app import main
from stability.cli.gmcr import gmcr_json, load_conflict
from stability.errors import InputError
from stability.io.conflict import Conflict, parse_conflict

GAMES = Path(__file__).resolve().parent.parent / "games"

# Fang, Hipel & Kilgour (1993) number Elmira's states 1-9; our codes for them.
ELMIRA_BOOK = {2: 1, 3: 2, 4: 3, 5: 4, 18: 5, 19: 6, 20: 7, 21: 8, 8: 9, 9: 9, 24: 9, 25: 9}


def _book(codes: list[int]) -> set[int]:
    return {ELMIRA_BOOK[c] for c in codes}


# -- known answers ----------------------------------------------------------------------


def test_elmira_stability_table() -> None:
    # Fang, Hipel & Kilgour (1993), Interactive Decision Making, Wiley, the Elmira
    # case study; the same table in Xu, Hipel & Kilgour (2009), IEEE SMC-A 39(1):
    # states 5, 8, 9 are Nash and SEQ equilibria; 1, 4, 5, 8, 9 are GMR and SMR.
    result = analyse(load_conflict("elmira"))
    assert _book(result.equilibrium_codes("nash")) == {5, 8, 9}
    assert _book(result.equilibrium_codes("seq")) == {5, 8, 9}
    assert _book(result.equilibrium_codes("gmr")) == {1, 4, 5, 8, 9}
    assert _book(result.equilibrium_codes("smr")) == {1, 4, 5, 8, 9}


def test_elmira_coalition_of_moe_and_uniroyal_upsets_state_5() -> None:
    # Kilgour, Hipel, Fang & Peng (2001), Group Decision and Negotiation 10:159-175:
    # in Elmira, MoE and Uniroyal can jointly move from state 5 to state 8, which
    # both prefer, so 5 is not coalition stable while 8 is.
    conflict = load_conflict("elmira")
    result = analyse(conflict, coalitions=True)
    assert result.coalition_stable is not None
    pair = (0, 1)
    stable_for_pair = result.coalition_stable["coalition_nash"][pair]
    assert not stable_for_pair[conflict.state_index(18)]
    assert stable_for_pair[conflict.state_index(21)]
    assert _book(result.coalition_equilibria("coalition_nash")) == {8, 9}


def test_elmira_status_quo_reaches_the_historical_outcome() -> None:
    # Historically (Fang, Hipel & Kilgour 1993) the conflict moved 1 -> 2 -> 4 -> 8:
    # MoE modified its order, Uniroyal accepted, the local government insisted.
    conflict = load_conflict("elmira")
    result = analyse(conflict, status_quo=2, any_moves=True)
    assert result.paths is not None
    to_eight = next(p for p in result.paths if p.target == 21)
    assert to_eight.steps is not None and len(to_eight.steps) == 3
    assert [ELMIRA_BOOK[s.target] for s in to_eight.steps] == [2, 4, 8]
    improving = analyse(conflict, status_quo=2)
    assert improving.paths is not None
    assert next(p for p in improving.paths if p.target == 21).steps is None


def test_cuban_missile_crisis() -> None:
    # Fraser & Hipel (1984), Conflict Analysis, ch. 2: the sequentially stable
    # outcomes are 4 (Soviet withdrawal) and 6 (U.S. blockade, Soviet withdrawal,
    # the historical resolution).
    result = analyse(load_conflict("cuban-missile-crisis"))
    assert result.equilibrium_codes("seq") == [4, 6]
    assert result.equilibrium_codes("nash") == []


CUBA_STATEMENTS = """
[[decision_makers]]
name = "United States"
options = ["Air strike", "Blockade"]
[[decision_makers]]
name = "USSR"
options = ["Withdraw", "Escalate"]
[[infeasible]]
Withdraw = true
Escalate = true
[preferences]
"United States" = ["Withdraw", "-Escalate", "-Air strike & Withdraw", "-Blockade & Withdraw",
  "Air strike & Escalate", "Blockade & Escalate",
  '''(Air strike & -Withdraw) | (Blockade & -Escalate)
    | (Air strike & -Escalate) | (Blockade & -Withdraw)''',
  "-Air strike & -Withdraw & -Escalate", "-Blockade & -Withdraw & -Escalate"]
USSR = ["-Escalate", "if Escalate then Air strike", "if Escalate then Blockade",
  "-Air strike & -Escalate", "-Blockade & -Escalate",
  "(Blockade & Withdraw) | (-Blockade & -Withdraw) | (Air strike & Withdraw)",
  "Blockade & -Withdraw & -Escalate", "Air strike & -Blockade & Withdraw & -Escalate"]
"""


def test_option_prioritisation_reproduces_the_cuban_rankings() -> None:
    by_statements = parse_conflict(CUBA_STATEMENTS)
    by_ranking = load_conflict("cuban-missile-crisis")
    assert by_statements.states == by_ranking.states
    for left, right in zip(by_statements.ranks, by_ranking.ranks, strict=True):
        assert np.array_equal(np.argsort(-left, kind="stable"), np.argsort(-right, kind="stable"))


def _mosul_code(profile: tuple[int, ...]) -> int:
    """games/mosul.gmcr.toml's header: 1 = the U.S. sidelines the militias, 2 = the U.S.
    offers a compromise, 4 = Iran keeps its distance, 8 = Iran offers a compromise,
    16 = the militias' partition deal, 32 = IS stages a false flag, 64 = IS accepts
    the partition; each actor's first strategy is no option taken."""
    us, iran, militias, islamic_state = profile
    bits = [(us, (1, 2)), (iran, (4, 8)), (militias, (16,)), (islamic_state, (32, 64))]
    return sum(options[strategy - 1] for strategy, options in bits if strategy > 0)


def test_mosul_conflict_is_derived_from_the_coalition_model() -> None:
    import itertools

    from stability.analysis.joint import joint_game
    from stability.analysis.states import stability_table
    from stability.io.scenario import read_scenario

    conflict = load_conflict("mosul")
    assert conflict.decision_makers == ("United States", "Iran", "Shi'i militias", "Islamic State")
    scenario = read_scenario(Path(__file__).parent.parent / "games" / "mosul.toml")
    game = joint_game(scenario)
    profiles = list(itertools.product(*(range(n) for n in scenario.shape)))
    position = {int(code): k for k, code in enumerate(conflict.states)}
    assert sorted(position) == sorted(_mosul_code(p) for p in profiles)  # 54 states
    for i in range(4):  # each ranking is the order of the joint game's payoffs
        for p, q in itertools.combinations(profiles, 2):
            first, second = game.payoff(i, p), game.payoff(i, q)
            rank_p = int(conflict.ranks[i][position[_mosul_code(p)]])
            rank_q = int(conflict.ranks[i][position[_mosul_code(q)]])
            by_payoff = (first > second) - (first < second)
            assert by_payoff == (rank_p > rank_q) - (rank_p < rank_q), (i, p, q)
    result = analyse(conflict)
    table = stability_table(game)
    for concept in ("nash", "gmr", "smr", "seq"):
        stable = sorted(_mosul_code(p) for p in profiles if table.by_concept(concept)[p])
        assert sorted(result.equilibrium_codes(concept)) == stable, concept
    assert result.equilibrium_codes("nash") == [0]  # the coalition only, at the defaults


# -- properties -------------------------------------------------------------------------


@st.composite
def conflicts(draw: st.DrawFn) -> Conflict:
    n_dm = draw(st.integers(2, 3))
    sizes = [draw(st.integers(1, 2)) for _ in range(n_dm)]
    lines = []
    option = 0
    names = []
    for i, size in enumerate(sizes):
        own = [f"o{option + k}" for k in range(size)]
        option += size
        names.append(f"D{i}")
        lines += ["[[decision_makers]]", f'name = "D{i}"', f"options = {json.dumps(own)}"]
    if draw(st.booleans()):
        lines += ["[[infeasible]]", "o0 = true", "o1 = true"]
    if draw(st.booleans()):
        lines += ["[irreversible]", 'o0 = "forward"']
    codes = list(range(1 << option))
    if any("[[infeasible]]" == line for line in lines):
        codes = [c for c in codes if not (c & 1 and c & 2)]
    lines.append("[preferences]")
    for name in names:
        order = draw(st.permutations(codes))
        lines.append(f"{name} = {json.dumps(list(order))}")
    return parse_conflict("\n".join(lines))


@settings(max_examples=60, deadline=None)
@given(conflicts())
def test_gmcr_inclusions(conflict: Conflict) -> None:
    result = analyse(conflict, coalitions=True)
    for i in range(len(conflict.decision_makers)):
        nash, gmr, smr, seq, sim = (result.stable[c][i] for c in CONCEPTS)
        assert np.all(nash <= seq) and np.all(seq <= gmr)
        assert np.all(nash <= smr) and np.all(smr <= gmr)
        assert np.all(nash <= sim)
        assert result.coalition_stable is not None
        # a singleton coalition is the decision maker itself
        for concept in ("nash", "gmr", "smr", "seq"):
            assert np.array_equal(
                result.coalition_stable["coalition_" + concept][(i,)], result.stable[concept][i]
            )
        assert np.all(result.coalition_stable_for("coalition_nash", i) <= nash)


# -- bad input --------------------------------------------------------------------------

GOOD_HEAD = """
[[decision_makers]]
name = "A"
options = ["X"]
[[decision_makers]]
name = "B"
options = ["Y"]
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD_HEAD + "[[infeasible]]\nZ = true\n[preferences]\nA=[0,1,2,3]\nB=[0,1,2,3]",
         "unknown option 'Z'"),
        (GOOD_HEAD + "[preferences]\nA = [0, 1, 2]\nB = [0, 1, 2, 3]",
         "misses feasible state(s) 3"),
        (GOOD_HEAD + "[preferences]\nA = [0, 1, [2, 1], 3]\nB = [0, 1, 2, 3]",
         "state 1 is listed more than once"),
        (GOOD_HEAD + "[preferences]\nA = [0, 1, 2, 7]\nB = [0, 1, 2, 3]",
         "state 7 is not a feasible"),
        (GOOD_HEAD + "[[infeasible]]\nX = true\n[[infeasible]]\nX = false\n"
         "[preferences]\nA = [0]\nB = [0]", "every state is infeasible"),
        (GOOD_HEAD.replace('"Y"', '"X"') + "[preferences]\nA=[0]\nB=[0]", "duplicate option"),
        (GOOD_HEAD + "[preferences]\nA = [0, 1, 2, 3]", "B: no preferences given"),
        (GOOD_HEAD + "[preferences]\nA = [0, 1, 2, 3]\nB = [0, 1, 2, 3]\nC = [0]",
         "unknown decision maker"),
        (GOOD_HEAD + '[preferences]\nA = ["X & W"]\nB = [0, 1, 2, 3]', "unknown option 'W'"),
        (GOOD_HEAD + '[preferences]\nA = ["X &"]\nB = [0, 1, 2, 3]', "expected an option"),
        (GOOD_HEAD + '[preferences]\nA = ["__import__(X)"]\nB = [0, 1, 2, 3]', "unknown option"),
        (GOOD_HEAD + '[irreversible]\nX = "sideways"\n[preferences]\nA=[0,1,2,3]\nB=[0,1,2,3]',
         "expected one of forward"),
        ("title = ", "not valid TOML"),
    ],
)
def test_bad_conflicts(text: str, message: str, tmp_path: Path,
                       capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError, match=None) as caught:
        parse_conflict(text, source="bad.toml")
    assert message in str(caught.value)
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    assert main(["gmcr", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err
    assert str(path) in err


def test_bad_status_quo(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gmcr", "elmira", "--from", "6"]) == 2
    assert capsys.readouterr().err.startswith("error:")
    assert main(["gmcr", "no-such-conflict"]) == 2
    assert capsys.readouterr().err.startswith("error:")


# -- command line -----------------------------------------------------------------------


def test_cli_json_matches_library(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gmcr", "elmira", "--json", "--coalitions", "--from", "2"]) == 0
    document = json.loads(capsys.readouterr().out)
    conflict = load_conflict("elmira")
    result = analyse(conflict, coalitions=True, status_quo=2)
    assert document == json.loads(json.dumps(gmcr_json(result)))
    assert document["schema"] == "stability/gmcr/v1"
    assert document["states"] == list(conflict.states)
    assert set(document["stable"]) == {"MoE", "Uniroyal", "Local Government"}
    for concept in CONCEPTS:
        assert document["equilibria"][concept] == result.equilibrium_codes(concept)
    for concept in COALITION_CONCEPTS:
        assert document["coalitions"]["equilibria"][concept] == result.coalition_equilibria(concept)


def test_cli_human(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["gmcr", str(GAMES / "cuban-missile-crisis.gmcr.toml")]) == 0
    assert "SEQ equilibria: 4, 6" in capsys.readouterr().out


def test_ten_options_conflict() -> None:
    rng = np.random.default_rng(3)
    lines = []
    for i in range(5):
        lines += ["[[decision_makers]]", f'name = "D{i}"', f'options = ["a{i}", "b{i}"]']
    lines.append("[preferences]")
    for i in range(5):
        lines.append(f"D{i} = {json.dumps([int(c) for c in rng.permutation(1024)])}")
    conflict = parse_conflict("\n".join(lines))
    result = analyse(conflict)
    assert len(conflict.states) == 1024
    assert set(result.equilibrium_codes("nash")) <= set(result.equilibrium_codes("gmr"))


# -- option names from other tools: anything but a double quote --------------------------


def test_option_names_with_operators_load_when_quoted_in_statements() -> None:
    from stability.io.conflict import parse_conflict

    conflict = parse_conflict(
        """
[[decision_makers]]
name = "US"
options = ["Full (US Support)", "if"]
[[decision_makers]]
name = "Kurds"
options = ["-Withdraw"]
[preferences]
US = ['"Full (US Support)" & -"-Withdraw"', '"if"']
Kurds = ['"-Withdraw" | "Full (US Support)"']
"""
    )
    assert conflict.options == ("Full (US Support)", "if", "-Withdraw")
    # statement 1 (weight 2): full support while the Kurds do not withdraw (codes 1, 3);
    # statement 2 (weight 1): the option named "if" (codes 2, 3, 6, 7)
    us = dict(zip(conflict.states, conflict.ranks[0].tolist(), strict=True))
    assert (us[3], us[1], us[2], us[0], us[5], us[7]) == (3, 2, 1, 0, 0, 1)


def test_a_double_quote_in_an_option_name_is_refused() -> None:
    from stability.io.conflict import parse_conflict

    with pytest.raises(InputError, match="double quote"):
        parse_conflict(
            '[[decision_makers]]\nname = "A"\noptions = [\'Say "no"\']\n'
            '[preferences]\nA = [0, 1]\n'
        )
