"""The document's lines as plain text, joined across wraps, and a value with its line."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from normalize.text import one_line

Warning = tuple[str, str, int | None]


def clean_line(line: str) -> str:
    """One line as plain text: markup gone, spaces collapsed, table-cell pipes trimmed.

    'Ð' (U+00D0, Icelandic eth) is a common stand-in for 'Đ' in converted files (QÐ-UBND).
    """
    text = one_line(line.replace("Ð", "Đ").replace("ð", "đ"))
    return text.strip("| ").strip()


@dataclass
class Joined:
    """Lines joined by spaces, so that wrapped phrases ('Tuyên Quang, ngày' / '03 tháng 11
    năm 2023') read as one; `line_at` maps an offset back to its 1-based line."""

    text: str
    starts: list[int]
    line_nos: list[int]

    def line_at(self, offset: int) -> int | None:
        if not self.starts:
            return None
        return self.line_nos[max(0, bisect_right(self.starts, offset) - 1)]


def join_lines(cleaned: list[str], indices: list[int]) -> Joined:
    parts, starts, line_nos, pos = [], [], [], 0
    for i in indices:
        if cleaned[i]:
            parts.append(cleaned[i])
            starts.append(pos)
            line_nos.append(i + 1)
            pos += len(cleaned[i]) + 1
    return Joined(" ".join(parts), starts, line_nos)


@dataclass(frozen=True)
class Found:
    value: str | None
    line: int | None
