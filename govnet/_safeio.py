"""Untrusted case files and careless paths: bounded reads inside the folder, plain YAML, outputs apart."""

import os
import stat
from pathlib import Path

import yaml

__all__ = []

YAML_LIMIT = 256 << 10  # case.yml, codebook.yml: 256 KiB
TABLE_LIMIT = 256 << 20  # each CSV table: 256 MiB
SOURCE_LIMIT = 20 << 20  # each source text: 20 MiB
YAML_DEPTH = 50  # nesting of YAML collections
YAML_DIGITS = 100  # characters of a YAML integer

_FLAGS = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(
    os, "O_NOCTTY", 0) | getattr(os, "O_NOFOLLOW", 0)  # the last three are POSIX only


class Refused(Exception):
    """A file that is not read or parsed: ``reason`` says why, ``code`` is the problem code."""

    def __init__(self, reason, code="bad-path"):
        super().__init__(reason)
        self.reason, self.code = reason, code


def placement(path, folder):
    """How ``path`` stands to ``folder``: "is", "lies inside", "contains" or None (apart)."""
    p, f = Path(path).resolve(), Path(folder).resolve()
    if p == f:
        return "is"
    return "lies inside" if f in p.parents else "contains" if p in f.parents else None


def check_apart(out, inputs, flag="--out"):
    """Raise ParameterError when the folder ``out`` is, contains or lies inside one of the
    ``inputs`` (case folders): a verb that writes a new folder never writes into its input."""
    from .exceptions import ParameterError

    for given in (x for x in inputs if x is not None):
        where = placement(out, given)
        if where:
            raise ParameterError(f"{flag} {out} {where} the case folder {given}: write the "
                                 "output to a folder of its own, outside the case")


#: The files of a case folder that govnet reads besides its tables and sources/.
_CASE_EXTRA = ("case.yml", "codebook.yml", "cues.yml", "adjudication.csv")


def check_not_case_file(out, case_dir, flag="--out"):
    """Raise ParameterError when the output path ``out`` is the case folder, one of its own
    files (its tables, case.yml, codebook.yml, cues.yml, adjudication.csv) or lies in its
    ``sources/`` folder: an output never overwrites the coding it was made from
    (``govnet suggest CASE s1 --out CASE/relations.csv``)."""
    from .exceptions import ParameterError
    from .validate import TABLES

    where = placement(out, case_dir) if case_dir is not None else None
    if where not in ("is", "lies inside"):
        return
    rel = Path(out).resolve().relative_to(Path(case_dir).resolve()).as_posix()
    own = {*_CASE_EXTRA, *(f"{t}.csv" for t in TABLES)}
    if where == "is" or rel in own or rel.split("/")[0] == "sources":
        raise ParameterError(f"{flag} {out} is {'the case folder' if where == 'is' else 'the case file ' + rel}"
                             f" of {case_dir}: govnet never writes over a case's own files; "
                             "choose another path")


def _size(n):
    return f"{n >> 20} MiB" if n >= 1 << 20 else f"{n >> 10} KiB"


def read_bytes(path, base, limit, where="the case folder"):
    """The bytes of ``path``, which must resolve inside ``base`` (``where``) and be a regular file.

    Nothing but a regular file (after symlinks, checked before and after opening) is opened, and
    never in blocking mode, so a FIFO or device cannot hang the reader; more than ``limit`` bytes
    are not read. Raises :class:`Refused` (code ``missing-file`` when nothing is at ``path``).
    """
    try:
        real, home = Path(path).resolve(), Path(base).resolve()
    except (OSError, ValueError, RuntimeError) as exc:  # NUL byte, symlink loop
        raise Refused(f"cannot be opened: {getattr(exc, 'strerror', None) or exc}") from None
    if not real.is_relative_to(home):  # before any look at it: whether it exists stays unsaid
        raise Refused(f"lies outside {where} (no absolute paths, '..' or symlinks out)")
    try:
        if not stat.S_ISREG(os.stat(real).st_mode):
            raise Refused("is not a regular file")
        fd = os.open(real, _FLAGS)
    except (FileNotFoundError, NotADirectoryError):
        raise Refused("not found", "missing-file") from None
    except OSError as exc:  # a name too long, no permission
        raise Refused(f"cannot be opened: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as fh:
        info = os.fstat(fh.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise Refused("is not a regular file")
        if info.st_size > limit:
            raise Refused(f"is larger than the {_size(limit)} limit")
        try:
            data = fh.read(limit + 1)
        except OSError as exc:  # /proc files that stat as empty regular files
            raise Refused(f"cannot be read: {exc.strerror}") from None
    if data is None:  # nothing to read yet from a non-blocking file
        raise Refused("cannot be read: no data available")
    if len(data) > limit:
        raise Refused(f"is larger than the {_size(limit)} limit")
    return data


_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser when PyYAML has it


class _Loader(_BASE):
    """Safe YAML whose timestamps stay strings and whose integers have at most 100 characters."""

    def construct_yaml_int(self, node):
        if len(node.value) > YAML_DIGITS:
            raise yaml.constructor.ConstructorError(
                None, None, f"an integer of more than {YAML_DIGITS} digits", node.start_mark)
        return super().construct_yaml_int(node)


_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", yaml.SafeLoader.construct_yaml_str)


def _check_events(text):
    """Refuse anchors, aliases and deep nesting before anything is built from ``text``."""
    depth = 0
    for event in yaml.parse(text, Loader=_BASE):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.composer.ComposerError(
                None, None, "anchors and aliases (& and *) are not allowed", event.start_mark)
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > YAML_DEPTH:
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {YAML_DEPTH} levels deep", event.start_mark)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def load_yaml(data):
    """Parse YAML ``data`` (bytes, UTF-8) with :class:`_Loader`.

    Raises :class:`Refused` with code ``encoding`` or ``malformed-yaml``; dates such as
    ``2021-02-30`` come back as the strings written, for the date checks to judge.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise Refused(f"not UTF-8: {exc}", "encoding") from None
    try:
        _check_events(text)
        return yaml.load(text, Loader=_Loader)  # _Loader derives from SafeLoader
    except yaml.MarkedYAMLError as exc:
        where = f" (line {exc.problem_mark.line + 1}, column {exc.problem_mark.column + 1})"
        what = "; ".join(filter(None, (exc.context, exc.problem)))
        raise Refused(f"not valid YAML: {what}{where if exc.problem_mark else ''}",
                      "malformed-yaml") from None
    except yaml.YAMLError as exc:
        raise Refused(f"not valid YAML: {exc}", "malformed-yaml") from None
