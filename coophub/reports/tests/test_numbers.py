from decimal import Decimal

import pytest

from coophub.reports.numbers import format_vi_number, format_vi_percent


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (21914, 0, "21.914"),
        (98.62, 2, "98,62"),
        (1234567.891, 1, "1.234.567,9"),
        (999, 0, "999"),
        (0, 2, "0,00"),
        (-21914.5, 0, "-21.915"),
        (Decimal("2.675"), 2, "2,68"),
        (2.675, 2, "2,68"),
        (-0.04, 1, "0,0"),
    ],
)
def test_it_writes_numbers_with_vietnamese_separators(value, decimals, expected):
    assert format_vi_number(value, decimals) == expected


def test_a_missing_number_is_blank():
    assert format_vi_number(None) == ""
    assert format_vi_percent(None) == ""


def test_it_writes_percentages_with_a_decimal_comma_and_no_space():
    assert format_vi_percent(98.62) == "98,6%"
    assert format_vi_percent(98.62, decimals=2) == "98,62%"
    assert format_vi_percent(100, decimals=0) == "100%"
