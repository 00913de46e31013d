"""Column widths for rich tables that fold text at spaces, never inside a word that fits."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rich is imported by the commands that draw a table, not by their JSON
    from rich.table import Table

# A word longer than this may be broken, so that one long name cannot squeeze every other column.
LONGEST_UNBROKEN_WORD = 30
_PADDING = 2  # rich's default cell padding: one space on either side


def _plain(cell: Any) -> str:
    from rich.text import Text

    if isinstance(cell, Text):
        return cell.plain
    return cell if isinstance(cell, str) else ""


def _needs(column: Any) -> tuple[int, int]:
    """Return (narrowest without breaking a word, widest line) for a column's header and cells."""
    texts = [_plain(column.header), *(_plain(c) for c in column._cells)]
    lines = [line for text in texts for line in text.splitlines() or [""]]
    widest = max((len(line) for line in lines), default=1)
    if column.no_wrap:
        return widest, widest
    words = [len(word) for line in lines for word in line.split()]
    longest = min(max(words, default=1), LONGEST_UNBROKEN_WORD)
    return longest, widest


def fit_words(table: Table, width: int) -> Table:
    """Give each column a width so the table fits width and words fold at spaces.

    Every column gets at least its longest word; what is left goes to the columns with the
    most text. Only when even that cannot fit are the widest columns cut, so a word longer
    than its column breaks, and no other.
    """
    columns = table.columns
    if not columns:
        return table
    needs = [_needs(c) for c in columns]
    available = width - table._extra_width - _PADDING * len(columns)
    if sum(widest for _least, widest in needs) <= available:
        return table
    widths = [least for least, _widest in needs]
    if sum(widths) > available:
        # Narrow terminal: the column lines alone keep cells apart; drop the padding first.
        table.padding = (0, 0)
        available += _PADDING * len(columns)
    spare = available - sum(widths)
    if spare > 0:
        # Share the spare room fairly: columns that need little get all of it, the rest split.
        wants = {i: widest - least for i, (least, widest) in enumerate(needs) if widest > least}
        while spare > 0 and wants:
            share = max(spare // len(wants), 1)
            for index in sorted(wants, key=lambda i: wants[i]):
                give = min(share, wants[index], spare)
                widths[index] += give
                wants[index] -= give
                spare -= give
            wants = {i: w for i, w in wants.items() if w > 0}
    while sum(widths) > available and max(widths) > 1:
        wrapable = [i for i, c in enumerate(columns) if not c.no_wrap] or list(range(len(widths)))
        widest = max(wrapable, key=lambda i: widths[i])
        widths[widest] -= 1
    for column, column_width in zip(columns, widths, strict=True):
        column.width = column_width
        column.min_width = None
        column.ratio = None
    return table
