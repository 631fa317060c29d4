"""The similarity command: grade/similarity DIR [--lab N] [--threshold T] [--json FILE].

Each subdirectory of DIR is one submission: a tree with the hole files at
their paths (a student's repository, or the work/ folder grade/batch
leaves for each student, which is used when present). The stubs are
this tree's hole files; the hole files compared are those of labs 1..N.
"""

from __future__ import annotations

import argparse
import json
import sys
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from grade import similarity

REPO_ROOT = Path(__file__).resolve().parent.parent
JOBS = os.cpu_count() or 1
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from labs.manifest import ManifestError, current_lab, graded_holes, load_labs  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="similarity", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="one subdirectory per submission")
    parser.add_argument("--lab", type=int, help="the lab handed in (default: this tree's)")
    parser.add_argument("--threshold", type=float, default=0.5,
                        help="report pairs with a hole file at least this similar (default 0.5)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write the pairs as JSON")
    args = parser.parse_args(argv)
    try:
        labs = load_labs(REPO_ROOT)
        lab = args.lab or current_lab(REPO_ROOT)
    except ManifestError as err:
        print(f"similarity: {err}", file=sys.stderr)
        return 2
    holes = graded_holes(labs, lab)
    if not args.folder.is_dir():
        print(f"similarity: {args.folder} is not a directory", file=sys.stderr)
        return 2
    start = time.monotonic()
    pairs, subs = run(args.folder, holes, REPO_ROOT, args.threshold)
    for pair in pairs:
        print("\n".join(similarity.side_by_side(pair, subs)))
        print()
    print(f"similarity: {len(subs)} submissions, {len(pairs)} pairs at or above "
          f"{args.threshold:.0%}, {time.monotonic() - start:.1f}s")
    if args.json:
        document = {"lab": lab, "threshold": args.threshold, "submissions": len(subs),
                    "pairs": [similarity.as_json(p, subs) for p in pairs]}
        args.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0


def run(folder: Path, holes: tuple[str, ...], stubs: Path,
        threshold: float) -> tuple[list[similarity.Pair], dict[str, similarity.Submission]]:
    """Compare the submissions under folder; the stubs are under stubs."""
    stub: set[int] = set()
    for hole in holes:
        if (stubs / hole).is_file():
            stub |= similarity.all_grams((stubs / hole).read_text(errors="replace"))
    entries = [e for e in sorted(folder.iterdir()) if e.is_dir() and not e.is_symlink()]
    roots = [e / "work" if (e / "work").is_dir() else e for e in entries]
    # Reading and fingerprinting is most of the work, one submission at a
    # time: spread over the CPUs.
    with ProcessPoolExecutor(max_workers=min(JOBS, max(1, len(entries)))) as pool:
        subs = list(pool.map(similarity.load, [e.name for e in entries], roots,
                             [holes] * len(entries), [stub] * len(entries), chunksize=16))
    return similarity.compare(subs, threshold), {s.name: s for s in subs}
