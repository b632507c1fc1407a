"""Shared fixtures of the system tests."""
import pytest

from devloop import make_package


@pytest.fixture(scope="session")
def devloop_package(tmp_path_factory):
    """One throwaway package for every `werk run` test, built once (Werk compiles once)."""
    root = tmp_path_factory.mktemp("devloop")
    make_package(root)
    return root
