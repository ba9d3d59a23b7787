"""The ``govnet`` command line: parses arguments and calls the library."""

import argparse
import sys

__all__ = ["main"]

_DESCRIPTION = """\
govnet: signed networks of officer-member relations, coded from council documents.

Check case folders, build the case-study report site, export networks for Gephi and R,
describe cases as Frictionless data packages, and start a new case."""

_EPILOG = """\
examples:
  govnet validate data/cases/*/                 check every case folder
  govnet report --all                           every case in data/cases -> reports/
  govnet report southampton -p seed=7 -j 2      one case, a notebook parameter, 2 workers
  govnet report --list-params                   the notebook's parameters and defaults
  govnet export southampton --format gexf --out southampton.gexf
  govnet datapackage southampton                write data/cases/southampton/datapackage.json
  govnet init my-council --data data/cases      a new, empty case folder to fill in
  govnet add-source data/cases/my-council report.pdf --title "Peer challenge" --date 2023-05
  govnet suggest data/cases/my-council s001 --out candidates.csv

exit status:
  0  success
  1  the data has errors (validate, export, datapackage) or a report failed
  2  the command could not run: bad arguments, a case or notebook not found, bad --out

Run `govnet COMMAND --help` for a command's options."""


class _Help(argparse.HelpFormatter):
    """Add ``(default: ...)`` to the help of every argument that has a default value."""

    def _get_help_string(self, action):
        text = action.help or ""
        shown = not any(action.default is x for x in (None, False, argparse.SUPPRESS)) \
            and action.default != []  # identity: 0.0 == False, yet 0.0 is a default to show
        if shown and not action.required and "%(default)" not in text:
            text += " (default: %(default)s)"
        return text


def _parse_param(text):
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"parameter {text!r} is not of the form name=value")
    return name, value


def _add_case_arguments(p):
    p.add_argument("case", help="a case id in --data, or the path of a case folder")
    p.add_argument("--data", default="data/cases", help="folder of case folders")


def _add_validate(sub):
    val = sub.add_parser(
        "validate", formatter_class=_Help, help="check case folders against the data format",
        description="Check case folders against the data format (data/README.md) and the "
        "codebook; print every problem with file, row, column and reason.",
    )
    val.add_argument("paths", nargs="*", default=["data/cases"],
                     help="case folders, or folders of case folders")
    val.add_argument("--format", choices=["table", "json"], default="table",
                     help="table for people, json for machines")
    val.add_argument("--codebook", default=None, metavar="PATH",
                     help="codebook.yml to check against instead of those above the case folders")


def _add_report(sub):
    rep = sub.add_parser(
        "report", formatter_class=_Help,
        help="run the case-study notebook for cases into an HTML site",
        description="Run the case-study notebook for each case (papermill) and write an "
        "HTML site: one folder per case (report.html, tables/, tables.xlsx, figures/, "
        "results.json), a cross-case comparison and index.html, both covering every report "
        "in --out (earlier runs' too).",
    )
    rep.add_argument("cases", nargs="*", help="case ids (or give --all)")
    rep.add_argument("--all", action="store_true", help="every case found in --data")
    rep.add_argument("--data", default="data/cases", help="folder of case folders")
    rep.add_argument("--out", default="reports", help="output folder")
    rep.add_argument("-j", "--jobs", type=int, default=None,
                     help="parallel worker processes (default: the number of cores)")
    rep.add_argument("-p", "--parameter", action="append", type=_parse_param, default=[],
                     metavar="NAME=VALUE",
                     help="notebook parameter, repeatable; see --list-params for the names")
    rep.add_argument("--list-params", action="store_true",
                     help="print the notebook's parameters with types and defaults, and exit")
    rep.add_argument("--timeout", type=float, default=None,
                     help="seconds per case before it fails (default: no limit)")
    rep.add_argument("--show-code", action="store_true", help="keep code cells in the HTML")
    rep.add_argument("--executor", choices=["local", "dask"], default="local",
                     help="where cases run: local worker processes or a Dask cluster")
    rep.add_argument("--scheduler", default=None,
                     help="Dask scheduler address (with --executor dask; default: start a "
                     "LocalCluster)")
    rep.add_argument("--notebook", default=None,
                     help="case notebook (default: case_study.ipynb, from notebooks/ here or "
                     "upward, else the copy installed with govnet)")
    rep.add_argument("--cross-notebook", default=None,
                     help="cross-case notebook (default: cross_case.ipynb, found as for "
                     "--notebook; 'none' skips it)")


