"""Column specs, row validation (the dry run) and applying a validated plan through the domain services.

validate() reads nothing but the database and writes nothing; apply() writes only through the domain services
(partners, agreements, assignments), so every row is checked by the policy, validated and audited like a
hand edit.
"""

from .agreements import AgreementImporter
from .base import Importer, Outcome, RowFailed, error_list
from .commitments import CommitmentImporter
from .contacts import ContactImporter
from .partners import PartnerImporter
from .tasks import TaskImporter

IMPORTERS = {
    "partners": PartnerImporter,
    "contacts": ContactImporter,
    "agreements": AgreementImporter,
    "commitments": CommitmentImporter,
    "tasks": TaskImporter,
}


def importer_for(kind: str, actor) -> Importer:
    return IMPORTERS[kind](actor)


__all__ = ["IMPORTERS", "Importer", "Outcome", "RowFailed", "error_list", "importer_for"]
