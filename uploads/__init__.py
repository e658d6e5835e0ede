"""Staff uploads without Streamlit: read and check a file, show what was found, store it on confirmation.

The upload and data-management pages only draw what these functions return,
so every rule about what a staff member is warned of, and what reaches the
store, is tested here without a browser.
"""
from uploads.commit import commit_upload, default_dataset_name
from uploads.errors import UploadError
from uploads.layout import FIELD_CHOICES, Layout, detect_layout, read_upload
from uploads.preview import StoreContext, UploadPreview, UploadWarning, preview_upload, read_store_context
from uploads.template import build_template, template_years

__all__ = [
    "FIELD_CHOICES",
    "Layout",
    "StoreContext",
    "UploadError",
    "UploadPreview",
    "UploadWarning",
    "build_template",
    "commit_upload",
    "default_dataset_name",
    "detect_layout",
    "preview_upload",
    "read_store_context",
    "read_upload",
    "template_years",
]
