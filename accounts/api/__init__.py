"""The accounts REST API: `members` (directory, fees, sign-up, the caller's profile), `applications`
(membership applications and their review) and `people` (join requests, an organisation's people,
invitations)."""
