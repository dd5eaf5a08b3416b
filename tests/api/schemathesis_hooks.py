"""Loaded into the schemathesis process (SCHEMATHESIS_HOOKS) by tests/api/test_schemathesis_live.py.

CPython 3.11 before 3.11.8 (gh-106905) turns a RecursionError raised while it builds an AST into
``SystemError: AST constructor recursion depth mismatch``. Hypothesis parses source code to describe its
strategies, and schemathesis' coverage phase does that deep inside its recursive schema walk, so the
limit was reached there (seen on 3.11.7 as three "Runtime Error"s). A higher limit keeps it out of reach.
"""

import sys

sys.setrecursionlimit(max(sys.getrecursionlimit(), 20_000))
