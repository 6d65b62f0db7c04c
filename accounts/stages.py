"""The two-factor step of signing in, skipped when the council's identity provider already
asked for a second factor."""

from allauth.mfa.stages import AuthenticateStage

PROVIDER_SECOND_FACTOR = "accounts.provider_second_factor"
"""Session key: this sign-in came through single sign-on whose provider asked for MFA."""


class SecondFactorStage(AuthenticateStage):
    def _should_handle(self, request) -> bool:
        if request.session.get(PROVIDER_SECOND_FACTOR):
            return False
        return super()._should_handle(request)
