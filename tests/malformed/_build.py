"""Rebuild the malformed-case corpus: copies of the example case, each with one planted fault.

Run ``python tests/malformed/_build.py`` after changing the example case. Each folder gets an
``expected.json`` with the exact errors and warnings (file, row, column, code) validation must
report; row = line number in the file (header = line 1), null for whole-file problems.
"""

import csv
import io
import json
import shutil
from pathlib import Path

HERE = Path(__file__).parent
BASE = HERE.parents[1] / "govnet" / "datasets" / "example"


def _edit(folder, file, line, old, new):
    """Replace ``old`` by ``new`` once in line ``line`` (1-based) of ``file``."""
    p = folder / file
    lines = p.read_text(encoding="utf-8").split("\n")
    assert lines[line - 1].count(old) >= 1, (folder.name, file, line, old)
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    p.write_text("\n".join(lines), encoding="utf-8")


def _drop_line(folder, file, line):
    p = folder / file
    lines = p.read_text(encoding="utf-8").split("\n")
    del lines[line - 1]
    p.write_text("\n".join(lines), encoding="utf-8")


def _append(folder, file, text):
    p = folder / file
    p.write_text(p.read_text(encoding="utf-8").rstrip("\n") + "\n" + text + "\n", encoding="utf-8")


def _drop_column(folder, file, column):
    p = folder / file
    rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"), newline="")))
    i = rows[0].index(column)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows([r[:i] + r[i + 1:] for r in rows])
    p.write_text(buf.getvalue(), encoding="utf-8")


def _latin1(folder, file, line, old, new):
    _edit(folder, file, line, old, new)
    p = folder / file
    p.write_bytes(p.read_text(encoding="utf-8").encode("latin-1"))


def _add_column(folder, file, column, after, values):
    """Add ``column`` after column ``after``; ``values`` maps line (1-based) -> cell, others empty."""
    p = folder / file
    rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"), newline="")))
    i = rows[0].index(after) + 1
    rows = [r[:i] + [column if n == 0 else values.get(n + 1, "")] + r[i:] for n, r in enumerate(rows)]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")


def _semicolons(folder, file):
    """Save ``file`` semicolon-separated, as a spreadsheet in some locales does."""
    p = folder / file
    rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8"), newline="")))
    buf = io.StringIO()
    csv.writer(buf, delimiter=";", lineterminator="\n").writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")


def _bom_crlf(folder):
    for p in folder.glob("*.csv"):
        text = p.read_text(encoding="utf-8").replace("\n", "\r\n")
        p.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


R, A, T, E, S = "relations.csv", "actors.csv", "tenures.csv", "events.csv", "sources.csv"
# a second source: without a text copy, or with one (the example's text again)
S2 = (S, "s2,Council press release (INVENTED),Example Borough Council,,2023-10,press-release,,,")
S2_TEXT = (S, "s2,Same text again (INVENTED),Example Gazette,,2023-11,news,,sources/example.txt,")

