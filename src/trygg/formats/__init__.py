"""Readers and writers. Each reader validates and names the row and field of every error.

Pure layer: no Django, no database, no network.
"""
