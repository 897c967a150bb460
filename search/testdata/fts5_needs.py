#!/usr/bin/env python3
"""Scores SQLite FTS5 on the graded needs of needs.json, as TestGradedNeeds
scores Weeknotes: nDCG@5, MRR (first post graded 2 in the first 10) and P@3.

usage:
  python3 ../shared/bench/normalize.py --out /tmp/corpus.jsonl   # from the repository's parent
  python3 search/testdata/fts5_needs.py /tmp/corpus.jsonl [search/testdata/needs.json] [-v]

The peer is ../shared/bench/sqlite_fts5.py's: an FTS5 table over title and
body, tokenize='porter unicode61', ranked by bm25 with the title weighted 5x
(bm25(fts, 5.0, 1.0)), drafts left out. A query is its words ANDed, each
quoted (so "gfr-2019" is the phrase "gfr 2019"), as that peer builds them;
"or" also prints the figures when a query whose AND matches nothing is run
again with its words ORed. Each is scored as first judged and with the
pooled grades (needs.json's "pooled": the unjudged posts of either engine's
first five, judged later, blind).
"""
import json
import math
import os
import sqlite3
import sys


def build(docs):
    con = sqlite3.connect(":memory:")
    con.execute("CREATE VIRTUAL TABLE fts USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61')")
    con.executemany("INSERT INTO fts(id, title, body) VALUES(?,?,?)",
                    ((d["id"], d["title"], d["body"]) for d in docs if not d["draft"]))
    return con


def search(con, query, op):
    words = ['"%s"' % w.replace('"', "") for w in query.split()]
    sql = "SELECT id FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 0.0, 5.0, 1.0) LIMIT 10"
    try:
        return [r[0] for r in con.execute(sql, ((" %s " % op).join(words),))]
    except sqlite3.OperationalError:
        return []


def score(grades, hits):
    gain = lambda g: 2 ** g - 1
    dcg = sum(gain(grades.get(h, 0)) / math.log2(i + 2) for i, h in enumerate(hits[:5]))
    ideal = sorted(grades.values(), reverse=True)[:5]
    idcg = sum(gain(g) / math.log2(i + 2) for i, g in enumerate(ideal))
    rr = next((1 / (i + 1) for i, h in enumerate(hits[:10]) if grades.get(h) == 2), 0.0)
    p3 = sum(1 for h in hits[:3] if grades.get(h, 0) > 0) / 3
    return dcg / idcg, rr, p3


def main():
    args = [a for a in sys.argv[1:] if a != "-v"]
    verbose = "-v" in sys.argv
    corpus = args[0]
    needs_path = args[1] if len(args) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "needs.json")
    with open(corpus, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    needs = json.load(open(needs_path, encoding="utf-8"))["needs"]
    con = build(docs)
    for mode, judged in (("and", "first"), ("and", "pooled"), ("or", "first"), ("or", "pooled")):
        total = {"all": [0.0, 0.0, 0.0], "rare": [0.0, 0.0, 0.0]}
        rare = sum(1 for n in needs if n["shape"] != "words")
        for n in needs:
            hits = search(con, n["query"], "AND")
            if not hits and mode == "or":
                hits = search(con, n["query"], "OR")
            grades = n["grades"]
            if judged == "pooled":
                grades = {**n.get("pooled", {}), **grades}
            s = score(grades, hits)
            for i in range(3):
                total["all"][i] += s[i] / len(needs)
                if n["shape"] != "words":
                    total["rare"][i] += s[i] / rare
            if verbose and mode == "and" and judged == "pooled":
                first = " ".join("%s(%s)" % (h, grades.get(h, "?")) for h in hits[:5])
                print("%-26s %-12s %6.3f %5.2f %4.2f  %s" % (n["id"], n["shape"], s[0], s[1], s[2], first))
        for group, count in (("all", len(needs)), ("rare", rare)):
            t = total[group]
            print("fts5 %-3s %-6s %-4s %2d needs: nDCG@5 %.3f  MRR %.3f  P@3 %.3f" % (mode, judged, group, count, t[0], t[1], t[2]))


if __name__ == "__main__":
    main()
