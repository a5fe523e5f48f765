"""Reader of the B2B meeting-scheduling benchmark instances (MiniZinc `.dzn` data files). Pure.

The University of Girona instances (Bofill et al., JAIR 74, 2022; format in
`../shared/bench-data/b2b/README.md`) assign integers, 1-D arrays of integers or of sets, and one
2-D array (`requested = [| p1, p2, session | ... |];`). Participants, meetings and slots are 1-based
there; `to_problem` turns an instance into a `scheduling.solver.SchedulingProblem` with 0-based
slots, participant ids 1..nBusiness and meeting ids 1..nMeetings (as in the file).

`meetingsxBusiness` and `nMeetingsBusiness` are redundant with `requested`. In all 140 published
files `meetingsxBusiness[p]` is {1} plus each of p's meeting numbers plus one (an off-by-one of the
generator), so it is read but not used; `nMeetingsBusiness` is checked against `requested`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable
from dataclasses import dataclass
from pathlib import Path

from scheduling.solver.problem import MeetingRequest, SchedulingProblem

Value = int | list[int | frozenset[int]] | list[list[int]]

_TOKEN = re.compile(r"\[\||\|\]|\.\.|-?\d+|[A-Za-z_][A-Za-z0-9_]*|[=;\[\]{},|]|\S")


class DznError(ValueError):
    """The text is not a .dzn file of the expected shape; the message says where."""


@dataclass(frozen=True)
class B2BInstance:
    """One benchmark instance, as in the file (1-based participants, meetings and slots)."""

    n_business: int
    n_tables: int
    n_total_slots: int
    n_morning_slots: int
    requested: tuple[tuple[int, int, int], ...]  # (participant, participant, 1 morning | 2 afternoon | 3 any)
    forbidden: tuple[frozenset[int], ...]  # per participant: slots it cannot attend (placeholder 0 dropped)
    fixed: tuple[int, ...]  # per meeting: 0 free, k = must be in slot k
    precedences: tuple[frozenset[int], ...]  # per meeting: meetings that must come earlier

    @property
    def n_meetings(self) -> int:
        return len(self.requested)


def parse_dzn(text: str) -> dict[str, Value]:
    """Every `name = value;` of a .dzn text: ints, arrays of ints or of sets, and `[| ... |]` rows."""
    tokens = _TOKEN.findall(_strip_comments(text))
    values: dict[str, Value] = {}
    position = 0
    while position < len(tokens):
        name = tokens[position]
        if (
            not re.fullmatch(r"[A-Za-z_]\w*", name)
            or position + 1 >= len(tokens)
            or tokens[position + 1] != "="
        ):
            raise DznError(f"expected 'name = value;' at {' '.join(tokens[position : position + 4])!r}")
        value, position = _value(tokens, position + 2, name)
        if position >= len(tokens) or tokens[position] != ";":
            raise DznError(f"missing ';' after {name}")
        values[name] = value
        position += 1
    return values


def read_instance(path: str | Path) -> B2BInstance:
    """The instance in a .dzn file; DznError when a field is missing or inconsistent."""
    return instance_from_text(Path(path).read_text(encoding="utf-8"), source=str(path))


def instance_from_text(text: str, *, source: str = "<text>") -> B2BInstance:
    values = parse_dzn(text)
    n_business = _int(values, "nBusiness", source)
    n_total = _int(values, "nTotalSlots", source)
    rows = values.get("requested")
    rows = rows if isinstance(rows, list) else None
    triples = [row for row in rows or () if isinstance(row, list) and len(row) == 3]
    if rows is None or len(triples) != len(rows):
        raise DznError(f"{source}: requested must be rows of three numbers")
    requested = tuple((row[0], row[1], row[2]) for row in triples)
    n_meetings = values.get("nMeetings", len(requested))
    if n_meetings != len(requested):
        raise DznError(f"{source}: nMeetings = {n_meetings} but requested has {len(requested)} rows")
    for number, (first, second, session) in enumerate(requested, start=1):
        if not (1 <= first <= n_business and 1 <= second <= n_business) or session not in {1, 2, 3}:
            raise DznError(f"{source}: requested row {number} ({first}, {second}, {session}) is out of range")
    forbidden = _sets(values, "forbidden", n_business, source, default=frozenset())
    forbidden = tuple(slots - {0} for slots in forbidden)
    fixed = _ints(values, "fixed", len(requested), source)
    precedences = _sets(values, "precedences", len(requested), source, default=frozenset())
    counts = values.get("nMeetingsBusiness")
    if isinstance(counts, list):
        actual = [0] * n_business
        for first, second, _ in requested:
            actual[first - 1] += 1
            actual[second - 1] += 1
        if counts != actual:
            raise DznError(f"{source}: nMeetingsBusiness does not match the requested meetings")
    return B2BInstance(
        n_business=n_business,
        n_tables=_int(values, "nTables", source),
        n_total_slots=n_total,
        n_morning_slots=_int(values, "nMorningSlots", source),
        requested=requested,
        forbidden=forbidden,
        fixed=fixed,
        precedences=precedences,
    )


def to_problem(instance: B2BInstance, *, max_break_spread: int | None = 2) -> SchedulingProblem:
    """The instance as a solver problem: 0-based slots; session 0 = morning, 1 = afternoon (if any)."""
    morning = (0, instance.n_morning_slots)
    afternoon = (instance.n_morning_slots, instance.n_total_slots)
    sessions = (morning, afternoon) if afternoon[1] > afternoon[0] else (morning,)
    wish = {1: 0, 2: 1 if len(sessions) == 2 else None, 3: None}
    meetings = tuple(
        MeetingRequest(
            id=number,
            first=first,
            second=second,
            session=wish[session],
            pinned_slot=instance.fixed[number - 1] - 1 if instance.fixed[number - 1] else None,
        )
        for number, (first, second, session) in enumerate(instance.requested, start=1)
    )
    unavailable: dict[Hashable, frozenset[int]] = {
        participant: frozenset(slot - 1 for slot in slots)
        for participant, slots in enumerate(instance.forbidden, start=1)
        if slots
    }
    precedences = tuple(
        (earlier, later)
        for later, earlier_ones in enumerate(instance.precedences, start=1)
        for earlier in sorted(earlier_ones)
    )
    return SchedulingProblem(
        slots=instance.n_total_slots,
        tables=instance.n_tables,
        sessions=sessions,
        meetings=meetings,
        unavailable=unavailable,
        precedences=precedences,
        max_break_spread=max_break_spread,
    )


def _strip_comments(text: str) -> str:
    return "\n".join(line.split("%", 1)[0] for line in text.splitlines())


def _value(tokens: list[str], position: int, name: str) -> tuple[Value, int]:
    item = tokens[position] if position < len(tokens) else ""
    if re.fullmatch(r"-?\d+", item):
        return int(item), position + 1
    if item == "[|":
        return _rows(tokens, position + 1, name)
    if item == "[":
        return _array(tokens, position + 1, name)
    raise DznError(f"{name}: unexpected {item!r}")


def _rows(tokens: list[str], position: int, name: str) -> tuple[list[list[int]], int]:
    rows: list[list[int]] = [[]]
    while position < len(tokens) and tokens[position] != "|]":
        item = tokens[position]
        if item == "|":
            rows.append([])
        elif re.fullmatch(r"-?\d+", item):
            rows[-1].append(int(item))
        elif item != ",":
            raise DznError(f"{name}: unexpected {item!r} in a 2-D array")
        position += 1
    if position >= len(tokens):
        raise DznError(f"{name}: missing '|]'")
    return [row for row in rows if row], position + 1


def _array(tokens: list[str], position: int, name: str) -> tuple[list[int | frozenset[int]], int]:
    items: list[int | frozenset[int]] = []
    while position < len(tokens) and tokens[position] != "]":
        item = tokens[position]
        if item == "{":
            members, position = _set(tokens, position + 1, name)
            items.append(members)
            continue
        if re.fullmatch(r"-?\d+", item):
            items.append(int(item))
        elif item != ",":
            raise DznError(f"{name}: unexpected {item!r} in an array")
        position += 1
    if position >= len(tokens):
        raise DznError(f"{name}: missing ']'")
    return items, position + 1


def _set(tokens: list[str], position: int, name: str) -> tuple[frozenset[int], int]:
    members: set[int] = set()
    while position < len(tokens) and tokens[position] != "}":
        item = tokens[position]
        if re.fullmatch(r"-?\d+", item):
            if position + 2 < len(tokens) and tokens[position + 1] == "..":
                members.update(range(int(item), int(tokens[position + 2]) + 1))
                position += 2
            else:
                members.add(int(item))
        elif item != ",":
            raise DznError(f"{name}: unexpected {item!r} in a set")
        position += 1
    if position >= len(tokens):
        raise DznError(f"{name}: missing '}}'")
    return frozenset(members), position + 1


def _int(values: dict[str, Value], name: str, source: str) -> int:
    value = values.get(name)
    if not isinstance(value, int):
        raise DznError(f"{source}: {name} must be a number")
    return value


def _ints(values: dict[str, Value], name: str, length: int, source: str) -> tuple[int, ...]:
    value = values.get(name, [0] * length)
    numbers = [item for item in value if isinstance(item, int)] if isinstance(value, list) else []
    if not isinstance(value, list) or len(value) != length or len(numbers) != length:
        raise DznError(f"{source}: {name} must be {length} numbers")
    return tuple(numbers)


def _sets(
    values: dict[str, Value], name: str, length: int, source: str, *, default: frozenset[int]
) -> tuple[frozenset[int], ...]:
    value = values.get(name, [default] * length)
    sets = [item for item in value if isinstance(item, frozenset)] if isinstance(value, list) else []
    if not isinstance(value, list) or len(value) != length or len(sets) != length:
        raise DznError(f"{source}: {name} must be {length} sets")
    return tuple(sets)