def _add_export(sub):
    from .export import FORMATS

    exp = sub.add_parser(
        "export", formatter_class=_Help, help="write a case's network for Gephi, R or Pajek",
        description="Write a case's network: GEXF 1.3 (dynamic: Gephi's timeline plays the "
        "case), GraphML (igraph in R and Python), CSV tables (nodes.csv, edges.csv) or Pajek.",
    )
    _add_case_arguments(exp)
    exp.add_argument("--format", choices=FORMATS, default="gexf", help="file format")
    exp.add_argument("--out", required=True,
                     help="file to write (for csv: a folder for nodes.csv and edges.csv)")
    when = exp.add_mutually_exclusive_group()
    when.add_argument("--at", default=None, metavar="DATE",
                      help="the network at a date: 2023, 2023-05 or 2023-05-06 (default: "
                      "every observation)")
    when.add_argument("--window", nargs=2, default=None, metavar=("START", "END"),
                      help="the network over an interval, first day of START to last of END")


def _add_datapackage(sub):
    dp = sub.add_parser(
        "datapackage", formatter_class=_Help,
        help="write a case folder's datapackage.json (Frictionless)",
        description="Write datapackage.json into a case folder: its five tables with their "
        "schemas, primary keys and foreign keys, so that `frictionless validate` checks it.",
    )
    _add_case_arguments(dp)


def _add_init(sub):
    ini = sub.add_parser(
        "init", formatter_class=_Help, help="start a new, empty case folder",
        description="Create a case folder with the five tables' headers, a case.yml to fill "
        "in and a README of next steps.",
    )
    ini.add_argument("case_id", metavar="CASE-ID",
                     help="the new case's id: lower-case letters, digits and hyphens")
    ini.add_argument("--data", default="data/cases", help="folder of case folders")


def _add_workflow(sub):
    add = sub.add_parser(
        "add-source", formatter_class=_Help,
        help="add a .txt/.html/.pdf document to a case's sources",
        description="Extract a document's text (paragraphs numbered for locators), write "
        "sources/<id>.txt and append its row to sources.csv; nothing is overwritten.",
    )
    add.add_argument("case", help="case folder")
    add.add_argument("file", help="the document (.txt, .html or a text .pdf)")
    for opt in ("id", "title", "date", "type", "publisher", "url"):
        add.add_argument(f"--{opt}", help=f"sources.csv {opt}" + (" (default: the next free "
                                                                   "sNNN)" if opt == "id" else ""))
    sug = sub.add_parser(
        "suggest", formatter_class=_Help,
        help="candidate relations from a source's text, to review",
        description="Propose candidate observations (relations.csv columns plus score, cue, "
        "status) from a source's text copy, for a coder to accept, edit or reject.",
    )
    sug.add_argument("case", help="case folder")
    sug.add_argument("source_id", help="a source id with a text copy")
    sug.add_argument("--out", help="CSV to write (default: print to standard output)")
    sug.add_argument("--min-score", type=float, default=0.0, help="leave out lower scores")


def _add_agree(sub):
    agr = sub.add_parser(
        "agree", formatter_class=_Help, help="inter-coder agreement of two codings of a case",
        description="Match the observations of two codings of the same sources (govnet."
        "agreement) and report percent agreement, Cohen's kappa and Krippendorff's alpha on "
        "presence, type, sign, direction, date and reporter, with every disagreement.",
    )
    agr.add_argument("case_a", metavar="CASE_A", help="the first coder's case folder")
    agr.add_argument("case_b", metavar="CASE_B", help="the second coder's case folder")
    agr.add_argument("--out", default=None,
                     help="folder for statistics.csv, units.csv, disagreements.csv and .html")


def _add_merge(sub):
    mrg = sub.add_parser(
        "merge", formatter_class=_Help, help="merge two codings; adjudicate the differences",
        description="Write a merged case: observations both coders coded alike once, the "
        "others in adjudication.csv for a lead coder (decision: a, b, both or neither); then "
        "`govnet merge --resolve CASE_M/adjudication.csv` adds the chosen ones.",
    )
    mrg.add_argument("cases", nargs="*", metavar="CASE", help="the two codings: CASE_A CASE_B")
    mrg.add_argument("--out", default=None,
                     help="the merged case folder to create (with --resolve: the merged folder, "
                     "default: the adjudication file's folder)")
    mrg.add_argument("--resolve", default=None, metavar="ADJUDICATION",
                     help="apply the decisions of a filled-in adjudication.csv")


def _add_pseudonymise(sub):
    pse = sub.add_parser(
        "pseudonymise", formatter_class=_Help,
        help="a copy of a case with pseudonyms for its persons (and council)",
        description="Write a copy of a case in which every person (and, with --councils, the "
        "council) has a consistent pseudonym in every file and source text, quotes still "
        "verifying; the key is written apart from the copy and reused when given again.",
    )
    _add_case_arguments(pse)
    pse.add_argument("--out", required=True, help="the folder to create (must not exist)")
    pse.add_argument("--key", default=None,
                     help="key file, read if it exists, then written (default: OUT-key.csv "
                     "beside OUT; never inside OUT)")
    pse.add_argument("--keep-roles", action="store_true",
                     help="name pseudonyms after roles (Leader A) instead of Person A")
    pse.add_argument("--councils", action="store_true", help="pseudonymise the council too")


