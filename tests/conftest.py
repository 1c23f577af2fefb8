"""Shared fixtures for the end-to-end tests: the kb binary they drive, and a scratch corpus."""
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KB = os.environ.get("KB_BIN", os.path.join(ROOT, ".build", "debug", "kb"))
if not os.path.isabs(KB):
    KB = os.path.join(ROOT, KB)


@pytest.fixture(scope="session")
def kb_bin():
    """The kb binary: $KB_BIN, else the debug build in .build."""
    assert os.access(KB, os.X_OK), f"no kb binary at {KB}: run swift build, or set KB_BIN"
    return KB


def run_kb(kb_bin, *args, **kwargs):
    """Runs kb and returns the finished process; fails the test with its stderr when it exits 2."""
    process = subprocess.run([kb_bin, *args], capture_output=True, text=True, **kwargs)
    assert process.returncode != 2, process.stderr
    return process


@pytest.fixture
def corpus(tmp_path):
    """A copy of the bundled corpus, without any index."""
    target = tmp_path / "corpus"
    shutil.copytree(pathlib.Path(ROOT) / "corpus", target, ignore=shutil.ignore_patterns(".kb"))
    return target


def kb(*args, corpus):
    """Runs the built kb on `corpus`."""
    return subprocess.run([KB, *args, "--corpus", str(corpus)], capture_output=True, text=True, timeout=120)
