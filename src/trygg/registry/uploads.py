"""An upload handler that refuses an import file past the byte limit while it arrives.

Django spools an upload larger than ``FILE_UPLOAD_MAX_MEMORY_SIZE`` to a
temporary file, so memory stays bounded anyway; this handler also stops
writing to disk once the file passes
:data:`trygg.formats.limits.MAX_IMPORT_BYTES`, reads the rest of the request
without keeping it, and remembers that it stopped so that the view can say
which limit was passed (:func:`too_large`). Only the import view installs it (the population grid
upload has a larger limit of its own).
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import HttpRequest

from trygg.formats.limits import MAX_IMPORT_BYTES


class LimitedUploadHandler(FileUploadHandler):
    """Passes chunks on until a file passes ``limit`` bytes, then stops the upload."""

    def __init__(self, request: HttpRequest, limit: int = MAX_IMPORT_BYTES) -> None:
        super().__init__(request)
        self.limit = limit
        self.received = 0
        self.stopped = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received = start + len(raw_data)
        if self.received > self.limit:
            self.stopped = True
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size: int) -> Any:
        return None  # the next handler (memory or temporary file) builds the file


def install(request: HttpRequest, limit: int = MAX_IMPORT_BYTES) -> None:
    """Put the limit first among the request's upload handlers (before its body is read)."""
    request.upload_handlers = [LimitedUploadHandler(request, limit), *request.upload_handlers]


def too_large(request: HttpRequest) -> bool:
    """Whether an installed limit stopped the request's upload."""
    return any(isinstance(h, LimitedUploadHandler) and h.stopped for h in request.upload_handlers)
