"""The one error type the domain raises, and the problem records validation returns.

Every invalid input is reported with the place it happened (a dotted JSON path such as
``economics.volume_per_period`` or ``value.drivers[1].confidence``) and a sentence a trainee
can act on, so that a worksheet can show the message next to the field and a command line can
list every problem of a file at once.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["CaseError", "Problem", "SubfieldError"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a case, at one place.

    Parameters
    ----------
    path
        Dotted JSON path of the offending field, e.g. ``"value.drivers[0].confidence"``;
        the empty string means the document as a whole.
    message
        A human sentence that says what is wrong and what would be right.
    """

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class CaseError(ValueError):
    """A case, or an input to a computation, is not valid.

    Parameters
    ----------
    problems
        At least one :class:`Problem`. The first one is also available as
        :attr:`path` and :attr:`message` for callers that show one message per field.

    Examples
    --------
    >>> err = CaseError.at("economics.volume_per_period", "Volume must be above zero.")
    >>> err.path, err.message
    ('economics.volume_per_period', 'Volume must be above zero.')
    >>> str(err)
    'economics.volume_per_period: Volume must be above zero.'
    """

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        if not problems:
            raise ValueError("CaseError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: str, message: str) -> CaseError:
        """Build an error with a single problem at ``path``."""
        return cls([Problem(path, message)])

    @property
    def path(self) -> str:
        """Path of the first problem."""
        return self.problems[0].path

    @property
    def message(self) -> str:
        """Sentence of the first problem."""
        return self.problems[0].message


class SubfieldError(ValueError):
    """Raised inside a model validator to report problems at paths below the model.

    pydantic keeps the raised exception, so validation can prefix each relative path with the
    model's own location and show the message at the exact field (``packages[0].values.size``)
    instead of at the whole section.
    """

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(p.message for p in self.problems))
