"""Any exception raised while processing one file -> one line a user can act on (+ its traceback)."""
from __future__ import annotations

import traceback
from dataclasses import dataclass

MESSAGE_LIMIT = 160  # characters of an unexpected exception's text kept on the error line


@dataclass(frozen=True)
class Failure:
    message: str      # one line, no file name (the caller puts the file first)
    traceback: str    # the full traceback of an unexpected failure, shown on --debug ("" for a bad file)


def describe_failure(error: BaseException) -> Failure:
    """The error's one-line message: the reader's own words for a bad file, the exception's type
    and text for anything unexpected (so a bug in one file's path is still one line)."""
    from extract.model import ReaderError

    detail = "" if isinstance(error, ReaderError) else "".join(traceback.format_exception(error))
    return Failure(_one_line(_message(error)), detail)


def _message(error: BaseException) -> str:
    from extract.model import ReaderError

    if isinstance(error, ReaderError):
        return str(error)
    if type(error).__name__ == "JsonSchemaValueException" and hasattr(error, "message"):  # fastjsonschema's
        return f"output failed its schema: {error.message}"
    if isinstance(error, OSError):
        return error.strerror or str(error)
    if isinstance(error, RecursionError):
        return "the document is nested too deeply to read"
    if isinstance(error, MemoryError):
        return "the document needs more memory than this machine has"
    return f"internal error ({type(error).__name__}: {str(error)[:MESSAGE_LIMIT]})"


def _one_line(text: str) -> str:
    return " ".join(text.split()) or "unknown error"
