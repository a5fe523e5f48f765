"""REST API of scheduling: availability of one's own participant, free slots, the meeting workflow,
`.ics` downloads and the private calendar feed.

Split by subdomain: `availability` (participant settings, weekly rules and exceptions, free slots),
`meetings` (the meeting list, requests, workflow actions and `.ics` downloads) and `calendar_feed`
(the private feed URL and the feed itself); `ics` holds the iCalendar renderer and response both of
the last two use. `scheduling/urls.py` routes to the views of each module.
"""
