#!/usr/bin/env python3
"""Lists, for blind judging, the posts in either engine's first five that
needs.json has not graded (neither "grades" nor "pooled"): TREC's pooling,
as needs.json's "pooled" grades were made.

usage (from the repository):
  go test ./search -run TestGradedNeeds -v > /tmp/weeknotes-needs.txt
  python3 ../shared/bench/normalize.py --out /tmp/corpus.jsonl
  python3 search/testdata/pool_needs.py /tmp/corpus.jsonl /tmp/weeknotes-needs.txt ../shared/corpus/soups > /tmp/pool.json

Weeknotes' first five come from the test's table (hits, then nearly
hits); FTS5's from fts5_needs.py's peer, AND else OR. Each need's posts
are shuffled (seeded by the need's id) and carry no engine and no rank, so
an assessor reading them, with the need and the query, cannot tell who
found them. The assessor reads each post whole and grades it against the
need (not the query's words): 2 exactly what was sought, 1 specific
information that helps, 0 a passing mention, another sense or unrelated;
the lower grade when torn. Grades go back into needs.json as the need's
"pooled", zeros included: a pooled 0 is judged, not missing.
"""
import glob
import json
import os
import random
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import fts5_needs  # noqa: E402

ROW = re.compile(r"^\s+(\S+)\s+(?:words|person|variant|typo|rare phrase|heading|name|question)\s+(?:[\d.]+\s+){4}(.*)$")


def main():
    corpus, table, soup = sys.argv[1:4]
    with open(corpus, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    here = os.path.dirname(os.path.abspath(__file__))
    needs = json.load(open(os.path.join(here, "needs.json"), encoding="utf-8"))["needs"]
    weeknotes = {}
    for line in open(table, encoding="utf-8"):
        m = ROW.match(line)
        if m:
            weeknotes[m.group(1)] = re.findall(r"(\S+)\((?:\d|\?)\)", m.group(2).split(" [results for")[0])
    if not weeknotes:
        sys.exit("%s: no table of TestGradedNeeds (run it with -v)" % table)
    # A post's file, by its name: NAME.snip.EXT, or NAME.EXT.
    files = {}
    for path in sorted(glob.glob(os.path.join(soup, "**", "*.*"), recursive=True)):
        files.setdefault(os.path.basename(path).split(".")[0], path)
    con = fts5_needs.build(docs)
    pool = []
    for n in needs:
        fts5 = fts5_needs.search(con, n["query"], "AND") or fts5_needs.search(con, n["query"], "OR")
        posts = set(weeknotes.get(n["id"], [])[:5]) | set(fts5[:5])
        posts -= set(n["grades"]) | set(n.get("pooled", {}))
        posts = sorted(posts)
        random.Random(n["id"]).shuffle(posts)
        if posts:
            pool.append({"need_id": n["id"], "need": n["need"], "query": n["query"],
                         "posts": [{"name": p, "file": files.get(p, "")} for p in posts]})
    json.dump(pool, sys.stdout, indent=1)
    print("%d posts of %d needs to judge" % (sum(len(p["posts"]) for p in pool), len(pool)), file=sys.stderr)


if __name__ == "__main__":
    main()
