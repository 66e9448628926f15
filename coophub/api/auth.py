"""Machines send a personal token (Authorization: Bearer chub_…); the browser uses its session with CSRF."""

from ninja.security import HttpBearer, SessionAuth

from coophub.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        user = ApiToken.authenticate(token)
        if user is not None:
            request.user = user
        return user


class BrowserSessionAuth(SessionAuth):
    """Session auth; ninja enforces the CSRF token on unsafe methods.

    The CSRF check only applies when there is a signed-in session to protect: a request with no session (a
    machine whose token is missing, wrong or revoked) is unauthenticated and answers 401, not a CSRF 403.
    """

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        return super().__call__(request)


AUTH = [TokenAuth(), BrowserSessionAuth()]
