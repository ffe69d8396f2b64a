"""Lytt's URLs plus /bench/bare: the smallest honest Django view that stores one row
and answers JSON, the baseline the submission figures are compared against."""

from django.db import connection, transaction
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from lytt.urls import urlpatterns as lytt_urlpatterns


@csrf_exempt
def bare(request: HttpRequest) -> JsonResponse:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("INSERT INTO bench_bare (body) VALUES (%s)", [request.body.decode()])
    return JsonResponse({"stored": True}, status=201)


urlpatterns = [*lytt_urlpatterns, path("bench/bare", bare)]
