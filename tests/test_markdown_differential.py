"""The pruned Markdown converters (processors left out by what a text contains) give the
same HTML as the converter that keeps every processor, on a generated corpus whose
alphabet holds every pruned syntax and what can fool a trigger: block and inline HTML,
character references, hard breaks, tabs, fenced code blocks and what only looks like one.
bench/markdown_differential.py runs the same generator over many more texts."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator, Sequence

import markdown
import pytest

from seminar_site.content import markdown_pruning
from seminar_site.content.markdown import DateContext, MarkdownRenderer
from seminar_site.errors import SiteError

# Pieces that want the start of a line (the generator puts a line break before most).
LINE_STARTS = (
    "# ", "## ", "###### ", "#", "- ", "+ ", "* ", "1. ", "2. ", "10. ", "１. ", "1) ", "> ",
    ">", "> > ", ">\t", "    ", "\t", "        ", "  ", ": ", ":\t", "■ ", "□ ", "  ■ ", "---",
    "===", "***", "___", "* * *", "- - -", "_ _ _", "```", "~~~", "|", "| a | b |",
    "|---|---|", "[r]: ", "[^1]: ", "*[HTML]: ", "{: #x }", "-\t", "1.\t", "・", "①　",
    "（1）", "(2)", "※", "１）", "   - ", "｜",
)  # fmt: skip
BLOCK_HTML = (
    '<div class="note">注記</div>', "<div>\nblock\n</div>", "<div>", "</div>", "<p>para</p>",
    "<p>", "</p>", "<!-- comment -->", "<!--\nmulti\n\n-->", "<!--", "-->",
    "<details><summary>要約</summary>詳細</details>", "<details>", "</details>", "<hr>",
    "<hr/>", "<table><tr><td>1</td></tr></table>", "<pre>p\n\n q</pre>", "<?php x ?>",
    "<!DOCTYPE html>", "<![CDATA[x]]>", "<script>x</script>", "<style>y</style>",
    '<div markdown="1">*m*</div>',
)  # fmt: skip
INLINE_HTML = (
    "<b>b</b>", "<span>s</span>", "<em>", "</em>", '<a href="http://a.jp">a</a>',
    '<img src="x.png">', "<br>", "<br/>", "</>", "<", ">", "<x", "< b>", "<b", "<time>",
)  # fmt: skip
REFERENCES = (
    "&#169", "&#169;", "&#xA9", "&#xa9;", "&#X41;", "&copy;", "&copy", "&amp;", "&amp", "&",
    "&#", "&#x", "&#;", "&#12354;", "&nbsp;", "&lt;", "&gt;", "&quot;", "&#9;", "&#0;",
    "&#1114112;", "&unknown;", "&#38;", "&#x26", "&a.b;",
)  # fmt: skip
BREAKS = ("  \n", "\t\n", " \t\n", "   \n", "  \r\n", "\r", "\r\n", "  ", " ", "\t", "\n\t")
ODD_SPACE = ("\u3000", "\x0b", "\x0c", "\x85", "\u2028", "\xa0", "\x02", "\x03", "\ufeff")
INLINE = (
    "*", "_", "**", "__", "*em*", "_em_", "**strong**", "__strong__", "***", "a*b*c",
    "snake_case_word", "[t](http://a.jp)", '[t](<http://a.jp> "題")', "[", "]", "(", ")",
    "](", "[r]", "[x][r]", "[r][]", "[R]", "]:", "![i](x.png)", "![i][r]", "![r]", "!", "![",
    "<http://a.jp>", "<https://a.jp/x?y=1&z=2>", "<mail@x.jp>", "<a@b>", "http://a.jp",
    "`c`", "``c`d``", "`", "\\`", "```\ncode\n```", "~~~\nx\n~~~", "[^1]", "[^n]", "^", "{",
    "}", "{#id}", "{: .c}", "{#given .c}", "\\*", "\\_", "\\[", "\\", "\\\\", "\\#", "\\.",
    "\\!", "\\:", "\\|", "\\<", "\\&", "a|b", "|", ":", "=", "-", "+", ".", "#", "HTML",
    "~~", "~~del~~", "~~ x ~~", "~", "a\tb",
)  # fmt: skip
WORDS = (
    "本文です。", "市役所", "著作権", "講演の概要", "です", "、", "。", "text", "a", "b",
    "word", "term", "見出し", "注記", "SeminarSiteFragmentBreak", "wzxhzdk:0", "x",
)  # fmt: skip
DATES = (
    "1/22", "2021年2月24日", "令和3年2月24日", "令和元年5月1日", "2月5日", "12/31",
    "2021-02-24", "2021/2/24", "March 5", "Jan. 22, 2021", "(金)", "（金）", "1月22日(金)",
    "１月２２日", "0", "9", "3.", "1.5", "42", "2021",
)  # fmt: skip
BLOCKS = (
    "| a | b |\n|---|---|\n| 1 | 2 |", "a|b\n-|-\nc|d", "term\n: def", "term\n:   def\n\n    more",
    "x[^1]\n\n[^1]: n\n    more", "[r]: http://a.jp/i.png", '[R]: http://a.jp "T"',
    "- a\n- b", "1. a\n2. b", "- a\n    - b", "- k\n\n    continued", "> q\n> : d", "h\n===",
    "h\n---", "## h {#id .c}", "■ 見出し", "*[HTML]: Hyper Text", "    code\n    more",
    "- a\n  - b\n- c", "1. a\n   - b", "- a\n\n  more", "区分\t人数\n会場\t80", "a|b\tc\nd\te",
    "| a | b |\n|---|---|\n| 1 | 2 | 3 |", "｜a｜b｜\n｜-｜-｜", "まちづくりに\nついて",
)  # fmt: skip
# Fenced code blocks and what only looks like one: other marks and lengths, language tags and
# attribute lists, fences indented in list items and quotes, left open or closed by a longer
# fence, and code that other processors would change outside a fence (raw HTML, references,
# definitions, ■ and # lines, dates, bare addresses, the fragment break).
FENCES = (
    "```\ncode\n```", "~~~\ncode\n~~~", "````\n```\ninner\n```\n````", "~~~\n```\n~~~",
    "~~~~\n~~~\n~~~~", "```python\nif a < b and c & d:\n    print('<b>x</b>')\n```",
    "``` python\nx = 1\n```", "```c++\ny\n```", "```{.js #cid}\nz\n```",
    '```{ .py title="t" onclick="x()" }\nq\n```', "```{.py\nbroken\n```", "```python title\nx\n```",
    "```\nunclosed", "~~~\n■ 見出し\n# h\n## h\n~~~", "```\n1/22 2021年2月24日 https://www.example.jp/\n```",
    "```html\n<div>\n<!-- c -->\n&copy; &#169 &amp;\n</div>\n```", "```\n<div>\n```",
    "```\n[^1]: n\n[r]: http://a.jp\n| a | b |\n: d\n    indented\n*[HTML]: H\n```",
    "```\n\tTab\n\n  \n```", "```\n```", "```\n\n```", "- item\n\n    ```\n    code\n    ```",
    "> ```\n> quoted\n> ```", "```\nx\n````\ny\n```", "```\nSeminarSiteFragmentBreak\n```",
    "```\r\ncode\r\n```", "``\x02`\ncode\n```", "```", "````", "~~~", "```python", "~~~ {.x}",
    "```\n    ```\n```", "```  \ncode\n```  ", " ```\nindented\n ```", "\t```\ntab\n```",
)  # fmt: skip
SEPARATORS = ("", "", "", " ", " ", "\n", "\n", "\n\n", "  \n", "\n  ", "\n    ", "\t", "\n\t")
_KINDS: tuple[tuple[Sequence[str], int], ...] = (
    (LINE_STARTS, 4), (BLOCK_HTML, 2), (INLINE_HTML, 2), (REFERENCES, 2), (BREAKS, 2),
    (ODD_SPACE, 1), (INLINE, 8), (WORDS, 6), (DATES, 3), (BLOCKS, 2), (FENCES, 2),
)  # fmt: skip
_POOLS = [pool for pool, weight in _KINDS for _ in range(weight)]

REPRODUCTIONS = ('本文です。\n  <div class="note">注記</div>', "著作権 &#169 2021 市役所")
FIXED = (
    *REPRODUCTIONS,
    "<div>a</div>!<!-- c -->[i](x.png)",  # a comment after a block is moved: "![" joins
    "<div>a</div> <!--a--> <!--b--> <!--c--> x",  # … and four spaces start a line
    "<div>a</div>1<!-- c -->. item",  # … and "1." joins
    "[r]<div>a</div>x<!-- c -->: http://a.jp\n\n[r]",
    "a  <br/>\nb",
    "t\x02\n: d",
    "a \x03\nb",
    "[r]\x02: http://a.jp\n\n[r]",
    "a  \rb",
    "term\r: def",
    "- k\n\n    continued\n",
    "``\x02`\ncode\n```",  # a fence once STX is gone
    "a\r```\nx <b>\r```",  # … and once a lone CR ends a line
    "■ 見出し\n\n```\n■ コード\n# コード\n```\n\n■ 見出し",
    "```\nunclosed\n\n■ 見出し\n\n```",
    "<div>\n```\ncode\n```\n</div>\n\n```\n<div>\n```\n</div>",
    '```{ .py #c onclick="x()" }\n1/22 https://www.example.jp/ &#169\n```\n\n[^1]\n\n[^1]: n',
)
# Summaries converted together (blocks): a "&#" that starts no reference ends
# Python-Markdown's HTML scan, so "&#x26" in the next one would stay incomplete; a first
# line of spaces and "\r" is blank only once line ends are normalised.
FIXED_GROUPS = (
    ["a &#b", "c &#x26 d"],
    ["a &#b; &#c", "d &#x26 e"],
    ["a", " \r\n- b"],
    ["```\nopen", "■ x\n```", "b"],  # a fence left open would take the next summary in
)
CONTEXTS = (
    DateContext("ja", 2021),
    DateContext("en", 2021, (dt.date(2020, 1, 22),)),
    DateContext("ja", 2021, (), "era"),
)


def generate(rng: random.Random) -> str:
    """One text: a few dozen pieces, each maybe at the start of a line."""
    out: list[str] = []
    for _ in range(rng.randint(0, 24)):
        pool = rng.choice(_POOLS)
        separator = rng.choice(SEPARATORS)
        if (pool is LINE_STARTS or pool is FENCES) and rng.random() < 0.8:
            separator = rng.choice(("\n", "\n\n", "\n  "))
        out += [separator, rng.choice(pool)]
    return "".join(out)


def text_number(number: int) -> str:
    """The corpus's text ``number``: the same on every run and in every process."""
    return generate(random.Random(number))


