"""Text from the data made safe for a page: escaped for HTML or for a Markdown cell."""

import html

__all__ = ["escape", "escape_html"]

#: The ASCII punctuation that can start Markdown (CommonMark and GFM: emphasis, links, images,
#: headings, lists, tables, code, math), each shown as itself when backslash-escaped; ``&``,
#: ``<`` and ``>`` become HTML entities instead, so no tag and no entity survives.
_MARKDOWN_ESCAPES = {ord(c): "\\" + c for c in "!#$()*+-.=[\\]^_`{|}~"}
_MARKDOWN_ESCAPES.update({ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;"})


def escape(text):
    r"""Text from the data, escaped for a Markdown cell: shown exactly as written, never as markup.

    HTML (``<script>``), Markdown (``**bold**``, ``[x](javascript:…)``, ``# heading``) and math
    (``$x$``) in a name, title or quote stay text. Each line is stripped, so that indentation
    cannot start a code block; line breaks are kept.

    Parameters
    ----------
    text : object
        Shown as ``str(text)``.

    Returns
    -------
    str

    Examples
    --------
    >>> escape("<script>alert(1)</script> & co")
    '&lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; co'
    >>> print(escape("[x](javascript:alert(1)) **md** $5"))
    \[x\]\(javascript:alert\(1\)\) \*\*md\*\* \$5
    """
    return "\n".join(line.strip().translate(_MARKDOWN_ESCAPES) for line in str(text).split("\n"))


def escape_html(text, quote=True):
    """Text from the data, escaped for HTML: ``None`` is the empty text.

    Parameters
    ----------
    text : object
        Shown as ``str(text)``.
    quote : bool
        Escape ``"`` and ``'`` too (needed inside an attribute value).

    Returns
    -------
    str

    Examples
    --------
    >>> escape_html('<b title="x">'), escape_html(None), escape_html('"q"', quote=False)
    ('&lt;b title=&quot;x&quot;&gt;', '', '"q"')
    """
    return html.escape("" if text is None else str(text), quote=quote)
