"""Reading scenario files (TOML) into validated :class:`~stability.model.scenario.Scenario`.

- :func:`read_scenario` (a path) and :func:`parse_scenario` (text) load and validate;
  every fault raises :class:`~stability.errors.InputError` naming the file, the
  line (where it can be found) and the key path, such as
  ``games[1].layers[0].payoffs[1][0][1]``, and saying what was expected.
- :func:`apply_sets` applies ``--set NAME=VALUE`` overrides and returns warnings for
  values outside a parameter's range (callers print them).
- The games built from a scenario are in :mod:`stability.model.joint` (and
  ``stability.analysis.joint.scenario_game``): building is not reading.

The format is documented in ``docs/reference/scenario-format.md``. The package:
:mod:`~stability.io.scenario.reading` (paths, text, bundled names, ``--set``),
:mod:`~stability.io.scenario.loader` (the top level, assembling the sections
:mod:`~stability.io.scenario.parameters`, :mod:`~stability.io.scenario.games`,
:mod:`~stability.io.scenario.outcomes` and :mod:`~stability.io.scenario.timeline`
on :mod:`~stability.io.scenario.base`) and :mod:`~stability.io.scenario.locator`
(line numbers).

>>> scenario = parse_scenario('''
... title = "Two allies"
... [parameters.threat]
... value = 2
... range = [0, 4]
... [[actors]]
... name = "A"
... strategies = ["Fight", "Shirk"]
... [[actors]]
... name = "B"
... strategies = ["Fight", "Shirk"]
... [[games]]
... players = ["A", "B"]
... payoffs = [[["threat", "threat"], [0, 1]], [[1, 0], [0, 0]]]
... ''')
>>> scenario.games[0].name, scenario.values
('A-B', {'threat': Fraction(2, 1)})
"""

from stability.io.scenario.reading import (
    MAX_FILE_BYTES,
    apply_sets,
    open_scenario,
    parse_scenario,
    read_scenario,
)

__all__ = ["MAX_FILE_BYTES", "apply_sets", "open_scenario", "parse_scenario", "read_scenario"]
