from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .main import api

METHODS = ("get", "post", "put", "patch", "delete")


def api_docs(request: HttpRequest) -> HttpResponse:
    """A readable, script-free page of every operation in the OpenAPI document."""
    schema = api.get_openapi_schema()
    operations = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""),
         "tag": (op.get("tags") or [""])[0]}
        for path, item in schema["paths"].items()
        for method, op in item.items() if method in METHODS
    ]
    operations.sort(key=lambda o: (o["tag"], o["path"], o["method"]))
    return render(request, "api/docs.html", {"schema": schema, "operations": operations})
