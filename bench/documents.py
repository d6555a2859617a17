"""Benchmark the document stage: pages per second and peak memory of each reader, on the
bundled plans rendered to each format (as the tests render them: a portal page; that page
printed to PDF by headless Chromium; Word .docx with automatic numbering; .doc through
LibreOffice; a scan of one plan), and on a 200-page PDF.

Each format is read in its own process (so peak RSS is that reader's: its imports, the
library's native memory and the document), each file twice, the faster read counted. A
"page" is a page of the printed PDF of the same plan, so the figures compare across formats.

    .venv/bin/python bench/documents.py                 # every format, without the scan
    .venv/bin/python bench/documents.py --scan          # also OCR one plan (about 2 s a page)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

READ_ONE_FORMAT = r"""
import json, resource, sys, time
from pathlib import Path
from policykg.loaders.documents import read_bytes
files = json.loads(sys.argv[1])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
rows = []
for path in files:
    data = Path(path).read_bytes()
    best, characters = None, 0
    for _ in range(2):
        start = time.perf_counter()
        document = read_bytes(data, path)
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
        characters = len(document.text)
    rows.append({"path": path, "seconds": best, "characters": characters})
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"rows": rows, "rss_start_kb": before, "rss_peak_kb": peak}))
"""


def render_formats(folder: Path, scan: bool) -> tuple[dict[str, list[Path]], dict[str, int]]:
    """The bundled plans in every format; and each plan's page count as printed (by stem)."""
    import pypdfium2
    from playwright.sync_api import sync_playwright

    from tests.browser import ARGS
    from tests.documents.fixtures import docx_bytes, portal_page, seed_paths, soffice_convert
    from tests.documents.test_pdf import print_pdf, printable

    seeds = seed_paths()
    formats: dict[str, list[Path]] = {name: [] for name in ("pdf", "docx", "doc", "html")}
    pages: dict[str, int] = {}
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        for seed in seeds:
            text = seed.read_text(encoding="utf-8")
            pdf = print_pdf(browser, printable(text), folder / f"{seed.stem}.pdf",
                            '— <span class="pageNumber"></span> —')
            formats["pdf"].append(pdf)
            pages[seed.stem] = len(pypdfium2.PdfDocument(str(pdf)))
            html = folder / f"{seed.stem}.html"
            html.write_text(portal_page(text, title="方案"), encoding="utf-8")
            formats["html"].append(html)
            docx = folder / f"{seed.stem}.docx"
            docx.write_bytes(docx_bytes(text, numbered=True))
            formats["docx"].append(docx)
        # the 200-page PDF: plan 000 (text and its annex tables) printed nine times over
        text = seeds[0].read_text(encoding="utf-8")
        body = printable(text)
        article = body[body.index('<div id="zoom"'):body.rindex("</body>")]
        long_html = body.replace(article, article * 9)
        long_pdf = print_pdf(browser, long_html, folder / "long.pdf")
        pages["long"] = len(pypdfium2.PdfDocument(str(long_pdf)))
        browser.close()
    if shutil.which("soffice"):
        converted = soffice_convert({p.name: p.read_bytes() for p in formats["docx"]},
                                    folder / "lo", "doc")
        for name, data in converted.items():
            path = folder / f"{Path(name).stem}.doc"
            path.write_bytes(data)
            formats["doc"].append(path)
    formats["pdf (200 pages)"] = [long_pdf]
    if scan:
        formats["scan"] = [scan_pdf(formats["pdf"][2], folder / f"{seeds[2].stem}.scan.pdf")]
    return formats, pages


def scan_pdf(pdf: Path, out: Path) -> Path:
    """A text PDF as a scan: each page rendered at 150 dpi in grey, saved as an image PDF."""
    import pypdfium2

    images = [page.render(scale=150 / 72, grayscale=True).to_pil().convert("L")
              for page in pypdfium2.PdfDocument(str(pdf))]
    images[0].save(out, save_all=True, append_images=images[1:], resolution=150)
    return out


def measure(files: list[Path]) -> dict:
    done = subprocess.run([sys.executable, "-c", READ_ONE_FORMAT,
                           json.dumps([str(f) for f in files])],
                          capture_output=True, text=True, cwd=ROOT, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scan", action="store_true", help="also OCR one plan (slow)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="policykg-documents-bench-"))
    try:
        formats, pages = render_formats(folder, args.scan)
        plan_pages = sum(count for stem, count in pages.items() if stem != "long")
        print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python "
              f"{platform.python_version()}; the five bundled plans, {plan_pages} printed "
              f"pages; the long PDF {pages['long']} pages")
        print(f"{'format':16} {'files':>5} {'pages':>5} {'seconds':>8} {'pages/s':>8} "
              f"{'chars/s':>9} {'peak RSS MB':>11}")
        for name, files in formats.items():
            if not files:
                print(f"{name:16} (not made: LibreOffice missing)")
                continue
            result = measure(files)
            seconds = sum(row["seconds"] for row in result["rows"])
            count = sum(pages[_stem(Path(row["path"]))] for row in result["rows"])
            characters = sum(row["characters"] for row in result["rows"])
            print(f"{name:16} {len(files):5d} {count:5d} {seconds:8.2f} {count / seconds:8.1f} "
                  f"{characters / seconds:9.0f} {result['rss_peak_kb'] / 1024:11.0f}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _stem(path: Path) -> str:
    return "long" if path.stem == "long" else re.sub(r"\.scan$", "", path.stem)


if __name__ == "__main__":
    main()