def _build_parser():
    parser = argparse.ArgumentParser(prog="govnet", description=_DESCRIPTION, epilog=_EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", title="commands", metavar="COMMAND")
    for add in (_add_validate, _add_report, _add_export, _add_datapackage, _add_init,
                _add_workflow, _add_agree, _add_merge, _add_pseudonymise):
        add(sub)
    return parser


def _list_params(notebook):
    """Print the case notebook's parameters: name, type, default and the comment beside it."""
    from .report.params import _inspect, find_notebook

    path = find_notebook(notebook or "case_study.ipynb")
    print(f"parameters of {path} (set with -p NAME=VALUE):")
    for name, spec in _inspect(path).items():
        kind = spec.get("inferred_type_name") or "None"
        kind = "" if kind == "None" else f" ({kind})"
        helptext = f"  # {spec['help']}" if spec.get("help") else ""
        print(f"  {name}{kind} = {spec.get('default')}{helptext}")
    return 0


def _report(args):
    from .report.batch import report_main

    if args.list_params:
        return _list_params(args.notebook)
    return report_main(
        cases=args.cases, all_cases=args.all, data=args.data, out=args.out,
        jobs=args.jobs, parameters=dict(args.parameter), timeout=args.timeout,
        show_code=args.show_code, executor=args.executor, scheduler=args.scheduler,
        notebook=args.notebook,
        cross_notebook=False if args.cross_notebook == "none" else args.cross_notebook,
    )


def _export(args):
    from .case import load_case
    from .export import export

    case = load_case(args.case, data_dir=args.data)
    window = tuple(args.window) if args.window else None
    print(export(case, args.out, format=args.format, at=args.at, window=window))
    return 0


def _datapackage(args):
    from .datapackage import write_datapackage

    print(write_datapackage(args.case, data_dir=args.data))
    return 0


def _init(args):
    from .scaffold import init_case

    folder = init_case(args.case_id, data_dir=args.data)
    print(f"{folder}\nnext: fill in case.yml and the tables (see {folder / 'README.md'})")
    return 0


def _add_source(args):
    from .sources_in import add_source

    row = add_source(args.case, args.file, id=args.id, title=args.title, date=args.date,
                     type=args.type, publisher=args.publisher, url=args.url)
    print(f"added {row['id']}: {row['file']} ({row['title']})")
    return 0


def _suggest(args):
    from ._safeio import check_not_case_file
    from .case import load_case
    from .suggest import suggest

    case = load_case(args.case)
    if args.out:
        check_not_case_file(args.out, case.path)
    out = suggest(case, args.source_id, min_score=args.min_score, progress=True)
    out.to_csv(args.out or sys.stdout, index=False)
    if args.out:
        print(f"{len(out)} candidate(s) written to {args.out}")
    return 0


def _agree(args):
    from .agreement import agreement

    res = agreement(args.case_a, args.case_b)
    print(res.statistics.drop(columns="note").to_string(index=False, float_format="{:.3f}".format))
    print(f"unmatched: A {res.unmatched_a}, B {res.unmatched_b}")
    if args.out:
        print(res.write(args.out))
    return 0


def _merge(args):
    from .exceptions import ParameterError
    from .merge import merge, resolve_merge

    if args.resolve:
        if args.cases:
            raise ParameterError("--resolve takes no CASE arguments")
        print(resolve_merge(args.resolve, args.out))
        return 0
    if len(args.cases) != 2 or not args.out:
        raise ParameterError("give two codings and --out: govnet merge CASE_A CASE_B --out CASE_M")
    out = merge(*args.cases, args.out)
    print(f"{out}\nnext: fill in the decision column of {out / 'adjudication.csv'}, then "
          f"govnet merge --resolve {out / 'adjudication.csv'}")
    return 0


def _pseudonymise(args):
    from .case import load_case
    from .pseudonymise import _default_key, pseudonymise

    key = pseudonymise(load_case(args.case, data_dir=args.data), args.out, key=args.key,
                       keep_roles=args.keep_roles, councils=args.councils)
    print(f"{args.out}: {len(key)} pseudonym(s); key: "
          f"{args.key or _default_key(args.out)} (keep it apart from the case)")
    return 0


def _run(command, args):
    """Run a command; a govnet error is a message and an exit status, not a traceback."""
    from .exceptions import DataValidationError, GovnetError

    try:
        return command(args)
    except DataValidationError as exc:
        print(f"govnet {args.command}: {exc}", file=sys.stderr)
        return 1
    except GovnetError as exc:
        print(f"govnet {args.command}: {exc}", file=sys.stderr)
        return 2


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

        return validate_main(args.paths, fmt=args.format, codebook=args.codebook)
    commands = {"report": _report, "export": _export, "datapackage": _datapackage,
                "init": _init, "add-source": _add_source, "suggest": _suggest, "agree": _agree,
                "merge": _merge, "pseudonymise": _pseudonymise}
    if args.command in commands:
        return _run(commands[args.command], args)
    parser.print_help()
    return 2


if __name__ == "__main__":
    sys.exit(main())
