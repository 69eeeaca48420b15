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


@pytest.fixture
def emulator():
    instance = Emulator()
    yield instance
    instance.stop()


@pytest.fixture
def client(emulator):
    return emulator.client


@pytest.fixture
def receiver():
    instance = Receiver()
    yield instance
    instance.close()


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
