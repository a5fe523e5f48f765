from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import SimpleRouter

from accounts.api import members

router = SimpleRouter()
router.register("organisations", members.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("fees/quote/", members.FeeQuoteApi.as_view(), name="fee-quote"),
    path("me/", members.MeApi.as_view(), name="me"),
    path("auth/signup/", members.SignUpApi.as_view(), name="signup"),
    path("auth/token/", ObtainAuthToken.as_view(), name="token"),
    *router.urls,
]
