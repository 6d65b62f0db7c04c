"""allauth's models stay out of the admin site: people are invited and given roles on the
People and roles page, each person looks after their own sign-in on allauth's pages, and the
single sign-on client is set by the environment (OIDC_*), not stored in the database."""

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

for model in (EmailAddress, Authenticator, SocialAccount, SocialApp, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
