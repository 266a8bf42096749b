#!/usr/bin/env bash
# Regenerate the demo corpus's reports in every format, and the browser screenshot of its HTML
# report. tests/unit/test_cli.py checks that the committed files are what the code makes now.
set -euo pipefail
cd "$(dirname "$0")/.."
for pair in text:seeds.txt json:seeds.json html:seeds.html markdown:seeds.md csv:seeds.zip \
            sqlite:seeds.sqlite passim:seeds.passim.jsonl parquet:seeds.parquet; do
  rm -rf "reports/${pair#*:}"  # the parquet report is a folder, which a report never overwrites
  newsreuse report seeds/ -f "${pair%%:*}" -o "reports/${pair#*:}" -q
done
NEWSREUSE_SCREENSHOT_DIR=reports python -m pytest -q tests/browser/test_html_browser.py -k seeds_report
