"""The administration site keeps the portal's rules; this module says how, once for all apps.

- Accounts: only a superuser makes someone a superuser or staff, gives raw permissions or a
  group that is not one of the portal's roles, sets another person's password or changes a
  superuser's account. An administrator gives and takes away the roles of `roles.ROLES`
  except Administrator itself, which carries staff status (`PortalUserAdmin`).
- Restricted rows: a model whose queryset has `visible_to(user)` (agenda items, meeting
  actions) decides who sees a row; the apps' ModelAdmins filter with it, and no page here
  lists, deletes or shows an old version of a row it leaves out (`PortalAdmin`).
- History: old versions are shown, never restored over the current record, since a restore
  would skip the checks of the portal's services (`PortalHistoryAdmin`).
- Records that change only through the portal (figures, compiled reports, reviews) are
  read-only here for everyone (`ReadOnlyAdmin`, `ReadOnlyHistoryAdmin`, `ReadOnlyInline`).
"""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib import admin
from django.contrib.admin.utils import NestedObjects
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import models, router
from django.http import Http404
from django.shortcuts import redirect
from simple_history.admin import SimpleHistoryAdmin

from cpboard import roles

HIDDEN_ROWS = "restricted agenda items you may not see, or their actions"
"""What the delete page names when deleting would touch rows hidden from the person."""


def hides_rows_from(user, objs: Iterable[models.Model], using: str) -> bool:
    """Whether deleting `objs` would delete, or be stopped by, a row that `user` may not see:
    a row of a model whose queryset has `visible_to(user)` that this method leaves out."""
    collector = NestedObjects(using=using)
    collector.collect(list(objs))
    found: dict[type[models.Model], set] = defaultdict(set)
    for model, instances in collector.data.items():
        found[model].update(instance.pk for instance in instances)
    for instance in collector.protected:
        found[type(instance)].add(instance.pk)
    for model, pks in found.items():
        visible_to = getattr(model._default_manager.all(), "visible_to", None)
        if visible_to is not None and visible_to(user).filter(pk__in=pks).count() < len(pks):
            return True
    return False


class PortalAdmin(admin.ModelAdmin):
    """A ModelAdmin whose delete pages name no row hidden from the person, and refuse."""

    def get_deleted_objects(self, objs, request):
        """Django's list of what a deletion takes with it, unless it would take (or list) a
        restricted row the person may not see: then nothing is listed and the deletion is
        refused, as for a model the person may not delete."""
        using = router.db_for_write(self.model)
        if hides_rows_from(request.user, objs, using):
            return [], {}, {HIDDEN_ROWS}, []
        return super().get_deleted_objects(objs, request)


class PortalHistoryAdmin(PortalAdmin, SimpleHistoryAdmin):
    """PortalAdmin with the change history of django-simple-history, read-only: an old
    version is shown only for a record the person may see, and is never restored."""

    def _check_visible(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=object_id).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_visible(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._check_visible(request, object_id)
        if request.method == "POST":
            raise PermissionDenied("An old version is not restored over the current record.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None) -> bool:
        return True


class ReadOnlyMixin:
    """Nobody adds, changes or deletes these rows in the admin site, not even a superuser;
    who may view them is the model's view permission."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, PortalAdmin):
    pass


class ReadOnlyHistoryAdmin(ReadOnlyMixin, PortalHistoryAdmin):
    pass


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0


# --- Accounts -----------------------------------------------------------------------------

User = get_user_model()

SUPERUSER_ONLY_FIELDS = ("is_superuser", "is_staff", "user_permissions")
"""Fields of an account only a superuser changes (anyone else also sees its sign-in and joining
dates read-only: they are facts, not settings)."""


def grantable_groups(user) -> models.QuerySet[Group]:
    """The groups `user` may give or take away: any for a superuser; for anyone else the
    portal's roles except those that come with staff status (Administrator)."""
    if user.is_superuser:
        return Group.objects.all()
    names = [
        role.name for role in roles.ROLES if roles.Capability.ADMINISTER not in role.capabilities
    ]
    return Group.objects.filter(name__in=names)


class PortalUserAdmin(PortalAdmin, UserAdmin):
    """Django's user pages, with what only a superuser may do kept for superusers."""

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *SUPERUSER_ONLY_FIELDS, "last_login", "date_joined")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """Save the groups ticked on the form, keeping those the person may not give or take
        away (they are not on the form)."""
        grantable = set(grantable_groups(request.user))
        kept = [group for group in form.initial.get("groups", []) if group not in grantable]
        super().save_related(request, form, formsets, change)
        if kept:
            form.instance.groups.add(*kept)

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        """Only a superuser sets a password here. Anyone else changes their own on the
        portal's page, which asks for the current one, and nobody else's."""
        if not request.user.is_superuser:
            if str(request.user.pk) == str(id):
                return redirect("account_change_password")
            raise PermissionDenied("Only a superuser sets another person's password.")
        return super().user_change_password(request, id, form_url)


admin.site.unregister(User)
admin.site.register(User, PortalUserAdmin)
