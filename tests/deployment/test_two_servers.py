"""Several app servers, one PostgreSQL: nginx in front of two gunicorn servers that share nothing
but the database, as README "Deployment" describes.

Needs PostgreSQL (DATABASE_URL=postgres://...; the role must be allowed to create databases):
the tests make a database of their own on that server and drop it afterwards. They are marked
``two_servers`` and left out of the default run (pyproject's addopts); `make test-servers` runs
them, and .ci/run calls it in its PostgreSQL phase. Without PostgreSQL they fail, saying so.
"""

from __future__ import annotations

import json
import os
import secrets
import threading
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit, urlunsplit

import pytest
from deployment_stack import (
    PASSWORD,
    Browser,
    manage,
    open_directory,
    prepare,
    production_env,
    running,
)

pytestmark = pytest.mark.two_servers

DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
TEAM = "ops"
SCENARIO = "users-by-resource-tag"
RACE_ROUNDS = 5
LOAD_SECONDS = 12
KILL_AFTER_SECONDS = 4

SETUP = f"""
import json
from django.contrib.auth import get_user_model
from policybuilder.api import tokens
from policybuilder.core import scenarios
from policybuilder.teams import services
from policybuilder.teams.models import Membership, Role

User = get_user_model()
people = {{name: User.objects.create_user(name, password={PASSWORD!r})
          for name in ("olivia", "eddie", "edna", "lockme", "oona", "otto", "leaver", "deleted")}}
team = services.team_create(name="Ops", owner=people["olivia"], slug={TEAM!r})
for name in ("eddie", "edna"):
    Membership.objects.create(team=team, user=people[name], role=Role.EDITOR)
scenario = scenarios.get({SCENARIO!r})
made = {{}}
for label in ("race", "load-eddie", "load-edna"):
    made[label] = services.template_create(
        team=team, scenario=scenario, raw_values={{"tags": ["Round=0"]}},
        name=label, author=people["olivia"],
    ).pk
duo = services.team_create(name="Duo", owner=people["oona"], slug="duo")
Membership.objects.create(team=duo, user=people["otto"], role=Role.OWNER)
print(json.dumps({{
    "templates": made,
    "owners": {{m.user.username: m.pk for m in Membership.objects.filter(team=duo)}},
    "tokens": {{name: tokens.issue(user=people[name], name="test")[1]
               for name in ("eddie", "edna")}},
}}))
"""

STATE = """
import json, sys
from policybuilder.teams.models import SavedTemplate
out = {}
for template in SavedTemplate.objects.filter(pk__in=[int(a) for a in sys.argv[1:]]):
    out[template.pk] = {
        "version": template.version, "values": template.values, "document": template.document,
        "versions": [
            {"number": v.number, "values": v.values, "document": v.document}
            for v in template.versions.order_by("number")
        ],
    }
print(json.dumps(out))
"""


def last_json(output: str):
    """The JSON a `manage.py shell -c` script printed last (the shell prints its own lines)."""
    return json.loads(output.strip().splitlines()[-1])


def require_postgresql() -> str:
    if urlsplit(DATABASE_URL).scheme not in ("postgres", "postgresql", "pgsql"):
        pytest.fail(
            "tests/deployment/test_two_servers.py needs PostgreSQL: set "
            "DATABASE_URL=postgres://USER:PASSWORD@HOST:PORT/NAME (a role that may create "
            "databases) and run `make test-servers`; .ci/run does so in its PostgreSQL phase"
        )
    return DATABASE_URL


@pytest.fixture(scope="module")
def database_url():
    """A database of the tests' own on the PostgreSQL server of DATABASE_URL, dropped after."""
    import psycopg

    server = require_postgresql()
    name = f"pb_servers_{secrets.token_hex(4)}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@dataclass
class Servers:
    stack: object
    env: dict
    templates: dict[str, int]
    tokens: dict[str, str]
    owners: dict[str, int]

    @property
    def proxy(self) -> str:
        return self.stack.public_address

    @property
    def first(self) -> str:
        return self.stack.binds[0]

    @property
    def second(self) -> str:
        return self.stack.binds[1]

    def state(self, *labels: str) -> dict:
        pks = [str(self.templates[label]) for label in labels]
        out = last_json(manage(self.env, "shell", "-c", STATE.replace("sys.argv[1:]", repr(pks))))
        return {label: out[str(self.templates[label])] for label in labels}


@pytest.fixture(scope="module")
def servers(database_url):
    with open_directory() as directory:
        env = production_env(directory, database_url=database_url)
        prepare(env)
        made = last_json(manage(env, "shell", "-c", SETUP))
        with running(directory, env, app_servers=2, workers=2) as stack:
            yield Servers(stack, env, made["templates"], made["tokens"], made["owners"])


