"""The B2B matchmaking-event scheduler core: requested one-to-one meetings into time slots and tables.

Pure: plain data in, plain data out, no Django and no ORM. The model is the B2B meeting scheduling
problem of Bofill, Coll, Garcia, Giráldez-Cru, Pesant, Suy and Villaret, "Constraint Solving
Approaches to the Business-to-Business Meeting Scheduling Problem", JAIR 74 (2022) 263-301, solved
with OR-Tools CP-SAT.

Hard rules: every meeting in one slot; nobody in two meetings of one slot; at most `tables`
meetings per slot; a meeting wished in a session stays inside it; nobody meets in a slot they cannot
attend; pinned meetings stay exactly in their slot (and table, when pinned too); `(a, b)` precedences
place a strictly before b.

Breaks (the paper's definition: its MaxSAT encoding marks the end of an idle period, "endHole", over
slots numbered straight through the day; confirmed by reproducing the published optima of all 20
original instances with `bench/b2b.py`): a participant's breaks are the idle periods between two of its
meetings, counted as periods, not slots: with meetings in slots 1, 2, 5, 8 and 9 a participant has
two breaks (3-4 and 6-7). Idle slots before the first and after the last meeting are not breaks, so a
participant with zero or one meeting has none. Slots are numbered straight through the day: the gap
between the morning and the afternoon session is no break by itself (a morning ending in the last
morning slot followed by an afternoon starting in the first afternoon slot has none), while idle
slots at the end of the morning or the start of the afternoon, with meetings on both sides, form a
break like any other. (Counting breaks per session instead would give optimal totals of 0, 1, 0, 0
and 0 on forum-14, forum-13crafb, forum-13crafc, ticf-13crafb and ticf-13crafc, where the paper
publishes 2, 6, 1, 3 and 1, which we reproduce.) The objective is the total number of breaks,
subject to fairness: the largest minus the smallest number of breaks of the participants with
meetings is at most `max_break_spread` (d = 2 in the paper; every participant there has meetings).

`solve` first runs cheap necessary checks (per-participant and per-slot matchings, pins,
precedences) that name the reason in words staff understand. When all meetings fit it minimises the
breaks; otherwise it places as many as possible (pinned meetings first), relaxes fairness only as far
as needed, then minimises breaks, and says why in `problems`. Tables are assigned per slot afterwards,
honouring pinned tables. `check_schedule` and `count_breaks` are independent of the CP-SAT model.

The package, by concern: `problem` (the data in and out, statuses), `days` (which day a slot is on),
`checks` (`check_schedule`, `count_breaks`, `break_spread`), `names` (how messages name things),
`prepared` (`PreparedProblem`, the indexed problem), `matching` (Hall's condition), `diagnosis` (why
meetings cannot all be placed), `cpsat` (the one module that imports OR-Tools), `model`
(`ScheduleModel`, the CP-SAT model), `outcome` (`SearchOutcome`), `search` (the search strategies)
and `solving` (`solve` and its result).
"""
