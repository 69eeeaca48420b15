"""Idempotency, pagination and error envelopes through the official SDK."""

import pytest
import stripe


def test_idempotent_replay_and_mismatch(client):
    first = client.v1.customers.create(params={"email": "a@x.com"}, options={"idempotency_key": "same"})
    again = client.v1.customers.create(params={"email": "a@x.com"}, options={"idempotency_key": "same"})
    assert again.id == first.id
    with pytest.raises(stripe.IdempotencyError):
        client.v1.customers.create(params={"email": "b@x.com"}, options={"idempotency_key": "same"})
    assert len(client.v1.customers.list().data) == 1


def test_auto_paging_iterates_every_object(client):
    ids = [client.v1.customers.create(params={"email": f"p{i}@x.com"}).id for i in range(23)]
    page = client.v1.customers.list(params={"limit": 5})
    assert page.has_more is True and len(page.data) == 5
    seen = [c.id for c in page.auto_paging_iter()]
    assert seen == list(reversed(ids))


def test_error_envelopes(client):
    with pytest.raises(stripe.InvalidRequestError) as error:
        client.v1.customers.retrieve("cus_missing")
    assert error.value.code == "resource_missing" and error.value.param == "id"
    assert error.value.http_status == 404

    with pytest.raises(stripe.InvalidRequestError) as error:
        client.v1.customers.create(params={"nonsense": "1"})
    assert error.value.code == "parameter_unknown" and error.value.param == "nonsense"

    with pytest.raises(stripe.InvalidRequestError) as error:
        client.v1.prices.create(params={"unit_amount": 100, "product": "prod_x"})
    assert error.value.code == "parameter_missing" and error.value.param == "currency"


def test_wrong_key_is_an_authentication_error(emulator):
    bad = stripe.StripeClient("sk_live_nope", base_addresses={"api": emulator.base}, max_network_retries=0)
    with pytest.raises(stripe.AuthenticationError):
        bad.v1.customers.list()


def test_search_by_email_and_metadata(client):
    client.v1.customers.create(params={"email": "find@x.com", "metadata": {"account_id": "42"}})
    client.v1.customers.create(params={"email": "other@x.com"})
    found = client.v1.customers.search(params={"query": 'email:"find@x.com" AND metadata["account_id"]:"42"'})
    assert [c.email for c in found.data] == ["find@x.com"]
    assert found.has_more is False
