#!/usr/bin/env python3
"""Writes the Hugo side of bench/run: one Markdown page per HTML page chiso
wrote, carrying that page's title and the same tables of numbers (every
<table>, as a Markdown pipe table with its caption and links), so that Hugo renders
pages equivalent in content to chiso's, charts left out.

    hugo_pages.py SITE LIST CONTENT

SITE is chiso's output, LIST the HTML pages (paths relative to SITE, one per
line), CONTENT the Hugo site's content folder. A page `.../index.html`
becomes `.../index-page.md`, since an index would make its folder a page
bundle. Prints the number of pages, tables and rows written.
"""

import html
import os
import re
import sys
from multiprocessing import Pool

TABLE = re.compile(r"<table\b.*?</table>", re.S)
CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)
ROW = re.compile(r"<tr\b[^>]*>(.*?)(?=<tr\b|</tbody>|</thead>|</table>|<tbody\b)", re.S)
CELL = re.compile(r"<t[hd]\b[^>]*>(.*?)(?=<t[hd]\b|</tr>|$)", re.S)
TAG = re.compile(r"<[^>]*>")
LINK = re.compile(r'<a\b[^>]*\bhref="([^"]*)"[^>]*>(.*?)</a>', re.S)
H1 = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
SPACE = re.compile(r"\s+")


def text(fragment):
    # A link stays a link, as on chiso's page; data: links (chart downloads)
    # are not in tables.
    fragment = LINK.sub(lambda m: "[" + TAG.sub(" ", m.group(2)) + "](" + m.group(1) + ")", fragment)
    plain = html.unescape(TAG.sub(" ", fragment))
    return SPACE.sub(" ", plain).strip().replace("|", "\\|")


def markdown_table(table):
    lines = []
    caption = CAPTION.search(table)
    if caption:
        lines.append(f"**{text(caption.group(1))}**")
        lines.append("")
    rows = [[text(c) for c in CELL.findall(r)] for r in ROW.findall(table)]
    rows = [r for r in rows if r]
    if not rows:
        return "", 0
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    lines.append("| " + " | ".join(rows[0]) + " |")
    lines.append("|" + "---|" * width)
    for row in rows[1:]:
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines) + "\n", len(rows) - 1


def convert(job):
    site, content, page = job
    with open(os.path.join(site, page), encoding="utf-8") as f:
        source = f.read()
    title = H1.search(source)
    title = text(title.group(1)) if title else page
    parts = []
    rows = 0
    tables = TABLE.findall(source)
    for table in tables:
        md, n = markdown_table(table)
        if md:
            parts.append(md)
            rows += n
    stem = re.sub(r"(^|/)index$", r"\1index-page", page[: -len(".html")])
    target = os.path.join(content, stem + ".md")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    with open(target, "w", encoding="utf-8") as f:
        f.write(f'---\ntitle: "{quoted}"\n---\n\n' + "\n".join(parts))
    return len(tables), rows


def main():
    site, listing, content = sys.argv[1:4]
    with open(listing, encoding="utf-8") as f:
        pages = [line.strip() for line in f if line.strip()]
    with Pool() as pool:
        counts = pool.map(convert, [(site, content, p) for p in pages], chunksize=64)
    tables = sum(c[0] for c in counts)
    rows = sum(c[1] for c in counts)
    print(f"{len(pages)} pages, {tables} tables, {rows} rows")


if __name__ == "__main__":
    main()
