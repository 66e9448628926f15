"""What both backends share: how a query's tokens match, and how many matches are ranked."""

# A query matching more entries than this is ranked within its newest RANK_WINDOW matches: ranking every one
# of hundreds of thousands of matches for a common phrase is what made such queries slow, and an officer
# refines such a query rather than paging through it. A smaller match set is ranked exactly.
RANK_WINDOW = 2_000


def prefixed(tokens: list[str]) -> list[tuple[str, bool]]:
    """(token, is_prefix) pairs: only the last token, the one still being typed, matches as a prefix, and only
    from two characters on; earlier tokens are whole words. A one-letter prefix would expand to a large part
    of the vocabulary."""
    last = len(tokens) - 1
    return [(tok, i == last and len(tok) >= 2) for i, tok in enumerate(tokens)]


def window(limit: int, offset: int) -> int:
    return max(RANK_WINDOW, offset + limit)
