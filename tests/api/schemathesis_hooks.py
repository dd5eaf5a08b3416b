"""Loaded into the schemathesis process (SCHEMATHESIS_HOOKS) by tests/api/test_schemathesis_live.py.

On CPython 3.11 the AST builder's recursion counter is shared by the whole interpreter, so two threads
parsing at once can leave it off and fail with ``SystemError: AST constructor recursion depth mismatch``.
Hypothesis parses source code to describe its strategies, and schemathesis' two workers do that at the
same time in the coverage phase (seen on 3.11.7 as "Runtime Error"s of single operations, at depths far
below any limit). Parsing one at a time avoids it; nothing else in schemathesis changes.
"""

import ast
import threading

_parse = ast.parse
_one_at_a_time = threading.Lock()


def _parse_alone(*args, **kwargs):  # type: ignore[no-untyped-def]
    with _one_at_a_time:
        return _parse(*args, **kwargs)


ast.parse = _parse_alone
