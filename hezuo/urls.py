from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from hezuo.api import api
from hezuo.core import notifications, pickers, security
from hezuo.core import views as core_views
from hezuo.site import views as site_views

urlpatterns = [
    path("", site_views.home, name="home"),
    *notifications.urlpatterns,
    *security.urlpatterns,
    *pickers.urlpatterns,
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("registry/", include("hezuo.registry.urls")),
    path("calls/", include("hezuo.calls.urls")),
    path("portfolio/", include("hezuo.portfolio.urls")),
    path("review/", include("hezuo.review.urls")),
    path("io/", include("hezuo.core.io.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
