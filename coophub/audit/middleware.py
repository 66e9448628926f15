import uuid

from .context import request_context


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with request_context(uuid.uuid4()) as request_id:
            request.id = request_id
            response = self.get_response(request)
            response["X-Request-ID"] = str(request_id)
            return response
