"""The vocabulary's codes as types: a struct field of one of these accepts only its codes.

For the type checker they are plain ``str``; at run time msgspec sees a ``Literal`` of the codes
the vocabulary defines, so the words, the colours and the validation cannot drift apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from controlroom import vocabulary as v

if TYPE_CHECKING:
    UnitStatusCode = str
    GradeCode = str
    CaptureKindCode = str
    TriageStatusCode = str
    TaskStateCode = str
    TaskKindCode = str
    DeviceTaskStateCode = str
    DeviceStatusCode = str
    EmergencyStatusCode = str
    UnitModeCode = str
    MessageDirectionCode = str
    HandlingCode = str
    RoleCode = str
    SourceCode = int
    IntelligenceCode = str
    GradingSystemCode = str
    CustodyActionCode = str
else:
    UnitStatusCode = Literal[v.UNIT_STATUS.codes]
    GradeCode = Literal[v.GRADE.codes]
    CaptureKindCode = Literal[v.CAPTURE_KIND.codes]
    TriageStatusCode = Literal[v.TRIAGE_STATUS.codes]
    TaskStateCode = Literal[v.TASK_STATE.codes]
    TaskKindCode = Literal[v.TASK_KINDS]
    DeviceTaskStateCode = Literal[v.DEVICE_TASK_STATES]
    DeviceStatusCode = Literal[v.DEVICE_STATUSES]
    EmergencyStatusCode = Literal[v.EMERGENCY_STATUS.codes]
    UnitModeCode = Literal[v.UNIT_MODES]
    MessageDirectionCode = Literal[v.MESSAGE_DIRECTIONS]
    HandlingCode = Literal[v.HANDLING_CODE.codes]
    RoleCode = Literal[v.ROLES]
    SourceCode = Literal[v.SOURCE_CODES]
    IntelligenceCode = Literal[v.INTELLIGENCE_ASSESSMENT.codes]
    GradingSystemCode = Literal[v.GRADING_SYSTEMS]
    CustodyActionCode = Literal[v.CUSTODY_ACTION.codes]
