"""Every write to organisations and accounts. Each service is atomic and validates first.

Split by subdomain; import from the concrete module: `applications` (membership applications:
submit, approve, reject), `member_import` (the brochure's member list), `organisations` (creating and
editing organisations), `people` (sign-up, profiles), `joining` (join requests, roles and removal of
an organisation's people), `invitations` (inviting colleagues by e-mail), `tokens` (API tokens:
creating, revoking, noting their use).
"""
