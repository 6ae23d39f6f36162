"""What a hub team types into any project field comes out escaped or sanitised."""

from __future__ import annotations

import pytest

from hubsite.extensions import db
from hubsite.projects import services
from hubsite.projects.models import Attachment
from tests.pinboard.test_xss import _clean
from tests.test_markup import XSS_PAYLOADS


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_every_project_field_run_no_script(client, hub, host, make_project,
                                                       make_organisation, make_event,
                                                       payload):
    organisation = make_organisation(name=payload[:160], description=payload)
    source = make_project(title=f"Bron {payload}"[:200], status="gearchiveerd")
    project = make_project(
        title=payload[:200], summary=payload[:300], what=payload, who=payload,
        approach=payload, support=payload, result=payload, contact_name=payload[:160],
        contact_role=payload[:160], partners=0, subprojects=0, lessons=0)
    project.reused_from_id = source.id
    project.client_id = organisation.id
    services.add_partner(db.session, project, organisation, payload[:300])
    programme = services.find_or_add_programme(db.session, payload[:160], "mbo-4",
                                               payload[:160])
    project.programmes.append(programme)
    services.set_tags(db.session, project, [payload])
    services.add_subproject(db.session, project, payload[:200], payload, programme.id,
                            payload[:500])
    for kind in ("tip", "top", "valkuil"):
        services.add_lesson(db.session, project, kind, payload)
    db.session.add(Attachment(project=project, filename=f"{payload[:150]}.pdf", size=6,
                              content_type="application/pdf", data=b"%PDF-1",
                              description=payload[:300]))
    event = make_event(hub, title=payload[:200])
    services.link_event(db.session, project, event)
    db.session.commit()
    item = project.subprojects[0]
    for url in (f"/projects/{project.id}", f"/projects/{source.id}", f"/hubs/{hub.slug}",
                f"/organisaties/{organisation.slug}", f"/events/{event.id}"):
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response.get_data(as_text=True))
    client.login(host)
    for url in (f"/projects/{project.id}", f"/projects/{project.id}/bewerken",
                f"/projects/{project.id}/deelprojecten/{item.id}",
                f"/projects/{project.id}/lessen/{project.lessons[0].id}", "/opleidingen",
                f"/projects/{source.id}/hergebruik"):
        response = client.get(url)
        assert response.status_code == 200, url
        _clean(response.get_data(as_text=True))
