"""Numbers as Vietnamese reports write them: "21.914 nhiệm vụ", "98,62%" (thousands ".", decimal ",")."""

from decimal import ROUND_HALF_UP, Decimal

Number = int | float | Decimal


def format_vi_number(value: Number | None, decimals: int = 0) -> str:
    """21914 → "21.914"; 98.62 → "98,62" with decimals=2. Halves round away from zero; None → ""."""
    if value is None:
        return ""
    # Through str() so that a float such as 2.675 rounds as written, not as its binary approximation.
    amount = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    amount = amount.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    if amount == 0:
        amount = abs(amount)  # no "-0,0"
    english = f"{amount:,.{decimals}f}"
    return english.translate(str.maketrans({",": ".", ".": ","}))


def format_vi_percent(value: Number | None, decimals: int = 1) -> str:
    """A value already in percent: 98.62 → "98,6%" (no space before the sign, as in Ministry reports)."""
    text = format_vi_number(value, decimals)
    return f"{text}%" if text else ""
