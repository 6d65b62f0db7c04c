"""The portal's URLs: each app's pages under its own prefix, sign-in under /accounts/."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, register_converter

from cpboard import views
from cpboard.converters import QuarterConverter
from cpboard.forms import ChangePasswordForm, SignInForm

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
    path("system/", include(kernel_patterns)),
    path("healthz/", views.health, name="health"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(
            authentication_form=SignInForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "accounts/password/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
]
