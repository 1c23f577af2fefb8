"""Shared pieces of the end-to-end tests: where the built kb is, and a scratch corpus."""
import os
import pathlib
import shutil
import subprocess

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
KB = os.environ.get("KB_BIN", str(ROOT / ".build" / "debug" / "kb"))


@pytest.fixture
def corpus(tmp_path):
    """A copy of the bundled corpus, without any index."""
    target = tmp_path / "corpus"
    shutil.copytree(ROOT / "corpus", target, ignore=shutil.ignore_patterns(".kb"))
    return target


def kb(*args, corpus):
    """Runs the built kb on `corpus`."""
    return subprocess.run([KB, *args, "--corpus", str(corpus)], capture_output=True, text=True, timeout=120)
