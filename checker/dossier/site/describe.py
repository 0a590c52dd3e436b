"""The standard's rules in plain Chinese for the site: the rule kinds say it (never hand-written
here); the score sources' wordings are in checker.dossier.sources."""

from __future__ import annotations

from checker.dossier.rules import describe_item, describe_rule

__all__ = ["describe_item", "describe_rule"]
