"""plain_text, for the modules that still import it from here (analysis.export, analysis.scenario_records).

The categorical text columns, and every function that works on their codes,
live in analysis.grouping; new code imports from there.
"""
from analysis.grouping import plain_text

__all__ = ["plain_text"]
