"""A problem with what the person typed or chose, as opposed to the file (LoaderError)."""
from __future__ import annotations


class UploadError(ValueError):
    """One sentence for the page to show, e.g. a missing area name or an unknown dataset kind."""
