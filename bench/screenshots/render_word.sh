#!/bin/sh
# Render the Word form, a branch report, the annual bulletin, the naming decision, the
# assessment bulletin and a zone's 互评 sheet to PNG, for review:
# checker → .docx → LibreOffice (headless) → PDF → pdftoppm → PNG.
# Needs: apt-get install -y libreoffice-writer fonts-noto-cjk poppler-utils
# Run from the repository root: sh bench/screenshots/render_word.sh
set -eu
out=bench/screenshots
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
branch=content/branches/379901-ZRJ-02/2025
checker --today 2026-11-29 --no-cache template --from "$branch" -o "$work/form.docx"
checker --today 2026-11-29 --no-cache report "$branch" --format docx -o "$work/report.docx"
checker --today 2026-11-29 --no-cache report content --summary --year 2025 --format docx \
    -o "$work/bulletin.docx"
checker --today 2026-11-29 --no-cache report content --naming --year 2025 --format docx \
    -o "$work/naming.docx"
# Exit 1: the sample's inputs have an error on purpose (a self-rating); the bulletin is written.
checker --today 2026-11-29 --no-cache report content --assessment --year 2025 --format docx \
    -o "$work/assessment.docx" 2>/dev/null || test -s "$work/assessment.docx"
checker --no-cache peer-form --year 2025 --zone Z5 -o "$work/peers.docx"
soffice --headless --convert-to pdf --outdir "$work" \
    "$work/form.docx" "$work/report.docx" "$work/bulletin.docx" \
    "$work/naming.docx" "$work/assessment.docx" "$work/peers.docx" >/dev/null 2>&1
page() {  # page NAME PDF PAGE
    pdftoppm -r 80 -png -f "$3" -l "$3" -singlefile "$work/$2.pdf" "$out/$1"
}
page word-form-1-cover form 1
page word-form-2-instructions form 2
page word-form-3-roster form 4
page word-form-4-activities form 6
page word-form-5-items "form" "$(pdftotext "$work/form.pdf" - | awk '/\f/{n++} /四、逐条自评/{print n+1; exit}')"
page word-report-1-scores report 1
page word-report-2-points-lost report 3
page word-report-3-signature report "$(pdfinfo "$work/report.pdf" | awk '/^Pages/{print $2}')"
page word-bulletin-1 bulletin 1
page word-bulletin-2-ranking bulletin 2
page word-naming-1 naming 1
page word-assessment-1 assessment 2
page word-peers-1-slip peers 1
page word-peers-2-summary peers 2
ls -l "$out"/word-*.png
