"""The house style for money, where analysis and the pages look for it; it lives in loaders/money.py,
the lowest layer that writes pounds (the loader's reconciliation report)."""
from loaders.money import format_change_pct, format_gbp, format_gbp_short

__all__ = ["format_change_pct", "format_gbp", "format_gbp_short"]
