from django.urls import path

from accounts.api import applications, members, people, tokens
from common.routers import IdRouter

router = IdRouter()
router.register("organisations", members.OrganisationViewSet, basename="organisation")
router.register(
    "membership-applications",
    applications.MembershipApplicationViewSet,
    basename="membership-application",
)

urlpatterns = [
    path("fees/quote/", members.FeeQuoteApi.as_view(), name="fee-quote"),
    path("me/", members.MeApi.as_view(), name="me"),
    path("auth/signup/", members.SignUpApi.as_view(), name="signup"),
    path("auth/token/", tokens.ObtainTokenApi.as_view(), name="token"),
    path("auth/tokens/", tokens.ApiTokensApi.as_view(), name="api-tokens"),
    path("auth/tokens/revoke-all/", tokens.RevokeAllApiTokensApi.as_view(), name="api-tokens-revoke-all"),
    path("auth/tokens/<int:pk>/", tokens.ApiTokenApi.as_view(), name="api-token"),
    path("auth/logout/", tokens.LogoutApi.as_view(), name="api-logout"),
    path(
        "membership-applications/<int:pk>/approve/",
        applications.ApproveMembershipApplicationApi.as_view(),
        name="membership-application-approve",
    ),
    path(
        "membership-applications/<int:pk>/reject/",
        applications.RejectMembershipApplicationApi.as_view(),
        name="membership-application-reject",
    ),
    path("auth/signup/invitation/", people.InvitationSignUpApi.as_view(), name="invitation-signup"),
    path("join-requests/", people.MyJoinRequestsApi.as_view(), name="my-join-requests"),
    path(
        "join-requests/<int:pk>/<str:decision>/",
        people.JoinRequestDecisionApi.as_view(),
        name="join-request-decision",
    ),
    path(
        "organisations/<int:pk>/join-requests/",
        people.OrganisationJoinRequestsApi.as_view(),
        name="organisation-join-requests",
    ),
    path(
        "organisations/<int:pk>/people/", people.OrganisationPeopleApi.as_view(), name="organisation-people"
    ),
    path(
        "organisations/<int:pk>/people/<int:user_id>/",
        people.OrganisationPersonApi.as_view(),
        name="organisation-person",
    ),
    path("organisations/<int:pk>/admins/", people.AppointAdminApi.as_view(), name="organisation-admins"),
    path(
        "organisations/<int:pk>/invitations/",
        people.OrganisationInvitationsApi.as_view(),
        name="organisation-invitations",
    ),
    path("invitations/accept/", people.AcceptInvitationApi.as_view(), name="invitation-accept"),
    path(
        "invitations/<int:pk>/<str:action>/", people.InvitationActionApi.as_view(), name="invitation-action"
    ),
    *router.urls,
]
