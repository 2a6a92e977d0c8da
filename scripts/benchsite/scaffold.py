"""``benchsite new``: a new report folder with every file, valid as it stands.

Every value a contributor must replace holds `PLACEHOLDER`. `placeholders`, called while
loading, finds them, so that ``validate`` can list what is left to fill in and ``build``
refuses to publish them.
"""

from __future__ import annotations

import json
from pathlib import Path

from slugify import slugify

from .errors import BenchError, Problem

PLACEHOLDER = "FILL IN"

RESULTS = f"""model,latency_ms,input_tokens,output_tokens,cost_usd,correct,run_date,verdict
{PLACEHOLDER}: model name,,,,,,,{PLACEHOLDER}: one-line verdict
"""

SNIPPET = f'''"""{PLACEHOLDER}: what this code shows. Examples below run while the site builds.

>>> add(2, 3)
5
"""


def add(a, b):
    return a + b
'''


def report_json(title: str, day: str) -> str:
    model = f"{PLACEHOLDER}: model name"
    meta = {
        "$schema": "../../report.schema.json",
        "title": title,
        "summary": f"{PLACEHOLDER}: one sentence on what was compared and who won.",
        "date": day,
        "tags": [],
        "task": {
            "prompt": f"{PLACEHOLDER}: the prompt every model received.",
            "code": "",
            "language": "python",
            "answer_format": f"{PLACEHOLDER}: the answer format.",
        },
        "analysis": [{"model": model, "text": f"{PLACEHOLDER}: what this answer got right."}],
        "winner": {"model": model, "why": f"{PLACEHOLDER}: why this model wins."},
        "takeaways": [
            {"title": f"{PLACEHOLDER}: takeaway", "text": f"{PLACEHOLDER}: detail."}
        ],
        "further_reading": [],
        "faq": [
            {
                "question": f"{PLACEHOLDER}: a reader's question?",
                "answer": f"{PLACEHOLDER}: its answer.",
            }
        ],
        "snippets": [
            {
                "path": "snippets/example.py",
                "title": f"{PLACEHOLDER}: snippet title",
                "description": f"{PLACEHOLDER}: what the snippet shows.",
            }
        ],
    }
    return json.dumps(meta, indent=2, ensure_ascii=False) + "\n"


def new_report(data_dir: Path, title: str, day: str) -> Path:
    """Create ``data/reports/<slug>/``; refuse to touch a folder that exists."""
    slug = slugify(title)
    if not slug:
        raise BenchError(f"title {title!r} gives an empty URL slug; use letters or digits")
    folder = data_dir / "reports" / slug
    if folder.exists():
        raise BenchError(f"{folder} already exists; choose another title")
    (folder / "snippets").mkdir(parents=True)
    (folder / "report.json").write_text(report_json(title, day), encoding="utf-8")
    (folder / "results.csv").write_text(RESULTS, encoding="utf-8")
    (folder / "snippets" / "example.py").write_text(SNIPPET, encoding="utf-8")
    return folder


def placeholders(data_dir: Path) -> list[Problem]:
    """Every line under ``data/reports`` that still holds `PLACEHOLDER`."""
    found = []
    for path in sorted((data_dir / "reports").rglob("*")):
        if path.suffix not in {".json", ".csv", ".py"} or not path.is_file():
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), 1):
            if PLACEHOLDER in line:
                found.append(
                    Problem(
                        path, number, "(placeholder)", f"still to fill in: {line.strip()[:70]}"
                    )
                )
    return found
