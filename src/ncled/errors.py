"""The exception hierarchy of ncled.

Every error a user can cause derives from :class:`NcledError`; the CLI turns it into one readable
message on stderr and an exit code (2 for user input, 3 for a solver that did not converge), with no
traceback.
"""

from __future__ import annotations


class NcledError(Exception):
    """Root of all ncled errors. ``exit_code`` is what the CLI returns for it."""

    exit_code: int = 2


class ConfigError(NcledError, ValueError):
    """Invalid user input: a device/measurement file, a CLI option or a function argument.

    Parameters
    ----------
    problems : list of str or str
        One message per problem, each naming the field (and file, where there is one).
    source : str, optional
        The file the problems were found in.
    """

    def __init__(self, problems: list[str] | str, source: str | None = None) -> None:
        self.problems = [problems] if isinstance(problems, str) else list(problems)
        self.source = source
        head = f"{source}: " if source else ""
        if len(self.problems) == 1:
            msg = head + self.problems[0]
        else:
            msg = head + f"{len(self.problems)} problems:\n" + "\n".join(
                f"  - {p}" for p in self.problems
            )
        super().__init__(msg)


class MaterialRangeError(NcledError, ValueError):
    """A wavelength (or other argument) outside the range where a material's data are valid."""


class DataFormatError(NcledError, ValueError):
    """A measurement file that cannot be read: truncated, unknown format, missing columns."""


class ConvergenceError(NcledError, RuntimeError):
    """A numerical solve that did not converge; carries where it failed and the partial result."""

    exit_code = 3

    def __init__(self, message: str, partial: object | None = None) -> None:
        super().__init__(message)
        self.partial = partial
