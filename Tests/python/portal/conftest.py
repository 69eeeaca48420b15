"""Fixtures for the hosted-portal browser tests: the emulator and webhook receiver from ../emulator, plus Chromium."""

import importlib.util
import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

_spec = importlib.util.spec_from_file_location(
    "emulator_fixtures", Path(__file__).resolve().parents[1] / "emulator" / "conftest.py"
)
emulator_fixtures = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(emulator_fixtures)
Emulator = emulator_fixtures.Emulator
Receiver = emulator_fixtures.Receiver
# The same fixtures as the emulator suite, not copies of them.
emulator = emulator_fixtures.emulator
client = emulator_fixtures.client
receiver = emulator_fixtures.receiver


@pytest.fixture(scope="session")
def browser():
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900"):
        options.add_argument(argument)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()
