from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import SimpleRouter

from accounts import api, api_applications

router = SimpleRouter()
router.register("organisations", api.OrganisationViewSet, basename="organisation")
router.register(
    "membership-applications",
    api_applications.MembershipApplicationViewSet,
    basename="membership-application",
)

urlpatterns = [
    path("fees/quote/", api.FeeQuoteApi.as_view(), name="fee-quote"),
    path("me/", api.MeApi.as_view(), name="me"),
    path("auth/signup/", api.SignUpApi.as_view(), name="signup"),
    path("auth/token/", ObtainAuthToken.as_view(), name="token"),
    path(
        "membership-applications/<int:pk>/approve/",
        api_applications.ApproveMembershipApplicationApi.as_view(),
        name="membership-application-approve",
    ),
    path(
        "membership-applications/<int:pk>/reject/",
        api_applications.RejectMembershipApplicationApi.as_view(),
        name="membership-application-reject",
    ),
    *router.urls,
]
