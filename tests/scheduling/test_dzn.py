"""The .dzn reader of the B2B benchmark instances: an inline sample and one real file."""

from pathlib import Path

import pytest

from scheduling.dzn import DznError, instance_from_text, parse_dzn, read_instance, to_problem
from scheduling.solver.problem import MeetingRequest

pytestmark = [pytest.mark.unit, pytest.mark.portable]

SAMPLE = """
% a tiny event: 4 participants, 3 meetings
nBusiness = 4;
nMeetings = 3;
nTables = 2;
nTotalSlots = 5;
nMorningSlots = 3;   % slots 1..3 are the morning

requested = [|1, 2,1,
|3, 2,2,
|4, 1,3,
|];

meetingsxBusiness = [{1,2,4},{1,2,3},{1,3},{1,4}];
nMeetingsBusiness = [2,2,1,1];
forbidden = [{0}, {0,4}, {0, 1..2}, {}];
fixed = [0,5,0];
precedences = [{}, {}, {1}];
"""

REAL_FILE = (
    Path(__file__).resolve().parents[3] / "shared" / "bench-data" / "b2b" / "dzn" / "tic-12.original.dzn"
)


def test_parse_dzn_reads_ints_rows_and_sets():
    values = parse_dzn(SAMPLE)

    assert (values["nBusiness"], values["nTables"], values["nMorningSlots"]) == (4, 2, 3)
    assert values["requested"] == [[1, 2, 1], [3, 2, 2], [4, 1, 3]]
    assert values["forbidden"] == [frozenset({0}), frozenset({0, 4}), frozenset({0, 1, 2}), frozenset()]
    assert values["fixed"] == [0, 5, 0]


def test_instance_from_text_drops_the_forbidden_placeholder():
    instance = instance_from_text(SAMPLE)

    assert instance.n_meetings == 3
    assert instance.forbidden == (frozenset(), frozenset({4}), frozenset({1, 2}), frozenset())
    assert instance.precedences == (frozenset(), frozenset(), frozenset({1}))


def test_to_problem_uses_zero_based_slots_and_two_sessions():
    problem = to_problem(instance_from_text(SAMPLE))

    assert (problem.slots, problem.tables, problem.sessions) == (5, 2, ((0, 3), (3, 5)))
    assert problem.meetings == (
        MeetingRequest(id=1, first=1, second=2, session=0),
        MeetingRequest(id=2, first=3, second=2, session=1, pinned_slot=4),
        MeetingRequest(id=3, first=4, second=1, session=None),
    )
    assert problem.unavailable == {2: frozenset({3}), 3: frozenset({0, 1})}
    assert problem.precedences == ((1, 3),)
    assert problem.max_break_spread == 2


def test_instance_from_text_rejects_a_count_that_disagrees_with_the_rows():
    broken = SAMPLE.replace("nMeetingsBusiness = [2,2,1,1];", "nMeetingsBusiness = [2,2,2,1];")

    with pytest.raises(DznError) as raised:
        instance_from_text(broken, source="sample")

    assert str(raised.value) == "sample: nMeetingsBusiness does not match the requested meetings"


def test_parse_dzn_reports_a_missing_semicolon():
    with pytest.raises(DznError) as raised:
        parse_dzn("nBusiness = 4\nnTables = 2;")

    assert str(raised.value) == "missing ';' after nBusiness"


def test_read_instance_reads_a_published_file():
    instance = read_instance(REAL_FILE)
    problem = to_problem(instance)

    assert (instance.n_business, instance.n_meetings, instance.n_tables, instance.n_total_slots) == (
        42,
        125,
        21,
        8,
    )
    assert problem.sessions == ((0, 8),)
    assert problem.meetings[0] == MeetingRequest(id=1, first=1, second=8, session=None)
    assert problem.unavailable == {}
    assert problem.precedences == ()
