"""Other trygg instances' published points, harvested from their GeoJSON feeds (docs/dataset.md)."""
