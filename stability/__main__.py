"""``python -m stability`` is the ``stability`` command."""

import sys

if __name__ == "__main__":
    try:
        from stability.cli.app import run
    except KeyboardInterrupt:  # Ctrl-C while starting up: one line, no traceback
        sys.stderr.write("interrupted\n")
        sys.exit(130)
    run()
