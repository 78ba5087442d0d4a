"""Repository maintenance tools (not used by the library): ``python -m ncled.tools.readme``."""
