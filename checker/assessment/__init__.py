"""The committee's year: the annual target assessment of party organizations (年度目标考核)
with its 双述双评 inputs — members' ballots, peer ratings between organizations and the
committee members' ratings — combined with the branches' standardization results, by the
scheme in `schemas/assessment.yaml`."""

# The modules a front end may call; the rest of the package can change freely.
ENTRY_POINTS: tuple[str, ...] = (
    "engine",  # assess, assess_dossiers, assessment_years: every organization's composite
    "results",  # Assessment: what every output reads
    "scheme",  # SchemeError: a scheme that cannot be loaded
    "report",  # text and Markdown of `checker assess`
    "rollup",  # rollups, trajectory: branches against the targets, for the site's home page
    "naming",  # name_year: the 七一 naming lists from two years of dossier results
    "word.decision",  # checker report --naming: the draft naming decision
    "word.bulletin",  # checker report --assessment: the annual assessment bulletin
    "word.tally_form",  # checker assess-form: the members' ballot and the tally sheet
    "word.tally_import",  # checker import of a filled tally sheet
    "word.peer_layout",  # peer_sheet: who rates whom on a zone's 互评 sheet
    "word.peer_form",  # checker peer-form: a zone's 互评 slip and summary sheet
    "word.peer_import",  # checker import of a filled 互评 summary sheet
)