# name: (list of edits (function, args), errors, warnings); each problem = (file, row, column, code)
FAULTS = {
    "missing-column-sign": ([(_drop_column, (R, "sign"))], [(R, 1, "sign", "missing-column")], []),
    "missing-column-kind": ([(_drop_column, (A, "kind"))], [(A, 1, "kind", "missing-column")], []),
    "missing-value-target": ([(_edit, (R, 6, "leader,chief-executive,conflict", "leader,,conflict"))],
                             [(R, 6, "target", "missing-value")], []),
    "missing-value-name": ([(_edit, (A, 10, "sam-patel,Sam Patel,", "sam-patel,,"))],
                           [(A, 10, "name", "missing-value")], []),
    "missing-value-event-date": ([(_edit, (E, 5, "e4,2022-06,", "e4,,"))],
                                 [(E, 5, "date", "missing-value")], []),
    "duplicate-id-actor": ([(_append, (A, "gazette,Example Gazette again,organisation,external,press,,,,,,"))],
                           [(A, 20, "id", "duplicate-id")], []),
    "duplicate-id-relation": ([(_edit, (R, 27, "r27,", "r26,"))], [(R, 27, "id", "duplicate-id")], []),
    "unknown-actor-target": ([(_edit, (R, 13, "cabinet,backbench,", "cabinet,backbenchers,"))],
                             [(R, 13, "target", "unknown-id")], []),
    "unknown-reported-by": ([(_edit, (R, 20, ",peer-team,s1,", ",peer-review-team,s1,"))],
                            [(R, 20, "reported_by", "unknown-id")], []),
    "unknown-relation-type": ([(_edit, (R, 25, ",support,1,", ",supportive,1,"))],
                              [(R, 25, "type", "unknown-id")], []),
    "unknown-theme": ([(_edit, (R, 6, ",high,culture,", ",high,cultures,"))], [(R, 6, "theme", "unknown-id")], []),
    "unknown-confidence": ([(_edit, (R, 4, ",medium,", ",middling,"))], [(R, 4, "confidence", "unknown-id")], []),
    "unknown-role": ([(_edit, (A, 7, "cabinet-member", "cabinet-memeber"))], [(A, 7, "role", "unknown-id")], []),
    "unknown-kind": ([(_edit, (A, 16, ",organisation,", ",organization,"))], [(A, 16, "kind", "unknown-id")], []),
    "unknown-side": ([(_edit, (A, 15, ",group,officer,", ",group,staff,"))], [(A, 15, "side", "unknown-id")], []),
    "unknown-source-id": ([(_edit, (R, 21, ",s1,", ",s2,"))], [(R, 21, "source_id", "unknown-id")], []),
    "unknown-source-type": ([(_edit, (S, 2, ",news,", ",newspaper,"))], [(S, 2, "type", "unknown-id")], []),
    "unknown-event-type": ([(_edit, (E, 4, ",peer-challenge,", ",peer-review,"))], [(E, 4, "type", "unknown-id")], []),
    "unknown-event-actor": ([(_edit, (E, 7, ",inspectors,s1", ",inspectors;auditors,s1"))],
                            [(E, 7, "actors", "unknown-id")], []),
    "unknown-tenure-post": ([(_edit, (T, 8, "cllr-cara-lee,cabinet,", "cllr-cara-lee,cabinet-team,"))],
                            [(T, 8, "post", "unknown-id")], []),
    "bad-sign-two": ([(_edit, (R, 18, "improvement-support,1,", "improvement-support,2,"))],
                     [(R, 18, "sign", "bad-sign")], []),
    "bad-sign-word": ([(_edit, (R, 14, "advice,0,", "advice,neutral,"))], [(R, 14, "sign", "bad-sign")], []),
    "bad-date-impossible": ([(_edit, (R, 17, ",2022-03,", ",2022-02-30,"))], [(R, 17, "start", "bad-date")], []),
    "bad-date-format": ([(_edit, (E, 3, "e2,2021-05,", "e2,05/2021,"))], [(E, 3, "date", "bad-date")], []),
    "bad-date-month": ([(_edit, (T, 4, ",2022-06,", ",2022-13,"))], [(T, 4, "end", "bad-date")], []),
    "bad-boolean": ([(_edit, (R, 19, "improvement-support,1,,", "improvement-support,1,maybe,"))],
                    [(R, 19, "directed", "bad-boolean")], []),
    "end-before-start-relation": ([(_edit, (R, 5, ",2022,2023,", ",2023,2022,"))],
                                  [(R, 5, "end", "end-before-start")], []),
    "end-before-start-tenure": ([(_edit, (T, 8, ",2021-05,,no,", ",2021-05,2020,no,"))],
                                [(T, 8, "end", "end-before-start")], []),
    "outside-actor-span": ([(_edit, (R, 26, "r26,chief-executive,", "r26,jo-smith,"))],
                           [(R, 26, "source", "outside-actor-span")], []),
    "quote-not-found": ([(_edit, (R, 15, "instructed staff", "ordered staff"))],
                        [(R, 15, "quote", "quote-not-found")], []),
    "quote-not-found-event": ([(_edit, (E, 8, "it was minded to issue", "it was minded to impose"))],
                              [(E, 8, "quote", "quote-not-found")], []),
    "missing-source-text": ([(Path.unlink, ())], [(S, 2, "file", "missing-file")], []),
    "encoding-latin1": ([(_latin1, (R, 7, "one side's account", "one side's account (café)"))],
                        [(R, 7, None, "encoding")], []),
    "malformed-unbalanced-quote": ([(_edit, (R, 10, ",para 8,The chief", ',para 8,"The chief'))],
                                   [(R, 10, None, "malformed-csv")], []),
    "malformed-extra-field": ([(_edit, (R, 12, ",govnet-team,high,governance,", ",govnet-team,high,governance,x,"))],
                              [(R, 12, None, "malformed-csv")], []),
    "malformed-missing-field": ([(_edit, (T, 6, "t5,sam-patel,monitoring-officer,,,no,,,,", "t5,sam-patel,monitoring-officer,,,no,,,"))],
                                [(T, 6, None, "malformed-csv")], []),
    "missing-file-events": ([(Path.unlink, ())], [(E, None, None, "missing-file")], []),
    "case-yml-missing-licence": ([(_edit, ("case.yml", 11, "licence: CC-BY-4.0", ""))],
                                 [("case.yml", None, "licence", "missing-value")], []),
    "case-yml-wrong-id": ([], [("case.yml", None, "id", "bad-id")], []),
    "multiline-field-line-numbers": ([(_edit, (R, 8, "officers' own account of", '"officers\' own account\nof'))
                                      , (_edit, (R, 9, "contrasts with r06", 'contrasts with r06"')),
                                      (_edit, (R, 14, ",medium,governance,", ",medium,governing,"))],
                                     [(R, 14, "theme", "unknown-id")], []),
    "case-yml-period-reversed": ([(_edit, ("case.yml", 4, 'end: "2023"', 'end: "2019"'))],
                                 [("case.yml", None, "period.end", "end-before-start")], []),
    "missing-value-relation-start": ([(_edit, (R, 16, ",-1,,2022,,", ",-1,,,,"))],
                                     [(R, 16, "start", "missing-value")], []),
    "unknown-tenure-actor": ([(_edit, (T, 3, "t2,cllr-ada-jones,", "t2,cllr-ada-jone,"))],
                             [(T, 3, "actor", "unknown-id")], []),
    "bad-date-actor-end": ([(_edit, (A, 8, ",2022-06,", ",2022-6,"))], [(A, 8, "end", "bad-date")], []),
    # format 2: evidence, ids, signs and separators (each with the fix in its reason)
    "bad-id-underscore": ([(_edit, (R, 5, "r04,", "r_04,"))], [(R, 5, "id", "bad-id")], []),
    "bad-id-space": ([(_append, (A, "Chief Executive,Chief Executive,person,officer,,,,,,,"))],
                     [(A, 20, "id", "bad-id")], []),
    "bad-sign-unicode-minus": ([(_edit, (R, 6, ",conflict,-1,", ",conflict,\u22121,"))],
                               [(R, 6, "sign", "bad-sign")], []),
    "bad-sign-plus-one": ([(_edit, (R, 20, ",support,1,", ",support,+1,"))], [(R, 20, "sign", "bad-sign")], []),
    "bad-sign-decimal": ([(_edit, (R, 18, "improvement-support,1,", "improvement-support,1.0,"))],
                         [(R, 18, "sign", "bad-sign")], []),
    "bad-sign-negative-zero": ([(_edit, (R, 14, ",advice,0,", ",advice,-0,"))], [(R, 14, "sign", "bad-sign")], []),
    "self-loop": ([(_edit, (R, 13, "cabinet,backbench,", "cabinet,cabinet,"))], [(R, 13, "target", "self-loop")], []),
    "unknown-source-id-comma": ([(_append, S2), (_edit, (R, 21, ",gazette,s1,", ',gazette,"s1, s2",'))],
                                [(R, 21, "source_id", "unknown-id")], []),
    "unknown-source-id-in-list": ([(_edit, (R, 21, ",gazette,s1,", ",gazette,s1;s9,"))],
                                  [(R, 21, "source_id", "unknown-id")], []),
    "unknown-event-actor-comma": ([(_edit, (E, 2, "cllr-ada-jones;cllr-ben-khan", '"cllr-ada-jones, cllr-ben-khan"'))],
                                  [(E, 2, "actors", "unknown-id")], []),
    "unknown-confidence-capital": ([(_edit, (R, 4, ",medium,", ",Medium,"))], [(R, 4, "confidence", "unknown-id")], []),
    "unknown-theme-capital": ([(_edit, (R, 6, ",high,culture,", ",high,Governance,"))], [(R, 6, "theme", "unknown-id")], []),
    "unknown-quote-kind": ([(_add_column, (R, "quote_kind", "quote", {15: "Verbatim"}))],
                           [(R, 15, "quote_kind", "unknown-id")], []),
    "missing-locator-with-text": ([(_edit, (R, 9, ",clt,s1,para 7,", ",clt,s1,,"))],
                                  [(R, 9, "locator", "missing-value")], []),
    "quote-not-found-multi-source": ([(_append, S2_TEXT), (_edit, (R, 15, ",s1,para 12,The leader's office instructed",
                                                                   ",s1;s2,para 12,The leader's office ordered"))],
                                     [(R, 15, "quote", "quote-not-found")], []),
    "malformed-semicolon": ([(_semicolons, (A,))], [(A, 1, None, "malformed-csv")], []),
    "ok-multi-source": ([(_append, S2), (_edit, (R, 22, ",inspectors,s1,", ",inspectors,s1;s2,")),
                         (_edit, (E, 7, ",s1,para 16,", ",s2;s1,para 16,"))], [], []),
    "ok-paraphrase": ([(_edit, (R, 15, "The leader's office instructed staff directly", "The leader's office gave staff orders")),
                       (_add_column, (R, "quote_kind", "quote", {15: "paraphrase"}))], [], []),
    "warning-quote-unchecked": ([(_append, S2), (_edit, (R, 22, ",inspectors,s1,para 17,", ",inspectors,s2,para 17,")),
                                 (_edit, (R, 23, ",inspectors,s1,para 17,", ",inspectors,s2,,"))],
                                [], [(S, 3, "file", "quote-unchecked")]),
    "warning-after-publication": ([(_edit, (R, 20, ",support,1,,2022-03,", ",support,1,,2024-02,"))], [],
                                  [(R, 20, "start", "after-publication")]),
    "warning-signed-zero-type": ([(_edit, (R, 14, ",advice,0,", ",advice,-1,"))], [], [(R, 14, "sign", "sign-differs")]),
    "warning-empty-rows": ([(_append, (R, "\n".join([",,,,,,,,,,,,,,,"] * 3)))], [], [(R, 28, None, "empty-rows")]),
    # accepted input and warnings only: no errors
    "ok-bom-crlf": ([(_bom_crlf, ())], [], []),
    "warning-missing-quote": ([(_edit, (R, 13, "Backbench councillors complained that the cabinet kept them out of decisions", ""))],
                              [], [(R, 13, "quote", "missing-quote")]),
    "warning-sign-differs": ([(_edit, (R, 20, ",support,1,", ",support,-1,"))], [], [(R, 20, "sign", "sign-differs")]),
    "warning-post-unheld": ([(_drop_line, (T, 6))], [],
                            [(R, 11, "target", "post-unheld"), (R, 14, "source", "post-unheld")]),
}
_UNLINK = {"missing-source-text": "sources/example.txt", "missing-file-events": E}


def _problems(items):
    return [dict(zip(("file", "row", "column", "code"), p, strict=True)) for p in items]


def build():
    for name, (edits, errors, warnings) in FAULTS.items():
        folder = HERE / name
        if folder.exists():
            shutil.rmtree(folder)
        shutil.copytree(BASE, folder)
        case_id = "someone-else" if name == "case-yml-wrong-id" else name
        _edit(folder, "case.yml", 1, "id: example", f"id: {case_id}")
        for fn, args in edits:
            if fn is Path.unlink:
                (folder / _UNLINK[name]).unlink()
            else:
                fn(folder, *args)
        expected = {"errors": _problems(errors), "warnings": _problems(warnings)}
        (folder / "expected.json").write_text(json.dumps(expected, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    build()
    print(f"{len(FAULTS)} folders written under {HERE}")
