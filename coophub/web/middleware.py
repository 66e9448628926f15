class VietnameseFirstMiddleware:
    """The screens speak Vietnamese unless the user picks English in the header switcher (cookie).

    Browsers announce their own UI language, which on officers' machines is often English; for pages that
    must not override the Ministry's default. API clients keep Accept-Language so machines can ask for
    English.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
