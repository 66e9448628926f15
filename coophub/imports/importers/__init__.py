"""Column specs, row validation (the dry run) and applying a validated plan through the partner services.

validate() reads nothing but the database and writes nothing; apply() writes only through
coophub.partners.services so every row is checked by the policy, validated and audited like a hand edit.
"""

from .base import Importer, Outcome, RowFailed, error_list
from .contacts import ContactImporter
from .partners import PartnerImporter

IMPORTERS = {"partners": PartnerImporter, "contacts": ContactImporter}


def importer_for(kind: str, actor) -> Importer:
    return IMPORTERS[kind](actor)


__all__ = ["IMPORTERS", "Importer", "Outcome", "RowFailed", "error_list", "importer_for"]
