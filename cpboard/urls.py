"""The portal's URLs: each app's pages under its own prefix, sign-in under /accounts/."""

from django.contrib import admin
from django.urls import include, path, register_converter

from cpboard import views
from cpboard.converters import QuarterConverter

admin.site.site_header = "Corporate Parenting Board administration"
admin.site.site_title = "Corporate Parenting Board administration"

register_converter(QuarterConverter, "quarter")

kernel_patterns = (
    [path("status/", views.system_status, name="system-status")],
    "cpboard",
)

urlpatterns = [
    path("", include("reports.urls")),
    path("board/", include("subgroups.urls")),
    path("strategy/", include("strategy.urls")),
    path("performance/", include("performance.urls")),
    path("your-say/", include("voice.urls")),
    path("system/", include(kernel_patterns)),
    path("healthz/", views.health, name="health"),
    # Signing in, single sign-on, password reset and two-step sign-in: django-allauth.
    path("alerts/", include("alerts.urls")),
    path("accounts/", include("accounts.allauth_urls")),
    # People and roles, and accepting an invitation (accounts app).
    path("", include("accounts.urls")),
    path("admin/", admin.site.urls),
]
