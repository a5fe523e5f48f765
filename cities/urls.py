from rest_framework.routers import SimpleRouter

from cities import api

router = SimpleRouter()
router.register("needs", api.NeedViewSet, basename="need")

urlpatterns = router.urls
