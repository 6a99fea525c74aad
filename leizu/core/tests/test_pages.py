def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_an_unknown_page_is_a_friendly_404_in_the_users_language(client, db):
    response = client.get("/no-such-page/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_the_home_page_sends_anonymous_visitors_to_login(client, db):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_coordinator_home_shows_the_network(coordinator):
    response = coordinator.get("/")
    assert response.status_code == 200
    assert "Cooperation network" in response.content.decode()


def test_the_partner_home_shows_what_their_profile_lacks(clients):
    body = clients["partner_a"].get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My institution&#x27;s profile" in body or "My institution's profile" in body
    assert "missing:" in body
    assert "Cooperation network" not in body


def test_switching_language_is_remembered_for_the_user(coordinator, world):
    response = coordinator.post("/language/", {"language": "ru", "next": "/institutions/"})
    assert response.status_code == 302
    assert response["Location"] == "/institutions/"
    world["users"]["coordinator"].refresh_from_db()
    assert world["users"]["coordinator"].preferred_language == "ru"
    assert coordinator.cookies["leizu_language"].value == "ru"
