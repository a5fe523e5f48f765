"""Staff reports: who may open them, the charts and tables, CSV exports, and bounded query counts."""

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client

from accounts.enums import Region
from frontend.spreadsheets import safe_cell
from frontend.views.reports import bar_chart, grouped_svg_chart, stacked_chart
from projects.enums import Stage
from projects.reports import ReportTable
from tests.factories.accounts import CorporationFactory, OrganisationFactory, StaffFactory, UserFactory
from tests.factories.projects import ActivityRecordFactory, HeldMeetingFactory, ProposalFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def staff_client():
    return logged_in(StaffFactory.create())


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


@pytest.mark.parametrize("path", ["/reports/", "/reports/members.csv"])
def test_reports_are_for_staff_only(path):
    anonymous = Client().get(path)
    member = logged_in(UserFactory.create(organisation=OrganisationFactory.create())).get(path)

    assert (anonymous.status_code, anonymous["Location"].startswith("/accounts/login/")) == (302, True)
    assert member.status_code == 403


def test_report_page_shows_every_report_with_chart_and_table(staff_client):
    OrganisationFactory.create(region=Region.AFRICA)
    ProposalFactory.create(stage=Stage.PARTNERSHIP_AGREED)

    response = staff_client.get("/reports/")

    html = response.content.decode()
    assert response.status_code == 200
    for name in ("members", "activity", "pipeline", "activator"):
        assert f'data-testid="{name}-table"' in html
        assert f'href="/reports/{name}.csv"' in html
    assert html.count('<svg class="chart"') == 1
    assert 'class="bar series-0" x="0.0" width="100.0"' in html  # Africa's cities: the longest bar
    # No script of its own: only the layout's (the JavaScript catalog, site.js, the live-updates client
    # and the notification bell).
    assert html.count("<script") == 4


def test_members_csv(staff_client):
    OrganisationFactory.create_batch(2, region=Region.AFRICA)
    CorporationFactory.create(region=Region.EUROPE)

    response = staff_client.get("/reports/members.csv")

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="members.csv"'
    assert read_csv(response) == [
        ["Region", "Local government", "Corporation", "Institution", "Total"],
        ["Africa", "2", "0", "0", "2"],
        ["Europe", "0", "1", "0", "1"],
        ["Middle East & North Africa", "0", "0", "0", "0"],
        ["Americas", "0", "0", "0", "0"],
        ["Asia-Pacific", "0", "0", "0", "0"],
        ["All regions", "2", "1", "0", "3"],
    ]


def test_pipeline_csv(staff_client):
    ProposalFactory.create(stage=Stage.PROPOSAL, budget_amount=Decimal("1000.50"), budget_currency="KRW")
    ProposalFactory.create(stage=Stage.DONE, budget_amount=Decimal("2000"), budget_currency="KRW")

    rows = read_csv(staff_client.get("/reports/pipeline.csv"))

    assert rows[0] == ["Stage", "Proposals", "Budget (KRW)"]
    assert rows[1] == ["Proposal", "1", "1000.50"]
    assert rows[6] == ["Done", "1", "2000.00"]
    assert rows[-1] == ["All stages", "2", "3000.50"]


def test_activity_csv_has_twelve_months_and_a_total(staff_client):
    ActivityRecordFactory.create_batch(2)
    HeldMeetingFactory.create()

    rows = read_csv(staff_client.get("/reports/activity.csv"))

    assert rows[0] == ["Month", "Searches", "Recommendations followed", "Meetings requested", "Meetings held"]
    assert len(rows) == 1 + 12 + 1
    assert rows[-1][:4] == ["Total", "2", "0", "1"]


def test_activator_csv_lists_stages(staff_client):
    rows = read_csv(staff_client.get("/reports/activator.csv"))

    assert rows[0] == ["Stage", "Cities"]
    assert rows[-1] == ["All stages", "0"]


def test_unknown_report_is_404(staff_client):
    assert staff_client.get("/reports/secrets.csv").status_code == 404


@pytest.mark.parametrize("item_count", [1, 3])
def test_report_page_query_count_does_not_grow_with_data(staff_client, django_assert_num_queries, item_count):
    for _ in range(item_count):
        ProposalFactory.create(budget_currency="EUR")
        ActivityRecordFactory.create()
        HeldMeetingFactory.create()

    # session, user, members, activity log, meetings requested, meetings held, pipeline, Activator
    with django_assert_num_queries(8):
        response = staff_client.get("/reports/")

    assert response.status_code == 200


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("@x", "'@x"),
        ("Africa", "Africa"),
        (3, 3),
        (Decimal("1.5"), Decimal("1.5")),
    ],
)
def test_csv_cells_never_start_a_formula(value, cell):
    assert safe_cell(value) == cell


def test_charts_scale_to_the_largest_value():
    table = ReportTable("t", "T", ["Name", "A", "B", "Total"], [["x", 1, 3, 4], ["y", 2, 0, 2]])

    bars = bar_chart(table, column=3)
    stacked = stacked_chart(table)
    svg = grouped_svg_chart(ReportTable("t", "T", ["Month", "A", "B"], [["m1", 0, 4], ["m2", 2, 1]]))

    assert [(b["label"], b["percent"]) for b in bars] == [("x", 100.0), ("y", 50.0)]
    assert [s["percent"] for s in stacked[0]["segments"]] == [25.0, 75.0]
    assert [bar["height"] for group in svg["groups"] for bar in group["bars"]] == [0, 200.0, 100.0, 50.0]


def test_charts_of_empty_tables_have_no_bars():
    empty = ReportTable("t", "T", ["Stage", "Cities"], [["1. Starting", 0]])

    assert bar_chart(empty) == [{"label": "1. Starting", "value": 0, "percent": 0.0}]
