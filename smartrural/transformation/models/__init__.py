"""Digital transformation models, one module per group of models: targets and work records
(``targets``, ``work_record_stats``), officials and trainings (``officials``, ``trainings``,
``training_participants``), community technology teams (``teams``, ``team_activities``),
essential digital services (``digital_services``, ``service_offerings``), smart commune and
hamlet pilots (``pilot_scoring``, ``pilots``, ``pilot_plans``, ``smart_hamlets``)."""

from .digital_services import DigitalService, ServiceCategory
from .officials import Official
from .pilot_plans import PilotMilestone, PilotPlan
from .pilot_scoring import PilotKind, ScoringCriterion
from .pilots import CandidateScore, CandidateStatus, OutstandingField, PilotCandidate
from .service_offerings import ServiceOffering
from .smart_hamlets import HamletAssessment, SmartHamletItem
from .targets import Indicator, Target, TargetLevel
from .team_activities import ActivityKind, TeamActivity
from .teams import CommunityTechTeam, TeamMember
from .training_participants import Attendance, TrainingMaterial, TrainingParticipant
from .trainings import TrainingEvent, TrainingFormat, TrainingKind
from .work_record_stats import Source, WorkRecordStat

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
