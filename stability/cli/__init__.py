"""The command-line interface: one module per command, registered in ``app``."""
