"""Where the tests find PostgreSQL: TEST_DATABASE_URL (CI sets it), else the local throwaway server."""
from __future__ import annotations

import os
import socket

# scripts/start_test_postgres.sh starts this one.
LOCAL_POSTGRES_URL = "postgresql://postgres@127.0.0.1:5432/victims_test"


def postgres_url() -> str | None:
    """TEST_DATABASE_URL, else the throwaway local server if one answers, else None."""
    configured = os.environ.get("TEST_DATABASE_URL")
    if configured:
        return configured
    try:
        socket.create_connection(("127.0.0.1", 5432), timeout=0.5).close()
    except OSError:
        return None
    return LOCAL_POSTGRES_URL
