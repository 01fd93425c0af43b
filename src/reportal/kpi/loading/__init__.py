"""Loading: one declared source file -> a typed canonical DataFrame plus every Issue found.

``read.py`` decodes and splits the file (CSV, XLSX, Parquet) into raw cells with their
spreadsheet row numbers; ``convert.py`` turns raw cells into canonical types and reports each
bad cell; ``load.py`` ties them together and collapses event logs.
"""
