"""What both backends share: how a query's tokens match, and how many matches are ranked."""

# A query matching more entries than this is ranked within its newest RANK_WINDOW matches: ranking every one
# of hundreds of thousands of matches for a common phrase is what made such queries slow, and an officer
# refines such a query rather than paging through it. A smaller match set is ranked exactly.
RANK_WINDOW = 500


def prefixed(tokens: list[str]) -> list[tuple[str, bool]]:
    """(token, is_prefix) pairs: only the last token, the one still being typed, matches as a prefix; earlier
    tokens are whole words. A one-letter last token is not a prefix (it would expand to a large part of the
    vocabulary): after other words it is left out until a second letter is typed ("kiem l" searches "kiem"),
    alone it is matched as a word."""
    if len(tokens) > 1 and len(tokens[-1]) == 1:
        tokens = tokens[:-1]
        return [(tok, False) for tok in tokens]
    last = len(tokens) - 1
    return [(tok, i == last and len(tok) >= 2) for i, tok in enumerate(tokens)]


def window(limit: int, offset: int) -> int:
    return max(RANK_WINDOW, offset + limit)


def rank(tokens: list[str], rows: list[tuple]) -> list[tuple]:
    """Best first: entries whose title holds more of the query's words, then the newest. Ranked here rather
    than by bm25 / ts_rank, which both backends would compute differently and which cost more than the match
    itself on common words (bm25 counts every row holding each word). Rows are (id, ..., title_fold)."""
    # title_fold is folded words joined by single spaces (search.registry), so a word test is a substring
    # test: " tok " as a whole word, " tok" as a prefix.
    needles = [f" {tok}" if prefix else f" {tok} " for tok, prefix in prefixed(tokens)]

    def key(row):
        words = f" {row[-1]} "
        return (-sum(needle in words for needle in needles), -row[0])

    return sorted(rows, key=key)
