"""Dates as the Ministry writes them."""

import datetime


def format_dmy(value: datetime.date | None) -> str:
    """Tables and forms: 05/02/2026."""
    return value.strftime("%d/%m/%Y") if value else ""


def format_admin_date(value: datetime.date, place: str = "Hà Nội") -> str:
    """Decree 30/2020 dateline: "Hà Nội, ngày 05 tháng 02 năm 2026".

    Days 1–9 and months 1–2 take a leading zero; other months are written plainly ("tháng 3", "tháng 12").
    """
    day = f"{value.day:02d}"
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    text = f"ngày {day} tháng {month} năm {value.year}"
    return f"{place}, {text}" if place else text
