"""Imports the modules that add sub-commands to ``kg`` (one line each)."""
