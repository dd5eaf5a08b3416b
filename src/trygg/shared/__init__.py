"""The Django pieces every app shares, below them all: the history of records, the kinds of organisation.

Nothing here imports an app (tests/test_app_layers.py); ``accounts`` and ``registry`` both build on it.
"""
