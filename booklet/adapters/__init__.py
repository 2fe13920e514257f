"""Adapters: the only modules that touch a library beyond its public API (one per library).

`tests/test_adapters.py` checks each of them against the installed library, so an upgrade that
changes what they rely on fails there, loudly, rather than somewhere in a build.
"""
