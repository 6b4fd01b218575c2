"""Writing the Front Door's year into the database, and deleting it with the county.

Requests and their children get their ids here (the next free ones), so that a request's
reference is "RFS-" and its id, as `support_request_submit` gives it, without a second write;
the sequences are moved past them afterwards (PostgreSQL; SQLite's follows by itself). Every
table is written with `rows.rows_insert`, which keeps the times each record was made (a model's
save would stamp them with now)."""

from collections import Counter

from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max, Q

from frontdoor.core.models import User
from frontdoor.demo import users as demo_users
from frontdoor.demo.front_door.records import FrontDoorYear
from frontdoor.demo.rows import rows_insert
from frontdoor.support.models import RequestChild, SupportRequest, TriageDecision
from frontdoor.support.models_cases import Case
from frontdoor.support.models_conversations import DistrictConversation
from frontdoor.support.models_documents import RequestDocument


def _day(value):
    return connection.ops.adapt_datefield_value(value)


def _instant(value):
    return connection.ops.adapt_datetimefield_value(value)


def _json_of(model, name: str):
    """The database's value for a JSON field of `model`, worked out once for each list."""
    field = model._meta.get_field(name)
    known = {}

    def prepared(value: list):
        key = tuple(value)
        if key not in known:
            known[key] = field.get_db_prep_save(value, connection)
        return known[key]

    return prepared


def _next_id(model) -> int:
    return (model.objects.aggregate(last=Max("pk"))["last"] or 0) + 1


def year_save(
    *, year: FrontDoorYear, county, pupil_ids, school_ids, district_ids, progress
) -> dict[str, int]:
    """Write `year` (made from `county`, whose rows have the ids given) and its staff."""
    users = dict(
        User.objects.filter(username__in=demo_users.DEMO_USERNAMES).values_list("username", "pk")
    )
    users |= demo_users.demo_staff_save(
        staff=year.staff, district_ids=district_ids, school_ids=school_ids
    )
    request_ids = _requests_insert(year, users, progress)
    child_ids = _children_insert(year, county, request_ids, pupil_ids, school_ids, progress)
    decisions = _decisions_insert(year, request_ids, users, district_ids, progress)
    _conversations_insert(year, request_ids, users, district_ids, progress)
    _cases_insert(year, request_ids, child_ids, users, district_ids, progress)
    statements = connection.ops.sequence_reset_sql(no_style(), [SupportRequest, RequestChild])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
    return {
        "Front Door staff": len(year.staff),
        "requests for support": len(year.requests),
        "children on requests": sum(len(request.children) for request in year.requests),
        "triage decisions": decisions,
        "District Conversations": len(year.conversations),
        "cases": len(year.cases),
    }


def _requests_insert(year: FrontDoorYear, users, progress) -> list[int]:
    first = _next_id(SupportRequest)
    indicators = _json_of(SupportRequest, "indicators")
    fields = (
        "id",
        "reference",
        "status",
        "created_by",
        "created_at",
        "updated_at",
        "submitted_at",
        "received_on",
        "parents",
        "address",
        "postcode",
        "household",
        "language",
        "interpreter_needed",
        "family_email",
        "indicators",
        "concerns",
        "tried",
        "consent",
        "consent_not_sought_reason",
        "referrer_name",
        "referrer_role",
        "referrer_organisation",
        "referrer_phone",
        "referrer_email",
        "source",
    )
    rows = []
    for number, request in enumerate(year.requests):
        pk = first + number
        family = year.households[request.household]
        submitted = request.submitted_at is not None
        rows.append(
            (
                pk,
                f"RFS-{pk:06d}" if submitted else None,
                request.status,
                users[request.created_by],
                _instant(request.created_at),
                _instant(request.updated_at or request.created_at),
                _instant(request.submitted_at) if submitted else None,
                _day(request.received_on) if submitted else None,
                family.parents,
                family.address,
                family.postcode,
                family.household,
                family.language,
                family.interpreter_needed,
                family.family_email,
                indicators(request.indicators),
                request.concerns,
                request.tried,
                request.consent,
                request.consent_not_sought_reason,
                request.referrer_name,
                request.referrer_role,
                request.referrer_organisation,
                request.referrer_phone,
                request.referrer_email,
                request.source,
            )
        )
    rows_insert(SupportRequest, fields, rows, "requests", progress)
    return [first + number for number in range(len(year.requests))]


