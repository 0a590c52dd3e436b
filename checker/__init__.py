"""Checker for party-branch standardization dossiers (党支部标准化建设台账)."""

__version__ = "0.1.0"
