"""A loader refusal's advice in the words of the upload form, not the command line.

The loader says which choice settles a refusal as a flag (`--units £000`,
`--column amount="Grant (£)"`); staff on the upload page make the same
choice with a control, so the sentence names the control.
"""
from __future__ import annotations

import re

_UNITS = re.compile(r"(?:with )?--units (?P<units>\S+?(?:(?:,| or) --units \S+?)*)(?=[\s;.)]|$)")


def on_the_form(message: str) -> str:
    text = re.sub(r'(?:with )?--column (?P<role>\w+)="(?P<header>[^"]*)"',
                  lambda m: f"by setting column '{m['header']}' to '{_role(m['role'])}' in the column mapping above",
                  message)
    text = text.replace("leave out --units", "choose 'As the file says' under 'Amounts are in'")
    text = re.sub(r"--units (?P<unit>\S+) was given", lambda m: f"the unit {m['unit']} was chosen", text)
    text = _UNITS.sub(lambda m: "under 'Amounts are in' above ("
                      + m["units"].replace("--units ", "") + ")", text)
    text = text.replace("leave out --year", "clear the financial year box")

    text = re.sub(r"--year (?P<year>\d{4}/\d{2}) was given", lambda m: f"the year {m['year']} was entered", text)
    text = re.sub(r"(?:with )?--year (?P<year>\d{4}/\d{2})", lambda m: f"by entering {m['year']} as the financial year",
                  text)
    text = re.sub(r"(?:with )?--sheet '(?P<sheet>[^']*)'", lambda m: f"by choosing the sheet '{m['sheet']}' above",
                  text)
    text = re.sub(r"read the first table alone with --last-row (?P<row>\d+)",
                  lambda m: f"upload a copy holding only the first table (rows up to {m['row']})", text)
    return text


def _role(role: str) -> str:
    from uploads.layout import FIELD_CHOICES

    return FIELD_CHOICES.get("ignore" if role == "ignored" else role, role)
