"""What the council's identity provider says about a person at sign-in: their role, from the
group claim and the OIDC_ROLES mapping, and whether the provider itself asked for a second
factor (the `amr` claim)."""

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from cpboard.roles import ROLES, Role

ROLES_BY_SLUG = {role.slug: role for role in ROLES}


def role_mapping(text: str | None = None) -> dict[str, Role]:
    """OIDC_ROLES (`councillor:<group id>,officer:<group id>,...`) as {group id: role}; a
    role slug the portal does not have stops with a message naming it."""
    text = settings.OIDC_ROLES if text is None else text
    mapping: dict[str, Role] = {}
    for pair in filter(None, (part.strip() for part in text.split(","))):
        slug, _, group = pair.partition(":")
        slug, group = slug.strip(), group.strip()
        if slug not in ROLES_BY_SLUG or not group:
            raise ImproperlyConfigured(
                f"OIDC_ROLES cannot be used: {pair!r}. Write role:group pairs separated by "
                f"commas, with roles among {', '.join(ROLES_BY_SLUG)}."
            )
        mapping[group] = ROLES_BY_SLUG[slug]
    return mapping


def claims_of(extra_data: Mapping) -> dict:
    """The ID token's claims with the userinfo answer over them (allauth keeps both)."""
    if "id_token" in extra_data or "userinfo" in extra_data:
        return {**(extra_data.get("id_token") or {}), **(extra_data.get("userinfo") or {})}
    return dict(extra_data)


def _as_list(value) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, Iterable):
        return [str(item) for item in value]
    return [str(value)]


def role_from_claims(claims: Mapping) -> Role | None:
    """The role the person's groups give them under OIDC_ROLES: the first of ROLES that any
    of their groups maps to, or None."""
    mapping = role_mapping()
    given = {
        mapping[group]
        for group in _as_list(claims.get(settings.OIDC_ROLE_CLAIM))
        if group in mapping
    }
    return next((role for role in ROLES if role in given), None)


def provider_did_second_factor(claims: Mapping) -> bool:
    """Whether the ID token's `amr` says the provider asked for more than a password."""
    return bool(set(_as_list(claims.get("amr"))) & set(settings.OIDC_MFA_AMR))