def case_number(number: int) -> tuple[list[str], DateContext, int]:
    """Texts converted together (blocks), a date context and a base level, for ``number``."""
    rng = random.Random(f"group {number}")
    texts = [text_number(rng.randrange(10**9)) for _ in range(rng.randint(1, 5))]
    if rng.random() < 0.5:  # mostly texts that can share one conversion
        texts = [text for text in texts if "<" not in text and "]:" not in text] or ["x"]
    return texts, rng.choice(CONTEXTS), rng.randint(1, 6)


class Differential:
    """The pruned and the unpruned converter, each text alone and as a report's summaries."""

    def __init__(self, trusted_html: bool = True) -> None:
        # Without the sanitiser, a difference it would hide still counts.
        self.pruned = MarkdownRenderer(trusted_html=trusted_html)
        self.unpruned = MarkdownRenderer(trusted_html=trusted_html, prune=False)

    def mismatch(
        self, texts: Sequence[str], context: DateContext, base_level: int = 2
    ) -> str | None:
        """A description of the first difference, or None when the two agree."""
        prefixes = [f"s{n}-" for n in range(len(texts))]
        alone = [
            _block(self.unpruned, t, context, base_level, p)
            for t, p in zip(texts, prefixes, strict=True)
        ]
        for text, prefix, expected in zip(texts, prefixes, alone, strict=True):
            got = _block(self.pruned, text, context, base_level, prefix)
            if got != expected:
                return f"text {text!r}\npruned   {got!r}\nunpruned {expected!r}"
        if len(texts) > 1:
            try:
                together = self.pruned.blocks(texts, context, base_level, prefixes)
            except SiteError as error:
                together = [f"error: {error.format()}"] * len(texts)
            errors = [html for html in alone if html.startswith("error: ")]
            if together != alone and not (errors and together == [errors[0]] * len(texts)):
                return f"texts {list(texts)!r}\nblocks() {together!r}\none by one {alone!r}"
        return None


