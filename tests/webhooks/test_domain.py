"""The webhooks' pure rules: signing and verifying, the retry schedule, which URLs and addresses are refused."""

from __future__ import annotations

import ipaddress

import pytest

from cadence.webhooks.domain import addresses, backoff, signing

SECRET = "whsec_" + "ab" * 32
BODY = b'{"id":"1","type":"task.completed"}'


def test_a_signature_verifies_and_says_what_it_signed():
    value = signing.header(SECRET, 1_790_000_000, BODY)
    timestamp, sigs = signing.parse_header(value)
    assert timestamp == 1_790_000_000 and len(sigs) == 1 and len(sigs[0]) == 64
    import hashlib
    import hmac
    expected = hmac.new(SECRET.encode(), b"1790000000." + BODY, hashlib.sha256).hexdigest()
    assert value == f"t=1790000000,v1={expected}"
    assert signing.verify(SECRET, value, BODY, now=1_790_000_100)


@pytest.mark.parametrize("change", ["body", "secret", "old", "future", "garbage", "no-v1"])
def test_verification_refuses_what_was_changed_or_replayed(change):
    value = signing.header(SECRET, 1_790_000_000, BODY)
    body, secret, now = BODY, SECRET, 1_790_000_000
    if change == "body":
        body = BODY.replace(b"task", b"plan")
    elif change == "secret":
        secret = signing.new_secret()
    elif change == "old":
        now += signing.DEFAULT_TOLERANCE + 1
    elif change == "future":
        now -= signing.DEFAULT_TOLERANCE + 1
    elif change == "garbage":
        value = "v1=abc,t=x"
    elif change == "no-v1":
        value = "t=1790000000"
    assert not signing.verify(secret, value, body, now=now)


def test_a_header_may_carry_several_signatures():
    good = signing.signature(SECRET, 100, BODY)
    assert signing.verify(SECRET, f"t=100,v1={'0' * 64},v1={good}", BODY, now=100)


def test_new_secrets_are_long_and_different():
    a, b = signing.new_secret(), signing.new_secret()
    assert a != b and a.startswith("whsec_") and len(a) == 6 + 64


def test_the_retry_schedule():
    assert [backoff.delay_after(n) for n in range(1, 7)] == [60, 300, 1500, 7200, 36000, None]
    assert backoff.MAX_ATTEMPTS == 6
    with pytest.raises(ValueError):
        backoff.delay_after(0)


@pytest.mark.parametrize(("code", "outcome"), [(200, "delivered"), (204, "delivered"), (299, "delivered"),
                                               (410, "gone"), (301, "retry"), (404, "retry"), (500, "retry"),
                                               (None, "retry")])
def test_what_an_answer_means(code, outcome):
    assert backoff.outcome(code) == outcome


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.8.9.10", "10.0.0.5", "172.16.3.4", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0",
    "224.0.0.1", "239.255.255.250", "240.0.0.1", "255.255.255.255", "192.0.2.10", "198.18.0.1",
    "::1", "::", "fe80::1", "fc00::1", "fd12:3456::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.1.2.3",
    "::ffff:169.254.169.254", "2002:7f00:1::1", "2001:db8::1", "fec0::1", "64:ff9b::a00:1",
])
def test_private_local_and_reserved_addresses_are_refused(address):
    assert not addresses.is_public(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.8.8", "1.1.1.1", "2606:4700:4700::1111",
                                     "::ffff:8.8.8.8", "2a00:1450:4001:80b::200e"])
def test_public_addresses_are_allowed(address):
    assert addresses.is_public(address)
    assert addresses.is_public(ipaddress.ip_address(address))


def test_one_refused_address_of_a_host_is_enough():
    assert addresses.refused_addresses(["8.8.8.8", "10.0.0.1", "fe80::1%eth0"]) == ["10.0.0.1", "fe80::1%eth0"]


@pytest.mark.parametrize(("url", "code"), [
    ("http://hooks.example.com/x", "scheme"), ("ftp://example.com/", "scheme"), ("example.com/hook", "scheme"),
    ("https://user:pw@example.com/", "credentials"), ("https:///path", "host"), ("https://exa mple.com/", "host"),
    ("https://example.com:99999/", "port"), ("", "length"), ("https://example.com/" + "a" * 500, "length"),
])
def test_urls_that_are_refused(url, code):
    with pytest.raises(addresses.UrlRefused) as info:
        addresses.parse(url, allow_http=False)
    assert info.value.code == code


def test_a_url_is_read_into_its_parts():
    t = addresses.parse(" https://Hooks.Example.COM./in?x=1 ", allow_http=False)
    assert (t.scheme, t.host, t.port, t.path, t.host_header) == ("https", "hooks.example.com", 443, "/in?x=1",
                                                                "hooks.example.com")
    t = addresses.parse("http://[::1]:8080", allow_http=True)
    assert (t.host, t.port, t.path, t.host_header) == ("::1", 8080, "/", "[::1]:8080")
