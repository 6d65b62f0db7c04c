from django.conf import settings

from cpboard.roles import YOUNG_PERSON, roles_of


def accounts(request) -> dict:
    """Whether the portal's own passwords are on, and whether the person is a young person
    (whose pages say they need no security key)."""
    user = getattr(request, "user", None)
    return {
        "local_passwords": settings.LOCAL_PASSWORDS,
        "is_young_person": bool(user) and YOUNG_PERSON in roles_of(user),
    }