def _block(
    renderer: MarkdownRenderer, text: str, context: DateContext, base_level: int, prefix: str
) -> str:
    try:
        return renderer.block(text, context, base_level, prefix)
    except SiteError as error:
        return f"error: {error.format()}"


def mismatches(differential: Differential, numbers: Iterator[int]) -> Iterator[str]:
    """The differences found for the corpus cases ``numbers``."""
    for number in numbers:
        texts, context, base_level = case_number(number)
        found = differential.mismatch(texts, context, base_level)
        if found is not None:
            yield f"case {number}: {found}"


CORPUS_SIZE = 1500  # cases: about 3,200 texts


@pytest.mark.parametrize("text", FIXED)
def test_fixed_cases(text: str) -> None:
    for context in CONTEXTS:
        assert Differential().mismatch([text], context) is None


@pytest.mark.parametrize("texts", FIXED_GROUPS)
def test_fixed_groups(texts: list[str]) -> None:
    assert Differential().mismatch(texts, CONTEXTS[0]) is None


def test_reproductions_give_full_python_markdowns_output() -> None:
    """The issue's two texts: a hard break before a block of HTML, "&#169" without ";"."""
    full = markdown.Markdown(extensions=[e() for _, e in markdown_pruning.EXTENSIONS])
    renderer = MarkdownRenderer(trusted_html=True)
    for text in REPRODUCTIONS:
        full.reset()
        expected = full.convert(text).replace("<br />", "<br>")
        assert renderer.block(text, CONTEXTS[0]) == expected
    assert "<br>" in renderer.block(REPRODUCTIONS[0], CONTEXTS[0])
    assert "©" in MarkdownRenderer().block(REPRODUCTIONS[1], CONTEXTS[0])


