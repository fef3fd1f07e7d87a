import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_world_builds_and_founder_sees_dashboard(client, world):
    client.force_login(world.founder)
    response = client.get(reverse("alliance_dashboard", args=[world.alliance.pk]))
    assert response.status_code == 200
    assert "Alliance A" in response.content.decode()
