"""What account pages show from the registry above, supplied by it at start-up.

``accounts`` sits below ``registry`` (docs/architecture.md): it never imports it. The account
page still links to the member pages of the municipalities the user manages;
``trygg.registry`` fills this hook in its ``AppConfig.ready``. Until then there are none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from trygg.accounts.users import AnyUser


def _none(user: AnyUser) -> Iterable[Any]:
    return []


#: The municipalities whose users ``user`` manages, by name (registry organisations).
managed_municipalities: Callable[[AnyUser], Iterable[Any]] = _none