def test_generated_corpus() -> None:
    """Each text alone and in groups (blocks), without the sanitiser."""
    found = next(mismatches(Differential(), iter(range(CORPUS_SIZE))), None)
    assert found is None, found


def test_generated_corpus_sanitised() -> None:
    """The real pipeline's output, sanitiser included, on part of the corpus."""
    found = next(mismatches(Differential(trusted_html=False), iter(range(0, CORPUS_SIZE, 5))), None)
    assert found is None, found


def test_the_corpus_holds_every_pruned_syntax() -> None:
    """Every trigger fires somewhere in the corpus, and every processor is left out
    somewhere: otherwise the corpus tests nothing about that one."""
    fired: set[str] = set()
    left_out: set[str] = set()
    every = {f"{registry}:{name}" for registry, name, *_ in markdown_pruning._PRUNABLE}
    for number in range(CORPUS_SIZE):
        wanted, unused = markdown_pruning.pruning_for(text_number(number))
        fired |= (every - unused) | wanted
        left_out |= unused | (markdown_pruning.ALL_OPTIONAL - wanted - {"sane_lists"})
    optional = markdown_pruning.ALL_OPTIONAL - {"sane_lists"}
    assert fired >= every | optional
    assert left_out >= every | optional


def test_processor_names_are_the_ones_the_table_was_written_for() -> None:
    full = markdown.Markdown(extensions=[e() for _, e in markdown_pruning.EXTENSIONS])
    registered = markdown_pruning.registered_processors(full)
    assert markdown_pruning.unreviewed_processors(registered) == []
    markdown_pruning.check_processors(full)


def test_unknown_or_missing_processors_fail_loudly() -> None:
    full = markdown.Markdown(extensions=[e() for _, e in markdown_pruning.EXTENSIONS])
    full.inlinePatterns.register(full.inlinePatterns["link"], "new_link", 161)
    full.parser.blockprocessors.deregister("hr")
    with pytest.raises(RuntimeError) as raised:
        markdown_pruning.check_processors(full)
    message = str(raised.value)
    assert "unknown inline processor 'new_link'" in message
    assert "missing block processor 'hr'" in message
    assert "review the pruning table" in message
