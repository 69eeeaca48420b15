"""Shared pytest fixtures: where the `billing` binary is."""

import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def billing_bin() -> str:
    path = os.environ.get("BILLING_BIN") or str(ROOT / ".build" / "debug" / "billing")
    if not os.access(path, os.X_OK):
        pytest.fail(f"billing binary not found at {path}; run `swift build --build-tests` first")
    return path
