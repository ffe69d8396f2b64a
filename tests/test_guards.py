"""The test-suite's own guards work: no network beyond loopback; the API schema is served."""

from __future__ import annotations

import socket

import pytest

from lytt.testing.netguard import NetworkAccessError


def test_connections_beyond_loopback_fail_the_test() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(NetworkAccessError):
        s.connect(("192.0.2.1", 80))  # TEST-NET-1: never reached, the guard raises first
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s, pytest.raises(NetworkAccessError):
        s.connect_ex(("198.51.100.7", 443))


def test_loopback_is_allowed() -> None:
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        with socket.socket() as client:
            client.connect(server.getsockname())


@pytest.mark.django_db
def test_openapi_schema_is_served_and_every_operation_is_named(client) -> None:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Lytt API"
    operations = [op for path in schema["paths"].values() for op in path.values()]
    assert operations
    assert all(op.get("operationId") for op in operations)
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.django_db
def test_api_errors_are_problem_details_in_the_callers_language(client) -> None:
    response = client.get(
        "/api/v1/me", HTTP_AUTHORIZATION="Bearer lytt_wrong", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401 and body["title"] and body["detail"]
