"""The package's version, in the bottom layer so that any module may import it.

``stability.__version__`` is this value; modules below the top-level package (the
report, the explorer page) import it from here rather than from ``stability``,
whose ``__init__`` imports the whole API.

>>> __version__
'0.1.0'
"""

__version__ = "0.1.0"
