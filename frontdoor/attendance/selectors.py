"""Reads the attendance engine makes of the database, as Arrow tables for DuckDB to join on."""

import pyarrow as pa

from frontdoor.pupils.models import Enrolment, Pupil
from frontdoor.schools.models import Establishment


def school_urns() -> pa.Table:
    """Every establishment's URN: `urn int32`."""
    return pa.table(
        {"urn": pa.array(Establishment.objects.values_list("urn", flat=True), pa.int32())}
    )


def pupil_upns() -> pa.Table:
    """Every pupil's UPN: `upn string`."""
    return pa.table({"upn": pa.array(Pupil.objects.values_list("upn", flat=True), pa.string())})


def enrolment_windows() -> pa.Table:
    """Every enrolment as `urn int32, upn string, admission_date date32, leaving_date date32`,
    the leaving date null while the pupil is on roll."""
    rows = Enrolment.objects.values_list(
        "establishment__urn", "pupil__upn", "admission_date", "leaving_date"
    )
    urns, upns, admitted, left = zip(*rows, strict=True) if rows else ((), (), (), ())
    return pa.table(
        {
            "urn": pa.array(urns, pa.int32()),
            "upn": pa.array(upns, pa.string()),
            "admission_date": pa.array(admitted, pa.date32()),
            "leaving_date": pa.array(left, pa.date32()),
        }
    )
