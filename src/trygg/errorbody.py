"""The error envelope of every JSON answer (the API, and the account middleware's refusals of API calls).

Plain data, no Django: the lowest layer, so that ``trygg.accounts`` refuses an API call in the same
shape as ``trygg.api`` without importing it (docs/architecture.md).
"""

from __future__ import annotations

from typing import Any


def error_body(
    status_code: int, code: str, message: str, fields: dict[str, Any] | None = None
) -> dict[str, Any]:
    body: dict[str, Any] = {"status": status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    return {"error": body}
