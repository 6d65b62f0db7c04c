"""URL converters: a financial quarter in a URL is written 2024-25-Q3 (no space)."""

from cpboard.quarters import FinancialQuarter, QuarterFormatError


class QuarterConverter:
    regex = r"[0-9]{4}-[0-9]{2}-Q[1-4]"

    def to_python(self, value: str) -> FinancialQuarter:
        try:
            return FinancialQuarter.parse(value[:7] + " " + value[8:])
        except QuarterFormatError as error:
            raise ValueError(str(error)) from error

    def to_url(self, value: FinancialQuarter | str) -> str:
        quarter = value if isinstance(value, FinancialQuarter) else FinancialQuarter.parse(value)
        return str(quarter).replace(" ", "-")