def api(servers: Servers, address: str, who: str, method: str, pk: int, body=None, timeout=10):
    headers = {"Authorization": f"Bearer {servers.tokens[who]}"}
    if body is not None:
        headers["Content-Type"] = "application/json"
        body = json.dumps(body).encode()
    path = f"/api/teams/{TEAM}/templates/{pk}"
    return Browser().request(address, method, path, body=body, headers=headers, timeout=timeout)


def tags_of(values: dict) -> list[str]:
    return values.get("tags", [])


# Sessions and sign-in ---------------------------------------------------------------------


def test_a_session_started_on_one_server_works_on_the_other(servers):
    browser = Browser()
    assert browser.sign_in(servers.first, "eddie").status == 302
    assert browser.get(servers.second, "/teams/").status == 200


def test_without_the_session_the_other_server_asks_to_sign_in(servers):
    # The control for the test above: /teams/ does need a session.
    assert Browser().get(servers.second, "/teams/").status == 302


def test_signing_out_on_one_server_ends_the_session_on_the_other(servers):
    browser = Browser()
    browser.sign_in(servers.first, "edna")
    browser.request(
        servers.second,
        "POST",
        "/accounts/logout/",
        headers={
            "X-CSRFToken": browser.cookies["csrftoken"],
            "Origin": f"http://{servers.second}",
        },
    )
    assert browser.get(servers.first, "/teams/").status == 302


def test_deactivating_an_account_ends_its_sessions_on_every_server(servers):
    first, second = Browser(), Browser()
    assert first.sign_in(servers.first, "leaver").status == 302
    assert second.sign_in(servers.second, "leaver").status == 302
    manage(
        servers.env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        "get_user_model().objects.filter(username='leaver').update(is_active=False)",
    )
    assert (
        first.get(servers.first, "/teams/").status,
        second.get(servers.second, "/teams/").status,
    ) == (302, 302)


def test_deleting_an_account_ends_its_sessions_on_every_server(servers):
    first, second = Browser(), Browser()
    assert first.sign_in(servers.first, "deleted").status == 302
    assert second.sign_in(servers.second, "deleted").status == 302
    manage(
        servers.env,
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        "get_user_model().objects.filter(username='deleted').delete()",
    )
    assert (
        first.get(servers.first, "/teams/").status,
        second.get(servers.second, "/teams/").status,
    ) == (302, 302)


def test_a_sign_in_lockout_reached_on_one_server_holds_on_the_other(servers):
    for _ in range(5):
        Browser().sign_in(servers.first, "lockme", "a-wrong-password")
    assert Browser().sign_in(servers.second, "lockme", PASSWORD).status == 429


# Two editors, two servers, one template ----------------------------------------------------


