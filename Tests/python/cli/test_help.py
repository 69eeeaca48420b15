"""The `billing` binary answers `--help` like any command-line tool: the help text on standard output, status 0.

ArgumentParser reports a help request as an error from its built-in help command's `run()`; the binary's own
error handling must hand that back to ArgumentParser instead of printing it as a failure.
"""

import subprocess

import pytest


@pytest.mark.parametrize(
    "arguments, heading",
    [
        (["--help"], "OVERVIEW: Self-serve billing"),
        (["help"], "OVERVIEW: Self-serve billing"),
        (["serve", "--help"], "USAGE: billing serve"),
        (["bench", "webhooks", "--help"], "USAGE: billing bench webhooks"),
        (["status", "-h"], "USAGE: billing status"),
    ],
)
def test_help_prints_usage_and_exits_zero(billing_bin, arguments, heading):
    result = subprocess.run([billing_bin, *arguments], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert heading in result.stdout
    assert "CommandError" not in result.stdout + result.stderr


def test_a_mistyped_command_is_a_usage_error(billing_bin):
    result = subprocess.run([billing_bin, "nosuch"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 64
    assert "Unexpected argument 'nosuch'" in result.stderr
