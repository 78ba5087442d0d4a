"""Command-line interface: argument parsing, progress and exit codes; no physics here."""
