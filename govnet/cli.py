"""The thin ``govnet`` command line: parses arguments and calls the library."""

import argparse
import sys

__all__ = ["main"]


def _parse_param(text):
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"parameter {text!r} is not of the form name=value")
    return name, value


def _build_parser():
    parser = argparse.ArgumentParser(prog="govnet", description=__doc__)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command")

    val = sub.add_parser("validate", help="check case folders against the data format")
    val.add_argument("paths", nargs="*", default=["data/cases"],
                     help="case folders, or folders of case folders (default: data/cases)")
    val.add_argument("--format", choices=["table", "json"], default="table",
                     help="table for people, json for machines")

    rep = sub.add_parser("report", help="run the case-study notebook for cases into an HTML site")
    rep.add_argument("cases", nargs="*", help="case ids (default with --all: every case)")
    rep.add_argument("--all", action="store_true", help="every case found in --data")
    rep.add_argument("--data", default="data/cases", help="folder of case folders")
    rep.add_argument("--out", default="reports", help="output folder")
    rep.add_argument("-j", "--jobs", type=int, default=None,
                     help="parallel worker processes (default: number of cores)")
    rep.add_argument("-p", "--parameter", action="append", type=_parse_param, default=[],
                     metavar="NAME=VALUE", help="notebook parameter (repeatable)")
    rep.add_argument("--timeout", type=float, default=None, help="seconds per case before it fails")
    rep.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    rep.add_argument("--executor", choices=["local", "dask"], default="local",
                     help="where cases run: local worker processes or a Dask cluster")
    rep.add_argument("--scheduler", default=None,
                     help="Dask scheduler address (with --executor dask; none starts a LocalCluster)")
    rep.add_argument("--notebook", default=None,
                     help="case notebook (default: notebooks/case_study.ipynb)")
    rep.add_argument("--cross-notebook", default=None,
                     help="cross-case notebook (default: notebooks/cross_case.ipynb; 'none' skips it)")
    # coding workflow (issue 20): thin wrappers of govnet.add_source and govnet.suggest
    add = sub.add_parser("add-source", help="add a .txt/.html/.pdf document to a case's sources")
    add.add_argument("case", help="case folder")
    add.add_argument("file", help="the document (.txt, .html or a text .pdf)")
    for opt in ("id", "title", "date", "type", "publisher", "url"):
        add.add_argument(f"--{opt}", help=f"sources.csv {opt}")
    sug = sub.add_parser("suggest", help="candidate relations from a source's text, to review")
    sug.add_argument("case", help="case folder")
    sug.add_argument("source_id", help="a source id with a text copy")
    sug.add_argument("--out", help="CSV to write (default: print to stdout)")
    sug.add_argument("--min-score", type=float, default=0.0, help="leave out lower scores")
    return parser


def _workflow(args):
    """Run add-source / suggest; a govnet error is printed, exit status 1."""
    import govnet

    try:
        if args.command == "add-source":
            row = govnet.add_source(args.case, args.file, id=args.id, title=args.title,
                                    date=args.date, type=args.type, publisher=args.publisher,
                                    url=args.url)
            print(f"added {row['id']}: {row['file']} ({row['title']})")
        else:
            out = govnet.suggest(args.case, args.source_id, min_score=args.min_score)
            out.to_csv(args.out or sys.stdout, index=False)
            if args.out:
                print(f"{len(out)} candidate(s) written to {args.out}")
    except govnet.GovnetError as exc:
        print(f"govnet {args.command}: {exc}", file=sys.stderr)
        return 1
    return 0


def main(argv=None):
    """Entry point of the ``govnet`` console script; returns the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.version:
        from . import __version__

        print(__version__)
        return 0
    if args.command == "validate":
        from .validate import validate_main

        return validate_main(args.paths, fmt=args.format)
    if args.command == "report":
        from .reports import report_main

        return report_main(
            cases=args.cases, all_cases=args.all, data=args.data, out=args.out,
            jobs=args.jobs, parameters=dict(args.parameter), timeout=args.timeout,
            show_code=args.show_code, executor=args.executor, scheduler=args.scheduler,
            notebook=args.notebook,
            cross_notebook=False if args.cross_notebook == "none" else args.cross_notebook,
        )
    if args.command in ("add-source", "suggest"):
        return _workflow(args)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
