"""All tables, imported here so `Base.metadata` knows every one of them."""

from desktop.store.base import Synced
from desktop.store.models.admin import Commune, Province
from desktop.store.models.centre import Activity, LearningCentre, Participation
from desktop.store.models.clans import Clan, ClanHousehold
from desktop.store.models.local import ChangeLog, LocalSetting
from desktop.store.models.register import Citizen, Hamlet, Household
from desktop.store.models.sync_state import ProvinceAnnouncement, SyncQuarantine
from desktop.store.models.titles import (
    Certificate,
    CertificatePrint,
    Evaluation,
    EvaluationRound,
    Recognition,
    RecognitionDecision,
    SubjectChecks,
    TitleRegistration,
)
from desktop.store.models.units import LearningUnit

SYNCED_MODELS: tuple[type[Synced], ...] = (
    Hamlet,
    LearningUnit,
    Household,
    Citizen,
    Clan,
    ClanHousehold,
    LearningCentre,
    Activity,
    Participation,
    TitleRegistration,
    SubjectChecks,
    EvaluationRound,
    Evaluation,
    RecognitionDecision,
    Recognition,
    Certificate,
    CertificatePrint,
)

__all__ = [
    "Activity",
    "Certificate",
    "CertificatePrint",
    "Evaluation",
    "EvaluationRound",
    "SubjectChecks",
    "Recognition",
    "RecognitionDecision",
    "TitleRegistration",
    "ChangeLog",
    "Citizen",
    "Clan",
    "ClanHousehold",
    "Commune",
    "Hamlet",
    "Household",
    "LearningCentre",
    "LearningUnit",
    "LocalSetting",
    "Participation",
    "Province",
    "ProvinceAnnouncement",
    "SyncQuarantine",
    "SYNCED_MODELS",
]
