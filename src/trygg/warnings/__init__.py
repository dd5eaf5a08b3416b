"""Warnings from outside (SMHI, CAP 1.2): stored, placed on municipalities, shown, turned into events."""
