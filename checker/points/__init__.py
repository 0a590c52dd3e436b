"""The party-member points ledger (党员积分制): monthly declarations and the branch's review,
the quarter's public evaluation and the year's grading, computed against the points
standard in `schemas/points.yaml`."""

# The modules a front end may call; the rest of the package can change freely.
ENTRY_POINTS: tuple[str, ...] = (
    "engine",  # PointsEngine: a ledger's results
    "layout",  # LedgerRef, discover_ledgers: which ledgers a path holds
    "results",  # LedgerResult: what every output reads
    "standard",  # PointsStandardError: a points standard that cannot be loaded
    "report",  # text and Markdown of `checker points`
    "delta",  # member_deltas: what a change did to a ledger, for `checker ci`
    "summary",  # summarize_ledgers: counts per committee, zone, level and branch, for the site
    "word.source",  # checker points-form: what a month's form is generated from
    "word.form",  # checker points-form
    "word.month_import",  # checker import of a filled points form
    "word.grading_table",  # checker points-report: the year's grading table
)
