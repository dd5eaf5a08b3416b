"""trygg: trygghetspunkter and SOT-punkter."""
__version__ = "0.1.0"
