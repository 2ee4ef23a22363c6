"""``python -m stability`` is the ``stability`` command."""

from stability.cli.app import run

if __name__ == "__main__":
    run()