def _children_insert(year, county, request_ids, pupil_ids, school_ids, progress):
    """The children's ids, by request and position."""
    pk = _next_id(RequestChild)
    fields = ("id", "request", "first_name", "last_name", "date_of_birth", "upn", "school", "pupil")
    rows, ids = [], []
    for request, request_id in zip(year.requests, request_ids, strict=True):
        ids.append([])
        for child in request.children:
            pupil = county.pupils[child.pupil]
            rows.append(
                (
                    pk,
                    request_id,
                    pupil.first_name,
                    pupil.last_name,
                    _day(pupil.date_of_birth),
                    pupil.upn if child.upn_given else "",
                    school_ids[child.school],
                    pupil_ids[child.pupil] if child.matched else None,
                )
            )
            ids[-1].append(pk)
            pk += 1
    rows_insert(RequestChild, fields, rows, "request_children", progress)
    return ids


def _decisions_insert(year, request_ids, users, district_ids, progress) -> int:
    indicators = _json_of(TriageDecision, "indicators")
    fields = (
        "request",
        "level",
        "indicators",
        "rationale",
        "route",
        "decided_by",
        "decided_at",
        "signed_off_by",
        "signed_off_at",
        "returned_note",
        "district",
    )
    rows = [
        (
            request_id,
            decision.level,
            indicators(decision.indicators),
            decision.rationale,
            decision.route,
            users[decision.decided_by],
            _instant(decision.decided_at),
            users[decision.signed_off_by] if decision.signed_off_by else None,
            _instant(decision.signed_off_at) if decision.signed_off_at else None,
            "",
            district_ids[decision.district],
        )
        for request, request_id in zip(year.requests, request_ids, strict=True)
        if (decision := request.decision) is not None
    ]
    rows_insert(TriageDecision, fields, rows, "decisions", progress)
    return len(rows)


def _conversations_insert(year, request_ids, users, district_ids, progress) -> None:
    fields = (
        "district",
        "asked_on",
        "asked_by_name",
        "asked_by_role",
        "asked_by_organisation",
        "about",
        "advice",
        "outcome",
        "followed_referral",
        "request",
        "recorded_by",
        "replied_on",
        "replied_by",
        "created_at",
    )
    rows = [
        (
            district_ids[c.district],
            _day(c.asked_on),
            c.asked_by_name,
            c.asked_by_role,
            c.asked_by_organisation,
            c.about,
            c.advice,
            c.outcome,
            c.followed_referral,
            request_ids[c.request] if c.request is not None else None,
            users[c.recorded_by],
            _day(c.replied_on) if c.replied_on else None,
            users[c.replied_by] if c.replied_by else None,
            _instant(c.created_at),
        )
        for c in year.conversations
    ]
    rows_insert(DistrictConversation, fields, rows, "conversations", progress)


def _cases_insert(year, request_ids, child_ids, users, district_ids, progress) -> None:
    fields = (
        "request",
        "child",
        "team",
        "district",
        "opened_on",
        "worker",
        "allocated_on",
        "assessment_completed_on",
        "assessment_outcome",
        "closed_on",
        "closure_reason",
    )
    rows = [
        (
            request_ids[case.request],
            child_ids[case.request][case.child],
            case.team,
            district_ids[case.district],
            _day(case.opened_on),
            users[case.worker] if case.worker else None,
            _day(case.allocated_on) if case.allocated_on else None,
            _day(case.assessment_completed_on) if case.assessment_completed_on else None,
            case.assessment_outcome,
            _day(case.closed_on) if case.closed_on else None,
            case.closure_reason,
        )
        for case in year.cases
    ]
    rows_insert(Case, fields, rows, "cases", progress)


