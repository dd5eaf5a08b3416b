"""Planning mathematics on plain arrays: demand, travel, coverage, location, power.

Pure layer: numpy/scipy/pyproj/shapely only. No Django, no database, no network.
"""