@dataclass
class Race:
    rounds: list[dict[str, int]] = field(default_factory=list)
    winners: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def race(servers) -> Race:
    """Five times: Eddie (through the first server) and Edna (through the second) save the same
    version of one template at the same moment, each with values of their own."""
    pk = servers.templates["race"]
    outcome = Race()
    for round_number in range(1, RACE_ROUNDS + 1):
        base = api(servers, servers.first, "eddie", "GET", pk).json()["version"]
        start = threading.Barrier(2)
        statuses: dict[str, int] = {}

        def save(who, address, round_number=round_number, base=base, start=start, out=statuses):
            body = {"values": {"tags": [f"Round={round_number}-{who}"]}, "base_version": base}
            start.wait()
            out[who] = api(servers, address, who, "PUT", pk, body).status

        threads = [
            threading.Thread(target=save, args=("eddie", servers.first)),
            threading.Thread(target=save, args=("edna", servers.second)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        outcome.rounds.append(statuses)
        outcome.winners.extend(who for who, status in statuses.items() if status == 200)
    return outcome


def test_two_editors_saving_one_version_through_two_servers_get_one_save_and_one_409(race):
    assert [sorted(statuses.values()) for statuses in race.rounds] == [[200, 409]] * RACE_ROUNDS


def test_each_race_adds_exactly_one_version(servers, race):
    state = servers.state("race")["race"]
    assert [v["number"] for v in state["versions"]] == list(range(1, RACE_ROUNDS + 2))


def test_each_new_version_holds_the_values_of_the_editor_who_got_the_save(servers, race):
    versions = servers.state("race")["race"]["versions"][1:]
    assert [tags_of(v["values"]) for v in versions] == [
        [f"Round={number}-{who}"] for number, who in enumerate(race.winners, start=1)
    ]


# Two people, two servers, one new team name -------------------------------------------------

TEAM_ROUNDS = 10

TEAMS = """
import json
from policybuilder.teams.models import Membership, Team
teams = Team.objects.filter(name__startswith="Night shift ")
print(json.dumps([
    {"name": t.name, "slug": t.slug,
     "owners": list(Membership.objects.filter(team=t, role="owner")
                    .values_list("user__username", flat=True))}
    for t in teams
]))
"""


@pytest.fixture(scope="module")
def team_races(servers) -> list[dict[str, int]]:
    """Ten times: Eddie (through the first server) and Edna (through the second) create a team
    with the same new name at the same moment."""
    people = {"eddie": (Browser(), servers.first), "edna": (Browser(), servers.second)}
    for who, (browser, address) in people.items():
        assert browser.sign_in(address, who).status == 302
    rounds = []
    for number in range(1, TEAM_ROUNDS + 1):
        start = threading.Barrier(2)
        statuses: dict[str, int] = {}

        def create(who, number=number, start=start, out=statuses):
            browser, address = people[who]
            body = f"name=Night+shift+{number}".encode()
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": browser.cookies["csrftoken"],
                "Origin": f"http://{address}",
            }
            start.wait()
            out[who] = browser.request(address, "POST", "/teams/new/", body, headers).status

        threads = [threading.Thread(target=create, args=(who,)) for who in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        rounds.append(statuses)
    return rounds


def test_two_people_creating_a_team_of_one_name_at_once_both_get_their_team(team_races):
    assert [sorted(statuses.values()) for statuses in team_races] == [[302, 302]] * TEAM_ROUNDS


def test_teams_created_at_once_with_one_name_get_different_slugs_and_their_own_owner(
    servers, team_races
):
    teams = last_json(manage(servers.env, "shell", "-c", TEAMS))
    by_name: dict[str, list] = {}
    for team in teams:
        by_name.setdefault(team["name"], []).append(team)
    assert {
        name: (len({t["slug"] for t in found}), sorted(o for t in found for o in t["owners"]))
        for name, found in by_name.items()
    } == {f"Night shift {n}": (2, ["eddie", "edna"]) for n in range(1, TEAM_ROUNDS + 1)}


# Two owners, two servers, each demoting the other ----------------------------------------------

OWNER_ROUNDS = 5

DUO_OWNERS = """
import json
from policybuilder.teams.models import Membership
print(json.dumps(sorted(Membership.objects.filter(team__slug="duo", role="owner")
                        .values_list("user__username", flat=True))))
"""


def form_post(browser: Browser, address: str, path: str, body: str):
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "X-CSRFToken": browser.cookies["csrftoken"],
        "Origin": f"http://{address}",
    }
    return browser.request(address, "POST", path, body.encode(), headers)


@pytest.fixture(scope="module")
def owner_races(servers) -> list[dict]:
    """Five times: Oona (first server) and Otto (second), the team's two owners, each make the
    other an editor at the same moment; then the owner left makes the other an owner again."""
    people = {"oona": (Browser(), servers.first), "otto": (Browser(), servers.second)}
    other = {"oona": "otto", "otto": "oona"}
    for who, (browser, address) in people.items():
        assert browser.sign_in(address, who).status == 302
    rounds = []
    for _ in range(OWNER_ROUNDS):
        start = threading.Barrier(2)
        statuses: dict[str, int] = {}

        def demote(who, start=start, out=statuses):
            browser, address = people[who]
            path = f"/teams/duo/members/{servers.owners[other[who]]}/role/"
            start.wait()
            out[who] = form_post(browser, address, path, "role=editor").status

        threads = [threading.Thread(target=demote, args=(who,)) for who in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
        owners = last_json(manage(servers.env, "shell", "-c", DUO_OWNERS))
        rounds.append({"statuses": statuses, "owners": owners})
        for who in owners:
            browser, address = people[who]
            path = f"/teams/duo/members/{servers.owners[other[who]]}/role/"
            form_post(browser, address, path, "role=owner")
    return rounds


def test_two_owners_demoting_each_other_at_once_never_get_a_server_error(owner_races):
    assert [s for r in owner_races for s in r["statuses"].values() if s >= 500] == []


def test_of_two_owners_demoting_each_other_at_once_exactly_one_succeeds(owner_races):
    assert [sorted(r["statuses"].values())[0] for r in owner_races] == [302] * OWNER_ROUNDS
    assert [sorted(r["statuses"].values())[1] in (400, 403) for r in owner_races] == [
        True
    ] * OWNER_ROUNDS


def test_two_owners_demoting_each_other_at_once_leave_the_team_one_owner(owner_races):
    assert [len(r["owners"]) for r in owner_races] == [1] * OWNER_ROUNDS


# kill -9 of one server during a write load --------------------------------------------------


@dataclass
class Load:
    killed_at: float = 0.0
    #: (when, who, tag sent, status, version the answer reported)
    answers: list[tuple[float, str, str, int, int | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    healthz_after_kill: int = 0


@pytest.fixture(scope="module")
def load(servers, race) -> Load:
    """Eddie and Edna each save their own template as fast as they can through nginx, for 12
    seconds; after 4, the first app server (master and workers) is killed with SIGKILL."""
    outcome = Load()
    stop = threading.Event()
    lock = threading.Lock()

    def write(who: str) -> None:
        pk = servers.templates[f"load-{who}"]
        number = 0
        while not stop.is_set() and number < 400:
            number += 1
            tag = f"Write={who}-{number}"
            try:
                base = api(servers, servers.proxy, who, "GET", pk).json()["version"]
                body = {"values": {"tags": [tag]}, "base_version": base}
                answer = api(servers, servers.proxy, who, "PUT", pk, body)
            except (OSError, ValueError) as error:
                with lock:
                    outcome.errors.append(f"{who} {tag}: {error!r}")
                continue
            version = answer.json().get("version") if answer.status == 200 else None
            with lock:
                outcome.answers.append((time.monotonic(), who, tag, answer.status, version))

    writers = [threading.Thread(target=write, args=(who,)) for who in ("eddie", "edna")]
    for thread in writers:
        thread.start()
    time.sleep(KILL_AFTER_SECONDS)
    servers.stack.app[0].kill()
    outcome.killed_at = time.monotonic()
    time.sleep(LOAD_SECONDS - KILL_AFTER_SECONDS)
    stop.set()
    for thread in writers:
        thread.join(30)
    outcome.healthz_after_kill = Browser().get(servers.proxy, "/healthz").status
    statuses = [answer[3] for answer in outcome.answers]
    after = [answer[3] for answer in outcome.answers if answer[0] > outcome.killed_at]
    others = len(statuses) - statuses.count(200) - statuses.count(409)
    print(
        f"\nwrite load: {len(statuses)} saves answered ({statuses.count(200)} x 200, "
        f"{statuses.count(409)} x 409, {others} other), {len(after)} after the kill, "
        f"{len(outcome.errors)} connection errors"
    )
    return outcome


def test_every_write_through_nginx_is_answered_while_a_server_dies(load):
    assert load.errors == []


def test_nginx_answers_every_write_with_a_save_or_a_409_never_a_502(load):
    assert {status for _, _, _, status, _ in load.answers} <= {200, 409}


def test_writes_keep_being_saved_after_the_first_server_is_killed(load):
    after = [a for a in load.answers if a[0] > load.killed_at + 0.5 and a[3] == 200]
    assert len(after) >= 10


def test_healthz_through_nginx_is_ok_with_one_server_left(load):
    assert load.healthz_after_kill == 200


def test_no_acknowledged_write_is_lost(servers, load):
    state = servers.state("load-eddie", "load-edna")
    stored = {
        (label.removeprefix("load-"), v["number"]): tags_of(v["values"])
        for label, template in state.items()
        for v in template["versions"]
    }
    acknowledged = {
        (who, version): [tag] for _, who, tag, status, version in load.answers if status == 200
    }
    assert acknowledged and {key: stored.get(key) for key in acknowledged} == acknowledged


def test_a_409_during_the_crash_is_a_write_the_dying_server_had_already_saved(servers, load):
    # nginx resends a PUT whose server broke the connection; when the first server had
    # committed it, the resent one meets the new version and is refused: nothing is saved twice.
    state = servers.state("load-eddie", "load-edna")
    stored = {
        tag
        for template in state.values()
        for v in template["versions"]
        for tag in tags_of(v["values"])
    }
    refused = [tag for _, _, tag, status, _ in load.answers if status == 409]
    assert [tag for tag in refused if tag not in stored] == []


def test_no_half_written_version_is_left(servers, load):
    for template in servers.state("load-eddie", "load-edna").values():
        numbers = [v["number"] for v in template["versions"]]
        latest = template["versions"][-1]
        assert numbers == list(range(1, template["version"] + 1))
        assert (latest["values"], latest["document"]) == (template["values"], template["document"])


def test_no_write_is_saved_twice(servers, load):
    for template in servers.state("load-eddie", "load-edna").values():
        tags = [tuple(tags_of(v["values"])) for v in template["versions"]]
        assert len(tags) == len(set(tags))
