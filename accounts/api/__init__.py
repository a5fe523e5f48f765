"""The accounts REST API: `members` (directory, fees, sign-up, the caller's profile) and `people`
(join requests, an organisation's people, invitations)."""
