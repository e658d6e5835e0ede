"""The network a sign-in attempt is counted under: X-Forwarded-For believed only from a proxy secrets.toml trusts."""
from __future__ import annotations

import pytest

from ui.client_address import LOOPBACK, UNKNOWN, client_key, proxies_problem, trusted_proxies
from ui.sign_in_settings import settings_problem

# Addresses from the documentation ranges (RFC 5737, RFC 3849): nobody's.
VISITOR = "203.0.113.7"
NGINX_ON_THIS_MACHINE = {"sign_in": {"trusted_proxies": ["127.0.0.1", "::1"]}}
NGINX_ELSEWHERE = {"sign_in": {"trusted_proxies": ["10.0.0.0/8"]}}


def test_a_direct_visitor_is_counted_by_their_own_address_whatever_header_they_send():
    proxies = trusted_proxies(NGINX_ON_THIS_MACHINE)
    assert client_key(VISITOR, [], proxies) == VISITOR
    # Sent straight to the dashboard, the header is the visitor's own invention.
    assert client_key(VISITOR, ["198.51.100.1"], proxies) == VISITOR


def test_behind_nginx_on_this_machine_the_visitor_is_the_address_nginx_appended():
    proxies = trusted_proxies(NGINX_ON_THIS_MACHINE)
    # Streamlit gives None for a connection from 127.0.0.1, which is nginx here.
    assert client_key(None, [VISITOR], proxies) == VISITOR
    # Whatever the visitor wrote in front of it is passed over: nginx appends the address it saw.
    assert client_key(None, [f"198.51.100.1, 192.0.2.9, {VISITOR}"], proxies) == VISITOR
    assert client_key(None, ["198.51.100.1", VISITOR], proxies) == VISITOR


def test_without_the_setting_the_header_is_ignored():
    assert client_key(None, [VISITOR], trusted_proxies({})) == LOOPBACK
    assert client_key("10.1.2.3", [VISITOR], trusted_proxies({})) == "10.1.2.3"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    proxies = trusted_proxies(NGINX_ELSEWHERE)
    assert client_key("10.0.0.5", [f"{VISITOR}, 10.0.0.4"], proxies) == VISITOR
    # A garbled entry stops the walk at the last address a trusted proxy wrote.
    assert client_key("10.0.0.5", ["198.51.100.1, not-an-address, 10.0.0.4"], proxies) == "10.0.0.4"


def test_an_ipv6_visitor_is_counted_by_their_64_block():
    first = client_key("2001:db8:1:2::10", [], ())
    assert first == "2001:db8:1:2::/64"
    assert client_key("2001:db8:1:2:ffff::1", [], ()) == first
    assert client_key("::ffff:203.0.113.7", [], ()) == VISITOR
    assert client_key("[2001:db8::1]:443", [], ()) == "2001:db8::/64"
    assert client_key(f"{VISITOR}:51234", [], ()) == VISITOR
    assert client_key("nonsense", [], ()) == UNKNOWN


@pytest.mark.parametrize("secrets, problem", [
    ({}, None),
    (NGINX_ON_THIS_MACHINE, None),
    ({"sign_in": {"trusted_proxies": "127.0.0.1"}}, "must be a list"),
    ({"sign_in": {"trusted_proxies": ["nginx"]}}, "'nginx' is not an address"),
    ({"sign_in": "yes"}, "must be a section"),
])
def test_a_trusted_proxies_setting_that_cannot_be_read_stops_the_dashboard(secrets, problem):
    found = proxies_problem(secrets)
    assert (found is None) if problem is None else (problem in found)
    assert settings_problem(secrets) == found
