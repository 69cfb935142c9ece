"""Shared fixtures: the sample reports, read once per session, and stores loaded from them."""

from __future__ import annotations

from pathlib import Path

import pytest

from untoc_kg.loading import load_files
from untoc_kg.reading.report import read_report
from untoc_kg.store import GraphStore

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
REPORT_000 = SAMPLES / "000_edfd6897bde2ce76.txt"


@pytest.fixture(scope="session")
def records_000():
    return read_report(REPORT_000)


@pytest.fixture(scope="session")
def store_000():
    store = GraphStore(None)
    load_files(store, [REPORT_000])
    return store


@pytest.fixture(scope="session")
def store_all():
    """The five sample reports in one in-memory store."""
    store = GraphStore(None)
    load_files(store, [SAMPLES])
    return store
