"""The site starts and its pages answer."""


def test_home_lists_the_hubs_in_dutch(client, hub, other_hub):
    response = client.get("/")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Hub Almelo" in page and "Hub Utrecht" in page
    assert '<html lang="nl">' in page
