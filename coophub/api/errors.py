"""Every error answers JSON with a message and, where there is one, the offending field."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from coophub.core.errors import Conflict, NotFound


def _field_errors(exc: ValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            {"field": field, "message": str(message)}
            for field, errors in exc.message_dict.items()
            for message in errors
        ]
    return [{"field": "__all__", "message": str(m)} for m in exc.messages]


def install(api):
    @api.exception_handler(ValidationError)
    def validation(request, exc):
        errors = _field_errors(exc)
        first = errors[0] if errors else {"field": None, "message": _("Invalid input.")}
        field = None if first["field"] == "__all__" else first["field"]
        return api.create_response(
            request, {"detail": first["message"], "field": field, "errors": errors}, status=422
        )

    @api.exception_handler(NinjaValidationError)
    def schema_validation(request, exc):
        errors = []
        for err in exc.errors:
            loc = [
                str(p) for p in err.get("loc", []) if p not in ("body", "query", "path", "payload", "data")
            ]
            errors.append({"field": ".".join(loc) or "body", "message": err.get("msg", "")})
        first = errors[0] if errors else {"field": None, "message": ""}
        return api.create_response(
            request,
            {"detail": f"{first['field']}: {first['message']}", "field": first["field"], "errors": errors},
            status=422,
        )

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": str(exc) or _("Permission denied.")}, status=403)

    @api.exception_handler(Conflict)
    def conflict(request, exc):
        return api.create_response(
            request, {"detail": exc.message, "current_version": exc.current_version}, status=409
        )

    @api.exception_handler(NotFound)
    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return api.create_response(request, {"detail": _("Authentication required.")}, status=401)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
