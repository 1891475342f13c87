"""What nginx (deploy/nginx.conf, as `make serve` and a deployment run it) does in front of
gunicorn: the body limit is the application's, the client's address and scheme reach Django as
TRUSTED_PROXY_COUNT=1 and SECURE_PROXY_SSL_HEADER expect, and nothing names the server."""

from __future__ import annotations

import json
import sqlite3
import subprocess

import pytest
from deployment_stack import (
    PASSWORD,
    Browser,
    open_directory,
    prepare,
    production_env,
    running,
    serve,
)
from django.conf import settings

FORGED_ADDRESS = "203.0.113.66"


def test_the_body_limit_is_the_applications_upload_limit(tmp_path):
    conf = serve.nginx_conf(listen="8000", upstreams=["127.0.0.1:8001"], var=tmp_path)
    assert f"client_max_body_size {settings.DATA_UPLOAD_MAX_MEMORY_SIZE};" in conf


def test_the_configuration_names_every_upstream_server(tmp_path):
    conf = serve.nginx_conf(
        listen="80", upstreams=["10.0.0.5:8000", "unix:/run/pb.sock"], var=tmp_path
    )
    assert ("server 10.0.0.5:8000 " in conf, "server unix:/run/pb.sock " in conf) == (True, True)


def test_a_template_placeholder_without_a_value_is_refused():
    with pytest.raises(ValueError, match="PORT"):
        serve.render("listen {{PORT}};", {})


def nginx_test(directory, **options) -> subprocess.CompletedProcess:
    """`nginx -t` on the configuration rendered with these options."""
    var = directory / "var"
    for sub in ("run", "log", "tmp/nginx"):
        (var / sub).mkdir(parents=True, exist_ok=True)
    conf = var / "run" / "nginx.conf"
    conf.write_text(serve.nginx_conf(upstreams=["127.0.0.1:2"], var=var, **options))
    return subprocess.run(
        [serve.nginx_binary(), "-t", "-p", str(var), "-c", str(conf), "-e", "stderr"],
        capture_output=True,
        text=True,
        timeout=30,
    )


def test_nginx_accepts_the_rendered_configuration():
    with open_directory() as directory:
        result = nginx_test(directory, listen="127.0.0.1:1")
    assert result.returncode == 0, result.stderr


def test_nginx_accepts_the_configuration_that_ends_tls_at_the_proxy():
    with open_directory() as directory:
        cert, key = directory / "cert.pem", directory / "key.pem"
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
            + ["-subj", "/CN=policy.example.org", "-keyout", str(key), "-out", str(cert)],
            capture_output=True,
            check=True,
            timeout=60,
        )
        result = nginx_test(
            directory, listen="127.0.0.1:1 ssl", tls_cert=str(cert), tls_key=str(key)
        )
    assert result.returncode == 0, result.stderr


def test_with_tls_plain_http_redirects_to_https_except_the_health_probe(tmp_path):
    conf = serve.nginx_conf(
        listen="443 ssl", upstreams=["127.0.0.1:2"], var=tmp_path, tls_cert="c", tls_key="k"
    )
    port_80 = conf[conf.index("listen 80;") :]
    assert ("location = /healthz" in port_80, "return 301 https://" in port_80) == (True, True)


def test_tls_on_a_listen_without_ssl_is_refused(tmp_path):
    with pytest.raises(ValueError, match="ssl"):
        serve.nginx_conf(
            listen="443", upstreams=["127.0.0.1:2"], var=tmp_path, tls_cert="c", tls_key="k"
        )


@pytest.fixture(scope="module")
def stack():
    """One gunicorn behind nginx, production settings, SQLite in a temporary directory."""
    with open_directory() as directory:
        env = production_env(directory)
        prepare(env, users=("lockme",))
        with running(directory, env, app_servers=1, workers=2) as started:
            started.database = directory / "data" / "db.sqlite3"
            yield started


@pytest.fixture
def proxy(stack) -> str:
    return stack.public_address


@pytest.fixture
def app_server(stack) -> str:
    return stack.binds[0]


def test_healthz_answers_ok_through_the_proxy(proxy):
    answer = Browser().get(proxy, "/healthz")
    assert (answer.status, answer.body) == (200, b"ok")


def test_the_proxy_does_not_say_which_nginx_it_is(proxy):
    assert Browser().get(proxy, "/healthz").headers["server"] == "nginx"


def test_an_error_page_of_the_proxy_does_not_say_which_nginx_it_is(proxy):
    answer = Browser().request(proxy, "POST", "/api/validate", body=b"x" * (400 * 1024))
    assert b"nginx/" not in answer.body


def test_a_body_over_the_applications_limit_is_refused_by_the_proxy(proxy):
    body = b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    answer = Browser().request(proxy, "POST", "/api/validate", body=body)
    assert (answer.status, answer.headers["content-type"]) == (413, "text/html")


def test_a_body_between_the_apis_limit_and_the_proxys_reaches_the_application(proxy):
    body = json.dumps({"document": "x" * (300 * 1024)}).encode()
    answer = Browser().request(
        proxy, "POST", "/api/validate", body=body, headers={"Content-Type": "application/json"}
    )
    assert (answer.status, answer.json()["message"]) == (
        413,
        "The request body is larger than 256 KB.",
    )


def test_static_files_are_served_through_the_proxy_with_whitenoises_headers(proxy):
    answer = Browser().get(proxy, "/static/css/app.css")
    assert (answer.status, answer.headers["content-type"]) == (200, 'text/css; charset="utf-8"')


def test_a_sign_in_failure_is_recorded_against_the_address_nginx_saw_not_a_forged_one(proxy, stack):
    browser = Browser()
    page = browser.get(proxy, "/accounts/login/")
    token = page.body.split(b'name="csrfmiddlewaretoken" value="')[1].split(b'"')[0].decode()
    browser.request(
        proxy,
        "POST",
        "/accounts/login/",
        body=f"csrfmiddlewaretoken={token}&username=lockme&password=wrong".encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"http://{proxy}",
            "X-Forwarded-For": FORGED_ADDRESS,
        },
    )
    with sqlite3.connect(stack.database) as db:
        addresses = db.execute(
            "SELECT ip_address FROM axes_accessattempt WHERE username = 'lockme'"
        ).fetchall()
    assert addresses == [("127.0.0.1",)]


def test_a_client_cannot_claim_https_through_the_proxy(proxy):
    # Production sends HSTS only on requests Django believes came over HTTPS.
    answer = Browser().get(proxy, "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in answer.headers


def test_the_app_server_would_believe_the_forged_scheme_without_the_proxy(app_server):
    # The control for the test above: the header is what Django trusts, so nginx must set it.
    answer = Browser().get(app_server, "/accounts/login/", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" in answer.headers


def test_signing_in_through_the_proxy_works(proxy):
    answer = Browser().sign_in(proxy, "lockme", PASSWORD)
    assert (answer.status, answer.headers["location"]) == (302, "/")
