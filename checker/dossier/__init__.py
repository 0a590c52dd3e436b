"""The dossier domain: a branch's yearly standardization dossier, from its files to scores,
history, CI deltas, reports, site pages and the Word round trip."""

# The modules a front end (the command line, the MkDocs plugin) may call: services that take
# options and give results. Everything else of the domain (bundle, facts, rules, scoring,
# the pages, the form's cells and plan …) is reached through these, so it can change freely.
# tests/test_architecture.py holds the command line to this list.
ENTRY_POINTS: tuple[str, ...] = (
    "engine",  # Engine, run: validate and score dossiers
    "layout",  # DossierRef, discover: which dossiers a path holds
    "results",  # DossierResult: what every output reads
    "selection",  # select: which results checker score lists (--year, --grade, --below …)
    "overview",  # Overview: the table that ends checker score
    "shard",  # checker score --shard: which dossiers a shard checks, and its JSON part
    "merge",  # checker merge: the shards' JSON outputs as one run's
    "standard",  # StandardError: a standard that cannot be loaded
    "scaffold",  # checker new
    "staged",  # checker validate --staged
    "history",  # checker history
    "ci",  # checker ci
    "initci",  # checker init-ci
    "init_repo",  # checker init
    "inbox",  # the inbox folder
    "ingest",  # checker ingest
    "report",  # text, Markdown, JSON, SARIF and JUnit reporters
    "site.export",  # checker site export
    "site.generator",  # the site, for the plugin and export
    "word.form",  # checker template
    "word.prefill",  # checker template --from: the dossier a form is pre-filled from
    "word.form_import",  # checker import
    "word.report",  # checker report: the branch report and the bulletin
)
