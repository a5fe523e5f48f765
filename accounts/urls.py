from django.urls import path
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.routers import SimpleRouter

from accounts import api

router = SimpleRouter()
router.register("organisations", api.OrganisationViewSet, basename="organisation")

urlpatterns = [
    path("fees/quote/", api.FeeQuoteApi.as_view(), name="fee-quote"),
    path("me/", api.MeApi.as_view(), name="me"),
    path("auth/signup/", api.SignUpApi.as_view(), name="signup"),
    path("auth/token/", ObtainAuthToken.as_view(), name="token"),
    *router.urls,
]
