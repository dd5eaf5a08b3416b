"""What a trygghetspunkt and a SOT-punkt are: levels, catalogue, SOT check, readiness.

Pure layer: plain dataclasses in, plain results out. No Django, no database, no network.
"""
