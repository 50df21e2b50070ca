"""Loaders: readers, the rule-based extraction, the gazetteer, the mapping onto the graph and the load pipeline.

The extraction modules may be compiled with mypyc (setup.py); ``native.guard`` makes sure a compiled module is used
only while it matches its source.
"""

from loaders import native as _native

_native.guard()
