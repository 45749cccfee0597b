"""Attachment types declared once: which files may go online beside an article, and how a page names them.

The LK rules refuse any other suffix before a build; the site lists attachments by these labels.
"""

from __future__ import annotations

# suffix (lower case) -> the label shown beside the link on the article's page
ATTACHMENT_TYPES: dict[str, str] = {
    ".pdf": "PDF",
    ".ofd": "OFD",
    ".doc": "Word",
    ".docx": "Word",
    ".xls": "Excel",
    ".xlsx": "Excel",
    ".png": "图片",
    ".jpg": "图片",
    ".jpeg": "图片",
}
MAX_ATTACHMENT = 20 * 1024 * 1024  # bytes