def year_delete(*, schools) -> dict[str, int]:
    """Delete the Front Door's records about the county (a child at one of its `schools`, or
    matched to a pupil enrolled at one) or made by the demo's people, whoever made them (the
    sign-ins may have added some through the service), then the demo's staff. Attached
    documents' files go once the deletion commits.

    The requests are found once (a join across the county, too slow to repeat for every
    table), then deleted with what hangs off them by runs of consecutive ids: the year's are
    one run, written together."""
    people = User.objects.filter(
        Q(username__in=demo_users.DEMO_USERNAMES) | Q(pk__in=demo_users.demo_staff().values("pk"))
    )
    about_county = RequestChild.objects.filter(
        Q(school__in=schools) | Q(pupil__enrolments__establishment__in=schools)
    )
    found = SupportRequest.objects.filter(
        Q(pk__in=about_county.values("request")) | Q(created_by__in=people)
    )
    fast = _referring_models(SupportRequest) <= FRONT_DOOR_MODELS and _referring_models(
        RequestChild
    ) <= {Case}
    deleted = Counter()
    files = []
    for run in _runs(sorted(found.values_list("pk", flat=True))):
        deleted["cases"] += Case.objects.filter(**_within("request_id", run)).delete()[0]
        deleted["District Conversations"] += DistrictConversation.objects.filter(
            **_within("request_id", run)
        ).delete()[0]
        decisions = TriageDecision.objects.filter(**_within("request_id", run))
        deleted["triage decisions"] += decisions.delete()[0]
        documents = RequestDocument.objects.filter(**_within("request_id", run))
        files += [(document.file.storage, document.file.name) for document in documents]
        documents.delete()
        requests = SupportRequest.objects.filter(**_within("pk", run))
        if fast:
            children = RequestChild.objects.filter(**_within("request_id", run))
            deleted["children on requests"] += _delete_fast(children)
            deleted["requests for support"] += _delete_fast(requests)
        else:  # other apps' records: the ORM cascades to them, or is stopped by them
            _, by_model = requests.delete()
            deleted["requests for support"] += by_model.get(SupportRequest._meta.label, 0)
            deleted["children on requests"] += by_model.get(RequestChild._meta.label, 0)
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])
    deleted["cases"] += Case.objects.filter(worker__in=people).delete()[0]
    deleted["District Conversations"] += DistrictConversation.objects.filter(
        Q(recorded_by__in=people) | Q(replied_by__in=people)
    ).delete()[0]
    deleted["Front Door staff"] = demo_users.demo_staff_delete()
    return dict(deleted)


def _within(field: str, run: tuple[int, int]) -> dict:
    first, last = run
    return {f"{field}__gte": first, f"{field}__lte": last}


def _runs(ids: list[int]) -> list[tuple[int, int]]:
    """Sorted `ids` as runs of consecutive numbers: (first, last) of each."""
    runs: list[tuple[int, int]] = []
    for pk in ids:
        if runs and runs[-1][1] == pk - 1:
            runs[-1] = (runs[-1][0], pk)
        else:
            runs.append((pk, pk))
    return runs


FRONT_DOOR_MODELS = {RequestChild, TriageDecision, DistrictConversation, RequestDocument, Case}


def _referring_models(model) -> set:
    """The models with a relation to `model` (hidden ones too)."""
    return {
        field.related_model
        for field in model._meta.get_fields(include_hidden=True)
        if field.auto_created and not field.concrete
    }


def _delete_fast(queryset) -> int:
    """Delete `queryset`'s rows in one statement: the ORM's cascade would read every child of
    the requests into memory to look for cases, and there are none left by then."""
    model = queryset.model
    select, params = queryset.values("pk").query.get_compiler(connection.alias).as_sql()
    quote = connection.ops.quote_name
    table, key = quote(model._meta.db_table), quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        # The subquery is the ORM's own SQL for `queryset`; its values are parameters.
        cursor.execute(f"DELETE FROM {table} WHERE {key} IN ({select})", params)  # noqa: S608
        return cursor.rowcount
