"""Survey answers typed by column (core/values.py)."""

from __future__ import annotations

from datetime import date, datetime, time

from interviewcoder.core.values import typed_column


def test_numbers_dates_and_times_by_column() -> None:
    assert typed_column(["4", "5", None, "", "1"]) == [4, 5, None, None, 1]
    assert typed_column(["3.5", "4", "-1"]) == [3.5, 4, -1]
    assert typed_column(["2024-03-01", "2024-12-31"]) == [date(2024, 3, 1), date(2024, 12, 31)]
    assert typed_column(["2024-03-01 09:05:00", "2024-03-02T17:30Z"]) == [
        datetime(2024, 3, 1, 9, 5), datetime(2024, 3, 2, 17, 30)]
    assert typed_column(["09:05", "5:30 PM"]) == [time(9, 5), time(17, 30)]


def test_text_stays_text() -> None:
    for column in (["02139", "10001"],  # ZIP codes: a leading zero keeps the column text
                   ["+4420123456", "+4420765432"],  # phone numbers
                   ["4 - Agree", "5"], ["1234567890123456789"], ["2024-02-30"],
                   ["03/04/2024", "05/06/2024"]):  # day or month first? nothing says: text
        assert typed_column(column) == column, column


def test_slash_dates_when_the_column_says_which_part_is_the_day() -> None:
    assert typed_column(["03/04/2024", "12/25/2024 1:15:00 PM"]) == [
        date(2024, 3, 4), datetime(2024, 12, 25, 13, 15)]  # US: month first
    assert typed_column(["03/04/2024", "25/12/2024"]) == [date(2024, 4, 3), date(2024, 12, 25)]
