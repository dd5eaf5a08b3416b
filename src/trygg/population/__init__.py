"""Stored population grids: SCB's *befolkning per rutnät*, imported from the web or the CLI (issue 12, item 1)."""
