"""Shared fixtures for the end-to-end tests: the kb binary they drive."""
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope="session")
def kb_bin():
    """The kb binary: $KB_BIN, else the debug build in .build."""
    path = os.environ.get("KB_BIN", os.path.join(ROOT, ".build", "debug", "kb"))
    if not os.path.isabs(path):
        path = os.path.join(ROOT, path)
    assert os.access(path, os.X_OK), f"no kb binary at {path}: run swift build, or set KB_BIN"
    return path


def run_kb(kb_bin, *args, **kwargs):
    """Runs kb and returns the finished process; fails the test with its stderr when it exits 2."""
    process = subprocess.run([kb_bin, *args], capture_output=True, text=True, **kwargs)
    assert process.returncode != 2, process.stderr
    return process
