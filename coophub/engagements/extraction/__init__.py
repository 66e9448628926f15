"""Text → engagement record extraction: rules and gazetteers, offline and deterministic.

from coophub.engagements.extraction import extract, ExtractionInputError, Gazetteer, KnownPartner
result = extract(text, language="auto", partners=[KnownPartner(1, "MAFF", ("Ministry of …",), "JP")])
"""

from .engine import extract
from .gazetteer import Gazetteer
from .types import ExtractionInputError, KnownPartner

__all__ = ["ExtractionInputError", "Gazetteer", "KnownPartner", "extract"]
