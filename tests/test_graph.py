"""``stability graph``: pictures of coalition graphs, written whole, errors as exit 2."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from stability.cli.app import main
from stability.io.scenario import read_scenario
from stability.present.graph import EDGE_STYLE

ROOT = Path(__file__).resolve().parent.parent
EDGE_LABELS = {kind: label for kind, (_, _, label) in EDGE_STYLE.items()}

SVG_TEXT = "{http://www.w3.org/2000/svg}text"
ACTORS = ["United States", "Iran", "Militias", "Islamic State"]


def svg_texts(path: Path) -> set[str]:
    root = ET.parse(path).getroot()
    return {"".join(e.itertext()).strip() for e in root.iter(SVG_TEXT)}


def test_default_draws_the_equilibrium_outcomes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mosul.svg"
    assert main(["graph", "mosul", "--out", str(out)]) == 0
    texts = svg_texts(out)
    assert set(ACTORS) <= texts
    assert "Competing and Cooperating in Iraq" in texts
    assert "The Road to U.S. Defeat in Iraq" not in texts  # not an equilibrium at defaults
    assert "Competing and Cooperating in Iraq" in capsys.readouterr().out


def test_named_outcomes_and_set(tmp_path: Path) -> None:
    out = tmp_path / "both.png"
    code = main(
        [
            "graph",
            "games/mosul.toml",
            "--outcome",
            "Competing and Cooperating in Iraq",
            "--outcome",
            "The Road to U.S. Defeat in Iraq",
            "--out",
            str(out),
        ]
    )
    assert code == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    tipped = tmp_path / "tipped.svg"
    assert main(["graph", "mosul", "--set", "alienation=3", "--out", str(tipped)]) == 0
    assert "The Road to U.S. Defeat in Iraq" in svg_texts(tipped)


def test_same_input_same_svg(tmp_path: Path) -> None:
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    assert main(["graph", "mosul", "--out", str(first)]) == 0
    assert main(["graph", "mosul", "--out", str(second)]) == 0
    assert first.read_bytes() == second.read_bytes()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["mosul", "--out", "{tmp}/x.jpg"], "expected a file name ending in .png, .svg or .pdf"),
        (["mosul", "--outcome", "Peace", "--out", "{tmp}/x.png"], "no outcome 'Peace'"),
        (["no-such-scenario", "--out", "{tmp}/x.png"], "no bundled scenario"),
        (["mosul", "--set", "nothing=1", "--out", "{tmp}/x.png"], "unknown parameter"),
        (["mosul", "--out", "{tmp}/missing/x.png"], "no such folder"),
        (
            [
                "mosul",
                "--set",
                "friendly_fire=3/2",
                "--set",
                "threat=8",
                "--outcome",
                "Friendly-fire escalation",
                "--out",
                "{tmp}/x.txt",
            ],
            "expected a file name ending in .png, .svg or .pdf",
        ),
    ],
)
def test_bad_input_is_exit_2(
    arguments: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["graph", *(a.replace("{tmp}", str(tmp_path)) for a in arguments)]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and message in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # nothing half-written


PRISONERS = """
title = "Prisoners"
[parameters.temptation]
value = 5
range = [3, 9]
[[actors]]
name = "Row"
strategies = ["Cooperate", "Defect"]
[[actors]]
name = "Column"
strategies = ["Cooperate", "Defect"]
[[games]]
name = "Dilemma"
players = ["Row", "Column"]
[[games.layers]]
name = "Payoffs"
payoffs = [[[3, 3], [0, "temptation"]], [["temptation", 0], [1, 1]]]
[[outcomes]]
name = "Both cooperate"
profiles = [{Row = "Cooperate", Column = "Cooperate"}]
[[relations]]
actors = ["Row", "Column"]
cooperate = [{Row = "Cooperate", Column = "Cooperate"}]
conflict = [{Row = "Defect"}, {Column = "Defect"}]
"""


def test_no_equilibrium_outcome_is_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    scenario = tmp_path / "prisoners.toml"
    scenario.write_text(PRISONERS, encoding="utf-8")
    out = tmp_path / "x.png"
    assert main(["graph", str(scenario), "--out", str(out)]) == 2
    assert "--outcome" in capsys.readouterr().err
    assert not out.exists()
    # named, it is drawn at its only profile, which is not an equilibrium
    assert (
        main(
            [
                "graph",
                str(scenario),
                "--outcome",
                "Both cooperate",
                "--out",
                str(tmp_path / "x.svg"),
            ]
        )
        == 0
    )
    texts = svg_texts(tmp_path / "x.svg")
    assert {"Row", "Column", "Both cooperate"} <= texts


# -- one palette for every figure of a scenario -------------------------------------------


def test_each_outcome_has_one_colour_in_every_figure() -> None:
    from stability.present.palette import OUTCOME_COLOURS, outcome_colours, regime_style

    names = [o.name for o in read_scenario(ROOT / "games" / "mosul.toml").outcomes]
    colours = outcome_colours(names)
    assert list(colours.values()) == list(OUTCOME_COLOURS[: len(names)])
    # the rebuilt Mosul has six outcomes: no two share a colour
    assert len(set(colours.values())) == len(names) == 6
    coalition, partition = names[0], names[1]
    # a regime of one outcome is drawn in that outcome's colour, whatever else the
    # sweep holds; a regime of two has the first's face and the second's stripes
    assert regime_style((coalition,), colours) == (colours[coalition], None)
    assert regime_style((partition, coalition), colours) == (
        colours[coalition],
        colours[partition],
    )


def test_legend_lists_only_the_kinds_of_tie_drawn(tmp_path: Path) -> None:
    from stability.analysis.balance import outcome_graphs
    from stability.present.graph import coalition_figure

    scenario = read_scenario(ROOT / "games" / "mosul.toml")
    (panel,) = outcome_graphs(scenario, [scenario.outcomes[0].name])
    figure = coalition_figure([panel])
    drawn = {str(kind) for *_, kind in panel.graph.edges(data="kind")}
    labels = {t.get_text() for legend in figure.legends for t in legend.get_texts()}
    assert labels == {EDGE_LABELS[kind] for kind in drawn}
