"""An address decides who is staff, so only one plain `local@domain` counts as one."""
from __future__ import annotations

import pytest

from ui.emails import normalised_domain, normalised_email


@pytest.mark.parametrize("text, address", [
    ("j.okafor@leics.pcc.police.uk", "j.okafor@leics.pcc.police.uk"),
    ("J.Okafor@LEICS.pcc.police.UK", "j.okafor@leics.pcc.police.uk"),
    ("victims+commissioning@opcc-derbyshire.gov.uk", "victims+commissioning@opcc-derbyshire.gov.uk"),
    ("o'brien@xn--bcher-kva.example", "o'brien@xn--bcher-kva.example"),
])
def test_a_plain_address_is_read_in_lower_case(text, address):
    assert normalised_email(text) == address


@pytest.mark.parametrize("text", [
    "a@b@leics.pcc.police.uk",            # two @: which domain is it?
    "@leics.pcc.police.uk",               # no local part
    "j.okafor@",                          # no domain
    "j.okafor",                           # no @ at all
    "j.okafor@localhost",                 # one label is not a real domain
    "j.okafor@leics.pcc.police.uk.",      # empty last label
    "j.okafor@leics..police.uk",
    "j.okafor@-leics.police.uk",
    "j.okafor@leics.police.123",
    "j.okafor@[127.0.0.1]",
    "j okafor@leics.pcc.police.uk",       # whitespace anywhere
    "j.okafor@leics.pcc.police.uk ",
    "j.okafor@leics.pcc.police.uk\n",
    "j.okafor\t@leics.pcc.police.uk",
    "j.okafor@leics.pcc.police.uk\x00",   # control characters
    "j.okafor\u200b@leics.pcc.police.uk",  # a zero-width space
    '"j@okafor"@leics.pcc.police.uk',     # quoted local parts are not issued to staff
    "J Okafor <j.okafor@leics.pcc.police.uk>",
    ".j.okafor@leics.pcc.police.uk",
    "j..okafor@leics.pcc.police.uk",
    "j.okafor@bücher.example",            # an IDN arrives as xn--, never as Unicode
    "x" * 65 + "@leics.pcc.police.uk",
    "j@" + "a" * 250 + ".uk",
    None,
    42,
])
def test_anything_else_is_not_an_address(text):
    assert normalised_email(text) is None


def test_domains_are_read_the_same_way():
    assert normalised_domain("Leics.PCC.Police.UK") == "leics.pcc.police.uk"
    assert normalised_domain("leics") is None
    assert normalised_domain("leics.pcc.police.uk ") is None
