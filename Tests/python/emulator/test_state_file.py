"""--state-file keeps every object across restarts."""

from conftest import Emulator


def test_state_survives_a_restart(tmp_path):
    state = tmp_path / "state.json"
    first = Emulator(extra_args=("--state-file", str(state)))
    try:
        customer = first.client.v1.customers.create(params={"email": "keep@example.com"})
    finally:
        first.stop()
    assert state.exists()
    second = Emulator(extra_args=("--state-file", str(state)))
    try:
        again = second.client.v1.customers.retrieve(customer.id)
        assert again.email == "keep@example.com"
        assert [c.id for c in second.client.v1.customers.list().data] == [customer.id]
    finally:
        second.stop()
