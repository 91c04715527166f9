"""The project's error types. Each carries a one-line, human message."""

from __future__ import annotations


class InterviewcoderError(Exception):
    """Base of every error meant to reach the user as one line."""


class StudyError(InterviewcoderError):
    """The study file cannot be opened, is corrupt, or is from a newer version."""


class NotFound(InterviewcoderError):
    """A participant, source, code or quote named by the user does not exist."""


class InvalidInput(InterviewcoderError):
    """Arguments that do not make sense (bad offsets, unknown dimension, ...)."""


class ImportFailed(InterviewcoderError):
    """A file could not be imported. The message names the file and the reason."""

    def __init__(self, file: str, reason: str) -> None:
        super().__init__(f"{file}: {reason}")
        self.file = file
        self.reason = reason


class ExportFailed(InterviewcoderError):
    """An export could not be written."""


class Cancelled(InterviewcoderError):
    """The user cancelled long work; what was under way is rolled back."""

    def __init__(self, message: str = "cancelled") -> None:
        super().__init__(message)


def one_line(message: str) -> str:
    """``message`` on one line: a newline or other control character (in a file name, say) is
    shown escaped, as ``\\n``, instead of cutting or breaking the line."""
    if message.isprintable():
        return message
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii")
                   for ch in message)
