from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from leizu.core.errors import status_error


class ApiErrorShapeMiddleware:
    """Every error answer under /api/ in the API's shape ``{"code", "message", "fields"}``.

    The routers' own errors already have it; this covers what Django answers before or around
    them (an unknown address, a method the address does not take, a server error) and refuses a
    body larger than the upload limit before anything reads it (413). It stands after the
    locale middleware, so messages are in the caller's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path_info.startswith("/api/"):
            return self.get_response(request)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            return JsonResponse(status_error(413), status=413)
        response = self.get_response(request)
        content_type = response.get("Content-Type", "")
        if response.status_code >= 400 and not content_type.startswith("application/json"):
            shaped = JsonResponse(status_error(response.status_code), status=response.status_code)
            if response.has_header("Allow"):
                shaped["Allow"] = response["Allow"]
            return shaped
        return response
