"""Digital transformation models, one module per part of the programme:
targets and work records (``targets``), officials and trainings (``officials``), community
technology teams (``teams``), essential digital services (``digital_services``), smart commune
and hamlet pilots (``pilots``)."""

from .digital_services import DigitalService, ServiceCategory, ServiceOffering
from .officials import (
    Attendance,
    Official,
    TrainingEvent,
    TrainingFormat,
    TrainingKind,
    TrainingMaterial,
    TrainingParticipant,
)
from .pilots import (
    CandidateScore,
    CandidateStatus,
    HamletAssessment,
    OutstandingField,
    PilotCandidate,
    PilotKind,
    PilotMilestone,
    PilotPlan,
    ScoringCriterion,
    SmartHamletItem,
)
from .targets import Indicator, Source, Target, TargetLevel, WorkRecordStat
from .teams import ActivityKind, CommunityTechTeam, TeamActivity, TeamMember

__all__ = [
    "ActivityKind",
    "Attendance",
    "CandidateScore",
    "CandidateStatus",
    "CommunityTechTeam",
    "DigitalService",
    "HamletAssessment",
    "Indicator",
    "Official",
    "OutstandingField",
    "PilotCandidate",
    "PilotKind",
    "PilotMilestone",
    "PilotPlan",
    "ScoringCriterion",
    "ServiceCategory",
    "ServiceOffering",
    "SmartHamletItem",
    "Source",
    "Target",
    "TargetLevel",
    "TeamActivity",
    "TeamMember",
    "TrainingEvent",
    "TrainingFormat",
    "TrainingKind",
    "TrainingMaterial",
    "TrainingParticipant",
    "WorkRecordStat",
]
